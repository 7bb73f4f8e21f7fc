import { describe, expect, it } from "vitest";
import { foldText } from "./text.ts";
import {
  formatDate,
  formatDateTime,
  formatTime,
  isValidTimeZone,
  utcToZonedParts,
  zonedToUtc,
} from "./time.ts";

describe("time in Asia/Ho_Chi_Minh", () => {
  it("converts wall-clock time to UTC and back (UTC+7, no daylight saving)", () => {
    expect(zonedToUtc("2026-12-03", "08:00")).toBe("2026-12-03T01:00:00.000Z");
    expect(zonedToUtc("2027-01-01", "06:30")).toBe("2026-12-31T23:30:00.000Z");
    expect(utcToZonedParts("2026-12-31T23:30:00.000Z")).toEqual({ date: "2027-01-01", time: "06:30" });
    expect(zonedToUtc("2026-07-01", "08:00", "Europe/Paris")).toBe("2026-07-01T06:00:00.000Z");
  });

  it("formats dd/MM/yyyy and 24-hour times in the meeting's zone", () => {
    expect(formatDate("2026-12-31T17:30:00.000Z")).toBe("01/01/2027");
    expect(formatTime("2026-12-03T07:15:00.000Z")).toBe("14:15");
    expect(formatDateTime("2026-12-03T07:15:00.000Z")).toBe("14:15 03/12/2026");
  });

  it("rejects malformed dates and unknown zones", () => {
    expect(() => zonedToUtc("2026-02-30", "08:00")).toThrow(RangeError);
    expect(() => zonedToUtc("03/12/2026", "08:00")).toThrow(RangeError);
    expect(() => zonedToUtc("2026-12-03", "25:00")).toThrow(RangeError);
    expect(isValidTimeZone("Asia/Ho_Chi_Minh")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
  });
});

describe("foldText", () => {
  it("folds Vietnamese diacritics, đ, case and Unicode forms", () => {
    expect(foldText("Kết LUẬN")).toBe("ket luan");
    expect(foldText("Kết luận".normalize("NFD"))).toBe("ket luan");
    expect(foldText("Đồng ý  \n đầu tư")).toBe("dong y dau tu");
    expect(foldText("Uỷ ban")).toBe(foldText("Ủy ban"));
  });
});
