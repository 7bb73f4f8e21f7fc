import type { Brand } from "../ids.ts";
import type { UtcInstant } from "../meeting/types.ts";
import type { Imm } from "../schema/immutable.ts";

/*
 * Entries that running a meeting writes into the meeting and participation documents.
 *
 * Ownership and keys (STYLE.md "Each member owns their own entries"):
 * - In the participation document every entry a member writes sits at the key
 *   `${memberId}:${entryId}` (see `entryKey`), in a flat map. Every write is a new key, so two devices
 *   of the same member working offline never create the same nested map concurrently (one of the two
 *   would be lost), and the relay can check that the key's member is the writer. Selectors ignore an
 *   entry whose key does not match its own `memberId` and `id`.
 * - In the meeting document (chair and secretaries) the live record is append-only events at fresh
 *   ids; current state (current item, who speaks, queue order, effective attendance) is derived from
 *   them, never stored, so concurrent presses of the chair and a secretary both survive and every peer
 *   derives the same state.
 */

export type DiscussionQuestionId = Brand<string, "DiscussionQuestionId">;
export type OpinionId = Brand<string, "OpinionId">;
export type SpeakingRequestId = Brand<string, "SpeakingRequestId">;

/** A participant's answer to the invitation (giấy mời): attend, decline, or send a deputy. */
export const InvitationResponse = {
  Confirmed: "confirmed",
  Declined: "declined",
  Deputy: "deputy",
} as const;
export type InvitationResponse = (typeof InvitationResponse)[keyof typeof InvitationResponse];
export const INVITATION_RESPONSES: readonly InvitationResponse[] = Object.values(InvitationResponse);

/**
 * Attendance (điểm danh): có mặt, trực tuyến, vắng có lý do, vắng, cử người dự thay (GLOSSARY.md).
 */
export const AttendanceStatus = {
  Present: "present",
  Remote: "remote",
  AbsentWithReason: "absent_with_reason",
  Absent: "absent",
  Deputy: "deputy",
} as const;
export type AttendanceStatus = (typeof AttendanceStatus)[keyof typeof AttendanceStatus];
export const ATTENDANCE_STATUSES: readonly AttendanceStatus[] = Object.values(AttendanceStatus);

/** What a member may say of themselves on their own device: here in the room, or here online. */
export type SelfCheckInStatus = typeof AttendanceStatus.Present | typeof AttendanceStatus.Remote;
export const SELF_CHECK_IN_STATUSES: readonly SelfCheckInStatus[] = [
  AttendanceStatus.Present,
  AttendanceStatus.Remote,
];

/** A member's position in an opinion (ý kiến): đồng ý, không đồng ý, ý kiến khác. */
export const Stance = {
  Agree: "agree",
  Disagree: "disagree",
  Other: "other",
} as const;
export type Stance = (typeof Stance)[keyof typeof Stance];
export const STANCES: readonly Stance[] = Object.values(Stance);

/** What the chair does to the agenda clock: start (or resume, or restart) an item, pause it, stop it. */
export const AgendaEventKind = {
  Start: "start",
  Pause: "pause",
  Stop: "stop",
} as const;
export type AgendaEventKind = (typeof AgendaEventKind)[keyof typeof AgendaEventKind];
export const AGENDA_EVENT_KINDS: readonly AgendaEventKind[] = Object.values(AgendaEventKind);

/** What the chair does to a speaking request: place it in the queue, give the floor, end the turn, drop it. */
export const FloorEventKind = {
  Order: "order",
  Grant: "grant",
  End: "end",
  Dismiss: "dismiss",
} as const;
export type FloorEventKind = (typeof FloorEventKind)[keyof typeof FloorEventKind];
export const FLOOR_EVENT_KINDS: readonly FloorEventKind[] = Object.values(FloorEventKind);

// ---- participation document entries (each member writes only their own) ----

/** A deputy (người dự thay): a directory member when known, always a name. */
export interface DeputyEntry {
  memberId: Imm | null;
  name: string;
}

/** A member's answer to the invitation, in `attendance`. The latest (by `at`, then id) is in force. */
export interface InvitationResponseEntry {
  type: Imm<"invitation_response">;
  id: Imm;
  memberId: Imm;
  response: Imm<InvitationResponse>;
  /** Why the member declines or sends a deputy; "" when confirming. */
  reason: string;
  deputy: DeputyEntry | null;
  at: Imm<UtcInstant>;
}

/** A member checking in on their own device, in `attendance`. */
export interface CheckInEntry {
  type: Imm<"check_in">;
  id: Imm;
  memberId: Imm;
  status: Imm<SelfCheckInStatus>;
  at: Imm<UtcInstant>;
}

/** What the participation document's `attendance` container holds (discriminated on `type`). */
export type AttendanceEntry = InvitationResponseEntry | CheckInEntry;

/**
 * A written opinion (ý kiến) on an agenda item or on one of its discussion questions, or a reply to an
 * opinion. Replies have `parentId` (always the top-level opinion of the thread) and no stance.
 */
export interface OpinionEntry {
  id: Imm<OpinionId>;
  memberId: Imm;
  agendaItemId: Imm;
  questionId: Imm | null;
  parentId: Imm | null;
  stance: Imm<Stance> | null;
  /** Collaborative text, edited only by its author (their devices merge). */
  text: string;
  createdAt: Imm<UtcInstant>;
  editedAt: Imm<UtcInstant> | null;
  /** Soft delete: a reply to it keeps its thread; a concurrent edit is kept inside, never shown. */
  deletedAt: Imm<UtcInstant> | null;
}

/** A member asking for the floor (đăng ký phát biểu) on an agenda item. */
export interface SpeakingRequestEntry {
  id: Imm<SpeakingRequestId>;
  memberId: Imm;
  agendaItemId: Imm;
  /** Optional note to the chair, e.g. "tranh luận" (debate) or the topic. */
  note: string;
  requestedAt: Imm<UtcInstant>;
  /** Set by the member; ignored once the floor was granted (the turn happened). */
  withdrawnAt: Imm<UtcInstant> | null;
}

/** The participation document's containers as this module types them (see report: tighten ParticipationDoc). */
export interface ParticipationRunContainers {
  attendance: Record<string, AttendanceEntry>;
  opinions: Record<string, OpinionEntry>;
  speakingRequests: Record<string, SpeakingRequestEntry>;
}

// ---- meeting document entries (chair and secretaries) ----

/** A discussion question (vấn đề xin ý kiến) the secretary sets on an agenda item. */
export interface DiscussionQuestionEntry {
  id: Imm<DiscussionQuestionId>;
  agendaItemId: Imm;
  /** Collaborative text. */
  text: string;
  /** Fractional-index key among the item's questions (ties broken by id). */
  orderKey: Imm;
  createdAt: Imm<UtcInstant>;
  updatedAt: Imm<UtcInstant>;
  deletedAt: Imm<UtcInstant> | null;
}

/** One press on the agenda clock. */
export interface AgendaEventEntry {
  id: Imm;
  kind: Imm<AgendaEventKind>;
  agendaItemId: Imm;
  at: Imm<UtcInstant>;
}

/** One chair action on a speaking request. Fields a kind does not use are null. */
export interface FloorEventEntry {
  id: Imm;
  kind: Imm<FloorEventKind>;
  requestId: Imm;
  /** The requesting member, copied so the room display needs no participation document. */
  memberId: Imm;
  agendaItemId: Imm;
  /** `order`: the queue position (fractional index). */
  orderKey: Imm | null;
  /** `grant`: the speaking limit and the warning threshold, whole seconds (0 = no limit). */
  limitSeconds: number | null;
  warningSeconds: number | null;
  at: Imm<UtcInstant>;
}

/** The secretary marking a participant's attendance (roll call). Keyed `${participantId}:${id}`. */
export interface AttendanceMarkEntry {
  id: Imm;
  participantId: Imm;
  status: Imm<AttendanceStatus>;
  reason: string;
  deputy: DeputyEntry | null;
  at: Imm<UtcInstant>;
}

/** Ids of the quorum presets (see quorum.ts). */
export const QuorumPresetId = {
  GovernmentSession: "government_session",
  CouncilSession: "council_session",
  Majority: "majority",
} as const;
export type QuorumPresetId = (typeof QuorumPresetId)[keyof typeof QuorumPresetId];
export const QUORUM_PRESET_IDS: readonly QuorumPresetId[] = Object.values(QuorumPresetId);

/** A quorum rule as stored: the full spec, plus which preset it came from ("custom" when edited). */
export interface QuorumRuleEntry {
  presetId: Imm<QuorumPresetId | "custom">;
  numerator: number;
  denominator: number;
  strict: boolean;
  countDeputies: boolean;
}

/**
 * The meeting document's `live` container (proposed; added by migration step `v2-meeting-live`, see
 * live.ts): what the chair and secretaries record while running the meeting. Event maps are
 * append-only; the scalar settings are last-writer-wins (one value, no container is created).
 */
export interface LiveContainer {
  agendaEvents: Record<string, AgendaEventEntry>;
  floorEvents: Record<string, FloorEventEntry>;
  attendanceMarks: Record<string, AttendanceMarkEntry>;
  /** null: the default for the meeting's kind (`defaultQuorumRule`). Replaced as a whole object. */
  quorumRule: QuorumRuleEntry | null;
  /** Default speaking limit for a turn, whole seconds; 0 = no limit. */
  speakingLimitSeconds: number;
  /** Warn when this many seconds of a turn remain. */
  speakingWarningSeconds: number;
}

/** The meeting document's containers as this module types them. */
export interface MeetingRunContainers {
  discussionQuestions: Record<string, DiscussionQuestionEntry>;
  live?: LiveContainer;
}
