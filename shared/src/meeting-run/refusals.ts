import { DomainError, ReasonCode } from "../errors.ts";

/**
 * Finer reasons for refusals of this module, carried in `DomainError.details.reason` next to a general
 * `ReasonCode` (the one list the UI translates today). Proposed for promotion to `ReasonCode` so the
 * UI can say e.g. "the deadline has passed" instead of "not allowed now".
 */
export const RunRefusal = {
  /** Editing or deleting another member's entry. */
  NotOwner: "not_owner",
  /** The member is not (or no longer) a participant of the meeting. */
  NotInvited: "not_invited",
  /** The member is not among the consultation's named members. */
  NotNamed: "not_named",
  /** The meeting is not in a status where this is done (e.g. an invitation answered after the meeting). */
  MeetingStatus: "meeting_status",
  ConsultationNotOpen: "consultation_not_open",
  ConsultationClosed: "consultation_closed",
  /** An answer submitted after the consultation's deadline. */
  DeadlinePassed: "deadline_passed",
  /** Questions of a consultation that was sent can no longer change (answers refer to them). */
  QuestionsFrozen: "questions_frozen",
  /** Requesting the floor while the chair has no current item. */
  NoCurrentItem: "no_current_item",
  /** A second request on the same item while the first waits or speaks. */
  AlreadyRequested: "already_requested",
  /** The speaking request is not waiting (granted, ended, withdrawn or dismissed). */
  NotWaiting: "not_waiting",
  /** Ending a turn that is not being spoken. */
  NotSpeaking: "not_speaking",
  /** The meeting document has no `live` container yet (not migrated). */
  NoLiveContainer: "no_live_container",
} as const;
export type RunRefusal = (typeof RunRefusal)[keyof typeof RunRefusal];

/** A refusal because of state (the action is valid in general, not now). */
export function refuseNow(
  reason: RunRefusal,
  message: string,
  details?: Record<string, unknown>,
): DomainError {
  return new DomainError(ReasonCode.InvalidTransition, message, { reason, ...details });
}

/** A refusal because of who asks or what was asked. */
export function refuseInput(
  reason: RunRefusal,
  message: string,
  details?: Record<string, unknown>,
): DomainError {
  return new DomainError(ReasonCode.InvalidInput, message, { reason, ...details });
}
