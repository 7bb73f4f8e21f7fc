import { z } from "zod";
import {
  AGENDA_EVENT_KINDS,
  type AgendaEventKind,
  ATTENDANCE_STATUSES,
  type AttendanceStatus,
  FLOOR_EVENT_KINDS,
  type FloorEventKind,
  INVITATION_RESPONSES,
  type InvitationResponse,
  QUORUM_PRESET_IDS,
  type QuorumPresetId,
  SELF_CHECK_IN_STATUSES,
  type SelfCheckInStatus,
  STANCES,
  type Stance,
} from "./types.ts";

/*
 * Runtime schemas of the entries on plain JSON (`toPlain`). Selectors read peer data through them and
 * skip what does not parse (a trust boundary: a malformed entry from a peer never breaks a view); the
 * lead can plug them into the document validators in place of `z.unknown()`.
 */

const instant = z.iso.datetime({ offset: false });
const id = z.string().min(1).max(200);
const enumOf = <T extends string>(values: readonly T[]) => z.enum(values as [T, ...T[]]);
const seconds = z.number().int().min(0).max(86_400);

export const deputySchema = z.object({ memberId: id.nullable(), name: z.string().max(200) });

export const invitationResponseEntrySchema = z.object({
  type: z.literal("invitation_response"),
  id,
  memberId: id,
  response: enumOf<InvitationResponse>(INVITATION_RESPONSES),
  reason: z.string().max(2000),
  deputy: deputySchema.nullable(),
  at: instant,
});

export const checkInEntrySchema = z.object({
  type: z.literal("check_in"),
  id,
  memberId: id,
  status: enumOf<SelfCheckInStatus>(SELF_CHECK_IN_STATUSES),
  at: instant,
});

export const attendanceEntrySchema = z.discriminatedUnion("type", [
  invitationResponseEntrySchema,
  checkInEntrySchema,
]);

export const opinionEntrySchema = z.object({
  id,
  memberId: id,
  agendaItemId: id,
  questionId: id.nullable(),
  parentId: id.nullable(),
  stance: enumOf<Stance>(STANCES).nullable(),
  text: z.string().max(20_000),
  createdAt: instant,
  editedAt: instant.nullable(),
  deletedAt: instant.nullable(),
});

export const speakingRequestEntrySchema = z.object({
  id,
  memberId: id,
  agendaItemId: id,
  note: z.string().max(500),
  requestedAt: instant,
  withdrawnAt: instant.nullable(),
});

export const discussionQuestionEntrySchema = z.object({
  id,
  agendaItemId: id,
  text: z.string().max(5000),
  orderKey: z.string().min(1),
  createdAt: instant,
  updatedAt: instant,
  deletedAt: instant.nullable(),
});

export const agendaEventEntrySchema = z.object({
  id,
  kind: enumOf<AgendaEventKind>(AGENDA_EVENT_KINDS),
  agendaItemId: id,
  at: instant,
});

export const floorEventEntrySchema = z.object({
  id,
  kind: enumOf<FloorEventKind>(FLOOR_EVENT_KINDS),
  requestId: id,
  memberId: id,
  agendaItemId: id,
  orderKey: z.string().min(1).nullable(),
  limitSeconds: seconds.nullable(),
  warningSeconds: seconds.nullable(),
  at: instant,
});

export const attendanceMarkEntrySchema = z.object({
  id,
  participantId: id,
  status: enumOf<AttendanceStatus>(ATTENDANCE_STATUSES),
  reason: z.string().max(2000),
  deputy: deputySchema.nullable(),
  at: instant,
});

export const quorumRuleEntrySchema = z
  .object({
    presetId: z.union([enumOf<QuorumPresetId>(QUORUM_PRESET_IDS), z.literal("custom")]),
    numerator: z.number().int().min(1).max(1000),
    denominator: z.number().int().min(1).max(1000),
    strict: z.boolean(),
    countDeputies: z.boolean(),
  })
  .refine((r) => r.numerator <= r.denominator, "quorum fraction must be at most 1");

/** The meeting document's `live` container (plain JSON). */
export const liveContainerSchema = z.object({
  agendaEvents: z.record(z.string(), z.unknown()),
  floorEvents: z.record(z.string(), z.unknown()),
  attendanceMarks: z.record(z.string(), z.unknown()),
  quorumRule: quorumRuleEntrySchema.nullable(),
  speakingLimitSeconds: seconds,
  speakingWarningSeconds: seconds,
});
