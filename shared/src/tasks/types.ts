import type { LocalDate, LocalTime } from "../calendar/local-date.ts";
import type { Brand, MeetingId, MemberId, WorkspaceId } from "../ids.ts";
import type { UtcInstant } from "../meeting/types.ts";
import type { TaskStatus } from "../reminders/types.ts";
import type { Imm } from "../schema/immutable.ts";

// The reminder schedule already names the three task statuses; one type, two readers.
export type { TaskStatus } from "../reminders/types.ts";

export type TaskId = Brand<string, "TaskId">;
export type TaskEventId = Brand<string, "TaskEventId">;
export type ExtensionRequestId = Brand<string, "ExtensionRequestId">;

/** Task statuses in life-cycle order (GLOSSARY: chưa thực hiện, đang thực hiện, hoàn thành). */
export const TASK_STATUSES: readonly TaskStatus[] = ["not_started", "in_progress", "done"];

/** Who leads a task (chủ trì): a unit (đơn vị) or a single member (cá nhân). */
export const LeadKind = {
  Unit: "unit",
  Member: "member",
} as const;
export type LeadKind = (typeof LeadKind)[keyof typeof LeadKind];
export const LEAD_KINDS: readonly LeadKind[] = Object.values(LeadKind);

/** Priority (mức độ ưu tiên): thấp, bình thường, cao, khẩn. */
export const TaskPriority = {
  Low: "low",
  Normal: "normal",
  High: "high",
  Urgent: "urgent",
} as const;
export type TaskPriority = (typeof TaskPriority)[keyof typeof TaskPriority];
/** Priorities from least to most pressing. */
export const TASK_PRIORITIES: readonly TaskPriority[] = Object.values(TaskPriority);

/**
 * The Government Office's report classes (GLOSSARY): hoàn thành đúng hạn, hoàn thành quá hạn,
 * chưa hoàn thành – trong hạn, chưa hoàn thành – quá hạn. Always derived from the task, `now` and the
 * working calendar; never stored.
 */
export const TaskStatusClass = {
  DoneOnTime: "done_on_time",
  DoneLate: "done_late",
  OpenWithinDeadline: "open_within_deadline",
  OpenOverdue: "open_overdue",
} as const;
export type TaskStatusClass = (typeof TaskStatusClass)[keyof typeof TaskStatusClass];
export const TASK_STATUS_CLASSES: readonly TaskStatusClass[] = Object.values(TaskStatusClass);

/**
 * What happened to a task. Every change function appends one or more events; the events are the task's
 * full history, and the status events among them (see STATUS_EFFECT in status.ts) decide its status.
 */
export const TaskEventType = {
  /** Assigned (giao việc). Status not started. */
  Created: "created",
  /** Details changed: title, description, lead, support units, due date, priority, category. */
  Edited: "edited",
  /** The lead began work (bắt đầu thực hiện). Status in progress. */
  Started: "started",
  /** A progress report (báo cáo tiến độ) with text, percent and attachments. Status in progress. */
  ProgressReported: "progress_reported",
  /** Reported done (hoàn thành). Status done. */
  Completed: "completed",
  /** Sent back after completion (mở lại), with a reason. Status in progress. */
  Reopened: "reopened",
  /** An extension (gia hạn) was requested; the request lives in `Task.extensions`. */
  ExtensionRequested: "extension_requested",
  /** An extension request was approved or refused. */
  ExtensionDecided: "extension_decided",
  /** Soft-deleted. */
  Deleted: "deleted",
  /** Restored after a soft delete. */
  Restored: "restored",
} as const;
export type TaskEventType = (typeof TaskEventType)[keyof typeof TaskEventType];
export const TASK_EVENT_TYPES: readonly TaskEventType[] = Object.values(TaskEventType);

/** The one lead of a task ("one task, one lead", Decree 39/2022/NĐ-CP). Written as a whole, never per field. */
export interface TaskLead {
  kind: Imm<LeadKind>;
  /** A unit id or a member id of the workspace directory, per `kind`. */
  id: Imm;
}

/**
 * The due date (hạn xử lý), written as a whole so that a concurrent edit never pairs one peer's date
 * with another's time. `setAt` orders it against approved extensions (see effective due in status.ts).
 */
export interface TaskDue {
  /** Local calendar date in the workspace zone; expires at the end of that working day. */
  date: Imm<LocalDate>;
  /** Local time "HH:mm" when the deadline is a moment of the day rather than the whole day; else null. */
  time: Imm<LocalTime> | null;
  setAt: Imm<UtcInstant>;
  byMemberId: Imm<MemberId>;
}

/** A file attached to a progress report: a content-addressed blob (SHA-256, lower-case hex). */
export interface AttachmentRef {
  hash: Imm;
  name: string;
  /** Size in bytes. */
  size: number;
}

/** The conclusion passage a task comes from (a directive, chỉ đạo). */
export interface SourcePassage {
  /** Conclusion section (per agenda item) the passage is in, when known. */
  sectionId: Imm | null;
  /** The passage as it read when the task was made; it stays even if the conclusion is edited later. */
  quote: string;
  /** UTF-16 offsets [start, end) into that section's text (or the whole conclusion) at that time. */
  start: number;
  end: number;
}

/** Where a task comes from: a meeting and a passage of its conclusion. */
export interface TaskSource {
  meetingId: Imm<MeetingId>;
  /** automerge URL of the meeting document. */
  meetingUrl: Imm;
  passage: SourcePassage;
}

/**
 * One entry of a task's history. Written once and never changed (so concurrent writers never touch the
 * same event). Fields beyond the first five depend on `type`:
 * - status events (created, started, progress_reported, completed, reopened): `supersedes`;
 * - progress_reported: `text`, `percent`, `attachments`;
 * - completed: `text` (a closing note, may be empty); reopened: `text` (the reason);
 * - edited: `fields`, and `due` when the due date changed;
 * - extension_requested / extension_decided: `extensionId`.
 */
export interface TaskEvent {
  id: Imm<TaskEventId>;
  type: Imm<TaskEventType>;
  at: Imm<UtcInstant>;
  byMemberId: Imm<MemberId>;
  /**
   * Lamport counter: 1 + the highest `seq` of the task's events the writer had seen. An event written
   * after another always has a higher seq, so sorting by (seq, at, id) lists history in causal order.
   */
  seq: number;
  /** Ids of the status events this one follows: the status heads its writer saw. */
  supersedes?: Imm<TaskEventId>[];
  text?: string;
  /** Whole percent 0…100. */
  percent?: number;
  attachments?: AttachmentRef[];
  fields?: Imm[];
  due?: { date: Imm<LocalDate>; time: Imm<LocalTime> | null };
  extensionId?: Imm<ExtensionRequestId>;
}

/** The decision on an extension request. */
export interface ExtensionDecision {
  approved: boolean;
  byMemberId: Imm<MemberId>;
  at: Imm<UtcInstant>;
  note: string;
}

/** An extension request (đề nghị gia hạn) and, once made, its decision. */
export interface ExtensionRequest {
  id: Imm<ExtensionRequestId>;
  requestedDueDate: Imm<LocalDate>;
  requestedDueTime: Imm<LocalTime> | null;
  reason: string;
  byMemberId: Imm<MemberId>;
  at: Imm<UtcInstant>;
  decision: ExtensionDecision | null;
}

/** One task (nhiệm vụ). Title and description are collaborative text; other strings are ImmutableString. */
export interface Task {
  id: Imm<TaskId>;
  title: string;
  description: string;
  lead: TaskLead;
  /** Supporting units (đơn vị phối hợp): a map used as a set, so concurrent additions both stay. */
  supportUnitIds: Record<string, true>;
  assignerMemberId: Imm<MemberId>;
  due: TaskDue;
  priority: Imm<TaskPriority>;
  /** Free category (lĩnh vực) chosen by the workspace, e.g. "Đô thị"; "" when none. */
  category: Imm;
  source: TaskSource | null;
  events: Record<string, TaskEvent>;
  extensions: Record<string, ExtensionRequest>;
  createdAt: Imm<UtcInstant>;
  updatedAt: Imm<UtcInstant>;
  /** Soft delete. A concurrent edit to a deleted task is kept inside it, so a restore brings it back. */
  deletedAt: Imm<UtcInstant> | null;
}

/**
 * The task ledger (sổ theo dõi nhiệm vụ): one Automerge document per workspace, schema v1. Every member
 * reads it; leads report, assigners assign, and each event says who. Status, overdue and statistics
 * are derived from it, never stored.
 */
export interface LedgerDoc {
  schemaVersion: number;
  docType: Imm<"ledger">;
  workspaceId: Imm<WorkspaceId>;
  tasks: Record<string, Task>;
  createdAt: Imm<UtcInstant>;
}
