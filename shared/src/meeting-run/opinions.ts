import { updateText } from "@automerge/automerge";
import { z } from "zod";
import { DomainError, ReasonCode } from "../errors.ts";
import { newId } from "../ids.ts";
import { type MeetingDoc, MeetingRole } from "../meeting/types.ts";
import type { ParticipationDoc } from "../participation/participation.ts";
import { imm, str } from "../schema/immutable.ts";
import { instant } from "../time.ts";
import { entryKey, memberIdSchema, parseInput, participationContainers } from "./entries.ts";
import { participantOfMember } from "./invitation.ts";
import { RunRefusal, refuseInput } from "./refusals.ts";
import { type OpinionEntry, type OpinionId, STANCES, type Stance } from "./types.ts";

const text = z.string().trim().min(1).max(20_000);

/** An opinion as a member writes it: on an agenda item, or on one of its discussion questions. */
export const opinionInputSchema = z.object({
  agendaItemId: z.string().min(1),
  questionId: z.string().min(1).nullable().optional(),
  stance: z.enum(STANCES as [Stance, ...Stance[]]),
  text,
});
export type OpinionInput = z.infer<typeof opinionInputSchema>;

export const opinionPatchSchema = z.object({
  text: text.optional(),
  stance: z.enum(STANCES as [Stance, ...Stance[]]).optional(),
});
export type OpinionPatch = z.infer<typeof opinionPatchSchema>;

function opinions(doc: ParticipationDoc): Record<string, OpinionEntry> {
  return participationContainers(doc).opinions;
}

/** Members who may write opinions: every participant but observers (khách mời read only). */
function requireWriter(meeting: MeetingDoc, memberId: string): void {
  const participant = participantOfMember(meeting, memberId);
  if (participant.role === MeetingRole.Observer) {
    throw refuseInput(RunRefusal.NotInvited, `member ${memberId} is an observer and may not write opinions`);
  }
}

/** Finds an opinion by id whoever wrote it. */
function findOpinion(doc: ParticipationDoc, id: string): { key: string; entry: OpinionEntry } | null {
  for (const [key, entry] of Object.entries(opinions(doc))) {
    if (str(entry.id) === id && key === entryKey(str(entry.memberId) ?? "", id)) return { key, entry };
  }
  return null;
}

/** The member's own live opinion, or the refusal that explains why not. */
function ownOpinion(doc: ParticipationDoc, memberId: string, id: string): OpinionEntry {
  const entry = opinions(doc)[entryKey(memberId, id)];
  if (!entry || str(entry.memberId) !== memberId) {
    if (findOpinion(doc, id)) throw refuseInput(RunRefusal.NotOwner, `opinion ${id} is another member's`);
    throw new DomainError(ReasonCode.NotFound, `opinion ${id}`);
  }
  return entry;
}

/**
 * Posts a member's opinion (ý kiến) with a stance on an agenda item or on one of its discussion
 * questions, before or during the meeting. Returns its id.
 *
 * @param meeting the meeting document (read only): the member must be a participant other than an
 *   observer; the item and the question must exist and not be deleted, and the question must be the item's
 * @throws DomainError(invalid_input | not_found | deleted), reason not_invited for non-writers
 */
export function postOpinion(
  doc: ParticipationDoc,
  meeting: MeetingDoc,
  memberId: string,
  input: OpinionInput,
  now: number,
): OpinionId {
  const member = parseInput(memberIdSchema, memberId);
  const o = parseInput(opinionInputSchema, input);
  requireWriter(meeting, member);
  const item = meeting.agenda[o.agendaItemId];
  if (!item) throw new DomainError(ReasonCode.NotFound, `agenda item ${o.agendaItemId}`);
  if (item.deletedAt) throw new DomainError(ReasonCode.Deleted, `agenda item ${o.agendaItemId} was deleted`);
  const questionId = o.questionId ?? null;
  if (questionId !== null) {
    const q = (
      meeting.discussionQuestions as Record<string, { agendaItemId?: unknown; deletedAt?: unknown }>
    )[questionId];
    if (!q) throw new DomainError(ReasonCode.NotFound, `discussion question ${questionId}`);
    if (q.deletedAt)
      throw new DomainError(ReasonCode.Deleted, `discussion question ${questionId} was deleted`);
    if (str(q.agendaItemId as string) !== o.agendaItemId) {
      throw new DomainError(
        ReasonCode.InvalidInput,
        "questionId: the question belongs to another agenda item",
      );
    }
  }
  const id = newId<OpinionId>();
  opinions(doc)[entryKey(member, id)] = {
    id: imm(id),
    memberId: imm(member),
    agendaItemId: imm(o.agendaItemId),
    questionId: questionId === null ? null : imm(questionId),
    parentId: null,
    stance: imm(o.stance),
    text: o.text,
    createdAt: imm(instant(now)),
    editedAt: null,
    deletedAt: null,
  };
  return id;
}

/**
 * Replies to an opinion (any member's). Threads are one level deep: a reply to a reply joins the thread
 * of the top-level opinion. A reply has no stance. Returns its id.
 * @throws DomainError(invalid_input | not_found | deleted), reason not_invited for non-writers
 */
export function replyToOpinion(
  doc: ParticipationDoc,
  meeting: MeetingDoc,
  memberId: string,
  parentId: OpinionId,
  reply: { text: string },
  now: number,
): OpinionId {
  const member = parseInput(memberIdSchema, memberId);
  const { text: body } = parseInput(z.object({ text }), reply);
  requireWriter(meeting, member);
  const parent = findOpinion(doc, parentId);
  if (!parent) throw new DomainError(ReasonCode.NotFound, `opinion ${parentId}`);
  if (parent.entry.deletedAt) throw new DomainError(ReasonCode.Deleted, `opinion ${parentId} was deleted`);
  const rootId = str(parent.entry.parentId) ?? parentId;
  const id = newId<OpinionId>();
  opinions(doc)[entryKey(member, id)] = {
    id: imm(id),
    memberId: imm(member),
    agendaItemId: imm(str(parent.entry.agendaItemId)!),
    questionId: parent.entry.questionId === null ? null : imm(str(parent.entry.questionId)!),
    parentId: imm(rootId),
    stance: null,
    text: body,
    createdAt: imm(instant(now)),
    editedAt: null,
    deletedAt: null,
  };
  return id;
}

/**
 * Edits the member's own opinion: its text (merged character-wise with the member's other devices) and,
 * for a top-level opinion, its stance.
 * @throws DomainError(invalid_input | not_found | deleted), reason not_owner for another member's opinion
 */
export function editOpinion(
  doc: ParticipationDoc,
  memberId: string,
  opinionId: OpinionId,
  patch: OpinionPatch,
  now: number,
): void {
  const p = parseInput(opinionPatchSchema, patch);
  const entry = ownOpinion(doc, memberId, opinionId);
  if (entry.deletedAt) throw new DomainError(ReasonCode.Deleted, `opinion ${opinionId} was deleted`);
  if (p.stance !== undefined && entry.parentId !== null) {
    throw new DomainError(ReasonCode.InvalidInput, "stance: a reply has no stance");
  }
  const key = entryKey(memberId, opinionId);
  if (p.text !== undefined && p.text !== entry.text) updateText(doc, ["opinions", key, "text"], p.text);
  if (p.stance !== undefined) entry.stance = imm(p.stance);
  entry.editedAt = imm(instant(now));
}

/**
 * Deletes the member's own opinion (soft: replies keep their thread, the text is no longer shown and its
 * stance no longer counts). Deleting twice changes nothing.
 * @throws DomainError(not_found), reason not_owner for another member's opinion
 */
export function deleteOpinion(
  doc: ParticipationDoc,
  memberId: string,
  opinionId: OpinionId,
  now: number,
): void {
  const entry = ownOpinion(doc, memberId, opinionId);
  if (!entry.deletedAt) entry.deletedAt = imm(instant(now));
}
