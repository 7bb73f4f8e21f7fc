import { z } from "zod";
import { newId } from "../ids.ts";
import { meetingView, type ParticipantView } from "../meeting/selectors.ts";
import { type MeetingDoc, MeetingRole, MeetingStatus } from "../meeting/types.ts";
import type { ParticipationDoc } from "../participation/participation.ts";
import { imm, str } from "../schema/immutable.ts";
import { instant } from "../time.ts";
import {
  byInstantThenId,
  entryKey,
  lastBy,
  memberIdSchema,
  parseInput,
  participationContainers,
  readEntries,
} from "./entries.ts";
import { RunRefusal, refuseInput, refuseNow } from "./refusals.ts";
import { attendanceEntrySchema } from "./schemas.ts";
import { InvitationResponse } from "./types.ts";

/** A participant's answer to the invitation: confirm, decline with a reason, or name a deputy. */
export const invitationAnswerSchema = z.discriminatedUnion("response", [
  z.object({ response: z.literal(InvitationResponse.Confirmed) }),
  z.object({ response: z.literal(InvitationResponse.Declined), reason: z.string().trim().min(1).max(2000) }),
  z.object({
    response: z.literal(InvitationResponse.Deputy),
    deputy: z.object({
      memberId: memberIdSchema.nullable().optional(),
      name: z.string().trim().min(1).max(200),
    }),
    reason: z.string().trim().max(2000).optional(),
  }),
]);
export type InvitationAnswer = z.infer<typeof invitationAnswerSchema>;

/** The meeting statuses in which an invitation can be answered: sent (published) and until it ends. */
const ANSWERABLE: ReadonlySet<string> = new Set([MeetingStatus.Published, MeetingStatus.InSession]);

/**
 * The participant (not removed) linked to `memberId`, or a refusal.
 * @throws DomainError(invalid_input, reason not_invited)
 */
export function participantOfMember(meeting: MeetingDoc, memberId: string): ParticipantView {
  const participant = meetingView(meeting).participants.find((p) => p.memberId === memberId);
  if (!participant) throw refuseInput(RunRefusal.NotInvited, `member ${memberId} is not a participant`);
  return participant;
}

/**
 * Records a member's answer to the invitation in the participation document (their own entry). A later
 * answer replaces an earlier one (the latest by time, then id, is in force; all are kept).
 *
 * @param memberId the member answering (the device's member)
 * @param meeting the meeting document (read only): the member must be one of its participants
 * @param now ms since the Unix epoch
 * @returns the new entry's id
 * @throws DomainError(invalid_input) for a bad answer (a decline needs a reason, a deputy a name) or
 *   reason not_invited; DomainError(invalid_transition, reason meeting_status) unless the meeting is
 *   published or in session
 */
export function respondToInvitation(
  doc: ParticipationDoc,
  meeting: MeetingDoc,
  memberId: string,
  answer: InvitationAnswer,
  now: number,
): string {
  const member = parseInput(memberIdSchema, memberId);
  const a = parseInput(invitationAnswerSchema, answer);
  const status = str(meeting.status);
  if (!status || !ANSWERABLE.has(status)) {
    throw refuseNow(RunRefusal.MeetingStatus, `invitation cannot be answered while the meeting is ${status}`);
  }
  participantOfMember(meeting, member);
  if (a.response === InvitationResponse.Deputy && a.deputy.memberId === member) {
    throw refuseInput(RunRefusal.NotInvited, "deputy.memberId: a member cannot be their own deputy");
  }
  const id = newId();
  participationContainers(doc).attendance[entryKey(member, id)] = {
    type: imm("invitation_response"),
    id: imm(id),
    memberId: imm(member),
    response: imm(a.response),
    reason: a.response === InvitationResponse.Confirmed ? "" : (a.reason ?? ""),
    deputy:
      a.response === InvitationResponse.Deputy
        ? { memberId: a.deputy.memberId ? imm(a.deputy.memberId) : null, name: a.deputy.name }
        : null,
    at: imm(instant(now)),
  };
  return id;
}

/** A member's answer in force, as plain data. */
export interface InvitationResponseView {
  readonly id: string;
  readonly memberId: string;
  readonly response: InvitationResponse;
  readonly reason: string;
  readonly deputy: { readonly memberId: string | null; readonly name: string } | null;
  readonly at: string;
}

/** The answer in force of every member who answered, by member id. */
export function latestInvitationResponses(doc: ParticipationDoc): Map<string, InvitationResponseView> {
  const entries = readEntries(participationContainers(doc).attendance, attendanceEntrySchema, (e) =>
    entryKey(e.memberId, e.id),
  ).flatMap((e) => (e.type === "invitation_response" ? [e] : []));
  const byMember = new Map<string, typeof entries>();
  for (const e of entries) byMember.set(e.memberId, [...(byMember.get(e.memberId) ?? []), e]);
  const out = new Map<string, InvitationResponseView>();
  for (const [memberId, list] of byMember) {
    const last = lastBy(
      list,
      byInstantThenId((e) => e.at),
    )!;
    out.set(memberId, {
      id: last.id,
      memberId,
      response: last.response,
      reason: last.reason,
      deputy: last.deputy,
      at: last.at,
    });
  }
  return out;
}

/** One participant and their answer (null: no answer yet, or a participant known only by name). */
export interface InvitationRow {
  readonly participantId: string;
  readonly memberId: string | null;
  readonly fullName: string;
  readonly position: string;
  readonly role: MeetingRole;
  readonly response: InvitationResponseView | null;
}

/** Who answered the invitation how; for the secretary's list. */
export interface InvitationSummary {
  /** In the meeting's participant order (role, then name). */
  readonly rows: readonly InvitationRow[];
  readonly counts: Readonly<Record<InvitationResponse | "none", number>>;
}

/** The answers to a meeting's invitation, per participant. */
export function invitationResponses(meeting: MeetingDoc, participation: ParticipationDoc): InvitationSummary {
  const latest = latestInvitationResponses(participation);
  const counts = { confirmed: 0, declined: 0, deputy: 0, none: 0 };
  const rows = meetingView(meeting).participants.map((p): InvitationRow => {
    const response = p.memberId ? (latest.get(p.memberId) ?? null) : null;
    counts[response?.response ?? "none"]++;
    return {
      participantId: p.id,
      memberId: p.memberId,
      fullName: p.fullName,
      position: p.position,
      role: p.role,
      response,
    };
  });
  return { rows, counts };
}

/** A participant who has not answered the invitation yet (chưa trả lời giấy mời). */
export interface InvitationNonRespondent {
  readonly participantId: string;
  readonly memberId: string;
  readonly fullName: string;
  readonly role: MeetingRole;
}

/**
 * Participants linked to a directory member who have not answered the invitation, in the meeting's
 * participant order — the recipients of an invitation reminder (reminders issue). Removed participants
 * and people known only by name (no account, so nobody to remind) are left out; so is the secretary,
 * who sends the invitation rather than answers it. Pure: derived from the two documents, never stored.
 */
export function invitationNonRespondents(
  meeting: MeetingDoc,
  participation: ParticipationDoc,
): InvitationNonRespondent[] {
  const answered = latestInvitationResponses(participation);
  return meetingView(meeting)
    .participants.filter(
      (p) =>
        p.memberId !== null && !p.removedAt && p.role !== MeetingRole.Secretary && !answered.has(p.memberId),
    )
    .map((p) => ({ participantId: p.id, memberId: p.memberId!, fullName: p.fullName, role: p.role }));
}
