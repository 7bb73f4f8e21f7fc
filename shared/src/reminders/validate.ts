import { z } from "zod";
import { localDateSchema } from "../calendar/settings.ts";
import { DomainError, ReasonCode } from "../errors.ts";
import type { MemberId } from "../ids.ts";
import { MEETING_STATUSES, type MeetingStatus } from "../meeting/types.ts";
import type { ReminderSubject } from "./types.ts";

/**
 * Runtime schemas of reminder subjects, for subjects that cross a trust boundary (a relay endpoint, a
 * message from a worker). Subjects derived in-process from validated documents need no second check.
 */

const instantMs = z.number().int().min(0).max(8.64e15);
const memberId = z
  .string()
  .min(1)
  .max(100)
  .transform((s) => s as MemberId);
const memberIds = z.array(memberId).max(10_000);
const id = z.string().min(1).max(200);
const title = z.string().max(2000);

const taskSchema = z.object({
  type: z.literal("task"),
  id,
  title,
  status: z.enum(["not_started", "in_progress", "done"]),
  assignedAt: instantMs,
  dueDate: localDateSchema.nullable(),
  dueAt: instantMs.nullable().optional(),
  assigneeMemberIds: memberIds,
  assignerMemberId: memberId.nullable(),
});

const meetingSchema = z.object({
  type: z.literal("meeting"),
  id,
  title,
  status: z.enum(MEETING_STATUSES as [MeetingStatus, ...MeetingStatus[]]),
  publishedAt: instantMs.nullable(),
  startsAt: instantMs,
  participantMemberIds: memberIds,
  paperIds: z.array(id).max(1000),
  openedPaperIds: z.record(z.string(), z.array(id).max(1000)),
});

const consultationSchema = z.object({
  type: z.literal("consultation"),
  id,
  title,
  status: z.enum(["open", "closed"]),
  openedAt: instantMs,
  deadline: instantMs,
  recipientMemberIds: memberIds,
  answeredMemberIds: memberIds,
});

const voteSchema = z.object({
  type: z.literal("vote"),
  id,
  meetingId: id,
  title,
  status: z.enum(["open", "closed"]),
  openedAt: instantMs,
  closesAt: instantMs.nullable(),
  remoteVoterMemberIds: memberIds,
  votedMemberIds: memberIds,
});

/** Runtime schema of {@link ReminderSubject}, discriminated on `type`. */
export const reminderSubjectSchema = z.discriminatedUnion("type", [
  taskSchema,
  meetingSchema,
  consultationSchema,
  voteSchema,
]);

/**
 * Checks a reminder subject that came from outside.
 * @throws DomainError `invalid_input` with `details.issues`
 */
export function parseReminderSubject(input: unknown): ReminderSubject {
  const r = reminderSubjectSchema.safeParse(input);
  if (r.success) return r.data;
  throw new DomainError(ReasonCode.InvalidInput, "invalid reminder subject", {
    issues: r.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
  });
}
