import { DomainError, ReasonCode } from "../errors.ts";
import { computeHolidays, type Holiday } from "./holidays.ts";
import {
  addDays,
  dateParts,
  dayNumber,
  fromDayNumber,
  instantAt,
  isoWeekday,
  type LocalDate,
  minutesOfDay,
  zonedDateTimeOf,
} from "./local-date.ts";
import { type CalendarSettings, type CalendarSettingsInput, calendarSettingsSchema } from "./settings.ts";

/**
 * A working calendar: which local dates are working days, and the working hours of each, in one zone.
 * Default: a Vietnamese state body — Monday to Friday (the 40-hour week of state bodies, Quyết định
 * 188/1999/QĐ-TTg), 07:30–17:00, Asia/Ho_Chi_Minh, the public holidays of the Labour Code 2019.
 *
 * Make one with {@link createWorkingCalendar}; it is immutable and memoises each year's holidays.
 */
export interface WorkingCalendar {
  readonly settings: CalendarSettings;
  /** IANA zone every local date and time of this calendar is read in. */
  readonly timeZone: string;
  /** Start of working hours, minutes after local midnight (07:30 → 450). */
  readonly workStartMinutes: number;
  /** End of working hours, minutes after local midnight (17:00 → 1020). */
  readonly workEndMinutes: number;
}

interface YearMemo {
  readonly list: readonly Holiday[];
  readonly byDate: ReadonlyMap<LocalDate, readonly Holiday[]>;
  readonly worked: ReadonlySet<LocalDate>;
}
interface Memo {
  readonly years: Map<number, YearMemo>;
  /** Working day or not, by day number (the hot path of every working-day loop). */
  readonly working: Map<number, boolean>;
}
/** Each calendar's derived data, computed on first use (calendars are immutable). */
const memo = new WeakMap<WorkingCalendar, Memo>();

function memoOf(calendar: WorkingCalendar): Memo {
  let m = memo.get(calendar);
  if (!m) {
    m = { years: new Map(), working: new Map() };
    memo.set(calendar, m);
  }
  return m;
}

/** How many days in a row `addWorkingDays` looks at before deciding a calendar has no working day. */
const MAX_SCAN_DAYS = 3660;

/**
 * Builds a working calendar from stored settings (plain JSON; missing fields take defaults).
 * @throws DomainError `invalid_input` with zod's issues in `details.issues` when the settings are invalid
 */
export function createWorkingCalendar(settings: CalendarSettingsInput = {}): WorkingCalendar {
  const parsed = calendarSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    throw new DomainError(ReasonCode.InvalidInput, "invalid calendar settings", {
      issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
    });
  }
  const s = deepFreeze(parsed.data);
  return Object.freeze({
    settings: s,
    timeZone: s.timeZone,
    workStartMinutes: minutesOfDay(s.workingHours.start),
    workEndMinutes: minutesOfDay(s.workingHours.end),
  });
}

/** Freezes parsed settings so the memoised holidays can never go stale. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The default calendar (Asia/Ho_Chi_Minh, Mon–Fri 07:30–17:00, statutory holidays, default rules). */
export const VIETNAM_CALENDAR: WorkingCalendar = createWorkingCalendar();

function yearOf(calendar: WorkingCalendar, year: number): YearMemo {
  const { years } = memoOf(calendar);
  let y = years.get(year);
  if (!y) {
    const list = computeHolidays(year, calendar.settings);
    const byDate = new Map<LocalDate, Holiday[]>();
    for (const h of list) byDate.set(h.date, [...(byDate.get(h.date) ?? []), h]);
    const worked = new Set(calendar.settings.years[String(year)]?.extraWorkingDays ?? []);
    y = { list, byDate, worked };
    years.set(year, y);
  }
  return y;
}

/** Whether a day number is a working day (see {@link isWorkingDay}), memoised. */
function isWorkingDayNumber(n: number, calendar: WorkingCalendar): boolean {
  const { working } = memoOf(calendar);
  let w = working.get(n);
  if (w === undefined) {
    const date = fromDayNumber(n);
    const y = yearOf(calendar, dateParts(date).year);
    w =
      y.worked.has(date) ||
      (calendar.settings.workingWeekdays.includes(isoWeekday(date)) && !y.byDate.has(date));
    working.set(n, w);
  }
  return w;
}

/**
 * The holidays of a Gregorian year, sorted by date, with Vietnamese and English names and the source of
 * each (see `computeHolidays` for the rules).
 * @throws RangeError outside 1900–2199
 */
export function holidaysOf(year: number, calendar: WorkingCalendar): readonly Holiday[] {
  return yearOf(calendar, year).list;
}

/** The holidays on a local date (empty on an ordinary day; two when two holidays coincide). */
export function holidaysOn(date: LocalDate, calendar: WorkingCalendar): readonly Holiday[] {
  return yearOf(calendar, dateParts(date).year).byDate.get(date) ?? [];
}

/**
 * True when `date` is a working day: a recorded make-up working day, or a working weekday that is not a
 * holiday or compensatory day off.
 * @throws RangeError for a malformed date or a year outside 1900–2199
 */
export function isWorkingDay(date: LocalDate, calendar: WorkingCalendar): boolean {
  return isWorkingDayNumber(dayNumber(date), calendar);
}

/**
 * Moves `n` working days from `date`: n > 0 forward, n < 0 backward, not counting `date` itself
 * (addWorkingDays(Friday, 1) is the next Monday if that is a working day). n = 0 returns `date` as is,
 * working day or not.
 * @throws RangeError when n is not an integer or no working day is found within ten years
 */
export function addWorkingDays(date: LocalDate, n: number, calendar: WorkingCalendar): LocalDate {
  if (!Number.isInteger(n)) throw new RangeError(`working days must be an integer, got ${n}`);
  const step = n < 0 ? -1 : 1;
  let d = dayNumber(date);
  let left = Math.abs(n);
  let scanned = 0;
  while (left > 0) {
    d += step;
    if (isWorkingDayNumber(d, calendar)) {
      left--;
      scanned = 0;
    } else if (++scanned > MAX_SCAN_DAYS) throw new RangeError("calendar has no working days");
  }
  return n === 0 ? date : fromDayNumber(d);
}

/** `date` if it is a working day, else the next working day after it. */
export function workingDayOnOrAfter(date: LocalDate, calendar: WorkingCalendar): LocalDate {
  return isWorkingDay(date, calendar) ? date : addWorkingDays(date, 1, calendar);
}

/** `date` if it is a working day, else the last working day before it. */
export function workingDayOnOrBefore(date: LocalDate, calendar: WorkingCalendar): LocalDate {
  return isWorkingDay(date, calendar) ? date : addWorkingDays(date, -1, calendar);
}

/**
 * Number of working days d with from < d ≤ to (0 when to ≤ from). E.g. from the due date to today: how
 * many working days a task is overdue.
 */
export function workingDaysBetween(from: LocalDate, to: LocalDate, calendar: WorkingCalendar): number {
  let count = 0;
  const end = dayNumber(to);
  for (let d = dayNumber(from) + 1; d <= end; d++) {
    if (isWorkingDayNumber(d, calendar)) count++;
  }
  return count;
}

/** The local date of an instant (ms UTC) on this calendar's wall clock. */
export function calendarDateOf(instantMs: number, calendar: WorkingCalendar): LocalDate {
  return zonedDateTimeOf(instantMs, calendar.timeZone).date;
}

/** The instant (ms UTC) working hours start on a local date (07:30 +07:00 by default), working day or not. */
export function startOfWorkingHours(date: LocalDate, calendar: WorkingCalendar): number {
  return instantAt(date, calendar.workStartMinutes, calendar.timeZone);
}

/** The instant (ms UTC) working hours end on a local date (17:00 +07:00 by default), working day or not. */
export function endOfWorkingHours(date: LocalDate, calendar: WorkingCalendar): number {
  return instantAt(date, calendar.workEndMinutes, calendar.timeZone);
}

/**
 * The instant a due date expires: the last millisecond (23:59:59.999 local) of that working day, or of
 * the next working day when the due date is not one. A task is overdue when `now > endOfWorkingDay(due)`.
 *
 * Why the end of the day and not 17:00: a deadline counted in days ends at 24:00 of its last day, and
 * when that day is a weekend or holiday it ends at the end of the next working day (Bộ luật Dân sự 2015,
 * Điều 148 khoản 1, 5 and 6). A report sent at 18:00 on the due date is on time, as the Government
 * Office's "completed on time" class counts it. Use {@link endOfWorkingHours} for "before close of
 * business".
 *
 * @param date the due date "yyyy-MM-dd" (a calendar date without a time, GLOSSARY "due date")
 * @returns ms UTC
 */
export function endOfWorkingDay(date: LocalDate, calendar: WorkingCalendar): number {
  const last = workingDayOnOrAfter(date, calendar);
  return instantAt(addDays(last, 1), 0, calendar.timeZone) - 1;
}

/** True when the instant (ms UTC) lies in working hours [start, end) of a working day. */
export function isWithinWorkingHours(instantMs: number, calendar: WorkingCalendar): boolean {
  const { date, minutes } = zonedDateTimeOf(instantMs, calendar.timeZone);
  return (
    isWorkingDay(date, calendar) && minutes >= calendar.workStartMinutes && minutes < calendar.workEndMinutes
  );
}

/**
 * The next start of working hours at or after an instant: the same day's start if the instant is on a
 * working day at or before it, otherwise the start on the next working day. This is where a reminder
 * that waits for "the working morning" lands.
 *
 * @param instantMs ms UTC
 * @returns ms UTC, ≥ instantMs
 */
export function nextWorkingMorning(instantMs: number, calendar: WorkingCalendar): number {
  const { date } = zonedDateTimeOf(instantMs, calendar.timeZone);
  if (isWorkingDay(date, calendar)) {
    const start = startOfWorkingHours(date, calendar);
    if (instantMs <= start) return start;
  }
  return startOfWorkingHours(addWorkingDays(date, 1, calendar), calendar);
}
