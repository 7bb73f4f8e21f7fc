import { dateParts, zonedDateTimeOf } from "../calendar/local-date.ts";
import type { WorkingCalendar } from "../calendar/working-calendar.ts";
import type { TaskStatus } from "../reminders/types.ts";
import type { TaskView } from "./selectors.ts";
import { classAt, effectiveDueAt } from "./status.ts";
import { TASK_PRIORITIES, type TaskPriority, type TaskStatusClass } from "./types.ts";

/** Counts of tasks by report class, and their total. */
export interface ClassCounts {
  readonly total: number;
  readonly done_on_time: number;
  readonly done_late: number;
  readonly open_within_deadline: number;
  readonly open_overdue: number;
}

/** Class counts of one lead unit. `unitId` null: led by a member whose unit is unknown. */
export interface UnitCounts extends ClassCounts {
  readonly unitId: string | null;
}

/** Class counts of one category ("" = none). */
export interface CategoryCounts extends ClassCounts {
  readonly category: string;
}

/** Class counts of one month ("yyyy-MM") of deadlines, with that month's on-time rate. */
export interface MonthCounts extends ClassCounts {
  readonly month: string;
  readonly onTimeRate: number | null;
}

/** The virtual secretary's statistics over a ledger (issue 8, item 6). */
export interface LedgerStatistics {
  /** The `now` (ms UTC) the classes were computed at. */
  readonly computedAt: number;
  /** All counted tasks by class. */
  readonly classes: ClassCounts;
  readonly byStatus: Readonly<Record<TaskStatus, number>>;
  readonly byPriority: Readonly<Record<TaskPriority, number>>;
  /** By lead unit, most tasks first (then by id; null last). */
  readonly byUnit: readonly UnitCounts[];
  /** By category, most tasks first (then by name). */
  readonly byCategory: readonly CategoryCounts[];
  /** Done on time ÷ done (0…1); null when nothing is done. */
  readonly onTimeRate: number | null;
  /** One entry per month of deadlines, oldest first, months without tasks included (zeros). */
  readonly monthly: readonly MonthCounts[];
}

/** What statistics read of a task. */
export type StatisticsTask = Pick<
  TaskView,
  "status" | "doneAt" | "dueDate" | "dueTime" | "lead" | "category" | "priority" | "deletedAt"
>;

/** Options of {@link ledgerStatistics}. */
export interface StatisticsOptions {
  /** Clock reading, ms UTC: open tasks past their deadline at `now` are overdue. */
  readonly now: number;
  readonly calendar: WorkingCalendar;
  /** Period, ms UTC: only tasks whose deadline lies in [from, to) count. Either bound may be absent. */
  readonly from?: number;
  readonly to?: number;
  /**
   * The unit of a member, for tasks led by a person (from the directory); those tasks count under
   * `unitId: null` without it.
   */
  readonly unitOfMember?: (memberId: string) => string | null | undefined;
}

/** More months than this in the trend's span: it lists only the months that have tasks. */
const MAX_FILLED_MONTHS = 1200;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function emptyCounts(): Mutable<ClassCounts> {
  return { total: 0, done_on_time: 0, done_late: 0, open_within_deadline: 0, open_overdue: 0 };
}

function add(counts: Mutable<ClassCounts>, cls: TaskStatusClass): void {
  counts.total++;
  counts[cls]++;
}

function group<K>(groups: Map<K, Mutable<ClassCounts>>, key: K): Mutable<ClassCounts> {
  let counts = groups.get(key);
  if (!counts) {
    counts = emptyCounts();
    groups.set(key, counts);
  }
  return counts;
}

function rate(c: ClassCounts): number | null {
  const done = c.done_on_time + c.done_late;
  return done === 0 ? null : c.done_on_time / done;
}

function monthIndex(month: string): number {
  const { year, month: m } = dateParts(`${month}-01`);
  return year * 12 + (m - 1);
}

function monthOfIndex(i: number): string {
  return `${String(Math.floor(i / 12)).padStart(4, "0")}-${String((i % 12) + 1).padStart(2, "0")}`;
}

/**
 * Counts tasks by lead unit, category, status, priority and report class, the on-time rate, and a
 * monthly trend. Deleted tasks never count.
 *
 * Month bucketing: a task belongs to the month of its deadline — the local date, in the calendar's
 * zone, of the instant its due date in force expires (effectiveDueAt; a due date on a Saturday 31st
 * expires on the Monday, so it counts in the next month). Each task is in exactly one month whatever its
 * status, so a month's row answers "of the tasks due that month, how many were done on time, late, or
 * are still open" — on-time performance per period of deadlines — and a task does not change month
 * when it is completed (completion month would count throughput instead, and move late work into the
 * month it was finally done). The period (`from`, `to`) selects tasks by the same deadline.
 *
 * Pure and linear: one deadline per task (working-day lookups are memoised by the calendar), no sort
 * but of the groups. See the report for the figure on 20,000 tasks.
 */
export function ledgerStatistics(
  tasks: readonly StatisticsTask[],
  options: StatisticsOptions,
): LedgerStatistics {
  const { now, calendar, from, to, unitOfMember } = options;
  const classes = emptyCounts();
  const byStatus: Record<TaskStatus, number> = { not_started: 0, in_progress: 0, done: 0 };
  const byPriority = Object.fromEntries(TASK_PRIORITIES.map((p) => [p, 0])) as Record<TaskPriority, number>;
  const units = new Map<string | null, Mutable<ClassCounts>>();
  const categories = new Map<string, Mutable<ClassCounts>>();
  const months = new Map<number, Mutable<ClassCounts>>();

  for (const t of tasks) {
    if (t.deletedAt) continue;
    const dueAt = effectiveDueAt(t, calendar);
    if ((from !== undefined && dueAt < from) || (to !== undefined && dueAt >= to)) continue;
    const cls = classAt(t, dueAt, now);
    add(classes, cls);
    byStatus[t.status]++;
    byPriority[t.priority]++;

    const unitId = t.lead.kind === "unit" ? t.lead.id : (unitOfMember?.(t.lead.id) ?? null);
    add(group(units, unitId), cls);
    add(group(categories, t.category), cls);
    const date = zonedDateTimeOf(dueAt, calendar.timeZone).date;
    add(group(months, Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1), cls);
  }

  const byUnit: UnitCounts[] = [...units].map(([unitId, c]) => ({ unitId, ...c }));
  byUnit.sort(
    (a, b) =>
      b.total - a.total ||
      (a.unitId === null ? 1 : 0) - (b.unitId === null ? 1 : 0) ||
      (a.unitId ?? "").localeCompare(b.unitId ?? ""),
  );
  const byCategory: CategoryCounts[] = [...categories].map(([category, c]) => ({ category, ...c }));
  byCategory.sort((a, b) => b.total - a.total || a.category.localeCompare(b.category, "vi"));

  // Months from the period's bounds (when given) or the first and last deadline, gaps filled with zeros.
  let indices = [...months.keys()].sort((a, b) => a - b);
  const monthAt = (ms: number) => monthIndex(zonedDateTimeOf(ms, calendar.timeZone).date.slice(0, 7));
  const first = from !== undefined ? monthAt(from) : indices[0];
  const last = to !== undefined ? monthAt(to - 1) : indices.at(-1);
  if (first !== undefined && last !== undefined && last >= first && last - first < MAX_FILLED_MONTHS) {
    indices = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  }
  const monthly: MonthCounts[] = indices.map((i) => {
    const c = months.get(i) ?? emptyCounts();
    return { month: monthOfIndex(i), ...c, onTimeRate: rate(c) };
  });

  return {
    computedAt: now,
    classes,
    byStatus,
    byPriority,
    byUnit,
    byCategory,
    onTimeRate: rate(classes),
    monthly,
  };
}
