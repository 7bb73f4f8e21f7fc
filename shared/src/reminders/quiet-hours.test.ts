import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { quietHoursEnd } from "./quiet-hours.ts";
import { parseMemberPreferences, reminderRulesSchema } from "./rules.ts";
import { brief, lead, local, schedule, task, vn } from "./test-support.ts";
import type { MeetingSubject } from "./types.ts";

const HCM = "Asia/Ho_Chi_Minh";
const night = { quietHours: { start: "21:00", end: "07:00" } };

describe("quiet hours", () => {
  it("finds the end of a quiet period that spans midnight or lies within a day", () => {
    const q = { start: "21:00", end: "07:00" };
    expect(local(quietHoursEnd(vn("2026-03-02", "22:00"), q, HCM)!)).toBe("2026-03-03 07:00");
    expect(local(quietHoursEnd(vn("2026-03-03", "06:59"), q, HCM)!)).toBe("2026-03-03 07:00");
    expect(quietHoursEnd(vn("2026-03-03", "07:00"), q, HCM)).toBeNull();
    expect(quietHoursEnd(vn("2026-03-02", "20:59"), q, HCM)).toBeNull();
    const lunch = { start: "11:30", end: "13:30" };
    expect(local(quietHoursEnd(vn("2026-03-02", "12:00"), lunch, HCM)!)).toBe("2026-03-02 13:30");
  });

  it("moves a new task assigned at night to the end of quiet hours, keeping its key", () => {
    const t = task({ assignedAt: vn("2026-03-02", "22:00") });
    const [plain] = schedule([t], vn("2026-03-02", "22:00"));
    const [quiet] = schedule([t], vn("2026-03-02", "22:00"), { lead: night });
    expect(local(quiet!.dueAt)).toBe("2026-03-03 07:00");
    expect(quiet!.key).toBe(plain!.key);
  });

  it("moves working-morning reminders when quiet hours last past the start of working hours", () => {
    const rs = schedule([task()], vn("2026-02-23", "09:00"), {
      lead: { quietHours: { start: "22:00", end: "08:00" } },
    });
    expect(brief(rs).slice(1, 4)).toEqual([
      "task_due_soon → lead @ 2026-03-04 08:00",
      "task_due_soon → lead @ 2026-03-06 08:00",
      "task_due_today → lead @ 2026-03-09 08:00",
    ]);
  });

  it("never moves a reminder to or past its expiry: high urgency keeps its time, others are dropped", () => {
    // A meeting at 06:45: the 1-hour reminder (05:45) cannot wait for 07:00.
    const m: MeetingSubject = {
      type: "meeting",
      id: "dawn",
      title: "Kiểm tra hiện trường",
      status: "published",
      publishedAt: vn("2026-03-01", "09:00"),
      startsAt: vn("2026-03-03", "06:45"),
      participantMemberIds: [lead],
      paperIds: [],
      openedPaperIds: {},
    };
    const rs = schedule([m], vn("2026-03-01", "09:00"), { lead: night });
    expect(brief(rs)).toEqual([
      "meeting_upcoming → lead @ 2026-03-02 07:00",
      "meeting_upcoming → lead @ 2026-03-03 05:45",
    ]);
    expect(rs[1]).toMatchObject({ urgency: "high", inQuietHours: true });
    const normal = reminderRulesSchema.parse({
      meetingBefore: [{ offset: { unit: "hours", amount: 1 }, urgency: "normal" }],
    });
    expect(schedule([m], vn("2026-03-01", "09:00"), { lead: night }, normal)).toEqual([]);
  });

  it("reads quiet hours in the member's chosen zone, never the device's", () => {
    // A member on mission in Paris (UTC+1 in March) keeps quiet 22:00–07:00 Paris time.
    const prefs = { lead: { ...night, timeZone: "Europe/Paris" } };
    const rs = schedule([task()], vn("2026-02-23", "09:00"), prefs);
    // 07:30 in Hà Nội is 01:30 in Paris: moved to 07:00 Paris = 13:00 Hà Nội.
    expect(local(rs.find((r) => r.kind === "task_due_today")!.dueAt)).toBe("2026-03-09 13:00");
  });

  it("gives the same schedule whatever the host's time zone", () => {
    const before = process.env.TZ;
    const runs: string[] = [];
    try {
      for (const tz of ["Asia/Ho_Chi_Minh", "America/New_York", "Asia/Tokyo", "UTC"]) {
        process.env.TZ = tz;
        runs.push(JSON.stringify(schedule([task()], vn("2026-02-23", "09:00"), { lead: night })));
      }
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
    expect(new Set(runs).size).toBe(1);
  });

  it("validates preferences", () => {
    expect(parseMemberPreferences(undefined)).toEqual({
      quietHours: null,
      digest: { enabled: false, time: "07:30" },
      timeZone: null,
    });
    expect(() => parseMemberPreferences({ quietHours: { start: "21:00", end: "21:00" } })).toThrow(
      DomainError,
    );
    expect(() => parseMemberPreferences({ digest: { enabled: true, time: "7:30" } })).toThrow(DomainError);
    expect(() => parseMemberPreferences({ timeZone: "Hanoi" })).toThrow(DomainError);
  });
});
