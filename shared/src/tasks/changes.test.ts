import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { VIETNAM_CALENDAR } from "../calendar/working-calendar.ts";
import { DomainError } from "../errors.ts";
import {
  completeTask,
  createTask,
  decideExtension,
  deleteTask,
  editTask,
  type NewTaskInput,
  reopenTask,
  reportProgress,
  requestExtension,
  restoreTask,
  startTask,
} from "./changes.ts";
import {
  CHAIR,
  LEAD,
  ledgerWithTask,
  newLedger,
  SECRETARY,
  sampleTask,
  T0,
  UNIT_FINANCE,
  UNIT_HEALTH,
  UNIT_URBAN,
} from "./fixtures/sample.ts";
import { taskView, taskViews } from "./selectors.ts";
import { statusClass } from "./status.ts";
import type { ExtensionRequestId, LedgerDoc, TaskId } from "./types.ts";
import { validateLedger } from "./validate.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function change(doc: A.Doc<LedgerDoc>, fn: (d: LedgerDoc) => void): A.Doc<LedgerDoc> {
  return A.change(doc, fn);
}

function view(doc: A.Doc<LedgerDoc>, id: TaskId) {
  return taskView(doc.tasks[id]!);
}

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a DomainError");
}

describe("createTask", () => {
  it("assigns a task with one lead, not started, linked to its meeting passage", () => {
    const { doc, id } = ledgerWithTask();
    const v = view(doc, id);
    expect(v).toMatchObject({
      title: sampleTask.title,
      lead: { kind: "unit", id: UNIT_URBAN },
      supportUnitIds: [UNIT_FINANCE],
      assignerMemberId: CHAIR,
      createdByMemberId: CHAIR,
      dueDate: "2027-03-05",
      dueTime: null,
      extended: false,
      priority: "high",
      category: "Đô thị",
      status: "not_started",
      doneAt: null,
      percent: 0,
      source: {
        meetingId: sampleTask.source!.meetingId,
        passage: { sectionId: "a-1", start: 120, end: 181 },
      },
    });
    expect(v.history.map((e) => e.type)).toEqual(["created"]);
    expect(validateLedger(doc)).toEqual({ ok: true });
  });

  it("lets a secretary enter a task for the chair, and a person lead it", () => {
    const doc = change(newLedger(), (d) => {
      createTask(
        d,
        {
          title: "Việc ngay",
          lead: { kind: "member", id: LEAD },
          dueDate: "2027-03-02",
          assignerMemberId: CHAIR,
        },
        SECRETARY,
        T0,
      );
    });
    const [v] = taskViews(doc);
    expect(v).toMatchObject({
      assignerMemberId: CHAIR,
      createdByMemberId: SECRETARY,
      lead: { kind: "member", id: LEAD },
      supportUnitIds: [],
      priority: "normal",
      category: "",
      source: null,
    });
  });

  describe("one task, one lead (Decree 39/2022/NĐ-CP)", () => {
    const bad: [string, unknown][] = [
      ["no lead", { ...sampleTask, lead: undefined }],
      [
        "a list of leads",
        {
          ...sampleTask,
          lead: [
            { kind: "unit", id: UNIT_URBAN },
            { kind: "unit", id: UNIT_HEALTH },
          ],
        },
      ],
      ["a second lead field", { ...sampleTask, coLead: { kind: "unit", id: UNIT_HEALTH } }],
      ["a lead with two ids", { ...sampleTask, lead: { kind: "unit", id: UNIT_URBAN, ids: [UNIT_HEALTH] } }],
      ["a lead of an unknown kind", { ...sampleTask, lead: { kind: "team", id: "x" } }],
      ["an empty lead id", { ...sampleTask, lead: { kind: "unit", id: "" } }],
      ["the lead unit also supporting", { ...sampleTask, supportUnitIds: [UNIT_FINANCE, UNIT_URBAN] }],
    ];
    it.each(bad)("refuses %s", (_, input) => {
      const err = refusal(() =>
        change(newLedger(), (d) => void createTask(d, input as NewTaskInput, CHAIR, T0)),
      );
      expect(err.code).toBe("invalid_input");
    });

    it("names the field at fault", () => {
      const err = refusal(() =>
        change(
          newLedger(),
          (d) => void createTask(d, { ...sampleTask, supportUnitIds: [UNIT_URBAN] }, CHAIR, T0),
        ),
      );
      expect(err.details?.issues).toEqual([
        { path: "supportUnitIds", message: expect.stringContaining("lead") },
      ]);
    });
  });

  it.each([
    ["an empty title", { title: "  " }],
    ["a malformed due date", { dueDate: "05/03/2027" }],
    ["an impossible due date", { dueDate: "2027-02-30" }],
    ["a malformed due time", { dueTime: "4pm" }],
    ["an unknown priority", { priority: "critical" }],
    ["a source that is not an automerge URL", { source: { ...sampleTask.source!, meetingUrl: "https://x" } }],
    [
      "a passage ending before it starts",
      { source: { ...sampleTask.source!, passage: { quote: "q", start: 9, end: 3 } } },
    ],
  ])("refuses %s", (_, patch) => {
    const err = refusal(() =>
      change(newLedger(), (d) => void createTask(d, { ...sampleTask, ...patch } as NewTaskInput, CHAIR, T0)),
    );
    expect(err.code).toBe("invalid_input");
  });

  it("refuses a ledger that was never initialised", () => {
    const err = refusal(() =>
      A.change(A.init<LedgerDoc>(), (d) => void createTask(d, sampleTask, CHAIR, T0)),
    );
    expect(err.code).toBe("invalid_document");
  });
});

describe("status changes", () => {
  it("goes not started → in progress → done → reopened → done, keeping every step in history", () => {
    let { doc, id } = ledgerWithTask();
    doc = change(doc, (d) => startTask(d, id, LEAD, T0 + HOUR));
    expect(view(doc, id).status).toBe("in_progress");
    doc = change(
      doc,
      (d) => void reportProgress(d, id, { text: "Đã khảo sát 12/20 tuyến.", percent: 60 }, LEAD, T0 + DAY),
    );
    expect(view(doc, id).percent).toBe(60);
    doc = change(doc, (d) => completeTask(d, id, { note: "Đã gửi báo cáo." }, LEAD, T0 + 2 * DAY));
    expect(view(doc, id)).toMatchObject({
      status: "done",
      percent: 100,
      doneAt: new Date(T0 + 2 * DAY).toISOString(),
    });
    doc = change(doc, (d) => reopenTask(d, id, { reason: "Thiếu số liệu phường 26." }, CHAIR, T0 + 3 * DAY));
    expect(view(doc, id)).toMatchObject({ status: "in_progress", doneAt: null, percent: 60 });
    doc = change(doc, (d) => completeTask(d, id, {}, LEAD, T0 + 6 * DAY));
    const v = view(doc, id);
    expect(v.status).toBe("done");
    expect(v.history.map((e) => e.type)).toEqual([
      "created",
      "started",
      "progress_reported",
      "completed",
      "reopened",
      "completed",
    ]);
    expect(v.history.find((e) => e.type === "reopened")).toMatchObject({
      byMemberId: CHAIR,
      text: "Thiếu số liệu phường 26.",
    });
    // Completed again on Sunday 7/3 after a Friday 5/3 deadline: late, judged by the last completion.
    expect(statusClass(v, T0 + 30 * DAY, VIETNAM_CALENDAR)).toBe("done_late");
    expect(validateLedger(doc)).toEqual({ ok: true });
  });

  it("a progress report starts a task not yet started, and keeps its attachments", () => {
    let { doc, id } = ledgerWithTask();
    const hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    doc = change(doc, (d) => {
      reportProgress(
        d,
        id,
        { percent: 10, attachments: [{ hash, name: "khao-sat.pdf", size: 482113 }] },
        LEAD,
        T0,
      );
    });
    const v = view(doc, id);
    expect(v.status).toBe("in_progress");
    expect(v.progressReports).toEqual([
      expect.objectContaining({
        percent: 10,
        text: "",
        attachments: [{ hash, name: "khao-sat.pdf", size: 482113 }],
      }),
    ]);
  });

  it.each([
    ["a percent above 100", { text: "x", percent: 120 }],
    ["a fractional percent", { text: "x", percent: 12.5 }],
    ["neither text nor attachment", { text: " ", percent: 10 }],
    [
      "an attachment without a SHA-256 hash",
      { text: "x", percent: 1, attachments: [{ hash: "abc", name: "a", size: 1 }] },
    ],
  ])("refuses a progress report with %s", (_, input) => {
    const { doc, id } = ledgerWithTask();
    expect(refusal(() => change(doc, (d) => void reportProgress(d, id, input, LEAD, T0))).code).toBe(
      "invalid_input",
    );
  });

  it.each([
    ["start a started task", false, (d: LedgerDoc, id: TaskId) => startTask(d, id, LEAD, T0)],
    ["complete a done task", true, (d: LedgerDoc, id: TaskId) => completeTask(d, id, {}, LEAD, T0)],
    [
      "report progress on a done task",
      true,
      (d: LedgerDoc, id: TaskId) => void reportProgress(d, id, { text: "x", percent: 1 }, LEAD, T0),
    ],
  ])("refuses to %s, writing nothing", (_, done, fn) => {
    let { doc, id } = ledgerWithTask();
    doc = change(doc, (d) => startTask(d, id, LEAD, T0));
    if (done) doc = change(doc, (d) => completeTask(d, id, {}, LEAD, T0));
    const heads = A.getHeads(doc);
    expect(refusal(() => change(doc, (d) => fn(d, id))).code).toBe("invalid_transition");
    expect(A.getHeads(doc)).toEqual(heads);
  });

  it("refuses to reopen an open task, or without a reason", () => {
    let { doc, id } = ledgerWithTask();
    expect(refusal(() => change(doc, (d) => reopenTask(d, id, { reason: "x" }, CHAIR, T0))).code).toBe(
      "invalid_transition",
    );
    doc = change(doc, (d) => completeTask(d, id, {}, LEAD, T0));
    expect(refusal(() => change(doc, (d) => reopenTask(d, id, { reason: " " }, CHAIR, T0))).code).toBe(
      "invalid_input",
    );
  });

  it("refuses unknown tasks", () => {
    const doc = newLedger();
    expect(refusal(() => change(doc, (d) => startTask(d, "nope" as TaskId, LEAD, T0))).code).toBe(
      "not_found",
    );
  });
});

describe("editTask", () => {
  it("edits details and records which fields changed", () => {
    let { doc, id } = ledgerWithTask();
    doc = change(doc, (d) =>
      editTask(
        d,
        id,
        { title: "Rà soát hạ tầng thoát nước phường 25 và 26", priority: "urgent", dueTime: "16:00" },
        CHAIR,
        T0 + HOUR,
      ),
    );
    const v = view(doc, id);
    expect(v).toMatchObject({ priority: "urgent", dueDate: "2027-03-05", dueTime: "16:00" });
    expect(v.history.at(-1)).toMatchObject({
      type: "edited",
      fields: ["title", "due", "priority"],
      due: { date: "2027-03-05", time: "16:00" },
    });
  });

  it("writes nothing for a patch that changes nothing", () => {
    const { doc, id } = ledgerWithTask();
    const heads = A.getHeads(doc);
    const after = change(doc, (d) =>
      editTask(d, id, { title: sampleTask.title, dueDate: "2027-03-05" }, CHAIR, T0),
    );
    expect(A.getHeads(after)).toEqual(heads);
  });

  it("moves the lead to a supporting unit, which then no longer supports", () => {
    let { doc, id } = ledgerWithTask();
    doc = change(doc, (d) => editTask(d, id, { lead: { kind: "unit", id: UNIT_FINANCE } }, CHAIR, T0));
    expect(view(doc, id)).toMatchObject({ lead: { kind: "unit", id: UNIT_FINANCE }, supportUnitIds: [] });
    expect(
      refusal(() =>
        change(doc, (d) => editTask(d, id, { supportUnitIds: [UNIT_FINANCE, UNIT_HEALTH] }, CHAIR, T0)),
      ).code,
    ).toBe("invalid_input");
  });

  it("refuses to edit a deleted task, and a restore brings it back", () => {
    let { doc, id } = ledgerWithTask();
    doc = change(doc, (d) => deleteTask(d, id, CHAIR, T0 + HOUR));
    expect(taskViews(doc)).toEqual([]);
    expect(taskViews(doc, { includeDeleted: true })).toHaveLength(1);
    expect(refusal(() => change(doc, (d) => editTask(d, id, { priority: "low" }, CHAIR, T0))).code).toBe(
      "deleted",
    );
    doc = change(doc, (d) => restoreTask(d, id, CHAIR, T0 + 2 * HOUR));
    expect(view(doc, id).deletedAt).toBeNull();
    expect(view(doc, id).history.map((e) => e.type)).toEqual(["created", "deleted", "restored"]);
  });
});

describe("extensions", () => {
  function requested(): { doc: A.Doc<LedgerDoc>; id: TaskId; x: ExtensionRequestId } {
    let { doc, id } = ledgerWithTask();
    let x = "" as ExtensionRequestId;
    doc = change(doc, (d) => {
      x = requestExtension(
        d,
        id,
        { requestedDueDate: "2027-03-12", reason: "Chờ số liệu Công ty Thoát nước." },
        LEAD,
        T0 + DAY,
      );
    });
    return { doc, id, x };
  }

  it("approval moves the deadline: a task overdue on the old date is within the new one", () => {
    let { doc, id, x } = requested();
    const monday = Date.parse("2027-03-08T03:00:00.000Z");
    expect(view(doc, id).pendingExtension).toMatchObject({
      id: x,
      state: "pending",
      requestedDueDate: "2027-03-12",
    });
    expect(statusClass(view(doc, id), monday, VIETNAM_CALENDAR)).toBe("open_overdue");
    doc = change(doc, (d) =>
      decideExtension(d, id, x, { approved: true, note: "Đồng ý." }, CHAIR, T0 + 2 * DAY),
    );
    const v = view(doc, id);
    expect(v).toMatchObject({
      dueDate: "2027-03-12",
      assignedDueDate: "2027-03-05",
      extended: true,
      pendingExtension: null,
    });
    expect(v.extensions[0]).toMatchObject({
      state: "approved",
      decision: { approved: true, byMemberId: CHAIR, note: "Đồng ý." },
    });
    expect(statusClass(v, monday, VIETNAM_CALENDAR)).toBe("open_within_deadline");
    // Completed on Thursday 11/3: on time against the extended date, though late against the first.
    doc = change(doc, (d) => completeTask(d, id, {}, LEAD, Date.parse("2027-03-11T08:00:00.000Z")));
    expect(statusClass(view(doc, id), monday, VIETNAM_CALENDAR)).toBe("done_on_time");
    expect(view(doc, id).history.map((e) => e.type)).toEqual([
      "created",
      "extension_requested",
      "extension_decided",
      "completed",
    ]);
  });

  it("a refusal keeps the deadline", () => {
    let { doc, id, x } = requested();
    doc = change(doc, (d) => decideExtension(d, id, x, { approved: false }, CHAIR, T0 + 2 * DAY));
    expect(view(doc, id)).toMatchObject({ dueDate: "2027-03-05", extended: false, pendingExtension: null });
    expect(view(doc, id).extensions[0]?.state).toBe("refused");
  });

  it("a due date set after an approval overrides it", () => {
    let { doc, id, x } = requested();
    doc = change(doc, (d) => decideExtension(d, id, x, { approved: true }, CHAIR, T0 + 2 * DAY));
    doc = change(doc, (d) => editTask(d, id, { dueDate: "2027-03-10" }, CHAIR, T0 + 3 * DAY));
    expect(view(doc, id)).toMatchObject({ dueDate: "2027-03-10", extended: false });
  });

  it("refuses a second pending request, an earlier date, a second decision, and a done task", () => {
    const { doc, id, x } = requested();
    const again = { requestedDueDate: "2027-03-19", reason: "Lần hai." };
    expect(refusal(() => change(doc, (d) => void requestExtension(d, id, again, LEAD, T0))).code).toBe(
      "invalid_transition",
    );
    const { doc: fresh, id: freshId } = ledgerWithTask();
    const earlier = { requestedDueDate: "2027-03-05", reason: "Không lùi." };
    expect(
      refusal(() => change(fresh, (d) => void requestExtension(d, freshId, earlier, LEAD, T0))).code,
    ).toBe("invalid_input");
    const decided = change(A.clone(doc), (d) => decideExtension(d, id, x, { approved: false }, CHAIR, T0));
    expect(
      refusal(() => change(decided, (d) => decideExtension(d, id, x, { approved: true }, CHAIR, T0))).code,
    ).toBe("invalid_transition");
    const done = change(A.clone(doc), (d) => completeTask(d, id, {}, LEAD, T0));
    expect(
      refusal(() => change(done, (d) => decideExtension(d, id, x, { approved: true }, CHAIR, T0))).code,
    ).toBe("invalid_transition");
    expect(view(done, id).pendingExtension).toBeNull();
  });

  it("a same-day extension to a later time is later", () => {
    const { doc, id } = ledgerWithTask({ ...sampleTask, dueTime: "10:00" });
    const after = change(doc, (d) => {
      requestExtension(
        d,
        id,
        { requestedDueDate: "2027-03-05", requestedDueTime: "16:00", reason: "Chiều." },
        LEAD,
        T0,
      );
    });
    expect(view(after, id).pendingExtension?.requestedDueTime).toBe("16:00");
  });
});
