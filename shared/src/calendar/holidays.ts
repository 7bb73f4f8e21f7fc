import { addDays, isoWeekday, type LocalDate, localDate } from "./local-date.ts";
import { fromLunar, lunarNewYearsEve, toLunar } from "./lunar.ts";
import type { CalendarSettings, YearDecision } from "./settings.ts";

/**
 * Vietnamese public holidays (ngày nghỉ lễ, tết) of one Gregorian year.
 *
 * Sources:
 * - Bộ luật Lao động 2019 (Labour Code, Law 45/2019/QH14, in force since 01/01/2021), Điều 112 khoản 1:
 *   a) Tết Dương lịch 1/1; b) Tết Âm lịch, 5 days; c) Ngày Chiến thắng 30/4; d) Ngày Quốc tế lao động
 *   1/5; đ) Quốc khánh 2/9 and one adjacent day before or after; e) Giỗ Tổ Hùng Vương 10/3 lunar.
 * - Điều 112 khoản 3: each year the Prime Minister decides the exact days of (b) and (đ). Until a
 *   workspace records that decision (`CalendarSettings.years`), the defaults below apply.
 * - Điều 111 khoản 3: when a weekly rest day coincides with a holiday of Điều 112(1), the day is made
 *   up on the next working day (nghỉ bù).
 * The current rules are applied to every year; the calendar is for scheduling, not for history.
 */

/** What a holiday commemorates, or why the day is off. */
export const HolidayKind = {
  NewYear: "new_year",
  LunarNewYear: "lunar_new_year",
  HungKings: "hung_kings",
  ReunificationDay: "reunification_day",
  LabourDay: "labour_day",
  NationalDay: "national_day",
  Compensatory: "compensatory",
  Decided: "decided",
} as const;
export type HolidayKind = (typeof HolidayKind)[keyof typeof HolidayKind];

/** One day off. */
export interface Holiday {
  /** Local date "yyyy-MM-dd" (Asia/Ho_Chi_Minh calendar). */
  readonly date: LocalDate;
  readonly kind: HolidayKind;
  /** Name for the Vietnamese UI, e.g. "Giỗ Tổ Hùng Vương (10/3 âm lịch)". */
  readonly nameVi: string;
  /** Name for the English UI, e.g. "Hùng Kings' Commemoration Day (10th day of the 3rd lunar month)". */
  readonly nameEn: string;
  /** The legal provision or decision the day comes from. */
  readonly source: string;
  /** True when the day comes from a decision the workspace recorded, false when from the default rule. */
  readonly decided: boolean;
  /** For a compensatory day: the holiday it makes up for. */
  readonly compensatesFor?: LocalDate;
}

const LAW = "Bộ luật Lao động 2019, Điều 112 khoản 1";
const SOURCE = {
  newYear: `${LAW} điểm a`,
  tet: `${LAW} điểm b; ngày cụ thể do Thủ tướng Chính phủ quyết định (khoản 3)`,
  reunification: `${LAW} điểm c`,
  labour: `${LAW} điểm d`,
  national: `${LAW} điểm đ`,
  nationalAdjacent: `${LAW} điểm đ; ngày liền kề do Thủ tướng Chính phủ quyết định (khoản 3)`,
  hungKings: `${LAW} điểm e`,
  compensatory: "Bộ luật Lao động 2019, Điều 111 khoản 3",
  decided: "Quyết định được ghi nhận trong cài đặt lịch làm việc của đơn vị",
} as const;

function tetNames(date: LocalDate): { nameVi: string; nameEn: string } {
  const l = toLunar(date);
  if (l.month === 1 && !l.leap && l.day <= 10) {
    return { nameVi: `Tết Âm lịch (mùng ${l.day})`, nameEn: `Lunar New Year (Tết, day ${l.day})` };
  }
  if (l.month === 12 && !l.leap) {
    return {
      nameVi: `Tết Âm lịch (${l.day} tháng Chạp)`,
      nameEn: `Lunar New Year (Tết, ${l.day}th day of the 12th lunar month)`,
    };
  }
  return { nameVi: "Tết Âm lịch", nameEn: "Lunar New Year (Tết)" };
}

/**
 * The default day next to 2/9 when no decision is recorded: the one that joins the holiday to a
 * weekend, as the decisions since 2021 did (2021: Thu 2 → Fri 3; 2022: Fri 2 → Thu 1; 2023: Sat 2 →
 * Fri 1; 2024: Mon 2 → Tue 3; 2025: Tue 2 → Mon 1). With 2/9 on a Wednesday nothing joins a weekend and
 * the day after is taken; on a Sunday, Monday 3/9 (2/9 itself is then made up on Tuesday 4/9).
 */
export function defaultNationalDayAdjacent(year: number): LocalDate {
  const weekday = isoWeekday(localDate(year, 9, 2));
  const before = weekday === 2 || weekday === 5 || weekday === 6;
  return localDate(year, 9, before ? 1 : 3);
}

/**
 * Computes the holidays of one Gregorian year from the statutory rules, the year's recorded decision
 * and the weekly rest days, sorted by date (a date can appear twice when two holidays coincide).
 *
 * Default Tết: the last day of the lunar year and the first four days of the new one (the usual shape
 * of the Prime Minister's decision, "30 Tết to mùng 4"); days of it that fall on a weekly rest day are
 * made up after it. A recorded `tetDaysOff` replaces both.
 *
 * @throws RangeError when `year` is outside the lunar calendar's range (1900–2199)
 */
export function computeHolidays(year: number, settings: CalendarSettings): Holiday[] {
  const decision: YearDecision | undefined = settings.years[String(year)];
  const restDay = (d: LocalDate) => !settings.workingWeekdays.includes(isoWeekday(d));
  const statutory: Holiday[] = [];
  const add = (date: LocalDate, kind: HolidayKind, nameVi: string, nameEn: string, source: string) =>
    statutory.push({ date, kind, nameVi, nameEn, source, decided: false });

  add(localDate(year, 1, 1), HolidayKind.NewYear, "Tết Dương lịch", "New Year's Day", SOURCE.newYear);

  const decided: Holiday[] = [];
  if (decision?.tetDaysOff) {
    for (let d = decision.tetDaysOff.from; d <= decision.tetDaysOff.to; d = addDays(d, 1)) {
      decided.push({
        date: d,
        kind: HolidayKind.LunarNewYear,
        ...tetNames(d),
        source: SOURCE.tet,
        decided: true,
      });
    }
  } else {
    const eve = lunarNewYearsEve(year);
    for (let i = 0; i < 5; i++) {
      const d = addDays(eve, i);
      add(d, HolidayKind.LunarNewYear, tetNames(d).nameVi, tetNames(d).nameEn, SOURCE.tet);
    }
  }

  add(
    fromLunar({ year, month: 3, day: 10, leap: false }),
    HolidayKind.HungKings,
    "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
    "Hùng Kings' Commemoration Day (10th day of the 3rd lunar month)",
    SOURCE.hungKings,
  );
  add(
    localDate(year, 4, 30),
    HolidayKind.ReunificationDay,
    "Ngày Chiến thắng (30/4)",
    "Reunification Day (30 April)",
    SOURCE.reunification,
  );
  add(
    localDate(year, 5, 1),
    HolidayKind.LabourDay,
    "Ngày Quốc tế Lao động (1/5)",
    "International Labour Day (1 May)",
    SOURCE.labour,
  );
  add(
    localDate(year, 9, 2),
    HolidayKind.NationalDay,
    "Quốc khánh (2/9)",
    "National Day (2 September)",
    SOURCE.national,
  );
  const adjacent = decision?.nationalDayAdjacent;
  statutory.push({
    date: adjacent ?? defaultNationalDayAdjacent(year),
    kind: HolidayKind.NationalDay,
    nameVi: "Quốc khánh (ngày liền kề)",
    nameEn: "National Day (adjacent day)",
    source: SOURCE.nationalAdjacent,
    decided: adjacent !== undefined,
  });

  for (const d of decision?.extraDaysOff ?? []) {
    decided.push({
      date: d.date,
      kind: HolidayKind.Decided,
      nameVi: d.nameVi,
      nameEn: d.nameEn,
      source: SOURCE.decided,
      decided: true,
    });
  }

  const taken = new Set([...statutory, ...decided].map((h) => h.date));
  const worked = new Set(decision?.extraWorkingDays ?? []);
  const compensatory: Holiday[] = [];
  if (settings.compensatoryDaysOff) {
    statutory.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const seen = new Set<LocalDate>();
    for (const h of statutory) {
      // Two holidays on one date give one day off; the law makes up only for weekly rest days.
      if (seen.has(h.date) || !restDay(h.date)) continue;
      seen.add(h.date);
      let d = addDays(h.date, 1);
      while (restDay(d) || taken.has(d) || worked.has(d)) d = addDays(d, 1);
      taken.add(d);
      compensatory.push({
        date: d,
        kind: HolidayKind.Compensatory,
        nameVi: `Nghỉ bù ${h.nameVi}`,
        nameEn: `Compensatory day off for ${h.nameEn}`,
        source: SOURCE.compensatory,
        decided: false,
        compensatesFor: h.date,
      });
    }
  }

  return [...statutory, ...decided, ...compensatory].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
  );
}
