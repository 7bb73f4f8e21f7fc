/**
 * Writes about meeting papers: the paper references in the meeting document (attach, replace, move,
 * remove — through `changeMeeting` in actions.ts, the one gate of meeting writes) and each member's
 * receipts in the participation document ("received" when the bytes are on this device, "opened" when
 * the viewer opens a paper).
 */
import type { AutomergeUrl, DocHandle } from "@automerge/automerge-repo";
import {
  addPaper,
  currentVersionOf,
  type MeetingDoc,
  type PaperId,
  type PaperInput,
  type PaperKind,
  type ParticipationDoc,
  paperById,
  participationMigrations,
  receiptRecorded,
  recordPaperOpened as recordOpenedInDoc,
  recordPaperReceived as recordReceivedInDoc,
  removePaper,
  replacePaper,
  schemaState,
  setPaperPlacement,
  str,
  validateParticipation,
} from "../../../shared/src/index.ts";
import { changeMeeting } from "./actions.ts";
import { repo as defaultRepo } from "./repo.ts";
import { currentSession } from "./session.ts";

function quoted(text: string): string {
  const t = text.trim().replace(/\s+/g, " ");
  return t.length > 80 ? `${t.slice(0, 79)}…` : t;
}

/**
 * References an uploaded file from the meeting (or one of its agenda items) as a new paper.
 * @param addedBy the signed-in member's id
 * @throws ActionError (invalid_input, not_found, deleted, read_only…)
 */
export function attachPaper(
  handle: DocHandle<MeetingDoc>,
  input: PaperInput,
  addedBy: string | null,
): PaperId {
  return changeMeeting(handle, `Thêm tài liệu: ${quoted(input.name)}`, (doc, now) =>
    addPaper(doc, input, addedBy, now),
  );
}

/**
 * Adds a new version of a paper (the old versions stay readable).
 * @throws ActionError
 */
export function replacePaperVersion(
  handle: DocHandle<MeetingDoc>,
  paperId: PaperId,
  input: PaperInput,
  addedBy: string | null,
): PaperId {
  return changeMeeting(
    handle,
    (doc) => {
      const next = (currentVersionOf(doc, paperId)?.version ?? 0) + 1;
      return `Thay tài liệu bằng phiên bản ${next}: ${quoted(input.name)}`;
    },
    (doc, now) => replacePaper(doc, paperId, input, addedBy, now),
  );
}

/** Changes a paper's kind and agenda item. @throws ActionError */
export function placePaper(
  handle: DocHandle<MeetingDoc>,
  paperId: PaperId,
  placement: { kind: PaperKind; agendaItemId: string | null },
): void {
  changeMeeting(
    handle,
    (doc) => `Sửa tài liệu: ${quoted(paperById(doc, paperId)?.name ?? "")}`,
    (doc, now) => setPaperPlacement(doc, paperId, placement, now),
  );
}

/** Removes a paper with all its versions. @throws ActionError */
export function removePaperSeries(handle: DocHandle<MeetingDoc>, paperId: PaperId): void {
  changeMeeting(
    handle,
    (doc) => `Xóa tài liệu: ${quoted(paperById(doc, paperId)?.name ?? "")}`,
    (doc, now) => removePaper(doc, paperId, now),
  );
}

/** True when this app may write the participation document (loaded, valid, of the schema it knows). */
function writableParticipation(handle: DocHandle<ParticipationDoc>): boolean {
  if (!handle.isReady()) return false;
  const doc = handle.doc();
  return schemaState(doc, participationMigrations).kind === "current" && validateParticipation(doc).ok;
}

async function participationOf(
  meeting: DocHandle<MeetingDoc>,
  repo = defaultRepo,
): Promise<DocHandle<ParticipationDoc> | undefined> {
  if (!meeting.isReady()) return undefined;
  const url = str(meeting.doc().participationUrl);
  if (!url) return undefined;
  try {
    const handle = await repo.find<ParticipationDoc>(url as AutomergeUrl, {
      allowableStates: ["ready", "unavailable"],
    });
    return handle.isReady() ? handle : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Records in the meeting's participation document that the signed-in member now has these paper
 * versions on a device ("received"). Skips versions already recorded, and does nothing (no error)
 * when there is no session or the participation document is not available yet — the next pass
 * records them.
 */
export async function recordPapersReceived(
  meeting: DocHandle<MeetingDoc>,
  paperIds: readonly string[],
): Promise<void> {
  const memberId = currentSession()?.memberId;
  if (!memberId || paperIds.length === 0) return;
  const participation = await participationOf(meeting);
  if (!participation || !writableParticipation(participation)) return;
  const missing = paperIds.filter((id) => !receiptRecorded(participation.doc(), memberId, id, "received"));
  if (missing.length === 0) return;
  const now = Date.now();
  participation.change(
    (doc) => {
      for (const id of missing) recordReceivedInDoc(doc, memberId, id, now);
    },
    { message: "Đã nhận tài liệu" },
  );
}

/**
 * For the viewer: records that the signed-in member opened paper version `paperId` of `meeting` (its
 * "opened" receipt, which the secretary sees and which clears the "new version" notice). Recorded
 * once; never throws — a receipt that cannot be written now (no participation document on this device
 * yet, an observer of an older schema…) is simply not written, and opening the paper is unaffected.
 */
export async function recordPaperOpened(meeting: DocHandle<MeetingDoc>, paperId: string): Promise<void> {
  try {
    const memberId = currentSession()?.memberId;
    if (!memberId || !meeting.isReady() || !paperById(meeting.doc(), paperId)) return;
    const participation = await participationOf(meeting);
    if (!participation || !writableParticipation(participation)) return;
    if (receiptRecorded(participation.doc(), memberId, paperId, "opened")) return;
    const now = Date.now();
    participation.change((doc) => recordOpenedInDoc(doc, memberId, paperId, now), {
      message: "Đã xem tài liệu",
    });
  } catch (error) {
    console.error("could not record that a paper was opened", error);
  }
}
