import { describe, expect, it } from "vitest";
import { createWorkingCalendar, VIETNAM_CALENDAR } from "../calendar/working-calendar.ts";
import {
  type ClassifiableTask,
  deriveStatus,
  effectiveDue,
  effectiveDueAt,
  type StatusEventLike,
  statusClass,
} from "./status.ts";

const cal = VIETNAM_CALENDAR;
const ms = (iso: string) => Date.parse(iso);

function task(dueDate: string, dueTime: string | null, doneAt: string | null): ClassifiableTask {
  return { dueDate, dueTime, status: doneAt ? "done" : "in_progress", doneAt };
}

describe("effectiveDueAt: a due date is the end of that working day in Asia/Ho_Chi_Minh", () => {
  it.each([
    ["a Friday", "2027-03-05", null, "2027-03-05T16:59:59.999Z"],
    ["a Saturday, moved to the end of Monday", "2027-03-06", null, "2027-03-08T16:59:59.999Z"],
    ["a Sunday, moved to the end of Monday", "2027-03-07", null, "2027-03-08T16:59:59.999Z"],
    [
      "Tết 2027 (29th of the 12th lunar month), moved past the break",
      "2027-02-05",
      null,
      "2027-02-12T16:59:59.999Z",
    ],
    ["the first day of Tết 2027", "2027-02-06", null, "2027-02-12T16:59:59.999Z"],
    [
      "Reunification Day 30/4/2027 (a Friday), moved to Tuesday 4/5",
      "2027-04-30",
      null,
      "2027-05-04T16:59:59.999Z",
    ],
    ["a given time, read on the Vietnam wall clock", "2027-03-05", "16:00", "2027-03-05T09:00:00.000Z"],
    ["a given time on a Saturday, kept as given", "2027-03-06", "09:30", "2027-03-06T02:30:00.000Z"],
  ])("%s", (_, dueDate, dueTime, expected) => {
    expect(new Date(effectiveDueAt({ dueDate, dueTime }, cal)).toISOString()).toBe(expected);
  });

  it("reads the date in the calendar's zone, never the host's", () => {
    const paris = createWorkingCalendar({ timeZone: "Europe/Paris" });
    // Friday 5 March 2027 ends at 24:00 CET = 23:00 UTC.
    expect(new Date(effectiveDueAt({ dueDate: "2027-03-05", dueTime: null }, paris)).toISOString()).toBe(
      "2027-03-05T22:59:59.999Z",
    );
  });
});

describe("statusClass around deadlines", () => {
  it.each([
    ["done at 23:30 local on the due day", "2027-03-05T16:30:00.000Z", "done_on_time"],
    ["done at the last millisecond of the due day", "2027-03-05T16:59:59.999Z", "done_on_time"],
    ["done at 00:00 local the next day", "2027-03-05T17:00:00.000Z", "done_late"],
    ["done at 00:30 local the next day (still the 5th in UTC)", "2027-03-05T17:30:00.000Z", "done_late"],
    ["done early", "2027-03-01T03:00:00.000Z", "done_on_time"],
  ])("due Friday 5/3, %s", (_, doneAt, expected) => {
    expect(statusClass(task("2027-03-05", null, doneAt), ms("2027-04-01T00:00:00.000Z"), cal)).toBe(expected);
  });

  it.each([
    ["at 23:59 local on the due day", "2027-03-05T16:59:00.000Z", "open_within_deadline"],
    ["at the deadline itself", "2027-03-05T16:59:59.999Z", "open_within_deadline"],
    ["at 00:00 local the next day", "2027-03-05T17:00:00.000Z", "open_overdue"],
    ["at 08:00 local on the next working day", "2027-03-08T01:00:00.000Z", "open_overdue"],
  ])("due Friday 5/3, open %s", (_, now, expected) => {
    expect(statusClass(task("2027-03-05", null, null), ms(now), cal)).toBe(expected);
  });

  it("a due date on a Saturday is met by work done on the Monday evening", () => {
    expect(statusClass(task("2027-03-06", null, "2027-03-08T15:00:00.000Z"), 0, cal)).toBe("done_on_time");
    expect(statusClass(task("2027-03-06", null, "2027-03-08T17:00:00.000Z"), 0, cal)).toBe("done_late");
    expect(statusClass(task("2027-03-06", null, null), ms("2027-03-07T10:00:00.000Z"), cal)).toBe(
      "open_within_deadline",
    );
  });

  it("a due date in Tết runs to the end of the first working day after the break", () => {
    const t = task("2027-02-08", null, null);
    expect(statusClass(t, ms("2027-02-11T12:00:00.000Z"), cal)).toBe("open_within_deadline");
    expect(statusClass(t, ms("2027-02-12T16:59:59.999Z"), cal)).toBe("open_within_deadline");
    expect(statusClass(t, ms("2027-02-12T17:00:00.000Z"), cal)).toBe("open_overdue");
  });

  it("a due time is a moment: 16:00 local", () => {
    expect(statusClass(task("2027-03-05", "16:00", "2027-03-05T09:00:00.000Z"), 0, cal)).toBe("done_on_time");
    expect(statusClass(task("2027-03-05", "16:00", "2027-03-05T09:00:00.001Z"), 0, cal)).toBe("done_late");
    expect(statusClass(task("2027-03-05", "16:00", null), ms("2027-03-05T09:30:00.000Z"), cal)).toBe(
      "open_overdue",
    );
  });
});

describe("deriveStatus", () => {
  const ev = (id: string, type: StatusEventLike["type"], at: string, supersedes: string[] = []) => ({
    id,
    type,
    at,
    supersedes,
  });
  const created = ev("c", "created", "2027-03-01T02:00:00.000Z");

  it("follows a chain of events to its head", () => {
    const events = [
      created,
      ev("s", "started", "2027-03-02T02:00:00.000Z", ["c"]),
      ev("d", "completed", "2027-03-03T02:00:00.000Z", ["s"]),
      ev("r", "reopened", "2027-03-04T02:00:00.000Z", ["d"]),
      ev("d2", "completed", "2027-03-05T02:00:00.000Z", ["r"]),
    ];
    expect(deriveStatus(events)).toEqual({
      status: "done",
      doneAt: "2027-03-05T02:00:00.000Z",
      heads: ["d2"],
      concurrent: false,
    });
  });

  it("ignores events that do not change status, and clock order (causality decides)", () => {
    // The reopen's device clock is behind, yet it follows the completion it saw.
    const events = [
      created,
      ev("d", "completed", "2027-03-03T02:00:00.000Z", ["c"]),
      ev("r", "reopened", "2027-03-02T02:00:00.000Z", ["d"]),
      { id: "x", type: "extension_requested" as const, at: "2027-03-09T00:00:00.000Z" },
    ];
    expect(deriveStatus(events).status).toBe("in_progress");
  });

  it.each([
    ["reopen beats a concurrent completion", ["reopened", "completed"], "in_progress"],
    ["completion beats a concurrent progress report", ["completed", "progress_reported"], "done"],
    ["completion beats a concurrent start", ["started", "completed"], "done"],
    ["two starts", ["started", "progress_reported"], "in_progress"],
  ] as const)("%s, in any order", (_, types, expected) => {
    const base = [created, ev("d0", "completed", "2027-03-02T00:00:00.000Z", ["c"])];
    const heads = types.map((t, i) => ev(`h${i}`, t, `2027-03-0${3 + i}T00:00:00.000Z`, ["d0"]));
    const a = deriveStatus([...base, ...heads]);
    const b = deriveStatus([...heads].reverse().concat(base));
    expect(a.status).toBe(expected);
    expect(a.concurrent).toBe(true);
    expect(b).toEqual(a);
  });

  it("two concurrent completions: done at the earlier", () => {
    const events = [
      created,
      ev("d1", "completed", "2027-03-05T10:00:00.000Z", ["c"]),
      ev("d2", "completed", "2027-03-05T08:00:00.000Z", ["c"]),
    ];
    expect(deriveStatus(events).doneAt).toBe("2027-03-05T08:00:00.000Z");
  });
});

describe("effectiveDue", () => {
  const assigned = { date: "2027-03-05", time: null, setAt: "2027-03-01T02:00:00.000Z", extensionId: null };
  const ext = (id: string, date: string, setAt: string) => ({ date, time: null, setAt, extensionId: id });

  it("the latest approved extension wins over the assigned date", () => {
    expect(
      effectiveDue(assigned, [
        ext("x1", "2027-03-12", "2027-03-02T00:00:00.000Z"),
        ext("x2", "2027-03-19", "2027-03-09T00:00:00.000Z"),
      ]).date,
    ).toBe("2027-03-19");
  });

  it("a due date set after the approval wins over it", () => {
    const edited = { ...assigned, date: "2027-03-10", setAt: "2027-03-03T00:00:00.000Z" };
    expect(effectiveDue(edited, [ext("x1", "2027-03-12", "2027-03-02T00:00:00.000Z")]).date).toBe(
      "2027-03-10",
    );
  });
});
