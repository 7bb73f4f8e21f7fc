import { describe, expect, it } from "vitest";
import { reminderRulesSchema } from "./rules.ts";
import { ruleReminders } from "./schedule.ts";
import { brief, cal, chair, lead, local, member, schedule, task, vn } from "./test-support.ts";
import type { ConsultationSubject, MeetingSubject, VoteSubject } from "./types.ts";
import { parseReminderSubject } from "./validate.ts";

describe("task reminders", () => {
  it("reminds a new task at once, then 3 and 1 working days before and on the due morning, across a weekend", () => {
    // Due Monday 9/3/2026; assigned Monday 23/2.
    const rs = schedule([task()], vn("2026-02-23", "09:00"));
    expect(brief(rs).slice(0, 4)).toEqual([
      "task_assigned → lead @ 2026-02-23 09:00",
      "task_due_soon → lead @ 2026-03-04 07:30", // 3 working days before: Wednesday
      "task_due_soon → lead @ 2026-03-06 07:30", // 1 working day before: Friday, not Sunday
      "task_due_today → lead @ 2026-03-09 07:30",
    ]);
    const [assigned, three, one, today] = rs;
    expect(three).toMatchObject({ urgency: "low", params: { workingDaysLeft: 3, dueDate: "2026-03-09" } });
    expect(one).toMatchObject({ urgency: "normal", params: { workingDaysLeft: 1 } });
    // Each is relevant until the next one; the last until the deadline (end of the due day, local).
    expect(local(three!.expiresAt)).toBe("2026-03-06 07:30");
    expect(local(one!.expiresAt)).toBe("2026-03-09 07:30");
    expect(today!.expiresAt).toBe(Date.parse("2026-03-09T16:59:59.999Z"));
    expect(assigned!.expiresAt).toBe(today!.expiresAt);
    expect(assigned!.key).toBe(
      `task:t1:task_assigned:${new Date(vn("2026-02-23", "09:00")).toISOString()}:lead`,
    );
  });

  it("counts working days around Tết 2027 for a task due just after it", () => {
    // Off 5/2–11/2/2027 (default rule). Due Friday 12/2, assigned in January.
    const t = task({ dueDate: "2027-02-12", assignedAt: vn("2027-01-20", "10:00") });
    const rs = schedule([t], vn("2027-01-20", "10:00")).filter((r) => r.kind !== "task_assigned");
    expect(brief(rs).slice(0, 3)).toEqual([
      "task_due_soon → lead @ 2027-02-02 07:30",
      "task_due_soon → lead @ 2027-02-04 07:30", // the last working day before Tết
      "task_due_today → lead @ 2027-02-12 07:30",
    ]);
    // The first overdue morning is Monday 15/2.
    expect(brief(rs)[3]).toBe("task_overdue → lead @ 2027-02-15 07:30");
  });

  it("moves a due date that falls on Tết to the end of the next working day", () => {
    const t = task({ dueDate: "2027-02-08", assignedAt: vn("2027-01-20", "10:00") });
    const [assigned] = schedule([t], vn("2027-01-20", "10:00"));
    expect(assigned!.params.deadlineAt).toBe(Date.parse("2027-02-12T16:59:59.999Z"));
    expect(assigned!.params.dueDate).toBe("2027-02-08");
  });

  it("leaves out reminders older than the assignment", () => {
    // Assigned on Friday 6/3 at 10:00, due Monday 9/3: only the due morning remains.
    const t = task({ assignedAt: vn("2026-03-06", "10:00") });
    expect(brief(schedule([t], vn("2026-03-06", "10:00")).slice(0, 2))).toEqual([
      "task_assigned → lead @ 2026-03-06 10:00",
      "task_due_today → lead @ 2026-03-09 07:30",
    ]);
  });

  it("reminds an overdue task each working morning and escalates to the assigner after 3 working days", () => {
    // Due Monday 2/3/2026. Overdue Tue, Wed, Thu; the assigner hears on Friday 6/3, then every 5 working days.
    const t = task({ dueDate: "2026-03-02", assignedAt: vn("2026-02-16", "09:00") });
    const all = schedule([t], vn("2026-03-02", "20:00"));
    // Still relevant until the deadline at 24:00 tonight, so a relay that missed them sends them late.
    expect(brief(all.slice(0, 2))).toEqual([
      "task_assigned → lead @ 2026-02-16 09:00",
      "task_due_today → lead @ 2026-03-02 07:30",
    ]);
    const rs = all.filter((r) => r.kind.startsWith("task_overdue") && r.dueAt <= vn("2026-03-16", "23:00"));
    expect(brief(rs)).toEqual([
      "task_overdue → lead @ 2026-03-03 07:30",
      "task_overdue → lead @ 2026-03-04 07:30",
      "task_overdue → lead @ 2026-03-05 07:30",
      "task_overdue → lead @ 2026-03-06 07:30",
      "task_overdue_escalated → chair @ 2026-03-06 07:30",
      "task_overdue → lead @ 2026-03-09 07:30",
      "task_overdue → lead @ 2026-03-10 07:30",
      "task_overdue → lead @ 2026-03-11 07:30",
      "task_overdue → lead @ 2026-03-12 07:30",
      "task_overdue → lead @ 2026-03-13 07:30",
      "task_overdue_escalated → chair @ 2026-03-13 07:30",
      "task_overdue → lead @ 2026-03-16 07:30",
    ]);
    const overdue = rs.filter((r) => r.kind === "task_overdue");
    expect(overdue.map((r) => r.escalationLevel)).toEqual([0, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
    expect(overdue.map((r) => r.params.workingDayOverdue)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const escalation = rs.find((r) => r.kind === "task_overdue_escalated")!;
    expect(escalation).toMatchObject({
      recipientMemberId: chair,
      urgency: "high",
      escalationLevel: 1,
      params: { workingDayOverdue: 4, assigneeMemberIds: [lead] },
    });
    expect(local(escalation.expiresAt)).toBe("2026-03-13 07:30");
    expect(local(overdue[0]!.expiresAt)).toBe("2026-03-04 07:30");
  });

  it("counts overdue working days over holidays (Hùng Kings 2026 made up on Monday, 30/4 and 1/5)", () => {
    const t = task({ dueDate: "2026-04-24", assignedAt: vn("2026-04-01", "09:00") });
    const rs = schedule([t], vn("2026-04-25", "09:00")).filter((r) => r.kind.startsWith("task_overdue"));
    expect(brief(rs).slice(0, 5)).toEqual([
      "task_overdue → lead @ 2026-04-28 07:30",
      "task_overdue → lead @ 2026-04-29 07:30",
      "task_overdue → lead @ 2026-05-04 07:30",
      "task_overdue → lead @ 2026-05-05 07:30",
      "task_overdue_escalated → chair @ 2026-05-05 07:30",
    ]);
  });

  it("lists only reminders still relevant now, so an old overdue task does not replay its past", () => {
    const t = task({ dueDate: "2026-03-02", assignedAt: vn("2026-02-16", "09:00") });
    const rs = schedule([t], vn("2026-03-20", "10:00"));
    expect(brief(rs).slice(0, 3)).toEqual([
      "task_overdue → lead @ 2026-03-20 07:30",
      "task_overdue_escalated → chair @ 2026-03-20 07:30",
      "task_overdue → lead @ 2026-03-23 07:30",
    ]);
    expect(rs.every((r) => r.expiresAt > vn("2026-03-20", "10:00"))).toBe(true);
    expect(Math.max(...rs.map((r) => r.dueAt))).toBeLessThanOrEqual(
      vn("2026-03-20", "10:00") + 31 * 86_400_000,
    );
  });

  it("does not escalate to an assigner who is also the assignee, and stops when the task is done", () => {
    const self = task({
      dueDate: "2026-03-02",
      assignedAt: vn("2026-02-16", "09:00"),
      assignerMemberId: lead,
    });
    expect(schedule([self], vn("2026-03-03", "09:00")).some((r) => r.kind === "task_overdue_escalated")).toBe(
      false,
    );
    expect(schedule([task({ status: "done" })], vn("2026-03-03", "09:00"))).toEqual([]);
  });

  it("uses an explicit due time when one is given", () => {
    const t = task({
      dueDate: "2026-03-09",
      dueAt: vn("2026-03-09", "14:00"),
      assignedAt: vn("2026-03-02", "08:00"),
    });
    const rs = schedule([t], vn("2026-03-02", "08:00"));
    const today = rs.find((r) => r.kind === "task_due_today")!;
    expect(local(today.expiresAt)).toBe("2026-03-09 14:00");
    expect(rs.find((r) => r.kind === "task_overdue")!.params.workingDayOverdue).toBe(1);
    expect(local(rs.find((r) => r.kind === "task_overdue")!.dueAt)).toBe("2026-03-10 07:30");
  });

  it("follows the workspace's rules", () => {
    const rules = reminderRulesSchema.parse({
      taskBeforeDue: [{ offset: { unit: "hours", amount: 4 }, urgency: "high" }],
      taskDueDayMorning: { enabled: false, urgency: "normal" },
      taskAssigned: { enabled: false, urgency: "normal" },
    });
    const t = task({ dueAt: vn("2026-03-09", "16:00"), assignedAt: vn("2026-03-02", "08:00") });
    const rs = schedule([t], vn("2026-03-02", "08:00"), {}, rules).filter((r) => r.kind !== "task_overdue");
    expect(brief(rs).slice(0, 1)).toEqual(["task_due_soon → lead @ 2026-03-09 12:00"]);
    expect(rs[0]!.params.hoursLeft).toBe(4);
  });
});

describe("meeting, consultation and vote reminders", () => {
  const meeting: MeetingSubject = {
    type: "meeting",
    id: "mt1",
    title: "Họp UBND quận thường kỳ tháng 3",
    status: "published",
    publishedAt: vn("2026-03-02", "15:00"),
    startsAt: vn("2026-03-09", "08:00"), // Monday
    participantMemberIds: [lead, chair, member("reader")],
    paperIds: ["p1", "p2", "p3"],
    openedPaperIds: { [lead]: ["p1"], reader: ["p1", "p2", "p3"] },
  };

  it("reminds participants 1 day and 1 hour before, and those with unopened papers the working day before", () => {
    const rs = schedule([meeting], vn("2026-03-03", "09:00"));
    expect(brief(rs)).toEqual([
      "meeting_unopened_papers → chair @ 2026-03-06 07:30",
      "meeting_unopened_papers → lead @ 2026-03-06 07:30",
      "meeting_upcoming → chair @ 2026-03-08 08:00",
      "meeting_upcoming → lead @ 2026-03-08 08:00",
      "meeting_upcoming → reader @ 2026-03-08 08:00",
      "meeting_upcoming → chair @ 2026-03-09 07:00",
      "meeting_upcoming → lead @ 2026-03-09 07:00",
      "meeting_upcoming → reader @ 2026-03-09 07:00",
    ]);
    expect(
      rs.find((r) => r.kind === "meeting_unopened_papers" && r.recipientMemberId === lead)!.params,
    ).toMatchObject({
      unopenedPapers: 2,
      totalPapers: 3,
    });
    const hour = rs.filter((r) => r.kind === "meeting_upcoming").at(-1)!;
    expect(hour).toMatchObject({ urgency: "high", expiresAt: meeting.startsAt, params: { hoursLeft: 1 } });
  });

  it("says nothing about a draft meeting and nothing older than its publication", () => {
    expect(schedule([{ ...meeting, status: "draft", publishedAt: null }], vn("2026-03-03", "09:00"))).toEqual(
      [],
    );
    const late = { ...meeting, publishedAt: vn("2026-03-08", "20:00") };
    expect(new Set(schedule([late], vn("2026-03-08", "20:00")).map((r) => local(r.dueAt)))).toEqual(
      new Set(["2026-03-09 07:00"]),
    );
  });

  it("reminds consultation recipients who have not answered, 1 working day and 2 hours before the deadline", () => {
    const c: ConsultationSubject = {
      type: "consultation",
      id: "c1",
      title: "Lấy ý kiến dự thảo quy chế",
      status: "open",
      openedAt: vn("2026-03-02", "09:00"),
      deadline: vn("2026-03-09", "17:00"),
      recipientMemberIds: [lead, chair],
      answeredMemberIds: [chair],
    };
    expect(brief(schedule([c], vn("2026-03-02", "09:00")))).toEqual([
      "consultation_deadline → lead @ 2026-03-06 07:30",
      "consultation_deadline → lead @ 2026-03-09 15:00",
    ]);
    expect(schedule([{ ...c, status: "closed" }], vn("2026-03-02", "09:00"))).toEqual([]);
  });

  it("tells remote voters who have not voted that a vote is open", () => {
    const v: VoteSubject = {
      type: "vote",
      id: "motion1",
      meetingId: "mt1",
      title: "Thông qua tờ trình",
      status: "open",
      openedAt: vn("2026-03-09", "10:15"),
      closesAt: null,
      remoteVoterMemberIds: [lead, member("remote2")],
      votedMemberIds: [member("remote2")],
    };
    const rs = schedule([v], vn("2026-03-09", "10:15"));
    expect(brief(rs)).toEqual(["vote_open → lead @ 2026-03-09 10:15"]);
    expect(rs[0]).toMatchObject({
      urgency: "high",
      expiresAt: vn("2026-03-09", "11:15"),
      params: { meetingId: "mt1" },
    });
    expect(schedule([{ ...v, closesAt: vn("2026-03-09", "10:20") }], vn("2026-03-09", "10:25"))).toEqual([]);
  });

  it("computes the same raw reminders for a subject through ruleReminders", () => {
    const ctx = { calendar: cal, rules: reminderRulesSchema.parse({}), now: vn("2026-03-03", "09:00") };
    expect(ruleReminders(meeting, ctx)).toHaveLength(8);
  });
});

describe("subjects from outside", () => {
  it("are checked with reason invalid_input", () => {
    const t = task();
    expect(parseReminderSubject(JSON.parse(JSON.stringify(t)))).toEqual(t);
    expect(() => parseReminderSubject({ ...t, dueDate: "09/03/2026" })).toThrow(/invalid reminder subject/);
    expect(() => parseReminderSubject({ ...t, type: "memo" })).toThrow(/invalid reminder subject/);
  });
});

describe("the calendar, quiet hours and zones together", () => {
  it("reminds of papers for a meeting just after Tết 2027 on the last working morning before Tết", () => {
    // Off 5/2–11/2/2027; the meeting is on Friday 12/2 at 08:00, published in January.
    const meeting: MeetingSubject = {
      type: "meeting",
      id: "after-tet",
      title: "Họp triển khai nhiệm vụ sau Tết",
      status: "published",
      publishedAt: vn("2027-01-25", "09:00"),
      startsAt: vn("2027-02-12", "08:00"),
      participantMemberIds: [lead],
      paperIds: ["p1"],
      openedPaperIds: {},
    };
    const rs = schedule([meeting], vn("2027-01-26", "09:00"));
    expect(brief(rs.filter((r) => r.kind === "meeting_unopened_papers"))).toEqual([
      "meeting_unopened_papers → lead @ 2027-02-04 07:30",
    ]);
    // "1 day before" is counted in hours, not working days: it falls on the Tết holiday Thursday 11/2.
    expect(brief(rs.filter((r) => r.kind === "meeting_upcoming"))[0]).toBe(
      "meeting_upcoming → lead @ 2027-02-11 08:00",
    );
  });

  it("an overdue task's morning reminder waits for quiet hours to end, and a digest gathers the low ones", () => {
    // Due Monday 9/3/2026; the lead keeps quiet until 08:00 and takes a 07:45 digest of low reminders.
    const t = task({ dueDate: "2026-03-13", assignedAt: vn("2026-03-02", "10:00") });
    const rs = schedule([t], vn("2026-03-09", "06:00"), {
      lead: { quietHours: { start: "21:00", end: "08:00" }, digest: { enabled: true, time: "07:45" } },
    });
    // 3 working days before (Tuesday 10/3, low urgency) goes into that day's digest, after quiet hours.
    const tuesday = rs.filter((r) => local(r.dueAt).startsWith("2026-03-10"));
    expect(tuesday.map((r) => r.kind)).toEqual(["digest"]);
    expect(local(tuesday[0]!.dueAt)).toBe("2026-03-10 08:00");
    expect(tuesday[0]!.items?.map((i) => i.kind)).toEqual(["task_due_soon"]);
    // 1 working day before (Thursday 12/3, normal urgency) stays single, moved from 07:30 to 08:00.
    expect(brief(rs.filter((r) => local(r.dueAt).startsWith("2026-03-12")))).toEqual([
      "task_due_soon → lead @ 2026-03-12 08:00",
    ]);
  });

  it("a member working from Paris keeps quiet hours in their zone while the calendar stays in Hà Nội", () => {
    // New task at 15:00 Hà Nội = 09:00 Paris (UTC+1 in March): inside Paris quiet hours 00:00–10:00.
    const t = task({ assignedAt: vn("2026-03-04", "15:00"), dueDate: "2026-03-20" });
    const [assigned] = schedule([t], vn("2026-03-04", "15:00"), {
      lead: { quietHours: { start: "00:00", end: "10:00" }, timeZone: "Europe/Paris" },
    });
    expect(assigned!.kind).toBe("task_assigned");
    expect(new Date(assigned!.dueAt).toISOString()).toBe("2026-03-04T09:00:00.000Z"); // 10:00 Paris
    expect(assigned!.key).toContain(new Date(vn("2026-03-04", "15:00")).toISOString());
  });
});
