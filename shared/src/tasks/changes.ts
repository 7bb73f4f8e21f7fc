import { updateText } from "@automerge/automerge";
import { z } from "zod";
import { localDateSchema, localTimeSchema } from "../calendar/settings.ts";
import { DomainError, ReasonCode } from "../errors.ts";
import { type MeetingId, type MemberId, newId, type WorkspaceId } from "../ids.ts";
import { imm, str } from "../schema/immutable.ts";
import { parseInput } from "../schema/input.ts";
import { migrate } from "../schema/migrations.ts";
import { instant } from "../time.ts";
import { ledgerMigrations } from "./migrations.ts";
import { dueKey, dueOf, maxSeqOf, statusOf } from "./read.ts";
import {
  type ExtensionRequestId,
  LEAD_KINDS,
  type LeadKind,
  type LedgerDoc,
  TASK_PRIORITIES,
  type Task,
  type TaskEvent,
  type TaskEventId,
  type TaskEventType,
  type TaskId,
  type TaskPriority,
  type TaskStatus,
} from "./types.ts";
import { blobHashSchema } from "./validate.ts";

const id = z.string().min(1).max(200);

/**
 * The one lead of a task: exactly one unit or one member ("one task, one lead": a task is given to a
 * single lead, others only support — Decree 39/2022/NĐ-CP, Government working rules; GLOSSARY). A strict
 * object, so a list of leads or a second lead field is refused rather than silently dropped.
 */
export const taskLeadSchema = z.strictObject({
  kind: z.enum(LEAD_KINDS as [LeadKind, ...LeadKind[]]),
  id,
});
export type TaskLeadInput = z.infer<typeof taskLeadSchema>;

const title = z.string().trim().min(1).max(1000);
const description = z.string().max(20_000);
const supportUnitIds = z.array(id).max(200);
const priority = z.enum(TASK_PRIORITIES as [TaskPriority, ...TaskPriority[]]);
const category = z.string().trim().max(100);

/** Where a task comes from: a meeting and a passage of its conclusion. Offsets are UTF-16 [start, end). */
export const taskSourceInputSchema = z.strictObject({
  meetingId: id,
  meetingUrl: z.string().startsWith("automerge:"),
  passage: z
    .strictObject({
      sectionId: id.nullable().default(null),
      quote: z.string().max(20_000),
      start: z.number().int().min(0),
      end: z.number().int().min(0),
    })
    .refine((p) => p.end >= p.start, { message: "passage ends before it starts", path: ["end"] }),
});

/**
 * A new task. `dueDate` is a local date in the workspace zone ("yyyy-MM-dd"), `dueTime` an optional
 * local "HH:mm"; `assignerMemberId` defaults to the member who creates it (a secretary may enter a
 * task for the chair).
 */
export const newTaskInputSchema = z.strictObject({
  title,
  description: description.default(""),
  lead: taskLeadSchema,
  supportUnitIds: supportUnitIds.default([]),
  assignerMemberId: id.optional(),
  dueDate: localDateSchema,
  dueTime: localTimeSchema.nullable().default(null),
  priority: priority.default("normal"),
  category: category.default(""),
  source: taskSourceInputSchema.nullable().default(null),
});
export type NewTaskInput = z.input<typeof newTaskInputSchema>;

/** Editable details of a task; every field optional. The source never changes. */
export const taskPatchSchema = z.strictObject({
  title: title.optional(),
  description: description.optional(),
  lead: taskLeadSchema.optional(),
  supportUnitIds: supportUnitIds.optional(),
  assignerMemberId: id.optional(),
  dueDate: localDateSchema.optional(),
  dueTime: localTimeSchema.nullable().optional(),
  priority: priority.optional(),
  category: category.optional(),
});
export type TaskPatch = z.input<typeof taskPatchSchema>;

/** A progress report: text, whole percent 0…100, attachments as blob references (at least text or a file). */
export const progressReportInputSchema = z
  .strictObject({
    text: z.string().max(20_000).default(""),
    percent: z.number().int().min(0).max(100),
    attachments: z
      .array(
        z.strictObject({
          hash: blobHashSchema,
          name: z.string().trim().min(1).max(300),
          size: z.number().int().min(0),
        }),
      )
      .max(50)
      .default([]),
  })
  .refine((r) => r.text.trim() !== "" || r.attachments.length > 0, {
    message: "a progress report needs text or an attachment",
    path: ["text"],
  });
export type ProgressReportInput = z.input<typeof progressReportInputSchema>;

/** An extension request: the new due date (and optional time) and why. */
export const extensionRequestInputSchema = z.strictObject({
  requestedDueDate: localDateSchema,
  requestedDueTime: localTimeSchema.nullable().default(null),
  reason: z.string().trim().min(1).max(5000),
});
export type ExtensionRequestInput = z.input<typeof extensionRequestInputSchema>;

/** The decision on an extension request. */
export const extensionDecisionInputSchema = z.strictObject({
  approved: z.boolean(),
  note: z.string().trim().max(5000).default(""),
});
export type ExtensionDecisionInput = z.input<typeof extensionDecisionInputSchema>;

function invalid(path: string, message: string): DomainError {
  return new DomainError(ReasonCode.InvalidInput, `${path}: ${message}`, { issues: [{ path, message }] });
}

function tasksOf(doc: LedgerDoc): Record<string, Task> {
  if (!doc.tasks) throw new DomainError(ReasonCode.InvalidDocument, "ledger is not initialised");
  return doc.tasks;
}

function liveTask(doc: LedgerDoc, taskId: TaskId): Task {
  const task = tasksOf(doc)[taskId];
  if (!task) throw new DomainError(ReasonCode.NotFound, `task ${taskId}`);
  if (task.deletedAt) throw new DomainError(ReasonCode.Deleted, `task ${taskId} was deleted`);
  return task;
}

/** Supporting unit ids without duplicates; the lead unit may not also support ("one task, one lead"). */
function checkedSupport(lead: TaskLeadInput, units: readonly string[]): string[] {
  const unique = [...new Set(units)];
  if (lead.kind === "unit" && unique.includes(lead.id)) {
    throw invalid("supportUnitIds", "the lead unit cannot also be a supporting unit");
  }
  return unique;
}

function refuse(from: TaskStatus, action: string, taskId: string): DomainError {
  return new DomainError(ReasonCode.InvalidTransition, `cannot ${action} task ${taskId}: it is ${from}`, {
    from,
    action,
  });
}

type EventFields = Omit<TaskEvent, "id" | "type" | "at" | "byMemberId" | "seq" | "supersedes">;

/**
 * Appends one event. A status event records the status heads it follows (`supersedes`); that is what
 * makes a later event win over an earlier one, and lets concurrent ones be recognised (status.ts).
 */
function appendEvent(
  task: Task,
  type: TaskEventType,
  by: MemberId,
  now: number,
  fields: EventFields = {},
  supersedes?: readonly string[],
): TaskEventId {
  const eventId = newId<TaskEventId>();
  const event: TaskEvent = {
    id: imm(eventId),
    type: imm(type),
    at: imm(instant(now)),
    byMemberId: imm(by),
    seq: maxSeqOf(task) + 1,
    ...fields,
  };
  if (supersedes) event.supersedes = supersedes.map((s) => imm(s as TaskEventId));
  task.events[eventId] = event;
  task.updatedAt = imm(instant(now));
  return eventId;
}

/** Appends a status event after the current heads. */
function appendStatusEvent(
  task: Task,
  type: TaskEventType,
  by: MemberId,
  now: number,
  fields: EventFields = {},
): TaskEventId {
  return appendEvent(task, type, by, now, fields, statusOf(task).heads);
}

function checkActor(by: MemberId): void {
  parseInput(id, by);
}

/**
 * Fills a freshly created document as the task ledger of a workspace: runs every migration step
 * (creating the `tasks` container), then writes the workspace id.
 * @param now ms since the Unix epoch
 * @throws DomainError(invalid_input) for an empty workspace id
 */
export function initLedger(doc: LedgerDoc, input: { workspaceId: string }, now: number): void {
  const workspaceId = parseInput(id, input.workspaceId);
  migrate(doc, ledgerMigrations);
  doc.workspaceId = imm(workspaceId as WorkspaceId);
  doc.createdAt = imm(instant(now));
}

/**
 * Assigns a new task (giao việc): status not started, one "created" event. Returns its id.
 *
 * Enforces "one task, one lead" (Decree 39/2022/NĐ-CP): `lead` is exactly one unit or member, and the
 * lead unit is not also among the supporting units. Unit and member ids are not checked against the
 * directory here (the ledger does not hold it); the caller offers only directory entries.
 *
 * @param by the member who enters the task
 * @param now ms since the Unix epoch
 * @throws DomainError(invalid_input) for bad input; DomainError(invalid_document) for an uninitialised ledger
 */
export function createTask(doc: LedgerDoc, input: NewTaskInput, by: MemberId, now: number): TaskId {
  checkActor(by);
  const t = parseInput(newTaskInputSchema, input);
  const support = checkedSupport(t.lead, t.supportUnitIds);
  const tasks = tasksOf(doc);
  const taskId = newId<TaskId>();
  const at = imm(instant(now));
  const task: Task = {
    id: imm(taskId),
    title: t.title,
    description: t.description,
    lead: { kind: imm(t.lead.kind), id: imm(t.lead.id) },
    supportUnitIds: Object.fromEntries(support.map((u) => [u, true as const])),
    assignerMemberId: imm((t.assignerMemberId ?? by) as MemberId),
    due: {
      date: imm(t.dueDate),
      time: t.dueTime === null ? null : imm(t.dueTime),
      setAt: at,
      byMemberId: imm(by),
    },
    priority: imm(t.priority),
    category: imm(t.category),
    source:
      t.source === null
        ? null
        : {
            meetingId: imm(t.source.meetingId as MeetingId),
            meetingUrl: imm(t.source.meetingUrl),
            passage: {
              sectionId: t.source.passage.sectionId === null ? null : imm(t.source.passage.sectionId),
              quote: t.source.passage.quote,
              start: t.source.passage.start,
              end: t.source.passage.end,
            },
          },
    events: {},
    extensions: {},
    createdAt: at,
    updatedAt: at,
    deletedAt: null,
  };
  tasks[taskId] = task;
  appendEvent(tasks[taskId]!, "created", by, now, {}, []);
  return taskId;
}

/**
 * Edits a task's details. Title and description merge character-wise with concurrent edits; lead and
 * due date are each replaced as a whole (a concurrent edit keeps one of them entirely, never a mix);
 * supporting units are a set (concurrent additions both stay). Records an "edited" event naming the
 * fields that changed (and the new due date); a patch that changes nothing writes nothing.
 *
 * Reassigning the lead to a unit that was supporting drops it from the supporters. A due date that
 * differs from the one in force (possibly an approved extension) is a new assigned due date and wins
 * over earlier extensions.
 *
 * @throws DomainError(not_found | deleted | invalid_input)
 */
export function editTask(doc: LedgerDoc, taskId: TaskId, patch: TaskPatch, by: MemberId, now: number): void {
  checkActor(by);
  const p = parseInput(taskPatchSchema, patch);
  const task = liveTask(doc, taskId);
  const changed: string[] = [];
  const base = ["tasks", taskId] as const;

  const currentLead = { kind: str(task.lead.kind) as LeadKind, id: str(task.lead.id)! };
  const lead = p.lead ?? currentLead;
  const leadChanged = lead.kind !== currentLead.kind || lead.id !== currentLead.id;
  let support = p.supportUnitIds ?? Object.keys(task.supportUnitIds);
  if (p.supportUnitIds === undefined && lead.kind === "unit") support = support.filter((u) => u !== lead.id);
  support = checkedSupport(lead, support);

  if (p.title !== undefined && p.title !== task.title) {
    updateText(doc, [...base, "title"], p.title);
    changed.push("title");
  }
  if (p.description !== undefined && p.description !== task.description) {
    updateText(doc, [...base, "description"], p.description);
    changed.push("description");
  }
  if (leadChanged) {
    task.lead = { kind: imm(lead.kind), id: imm(lead.id) };
    changed.push("lead");
  }
  const before = new Set(Object.keys(task.supportUnitIds));
  const after = new Set(support);
  let supportChanged = false;
  for (const u of before) {
    if (!after.has(u)) {
      delete task.supportUnitIds[u];
      supportChanged = true;
    }
  }
  for (const u of after) {
    if (!before.has(u)) {
      task.supportUnitIds[u] = true;
      supportChanged = true;
    }
  }
  if (supportChanged) changed.push("supportUnitIds");
  if (p.assignerMemberId !== undefined && p.assignerMemberId !== str(task.assignerMemberId)) {
    task.assignerMemberId = imm(p.assignerMemberId as MemberId);
    changed.push("assignerMemberId");
  }
  let dueChange: TaskEvent["due"];
  if (p.dueDate !== undefined || p.dueTime !== undefined) {
    const current = dueOf(task);
    const date = p.dueDate ?? current.date;
    const time = p.dueTime !== undefined ? p.dueTime : current.time;
    if (date !== current.date || time !== current.time) {
      task.due = {
        date: imm(date),
        time: time === null ? null : imm(time),
        setAt: imm(instant(now)),
        byMemberId: imm(by),
      };
      dueChange = { date: imm(date), time: time === null ? null : imm(time) };
      changed.push("due");
    }
  }
  if (p.priority !== undefined && p.priority !== str(task.priority)) {
    task.priority = imm(p.priority);
    changed.push("priority");
  }
  if (p.category !== undefined && p.category !== str(task.category)) {
    task.category = imm(p.category);
    changed.push("category");
  }
  if (changed.length === 0) return;
  const fields: EventFields = { fields: changed.map((f) => imm(f)) };
  if (dueChange) fields.due = dueChange;
  appendEvent(task, "edited", by, now, fields);
}

/**
 * Marks a task started (đang thực hiện).
 * @throws DomainError(not_found | deleted | invalid_transition unless not started)
 */
export function startTask(doc: LedgerDoc, taskId: TaskId, by: MemberId, now: number): void {
  checkActor(by);
  const task = liveTask(doc, taskId);
  const { status } = statusOf(task);
  if (status !== "not_started") throw refuse(status, "start", taskId);
  appendStatusEvent(task, "started", by, now);
}

/**
 * Adds a progress report (báo cáo tiến độ); a task not started is in progress from then on. Returns
 * the report's event id. Attachments are blob references: upload the bytes first, then report.
 * @throws DomainError(not_found | deleted | invalid_input | invalid_transition when done — reopen first)
 */
export function reportProgress(
  doc: LedgerDoc,
  taskId: TaskId,
  input: ProgressReportInput,
  by: MemberId,
  now: number,
): TaskEventId {
  checkActor(by);
  const r = parseInput(progressReportInputSchema, input);
  const task = liveTask(doc, taskId);
  const { status } = statusOf(task);
  if (status === "done") throw refuse(status, "report progress on", taskId);
  return appendStatusEvent(task, "progress_reported", by, now, {
    text: r.text,
    percent: r.percent,
    attachments: r.attachments.map((a) => ({ hash: imm(a.hash), name: a.name, size: a.size })),
  });
}

/**
 * Reports a task done (hoàn thành), with an optional closing note. Whether it was on time is derived
 * later from the completion instant and the due date in force (statusClass).
 * @throws DomainError(not_found | deleted | invalid_input | invalid_transition when already done)
 */
export function completeTask(
  doc: LedgerDoc,
  taskId: TaskId,
  input: { note?: string },
  by: MemberId,
  now: number,
): void {
  checkActor(by);
  const { note } = parseInput(z.strictObject({ note: z.string().max(20_000).default("") }), input);
  const task = liveTask(doc, taskId);
  const { status } = statusOf(task);
  if (status === "done") throw refuse(status, "complete", taskId);
  appendStatusEvent(task, "completed", by, now, { text: note });
}

/**
 * Reopens a done task (mở lại), with a reason; it is in progress again and its completion no longer
 * counts. See deriveStatus for a reopen concurrent with another completion (the reopen wins).
 * @throws DomainError(not_found | deleted | invalid_input | invalid_transition unless done)
 */
export function reopenTask(
  doc: LedgerDoc,
  taskId: TaskId,
  input: { reason: string },
  by: MemberId,
  now: number,
): void {
  checkActor(by);
  const { reason } = parseInput(z.strictObject({ reason: z.string().trim().min(1).max(5000) }), input);
  const task = liveTask(doc, taskId);
  const { status } = statusOf(task);
  if (status !== "done") throw refuse(status, "reopen", taskId);
  appendStatusEvent(task, "reopened", by, now, { text: reason });
}

/**
 * Requests an extension (đề nghị gia hạn) to a later due date. Returns the request's id. One request
 * may be pending at a time (two made concurrently offline are both kept and decided separately).
 * @throws DomainError(not_found | deleted | invalid_input when not later than the due date in force |
 *   invalid_transition when done or another request is pending)
 */
export function requestExtension(
  doc: LedgerDoc,
  taskId: TaskId,
  input: ExtensionRequestInput,
  by: MemberId,
  now: number,
): ExtensionRequestId {
  checkActor(by);
  const r = parseInput(extensionRequestInputSchema, input);
  const task = liveTask(doc, taskId);
  const { status } = statusOf(task);
  if (status === "done") throw refuse(status, "request an extension of", taskId);
  if (Object.values(task.extensions).some((x) => x.decision === null)) {
    throw new DomainError(ReasonCode.InvalidTransition, `task ${taskId} already has a pending extension`, {
      action: "request_extension",
      pending: true,
    });
  }
  const due = dueOf(task);
  if (dueKey(r.requestedDueDate, r.requestedDueTime) <= dueKey(due.date, due.time)) {
    throw invalid("requestedDueDate", "must be later than the current due date");
  }
  const requestId = newId<ExtensionRequestId>();
  task.extensions[requestId] = {
    id: imm(requestId),
    requestedDueDate: imm(r.requestedDueDate),
    requestedDueTime: r.requestedDueTime === null ? null : imm(r.requestedDueTime),
    reason: r.reason,
    byMemberId: imm(by),
    at: imm(instant(now)),
    decision: null,
  };
  appendEvent(task, "extension_requested", by, now, { extensionId: imm(requestId) });
  return requestId;
}

/**
 * Approves or refuses an extension request (duyệt gia hạn). An approval makes the requested date the
 * due date in force (effectiveDue), from the decision's instant. A request is decided once; two
 * concurrent decisions on one request resolve to one of them, the same on every peer (Automerge's
 * deterministic choice between concurrent writes of one field).
 * @throws DomainError(not_found | deleted | invalid_input | invalid_transition when decided or the task is done)
 */
export function decideExtension(
  doc: LedgerDoc,
  taskId: TaskId,
  requestId: ExtensionRequestId,
  input: ExtensionDecisionInput,
  by: MemberId,
  now: number,
): void {
  checkActor(by);
  const d = parseInput(extensionDecisionInputSchema, input);
  const task = liveTask(doc, taskId);
  const request = task.extensions[requestId];
  if (!request) throw new DomainError(ReasonCode.NotFound, `extension request ${requestId}`);
  if (request.decision !== null) {
    throw new DomainError(ReasonCode.InvalidTransition, `extension request ${requestId} is already decided`, {
      action: "decide_extension",
    });
  }
  const { status } = statusOf(task);
  if (status === "done") throw refuse(status, "decide an extension of", taskId);
  request.decision = { approved: d.approved, byMemberId: imm(by), at: imm(instant(now)), note: d.note };
  appendEvent(task, "extension_decided", by, now, { extensionId: imm(requestId) });
}

/**
 * Deletes a task (soft: `deletedAt` is set, the task and its history stay; it leaves every view and
 * statistic). A delete racing an edit: the task stays deleted and keeps the edit, so a restore brings it
 * back with it. Idempotent.
 * @throws DomainError(not_found)
 */
export function deleteTask(doc: LedgerDoc, taskId: TaskId, by: MemberId, now: number): void {
  checkActor(by);
  const task = tasksOf(doc)[taskId];
  if (!task) throw new DomainError(ReasonCode.NotFound, `task ${taskId}`);
  if (task.deletedAt) return;
  task.deletedAt = imm(instant(now));
  appendEvent(task, "deleted", by, now);
}

/**
 * Restores a soft-deleted task, with its status and history as they were. Idempotent.
 * @throws DomainError(not_found)
 */
export function restoreTask(doc: LedgerDoc, taskId: TaskId, by: MemberId, now: number): void {
  checkActor(by);
  const task = tasksOf(doc)[taskId];
  if (!task) throw new DomainError(ReasonCode.NotFound, `task ${taskId}`);
  if (!task.deletedAt) return;
  task.deletedAt = null;
  appendEvent(task, "restored", by, now);
}
