import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { removeAgendaItem } from "../meeting/changes.ts";
import type { MeetingDoc } from "../meeting/types.ts";
import {
  type AgendaEvent,
  agendaTimeline,
  liveAgenda,
  pauseAgendaItem,
  startAgendaItem,
  stopAgendaItem,
} from "./live-agenda.ts";
import { at, mergeAll, testMeeting } from "./test-support.ts";
import { agendaTimeStats, type MeetingTimePoint, meetingTimeTrend } from "./time-stats.ts";

const iso = (minutes: number) => new Date(at(minutes)).toISOString();
const ev = (id: string, kind: AgendaEvent["kind"], item: string, minutes: number): AgendaEvent => ({
  id,
  kind,
  agendaItemId: item,
  at: iso(minutes),
});

describe("agenda clock (pure replay)", () => {
  it("adds up intervals across a pause, a switch and a restart", () => {
    const events = [
      ev("e1", "start", "A", 0),
      ev("e2", "pause", "A", 10),
      ev("e3", "start", "A", 15), // resume
      ev("e4", "start", "B", 30), // switching ends A at 30
      ev("e5", "stop", "B", 50),
      ev("e6", "start", "A", 55), // restart A
      ev("e7", "stop", "A", 60),
    ];
    const t = agendaTimeline(events, at(120));
    expect(t.items.get("A")).toMatchObject({ status: "done", actualMs: 30 * 60_000, restarts: 1 });
    expect(t.items.get("A")!.intervals).toHaveLength(3);
    expect(t.items.get("B")).toMatchObject({ status: "done", actualMs: 20 * 60_000, restarts: 0 });
    expect(t).toMatchObject({ currentItemId: null, running: false, startedAt: iso(0), endedAt: iso(60) });
  });

  it("counts a running item up to now and a paused one not at all while paused", () => {
    const running = agendaTimeline([ev("e1", "start", "A", 0)], at(7));
    expect(running).toMatchObject({ currentItemId: "A", running: true, endedAt: null });
    expect(running.items.get("A")!.actualMs).toBe(7 * 60_000);
    const paused = agendaTimeline([ev("e1", "start", "A", 0), ev("e2", "pause", "A", 4)], at(30));
    expect(paused).toMatchObject({ currentItemId: "A", running: false });
    expect(paused.items.get("A")).toMatchObject({ status: "paused", actualMs: 4 * 60_000 });
  });

  it("ignores duplicate starts and stale pauses or stops, in any input order", () => {
    const events = [
      ev("e1", "start", "A", 0),
      ev("e2", "start", "A", 1), // a second press (chair and secretary)
      ev("e3", "start", "B", 10),
      ev("e4", "pause", "A", 11), // stale: A is no longer current
      ev("e5", "stop", "A", 12), // stale
      ev("e6", "stop", "B", 20),
    ];
    const forward = agendaTimeline(events, at(30));
    const backward = agendaTimeline([...events].reverse(), at(30));
    expect(backward).toEqual(forward);
    expect(forward.items.get("A")).toMatchObject({ actualMs: 10 * 60_000, status: "done" });
    expect(forward.items.get("B")).toMatchObject({ actualMs: 10 * 60_000, status: "done" });
  });

  it("never counts negative time from a clock that runs behind", () => {
    const t = agendaTimeline([ev("e1", "start", "A", 10)], at(5));
    expect(t.items.get("A")!.actualMs).toBe(0);
  });
});

describe("live agenda on the meeting document", () => {
  it("follows the chair's current item and refuses pause or stop without one", () => {
    const { meeting, items } = testMeeting();
    expect(() => A.change(meeting, (d) => pauseAgendaItem(d, at(0)))).toThrow(DomainError);
    expect(() => A.change(meeting, (d) => stopAgendaItem(d, at(0)))).toThrow(DomainError);
    let doc = A.change(meeting, (d) => startAgendaItem(d, items[0]!, at(0)));
    expect(liveAgenda(doc, at(12))).toMatchObject({
      currentItemId: items[0],
      running: true,
      current: { plannedMinutes: 30, actualMs: 12 * 60_000, remainingMs: 18 * 60_000, overPlan: false },
    });
    doc = A.change(doc, (d) => pauseAgendaItem(d, at(12)));
    doc = A.change(doc, (d) => startAgendaItem(d, items[0]!, at(14)));
    doc = A.change(doc, (d) => startAgendaItem(d, items[1]!, at(46))); // item 1 ran 44 min: over plan
    const view = liveAgenda(doc, at(50));
    expect(view.items[0]).toMatchObject({ status: "done", actualMs: 44 * 60_000, overPlan: true });
    expect(view.items[1]).toMatchObject({ status: "running", actualMs: 4 * 60_000 });
    expect(view.items[2]).toMatchObject({ status: "not_started", actualMs: 0 });
  });

  it("concurrent presses by the chair and a secretary converge", () => {
    const { meeting, items } = testMeeting();
    const base = A.change(meeting, (d) => startAgendaItem(d, items[0]!, at(0)));
    const chair = A.change(A.clone(base), (d) => startAgendaItem(d, items[1]!, at(20)));
    const secretary = A.change(A.clone(base), (d) => startAgendaItem(d, items[2]!, at(21)));
    const a = liveAgenda(mergeAll(chair, secretary), at(30));
    const b = liveAgenda(mergeAll(secretary, chair), at(30));
    expect(b).toEqual(a);
    expect(a.currentItemId).toBe(items[2]); // the later press wins
    expect(a.items.map((i) => i.actualMs / 60_000)).toEqual([20, 1, 9]);
  });

  it("refuses an unknown or deleted item", () => {
    const { meeting, items } = testMeeting();
    const deleted = A.change(meeting, (d) => removeAgendaItem(d, items[2]!, at(0)));
    expect(() => A.change(deleted, (d) => startAgendaItem(d, items[2]!, at(1)))).toThrow(DomainError);
    expect(() => A.change(deleted, (d) => startAgendaItem(d, "nope" as never, at(1)))).toThrow(DomainError);
  });
});

/** A meeting run on the clock: `plan` planned minutes per item, each run `actual[i]` minutes back to back with a gap. */
function runMeeting(actual: number[], gap = 0): { doc: A.Doc<MeetingDoc>; end: number } {
  const { meeting, items } = testMeeting({ planned: [30, 20, 10] });
  let doc = meeting;
  let t = 0;
  actual.forEach((minutes, i) => {
    doc = A.change(doc, (d) => startAgendaItem(d, items[i]!, at(t)));
    t += minutes;
    doc = A.change(doc, (d) => stopAgendaItem(d, at(t)));
    t += gap;
  });
  return { doc, end: t };
}

describe("time statistics", () => {
  it("compares planned and actual per item and for the meeting", () => {
    const { doc, end } = runMeeting([36, 15, 10], 5);
    const stats = agendaTimeStats(doc, at(end + 60));
    expect(
      stats.items.map((i) => [i.plannedMinutes, i.actualMinutes, i.deltaMinutes, i.percentOfPlan]),
    ).toEqual([
      [30, 36, 6, 120],
      [20, 15, -5, 75],
      [10, 10, 0, 100],
    ]);
    expect(stats).toMatchObject({
      plannedMinutes: 60,
      actualMinutes: 61,
      deltaMinutes: 1,
      percentOfPlan: 101.7,
      spanMinutes: 71, // 36 + 5 + 15 + 5 + 10: from the first start to the last stop
      pauseMinutes: 10,
      unlistedActualMinutes: 0,
      finished: true,
    });
  });

  it("keeps time spent on an item deleted afterwards, and reports a meeting in progress", () => {
    const { doc } = runMeeting([30, 20]);
    const items = liveAgenda(doc, at(0)).items.map((i) => i.agendaItemId);
    const deleted = A.change(doc, (d) => removeAgendaItem(d, items[1] as never, at(60)));
    const stats = agendaTimeStats(deleted, at(60));
    expect(stats).toMatchObject({ plannedMinutes: 40, actualMinutes: 50, unlistedActualMinutes: 20 });
    const started = A.change(deleted, (d) => startAgendaItem(d, items[2] as never, at(55)));
    expect(agendaTimeStats(started, at(58))).toMatchObject({ finished: false, actualMinutes: 53 });
    expect(agendaTimeStats(testMeeting().meeting, at(0))).toMatchObject({
      actualMinutes: 0,
      spanMinutes: 0,
      percentOfPlan: 0,
      finished: false,
    });
  });

  it("shows a trend across meetings of a body", () => {
    const point = (n: number, actual: number, planned = 120): MeetingTimePoint => ({
      meetingId: `m${n}`,
      startsAt: `2026-0${n}-01T01:00:00.000Z`,
      plannedMinutes: planned,
      actualMinutes: actual,
    });
    // Given out of order, with one meeting never timed.
    const trend = meetingTimeTrend([
      point(6, 90),
      point(1, 150),
      point(2, 140),
      point(3, 0),
      point(5, 100),
      point(4, 130),
    ]);
    expect(trend.points.map((p) => p.meetingId)).toEqual(["m1", "m2", "m4", "m5", "m6"]);
    expect(trend.untimed).toEqual(["m3"]);
    expect(trend.window).toBe(2); // five timed meetings: two at each end
    expect(trend).toMatchObject({
      baselineMinutes: 145,
      recentMinutes: 95,
      changePercent: -34.5, // the e-Cabinet aim of −30 % is met
      slopeMinutesPerMeeting: -16,
      averagePercentOfPlan: 101.7,
    });
    expect(meetingTimeTrend([point(1, 100)])).toMatchObject({
      changePercent: null,
      slopeMinutesPerMeeting: null,
    });
    expect(meetingTimeTrend([point(1, 100, 0), point(2, 80, 0)]).averagePercentOfPlan).toBeNull();
  });

  it("pauses do not count as item time; a restarted item adds its new interval", () => {
    const { meeting, items } = testMeeting({ planned: [30, 20] });
    let doc = A.change(meeting, (d) => startAgendaItem(d, items[0]!, at(0)));
    doc = A.change(doc, (d) => pauseAgendaItem(d, at(10)));
    doc = A.change(doc, (d) => startAgendaItem(d, items[0]!, at(25))); // 15 min break
    doc = A.change(doc, (d) => startAgendaItem(d, items[1]!, at(40)));
    doc = A.change(doc, (d) => startAgendaItem(d, items[0]!, at(50))); // back to item 1 for 5 min
    doc = A.change(doc, (d) => stopAgendaItem(d, at(55)));
    const stats = agendaTimeStats(doc, at(90));
    expect(stats.items.map((i) => [i.actualMinutes, i.status])).toEqual([
      [30, "done"],
      [10, "done"],
    ]);
    expect(stats).toMatchObject({ actualMinutes: 40, spanMinutes: 55, pauseMinutes: 15, finished: true });
    expect(liveAgenda(doc, at(90)).items[0]).toMatchObject({ restarts: 1, overPlan: false }); // a resume after a pause is not a restart;
  });

  it("a 20 % shorter trend does not meet the 30 % aim; three meetings a side by default", () => {
    const points: MeetingTimePoint[] = [150, 150, 150, 130, 120, 120, 120].map((actual, i) => ({
      meetingId: `m${i}`,
      startsAt: new Date(Date.UTC(2026, i, 5, 1)).toISOString(),
      plannedMinutes: 120,
      actualMinutes: actual,
    }));
    const trend = meetingTimeTrend(points);
    expect(trend).toMatchObject({ window: 3, baselineMinutes: 150, recentMinutes: 120, changePercent: -20 });
    expect(trend.changePercent! <= -30).toBe(false);
  });

  it("a meeting's stats feed the trend directly", () => {
    const first = agendaTimeStats(runMeeting([40, 30, 20]).doc, at(500));
    const second = {
      ...agendaTimeStats(runMeeting([30, 20, 10]).doc, at(500)),
      startsAt: "2027-01-07T01:00:00.000Z",
    };
    expect(meetingTimeTrend([second, first], 1)).toMatchObject({
      baselineMinutes: 90,
      recentMinutes: 60,
      changePercent: -33.3,
    });
  });
});
