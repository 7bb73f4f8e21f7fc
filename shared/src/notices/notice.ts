import { z } from "zod";
import { conclusionView } from "../conclusion/conclusion.ts";
import { DomainError, ReasonCode } from "../errors.ts";
import type { MeetingDoc } from "../meeting/types.ts";
import { toValidationResult, type ValidationResult } from "../meeting/validate.ts";
import { type Imm, imm, str, toPlain } from "../schema/immutable.ts";
import { type Migration, migrate } from "../schema/migrations.ts";
import { instant } from "../time.ts";

/*
 * An issued conclusion notice (thông báo kết luận) as its own document, so it can reach the units it is
 * sent to without opening the meeting to them: the relay makes it when the chair issues the conclusion
 * (a snapshot of the issued text), and lists it in the workspace. Who may read it: the meeting's
 * readers and the members of the recipient units (access/policy.ts). Each reader writes only their own
 * read receipt (đã đọc), which the secretary follows.
 */

/** A reader's receipt: when they first opened the notice. */
export interface NoticeReceipt {
  memberId: Imm;
  readAt: Imm;
}

/** One section of the issued conclusion. */
export interface NoticeSection {
  heading: string | null;
  text: string;
}

/** The notice document, schema v1. */
export interface NoticeDoc {
  schemaVersion: number;
  docType: Imm<"notice">;
  meetingId: Imm;
  meetingUrl: Imm;
  meetingTitle: string;
  /** Meeting start, ISO UTC. */
  meetingStartsAt: Imm;
  issuingBody: string;
  number: number;
  issuerCode: Imm;
  place: string;
  signerName: string;
  signerPosition: string;
  recipientUnitIds: Record<string, true>;
  sections: NoticeSection[];
  issuedAt: Imm;
  issuedByMemberId: Imm;
  receipts: Record<string, NoticeReceipt>;
  createdAt: Imm;
}

/** Retired field names of the notice document; never reuse them. */
export const RETIRED_NOTICE_FIELDS: readonly string[] = [];

/** Migrations of the notice document; born at v1 (made whole by the relay). */
export const noticeMigrations: readonly Migration<NoticeDoc>[] = [
  {
    version: 1,
    name: "v1-notice-containers",
    up(doc) {
      const d = doc as Partial<NoticeDoc>;
      if (d.docType === undefined) d.docType = imm("notice");
      if (d.receipts === undefined) d.receipts = {};
      if (d.recipientUnitIds === undefined) d.recipientUnitIds = {};
      if (d.sections === undefined) d.sections = [];
    },
  },
];

const instantSchema = z.iso.datetime({ offset: false });

/** Runtime schema of the notice document v1 (on plain JSON). */
export const noticeDocSchema = z.object({
  schemaVersion: z.number().int().min(1),
  docType: z.literal("notice"),
  meetingId: z.string().min(1),
  meetingUrl: z.string().startsWith("automerge:"),
  meetingTitle: z.string(),
  meetingStartsAt: instantSchema,
  issuingBody: z.string(),
  number: z.number().int().min(1),
  issuerCode: z.string().min(1),
  place: z.string(),
  signerName: z.string(),
  signerPosition: z.string(),
  recipientUnitIds: z.record(z.string(), z.literal(true)),
  sections: z.array(z.object({ heading: z.string().nullable(), text: z.string() })),
  issuedAt: instantSchema,
  issuedByMemberId: z.string().min(1),
  receipts: z.record(z.string(), z.object({ memberId: z.string().min(1), readAt: instantSchema })),
  createdAt: instantSchema,
});

/** Validates a notice document (Automerge doc or plain JSON). */
export function validateNotice(doc: unknown): ValidationResult {
  return toValidationResult(noticeDocSchema.safeParse(toPlain(doc)));
}

/**
 * Fills a fresh document as the notice of a meeting whose conclusion is issued (a snapshot: later
 * edits of the meeting do not change an issued notice).
 * @param meetingUrl automerge URL of the meeting document
 * @throws DomainError(invalid_transition) when the meeting's conclusion is not issued
 */
export function initNotice(doc: NoticeDoc, meeting: MeetingDoc, meetingUrl: string, now: number): void {
  const c = conclusionView(meeting);
  if (c.status !== "issued" || !c.issue) {
    throw new DomainError(ReasonCode.InvalidTransition, "the meeting's conclusion is not issued");
  }
  migrate(doc, noticeMigrations);
  const titles = new Map<string, string>(Object.values(meeting.agenda).map((a) => [str(a.id)!, a.title]));
  doc.meetingId = imm(str(meeting.id)!);
  doc.meetingUrl = imm(meetingUrl);
  doc.meetingTitle = meeting.title;
  doc.meetingStartsAt = imm(str(meeting.startsAt)!);
  doc.issuingBody = meeting.issuingBody;
  doc.number = c.issue.number;
  doc.issuerCode = imm(c.issue.issuerCode);
  doc.place = c.issue.place;
  doc.signerName = c.issue.signerName;
  doc.signerPosition = c.issue.signerPosition;
  for (const u of c.issue.recipientUnitIds) doc.recipientUnitIds[u] = true;
  for (const s of c.sections) {
    if (!s.text.trim()) continue;
    doc.sections.push({
      heading: s.agendaItemId ? (titles.get(s.agendaItemId) ?? null) : null,
      text: s.text,
    });
  }
  doc.issuedAt = imm(c.issue.at);
  doc.issuedByMemberId = imm(c.issue.byMemberId);
  doc.createdAt = imm(instant(now));
}

/** Records that a member has read the notice (the first time only). Idempotent. */
export function markNoticeRead(doc: NoticeDoc, memberId: string, now: number): void {
  if (!memberId) throw new DomainError(ReasonCode.InvalidInput, "memberId: required");
  if (doc.receipts[memberId]) return;
  doc.receipts[memberId] = { memberId: imm(memberId), readAt: imm(instant(now)) };
}

/** The notice as plain data. */
export interface NoticeView {
  readonly meetingId: string;
  readonly meetingUrl: string;
  readonly meetingTitle: string;
  readonly meetingStartsAt: string;
  readonly issuingBody: string;
  /** "125/TB-UBND". */
  readonly numberAndSymbol: string;
  readonly number: number;
  readonly issuerCode: string;
  readonly place: string;
  readonly signerName: string;
  readonly signerPosition: string;
  readonly recipientUnitIds: readonly string[];
  readonly sections: readonly { readonly heading: string | null; readonly text: string }[];
  readonly issuedAt: string;
  readonly issuedByMemberId: string;
  /** Read receipts by member id: ISO UTC instant of first reading. */
  readonly receipts: ReadonlyMap<string, string>;
}

/** Reads a notice document. */
export function noticeView(doc: NoticeDoc): NoticeView {
  return {
    meetingId: str(doc.meetingId)!,
    meetingUrl: str(doc.meetingUrl)!,
    meetingTitle: doc.meetingTitle,
    meetingStartsAt: str(doc.meetingStartsAt)!,
    issuingBody: doc.issuingBody,
    numberAndSymbol: `${doc.number}/TB-${str(doc.issuerCode)}`,
    number: doc.number,
    issuerCode: str(doc.issuerCode)!,
    place: doc.place,
    signerName: doc.signerName,
    signerPosition: doc.signerPosition,
    recipientUnitIds: Object.keys(doc.recipientUnitIds ?? {}).sort(),
    sections: (doc.sections ?? []).map((s) => ({ heading: s.heading ?? null, text: String(s.text) })),
    issuedAt: str(doc.issuedAt)!,
    issuedByMemberId: str(doc.issuedByMemberId)!,
    receipts: new Map(Object.values(doc.receipts ?? {}).map((r) => [str(r.memberId)!, str(r.readAt)!])),
  };
}

/**
 * Whether a reader's change to a notice does only what readers may: add their own receipt. Anything
 * else (the text, the recipients, another member's receipt, a receipt changed later) is refused.
 * @param before,after the notice before and after the change (Automerge docs or plain JSON)
 */
export function noticeWriteAllowed(before: unknown, after: unknown, memberId: string): boolean {
  const b = toPlain(before) as Record<string, unknown>;
  const a = toPlain(after) as Record<string, unknown>;
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (key === "receipts") continue;
    if (JSON.stringify(b[key]) !== JSON.stringify(a[key])) return false;
  }
  const rb = (b.receipts ?? {}) as Record<string, unknown>;
  const ra = (a.receipts ?? {}) as Record<string, { memberId?: string }>;
  for (const key of new Set([...Object.keys(rb), ...Object.keys(ra)])) {
    if (JSON.stringify(rb[key]) === JSON.stringify(ra[key])) continue;
    if (key !== memberId || rb[key] !== undefined || ra[key]?.memberId !== memberId) return false;
  }
  return true;
}
