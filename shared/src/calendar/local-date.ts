import { tzOffset } from "@date-fns/tz";

/**
 * Local calendar dates and wall-clock times, and their conversion to and from UTC instants.
 *
 * A `LocalDate` is a date without a zone ("yyyy-MM-dd"), as a due date or a holiday is. Its arithmetic
 * (add days, weekday) is pure integer math on day numbers and never touches the host's time zone; only
 * `instantAt` and `zonedDateTimeOf` look at a zone, through the IANA data of the runtime, so the result
 * is the same on a relay in UTC and on a laptop in Paris.
 */

/** A calendar date "yyyy-MM-dd" (ISO 8601 calendar date, proleptic Gregorian). */
export type LocalDate = string;
/** A 24-hour wall-clock time "HH:mm". */
export type LocalTime = string;

/** One day in milliseconds (days are 24 h in the zones we care about: Vietnam has no daylight saving). */
export const DAY_MS = 86_400_000;
/** One hour in milliseconds. */
export const HOUR_MS = 3_600_000;
/** One minute in milliseconds. */
export const MINUTE_MS = 60_000;

const LOCAL_TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Value of the ASCII digits s[from, to), or -1 when one is not a digit. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Parses "yyyy-MM-dd" without a regex or a Date (this sits in every calendar loop); null if not a real date. */
function parse(s: string): { year: number; month: number; day: number } | null {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 7);
  const day = digits(s, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** True when `s` is a real calendar date "yyyy-MM-dd" (e.g. "2027-02-30" is not). */
export function isLocalDate(s: string): boolean {
  return parse(s) !== null;
}

/** True when `s` is a 24-hour time "HH:mm" (00:00 … 23:59). */
export function isLocalTime(s: string): boolean {
  return LOCAL_TIME_RE.test(s);
}

/**
 * Splits a local date into numbers.
 * @throws RangeError when `date` is not a real "yyyy-MM-dd" date
 */
export function dateParts(date: LocalDate): { year: number; month: number; day: number } {
  const p = parse(date);
  if (!p) throw new RangeError(`invalid local date: ${date}`);
  return p;
}

/** Builds "yyyy-MM-dd" from numbers (month 1–12). Does not validate; see {@link isLocalDate}. */
export function localDate(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * Day number of a local date: whole days since 1970-01-01 (which is day 0). Negative before 1970.
 * @throws RangeError when `date` is malformed
 */
export function dayNumber(date: LocalDate): number {
  const { year, month, day } = dateParts(date);
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** The local date of a day number (inverse of {@link dayNumber}). */
export function fromDayNumber(n: number): LocalDate {
  const d = new Date(n * DAY_MS);
  return localDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** `date` plus `n` calendar days (n may be negative). */
export function addDays(date: LocalDate, n: number): LocalDate {
  return fromDayNumber(dayNumber(date) + n);
}

/** ISO 8601 weekday of a local date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/** Minutes after local midnight of "HH:mm". @throws RangeError when malformed */
export function minutesOfDay(time: LocalTime): number {
  const m = LOCAL_TIME_RE.exec(time);
  if (!m) throw new RangeError(`invalid local time: ${time}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Number of days in a Gregorian month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return MONTH_DAYS[month - 1]!;
}

/** Offsets by zone and quarter hour: zones change offset at whole quarter hours, and Intl is slow. */
const offsetCache = new Map<string, Map<number, number>>();
const QUARTER_HOUR_MS = 15 * MINUTE_MS;

/** UTC offset of `timeZone` at `instantMs`, in milliseconds (Asia/Ho_Chi_Minh → +25 200 000). */
export function offsetMs(timeZone: string, instantMs: number): number {
  let zone = offsetCache.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsetCache.set(timeZone, zone);
  }
  const bucket = Math.floor(instantMs / QUARTER_HOUR_MS);
  let offset = zone.get(bucket);
  if (offset === undefined) {
    const minutes = tzOffset(timeZone, new Date(bucket * QUARTER_HOUR_MS));
    if (Number.isNaN(minutes)) throw new RangeError(`unknown time zone: ${timeZone}`);
    offset = minutes * MINUTE_MS;
    if (zone.size > 50_000) zone.clear();
    zone.set(bucket, offset);
  }
  return offset;
}

/**
 * The UTC instant (ms since the Unix epoch) of a wall-clock moment in a zone.
 *
 * @param date local date "yyyy-MM-dd"
 * @param minutes minutes after local midnight (0 … 1440; 1440 is the next midnight)
 * @param timeZone IANA zone name, e.g. "Asia/Ho_Chi_Minh"
 * @returns ms UTC. In a zone with daylight saving a skipped wall time resolves to the instant after the
 *   gap; Vietnam has had UTC+7 without daylight saving since 1975, so there this is exact.
 * @throws RangeError when the date is malformed or the zone unknown
 */
export function instantAt(date: LocalDate, minutes: number, timeZone: string): number {
  const wall = dayNumber(date) * DAY_MS + minutes * MINUTE_MS;
  const guess = wall - offsetMs(timeZone, wall);
  return wall - offsetMs(timeZone, guess);
}

/** The start (00:00, ms UTC) of a local date in a zone. */
export function startOfLocalDay(date: LocalDate, timeZone: string): number {
  return instantAt(date, 0, timeZone);
}

/** A wall-clock reading of an instant in a zone. */
export interface ZonedDateTime {
  /** Local calendar date "yyyy-MM-dd". */
  readonly date: LocalDate;
  /** Minutes after local midnight, 0 … 1439 (fractions of a minute are cut off). */
  readonly minutes: number;
}

/**
 * Reads an instant on the wall clock of a zone (the host's own zone plays no part).
 * @param instantMs ms UTC
 */
export function zonedDateTimeOf(instantMs: number, timeZone: string): ZonedDateTime {
  const wall = instantMs + offsetMs(timeZone, instantMs);
  const day = Math.floor(wall / DAY_MS);
  return { date: fromDayNumber(day), minutes: Math.floor((wall - day * DAY_MS) / MINUTE_MS) };
}

/** The local date of an instant (ms UTC) in a zone. */
export function localDateOf(instantMs: number, timeZone: string): LocalDate {
  return zonedDateTimeOf(instantMs, timeZone).date;
}
