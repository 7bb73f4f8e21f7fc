import { from } from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import type { PrivateDoc } from "../private/private.ts";
import type { WorkspaceDoc } from "../workspace/types.ts";
import {
  memberReminderPreferences,
  reminderSnoozes,
  SNOOZE_MS,
  SNOOZED_TTL_MS,
  setReminderPreferences,
  setWorkspaceReminderRules,
  snoozedReminders,
  snoozeReminder,
  workspaceCalendar,
  workspaceReminderRules,
} from "./documents.ts";
import { DEFAULT_REMINDER_RULES } from "./rules.ts";
import { member } from "./test-support.ts";

const T = Date.UTC(2027, 1, 15, 2, 0);
const privateDoc = () => ({ preferences: {} }) as unknown as PrivateDoc;

describe("reminder settings in the documents", () => {
  it("reads the workspace's rules and calendar, falling back to the defaults for missing or broken values", () => {
    expect(workspaceReminderRules(undefined)).toEqual(DEFAULT_REMINDER_RULES);
    expect(
      workspaceReminderRules({ settings: { offlineLockDays: 30, reminderRules: { horizonDays: -3 } } }),
    ).toEqual(DEFAULT_REMINDER_RULES);
    const ws = { settings: { offlineLockDays: 30 } } as unknown as WorkspaceDoc;
    setWorkspaceReminderRules(ws, {
      taskOverdue: { ...DEFAULT_REMINDER_RULES.taskOverdue, escalateAfterWorkingDays: 5 },
    });
    expect(workspaceReminderRules(ws).taskOverdue.escalateAfterWorkingDays).toBe(5);
    expect(() => setWorkspaceReminderRules(ws, { horizonDays: 0 })).toThrow(/invalid reminder rules/);
    expect(
      workspaceCalendar({
        settings: { offlineLockDays: 30, calendar: { workingHours: { start: "08:00", end: "17:30" } } },
      }).workStartMinutes,
    ).toBe(480);
  });

  it("keeps a member's preferences in an Automerge private document and refuses quiet hours of no length", () => {
    let doc = from({ preferences: {} } as Record<string, unknown>) as unknown as PrivateDoc;
    expect(memberReminderPreferences(doc)).toMatchObject({
      enabled: true,
      quietHours: null,
      digest: { enabled: false },
    });
    doc = structuredClone(doc);
    setReminderPreferences(doc, {
      enabled: false,
      quietHours: { start: "21:00", end: "07:00" },
      digest: { enabled: true, time: "07:15" },
    });
    expect(memberReminderPreferences(doc)).toMatchObject({
      enabled: false,
      quietHours: { start: "21:00", end: "07:00" },
      digest: { enabled: true, time: "07:15" },
    });
    expect(() => setReminderPreferences(doc, { quietHours: { start: "21:00", end: "21:00" } })).toThrow();
  });

  it("a snooze makes the reminder come again an hour later, once, while its subject is live", () => {
    const doc = privateDoc();
    const key = "task:t1:task_overdue:2027-02-15T00:30:00.000Z:m1";
    snoozeReminder(
      doc,
      {
        key,
        kind: "task_overdue",
        subjectType: "task",
        subjectId: "t1",
        title: "Báo cáo",
        until: T + SNOOZE_MS,
      },
      T,
    );
    expect(reminderSnoozes(doc)).toHaveLength(1);
    const [again] = snoozedReminders(reminderSnoozes(doc), member("m1"), () => true);
    expect(again).toMatchObject({
      key: `${key}~snooze~2027-02-15T03:00:00.000Z`,
      kind: "task_overdue",
      subjectId: "t1",
      recipientMemberId: "m1",
      dueAt: T + SNOOZE_MS,
      expiresAt: T + SNOOZE_MS + SNOOZED_TTL_MS,
    });
    // A task done since: nothing.
    expect(snoozedReminders(reminderSnoozes(doc), member("m1"), () => false)).toEqual([]);
    // Old snoozes are dropped when a new one is written.
    snoozeReminder(
      doc,
      {
        key: "k2",
        kind: "task_due_today",
        subjectType: "task",
        subjectId: "t2",
        title: "x",
        until: T + 30 * 86_400_000,
      },
      T + 29 * 86_400_000,
    );
    expect(reminderSnoozes(doc).map((s) => s.key)).toEqual(["k2"]);
  });
});
