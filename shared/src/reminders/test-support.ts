import { VIETNAM_CALENDAR } from "../calendar/working-calendar.ts";
import type { MemberId } from "../ids.ts";
import { zonedToUtc } from "../time.ts";
import {
  DEFAULT_REMINDER_RULES,
  type MemberReminderPreferencesInput,
  parseMemberPreferences,
} from "./rules.ts";
import { computeReminderSchedule } from "./schedule.ts";
import type { Reminder, ReminderSubject, TaskSubject } from "./types.ts";

/** Test helpers for the reminder schedule (not exported from the package). */

export const cal = VIETNAM_CALENDAR;
export const member = (id: string) => id as MemberId;
export const lead = member("lead");
export const chair = member("chair");

/** ms UTC of a wall-clock time in Asia/Ho_Chi_Minh. */
export function vn(date: string, time: string): number {
  return Date.parse(zonedToUtc(date, time));
}

/** Reminder instants as local "yyyy-MM-dd HH:mm" (Asia/Ho_Chi_Minh), for readable expectations. */
export function local(ms: number): string {
  return new Date(ms + 7 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
}

export function task(overrides: Partial<TaskSubject> = {}): TaskSubject {
  return {
    type: "task",
    id: "t1",
    title: "Báo cáo tiến độ giải ngân vốn đầu tư công",
    status: "in_progress",
    assignedAt: vn("2026-02-23", "09:00"),
    dueDate: "2026-03-09",
    dueAt: null,
    assigneeMemberIds: [lead],
    assignerMemberId: chair,
    ...overrides,
  };
}

/** Computes a schedule with default rules and the given preferences per member. */
export function schedule(
  subjects: readonly ReminderSubject[],
  now: number,
  prefs: Record<string, MemberReminderPreferencesInput> = {},
  rules = DEFAULT_REMINDER_RULES,
): readonly Reminder[] {
  return computeReminderSchedule({
    subjects,
    calendar: cal,
    rules,
    now,
    preferencesOf: (m) => (prefs[m] ? parseMemberPreferences(prefs[m]) : undefined),
  }).reminders;
}

/** Compact view: "kind → recipient @ local due time". */
export function brief(rs: readonly Reminder[]): string[] {
  return rs.map((r) => `${r.kind} → ${r.recipientMemberId} @ ${local(r.dueAt)}`);
}
