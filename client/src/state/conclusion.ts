/**
 * Writes to a meeting's conclusion (the draft per agenda item, the chair's approval and the issue),
 * through shared/src/conclusion with the clock read here, as state/actions.ts does for the rest of the
 * meeting document.
 */
import type { DocHandle } from "@automerge/automerge-repo";
import {
  approveConclusion as approveInDoc,
  type ConclusionIssueInput,
  DomainError,
  editConclusionSection as editSectionInDoc,
  issueConclusion as issueInDoc,
  type MeetingDoc,
  type MeetingRole,
  meetingMigrations,
  ReasonCode,
  returnConclusionToDraft as returnInDoc,
  startConclusionDraft as startInDoc,
  validateMeeting,
} from "../../../shared/src/index.ts";
import { ActionError, readSchema } from "./actions.ts";
import { currentSession } from "./session.ts";

function guardedChange(
  handle: DocHandle<MeetingDoc> | undefined,
  message: string,
  write: (doc: MeetingDoc, now: number) => void,
): void {
  try {
    if (!handle?.isReady()) throw new ActionError(ReasonCode.NotFound, "meeting is not loaded");
    const schema = readSchema(handle, meetingMigrations);
    if (schema.kind === "newer")
      throw new ActionError(ReasonCode.NewerSchema, "meeting is newer than this app");
    if (schema.kind === "older") throw new ActionError("awaiting_migration", "meeting waits for the relay");
    const validity = validateMeeting(handle.doc());
    if (!validity.ok)
      throw new ActionError(ReasonCode.InvalidDocument, "meeting failed validation", validity.issues);
    const now = Date.now();
    handle.change((doc) => write(doc, now), { message });
  } catch (error) {
    if (error instanceof ActionError) throw error;
    if (error instanceof DomainError) {
      throw new ActionError(
        error.code,
        error.message,
        (error.details?.issues as ActionError["issues"]) ?? [],
        {
          cause: error,
        },
      );
    }
    throw new ActionError("unknown", error instanceof Error ? error.message : String(error), [], {
      cause: error,
    });
  }
}

function me(): string {
  const s = currentSession();
  if (!s) throw new ActionError(ReasonCode.ReadOnly, "not signed in");
  return s.memberId;
}

/** Creates the draft's sections (one per agenda item, and the general one). @throws ActionError */
export function startConclusionDraft(handle: DocHandle<MeetingDoc> | undefined): void {
  guardedChange(handle, "Lập dự thảo kết luận", (doc, now) => void startInDoc(doc, now));
}

/** Writes a section's text (only the changed characters; concurrent edits merge). @throws ActionError */
export function editConclusionSection(
  handle: DocHandle<MeetingDoc> | undefined,
  sectionId: string,
  text: string,
): void {
  guardedChange(handle, "Sửa dự thảo kết luận", (doc) => editSectionInDoc(doc, sectionId, text));
}

/** The chair approves the draft. @throws ActionError(read_only unless chair | invalid_transition | …) */
export function approveConclusion(handle: DocHandle<MeetingDoc> | undefined, role: MeetingRole | null): void {
  const by = me();
  guardedChange(handle, "Chủ trì duyệt kết luận", (doc, now) => approveInDoc(doc, by, role, now));
}

/** The chair returns an approved conclusion to draft. @throws ActionError */
export function returnConclusionToDraft(
  handle: DocHandle<MeetingDoc> | undefined,
  role: MeetingRole | null,
): void {
  guardedChange(handle, "Trả lại dự thảo kết luận", (doc) => returnInDoc(doc, role));
}

/** The chair issues the conclusion notice. @throws ActionError(invalid_input | read_only | invalid_transition | …) */
export function issueConclusion(
  handle: DocHandle<MeetingDoc> | undefined,
  input: ConclusionIssueInput,
  role: MeetingRole | null,
): void {
  const by = me();
  guardedChange(handle, `Ban hành thông báo kết luận số ${input.number}`, (doc, now) =>
    issueInDoc(doc, input, by, role, now),
  );
}
