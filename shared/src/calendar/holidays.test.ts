import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { defaultNationalDayAdjacent } from "./holidays.ts";
import {
  createWorkingCalendar,
  holidaysOf,
  holidaysOn,
  isWorkingDay,
  VIETNAM_CALENDAR,
} from "./working-calendar.ts";

const vn = VIETNAM_CALENDAR;
const dates = (year: number, calendar = vn) => holidaysOf(year, calendar).map((h) => h.date);

describe("Vietnamese public holidays (Labour Code 2019, art. 112)", () => {
  it("lists the statutory days of 2026 with names in Vietnamese and English and their sources", () => {
    const list = holidaysOf(2026, vn);
    expect(list.map((h) => [h.date, h.kind])).toEqual([
      ["2026-01-01", "new_year"],
      ["2026-02-16", "lunar_new_year"], // 29 tháng Chạp, the last day of the lunar year
      ["2026-02-17", "lunar_new_year"], // mùng 1
      ["2026-02-18", "lunar_new_year"],
      ["2026-02-19", "lunar_new_year"],
      ["2026-02-20", "lunar_new_year"], // mùng 4
      ["2026-04-26", "hung_kings"], // a Sunday …
      ["2026-04-27", "compensatory"], // … made up on Monday (art. 111(3))
      ["2026-04-30", "reunification_day"],
      ["2026-05-01", "labour_day"],
      ["2026-09-02", "national_day"],
      ["2026-09-03", "national_day"], // default adjacent day
    ]);
    const hung = list.find((h) => h.kind === "hung_kings")!;
    expect(hung.nameVi).toBe("Giỗ Tổ Hùng Vương (10/3 âm lịch)");
    expect(hung.nameEn).toContain("Hùng Kings");
    expect(hung.source).toBe("Bộ luật Lao động 2019, Điều 112 khoản 1 điểm e");
    expect(list.find((h) => h.date === "2026-02-17")!.nameVi).toBe("Tết Âm lịch (mùng 1)");
    expect(list.find((h) => h.date === "2026-02-16")!.nameEn).toContain("12th lunar month");
    const comp = list.find((h) => h.kind === "compensatory")!;
    expect(comp).toMatchObject({
      compensatesFor: "2026-04-26",
      source: "Bộ luật Lao động 2019, Điều 111 khoản 3",
    });
    expect(list.every((h) => !h.decided)).toBe(true);
  });

  it("makes up holidays that fall on a weekend on the next free working days (2023 as decided)", () => {
    // 2023: 1/1 Sunday; Hùng Kings 29/4 Saturday, 30/4 Sunday, 1/5 Monday; 2/9 Saturday.
    const off = dates(2023);
    expect(off).toContain("2023-01-02");
    expect(off).toEqual(
      expect.arrayContaining(["2023-04-29", "2023-04-30", "2023-05-01", "2023-05-02", "2023-05-03"]),
    );
    expect(off).toEqual(expect.arrayContaining(["2023-09-01", "2023-09-02", "2023-09-04"]));
    expect(isWorkingDay("2023-05-04", vn)).toBe(true);
    expect(isWorkingDay("2023-09-05", vn)).toBe(true);
  });

  it("picks the day next to 2/9 that joins a weekend, as the 2021–2025 decisions did", () => {
    expect(defaultNationalDayAdjacent(2021)).toBe("2021-09-03");
    expect(defaultNationalDayAdjacent(2022)).toBe("2022-09-01");
    expect(defaultNationalDayAdjacent(2023)).toBe("2023-09-01");
    expect(defaultNationalDayAdjacent(2024)).toBe("2024-09-03");
    expect(defaultNationalDayAdjacent(2025)).toBe("2025-09-01");
  });

  it("defaults Tết to the last day of the lunar year and mùng 1–4, with days made up after a weekend", () => {
    // Tết 2027: mùng 1 is Saturday 6/2. Default: 5/2 … 9/2, then 10/2 and 11/2 for the weekend.
    const tet = holidaysOf(2027, vn).filter((h) => h.date >= "2027-02-01" && h.date <= "2027-02-28");
    expect(tet.map((h) => [h.date, h.kind])).toEqual([
      ["2027-02-05", "lunar_new_year"],
      ["2027-02-06", "lunar_new_year"],
      ["2027-02-07", "lunar_new_year"],
      ["2027-02-08", "lunar_new_year"],
      ["2027-02-09", "lunar_new_year"],
      ["2027-02-10", "compensatory"],
      ["2027-02-11", "compensatory"],
    ]);
    expect(isWorkingDay("2027-02-04", vn)).toBe(true);
    expect(isWorkingDay("2027-02-12", vn)).toBe(true);
  });

  it("applies the Prime Minister's decision a workspace records: Tết break, swapped and make-up days", () => {
    // Shaped like the 2025 decision: off Saturday 25/1 to Sunday 2/2, Saturday 8/2 worked instead.
    const cal = createWorkingCalendar({
      years: {
        "2025": {
          tetDaysOff: { from: "2025-01-25", to: "2025-02-02" },
          extraWorkingDays: ["2025-02-08"],
          extraDaysOff: [{ date: "2025-05-02", nameVi: "Nghỉ hoán đổi", nameEn: "Swapped day off" }],
          nationalDayAdjacent: "2025-09-03",
        },
      },
    });
    expect(isWorkingDay("2025-01-24", cal)).toBe(true);
    expect(isWorkingDay("2025-01-27", cal)).toBe(false);
    expect(isWorkingDay("2025-02-03", cal)).toBe(true); // no default compensation for a decided break
    expect(isWorkingDay("2025-02-08", cal)).toBe(true); // make-up Saturday
    expect(isWorkingDay("2025-05-02", cal)).toBe(false);
    expect(isWorkingDay("2025-09-01", cal)).toBe(true);
    expect(isWorkingDay("2025-09-03", cal)).toBe(false);
    expect(holidaysOn("2025-01-29", cal)[0]).toMatchObject({ kind: "lunar_new_year", decided: true });
    expect(holidaysOn("2025-05-02", cal)[0]).toMatchObject({ kind: "decided", nameEn: "Swapped day off" });
    // Other years keep the default rule.
    expect(isWorkingDay("2026-02-20", cal)).toBe(false);
  });

  it("makes up days according to the configured working week", () => {
    // With Saturday a working day, Hùng Kings on Sunday 26/4/2026 is still made up on Monday;
    // 1/5/2027 (Saturday) is then a plain holiday with nothing to make up.
    const sixDays = createWorkingCalendar({ workingWeekdays: [1, 2, 3, 4, 5, 6] });
    expect(dates(2026, sixDays)).toContain("2026-04-27");
    expect(dates(2027, sixDays)).not.toContain("2027-05-03");
    expect(dates(2027)).toContain("2027-05-03");
    const noCompensation = createWorkingCalendar({ compensatoryDaysOff: false });
    expect(dates(2026, noCompensation)).not.toContain("2026-04-27");
  });

  it("refuses invalid settings with reason invalid_input", () => {
    const bad = [
      { workingHours: { start: "17:00", end: "07:30" } },
      { timeZone: "Mars/Olympus" },
      { years: { "2026": { nationalDayAdjacent: "2026-09-05" } } },
      { years: { "2026": { extraWorkingDays: ["2025-01-04"] } } },
      { years: { "2026": { tetDaysOff: { from: "2026-02-20", to: "2026-02-14" } } } },
      { workingWeekdays: [] },
    ];
    for (const settings of bad) {
      try {
        createWorkingCalendar(settings);
        expect.unreachable(JSON.stringify(settings));
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        expect((e as DomainError).code).toBe("invalid_input");
        expect((e as DomainError).details?.issues).toBeDefined();
      }
    }
  });
});
