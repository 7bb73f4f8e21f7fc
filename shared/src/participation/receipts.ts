/**
 * Paper receipts (xác nhận đã nhận / đã xem tài liệu): each member's devices record, in the meeting's
 * participation document, when a paper version's bytes became local on one of their devices
 * ("received") and when the member first opened it in the viewer ("opened"). The secretary sees them
 * per paper and member; the reminders ("you have not opened N of M papers") read them through
 * {@link unopenedPapers}.
 *
 * Keys: `${memberId}:${paperId}` in `ParticipationDoc.receipts` — each member writes only their own
 * entries (STYLE.md), one entry per paper version. The first instant recorded stays: a later device
 * does not move it (two devices writing at once: Automerge keeps one, both are true).
 */
import { z } from "zod";
import { DomainError, ReasonCode } from "../errors.ts";
import { currentPapers, type PaperView, paperById, paperVersions } from "../meeting/papers.ts";
import type { MeetingDoc, UtcInstant } from "../meeting/types.ts";
import { type Imm, imm, str } from "../schema/immutable.ts";
import { instant } from "../time.ts";
import type { ParticipationDoc } from "./participation.ts";

/** One member's receipt of one paper version, as stored. */
export interface PaperReceipt {
  memberId: Imm;
  paperId: Imm;
  receivedAt: Imm<UtcInstant> | null;
  openedAt: Imm<UtcInstant> | null;
}

/** A receipt as plain data. */
export interface PaperReceiptView {
  readonly memberId: string;
  readonly paperId: string;
  readonly receivedAt: UtcInstant | null;
  readonly openedAt: UtcInstant | null;
}

const instantSchema = z.iso.datetime({ offset: false });

/** Runtime schema of one receipt (plain JSON), used by the participation validator. */
export const paperReceiptSchema = z.object({
  memberId: z.string().min(1),
  paperId: z.string().min(1),
  receivedAt: instantSchema.nullable(),
  openedAt: instantSchema.nullable(),
});

/** Key of a member's receipt of a paper version. */
export function receiptKey(memberId: string, paperId: string): string {
  return `${memberId}:${paperId}`;
}

function receipts(doc: ParticipationDoc): Record<string, PaperReceipt> {
  return doc.receipts as Record<string, PaperReceipt>;
}

function checkIds(memberId: string, paperId: string): void {
  if (!memberId || memberId.includes(":") || !paperId) {
    throw new DomainError(ReasonCode.InvalidInput, "memberId / paperId: empty, or member id with ':'");
  }
}

function entryFor(doc: ParticipationDoc, memberId: string, paperId: string): PaperReceipt {
  checkIds(memberId, paperId);
  const key = receiptKey(memberId, paperId);
  const all = receipts(doc);
  if (!all[key]) {
    all[key] = { memberId: imm(memberId), paperId: imm(paperId), receivedAt: null, openedAt: null };
  }
  return all[key]!;
}

/**
 * Records that a paper version's bytes are on one of the member's devices. Does nothing when already
 * recorded (the first instant stays).
 * @param now ms since the Unix epoch
 * @throws DomainError(invalid_input) for an empty id or a member id containing ':'
 */
export function recordPaperReceived(
  doc: ParticipationDoc,
  memberId: string,
  paperId: string,
  now: number,
): void {
  const r = entryFor(doc, memberId, paperId);
  if (!r.receivedAt) r.receivedAt = imm(instant(now));
}

/**
 * Records that the member opened a paper version in the viewer (which implies it was received).
 * Does nothing when already recorded.
 * @param now ms since the Unix epoch
 * @throws DomainError(invalid_input)
 */
export function recordPaperOpened(
  doc: ParticipationDoc,
  memberId: string,
  paperId: string,
  now: number,
): void {
  const r = entryFor(doc, memberId, paperId);
  const at = imm(instant(now));
  if (!r.receivedAt) r.receivedAt = at;
  if (!r.openedAt) r.openedAt = imm(instant(now));
}

/** True when a receipt would change nothing (lets callers skip an empty change). */
export function receiptRecorded(
  doc: Pick<ParticipationDoc, "receipts"> | undefined,
  memberId: string,
  paperId: string,
  what: "received" | "opened",
): boolean {
  const r = paperReceipt(doc, memberId, paperId);
  return what === "received" ? r?.receivedAt != null : r?.openedAt != null;
}

/** A member's receipt of a paper version, or undefined. */
export function paperReceipt(
  doc: Pick<ParticipationDoc, "receipts"> | undefined,
  memberId: string,
  paperId: string,
): PaperReceiptView | undefined {
  const r = (doc?.receipts as Record<string, PaperReceipt> | undefined)?.[receiptKey(memberId, paperId)];
  if (!r || typeof r !== "object") return undefined;
  return {
    memberId,
    paperId,
    receivedAt: str(r.receivedAt) ?? null,
    openedAt: str(r.openedAt) ?? null,
  };
}

/**
 * The current papers of a meeting the member has not opened (in their current version), in list order.
 * This is the "you have not opened N of M papers" of the reminders (M = `currentPapers(meeting).length`).
 */
export function unopenedPapers(
  meeting: Pick<MeetingDoc, "papers">,
  participation: Pick<ParticipationDoc, "receipts"> | undefined,
  memberId: string,
): PaperView[] {
  return currentPapers(meeting).filter((p) => paperReceipt(participation, memberId, p.id)?.openedAt == null);
}

/**
 * Ids of the current papers each member has opened, by member id — the shape of the reminder
 * schedule's `MeetingSubject.openedPaperIds`.
 */
export function openedPaperIdsByMember(
  meeting: Pick<MeetingDoc, "papers">,
  participation: Pick<ParticipationDoc, "receipts"> | undefined,
  memberIds: readonly string[],
): Record<string, string[]> {
  const current = currentPapers(meeting);
  const out: Record<string, string[]> = {};
  for (const m of memberIds) {
    out[m] = current.filter((p) => paperReceipt(participation, m, p.id)?.openedAt != null).map((p) => p.id);
  }
  return out;
}

/**
 * Does the member need to be told that `paperId`'s paper has a new version? True when they opened an
 * older version of it and have not yet opened the current one. (Someone who never opened any version
 * just has an unopened paper.)
 */
export function hasUnseenNewVersion(
  meeting: Pick<MeetingDoc, "papers">,
  participation: Pick<ParticipationDoc, "receipts"> | undefined,
  memberId: string,
  paperId: string,
): boolean {
  const p = paperById(meeting, paperId);
  if (!p) return false;
  const versions = paperVersions(meeting, p.seriesId).filter((v) => !v.deletedAt);
  const current = versions[versions.length - 1];
  if (!current || paperReceipt(participation, memberId, current.id)?.openedAt) return false;
  return versions.some((v) => v.id !== current.id && paperReceipt(participation, memberId, v.id)?.openedAt);
}

/** The current papers whose new version the member has not opened yet (see {@link hasUnseenNewVersion}). */
export function papersWithNewVersion(
  meeting: Pick<MeetingDoc, "papers">,
  participation: Pick<ParticipationDoc, "receipts"> | undefined,
  memberId: string,
): PaperView[] {
  return currentPapers(meeting).filter((p) => hasUnseenNewVersion(meeting, participation, memberId, p.id));
}

/** One cell of the secretary's receipts table. */
export type ReceiptState = "none" | "received" | "opened";

/** The state of a member's receipt of a paper version. */
export function receiptState(
  participation: Pick<ParticipationDoc, "receipts"> | undefined,
  memberId: string,
  paperId: string,
): ReceiptState {
  const r = paperReceipt(participation, memberId, paperId);
  if (r?.openedAt) return "opened";
  if (r?.receivedAt) return "received";
  return "none";
}
