import ICAL from "ical.js";
import { describe, expect, test } from "vitest";
import type { MeetingView } from "../meeting/selectors.ts";
import { invitationCalendarEvent } from "../meeting-run/calendar-event.ts";
import type { TaskView } from "../tasks/selectors.ts";
import { meetingInvitationIcs } from "./meeting-invitation.ts";
import { foldLines, PRODUCT_ID } from "./serialize.ts";
import { taskDueFeedIcs, taskEventUid } from "./task-feed.ts";

const NOW = Date.parse("2026-12-01T02:03:04.000Z");

const MEETING: MeetingView = {
  id: "0b0e6c1e-8f4f-4a6c-9f1e-2c7f3d5a9b10",
  title: "Họp giao ban: kế hoạch chỉnh trang đô thị, chống ngập; năm 2027",
  issuingBody: "Ủy ban nhân dân quận Bình Thạnh",
  kind: "regular",
  startsAt: "2026-12-03T01:30:00.000Z",
  endsAt: "2026-12-03T04:00:00.000Z",
  timeZone: "Asia/Ho_Chi_Minh",
  location: "Phòng họp số 2, Ủy ban nhân dân quận",
  onlineLink: "https://meet.example.vn/abc?x=1,2",
  status: "published",
  participants: [],
  agenda: [
    {
      id: "a1",
      title: "Báo cáo tình hình thực hiện nhiệm vụ; đề xuất giải pháp",
      presenter: "Trưởng phòng Tài chính - Kế hoạch",
      plannedMinutes: 45,
      description: "",
      orderKey: "a0",
      deletedAt: null,
    },
    {
      id: "a2",
      title: "Ý kiến về dự thảo Kế hoạch chống ngập đường Xô Viết Nghệ Tĩnh",
      presenter: "",
      plannedMinutes: 30,
      description: "",
      orderKey: "a1",
      deletedAt: null,
    },
  ],
  deletedAgenda: [],
  plannedMinutesTotal: 75,
  createdAt: "2026-11-20T01:00:00.000Z",
  updatedAt: "2026-11-20T01:10:00.000Z",
};

function parseEvents(ics: string): ICAL.Event[] {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
}

function octetLengths(ics: string): number[] {
  const encoder = new TextEncoder();
  return ics.split("\r\n").map((line) => encoder.encode(line).length);
}

describe("meeting invitation .ics", () => {
  const event = invitationCalendarEvent(
    MEETING,
    { name: 'Văn phòng "HĐND và UBND" quận', email: "vanphong@binhthanh.example.vn" },
    "https://hopso.example.vn/meetings/0b0e6c1e-8f4f-4a6c-9f1e-2c7f3d5a9b10",
  );
  const ics = meetingInvitationIcs(event, { now: NOW });

  test("parses with ical.js: UTC start and end, Vietnamese summary, place and description intact", () => {
    const [vevent, ...rest] = parseEvents(ics);
    expect(rest).toHaveLength(0);
    expect(vevent!.uid).toBe("0b0e6c1e-8f4f-4a6c-9f1e-2c7f3d5a9b10@hopso");
    expect(vevent!.summary).toBe(MEETING.title);
    expect(vevent!.location).toBe(MEETING.location);
    expect(vevent!.startDate.isDate).toBe(false);
    expect(vevent!.startDate.toJSDate().toISOString()).toBe("2026-12-03T01:30:00.000Z");
    expect(vevent!.endDate.toJSDate().toISOString()).toBe("2026-12-03T04:00:00.000Z");
    expect(vevent!.description).toBe(event.description);
    expect(vevent!.description).toContain("1. Báo cáo tình hình thực hiện nhiệm vụ; đề xuất giải pháp");
    expect(vevent!.sequence).toBe(600);
  });

  test("DTSTAMP is the given clock; status, URL, organizer and PRODID are written", () => {
    const vevent = parseEvents(ics)[0]!.component;
    expect(vevent.getFirstPropertyValue("dtstamp")?.toString()).toBe("2026-12-01T02:03:04Z");
    expect(vevent.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(vevent.getFirstPropertyValue("url")).toBe(event.url);
    expect(vevent.getFirstPropertyValue("last-modified")?.toString()).toBe("2026-11-20T01:10:00Z");
    const organizer = vevent.getFirstProperty("organizer")!;
    expect(organizer.getFirstValue()).toBe("MAILTO:vanphong@binhthanh.example.vn");
    expect(organizer.getParameter("cn")).toBe("Văn phòng 'HĐND và UBND' quận");
    expect(ics).toContain(`PRODID:${PRODUCT_ID}\r\n`);
    expect(ics).toContain("METHOD:PUBLISH\r\n");
  });

  test("text escaping is the library's; lines are folded at 75 octets with CRLF", () => {
    expect(ics.replace(/\r\n /gu, "")).toContain(
      "SUMMARY:Họp giao ban: kế hoạch chỉnh trang đô thị\\, chống ngập\\; năm 2027\r\n",
    );
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics.replace(/\r\n/gu, "")).not.toMatch(/[\r\n]/u);
    expect(Math.max(...octetLengths(ics))).toBeLessThanOrEqual(75);
  });

  test("a draft is tentative; no organizer line without an e-mail address", () => {
    const draft = invitationCalendarEvent(
      { ...MEETING, status: "draft" },
      { name: "Thư ký", email: null },
      "https://hopso.example.vn/m/1",
    );
    const out = meetingInvitationIcs(draft, { now: NOW });
    expect(parseEvents(out)[0]!.component.getFirstPropertyValue("status")).toBe("TENTATIVE");
    expect(out).not.toContain("ORGANIZER");
  });

  test("a relative URL is refused with a domain error", () => {
    expect(() => meetingInvitationIcs({ ...event, url: "/meetings/1" }, { now: NOW })).toThrow(/ics:/u);
  });
});

function task(overrides: Partial<TaskView>): TaskView {
  return {
    id: "t1",
    title: "Báo cáo tiến độ giải ngân vốn đầu tư công",
    description: "",
    lead: { kind: "unit", id: "u-tckh" },
    supportUnitIds: [],
    assignerMemberId: "m-chair",
    dueDate: "2026-12-15",
    dueTime: null,
    assignedDueDate: "2026-12-15",
    assignedDueTime: null,
    extended: false,
    priority: "high",
    category: "Đầu tư, xây dựng",
    source: null,
    status: "in_progress",
    doneAt: null,
    statusFromConcurrentChanges: false,
    percent: 40,
    progressReports: [],
    extensions: [],
    pendingExtension: null,
    history: [
      { id: "e1", type: "created", at: "2026-12-03T05:00:00.000Z", byMemberId: "m-chair", seq: 1 },
      { id: "e2", type: "started", at: "2026-12-04T05:00:00.000Z", byMemberId: "m-lead", seq: 2 },
      { id: "e3", type: "progress_reported", at: "2026-12-05T05:00:00.000Z", byMemberId: "m-lead", seq: 3 },
    ],
    createdAt: "2026-12-03T05:00:00.000Z",
    createdByMemberId: "m-chair",
    updatedAt: "2026-12-05T05:00:00.000Z",
    deletedAt: null,
    ...overrides,
  };
}

describe("task due-date feed .ics", () => {
  const tasks = [
    task({}),
    task({
      id: "t2",
      title: "Họp dân về dự án chống ngập",
      dueDate: "2026-12-31",
      dueTime: "16:30",
      status: "not_started",
      percent: 0,
    }),
    task({
      id: "t3",
      title: "Việc đã xong",
      status: "done",
      doneAt: "2026-12-10T03:00:00.000Z",
      percent: 100,
    }),
    task({ id: "t4", title: "Việc đã xóa", deletedAt: "2026-12-06T00:00:00.000Z" }),
  ];
  const options = {
    now: NOW,
    calendarName: "Hạn xử lý nhiệm vụ — UBND quận Bình Thạnh",
    taskUrl: (id: string) => `https://hopso.example.vn/tasks/${id}`,
    leadName: (lead: TaskView["lead"]) => (lead.id === "u-tckh" ? "Phòng Tài chính - Kế hoạch" : ""),
  };
  const ics = taskDueFeedIcs(tasks, options);
  const events = parseEvents(ics);
  const byUid = new Map(events.map((e) => [e.uid, e]));

  test("one event per live task with stable UIDs; deleted tasks left out", () => {
    expect(events.map((e) => e.uid)).toEqual([taskEventUid("t1"), taskEventUid("t2"), taskEventUid("t3")]);
    expect(taskDueFeedIcs(tasks, options)).toBe(ics);
    const calendar = new ICAL.Component(ICAL.parse(ics));
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe(options.calendarName);
  });

  test("a due date is an all-day event on that date (DTEND the next day)", () => {
    const e = byUid.get(taskEventUid("t1"))!;
    expect(e.startDate.isDate).toBe(true);
    expect(e.startDate.toString()).toBe("2026-12-15");
    expect(e.endDate.toString()).toBe("2026-12-16");
    expect(e.summary).toBe("Hạn: Báo cáo tiến độ giải ngân vốn đầu tư công");
    expect(e.description).toBe(
      "Chủ trì: Phòng Tài chính - Kế hoạch\nHạn xử lý: 15/12/2026\nTrạng thái: đang thực hiện (40%)\nMức độ: cao\n\nXem trong HọpSố: https://hopso.example.vn/tasks/t1",
    );
    expect(e.sequence).toBe(2);
    expect(e.component.getFirstPropertyValue("categories")).toBe("Đầu tư  xây dựng");
    expect(e.component.getFirstPropertyValue("transp")).toBe("TRANSPARENT");
    expect(e.component.getFirstPropertyValue("dtstamp")?.toString()).toBe("2026-12-01T02:03:04Z");
  });

  test("a due time is a moment in Asia/Ho_Chi_Minh, written in UTC", () => {
    const e = byUid.get(taskEventUid("t2"))!;
    expect(e.startDate.isDate).toBe(false);
    // 16:30 in Hồ Chí Minh City (UTC+7) is 09:30 UTC.
    expect(e.startDate.toJSDate().toISOString()).toBe("2026-12-31T09:30:00.000Z");
    expect(e.endDate.toJSDate().toISOString()).toBe("2026-12-31T09:30:00.000Z");
    expect(ics).toContain("DTSTART:20261231T093000Z\r\n");
    expect(e.summary).toBe("Hạn: Họp dân về dự án chống ngập");
  });

  test("done tasks are marked, or left out on request", () => {
    expect(byUid.get(taskEventUid("t3"))!.summary).toBe("Đã hoàn thành: Việc đã xong");
    const open = parseEvents(taskDueFeedIcs(tasks, { ...options, includeDone: false }));
    expect(open.map((e) => e.uid)).toEqual([taskEventUid("t1"), taskEventUid("t2")]);
  });

  test("an empty feed is still a valid calendar", () => {
    const empty = taskDueFeedIcs([], options);
    expect(parseEvents(empty)).toEqual([]);
    expect(empty).toContain("BEGIN:VCALENDAR\r\n");
  });
});

describe("folding", () => {
  test("folds by octets, never inside a UTF-8 sequence, and unfolds back to the same line", () => {
    const line = `DESCRIPTION:${"Đường Xô Viết Nghệ Tĩnh ".repeat(10)}`;
    const folded = foldLines(line);
    expect(Math.max(...octetLengths(folded))).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /gu, "")).toBe(line);
    expect(
      folded
        .split("\r\n")
        .slice(1)
        .every((l) => l.startsWith(" ")),
    ).toBe(true);
  });
});
