import { describe, expect, it } from "vitest";
import { deliveryKeys, dueReminders } from "./due.ts";
import { brief, lead, local, schedule, task, vn } from "./test-support.ts";
import type { Reminder } from "./types.ts";

/** A sender as the relay runs it: ask what is due, deliver, record the keys. */
function sender() {
  const sent = new Set<string>();
  const delivered: Reminder[] = [];
  return {
    sent,
    delivered,
    tick(reminders: readonly Reminder[], now: number): Reminder[] {
      const due = dueReminders(reminders, sent, now);
      for (const r of due) {
        delivered.push(r);
        for (const k of deliveryKeys(r)) sent.add(k);
      }
      return due;
    },
  };
}

describe("dueReminders", () => {
  const t = task(); // assigned Mon 23/2 09:00, due Mon 9/3

  it("sends each reminder exactly once by key, however often the schedule is recomputed", () => {
    const s = sender();
    for (let now = vn("2026-02-23", "09:00"); now <= vn("2026-03-09", "12:00"); now += 15 * 60_000) {
      s.tick(schedule([t], now), now);
    }
    expect(brief(s.delivered)).toEqual([
      "task_assigned → lead @ 2026-02-23 09:00",
      "task_due_soon → lead @ 2026-03-04 07:30",
      "task_due_soon → lead @ 2026-03-06 07:30",
      "task_due_today → lead @ 2026-03-09 07:30",
    ]);
    expect(new Set(s.delivered.map((r) => r.key)).size).toBe(s.delivered.length);
  });

  it("does not send what is not yet due, nor what has expired", () => {
    const rs = schedule([t], vn("2026-02-23", "09:00"));
    expect(dueReminders(rs, new Set(), vn("2026-02-23", "08:59"))).toEqual([]);
    const threeDays = rs.find((r) => r.kind === "task_due_soon")!;
    expect(dueReminders([threeDays], new Set(), threeDays.dueAt)).toHaveLength(1);
    expect(dueReminders([threeDays], new Set(), threeDays.expiresAt)).toEqual([]);
    expect(dueReminders([threeDays], (k) => k === threeDays.key, threeDays.dueAt)).toEqual([]);
  });

  it("sends reminders missed while the sender was down late, only while still relevant", () => {
    const s = sender();
    s.tick(schedule([t], vn("2026-02-23", "09:00")), vn("2026-02-23", "09:00"));
    // Down from Tuesday 3/3 to Friday 6/3 10:00: the "3 days" reminder is stale, the "1 day" one is not.
    const now = vn("2026-03-06", "10:00");
    expect(brief(s.tick(schedule([t], now), now))).toEqual(["task_due_soon → lead @ 2026-03-06 07:30"]);
    expect(s.tick(schedule([t], now + 60_000), now + 60_000)).toEqual([]);
  });

  it("keeps exactly-once when the member changes quiet hours after a reminder went out", () => {
    const s = sender();
    const now = vn("2026-03-04", "07:30");
    s.tick(schedule([t], now), now);
    const later = vn("2026-03-04", "08:15");
    const moved = schedule([t], later, { lead: { quietHours: { start: "22:00", end: "08:00" } } });
    expect(s.tick(moved, later)).toEqual([]);
  });

  it("sends a digest once, records its items, and sends an item that joined it later on its own", () => {
    const s = sender();
    const prefs = { lead: { digest: { enabled: true, time: "07:30" } } };
    const assigned = vn("2026-02-23", "09:00");
    s.tick(schedule([t, task({ id: "t2" })], assigned, prefs), assigned); // both "new task" reminders
    const now = vn("2026-03-04", "07:30");
    const [digest] = s.tick(schedule([t], now, prefs), now);
    expect(digest).toMatchObject({ kind: "digest", params: { count: 1 } });
    expect(s.sent.has(digest!.items![0]!.key)).toBe(true);
    // A second task, assigned last week, turns out to have been due in 3 working days as well.
    const t2 = task({ id: "t2" });
    const again = s.tick(schedule([t, t2], now + 60_000, prefs), now + 60_000);
    expect(brief(again)).toEqual(["task_due_soon → lead @ 2026-03-04 07:30"]);
    expect(again[0]!.subjectId).toBe("t2");
    expect(s.tick(schedule([t, t2], now + 120_000, prefs), now + 120_000)).toEqual([]);
  });

  it("leaves out of a digest items already sent on their own", () => {
    const now = vn("2026-03-04", "07:30");
    const prefs = { lead: { digest: { enabled: true, time: "07:30" } } };
    const rs = schedule([t, task({ id: "t2" })], now, prefs).filter((r) => r.kind !== "task_assigned");
    const digest = rs.find((r) => r.kind === "digest")!;
    const t1Key = digest.items!.find((i) => i.subjectId === "t1")!.key;
    const [out] = dueReminders(rs, new Set([t1Key]), now);
    expect(out).toMatchObject({ kind: "digest", params: { count: 1 } });
    expect(out!.items!.map((i) => i.subjectId)).toEqual(["t2"]);
    expect(dueReminders(rs, new Set(digest.items!.map((i) => i.key)), now)).toEqual([]);
  });

  it("works on a schedule object and across midnight UTC (07:30 +07 is 00:30 UTC the same date)", () => {
    const overdue = task({ dueDate: "2026-03-02", assignedAt: vn("2026-02-16", "09:00") });
    const sched = { computedAt: 0, reminders: schedule([overdue], Date.parse("2026-03-02T23:59:00Z")) };
    // 23:59 UTC on 2/3 is 06:59 on 3/3 in Hà Nội: the first overdue morning is not yet there.
    expect(dueReminders(sched, new Set(), Date.parse("2026-03-02T23:59:00Z")).map((r) => r.kind)).toEqual([]);
    const due = dueReminders(sched, new Set(), Date.parse("2026-03-03T00:30:00Z"));
    expect(due.map((r) => `${r.kind} ${local(r.dueAt)}`)).toEqual(["task_overdue 2026-03-03 07:30"]);
    expect(due[0]!.recipientMemberId).toBe(lead);
  });
});
