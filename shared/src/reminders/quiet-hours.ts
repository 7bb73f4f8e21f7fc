import { addDays, instantAt, type LocalTime, minutesOfDay, zonedDateTimeOf } from "../calendar/local-date.ts";
import type { Reminder } from "./types.ts";

/** A member's quiet hours: local times; `start` > `end` spans midnight ("21:00"–"07:00"). */
export interface QuietHours {
  readonly start: LocalTime;
  readonly end: LocalTime;
}

/**
 * If an instant falls in quiet hours [start, end), the instant they end; otherwise null.
 *
 * @param instantMs ms UTC
 * @param timeZone the zone the quiet hours are read in (the member's, else the workspace calendar's)
 * @returns ms UTC of the end of that quiet period, or null
 */
export function quietHoursEnd(instantMs: number, quiet: QuietHours, timeZone: string): number | null {
  const start = minutesOfDay(quiet.start);
  const end = minutesOfDay(quiet.end);
  if (start === end) return null;
  const { date, minutes } = zonedDateTimeOf(instantMs, timeZone);
  if (start < end) {
    return minutes >= start && minutes < end ? instantAt(date, end, timeZone) : null;
  }
  if (minutes >= start) return instantAt(addDays(date, 1), end, timeZone);
  if (minutes < end) return instantAt(date, end, timeZone);
  return null;
}

/**
 * Moves a reminder out of quiet hours: to the end of the quiet period, but never to or past its expiry.
 * When the end of the quiet period comes too late, a `high` urgency reminder keeps its time (marked
 * `inQuietHours`: a meeting at 06:45 must still be announced) and any other is dropped.
 *
 * @returns the reminder to deliver, or null when it is dropped
 */
export function applyQuietHours(
  reminder: Reminder,
  quiet: QuietHours | null,
  timeZone: string,
): Reminder | null {
  if (!quiet) return reminder;
  const end = quietHoursEnd(reminder.dueAt, quiet, timeZone);
  if (end === null) return reminder;
  if (end < reminder.expiresAt) return { ...reminder, dueAt: end };
  return reminder.urgency === "high" ? { ...reminder, inQuietHours: true } : null;
}
