import { describe, expect, it } from "vitest";
import {
  addDays,
  dayNumber,
  fromDayNumber,
  instantAt,
  isLocalDate,
  isoWeekday,
  localDateOf,
  minutesOfDay,
  zonedDateTimeOf,
} from "./local-date.ts";

const HCM = "Asia/Ho_Chi_Minh";

describe("local dates", () => {
  it("does calendar arithmetic on day numbers", () => {
    expect(dayNumber("1970-01-01")).toBe(0);
    expect(fromDayNumber(dayNumber("2027-02-06"))).toBe("2027-02-06");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2027-01-01", -1)).toBe("2026-12-31");
    expect(isoWeekday("2026-03-02")).toBe(1); // Monday
    expect(isoWeekday("2026-03-01")).toBe(7); // Sunday
    expect(isoWeekday("1969-12-31")).toBe(3); // Wednesday, before the epoch
  });

  it("validates dates and times", () => {
    expect(isLocalDate("2027-02-29")).toBe(false);
    expect(isLocalDate("2028-02-29")).toBe(true);
    expect(isLocalDate("12/02/2027")).toBe(false);
    expect(() => dayNumber("2027-13-01")).toThrow(RangeError);
    expect(minutesOfDay("07:30")).toBe(450);
    expect(() => minutesOfDay("24:00")).toThrow(RangeError);
  });

  it("converts wall-clock time in Asia/Ho_Chi_Minh with a fixed +7 across midnight UTC", () => {
    // 06:59 local on 3 March is still 2 March in UTC.
    expect(instantAt("2026-03-03", 6 * 60 + 59, HCM)).toBe(Date.parse("2026-03-02T23:59:00Z"));
    expect(instantAt("2026-03-03", 0, HCM)).toBe(Date.parse("2026-03-02T17:00:00Z"));
    expect(instantAt("2026-03-02", 1440, HCM)).toBe(Date.parse("2026-03-02T17:00:00Z"));
    expect(zonedDateTimeOf(Date.parse("2026-03-02T16:59:59.999Z"), HCM)).toEqual({
      date: "2026-03-02",
      minutes: 1439,
    });
    expect(zonedDateTimeOf(Date.parse("2026-03-02T17:00:00Z"), HCM)).toEqual({
      date: "2026-03-03",
      minutes: 0,
    });
    expect(localDateOf(Date.parse("2026-12-31T17:30:00Z"), HCM)).toBe("2027-01-01");
  });

  it("follows daylight saving where a zone has it (Paris, 29 March 2026)", () => {
    expect(instantAt("2026-03-28", 9 * 60, "Europe/Paris")).toBe(Date.parse("2026-03-28T08:00:00Z"));
    expect(instantAt("2026-03-30", 9 * 60, "Europe/Paris")).toBe(Date.parse("2026-03-30T07:00:00Z"));
  });

  it("does not depend on the host's time zone", () => {
    const before = process.env.TZ;
    const results: number[] = [];
    try {
      for (const tz of ["UTC", "America/Los_Angeles", "Pacific/Kiritimati"]) {
        process.env.TZ = tz;
        results.push(instantAt("2027-02-12", 450, HCM));
        expect(localDateOf(Date.parse("2027-02-11T17:00:00Z"), HCM)).toBe("2027-02-12");
      }
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
    expect(new Set(results).size).toBe(1);
    expect(results[0]).toBe(Date.parse("2027-02-12T00:30:00Z"));
  });
});
