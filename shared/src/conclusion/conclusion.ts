import { updateText } from "@automerge/automerge";
import { z } from "zod";
import { DomainError, ReasonCode } from "../errors.ts";
import type { MeetingDoc, MeetingRole } from "../meeting/types.ts";
import { imm, str } from "../schema/immutable.ts";
import { parseInput } from "../schema/input.ts";
import { instant } from "../time.ts";

/*
 * The draft conclusion (dự thảo kết luận) of a meeting, in the meeting document's `conclusion`
 * container: one section per agenda item (plus a general one), each collaborative text, so concurrent
 * edits by the chair and secretaries merge character by character. The chair approves it (đã duyệt)
 * and issues it (ban hành) as the conclusion notice; the issue record names the notice's number, place,
 * signer and the units it is sent to.
 *
 * Containers are made by one action ("Lập dự thảo kết luận"), never implicitly while typing, so two
 * peers do not create the same section concurrently (ARCHITECTURE: the creator creates containers).
 */

/** Life cycle of the conclusion: draft → approved (by the chair) → issued (by the chair). */
export const ConclusionStatus = { Draft: "draft", Approved: "approved", Issued: "issued" } as const;
export type ConclusionStatus = (typeof ConclusionStatus)[keyof typeof ConclusionStatus];

/** Id of the section that is not about one agenda item (kết luận chung). */
export const GENERAL_SECTION = "general";

/** One section in the document. `text` is collaborative text. */
export interface ConclusionSectionDoc {
  id: ReturnType<typeof imm>;
  /** The agenda item it concludes, or null for the general section. */
  agendaItemId: ReturnType<typeof imm> | null;
  text: string;
  createdAt: ReturnType<typeof imm>;
}

/** The chair's approval. */
export interface ConclusionApproval {
  byMemberId: ReturnType<typeof imm>;
  at: ReturnType<typeof imm>;
}

/** The issued notice's particulars (written once, as a whole, by the chair). */
export interface ConclusionIssue {
  /** Register number (số) of the notice, a positive integer. */
  number: number;
  /** Abbreviation of the issuing body in the symbol ("UBND" in "125/TB-UBND"). */
  issuerCode: ReturnType<typeof imm>;
  /** Place name (địa danh) of the date line. */
  place: string;
  signerName: string;
  /** E.g. "CHỦ TỊCH" or "PHÓ CHỦ TỊCH"; printed upper-case above the signature. */
  signerPosition: string;
  /** Units the notice is sent to (a map used as a set). */
  recipientUnitIds: Record<string, true>;
  byMemberId: ReturnType<typeof imm>;
  at: ReturnType<typeof imm>;
}

interface ConclusionExtras {
  approval?: ConclusionApproval | null;
  issue?: ConclusionIssue | null;
}

/** The issue input: number and symbol, place, signer, recipients (at least one unit). */
export const conclusionIssueInputSchema = z.strictObject({
  number: z.number().int().min(1).max(999_999),
  issuerCode: z
    .string()
    .trim()
    .min(1)
    .max(20)
    .regex(/^[\p{Lu}\p{N}Đ&.-]+$/u, "upper-case letters, digits and - . & only"),
  place: z.string().trim().min(1).max(100),
  signerName: z.string().trim().min(1).max(200),
  signerPosition: z.string().trim().min(1).max(200),
  recipientUnitIds: z.array(z.string().min(1).max(200)).min(1).max(500),
});
export type ConclusionIssueInput = z.input<typeof conclusionIssueInputSchema>;

function container(doc: MeetingDoc): MeetingDoc["conclusion"] & ConclusionExtras {
  if (!doc.conclusion)
    throw new DomainError(ReasonCode.InvalidDocument, "meeting has no conclusion container");
  return doc.conclusion as MeetingDoc["conclusion"] & ConclusionExtras;
}

function statusOf(doc: MeetingDoc): ConclusionStatus {
  const s = str(doc.conclusion?.status as never) ?? "draft";
  return s === "approved" || s === "issued" ? s : "draft";
}

function refuse(status: ConclusionStatus, action: string): DomainError {
  return new DomainError(ReasonCode.InvalidTransition, `cannot ${action}: the conclusion is ${status}`, {
    from: status,
    action,
  });
}

function requireChair(role: MeetingRole | null, action: string): void {
  if (role !== "chair") throw new DomainError(ReasonCode.ReadOnly, `only the chair may ${action}`);
}

/**
 * Creates the sections of the draft: one per live agenda item that has none yet, and the general one.
 * Idempotent; run again after agenda items were added.
 * @returns how many sections were created
 * @throws DomainError(invalid_transition) once the conclusion is approved or issued
 */
export function startConclusionDraft(doc: MeetingDoc, now: number): number {
  const c = container(doc);
  const status = statusOf(doc);
  if (status !== "draft") throw refuse(status, "add sections");
  const sections = c.sections as Record<string, ConclusionSectionDoc>;
  let created = 0;
  const at = imm(instant(now));
  const ids = [
    GENERAL_SECTION,
    ...Object.values(doc.agenda)
      .filter((a) => !a.deletedAt)
      .map((a) => str(a.id)!),
  ];
  for (const id of ids) {
    if (sections[id]) continue;
    sections[id] = {
      id: imm(id),
      agendaItemId: id === GENERAL_SECTION ? null : imm(id),
      text: "",
      createdAt: at,
    };
    created++;
  }
  return created;
}

/**
 * Replaces a section's text; as collaborative text only the changed characters are written, so
 * concurrent edits elsewhere in the section are kept.
 * @throws DomainError(not_found) for an unknown section; DomainError(invalid_transition) unless draft
 */
export function editConclusionSection(doc: MeetingDoc, sectionId: string, text: string): void {
  const status = statusOf(doc);
  if (status !== "draft") throw refuse(status, "edit the conclusion");
  const sections = container(doc).sections as Record<string, ConclusionSectionDoc>;
  if (!sections[sectionId]) throw new DomainError(ReasonCode.NotFound, `conclusion section ${sectionId}`);
  if (text.length > 100_000) throw new DomainError(ReasonCode.InvalidInput, "text: too long");
  updateText(doc, ["conclusion", "sections", sectionId, "text"], text);
}

/**
 * The chair approves the draft (draft → approved); editing stops until it is returned to draft.
 * @param role the actor's role in this meeting
 * @throws DomainError(read_only) unless the chair; DomainError(invalid_transition) unless draft
 */
export function approveConclusion(doc: MeetingDoc, by: string, role: MeetingRole | null, now: number): void {
  requireChair(role, "approve the conclusion");
  const status = statusOf(doc);
  if (status !== "draft") throw refuse(status, "approve");
  const c = container(doc);
  c.approval = { byMemberId: imm(by), at: imm(instant(now)) };
  c.status = imm("approved");
}

/**
 * The chair sends an approved (not yet issued) conclusion back to draft.
 * @throws DomainError(read_only | invalid_transition)
 */
export function returnConclusionToDraft(doc: MeetingDoc, role: MeetingRole | null): void {
  requireChair(role, "return the conclusion to draft");
  const status = statusOf(doc);
  if (status !== "approved") throw refuse(status, "return to draft");
  const c = container(doc);
  c.approval = null;
  c.status = imm("draft");
}

/**
 * The chair issues the approved conclusion as the conclusion notice (approved → issued), with its
 * number and symbol, place, signer and the units it goes to (the relay then distributes it).
 * @throws DomainError(read_only | invalid_input | invalid_transition)
 */
export function issueConclusion(
  doc: MeetingDoc,
  input: ConclusionIssueInput,
  by: string,
  role: MeetingRole | null,
  now: number,
): void {
  requireChair(role, "issue the conclusion");
  const i = parseInput(conclusionIssueInputSchema, input);
  const status = statusOf(doc);
  if (status !== "approved") throw refuse(status, "issue");
  const c = container(doc);
  c.issue = {
    number: i.number,
    issuerCode: imm(i.issuerCode),
    place: i.place,
    signerName: i.signerName,
    signerPosition: i.signerPosition,
    recipientUnitIds: Object.fromEntries([...new Set(i.recipientUnitIds)].map((u) => [u, true as const])),
    byMemberId: imm(by),
    at: imm(instant(now)),
  };
  c.status = imm("issued");
}

/** A section as plain data, in agenda order (the general section last). */
export interface ConclusionSectionView {
  readonly id: string;
  readonly agendaItemId: string | null;
  readonly text: string;
}

/** The conclusion as plain data. */
export interface ConclusionView {
  readonly status: ConclusionStatus;
  /** Empty until the draft is started. */
  readonly sections: readonly ConclusionSectionView[];
  /** Live agenda items without a section (added after the draft was started). */
  readonly missingAgendaItemIds: readonly string[];
  readonly approval: { readonly byMemberId: string; readonly at: string } | null;
  readonly issue: {
    readonly number: number;
    readonly issuerCode: string;
    readonly place: string;
    readonly signerName: string;
    readonly signerPosition: string;
    readonly recipientUnitIds: readonly string[];
    readonly byMemberId: string;
    readonly at: string;
  } | null;
}

/**
 * Reads the conclusion. Sections follow the agenda's order (fractional keys, then id); a section whose
 * agenda item was deleted stays, after the others, so no text is ever hidden; the general section last.
 */
export function conclusionView(doc: MeetingDoc): ConclusionView {
  const c = (doc.conclusion ?? { sections: {} }) as MeetingDoc["conclusion"] & ConclusionExtras;
  const sections = Object.values((c.sections ?? {}) as Record<string, ConclusionSectionDoc>).map((s) => ({
    id: str(s.id)!,
    agendaItemId: str(s.agendaItemId) ?? null,
    text: typeof s.text === "string" ? s.text : (str(s.text as never) ?? ""),
  }));
  const order = Object.values(doc.agenda ?? {})
    .filter((a) => !a.deletedAt)
    .sort((a, b) => {
      const ka = str(a.orderKey)!;
      const kb = str(b.orderKey)!;
      return ka < kb ? -1 : ka > kb ? 1 : str(a.id)! < str(b.id)! ? -1 : 1;
    })
    .map((a): string => str(a.id)!);
  const rank = (s: ConclusionSectionView) => {
    if (s.agendaItemId === null) return Number.MAX_SAFE_INTEGER;
    const i = order.indexOf(s.agendaItemId);
    return i === -1 ? Number.MAX_SAFE_INTEGER - 1 : i;
  };
  sections.sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : 1));
  const have = new Set<string | null>(sections.map((s) => s.agendaItemId));
  const started = sections.length > 0;
  const approval = c.approval ? { byMemberId: str(c.approval.byMemberId)!, at: str(c.approval.at)! } : null;
  const issue = c.issue
    ? {
        number: c.issue.number,
        issuerCode: str(c.issue.issuerCode)!,
        place: c.issue.place,
        signerName: c.issue.signerName,
        signerPosition: c.issue.signerPosition,
        recipientUnitIds: Object.keys(c.issue.recipientUnitIds ?? {}).sort(),
        byMemberId: str(c.issue.byMemberId)!,
        at: str(c.issue.at)!,
      }
    : null;
  return {
    status: statusOf(doc),
    sections,
    missingAgendaItemIds: started ? order.filter((id) => !have.has(id)) : [],
    approval,
    issue,
  };
}
