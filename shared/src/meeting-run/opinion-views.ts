import { meetingView } from "../meeting/selectors.ts";
import { type MeetingDoc, MeetingRole } from "../meeting/types.ts";
import type { ParticipationDoc } from "../participation/participation.ts";
import { type DiscussionQuestionView, discussionQuestion } from "./discussion.ts";
import {
  cmp,
  compareVietnamese,
  entryKey,
  participantNames,
  participationContainers,
  readEntries,
} from "./entries.ts";
import { opinionEntrySchema } from "./schemas.ts";
import type { Stance } from "./types.ts";

/** What opinions are about: an agenda item as a whole (questionId null) or one of its questions. */
export interface OpinionTarget {
  readonly agendaItemId: string;
  readonly questionId: string | null;
}

/** An opinion or reply as plain data, with its author's name from the meeting's participants. */
export interface OpinionView {
  readonly id: string;
  readonly memberId: string;
  /** "" when the author is not (or no longer) linked to a participant. */
  readonly fullName: string;
  readonly position: string;
  readonly agendaItemId: string;
  readonly questionId: string | null;
  readonly parentId: string | null;
  readonly stance: Stance | null;
  /** "" once deleted. */
  readonly text: string;
  readonly createdAt: string;
  readonly editedAt: string | null;
  readonly deleted: boolean;
}

/** A top-level opinion and its replies, oldest first. */
export interface OpinionThread extends OpinionView {
  readonly replies: readonly OpinionView[];
}

/** One member's stance in force on a target. */
export interface MemberStance {
  readonly memberId: string;
  readonly fullName: string;
  readonly position: string;
  readonly stance: Stance;
  /** The opinion whose stance is in force. */
  readonly opinionId: string;
  /** How many live top-level opinions the member wrote on the target. */
  readonly opinionCount: number;
}

/** The secretary's compiled view (tổng hợp ý kiến) of one question, or of an item's general opinions. */
export interface CompiledOpinions {
  readonly target: OpinionTarget;
  /** The question (deleted ones too), or null for an item's general opinions. */
  readonly question: DiscussionQuestionView | null;
  /** Who said what: threads oldest first; a deleted opinion is kept only when it has replies. */
  readonly threads: readonly OpinionThread[];
  /** One row per member who holds a stance, by name. */
  readonly stances: readonly MemberStance[];
  /** Members per stance (one member, one stance), and the total. */
  readonly counts: Readonly<Record<Stance | "total", number>>;
  /** Participants (role participant, linked to a member) with no live opinion on the target. */
  readonly notGiven: readonly {
    readonly participantId: string;
    readonly memberId: string;
    readonly fullName: string;
  }[];
}

function byCreated(a: OpinionView, b: OpinionView): number {
  return Date.parse(a.createdAt) - Date.parse(b.createdAt) || cmp(a.id, b.id);
}

/** Every opinion entry that parses, as plain data with author names. */
export function allOpinions(participation: ParticipationDoc, meeting: MeetingDoc): OpinionView[] {
  const people = participantNames(meeting);
  return readEntries(participationContainers(participation).opinions, opinionEntrySchema, (e) =>
    entryKey(e.memberId, e.id),
  ).map((e) => ({
    id: e.id,
    memberId: e.memberId,
    fullName: people.get(e.memberId)?.fullName ?? "",
    position: people.get(e.memberId)?.position ?? "",
    agendaItemId: e.agendaItemId,
    questionId: e.questionId,
    parentId: e.parentId,
    stance: e.parentId === null ? e.stance : null,
    text: e.deletedAt ? "" : e.text,
    createdAt: e.createdAt,
    editedAt: e.editedAt,
    deleted: e.deletedAt !== null,
  }));
}

/** The threads on a target, oldest first. */
export function opinionThreads(
  participation: ParticipationDoc,
  meeting: MeetingDoc,
  target: OpinionTarget,
): OpinionThread[] {
  const all = allOpinions(participation, meeting);
  const roots = all.filter(
    (o) =>
      o.parentId === null && o.agendaItemId === target.agendaItemId && o.questionId === target.questionId,
  );
  const rootIds = new Set(roots.map((o) => o.id));
  const replies = new Map<string, OpinionView[]>();
  for (const o of all) {
    if (o.parentId !== null && rootIds.has(o.parentId) && !o.deleted) {
      replies.set(o.parentId, [...(replies.get(o.parentId) ?? []), o]);
    }
  }
  return roots
    .map((o) => ({ ...o, replies: (replies.get(o.id) ?? []).sort(byCreated) }))
    .filter((t) => !t.deleted || t.replies.length > 0)
    .sort(byCreated);
}

/**
 * Compiles the opinions on a discussion question (or an item's general opinions): who said what, and
 * counts by stance.
 *
 * Counting rule: one member, one stance — the stance of the member's live top-level opinion written or
 * edited last (ties by id). Earlier opinions stay listed under "who said what" but are not counted
 * again; deleted opinions and replies never count.
 */
export function compileOpinions(
  participation: ParticipationDoc,
  meeting: MeetingDoc,
  target: OpinionTarget,
): CompiledOpinions {
  const threads = opinionThreads(participation, meeting, target);
  const live = threads.filter((t) => !t.deleted);
  const byMember = new Map<string, OpinionThread[]>();
  for (const t of live) byMember.set(t.memberId, [...(byMember.get(t.memberId) ?? []), t]);
  const counts = { agree: 0, disagree: 0, other: 0, total: 0 };
  const stances: MemberStance[] = [];
  for (const [memberId, list] of byMember) {
    const inForce = list.reduce((best, t) => {
      const d = Date.parse(t.editedAt ?? t.createdAt) - Date.parse(best.editedAt ?? best.createdAt);
      return d > 0 || (d === 0 && t.id > best.id) ? t : best;
    });
    const stance = inForce.stance!;
    counts[stance]++;
    counts.total++;
    stances.push({
      memberId,
      fullName: inForce.fullName,
      position: inForce.position,
      stance,
      opinionId: inForce.id,
      opinionCount: list.length,
    });
  }
  stances.sort((a, b) => compareVietnamese(a.fullName, b.fullName) || cmp(a.memberId, b.memberId));
  const notGiven = meetingView(meeting)
    .participants.filter((p) => p.role === MeetingRole.Participant && p.memberId && !byMember.has(p.memberId))
    .map((p) => ({ participantId: p.id, memberId: p.memberId!, fullName: p.fullName }));
  return {
    target,
    question: target.questionId === null ? null : discussionQuestion(meeting, target.questionId),
    threads,
    stances,
    counts,
    notGiven,
  };
}
