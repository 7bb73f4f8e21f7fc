import type { LocalDate } from "../calendar/local-date.ts";
import type { MemberId } from "../ids.ts";
import type { MeetingStatus } from "../meeting/types.ts";

/**
 * Reminders (nhắc việc): what the schedule produces, and the plain subjects it is computed from. The
 * subjects are read-only snapshots the caller derives from the documents (task ledger, meeting,
 * participation, consultation); the schedule never reads a document itself.
 */

/** Push urgency, RFC 8030 §5.3 (the `Urgency` header of Web Push). */
export type Urgency = "very-low" | "low" | "normal" | "high";
/** Urgencies from least to most urgent. */
export const URGENCIES: readonly Urgency[] = ["very-low", "low", "normal", "high"];

/** What a reminder is about. */
export const SubjectType = {
  Task: "task",
  Meeting: "meeting",
  Consultation: "consultation",
  Vote: "vote",
  /** A daily digest that groups other reminders of one member. */
  Digest: "digest",
} as const;
export type SubjectType = (typeof SubjectType)[keyof typeof SubjectType];

/** Why a reminder is sent; the client turns kind + params into text (i18n key `reminder.<kind>`). */
export const ReminderKind = {
  /** A task was assigned to you (giao việc). */
  TaskAssigned: "task_assigned",
  /** Your task is due in N working days (or hours). */
  TaskDueSoon: "task_due_soon",
  /** Your task is due today. */
  TaskDueToday: "task_due_today",
  /** Your task is overdue (each working morning). */
  TaskOverdue: "task_overdue",
  /** A task you assigned is overdue past the escalation threshold (to the assigner). */
  TaskOverdueEscalated: "task_overdue_escalated",
  /** A meeting you take part in starts soon. */
  MeetingUpcoming: "meeting_upcoming",
  /** You have not opened N of the M papers of tomorrow's meeting. */
  MeetingUnopenedPapers: "meeting_unopened_papers",
  /** A written consultation you have not answered closes soon. */
  ConsultationDeadline: "consultation_deadline",
  /** A vote is open and you attend remotely. */
  VoteOpen: "vote_open",
  /** Your daily digest. */
  Digest: "digest",
} as const;
export type ReminderKind = (typeof ReminderKind)[keyof typeof ReminderKind];

/** Values the reminder text is built from. Instants are ms UTC; dates are local "yyyy-MM-dd". */
export interface ReminderParams {
  /** Title of the task, meeting, consultation or motion. */
  readonly title: string;
  /** Task: the due date as given (local date), when it has one. */
  readonly dueDate?: LocalDate;
  /** Task or consultation: the instant it expires (ms UTC). */
  readonly deadlineAt?: number;
  /** Before a deadline counted in working days: how many working days are left. */
  readonly workingDaysLeft?: number;
  /** Before a deadline or start counted in hours or days: hours left (rounded). */
  readonly hoursLeft?: number;
  /** Overdue task: this is the k-th working day after the due date (1 = the first). */
  readonly workingDayOverdue?: number;
  /** Escalation: the members responsible for the overdue task. */
  readonly assigneeMemberIds?: readonly MemberId[];
  /** Meeting: when it starts (ms UTC). */
  readonly startsAt?: number;
  /** Meeting papers: how many the recipient has not opened, and how many there are. */
  readonly unopenedPapers?: number;
  readonly totalPapers?: number;
  /** Vote: the meeting the motion belongs to. */
  readonly meetingId?: string;
  /** Digest: how many reminders it groups, and its local date. */
  readonly count?: number;
  readonly date?: LocalDate;
}

/** One reminder to one member. */
export interface Reminder {
  /**
   * Stable identity for exactly-once delivery: subject, kind, the rule's due instant (before quiet hours
   * or a digest moved it) and recipient, e.g. "task:t1:task_overdue:2027-02-15T00:30:00.000Z:m1".
   * Recomputing the schedule at another `now`, or after the member changed quiet hours, gives the same key.
   */
  readonly key: string;
  readonly subjectType: SubjectType;
  /** Id of the task, meeting, consultation or motion; for a digest, its local date. */
  readonly subjectId: string;
  readonly kind: ReminderKind;
  readonly recipientMemberId: MemberId;
  /** When to deliver it, ms UTC (after quiet hours and digest grouping). */
  readonly dueAt: number;
  /** When it stops being relevant, ms UTC (> dueAt); push TTL = expiresAt − send time. */
  readonly expiresAt: number;
  readonly urgency: Urgency;
  /** 0 to the person responsible; 1 once escalated (to the assigner, and on the assignee's own reminder). */
  readonly escalationLevel: number;
  readonly params: ReminderParams;
  /** True when a high-urgency reminder kept its time inside quiet hours (shifting would have made it useless). */
  readonly inQuietHours?: boolean;
  /** Digest only: the reminders it groups. */
  readonly items?: readonly Reminder[];
}

/** The reminders of a set of subjects at one moment, sorted by `dueAt` then `key`. */
export interface ReminderSchedule {
  /** The `now` (ms UTC) it was computed at. */
  readonly computedAt: number;
  readonly reminders: readonly Reminder[];
}

/** Task statuses (GLOSSARY: chưa thực hiện, đang thực hiện, hoàn thành). */
export type TaskStatus = "not_started" | "in_progress" | "done";

/** A task as the schedule needs it. */
export interface TaskSubject {
  readonly type: "task";
  readonly id: string;
  readonly title: string;
  readonly status: TaskStatus;
  /** When it was assigned (ms UTC): the "new task" reminder's instant; no reminder is older. */
  readonly assignedAt: number;
  /** Due date (hạn xử lý) as a local date; it expires at `endOfWorkingDay(dueDate)`. */
  readonly dueDate: LocalDate | null;
  /** Due instant when a time was given (ms UTC); wins over `dueDate`. */
  readonly dueAt?: number | null;
  /** Who is reminded: the lead person, or the members who answer for the lead unit. */
  readonly assigneeMemberIds: readonly MemberId[];
  /** Who assigned it (người giao): told when the task stays overdue. */
  readonly assignerMemberId: MemberId | null;
}

/** A meeting as the schedule needs it. */
export interface MeetingSubject {
  readonly type: "meeting";
  readonly id: string;
  readonly title: string;
  /** Only a published meeting (papers sent, not yet in session) is reminded of. */
  readonly status: MeetingStatus;
  /** When it was published (ms UTC); no reminder is older. Null while a draft. */
  readonly publishedAt: number | null;
  /** Start (ms UTC). */
  readonly startsAt: number;
  /** Invited members (participants with an account; the caller leaves out removed ones). */
  readonly participantMemberIds: readonly MemberId[];
  /** Ids of the meeting's papers (current versions). */
  readonly paperIds: readonly string[];
  /** Which papers each member has opened (read receipts), by member id. */
  readonly openedPaperIds: Readonly<Record<string, readonly string[]>>;
}

/** A written consultation (phiếu lấy ý kiến) as the schedule needs it. */
export interface ConsultationSubject {
  readonly type: "consultation";
  readonly id: string;
  readonly title: string;
  readonly status: "open" | "closed";
  /** When it was sent out (ms UTC); no reminder is older. */
  readonly openedAt: number;
  /** Answers are due by this instant (ms UTC). */
  readonly deadline: number;
  readonly recipientMemberIds: readonly MemberId[];
  readonly answeredMemberIds: readonly MemberId[];
}

/** An open vote on a motion as the schedule needs it. */
export interface VoteSubject {
  readonly type: "vote";
  /** The motion id. */
  readonly id: string;
  readonly meetingId: string;
  readonly title: string;
  readonly status: "open" | "closed";
  /** When the chair opened it (ms UTC). */
  readonly openedAt: number;
  /** When it closes, if announced (ms UTC); otherwise the reminder lives `rules.voteOpen.ttlMinutes`. */
  readonly closesAt: number | null;
  /** Members attending remotely (trực tuyến) who may vote. */
  readonly remoteVoterMemberIds: readonly MemberId[];
  readonly votedMemberIds: readonly MemberId[];
}

/** Anything the schedule reminds of. */
export type ReminderSubject = TaskSubject | MeetingSubject | ConsultationSubject | VoteSubject;
