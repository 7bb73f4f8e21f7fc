import { describe, expect, it } from "vitest";
import { fromLunar, lunarNewYear, lunarNewYearsEve, toLunar } from "./lunar.ts";

/**
 * Tết and the Hùng Kings' day 2020–2035 in the Vietnamese calendar (UTC+7). Checked against an
 * independent computation (astronomy-engine new moons and solar terms at UTC+7) when the library was
 * adopted; 2024–2028 and 2025–2026 also match the dates the issue gives.
 */
const TET: Record<number, string> = {
  2020: "2020-01-25",
  2021: "2021-02-12",
  2022: "2022-02-01",
  2023: "2023-01-22",
  2024: "2024-02-10",
  2025: "2025-01-29",
  2026: "2026-02-17",
  2027: "2027-02-06",
  2028: "2028-01-26",
  2029: "2029-02-13",
  2030: "2030-02-02",
  2031: "2031-01-23",
  2032: "2032-02-11",
  2033: "2033-01-31",
  2034: "2034-02-19",
  2035: "2035-02-08",
};
const HUNG_KINGS: Record<number, string> = {
  2020: "2020-04-02",
  2021: "2021-04-21",
  2022: "2022-04-10",
  2023: "2023-04-29",
  2024: "2024-04-18",
  2025: "2025-04-07",
  2026: "2026-04-26",
  2027: "2027-04-16",
  2028: "2028-04-04",
  2029: "2029-04-23",
  2030: "2030-04-12",
  2031: "2031-04-01",
  2032: "2032-04-19",
  2033: "2033-04-09",
  2034: "2034-04-28",
  2035: "2035-04-17",
};

describe("Vietnamese lunar calendar", () => {
  it("gives Tết 2020–2035", () => {
    for (const [year, date] of Object.entries(TET)) expect(lunarNewYear(Number(year)), year).toBe(date);
  });

  it("gives Giỗ Tổ Hùng Vương (10/3 lunar) 2020–2035", () => {
    for (const [year, date] of Object.entries(HUNG_KINGS)) {
      expect(fromLunar({ year: Number(year), month: 3, day: 10, leap: false }), year).toBe(date);
    }
  });

  it("is computed for UTC+7, not the Chinese UTC+8 (Tết 1985, 2007, 2030 differ from China)", () => {
    expect(lunarNewYear(1985)).toBe("1985-01-21"); // China: 1985-02-20
    expect(lunarNewYear(2007)).toBe("2007-02-17"); // China: 2007-02-18
    expect(lunarNewYear(2030)).toBe("2030-02-02"); // China: 2030-02-03
  });

  it("knows the last day of the lunar year is the 29th or the 30th", () => {
    expect(lunarNewYearsEve(2025)).toBe("2025-01-28");
    expect(toLunar("2025-01-28")).toEqual({ year: 2024, month: 12, day: 29, leap: false });
    expect(lunarNewYearsEve(2024)).toBe("2024-02-09");
    expect(toLunar("2024-02-09")).toEqual({ year: 2023, month: 12, day: 30, leap: false });
  });

  it("handles leap months and refuses dates that do not exist", () => {
    expect(toLunar("2023-03-22")).toEqual({ year: 2023, month: 2, day: 1, leap: true });
    expect(fromLunar({ year: 2023, month: 2, day: 1, leap: true })).toBe("2023-03-22");
    expect(() => fromLunar({ year: 2024, month: 12, day: 30, leap: false })).toThrow(RangeError);
    expect(() => fromLunar({ year: 2024, month: 2, day: 1, leap: true })).toThrow(RangeError);
  });

  it("round-trips every day of 2020–2035", () => {
    for (let t = Date.UTC(2020, 0, 1); t < Date.UTC(2036, 0, 1); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      expect(fromLunar(toLunar(date))).toBe(date);
    }
  });

  it("refuses years outside 1900–2199", () => {
    expect(() => lunarNewYear(1899)).toThrow(RangeError);
    expect(() => toLunar("2200-06-01")).toThrow(RangeError);
  });
});
