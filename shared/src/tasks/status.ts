import { instantAt, type LocalDate, type LocalTime, minutesOfDay } from "../calendar/local-date.ts";
import { endOfWorkingDay, type WorkingCalendar } from "../calendar/working-calendar.ts";
import type { TaskStatus } from "../reminders/types.ts";
import { TaskStatusClass as Class, type TaskEventType, type TaskStatusClass } from "./types.ts";

/**
 * How status is derived from a task's event log, and when a task's deadline expires. Pure functions on
 * plain data, shared by the change functions (to check transitions) and the selectors.
 */

/** The status each status event leads to. Events not listed (edits, extensions, deletes) leave it as is. */
export const STATUS_EFFECT: Readonly<Partial<Record<TaskEventType, TaskStatus>>> = {
  created: "not_started",
  started: "in_progress",
  progress_reported: "in_progress",
  completed: "done",
  reopened: "in_progress",
};

/** Precedence among concurrent status heads (higher wins); see {@link deriveStatus}. */
const PRECEDENCE: Readonly<Partial<Record<TaskEventType, number>>> = {
  created: 0,
  started: 1,
  progress_reported: 1,
  completed: 2,
  reopened: 3,
};

/** A status event as plain data (read from the document with `str`). */
export interface StatusEventLike {
  readonly id: string;
  readonly type: TaskEventType;
  /** ISO 8601 UTC instant. */
  readonly at: string;
  readonly supersedes?: readonly string[];
}

/** A task's status as derived from its events. */
export interface DerivedStatus {
  readonly status: TaskStatus;
  /** When the task was completed (ISO UTC), while it is done; else null. */
  readonly doneAt: string | null;
  /** Ids of the current status heads, sorted (one, unless writes were concurrent). */
  readonly heads: readonly string[];
  /** True when several heads were written concurrently and the rule below chose between them. */
  readonly concurrent: boolean;
}

/** True for the event types that change status. */
export function isStatusEvent(type: TaskEventType): boolean {
  return STATUS_EFFECT[type] !== undefined;
}

/**
 * Derives status and completion time from the status events of one task (others are ignored).
 *
 * Each status event names the heads its writer saw (`supersedes`), so the events form a causal graph
 * and its heads — events nobody superseded yet — are the latest word. Normally there is one head. After
 * concurrent writes (two offline devices) there are several, and the rule is:
 *
 *   reopened  >  completed  >  started / progress_reported  >  created
 *
 * so a reopen concurrent with a completion wins: the task is open again. A reopen can only follow a
 * completion its writer saw, so the concurrent completion is a second "done" that never saw the
 * objection; showing the task done would silently bury the assigner's reason. The lead sees the reopen
 * and completes again, which supersedes both heads. A completion concurrent with a start or a progress
 * report wins (work reported as done stays done). When several completions are heads, the task was
 * done at the earliest of them.
 *
 * The result depends only on the set of events, never on the order a peer received them, so every
 * replica derives the same status (A.merge in either direction).
 *
 * @returns status "not_started" for a task without status events (not expected: createTask writes one)
 */
export function deriveStatus(events: Iterable<StatusEventLike>): DerivedStatus {
  const statusEvents: StatusEventLike[] = [];
  const superseded = new Set<string>();
  for (const e of events) {
    if (!isStatusEvent(e.type)) continue;
    statusEvents.push(e);
    for (const s of e.supersedes ?? []) superseded.add(s);
  }
  const heads = statusEvents.filter((e) => !superseded.has(e.id));
  if (heads.length === 0) return { status: "not_started", doneAt: null, heads: [], concurrent: false };
  let winner = heads[0]!;
  for (const h of heads) {
    const d = PRECEDENCE[h.type]! - PRECEDENCE[winner.type]!;
    if (d > 0 || (d === 0 && h.id < winner.id)) winner = h;
  }
  const status = STATUS_EFFECT[winner.type]!;
  let doneAt: string | null = null;
  if (status === "done") {
    for (const h of heads) {
      if (h.type === "completed" && (doneAt === null || Date.parse(h.at) < Date.parse(doneAt))) doneAt = h.at;
    }
  }
  return {
    status,
    doneAt,
    heads: heads.map((h) => h.id).sort(),
    concurrent: heads.length > 1,
  };
}

/** A due date candidate: the assigned one, or an approved extension. */
export interface DueCandidate {
  readonly date: LocalDate;
  readonly time: LocalTime | null;
  /** When it was set (ISO UTC): the assignment or edit, or the approval of the extension. */
  readonly setAt: string;
  /** The extension request it comes from; null for the assigned due date. */
  readonly extensionId: string | null;
}

/**
 * The due date in force: of the assigned due date and every approved extension, the one set last (by
 * `setAt`; an extension beats an edit at the same instant; then by id). So approving an extension moves
 * the deadline, and an assigner who later sets a new due date overrides it — and a concurrent edit and
 * approval resolve the same way on every peer.
 */
export function effectiveDue(assigned: DueCandidate, approved: readonly DueCandidate[]): DueCandidate {
  let best = assigned;
  let bestAt = Date.parse(assigned.setAt);
  for (const c of approved) {
    const at = Date.parse(c.setAt);
    const later =
      at > bestAt ||
      (at === bestAt && (best.extensionId === null || (c.extensionId ?? "") < best.extensionId));
    if (later) {
      best = c;
      bestAt = at;
    }
  }
  return best;
}

/** What a deadline needs: the due date in force and its optional time. */
export interface DueLike {
  readonly dueDate: LocalDate;
  readonly dueTime: LocalTime | null;
}

/**
 * The instant a task's deadline expires (ms UTC). A due date without a time expires at the end of that
 * working day in the calendar's zone (Asia/Ho_Chi_Minh by default), or of the next working day when it
 * falls on a weekend or holiday such as Tết — `endOfWorkingDay`, Bộ luật Dân sự 2015 art. 148. A due
 * date with a time expires at that wall-clock moment, as given, working day or not.
 *
 * @throws RangeError for a malformed date or time
 */
export function effectiveDueAt(task: DueLike, calendar: WorkingCalendar): number {
  if (task.dueTime !== null) return instantAt(task.dueDate, minutesOfDay(task.dueTime), calendar.timeZone);
  return endOfWorkingDay(task.dueDate, calendar);
}

/** What a report class needs. */
export interface ClassifiableTask extends DueLike {
  readonly status: TaskStatus;
  /** ISO UTC instant of completion while done; else null. */
  readonly doneAt: string | null;
}

/**
 * The Government Office's report class of a task at `now`: done on time when completed at or before
 * the deadline ({@link effectiveDueAt}, inclusive), done late after it; an open task is within the
 * deadline until the deadline passes (`now > deadline` is overdue), then overdue. A task completed at
 * 23:30 local on its due day is on time; one completed at 00:30 the next day is late.
 *
 * @param now ms UTC
 */
export function statusClass(task: ClassifiableTask, now: number, calendar: WorkingCalendar): TaskStatusClass {
  return classAt(task, effectiveDueAt(task, calendar), now);
}

/** {@link statusClass} with the deadline already computed (ms UTC), for loops over many tasks. */
export function classAt(
  task: Pick<ClassifiableTask, "status" | "doneAt">,
  dueAt: number,
  now: number,
): TaskStatusClass {
  if (task.status === "done" && task.doneAt !== null) {
    return Date.parse(task.doneAt) <= dueAt ? Class.DoneOnTime : Class.DoneLate;
  }
  return now <= dueAt ? Class.OpenWithinDeadline : Class.OpenOverdue;
}
