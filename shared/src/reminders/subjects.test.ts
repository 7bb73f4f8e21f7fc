import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { VIETNAM_CALENDAR } from "../calendar/working-calendar.ts";
import type { MemberId } from "../ids.ts";
import { addParticipant, initMeeting, setMeetingStatus } from "../meeting/changes.ts";
import { sampleInput } from "../meeting/fixtures/sample.ts";
import { addPaper } from "../meeting/papers.ts";
import type { MeetingDoc } from "../meeting/types.ts";
import { initParticipation, type ParticipationDoc } from "../participation/participation.ts";
import { recordPaperOpened } from "../participation/receipts.ts";
import { completeTask } from "../tasks/changes.ts";
import { CHAIR, LEAD, ledgerWithTask, OTHER, UNIT_URBAN } from "../tasks/fixtures/sample.ts";
import type { WorkspaceDoc } from "../workspace/types.ts";
import { computeReminderSchedule } from "./schedule.ts";
import { ledgerReminderSubjects, meetingReminderSubject, taskAssignees } from "./subjects.ts";

/** A workspace directory as the subjects read it: the lead's unit has one active and one disabled member. */
const workspace = {
  members: {
    [CHAIR]: { id: CHAIR, unitId: null, disabledAt: null },
    [LEAD]: { id: LEAD, unitId: UNIT_URBAN, disabledAt: null },
    [OTHER]: { id: OTHER, unitId: UNIT_URBAN, disabledAt: "2027-01-01T00:00:00.000Z" },
  },
} as unknown as WorkspaceDoc;

describe("reminder subjects read from documents", () => {
  it("a unit's task reminds the unit's active members; a member's task its member if active", () => {
    expect(taskAssignees({ kind: "unit", id: UNIT_URBAN }, workspace)).toEqual([LEAD]);
    expect(taskAssignees({ kind: "member", id: CHAIR }, workspace)).toEqual([CHAIR]);
    expect(taskAssignees({ kind: "member", id: OTHER }, workspace)).toEqual([]);
  });

  it("a ledger's task goes through the schedule: 'new task' to the lead unit at once, nothing once done", () => {
    const { doc, id } = ledgerWithTask();
    const [subject] = ledgerReminderSubjects(doc, workspace, VIETNAM_CALENDAR);
    expect(subject).toMatchObject({ type: "task", id, assigneeMemberIds: [LEAD], assignerMemberId: CHAIR });
    const now = subject!.assignedAt + 60_000;
    const schedule = computeReminderSchedule({ subjects: [subject!], calendar: VIETNAM_CALENDAR, now });
    expect(schedule.reminders[0]).toMatchObject({
      kind: "task_assigned",
      recipientMemberId: LEAD,
      subjectId: id,
    });

    const done = A.change(doc, (d) => completeTask(d, id, {}, LEAD as MemberId, now));
    const [after] = ledgerReminderSubjects(done, workspace, VIETNAM_CALENDAR);
    expect(after!.status).toBe("done");
    expect(
      computeReminderSchedule({ subjects: [after!], calendar: VIETNAM_CALENDAR, now }).reminders,
    ).toEqual([]);
  });

  it("a published meeting's papers and read receipts give 'you have not opened N of M papers' the working day before", () => {
    const created = Date.parse("2026-11-25T02:00:00.000Z");
    let paperA = "";
    const meeting = A.change(A.init<MeetingDoc>(), (d) => {
      initMeeting(d, sampleInput, created); // Thursday 03/12/2026, 08:00
      addParticipant(
        d,
        { fullName: "Trần Thị Bình", position: "", role: "participant", memberId: LEAD },
        created,
      );
      addParticipant(
        d,
        { fullName: "Nguyễn Văn Hùng", position: "", role: "chair", memberId: CHAIR },
        created,
      );
      for (const [i, name] of ["Tờ trình.pdf", "Dự thảo.pdf"].entries()) {
        const id = addPaper(
          d,
          {
            hash: String(i).repeat(64),
            name,
            size: 1000,
            pages: 2,
            passwordProtected: false,
            kind: "submission",
            agendaItemId: null,
          },
          CHAIR,
          created,
        );
        if (i === 0) paperA = id;
      }
      setMeetingStatus(d, "published", created);
    });
    const participation = A.change(A.init<ParticipationDoc>(), (d) => {
      initParticipation(d, { meetingId: String(meeting.id), meetingUrl: "automerge:x" }, created);
      recordPaperOpened(d, CHAIR, paperA, created);
    });
    const subject = meetingReminderSubject(meeting, participation)!;
    expect(subject.paperIds).toHaveLength(2);
    // Wednesday 02/12 07:30 (the working morning before): the lead has opened none, the chair one of two.
    const now = Date.parse("2026-12-02T00:30:00.000Z");
    const papers = computeReminderSchedule({
      subjects: [subject],
      calendar: VIETNAM_CALENDAR,
      now,
    }).reminders.filter((r) => r.kind === "meeting_unopened_papers");
    expect(
      papers.map((r) => [r.recipientMemberId, r.params.unopenedPapers, r.params.totalPapers]).sort(),
    ).toEqual(
      [
        [CHAIR, 1, 2],
        [LEAD, 2, 2],
      ].sort(),
    );
    // Without the participation document nobody's receipts are known: no paper reminder.
    expect(meetingReminderSubject(meeting)!.paperIds).toEqual([]);
  });
});
