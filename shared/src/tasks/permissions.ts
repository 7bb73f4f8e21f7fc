import type { WorkspaceRole } from "../access/policy.ts";
import { toPlain } from "../schema/immutable.ts";
import type { TaskEventType } from "./types.ts";

/*
 * Who may write what inside the task ledger. The document-level rule (every member except observers
 * writes the ledger) is the permission table in access/policy.ts; this module adds the rules per task,
 * which the relay checks on every accepted change (trying the change on a copy first) and the UI mirrors:
 *
 * - every new event is signed with the writer's own member id (no one writes history in another's name);
 * - history is append-only: events and extension requests are never changed or removed once written,
 *   except that an undecided extension request gets its decision once;
 * - the assigner side (the task's assigner, whoever entered the task, workspace admins and secretaries)
 *   edits, deletes, restores, reopens and decides extensions;
 * - the lead side (the lead member, or a member of the lead unit) and the assigner side start, report
 *   progress, complete and request extensions ("one task, one lead", Decree 39/2022/NĐ-CP: the lead
 *   answers for the task);
 * - a task's id, assigner, source and creation instant never change.
 */

/** The member writing to the ledger, as the relay knows them from the workspace directory. */
export interface LedgerWriter {
  readonly memberId: string;
  readonly workspaceRole: WorkspaceRole;
  /** The member's unit in the directory, or null. */
  readonly unitId: string | null;
}

/** One refused part of a change: which task and why (a stable reason for logs and tests). */
export interface LedgerViolation {
  readonly taskId: string;
  readonly reason:
    | "forged_author"
    | "history_rewritten"
    | "fixed_field_changed"
    | "assigner_only"
    | "lead_or_assigner_only"
    | "created_twice";
}

/** The plain (JSON) shape of a task the checks read; see types.ts `Task` for the document shape. */
interface PlainTask {
  id?: string;
  lead?: { kind?: string; id?: string };
  assignerMemberId?: string;
  events?: Record<string, { type?: string; byMemberId?: string } & Record<string, unknown>>;
  extensions?: Record<string, { decision?: unknown; byMemberId?: string } & Record<string, unknown>>;
  [field: string]: unknown;
}

const ASSIGNER_EVENTS: ReadonlySet<string> = new Set<TaskEventType>([
  "edited",
  "reopened",
  "extension_decided",
  "deleted",
  "restored",
]);
const LEAD_EVENTS: ReadonlySet<string> = new Set<TaskEventType>([
  "started",
  "progress_reported",
  "completed",
  "extension_requested",
]);
/** Fields the assigner side may change (through editTask, deleteTask, restoreTask). */
const EDITABLE_FIELDS: ReadonlySet<string> = new Set([
  "title",
  "description",
  "lead",
  "supportUnitIds",
  "due",
  "priority",
  "category",
  "deletedAt",
]);
/** Fields nobody changes after creation. */
const FIXED_FIELDS = ["id", "assignerMemberId", "source", "createdAt"] as const;

/** Whether the member is on the task's assigner side: its assigner, whoever entered it, or a manager. */
export function isAssignerSide(task: unknown, writer: LedgerWriter): boolean {
  if (writer.workspaceRole === "admin" || writer.workspaceRole === "secretary") return true;
  const t = toPlain(task) as PlainTask;
  if (t.assignerMemberId === writer.memberId) return true;
  return Object.values(t.events ?? {}).some((e) => e.type === "created" && e.byMemberId === writer.memberId);
}

/** Whether the member leads the task: the lead member, or a member of the lead unit. */
export function isLeadSide(task: unknown, writer: LedgerWriter): boolean {
  const lead = (toPlain(task) as PlainTask).lead;
  if (!lead) return false;
  return lead.kind === "member" ? lead.id === writer.memberId : lead.id === writer.unitId;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Checks one writer's change to the ledger, task by task, against the rules above.
 *
 * @param before the ledger (Automerge doc or plain JSON) before the change
 * @param after the ledger after the change (a trial copy)
 * @param taskIds the tasks the change touched (all tasks when omitted; the relay passes the ids from
 *   the change's patches, so a 20,000-task ledger is not compared whole)
 * @returns the violations; empty when the change is allowed
 */
export function ledgerWriteViolations(
  before: unknown,
  after: unknown,
  writer: LedgerWriter,
  taskIds?: Iterable<string>,
): LedgerViolation[] {
  const beforeTasks = ((before as { tasks?: Record<string, unknown> } | undefined)?.tasks ?? {}) as Record<
    string,
    unknown
  >;
  const afterTasks = ((after as { tasks?: Record<string, unknown> } | undefined)?.tasks ?? {}) as Record<
    string,
    unknown
  >;
  const ids = taskIds
    ? [...new Set(taskIds)]
    : [...new Set([...Object.keys(beforeTasks), ...Object.keys(afterTasks)])];
  const out: LedgerViolation[] = [];
  for (const taskId of ids) {
    const b = beforeTasks[taskId] === undefined ? undefined : (toPlain(beforeTasks[taskId]) as PlainTask);
    const a = afterTasks[taskId] === undefined ? undefined : (toPlain(afterTasks[taskId]) as PlainTask);
    const reason = taskViolation(b, a, writer);
    if (reason) out.push({ taskId, reason });
  }
  return out;
}

function taskViolation(
  b: PlainTask | undefined,
  a: PlainTask | undefined,
  writer: LedgerWriter,
): LedgerViolation["reason"] | null {
  if (!a) return b ? "history_rewritten" : null; // a task removed outright (deletes are soft)
  const beforeEvents = b?.events ?? {};
  const afterEvents = a.events ?? {};
  for (const [id, e] of Object.entries(beforeEvents)) {
    if (!same(e, afterEvents[id])) return "history_rewritten";
  }
  // Rights are judged on the task as it was (a change cannot make its writer the assigner first).
  const basis = b ?? a;
  const assigner = isAssignerSide(basis, writer);
  const lead = isLeadSide(basis, writer) || isLeadSide(a, writer);
  for (const [id, e] of Object.entries(afterEvents)) {
    if (id in beforeEvents) continue;
    if (e.byMemberId !== writer.memberId) return "forged_author";
    if (e.type === "created") {
      if (b) return "created_twice";
    } else if (ASSIGNER_EVENTS.has(String(e.type))) {
      if (!assigner) return "assigner_only";
    } else if (LEAD_EVENTS.has(String(e.type))) {
      if (!assigner && !lead) return "lead_or_assigner_only";
    } else if (!assigner) {
      return "assigner_only";
    }
  }
  if (!b) return null; // a new task: its creator wrote it (checked through the created event above)
  for (const field of FIXED_FIELDS) if (!same(b[field], a[field])) return "fixed_field_changed";
  for (const field of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (field === "events" || field === "extensions" || field === "updatedAt") continue;
    if ((FIXED_FIELDS as readonly string[]).includes(field)) continue;
    if (same(b[field], a[field])) continue;
    if (!EDITABLE_FIELDS.has(field)) return "fixed_field_changed";
    if (!assigner) return "assigner_only";
  }
  const beforeX = b.extensions ?? {};
  const afterX = a.extensions ?? {};
  for (const [id, x] of Object.entries(beforeX)) {
    const y = afterX[id];
    if (!y) return "history_rewritten";
    if (same(x, y)) continue;
    const { decision: dx, ...restX } = x;
    const { decision: dy, ...restY } = y;
    if (dx !== null || !same(restX, restY)) return "history_rewritten";
    if (!assigner) return "assigner_only";
    if ((dy as { byMemberId?: string } | null)?.byMemberId !== writer.memberId) return "forged_author";
  }
  for (const [id, y] of Object.entries(afterX)) {
    if (id in beforeX) continue;
    if (y.byMemberId !== writer.memberId) return "forged_author";
    if (!assigner && !lead) return "lead_or_assigner_only";
  }
  return null;
}
