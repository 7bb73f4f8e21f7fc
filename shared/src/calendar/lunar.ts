import { getLunarDate, getSolarDate } from "@dqcai/vn-lunar";
import { addDays, dateParts, type LocalDate, localDate } from "./local-date.ts";

/**
 * The Vietnamese lunisolar calendar (âm lịch), behind one small adapter so the library can be replaced.
 *
 * The Vietnamese calendar is computed for the meridian of UTC+7 (since 1968), the Chinese one for UTC+8,
 * so the two differ whenever a new moon falls between 16:00 and 17:00 UTC: Tết 1985 was 21/01 in Vietnam
 * and 20/02 in China, Tết 2007 17/02 against 18/02, Tết 2030 02/02 against 03/02. A Chinese-calendar
 * library is therefore wrong for Vietnam.
 *
 * Source: `@dqcai/vn-lunar` 1.0.1 (MIT), which ships Hồ Ngọc Đức's precomputed tables for the
 * Vietnamese calendar (UTC+7). Checked when it was adopted against an independent computation (new
 * moons and solar terms from `astronomy-engine`, months numbered by the Vietnamese rules at UTC+7):
 * every day from 1984-01-01 to 2040-12-31 agreed, leap months included; `lunar.test.ts` pins Tết and
 * the Hùng Kings' day for 2020–2035 so an upgrade that changes a date fails.
 *
 * Supported Gregorian years: {@link LUNAR_MIN_YEAR} … {@link LUNAR_MAX_YEAR} (the library's tables
 * before 1800 are not trusted here).
 */

/** First Gregorian year this adapter answers for. */
export const LUNAR_MIN_YEAR = 1900;
/** Last Gregorian year this adapter answers for. */
export const LUNAR_MAX_YEAR = 2199;

/** A date of the Vietnamese lunar calendar. */
export interface LunarDate {
  /** Lunar year, numbered like the Gregorian year in which it mostly falls (Tết 2027 starts lunar 2027). */
  readonly year: number;
  /** Lunar month 1–12. */
  readonly month: number;
  /** Day of the lunar month 1–30. */
  readonly day: number;
  /** True for the intercalary (nhuận) month that repeats `month`. */
  readonly leap: boolean;
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < LUNAR_MIN_YEAR || year > LUNAR_MAX_YEAR) {
    throw new RangeError(`lunar calendar supports ${LUNAR_MIN_YEAR}–${LUNAR_MAX_YEAR}, got ${year}`);
  }
}

/**
 * The lunar date of a Gregorian date (Vietnamese calendar, UTC+7).
 * @throws RangeError outside the supported years or for a malformed date
 */
export function toLunar(date: LocalDate): LunarDate {
  const { year, month, day } = dateParts(date);
  checkYear(year);
  const l = getLunarDate(day, month, year);
  return { year: l.year, month: l.month, day: l.day, leap: l.leap };
}

/**
 * The Gregorian date of a lunar date (Vietnamese calendar, UTC+7).
 *
 * @param lunar a date of a regular month unless `leap` is set; holidays (10/3) use the regular month
 * @throws RangeError when that day does not exist (day 30 of a 29-day month, a leap month the year
 *   does not have) or the year is outside the supported range
 */
export function fromLunar(lunar: LunarDate): LocalDate {
  checkYear(lunar.year);
  const s = getSolarDate(lunar.day, lunar.month, lunar.year, lunar.leap);
  const result = localDate(s.year, s.month, s.day);
  // The library rolls day 30 of a 29-day month over into the next month: check the round trip.
  const back = s.year > 0 ? toLunar(result) : undefined;
  if (
    !back ||
    back.year !== lunar.year ||
    back.month !== lunar.month ||
    back.day !== lunar.day ||
    back.leap !== lunar.leap
  ) {
    throw new RangeError(
      `no such lunar date: ${lunar.day}/${lunar.month}${lunar.leap ? " (nhuận)" : ""}/${lunar.year}`,
    );
  }
  return result;
}

/** Tết Nguyên đán: the Gregorian date of the first day of the first lunar month of `year`. */
export function lunarNewYear(year: number): LocalDate {
  return fromLunar({ year, month: 1, day: 1, leap: false });
}

/** The last day of the lunar year that ends just before Tết of `year` (29 or 30 tháng Chạp). */
export function lunarNewYearsEve(year: number): LocalDate {
  return addDays(lunarNewYear(year), -1);
}
