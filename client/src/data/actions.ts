/**
 * The only module of the client that writes to documents (`handle.change`). Every action:
 * - takes the document handle and already validated input,
 * - reads the clock here, at the edge (`Date.now()`), and passes it to the domain as `now`,
 * - refuses to write to a document that is invalid or written by a newer app,
 * - turns a `DomainError` into an {@link ActionError} whose `code` the UI shows as i18n `error.<code>`.
 *
 * A domain function that throws inside `handle.change` rolls the whole change back, so a refused action
 * never leaves half its writes behind.
 */
import type { DocHandle, Repo } from "@automerge/automerge-repo";
import {
  type AgendaItemId,
  type AgendaItemInput,
  addAgendaItem as addAgendaItemToDoc,
  addMeetingToWorkspace,
  addParticipant as addParticipantToDoc,
  DomainError,
  editAgendaItem as editAgendaItemInDoc,
  initMeeting,
  type MeetingDetailsInput,
  type MeetingDoc,
  type MeetingId,
  type MeetingStatus,
  type Migration,
  meetingDetailsSchema,
  meetingMigrations,
  migrate,
  moveAgendaItem as moveAgendaItemInDoc,
  type NewMeetingInput,
  type ParticipantId,
  type ParticipantInput,
  participantInputSchema,
  ReasonCode,
  removeAgendaItem as removeAgendaItemFromDoc,
  removeParticipant as removeParticipantFromDoc,
  restoreAgendaItem as restoreAgendaItemInDoc,
  type SchemaState,
  schemaState,
  setMeetingStatus as setMeetingStatusInDoc,
  updateMeetingDetails as updateMeetingDetailsInDoc,
  type ValidationIssue,
  type ValidationResult,
  type Versioned,
  validateMeeting,
  validateWorkspace,
  type WorkspaceDoc,
  workspaceMigrations,
} from "../../../shared/src/index.ts";

/** What the UI shows for a refused action: `code` maps to the i18n key `error.<code>`. */
export type ActionErrorCode = ReasonCode | "unknown";

/**
 * A refused or failed write, ready for display. `issues` carries the domain's field-level problems
 * (paths such as "title" or "endsAt") when the code is `invalid_input`.
 */
export class ActionError extends Error {
  constructor(
    readonly code: ActionErrorCode,
    message: string,
    readonly issues: readonly ValidationIssue[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ActionError";
  }

  /** The i18n key of the user-facing message. */
  get messageKey(): `error.${ActionErrorCode}` {
    return `error.${this.code}`;
  }
}

function toActionError(error: unknown): ActionError {
  if (error instanceof ActionError) return error;
  if (error instanceof DomainError) {
    const issues = (error.details?.issues as ValidationIssue[] | undefined) ?? [];
    return new ActionError(error.code, error.message, issues, { cause: error });
  }
  if (error instanceof RangeError) {
    return new ActionError(ReasonCode.InvalidInput, error.message, [], { cause: error });
  }
  return new ActionError("unknown", error instanceof Error ? error.message : String(error), [], {
    cause: error,
  });
}

/** Runs `fn`, rethrowing anything it throws as an {@link ActionError}. */
function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw toActionError(error);
  }
}

/**
 * Throws unless the meeting may be written: it must be loaded, valid, and not newer than this app
 * (an older one is migrated first). This is the one gate every meeting write passes.
 */
function assertWritableMeeting(handle: DocHandle<MeetingDoc>): void {
  if (!handle.isReady())
    throw new ActionError(ReasonCode.NotFound, `meeting ${handle.documentId} is not loaded`);
  const state = ensureMigrated(handle, meetingMigrations, validateMeeting);
  if (state.kind === "newer") {
    throw new ActionError(ReasonCode.NewerSchema, `meeting schema v${state.version} > v${state.known}`);
  }
  const validation = validateMeeting(handle.doc());
  if (!validation.ok) {
    throw new ActionError(
      ReasonCode.InvalidDocument,
      "meeting document failed validation",
      validation.issues,
    );
  }
}

/** Throws unless the workspace may be written (loaded, valid, not newer than this app). */
function assertWritableWorkspace(handle: DocHandle<WorkspaceDoc>): void {
  if (!handle.isReady()) throw new ActionError(ReasonCode.NotFound, "workspace is not loaded");
  const state = ensureMigrated(handle, workspaceMigrations, validateWorkspace);
  if (state.kind === "newer") {
    throw new ActionError(ReasonCode.NewerSchema, `workspace schema v${state.version} > v${state.known}`);
  }
  const validation = validateWorkspace(handle.doc());
  if (!validation.ok) {
    throw new ActionError(
      ReasonCode.InvalidDocument,
      "workspace document failed validation",
      validation.issues,
    );
  }
}

/** One guarded change to a meeting with the clock read here. */
function changeMeeting<T>(handle: DocHandle<MeetingDoc>, write: (doc: MeetingDoc, now: number) => T): T {
  return guarded(() => {
    assertWritableMeeting(handle);
    const now = Date.now();
    let result: T | undefined;
    handle.change((doc) => {
      result = write(doc, now);
    });
    return result as T;
  });
}

/**
 * Brings a document up to the schema this app knows, if (and only if) it is older.
 *
 * - current or newer: nothing is written; the state is returned (a newer document is opened read-only).
 * - older: the pending migration steps run in one change. When `validate` is given and the migrated
 *   document is still invalid, the change is rolled back (a `DomainError` thrown inside the change), so
 *   an invalid document is never written to — this also protects a half-synced document, whose
 *   containers its creator is still about to write, from getting a concurrent copy of them.
 *
 * @returns the schema state after the call ("older" again means the migration was refused)
 */
export function ensureMigrated<D extends Versioned>(
  handle: DocHandle<D>,
  migrations: readonly Migration<D>[],
  validate?: (doc: unknown) => ValidationResult,
): SchemaState {
  const before = schemaState(handle.doc(), migrations);
  if (before.kind !== "older") return before;
  try {
    handle.change((doc) => {
      migrate(doc, migrations);
      const result = validate?.(doc);
      if (result && !result.ok) {
        throw new DomainError(ReasonCode.InvalidDocument, "document is invalid after migration", {
          issues: result.issues,
        });
      }
    });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
  }
  return schemaState(handle.doc(), migrations);
}

/** Participants to invite when a meeting is created. */
export type NewParticipant = Pick<ParticipantInput, "fullName" | "position" | "role">;

/**
 * Creates a meeting document (draft) with its participants and lists it in the workspace index.
 * The input is checked before any document is created, so a refused meeting leaves nothing behind.
 *
 * @returns the new meeting's automerge handle and domain id
 * @throws ActionError(invalid_input | invalid_document | newer_schema | unknown)
 */
export function createMeeting(
  repo: Repo,
  workspace: DocHandle<WorkspaceDoc>,
  input: NewMeetingInput,
  participants: readonly NewParticipant[] = [],
): { handle: DocHandle<MeetingDoc>; meetingId: MeetingId } {
  return guarded(() => {
    const details = meetingDetailsSchema.safeParse(input);
    const people = participants.map((p) => participantInputSchema.safeParse(p));
    const issues = [
      ...(details.success ? [] : details.error.issues),
      ...people.flatMap((p, i) =>
        p.success
          ? []
          : p.error.issues.map((issue) => ({ ...issue, path: ["participants", i, ...issue.path] })),
      ),
    ].map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
    if (issues.length > 0) throw new ActionError(ReasonCode.InvalidInput, "invalid meeting input", issues);
    assertWritableWorkspace(workspace);

    const now = Date.now();
    const handle = repo.create<MeetingDoc>();
    let meetingId: MeetingId | undefined;
    try {
      handle.change((doc) => {
        meetingId = initMeeting(doc, input, now);
        for (const participant of participants) addParticipantToDoc(doc, participant, now);
      });
    } catch (error) {
      repo.delete(handle.url);
      throw error;
    }
    const id = meetingId!;
    workspace.change((doc) => addMeetingToWorkspace(doc, { meetingId: id, url: handle.url }, now));
    return { handle, meetingId: id };
  });
}

/**
 * Edits a meeting's details. Pass only the fields the user changed, so concurrent edits of other
 * fields by other members are kept.
 * @throws ActionError(invalid_input | read_only | newer_schema | invalid_document)
 */
export function updateMeetingDetails(
  handle: DocHandle<MeetingDoc>,
  patch: Partial<MeetingDetailsInput>,
): void {
  changeMeeting(handle, (doc, now) => updateMeetingDetailsInDoc(doc, patch, now));
}

/** Moves the meeting along its life cycle. @throws ActionError(invalid_transition | …) */
export function setMeetingStatus(handle: DocHandle<MeetingDoc>, status: MeetingStatus): void {
  changeMeeting(handle, (doc, now) => setMeetingStatusInDoc(doc, status, now));
}

/** Invites a participant. @returns the participant's id. @throws ActionError(invalid_input | …) */
export function addParticipant(handle: DocHandle<MeetingDoc>, input: ParticipantInput): ParticipantId {
  return changeMeeting(handle, (doc, now) => addParticipantToDoc(doc, input, now));
}

/** Removes a participant (soft). @throws ActionError(not_found | …) */
export function removeParticipant(handle: DocHandle<MeetingDoc>, id: ParticipantId): void {
  changeMeeting(handle, (doc, now) => removeParticipantFromDoc(doc, id, now));
}

/**
 * Adds an agenda item at `atIndex` among the visible items (default: last).
 * @returns the item's id. @throws ActionError(invalid_input | …)
 */
export function addAgendaItem(
  handle: DocHandle<MeetingDoc>,
  input: AgendaItemInput,
  atIndex?: number,
): AgendaItemId {
  return changeMeeting(handle, (doc, now) => addAgendaItemToDoc(doc, input, now, atIndex));
}

/** Edits an agenda item's fields. @throws ActionError(not_found | deleted | invalid_input | …) */
export function editAgendaItem(
  handle: DocHandle<MeetingDoc>,
  id: AgendaItemId,
  patch: Partial<AgendaItemInput>,
): void {
  changeMeeting(handle, (doc, now) => editAgendaItemInDoc(doc, id, patch, now));
}

/**
 * Moves an agenda item to `toIndex` among the visible items (0 = first).
 * @throws ActionError(not_found | deleted | invalid_input (index out of range) | …)
 */
export function moveAgendaItem(handle: DocHandle<MeetingDoc>, id: AgendaItemId, toIndex: number): void {
  changeMeeting(handle, (doc, now) => moveAgendaItemInDoc(doc, id, toIndex, now));
}

/** Deletes an agenda item (soft; see {@link restoreAgendaItem}). @throws ActionError(not_found | …) */
export function removeAgendaItem(handle: DocHandle<MeetingDoc>, id: AgendaItemId): void {
  changeMeeting(handle, (doc, now) => removeAgendaItemFromDoc(doc, id, now));
}

/** Restores a deleted agenda item at its old place. @throws ActionError(not_found | …) */
export function restoreAgendaItem(handle: DocHandle<MeetingDoc>, id: AgendaItemId): void {
  changeMeeting(handle, (doc, now) => restoreAgendaItemInDoc(doc, id, now));
}
