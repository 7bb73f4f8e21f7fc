/**
 * The only module of the client that writes to documents (`handle.change`). Every action:
 * - takes the document handle and already validated input,
 * - reads the clock here, at the edge (`Date.now()`), and passes it to the domain as `now`,
 * - refuses to write to a document that is invalid, written by a newer app, or older than this app
 *   (existing shared documents are migrated by the relay alone — shared/src/schema/migrations.ts "Who
 *   migrates" — so an older one waits, read-only, for the relay's migration),
 * - gives every change a message (Vietnamese, the language of the records) that the meeting's history
 *   shows: "Thêm nội dung: <title>",
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
  initParticipation,
  linkParticipation,
  type MeetingDetailsInput,
  type MeetingDoc,
  type MeetingId,
  type MeetingStatus,
  type Migration,
  meetingDetailsSchema,
  meetingMigrations,
  moveAgendaItem as moveAgendaItemInDoc,
  type NewMeetingInput,
  type ParticipantId,
  type ParticipantInput,
  type ParticipationDoc,
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
  type Versioned,
  validateMeeting,
  validateWorkspace,
  type WorkspaceDoc,
  workspaceMigrations,
} from "../../../shared/src/index.ts";

/**
 * What the UI shows for a refused action: `code` maps to the i18n key `error.<code>`.
 * `awaiting_migration`: the document is older than this app and waits for the relay's migration.
 */
export type ActionErrorCode = ReasonCode | "awaiting_migration" | "unknown";

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

/** Any thrown value as an {@link ActionError} (a DomainError keeps its code and issues). */
export function toActionError(error: unknown): ActionError {
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

/** Throws unless a document's schema is the one this app writes (older: the relay migrates it first). */
function assertCurrentSchema(state: SchemaState, what: string): void {
  if (state.kind === "newer") {
    throw new ActionError(ReasonCode.NewerSchema, `${what} schema v${state.version} > v${state.known}`);
  }
  if (state.kind === "older") {
    throw new ActionError("awaiting_migration", `${what} schema v${state.version}: waiting for the relay`);
  }
}

/**
 * Throws unless the meeting may be written: it must be loaded, valid, and of exactly the schema this
 * app knows. This is the one gate every meeting write passes.
 */
function assertWritableMeeting(handle: DocHandle<MeetingDoc>): void {
  if (!handle.isReady())
    throw new ActionError(ReasonCode.NotFound, `meeting ${handle.documentId} is not loaded`);
  assertCurrentSchema(readSchema(handle, meetingMigrations), "meeting");
  const validation = validateMeeting(handle.doc());
  if (!validation.ok) {
    throw new ActionError(
      ReasonCode.InvalidDocument,
      "meeting document failed validation",
      validation.issues,
    );
  }
}

/** Throws unless the workspace may be written (loaded, valid, of this app's schema). */
function assertWritableWorkspace(handle: DocHandle<WorkspaceDoc>): void {
  if (!handle.isReady()) throw new ActionError(ReasonCode.NotFound, "workspace is not loaded");
  assertCurrentSchema(readSchema(handle, workspaceMigrations), "workspace");
  const validation = validateWorkspace(handle.doc());
  if (!validation.ok) {
    throw new ActionError(
      ReasonCode.InvalidDocument,
      "workspace document failed validation",
      validation.issues,
    );
  }
}

/** One guarded change to a meeting with the clock read here and a history message. */
export function changeMeeting<T>(
  handle: DocHandle<MeetingDoc>,
  message: string | ((doc: MeetingDoc) => string),
  write: (doc: MeetingDoc, now: number) => T,
): T {
  return guarded(() => {
    assertWritableMeeting(handle);
    const now = Date.now();
    const text = typeof message === "string" ? message : message(handle.doc());
    let result: T | undefined;
    handle.change(
      (doc) => {
        result = write(doc, now);
      },
      { message: text },
    );
    return result as T;
  });
}

/**
 * The schema state of a document relative to this app. Never writes: an older existing document is
 * migrated by the relay alone (shared/src/schema/migrations.ts "Who migrates"); the app shows it
 * read-only until the relay's migration arrives. New documents are created at the latest version by
 * their creator (`initMeeting`, `initParticipation` run every step).
 */
export function readSchema<D extends Versioned>(
  handle: DocHandle<D>,
  migrations: readonly Migration<D>[],
): SchemaState {
  return schemaState(handle.doc(), migrations);
}

/** Quotes a title for a change message, shortened so the history stays readable. */
function quoted(text: string | undefined): string {
  const t = (text ?? "").trim().replace(/\s+/g, " ");
  return t.length > 80 ? `${t.slice(0, 79)}…` : t;
}

/** Vietnamese names of meeting detail fields, for change messages. */
const DETAIL_NAMES: Record<keyof MeetingDetailsInput, string> = {
  title: "tên",
  issuingBody: "cơ quan tổ chức",
  kind: "loại cuộc họp",
  startsAt: "thời gian",
  endsAt: "thời gian",
  timeZone: "múi giờ",
  location: "địa điểm",
  onlineLink: "đường dẫn họp trực tuyến",
};

/** Vietnamese status names, for change messages. */
const STATUS_NAMES: Record<MeetingStatus, string> = {
  draft: "Dự thảo",
  published: "Đã gửi tài liệu",
  in_session: "Đang họp",
  concluded: "Đã kết luận",
  archived: "Lưu trữ",
};

/**
 * Participants to invite when a meeting is created: a directory member (`memberId`) with a meeting role,
 * or a name-only guest (`memberId` null), who gets no access to the meeting on HọpSố.
 */
export type NewParticipant = Pick<ParticipantInput, "fullName" | "position" | "role"> & {
  memberId?: string | null;
};

/**
 * Creates a meeting (draft) with its participants, and its participation document (attendance,
 * opinions, votes: written by every participant, so a document of its own), links the two, and lists
 * the meeting in the workspace index. The input is checked before any document is created, so a
 * refused meeting leaves nothing behind.
 *
 * @returns the new meeting's automerge handle and domain id
 * @throws ActionError(invalid_input | invalid_document | newer_schema | awaiting_migration | unknown)
 */
export function createMeeting(
  repo: Repo,
  workspace: DocHandle<WorkspaceDoc>,
  input: NewMeetingInput,
  participants: readonly NewParticipant[] = [],
): { handle: DocHandle<MeetingDoc>; participation: DocHandle<ParticipationDoc>; meetingId: MeetingId } {
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
    const title = quoted(input.title);
    const handle = repo.create<MeetingDoc>();
    const participation = repo.create<ParticipationDoc>();
    let meetingId: MeetingId | undefined;
    try {
      handle.change(
        (doc) => {
          meetingId = initMeeting(doc, input, now);
          for (const participant of participants) addParticipantToDoc(doc, participant, now);
          linkParticipation(doc, participation.url);
        },
        { message: `Tạo cuộc họp: ${title}` },
      );
      const id = meetingId!;
      participation.change((doc) => initParticipation(doc, { meetingId: id, meetingUrl: handle.url }, now), {
        message: `Tạo dữ liệu dự họp: ${title}`,
      });
    } catch (error) {
      repo.delete(handle.url);
      repo.delete(participation.url);
      throw error;
    }
    const id = meetingId!;
    workspace.change((doc) => addMeetingToWorkspace(doc, { meetingId: id, url: handle.url }, now), {
      message: `Thêm cuộc họp vào danh sách: ${title}`,
    });
    return { handle, participation, meetingId: id };
  });
}

/**
 * Edits a meeting's details. Pass only the fields the user changed, so concurrent edits of other
 * fields by other members are kept.
 * @throws ActionError(invalid_input | read_only | newer_schema | awaiting_migration | invalid_document)
 */
export function updateMeetingDetails(
  handle: DocHandle<MeetingDoc>,
  patch: Partial<MeetingDetailsInput>,
): void {
  const fields = [
    ...new Set(Object.keys(patch).map((k) => DETAIL_NAMES[k as keyof MeetingDetailsInput] ?? k)),
  ];
  changeMeeting(
    handle,
    (doc) => `Sửa thông tin cuộc họp (${fields.join(", ")}): ${quoted(patch.title ?? doc.title)}`,
    (doc, now) => updateMeetingDetailsInDoc(doc, patch, now),
  );
}

/** Moves the meeting along its life cycle. @throws ActionError(invalid_transition | …) */
export function setMeetingStatus(handle: DocHandle<MeetingDoc>, status: MeetingStatus): void {
  changeMeeting(handle, `Chuyển trạng thái: ${STATUS_NAMES[status] ?? status}`, (doc, now) =>
    setMeetingStatusInDoc(doc, status, now),
  );
}

/** Invites a participant. @returns the participant's id. @throws ActionError(invalid_input | …) */
export function addParticipant(handle: DocHandle<MeetingDoc>, input: ParticipantInput): ParticipantId {
  return changeMeeting(handle, `Thêm người dự họp: ${quoted(input.fullName)}`, (doc, now) =>
    addParticipantToDoc(doc, input, now),
  );
}

/** Removes a participant (soft). @throws ActionError(not_found | …) */
export function removeParticipant(handle: DocHandle<MeetingDoc>, id: ParticipantId): void {
  changeMeeting(
    handle,
    (doc) => `Bỏ người dự họp: ${quoted(doc.participants[id]?.fullName)}`,
    (doc, now) => removeParticipantFromDoc(doc, id, now),
  );
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
  return changeMeeting(handle, `Thêm nội dung: ${quoted(input.title)}`, (doc, now) =>
    addAgendaItemToDoc(doc, input, now, atIndex),
  );
}

/** Edits an agenda item's fields. @throws ActionError(not_found | deleted | invalid_input | …) */
export function editAgendaItem(
  handle: DocHandle<MeetingDoc>,
  id: AgendaItemId,
  patch: Partial<AgendaItemInput>,
): void {
  changeMeeting(
    handle,
    (doc) => `Sửa nội dung: ${quoted(patch.title ?? doc.agenda[id]?.title)}`,
    (doc, now) => editAgendaItemInDoc(doc, id, patch, now),
  );
}

/**
 * Moves an agenda item to `toIndex` among the visible items (0 = first).
 * @throws ActionError(not_found | deleted | invalid_input (index out of range) | …)
 */
export function moveAgendaItem(handle: DocHandle<MeetingDoc>, id: AgendaItemId, toIndex: number): void {
  changeMeeting(
    handle,
    (doc) => `Sắp xếp nội dung: ${quoted(doc.agenda[id]?.title)} → vị trí ${toIndex + 1}`,
    (doc, now) => moveAgendaItemInDoc(doc, id, toIndex, now),
  );
}

/** Deletes an agenda item (soft; see {@link restoreAgendaItem}). @throws ActionError(not_found | …) */
export function removeAgendaItem(handle: DocHandle<MeetingDoc>, id: AgendaItemId): void {
  changeMeeting(
    handle,
    (doc) => `Xóa nội dung: ${quoted(doc.agenda[id]?.title)}`,
    (doc, now) => removeAgendaItemFromDoc(doc, id, now),
  );
}

/** Restores a deleted agenda item at its old place. @throws ActionError(not_found | …) */
export function restoreAgendaItem(handle: DocHandle<MeetingDoc>, id: AgendaItemId): void {
  changeMeeting(
    handle,
    (doc) => `Khôi phục nội dung: ${quoted(doc.agenda[id]?.title)}`,
    (doc, now) => restoreAgendaItemInDoc(doc, id, now),
  );
}
