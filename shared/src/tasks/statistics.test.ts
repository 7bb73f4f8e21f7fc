import { describe, expect, it } from "vitest";
import { VIETNAM_CALENDAR } from "../calendar/working-calendar.ts";
import { docFromFixture } from "../schema/test-support.ts";
import ledgerV1 from "./fixtures/ledger-v1.json" with { type: "json" };
import { taskViews } from "./selectors.ts";
import { ledgerStatistics, type StatisticsTask } from "./statistics.ts";
import type { LedgerDoc } from "./types.ts";

const cal = VIETNAM_CALENDAR;
/** Monday 15 March 2027, 10:00 in Asia/Ho_Chi_Minh. */
const NOW = Date.parse("2027-03-15T03:00:00.000Z");

function t(p: Partial<StatisticsTask> & Pick<StatisticsTask, "dueDate">): StatisticsTask {
  return {
    status: "not_started",
    doneAt: null,
    dueTime: null,
    lead: { kind: "unit", id: "u-qldt" },
    category: "",
    priority: "normal",
    deletedAt: null,
    ...p,
  };
}

/** A fixed ledger: each task's class at NOW is in its comment. */
const LEDGER: StatisticsTask[] = [
  // done on time: 23:30 local on Friday 26/2
  t({
    dueDate: "2027-02-26",
    status: "done",
    doneAt: "2027-02-26T16:30:00.000Z",
    category: "Đô thị",
    priority: "high",
  }),
  // done late: 00:30 local on Saturday 27/2
  t({ dueDate: "2027-02-26", status: "done", doneAt: "2027-02-26T17:30:00.000Z", category: "Đô thị" }),
  // open overdue
  t({
    dueDate: "2027-03-05",
    status: "in_progress",
    lead: { kind: "unit", id: "u-tckh" },
    category: "Tài chính",
    priority: "urgent",
  }),
  // open within deadline (16:00 on 31/3)
  t({ dueDate: "2027-03-31", dueTime: "16:00", lead: { kind: "unit", id: "u-tckh" }, category: "Tài chính" }),
  // done on time, led by a member of the health office, due 31/12/2026
  t({
    dueDate: "2026-12-31",
    status: "done",
    doneAt: "2026-12-20T03:00:00.000Z",
    lead: { kind: "member", id: "m-lead" },
    priority: "low",
  }),
  // open within deadline: due Saturday 31/7, expires Monday 2/8, so it counts in August
  t({ dueDate: "2027-07-31", category: "Đô thị" }),
  // deleted: never counted
  t({ dueDate: "2027-03-01", deletedAt: "2027-03-02T00:00:00.000Z", category: "Đô thị" }),
  // done on time, led by a member whose unit is unknown
  t({
    dueDate: "2027-03-10",
    status: "done",
    doneAt: "2027-03-09T03:00:00.000Z",
    lead: { kind: "member", id: "m-other" },
  }),
];

const unitOfMember = (id: string) => (id === "m-lead" ? "u-yte" : undefined);
const zero = { done_on_time: 0, done_late: 0, open_within_deadline: 0, open_overdue: 0 };

describe("ledgerStatistics on a fixed ledger", () => {
  const stats = ledgerStatistics(LEDGER, { now: NOW, calendar: cal, unitOfMember });

  it("counts the Government Office's classes and the on-time rate", () => {
    expect(stats.classes).toEqual({
      total: 7,
      done_on_time: 3,
      done_late: 1,
      open_within_deadline: 2,
      open_overdue: 1,
    });
    expect(stats.onTimeRate).toBe(0.75);
    expect(stats.byStatus).toEqual({ not_started: 2, in_progress: 1, done: 4 });
    expect(stats.byPriority).toEqual({ low: 1, normal: 4, high: 1, urgent: 1 });
    expect(stats.computedAt).toBe(NOW);
  });

  it("counts by lead unit, a person's tasks under their unit, unknown last", () => {
    expect(stats.byUnit).toEqual([
      { unitId: "u-qldt", total: 3, ...zero, done_on_time: 1, done_late: 1, open_within_deadline: 1 },
      { unitId: "u-tckh", total: 2, ...zero, open_within_deadline: 1, open_overdue: 1 },
      { unitId: "u-yte", total: 1, ...zero, done_on_time: 1 },
      { unitId: null, total: 1, ...zero, done_on_time: 1 },
    ]);
  });

  it("counts by category, most first", () => {
    expect(stats.byCategory.map((c) => [c.category, c.total])).toEqual([
      ["Đô thị", 3],
      ["", 2],
      ["Tài chính", 2],
    ]);
  });

  it("trends by month of deadline, months without tasks filled with zeros", () => {
    expect(stats.monthly.map((m) => [m.month, m.total, m.onTimeRate])).toEqual([
      ["2026-12", 1, 1],
      ["2027-01", 0, null],
      ["2027-02", 2, 0.5],
      ["2027-03", 3, 1],
      ["2027-04", 0, null],
      ["2027-05", 0, null],
      ["2027-06", 0, null],
      ["2027-07", 0, null],
      ["2027-08", 1, null],
    ]);
    expect(stats.monthly[3]).toEqual({
      month: "2027-03",
      total: 3,
      done_on_time: 1,
      done_late: 0,
      open_within_deadline: 1,
      open_overdue: 1,
      onTimeRate: 1,
    });
  });

  it("limits to a period of deadlines [from, to)", () => {
    const march = ledgerStatistics(LEDGER, {
      now: NOW,
      calendar: cal,
      from: Date.parse("2027-02-28T17:00:00.000Z"), // 1/3 00:00 local
      to: Date.parse("2027-03-31T17:00:00.000Z"), // 1/4 00:00 local
    });
    expect(march.classes.total).toBe(3);
    expect(march.monthly.map((m) => m.month)).toEqual(["2027-03"]);
    const quarter = ledgerStatistics([], {
      now: NOW,
      calendar: cal,
      from: Date.parse("2026-12-31T17:00:00.000Z"),
      to: Date.parse("2027-03-31T17:00:00.000Z"),
    });
    expect(quarter.monthly.map((m) => [m.month, m.total])).toEqual([
      ["2027-01", 0],
      ["2027-02", 0],
      ["2027-03", 0],
    ]);
    expect(quarter.onTimeRate).toBeNull();
  });

  it("reads views of a stored ledger: an approved extension makes a late completion on time", () => {
    const doc = docFromFixture<LedgerDoc>(ledgerV1);
    const s = ledgerStatistics(taskViews(doc), {
      now: Date.parse("2027-04-01T00:00:00.000Z"),
      calendar: cal,
    });
    // t-1: due 5/3, extended to 12/3, done 12/3 16:00 local → on time. t-2: due 31/3 16:00, open → overdue.
    expect(s.classes).toEqual({ total: 2, ...zero, done_on_time: 1, open_overdue: 1 });
    expect(s.byUnit.map((u) => u.unitId)).toEqual(["u-qldt", null]);
  });
});
