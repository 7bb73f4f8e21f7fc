import { describe, expect, it } from "vitest";
import {
  addWorkingDays,
  calendarDateOf,
  createWorkingCalendar,
  endOfWorkingDay,
  endOfWorkingHours,
  isWithinWorkingHours,
  isWorkingDay,
  nextWorkingMorning,
  startOfWorkingHours,
  VIETNAM_CALENDAR,
  workingDayOnOrAfter,
  workingDayOnOrBefore,
  workingDaysBetween,
} from "./working-calendar.ts";

const t = Date.parse;
const cal = VIETNAM_CALENDAR;

describe("working days", () => {
  it("knows weekends and holidays", () => {
    expect(isWorkingDay("2026-03-06", cal)).toBe(true); // Friday
    expect(isWorkingDay("2026-03-07", cal)).toBe(false); // Saturday
    expect(isWorkingDay("2026-03-08", cal)).toBe(false); // Sunday
    expect(isWorkingDay("2026-02-17", cal)).toBe(false); // Tết
    expect(isWorkingDay("2026-09-02", cal)).toBe(false); // Quốc khánh
  });

  it("adds working days across weekends and Tết 2027", () => {
    expect(addWorkingDays("2026-03-06", 1, cal)).toBe("2026-03-09");
    expect(addWorkingDays("2026-03-09", -1, cal)).toBe("2026-03-06");
    expect(addWorkingDays("2026-03-07", 0, cal)).toBe("2026-03-07");
    // Off from 5/2 to 11/2/2027: the working day before Friday 12/2 is Thursday 4/2.
    expect(addWorkingDays("2027-02-12", -1, cal)).toBe("2027-02-04");
    expect(addWorkingDays("2027-02-12", -3, cal)).toBe("2027-02-02");
    expect(addWorkingDays("2027-02-04", 1, cal)).toBe("2027-02-12");
    expect(workingDaysBetween("2027-02-04", "2027-02-15", cal)).toBe(2);
    expect(workingDayOnOrAfter("2027-02-06", cal)).toBe("2027-02-12");
    expect(workingDayOnOrBefore("2027-02-06", cal)).toBe("2027-02-04");
    expect(() => addWorkingDays("2027-02-12", 1.5, cal)).toThrow(RangeError);
  });

  it("puts working hours at 07:30–17:00 Asia/Ho_Chi_Minh by default, configurable", () => {
    expect(startOfWorkingHours("2026-03-02", cal)).toBe(t("2026-03-02T00:30:00Z"));
    expect(endOfWorkingHours("2026-03-02", cal)).toBe(t("2026-03-02T10:00:00Z"));
    const hanoi = createWorkingCalendar({ workingHours: { start: "08:00", end: "17:00" } });
    expect(startOfWorkingHours("2026-03-02", hanoi)).toBe(t("2026-03-02T01:00:00Z"));
    expect(isWithinWorkingHours(t("2026-03-02T00:30:00Z"), cal)).toBe(true);
    expect(isWithinWorkingHours(t("2026-03-02T10:00:00Z"), cal)).toBe(false);
    expect(isWithinWorkingHours(t("2026-03-07T03:00:00Z"), cal)).toBe(false); // Saturday 10:00
  });
});

describe("nextWorkingMorning", () => {
  it("is the same morning before working hours start, else the next working day's", () => {
    expect(nextWorkingMorning(t("2026-03-01T23:30:00Z"), cal)).toBe(t("2026-03-02T00:30:00Z")); // Mon 06:30
    expect(nextWorkingMorning(t("2026-03-02T00:30:00Z"), cal)).toBe(t("2026-03-02T00:30:00Z")); // exactly 07:30
    expect(nextWorkingMorning(t("2026-03-02T00:31:00Z"), cal)).toBe(t("2026-03-03T00:30:00Z"));
    expect(nextWorkingMorning(t("2026-03-06T11:00:00Z"), cal)).toBe(t("2026-03-09T00:30:00Z")); // Fri 18:00 → Mon
    expect(nextWorkingMorning(t("2027-02-04T11:00:00Z"), cal)).toBe(t("2027-02-12T00:30:00Z")); // over Tết 2027
  });

  it("reads the day in Asia/Ho_Chi_Minh even when UTC is still on the previous date", () => {
    // 2026-03-05T17:30Z is Friday 00:30 local (UTC says Thursday).
    expect(calendarDateOf(t("2026-03-05T17:30:00Z"), cal)).toBe("2026-03-06");
    expect(nextWorkingMorning(t("2026-03-05T17:30:00Z"), cal)).toBe(t("2026-03-06T00:30:00Z"));
    // Saturday 00:30 local is Friday 17:30 UTC: next working morning is Monday.
    expect(nextWorkingMorning(t("2026-03-06T17:30:00Z"), cal)).toBe(t("2026-03-09T00:30:00Z"));
  });
});

describe("endOfWorkingDay — when a due date expires", () => {
  it("is 23:59:59.999 local of the due date (Civil Code 2015, art. 148(6))", () => {
    expect(endOfWorkingDay("2026-03-02", cal)).toBe(t("2026-03-02T16:59:59.999Z"));
  });

  it("moves to the end of the next working day when the due date is a weekend or holiday (art. 148(5))", () => {
    expect(endOfWorkingDay("2026-03-07", cal)).toBe(t("2026-03-09T16:59:59.999Z"));
    expect(endOfWorkingDay("2027-02-08", cal)).toBe(t("2027-02-12T16:59:59.999Z"));
  });

  it("classifies completion around the deadline, whatever zone a device is in", () => {
    const due = endOfWorkingDay("2026-03-02", cal);
    const onTime = (doneAt: number) => doneAt <= due;
    expect(onTime(t("2026-03-02T23:30:00+07:00"))).toBe(true); // late evening in Hà Nội
    expect(onTime(t("2026-03-02T18:30:00+02:00"))).toBe(true); // same instant seen from Europe
    expect(onTime(t("2026-03-03T00:00:00+07:00"))).toBe(false);
    expect(onTime(t("2026-03-02T12:00:00-05:00"))).toBe(false); // 00:00 Tuesday in Hà Nội
  });
});
