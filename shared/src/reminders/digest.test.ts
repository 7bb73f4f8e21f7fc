import { describe, expect, it } from "vitest";
import { reminderRulesSchema } from "./rules.ts";
import { brief, chair, lead, local, schedule, task, vn } from "./test-support.ts";
import type { MeetingSubject } from "./types.ts";

const digestAt0730 = { digest: { enabled: true, time: "07:30" } };

describe("daily digest", () => {
  const meeting: MeetingSubject = {
    type: "meeting",
    id: "mt1",
    title: "Giao ban tuần",
    status: "published",
    publishedAt: vn("2026-02-27", "09:00"),
    startsAt: vn("2026-03-05", "14:00"), // Thursday
    participantMemberIds: [lead, chair],
    paperIds: ["p1", "p2"],
    openedPaperIds: {},
  };
  // Two tasks due Monday 9/3: their "3 working days before" (low) fall on Wednesday 4/3 07:30.
  const subjects = [task(), task({ id: "t2", title: "Rà soát hồ sơ đất đai" }), meeting];

  it("collapses low-urgency reminders into one digest per day at the digest time; others stay single", () => {
    const rs = schedule(subjects, vn("2026-03-02", "09:00"), { lead: digestAt0730 });
    const mine = rs.filter(
      (r) =>
        r.recipientMemberId === lead && r.kind !== "task_assigned" && r.dueAt < vn("2026-03-06", "00:00"),
    );
    expect(brief(mine)).toEqual([
      "digest → lead @ 2026-03-04 07:30",
      "digest → lead @ 2026-03-05 07:30",
      "meeting_upcoming → lead @ 2026-03-05 13:00",
    ]);
    const [wed, thu] = mine;
    expect(wed).toMatchObject({
      key: "digest:2026-03-04:lead",
      subjectType: "digest",
      urgency: "low",
      params: { count: 3 },
    });
    // Wednesday: both tasks' "due in 3 working days" and the meeting's "N of M papers unopened";
    // the meeting's "tomorrow" reminder (Wed 14:00) goes into Thursday's digest.
    expect(wed!.items!.map((i) => `${i.kind}:${i.subjectId}`)).toEqual([
      "meeting_unopened_papers:mt1",
      "task_due_soon:t1",
      "task_due_soon:t2",
    ]);
    expect(thu!.items!.map((i) => `${i.kind}:${i.subjectId}`)).toEqual(["meeting_upcoming:mt1"]);
    expect(thu!.expiresAt).toBe(vn("2026-03-05", "13:00"));
    // Members without the digest get single reminders.
    expect(rs.some((r) => r.recipientMemberId === chair && r.kind === "digest")).toBe(false);
  });

  it("keeps single a reminder that would expire before the digest goes out", () => {
    // Digest at 10:00; a meeting on Thursday at 09:30 with both reminders of low urgency. Wednesday's
    // reminders wait for Wednesday's digest; Thursday's 08:30 one would be stale by 10:00: sent alone.
    const early: MeetingSubject = { ...meeting, id: "early", startsAt: vn("2026-03-05", "09:30") };
    const rules = reminderRulesSchema.parse({
      meetingBefore: [
        { offset: { unit: "days", amount: 1 }, urgency: "low" },
        { offset: { unit: "hours", amount: 1 }, urgency: "low" },
      ],
    });
    const prefs = { lead: { digest: { enabled: true, time: "10:00" } } };
    const rs = schedule([early], vn("2026-03-02", "09:00"), prefs, rules).filter(
      (r) => r.recipientMemberId === lead,
    );
    expect(brief(rs)).toEqual([
      "digest → lead @ 2026-03-04 10:00",
      "meeting_upcoming → lead @ 2026-03-05 08:30",
    ]);
    expect(rs[0]!.items!.map((i) => `${i.kind} ${local(i.dueAt)}`)).toEqual([
      "meeting_unopened_papers 2026-03-04 07:30",
      "meeting_upcoming 2026-03-04 09:30",
    ]);
    expect(rs[1]!.urgency).toBe("low");
  });

  it("moves the digest out of quiet hours too", () => {
    // Digest at 06:00, quiet until 07:00: digests go out at 07:00, so Wednesday's 07:30 reminders wait
    // for Thursday's.
    const prefs = {
      lead: { digest: { enabled: true, time: "06:00" }, quietHours: { start: "21:00", end: "07:00" } },
    };
    const rs = schedule(subjects, vn("2026-03-02", "09:00"), prefs).filter(
      (r) => r.kind === "digest" && r.recipientMemberId === lead,
    );
    expect(local(rs[0]!.dueAt)).toBe("2026-03-05 07:00");
    expect(rs[0]!.items!.map((i) => local(i.dueAt))).toEqual([
      "2026-03-04 07:30",
      "2026-03-04 07:30",
      "2026-03-04 07:30",
      "2026-03-04 14:00",
    ]);
  });
});
