import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { VIETNAM_CALENDAR } from "../calendar/working-calendar.ts";
import type { MemberId } from "../ids.ts";
import { completeTask, createTask, deleteTask, type NewTaskInput } from "./changes.ts";
import {
  CHAIR,
  LEAD,
  newLedger,
  OTHER,
  SECRETARY,
  sampleTask,
  T0,
  UNIT_FINANCE,
  UNIT_HEALTH,
  UNIT_URBAN,
} from "./fixtures/sample.ts";
import {
  assignedBy,
  byUnit,
  filterTasks,
  matchesTaskSearch,
  myTasks,
  searchTasks,
  type TaskView,
  taskReminderSubject,
  taskRoleOf,
  taskViews,
} from "./selectors.ts";
import type { TaskId } from "./types.ts";

const cal = VIETNAM_CALENDAR;
/** Thursday 4 March 2027, 10:00 local. */
const NOW = Date.parse("2027-03-04T03:00:00.000Z");

const inputs: Record<string, [NewTaskInput, MemberId]> = {
  drainage: [sampleTask, CHAIR],
  food: [
    {
      title: "Kiểm tra an toàn thực phẩm bếp ăn tập thể",
      lead: { kind: "member", id: LEAD },
      assignerMemberId: OTHER,
      dueDate: "2027-03-03",
      priority: "urgent",
      category: "Y tế",
    },
    SECRETARY,
  ],
  vaccines: [
    {
      title: "Tiêm chủng mở rộng quý II",
      description: "Phối hợp trạm y tế phường.",
      lead: { kind: "unit", id: UNIT_HEALTH },
      dueDate: "2027-03-10",
      dueTime: "09:00",
      category: "Y tế",
    },
    CHAIR,
  ],
  removed: [{ title: "Việc đã hủy", lead: { kind: "unit", id: UNIT_FINANCE }, dueDate: "2027-03-01" }, CHAIR],
};

function ledger(): { views: TaskView[]; ids: Record<string, TaskId> } {
  const ids: Record<string, TaskId> = {};
  let doc = A.change(newLedger(), (d) => {
    for (const [name, [input, by]] of Object.entries(inputs)) ids[name] = createTask(d, input, by, T0);
  });
  doc = A.change(doc, (d) => {
    deleteTask(d, ids.removed!, CHAIR, T0);
    completeTask(d, ids.vaccines!, {}, LEAD, T0);
  });
  return { views: taskViews(doc), ids };
}

const { views, ids } = ledger();
const titles = (vs: readonly TaskView[]) => vs.map((v) => v.title);
const T = (name: string) => views.find((v) => v.id === ids[name])!.title;

describe("task lists", () => {
  it("lists live tasks by deadline, most urgent first", () => {
    expect(titles(views)).toEqual([T("food"), T("drainage"), T("vaccines")]);
  });

  it("my tasks: led in person or by my unit, or supported by my unit", () => {
    expect(titles(myTasks(views, LEAD, [UNIT_FINANCE]))).toEqual([T("food"), T("drainage")]);
    expect(titles(myTasks(views, "m-nobody", [UNIT_HEALTH]))).toEqual([T("vaccines")]);
    const food = views.find((v) => v.id === ids.food)!;
    expect(taskRoleOf(food, LEAD, [])).toEqual({ lead: true, support: false, assigner: false });
    const drainage = views.find((v) => v.id === ids.drainage)!;
    expect(taskRoleOf(drainage, CHAIR, [UNIT_FINANCE])).toEqual({
      lead: false,
      support: true,
      assigner: true,
    });
  });

  it("assigned by me", () => {
    expect(titles(assignedBy(views, CHAIR))).toEqual([T("drainage"), T("vaccines")]);
    expect(titles(assignedBy(views, OTHER))).toEqual([T("food")]);
  });

  it("by unit, as lead, supporter or either", () => {
    expect(titles(byUnit(views, UNIT_FINANCE))).toEqual([T("drainage")]);
    expect(byUnit(views, UNIT_FINANCE, { as: "lead" })).toEqual([]);
    expect(titles(byUnit(views, UNIT_URBAN, { as: "lead" }))).toEqual([T("drainage")]);
    expect(byUnit(views, UNIT_URBAN, { as: "support" })).toEqual([]);
  });
});

describe("search and filters", () => {
  it.each([
    ["ha tang", ["drainage"]],
    ["HẠ TẦNG thoát", ["drainage"]],
    ["THUC PHAM", ["food"]],
    ["y te", ["food", "vaccines"]],
    ["do thi", ["drainage"]],
    ["phuong", ["drainage", "vaccines"]],
    ["", ["food", "drainage", "vaccines"]],
    ["giáo dục", []],
  ])("search %j ignores case and diacritics", (query, expected) => {
    expect(titles(searchTasks(views, query))).toEqual(expected.map(T));
    for (const v of views) expect(matchesTaskSearch(v, query)).toBe(expected.map(T).includes(v.title));
  });

  it.each([
    ["status", { statuses: ["done"] as const }, ["vaccines"]],
    ["class: overdue at NOW", { classes: ["open_overdue"] as const }, ["food"]],
    ["class: open within deadline", { classes: ["open_within_deadline"] as const }, ["drainage"]],
    ["priority", { priorities: ["urgent", "high"] as const }, ["food", "drainage"]],
    ["category", { categories: ["Y tế"] }, ["food", "vaccines"]],
    ["lead", { leadIds: [LEAD, UNIT_URBAN] }, ["food", "drainage"]],
    ["supporting unit", { supportUnitIds: [UNIT_FINANCE] }, ["drainage"]],
    ["assigner", { assignerMemberIds: [OTHER] }, ["food"]],
    ["due range", { dueFrom: "2027-03-04", dueTo: "2027-03-10" }, ["drainage", "vaccines"]],
    ["meeting", { meetingId: sampleTask.source!.meetingId }, ["drainage"]],
    ["text and category together", { text: "quy ii", categories: ["Y tế"] }, ["vaccines"]],
    ["nothing", {}, ["food", "drainage", "vaccines"]],
  ])("filters by %s", (_, filter, expected) => {
    expect(titles(filterTasks(views, filter, NOW, cal))).toEqual(expected.map(T));
  });
});

describe("taskReminderSubject", () => {
  it("gives the reminder schedule a due date, or the instant of a due time", () => {
    const drainage = views.find((v) => v.id === ids.drainage)!;
    expect(taskReminderSubject(drainage, [LEAD], cal)).toEqual({
      type: "task",
      id: ids.drainage,
      title: drainage.title,
      status: "not_started",
      assignedAt: T0,
      dueDate: "2027-03-05",
      dueAt: null,
      assigneeMemberIds: [LEAD],
      assignerMemberId: CHAIR,
    });
    const vaccines = views.find((v) => v.id === ids.vaccines)!;
    expect(taskReminderSubject(vaccines, [], cal).dueAt).toBe(Date.parse("2027-03-10T02:00:00.000Z"));
  });
});
