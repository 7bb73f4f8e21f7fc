import { addDays, dateParts, type LocalDate } from "../calendar/local-date.ts";
import type { TaskView } from "../tasks/selectors.ts";
import type { TaskPriority, TaskStatus } from "../tasks/types.ts";
import { DEFAULT_TIME_ZONE, zonedToUtc } from "../time.ts";
import { calendarFile, type IcsEvent, icsText, utcMs } from "./serialize.ts";

/** The words of the feed (Vietnamese by default: the file leaves the app, so the UI catalog cannot reach it). */
export interface TaskFeedLabels {
  readonly due: string;
  readonly done: string;
  readonly lead: string;
  readonly dueLine: string;
  readonly extended: string;
  readonly status: string;
  readonly priority: string;
  readonly openInApp: string;
  readonly statuses: Readonly<Record<TaskStatus, string>>;
  readonly priorities: Readonly<Record<TaskPriority, string>>;
}

export const VI_TASK_FEED_LABELS: TaskFeedLabels = {
  due: "Hạn",
  done: "Đã hoàn thành",
  lead: "Chủ trì",
  dueLine: "Hạn xử lý",
  extended: "đã gia hạn",
  status: "Trạng thái",
  priority: "Mức độ",
  openInApp: "Xem trong HọpSố",
  statuses: { not_started: "chưa thực hiện", in_progress: "đang thực hiện", done: "hoàn thành" },
  priorities: { low: "thấp", normal: "bình thường", high: "cao", urgent: "khẩn" },
};

/** What {@link taskDueFeedIcs} needs besides the tasks. */
export interface TaskFeedOptions {
  /** Clock reading (ms) written as DTSTAMP of every event. */
  readonly now: number;
  /** X-WR-CALNAME, the name a calendar shows for the subscription. */
  readonly calendarName: string;
  /** Zone of due times ("HH:mm"); default Asia/Ho_Chi_Minh. */
  readonly timeZone?: string;
  /** Absolute address of a task in the app (the library refuses relative URLs). */
  readonly taskUrl: (taskId: string) => string;
  /** Name of the lead unit or member, for the description; omitted when not given or "". */
  readonly leadName?: (lead: TaskView["lead"]) => string;
  /** Keep completed tasks (marked done in the summary); default true. */
  readonly includeDone?: boolean;
  readonly labels?: TaskFeedLabels;
}

/** Stable UID of a task's due-date event (RFC 5545 § 3.8.4.7): the same task always replaces its event. */
export function taskEventUid(taskId: string): string {
  return `task-${taskId}@hopso`;
}

function dateArray(date: LocalDate): [number, number, number] {
  const { year, month, day } = dateParts(date);
  return [year, month, day];
}

function dd(date: LocalDate): string {
  const { year, month, day } = dateParts(date);
  return `${String(day).padStart(2, "0")}/${String(month).padStart(2, "0")}/${year}`;
}

function taskEvent(task: TaskView, options: TaskFeedOptions, labels: TaskFeedLabels, tz: string): IcsEvent {
  const lead = options.leadName?.(task.lead)?.trim();
  const status =
    task.status === "in_progress" && task.percent > 0
      ? `${labels.statuses.in_progress} (${task.percent}%)`
      : labels.statuses[task.status];
  const description = [
    lead ? `${labels.lead}: ${lead}` : "",
    `${labels.dueLine}: ${dd(task.dueDate)}${task.dueTime ? ` ${task.dueTime}` : ""}${task.extended ? ` (${labels.extended})` : ""}`,
    `${labels.status}: ${status}`,
    `${labels.priority}: ${labels.priorities[task.priority]}`,
    icsText(task.description) ? `\n${icsText(task.description)}` : "",
    `\n${labels.openInApp}: ${options.taskUrl(task.id)}`,
  ]
    .filter(Boolean)
    .join("\n");
  const common = {
    uid: taskEventUid(task.id),
    timestamp: options.now,
    title: `${task.status === "done" ? labels.done : labels.due}: ${icsText(task.title)}`,
    description,
    url: options.taskUrl(task.id),
    // A sequence that grows with every change: the task's history only ever gains events.
    sequence: Math.max(0, task.history.length - 1),
    created: utcMs(task.createdAt),
    lastModified: utcMs(task.updatedAt),
    transp: "TRANSPARENT" as const,
    ...(icsText(task.category) ? { categories: [icsText(task.category).replace(/,/gu, " ")] } : {}),
  };
  if (task.dueTime === null) {
    // A due date is a whole day (GLOSSARY: it expires at the end of that working day): an all-day event,
    // DTEND the next day (§ 3.6.1: DTEND of a DATE event is exclusive).
    return { ...common, start: dateArray(task.dueDate), end: dateArray(addDays(task.dueDate, 1)) };
  }
  // A due time is a moment: DTSTART at that instant in UTC and no DTEND, which § 3.6.1 reads as an event
  // ending when it starts. The library's types insist on an end or a duration; its schema does not.
  const start = utcMs(zonedToUtc(task.dueDate, task.dueTime, tz));
  return { ...common, start, startInputType: "utc", startOutputType: "utc" } as IcsEvent;
}

/**
 * A calendar feed of task due dates (for "subscribe to calendar"): one event per task, all day on the
 * due date in force (after approved extensions) or at the due time in the workspace zone when there is
 * one. Deleted tasks are left out, so a calendar that refreshes the feed drops them; UIDs are stable
 * and SEQUENCE grows with each change of a task. Events are transparent (a deadline does not make
 * anyone busy).
 *
 * @param tasks `taskViews(ledger)` or any selection of them
 * @throws DomainError(invalid_input) for a task URL the library refuses; RangeError for a bad date, time or zone
 */
export function taskDueFeedIcs(tasks: readonly TaskView[], options: TaskFeedOptions): string {
  const labels = options.labels ?? VI_TASK_FEED_LABELS;
  const tz = options.timeZone ?? DEFAULT_TIME_ZONE;
  const events = tasks
    .filter((t) => t.deletedAt === null && (options.includeDone !== false || t.status !== "done"))
    .map((t) => taskEvent(t, options, labels, tz));
  return calendarFile(events, { calName: icsText(options.calendarName) });
}
