import { z } from "zod";
import { DomainError, ReasonCode } from "../errors.ts";
import { newId } from "../ids.ts";
import { meetingView } from "../meeting/selectors.ts";
import { type MeetingDoc, MeetingRole } from "../meeting/types.ts";
import type { ParticipationDoc } from "../participation/participation.ts";
import { imm } from "../schema/immutable.ts";
import { instant } from "../time.ts";
import {
  byInstantThenId,
  entryKey,
  lastBy,
  liveOf,
  meetingContainers,
  memberIdSchema,
  parseInput,
  participationContainers,
  readEntries,
} from "./entries.ts";
import { type InvitationResponseView, latestInvitationResponses } from "./invitation.ts";
import { meetingQuorumRule } from "./live.ts";
import { type AttendanceCounts, countAttendance, type QuorumState, quorumState } from "./quorum.ts";
import { attendanceEntrySchema, attendanceMarkEntrySchema } from "./schemas.ts";
import {
  ATTENDANCE_STATUSES,
  AttendanceStatus,
  InvitationResponse,
  SELF_CHECK_IN_STATUSES,
  type SelfCheckInStatus,
} from "./types.ts";

/**
 * A member checks in on their own device (điểm danh): present in the room, or remote (joined through the
 * online link). Each check-in is a new entry of the member's own; the latest is theirs in force.
 * @returns the entry's id
 * @throws DomainError(invalid_input) for another status (only the secretary marks absences and deputies)
 */
export function checkIn(
  doc: ParticipationDoc,
  memberId: string,
  status: SelfCheckInStatus,
  now: number,
): string {
  const member = parseInput(memberIdSchema, memberId);
  const s = parseInput(z.enum(SELF_CHECK_IN_STATUSES as [SelfCheckInStatus, ...SelfCheckInStatus[]]), status);
  const id = newId();
  participationContainers(doc).attendance[entryKey(member, id)] = {
    type: imm("check_in"),
    id: imm(id),
    memberId: imm(member),
    status: imm(s),
    at: imm(instant(now)),
  };
  return id;
}

/** What the secretary records for one participant. */
export const attendanceMarkInputSchema = z
  .object({
    status: z.enum(ATTENDANCE_STATUSES as [AttendanceStatus, ...AttendanceStatus[]]),
    reason: z.string().trim().max(2000).optional(),
    deputy: z
      .object({ memberId: memberIdSchema.nullable().optional(), name: z.string().trim().min(1).max(200) })
      .nullable()
      .optional(),
  })
  .refine((m) => m.status !== AttendanceStatus.Deputy || m.deputy, {
    message: "a deputy needs a name",
    path: ["deputy"],
  });
export type AttendanceMarkInput = z.infer<typeof attendanceMarkInputSchema>;

/**
 * The secretary marks a participant's attendance (roll call) in the meeting document. Works for
 * participants known only by name too (they have no device to check in with). Each mark is a new
 * entry; the latest is the secretary's in force.
 * @returns the entry's id
 * @throws DomainError(invalid_input) for a bad mark (a deputy needs a name); DomainError(not_found)
 *   for an unknown or removed participant; DomainError(invalid_transition) before migration v2
 */
export function markAttendance(
  doc: MeetingDoc,
  participantId: string,
  mark: AttendanceMarkInput,
  now: number,
): string {
  const m = parseInput(attendanceMarkInputSchema, mark);
  const participant = doc.participants[participantId];
  if (!participant || participant.removedAt) {
    throw new DomainError(ReasonCode.NotFound, `participant ${participantId}`);
  }
  const live = liveOf(doc);
  const id = newId();
  live.attendanceMarks[entryKey(participantId, id)] = {
    id: imm(id),
    participantId: imm(participantId),
    status: imm(m.status),
    reason: m.reason ?? "",
    deputy:
      m.status === AttendanceStatus.Deputy && m.deputy
        ? { memberId: m.deputy.memberId ? imm(m.deputy.memberId) : null, name: m.deputy.name }
        : null,
    at: imm(instant(now)),
  };
  return id;
}

/** Where a participant's status comes from. */
export type AttendanceSource = "self" | "secretary" | "invitation";

/** One participant's attendance; both records are shown, `status` is the one in force. */
export interface AttendanceRow {
  readonly participantId: string;
  readonly memberId: string | null;
  readonly fullName: string;
  readonly position: string;
  readonly role: MeetingRole;
  /** On the quorum base (by role; see `attendanceView`). */
  readonly countsForQuorum: boolean;
  /** In force; null = not yet recorded (chưa điểm danh). */
  readonly status: AttendanceStatus | null;
  readonly source: AttendanceSource | null;
  /** When the record in force was made. */
  readonly since: string | null;
  readonly reason: string;
  readonly deputy: { readonly memberId: string | null; readonly name: string } | null;
  readonly selfCheckIn: { readonly status: SelfCheckInStatus; readonly at: string } | null;
  readonly secretaryMark: {
    readonly status: AttendanceStatus;
    readonly reason: string;
    readonly deputy: { readonly memberId: string | null; readonly name: string } | null;
    readonly at: string;
  } | null;
  readonly invitation: InvitationResponseView | null;
}

/** Attendance of a meeting with the live quorum indicator. */
export interface AttendanceView {
  /** In the meeting's participant order (role, then name). */
  readonly rows: readonly AttendanceRow[];
  /** Over every row. */
  readonly counts: AttendanceCounts;
  readonly quorum: QuorumState;
}

/** The roles on the quorum base unless told otherwise: the chair and the participants (members of the body). */
export const DEFAULT_QUORUM_ROLES: readonly MeetingRole[] = [MeetingRole.Chair, MeetingRole.Participant];

/**
 * Attendance per participant, and the quorum under the meeting's rule (`meetingQuorumRule`).
 *
 * Precedence — both records are kept and shown; the one in force is the LATER of the member's own
 * latest check-in and the secretary's latest mark (by their instants; an exact tie goes to the
 * secretary). So a member who arrives after being marked absent is present as soon as they check in, and
 * the secretary corrects a check-in by marking after it. Without either, a declined invitation counts as
 * absent with reason (its reason shown) so excuses given in advance need no re-entry; a named deputy
 * does not count as attendance until the secretary marks the deputy present ("deputy").
 *
 * Instants come from the devices' clocks; a device with a clock far ahead could win over a later mark.
 * When entries are signed (issue 3) the relay's receipt time can replace the device's claim here.
 *
 * @param options.quorumRoles roles on the quorum base (default: chair and participant; secretaries and
 *   observers are staff and guests, not members of the body)
 */
export function attendanceView(
  meeting: MeetingDoc,
  participation: ParticipationDoc,
  options: { readonly quorumRoles?: readonly MeetingRole[] } = {},
): AttendanceView {
  const quorumRoles = new Set(options.quorumRoles ?? DEFAULT_QUORUM_ROLES);
  const ordered = byInstantThenId<{ id: string; at: string }>((e) => e.at);
  const checkIns = new Map<string, { id: string; status: SelfCheckInStatus; at: string }[]>();
  for (const e of readEntries(participationContainers(participation).attendance, attendanceEntrySchema, (e) =>
    entryKey(e.memberId, e.id),
  )) {
    if (e.type === "check_in") checkIns.set(e.memberId, [...(checkIns.get(e.memberId) ?? []), e]);
  }
  const marks = new Map<string, ReturnType<typeof attendanceMarkEntrySchema.parse>[]>();
  for (const m of readEntries(
    meetingContainers(meeting).live?.attendanceMarks,
    attendanceMarkEntrySchema,
    (m) => entryKey(m.participantId, m.id),
  )) {
    marks.set(m.participantId, [...(marks.get(m.participantId) ?? []), m]);
  }
  const invitations = latestInvitationResponses(participation);

  const rows = meetingView(meeting).participants.map((p): AttendanceRow => {
    const self = p.memberId ? lastBy(checkIns.get(p.memberId) ?? [], ordered) : null;
    const mark = lastBy(marks.get(p.id) ?? [], ordered);
    const invitation = p.memberId ? (invitations.get(p.memberId) ?? null) : null;
    const selfWins = self !== null && (mark === null || Date.parse(self.at) > Date.parse(mark.at));
    let inForce: Pick<AttendanceRow, "status" | "source" | "since" | "reason" | "deputy">;
    if (selfWins) {
      inForce = { status: self.status, source: "self", since: self.at, reason: "", deputy: null };
    } else if (mark !== null) {
      inForce = {
        status: mark.status,
        source: "secretary",
        since: mark.at,
        reason: mark.reason,
        deputy: mark.deputy,
      };
    } else if (invitation?.response === InvitationResponse.Declined) {
      inForce = {
        status: AttendanceStatus.AbsentWithReason,
        source: "invitation",
        since: invitation.at,
        reason: invitation.reason,
        deputy: null,
      };
    } else {
      inForce = { status: null, source: null, since: null, reason: "", deputy: null };
    }
    return {
      participantId: p.id,
      memberId: p.memberId,
      fullName: p.fullName,
      position: p.position,
      role: p.role,
      countsForQuorum: quorumRoles.has(p.role),
      ...inForce,
      selfCheckIn: self ? { status: self.status, at: self.at } : null,
      secretaryMark: mark
        ? { status: mark.status, reason: mark.reason, deputy: mark.deputy, at: mark.at }
        : null,
      invitation,
    };
  });
  return { rows, counts: countAttendance(rows), quorum: quorumState(rows, meetingQuorumRule(meeting)) };
}
