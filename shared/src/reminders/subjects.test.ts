import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { VIETNAM_CALENDAR } from "../calendar/working-calendar.ts";
import type { MemberId } from "../ids.ts";
import { completeTask } from "../tasks/changes.ts";
import { CHAIR, LEAD, ledgerWithTask, OTHER, UNIT_URBAN } from "../tasks/fixtures/sample.ts";
import type { WorkspaceDoc } from "../workspace/types.ts";
import { computeReminderSchedule } from "./schedule.ts";
import { ledgerReminderSubjects, taskAssignees } from "./subjects.ts";

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
});
