import { updateText } from "@automerge/automerge";
import { z } from "zod";
import { DomainError, ReasonCode } from "../errors.ts";
import { newId } from "../ids.ts";
import { byPosition, type Positioned, positionAt, untieAt } from "../meeting/ordering.ts";
import { agendaItems } from "../meeting/selectors.ts";
import type { MeetingDoc } from "../meeting/types.ts";
import { imm, str } from "../schema/immutable.ts";
import { instant } from "../time.ts";
import { meetingContainers, parseInput, readEntries } from "./entries.ts";
import { discussionQuestionEntrySchema } from "./schemas.ts";
import type { DiscussionQuestionEntry, DiscussionQuestionId } from "./types.ts";

/** A discussion question as the secretary enters it. */
export const discussionQuestionInputSchema = z.object({
  agendaItemId: z.string().min(1),
  text: z.string().trim().min(1).max(5000),
});
export type DiscussionQuestionInput = z.infer<typeof discussionQuestionInputSchema>;

/** A discussion question as plain data. */
export interface DiscussionQuestionView {
  readonly id: string;
  readonly agendaItemId: string;
  readonly text: string;
  readonly orderKey: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly deletedAt: string | null;
}

function questions(doc: MeetingDoc): Record<string, DiscussionQuestionEntry> {
  return meetingContainers(doc).discussionQuestions;
}

function touch(doc: MeetingDoc, now: number): void {
  doc.updatedAt = imm(instant(now));
}

function liveAgendaItem(doc: MeetingDoc, agendaItemId: string): void {
  const item = doc.agenda[agendaItemId];
  if (!item) throw new DomainError(ReasonCode.NotFound, `agenda item ${agendaItemId}`);
  if (item.deletedAt) throw new DomainError(ReasonCode.Deleted, `agenda item ${agendaItemId} was deleted`);
}

function liveQuestion(doc: MeetingDoc, id: string): DiscussionQuestionEntry {
  const q = questions(doc)[id];
  if (!q) throw new DomainError(ReasonCode.NotFound, `discussion question ${id}`);
  if (q.deletedAt) throw new DomainError(ReasonCode.Deleted, `discussion question ${id} was deleted`);
  return q;
}

function siblings(doc: MeetingDoc, agendaItemId: string, exclude?: string): Positioned[] {
  return Object.values(questions(doc))
    .filter((q) => !q.deletedAt && str(q.agendaItemId) === agendaItemId && str(q.id) !== exclude)
    .map((q) => ({ id: str(q.id)!, orderKey: str(q.orderKey)! }))
    .sort(byPosition);
}

/** The item's questions without `exclude`, after untying keys at `index` (see meeting/ordering `untieAt`). */
function siblingsForInsertAt(doc: MeetingDoc, agendaItemId: string, index: number, exclude?: string) {
  const sorted = siblings(doc, agendaItemId, exclude);
  if (!Number.isInteger(index) || index < 0 || index > sorted.length) {
    throw new RangeError(`index ${index} outside 0…${sorted.length}`);
  }
  const untied = untieAt(sorted, index);
  if (untied.length === 0) return sorted;
  for (const { id, orderKey } of untied) questions(doc)[id]!.orderKey = imm(orderKey);
  return siblings(doc, agendaItemId, exclude);
}

/**
 * Adds a discussion question (vấn đề xin ý kiến) to an agenda item, at `atIndex` among the item's
 * questions (default: last). Returns its id.
 * @throws DomainError(invalid_input | not_found | deleted); RangeError for an index outside 0…count
 */
export function addDiscussionQuestion(
  doc: MeetingDoc,
  input: DiscussionQuestionInput,
  now: number,
  atIndex?: number,
): DiscussionQuestionId {
  const q = parseInput(discussionQuestionInputSchema, input);
  liveAgendaItem(doc, q.agendaItemId);
  const index = atIndex ?? siblings(doc, q.agendaItemId).length;
  const sorted = siblingsForInsertAt(doc, q.agendaItemId, index);
  const id = newId<DiscussionQuestionId>();
  questions(doc)[id] = {
    id: imm(id),
    agendaItemId: imm(q.agendaItemId),
    text: q.text,
    orderKey: imm(positionAt(sorted, index)),
    createdAt: imm(instant(now)),
    updatedAt: imm(instant(now)),
    deletedAt: null,
  };
  touch(doc, now);
  return id;
}

/**
 * Edits a question's text; concurrent edits merge character-wise.
 * @throws DomainError(invalid_input | not_found | deleted)
 */
export function editDiscussionQuestion(
  doc: MeetingDoc,
  id: DiscussionQuestionId,
  patch: { text: string },
  now: number,
): void {
  const { text } = parseInput(discussionQuestionInputSchema.pick({ text: true }), patch);
  const q = liveQuestion(doc, id);
  if (q.text !== text) updateText(doc, ["discussionQuestions", id, "text"], text);
  q.updatedAt = imm(instant(now));
  touch(doc, now);
}

/**
 * Moves a question to `toIndex` among its item's visible questions; only its own key changes.
 * @throws DomainError(not_found | deleted); RangeError for an index outside 0…count-1
 */
export function moveDiscussionQuestion(
  doc: MeetingDoc,
  id: DiscussionQuestionId,
  toIndex: number,
  now: number,
): void {
  const q = liveQuestion(doc, id);
  const itemId = str(q.agendaItemId)!;
  const others = siblingsForInsertAt(doc, itemId, toIndex, id);
  q.orderKey = imm(positionAt(others, toIndex));
  q.updatedAt = imm(instant(now));
  touch(doc, now);
}

/**
 * Removes a question (soft delete). Opinions on it stay in the participation document and its compiled
 * view still works; a concurrent edit is kept inside for restore.
 * @throws DomainError(not_found)
 */
export function removeDiscussionQuestion(doc: MeetingDoc, id: DiscussionQuestionId, now: number): void {
  const q = questions(doc)[id];
  if (!q) throw new DomainError(ReasonCode.NotFound, `discussion question ${id}`);
  if (!q.deletedAt) q.deletedAt = imm(instant(now));
  touch(doc, now);
}

/**
 * Restores a soft-deleted question at its old position.
 * @throws DomainError(not_found)
 */
export function restoreDiscussionQuestion(doc: MeetingDoc, id: DiscussionQuestionId, now: number): void {
  const q = questions(doc)[id];
  if (!q) throw new DomainError(ReasonCode.NotFound, `discussion question ${id}`);
  if (q.deletedAt) q.deletedAt = null;
  q.updatedAt = imm(instant(now));
  touch(doc, now);
}

/** Every question entry that parses, deleted ones included, as plain data. */
export function allDiscussionQuestions(doc: MeetingDoc): DiscussionQuestionView[] {
  return readEntries(questions(doc), discussionQuestionEntrySchema, (q) => q.id);
}

/**
 * The visible questions of the visible agenda, in agenda order then each item's own order; or only
 * those of `agendaItemId`.
 */
export function discussionQuestions(doc: MeetingDoc, agendaItemId?: string): DiscussionQuestionView[] {
  const itemOrder = new Map(agendaItems(doc).map((item, i) => [item.id, i]));
  return allDiscussionQuestions(doc)
    .filter(
      (q) =>
        q.deletedAt === null &&
        itemOrder.has(q.agendaItemId) &&
        (agendaItemId === undefined || q.agendaItemId === agendaItemId),
    )
    .sort((a, b) => itemOrder.get(a.agendaItemId)! - itemOrder.get(b.agendaItemId)! || byPosition(a, b));
}

/** One question by id (deleted ones too), or null. */
export function discussionQuestion(doc: MeetingDoc, id: string): DiscussionQuestionView | null {
  return allDiscussionQuestions(doc).find((q) => q.id === id) ?? null;
}
