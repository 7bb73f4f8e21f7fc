import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

/** The default time zone of HọpSố: Vietnam, UTC+7, no daylight saving. */
export const DEFAULT_TIME_ZONE = "Asia/Ho_Chi_Minh";

/**
 * Converts a wall-clock date and time in an IANA zone to a UTC instant.
 *
 * @param date local calendar date "yyyy-MM-dd"
 * @param time local 24-hour time "HH:mm"
 * @param timeZone IANA zone name
 * @returns ISO 8601 UTC instant with milliseconds ("…Z")
 * @throws RangeError when the date or time is malformed or the zone is unknown
 */
export function zonedToUtc(date: string, time: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) throw new RangeError(`invalid local date/time: ${date} ${time}`);
  const [y, mo, da] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [h, mi] = [Number(t[1]), Number(t[2])];
  if (mo < 1 || mo > 12 || da < 1 || da > 31 || h > 23 || mi > 59) {
    throw new RangeError(`invalid local date/time: ${date} ${time}`);
  }
  const zoned = new TZDate(y, mo - 1, da, h, mi, 0, 0, timeZone);
  if (Number.isNaN(zoned.getTime()) || zoned.getDate() !== da) {
    throw new RangeError(`invalid local date/time: ${date} ${time}`);
  }
  return new Date(zoned.getTime()).toISOString();
}

/**
 * Splits a UTC instant into the wall-clock date ("yyyy-MM-dd") and time ("HH:mm") in a zone — the
 * inverse of {@link zonedToUtc}, used to fill date and time inputs.
 */
export function utcToZonedParts(
  instant: string,
  timeZone: string = DEFAULT_TIME_ZONE,
): { date: string; time: string } {
  const zoned = new TZDate(new Date(instant).getTime(), timeZone);
  return { date: format(zoned, "yyyy-MM-dd"), time: format(zoned, "HH:mm") };
}

/** Formats a UTC instant as dd/MM/yyyy in the zone (Vietnamese convention, GLOSSARY.md). */
export function formatDate(instant: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  return format(new TZDate(new Date(instant).getTime(), timeZone), "dd/MM/yyyy");
}

/** Formats a UTC instant as a 24-hour "HH:mm" in the zone. */
export function formatTime(instant: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  return format(new TZDate(new Date(instant).getTime(), timeZone), "HH:mm");
}

/** Formats a UTC instant as "HH:mm dd/MM/yyyy" in the zone. */
export function formatDateTime(instant: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  return format(new TZDate(new Date(instant).getTime(), timeZone), "HH:mm dd/MM/yyyy");
}

/** True when `zone` is an IANA time zone this runtime knows. */
export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Converts a clock reading (ms since the Unix epoch) into the ISO instant documents store. */
export function instant(nowMs: number): string {
  return new Date(nowMs).toISOString();
}
