/**
 * The task ledger on this device: opening the ledgers the workspace lists (one per year, created by the
 * relay), reading them as task views, and the only place that writes to them (`handle.change` with
 * shared/'s task change functions), as client/src/state/actions.ts does for meetings.
 *
 * Everything works offline: a task created or updated without a network is written to the local copy
 * (IndexedDB) at once and syncs when the relay is reachable again; the relay checks every change
 * against the ledger's rules (shared `ledgerWriteViolations`).
 */
import { type DocHandle, isValidAutomergeUrl, type Repo } from "@automerge/automerge-repo";
import { type Accessor, createMemo, createRoot, createSignal } from "solid-js";
import {
  completeTask as completeTaskInDoc,
  createTask as createTaskInDoc,
  DomainError,
  decideExtension as decideExtensionInDoc,
  deleteTask as deleteTaskInDoc,
  type ExtensionDecisionInput,
  type ExtensionRequestId,
  type ExtensionRequestInput,
  editTask as editTaskInDoc,
  type LedgerDoc,
  ledgerForNewTask,
  ledgerMigrations,
  type MemberId,
  type NewTaskInput,
  type ProgressReportInput,
  ReasonCode,
  reopenTask as reopenTaskInDoc,
  reportProgress as reportProgressInDoc,
  requestExtension as requestExtensionInDoc,
  restoreTask as restoreTaskInDoc,
  schemaState,
  startTask as startTaskInDoc,
  type TaskId,
  type TaskPatch,
  type TaskView,
  taskView,
  validateLedger,
  type WorkspaceDoc,
  workspaceLedgers,
} from "../../../shared/src/index.ts";
import { ActionError } from "./actions.ts";
import { repo as defaultRepo } from "./repo.ts";
import { currentSession, onSessionStart } from "./session.ts";
import { workspaceDoc, workspaceHandle } from "./workspace.ts";

/** One opened ledger: its year and handle, and whether this app may write it. */
export interface LedgerSource {
  readonly year: number;
  readonly url: string;
  readonly handle: DocHandle<LedgerDoc>;
  /** False when the ledger is written by a newer app, waits for the relay's migration, or is invalid. */
  readonly writable: boolean;
}

/** A task as shown, with the ledger it lives in. */
export interface LedgerTask {
  readonly view: TaskView;
  readonly ledger: LedgerSource;
}

const [sources, setSources] = createSignal<readonly LedgerSource[]>([], { equals: false });
/** Bumped on every change of an opened ledger. */
const [revision, setRevision] = createSignal(0);

/** The opened ledgers, newest year first. */
export const ledgers: Accessor<readonly LedgerSource[]> = sources;

function isWritableLedger(handle: DocHandle<LedgerDoc>): boolean {
  if (!handle.isReady()) return false;
  const doc = handle.doc();
  if (schemaState(doc, ledgerMigrations).kind !== "current") return false;
  // The whole-ledger validation runs once per open (not per change): it is linear in the task count.
  return validateLedger(doc).ok;
}

const opened = new Map<string, Promise<void>>();
const watchedWorkspaces = new WeakSet<object>();

/**
 * Opens every ledger listed in the workspace (now and when the list changes), so they sync and work
 * offline whichever page the app starts on. Safe to call more than once.
 * @param repo the app's repo (tests pass their own)
 */
export async function openLedgers(repo: Repo = defaultRepo): Promise<void> {
  const workspace = await workspaceHandle();
  const openListed = (doc: WorkspaceDoc | undefined) => {
    if (!doc) return;
    for (const { year, url } of workspaceLedgers(doc)) {
      if (opened.has(url) || !isValidAutomergeUrl(url)) continue;
      const opening = repo.find<LedgerDoc>(url).then(
        (handle) => {
          const source: LedgerSource = { year, url, handle, writable: isWritableLedger(handle) };
          setSources((list) =>
            [...list.filter((s) => s.url !== url), source].sort((a, b) => b.year - a.year),
          );
          handle.on("change", () => setRevision((n) => n + 1));
          setRevision((n) => n + 1);
        },
        () => {
          opened.delete(url); // unavailable now: retried on the next workspace change
        },
      );
      opened.set(url, opening);
    }
  };
  openListed(workspace.doc());
  if (!watchedWorkspaces.has(workspace)) {
    watchedWorkspaces.add(workspace);
    workspace.on("change", ({ doc }) => openListed(doc));
  }
  await Promise.all(opened.values());
}

const memos = createRoot(() => {
  const all = createMemo<readonly LedgerTask[]>(() => {
    revision();
    const out: LedgerTask[] = [];
    for (const ledger of sources()) {
      if (!ledger.handle.isReady()) continue;
      const doc = ledger.handle.doc();
      for (const task of Object.values(doc.tasks ?? {})) {
        try {
          out.push({ view: taskView(task), ledger });
        } catch {
          // A task that does not read (a peer's bad write the relay refused elsewhere) is left out.
        }
      }
    }
    return out;
  });
  return { all };
});

/** Every task of every opened ledger (deleted ones included; views filter them). */
export const ledgerTasks: Accessor<readonly LedgerTask[]> = memos.all;

/** Finds a task by id across the opened ledgers. */
export function findTask(taskId: string): LedgerTask | undefined {
  return ledgerTasks().find((t) => t.view.id === taskId);
}

/** The member's unit ids (their own unit in the directory), for "my tasks" and "by unit". */
export function memberUnitIds(): string[] {
  const s = currentSession();
  const unit = s ? workspaceDoc()?.members?.[s.memberId]?.unitId : undefined;
  const id = unit ? String(unit) : "";
  return id ? [id] : [];
}

function me(): MemberId {
  const s = currentSession();
  if (!s) throw new ActionError(ReasonCode.ReadOnly, "not signed in");
  // Observers read the ledger but may not write it (access/policy.ts): the relay would refuse the change.
  const role = workspaceDoc()?.members?.[s.memberId]?.workspaceRole;
  if (role !== undefined && String(role) === "observer")
    throw new ActionError(ReasonCode.ReadOnly, "observers only read tasks");
  return s.memberId as MemberId;
}

function toActionError(error: unknown): ActionError {
  if (error instanceof ActionError) return error;
  if (error instanceof DomainError) {
    const issues = (error.details?.issues as ActionError["issues"] | undefined) ?? [];
    return new ActionError(error.code, error.message, issues, { cause: error });
  }
  return new ActionError("unknown", error instanceof Error ? error.message : String(error), [], {
    cause: error,
  });
}

/** One guarded change to a ledger: the clock is read here, a refused change leaves nothing behind. */
function changeLedger<T>(
  ledger: LedgerSource,
  message: string,
  write: (doc: LedgerDoc, now: number) => T,
): T {
  try {
    if (!ledger.handle.isReady()) throw new ActionError(ReasonCode.NotFound, "ledger is not loaded");
    if (!ledger.writable) {
      const schema = schemaState(ledger.handle.doc(), ledgerMigrations);
      if (schema.kind === "newer")
        throw new ActionError(ReasonCode.NewerSchema, "ledger is newer than this app");
      if (schema.kind === "older") throw new ActionError("awaiting_migration", "ledger waits for the relay");
      throw new ActionError(ReasonCode.InvalidDocument, "ledger failed validation");
    }
    const now = Date.now();
    let result: T | undefined;
    ledger.handle.change(
      (doc) => {
        result = write(doc, now);
      },
      { message },
    );
    return result as T;
  } catch (error) {
    throw toActionError(error);
  }
}

function ledgerOf(taskId: string): LedgerSource {
  const found = findTask(taskId);
  if (!found) throw new ActionError(ReasonCode.NotFound, `task ${taskId} is not on this device`);
  return found.ledger;
}

function quoted(text: string): string {
  const t = text.trim().replace(/\s+/g, " ");
  return t.length > 80 ? `${t.slice(0, 79)}…` : t;
}

const titleOf = (taskId: string) => quoted(findTask(taskId)?.view.title ?? "");

/**
 * Assigns a new task (giao việc) in the current year's ledger (or the newest one on this device).
 * @returns the new task's id
 * @throws ActionError(not_found when no ledger is on this device yet | invalid_input | …)
 */
export function createTask(input: NewTaskInput): TaskId {
  const ledger = ledgerForNewTask(sources(), Date.now());
  if (!ledger) throw new ActionError(ReasonCode.NotFound, "no task ledger on this device yet");
  const by = me();
  return changeLedger(ledger, `Giao việc: ${quoted(input.title)}`, (doc, now) =>
    createTaskInDoc(doc, input, by, now),
  );
}

/** Edits a task's details (assigner side). @throws ActionError */
export function editTask(taskId: string, patch: TaskPatch): void {
  const by = me();
  changeLedger(ledgerOf(taskId), `Sửa nhiệm vụ: ${titleOf(taskId)}`, (doc, now) =>
    editTaskInDoc(doc, taskId as TaskId, patch, by, now),
  );
}

/** Marks a task started (đang thực hiện). @throws ActionError */
export function startTask(taskId: string): void {
  const by = me();
  changeLedger(ledgerOf(taskId), `Bắt đầu thực hiện: ${titleOf(taskId)}`, (doc, now) =>
    startTaskInDoc(doc, taskId as TaskId, by, now),
  );
}

/** Adds a progress report (báo cáo tiến độ). @throws ActionError */
export function reportProgress(taskId: string, input: ProgressReportInput): void {
  const by = me();
  changeLedger(ledgerOf(taskId), `Báo cáo tiến độ: ${titleOf(taskId)}`, (doc, now) => {
    reportProgressInDoc(doc, taskId as TaskId, input, by, now);
  });
}

/**
 * Marks a task done (hoàn thành), with an optional closing note. Works offline; whether it was on time
 * is derived from the completion instant and the due date in force.
 * @throws ActionError(invalid_transition when already done | …)
 */
export function markTaskDone(taskId: string, note = ""): void {
  const by = me();
  changeLedger(ledgerOf(taskId), `Hoàn thành: ${titleOf(taskId)}`, (doc, now) =>
    completeTaskInDoc(doc, taskId as TaskId, { note }, by, now),
  );
}

/** Sends a done task back (mở lại) with a reason (assigner side). @throws ActionError */
export function reopenTask(taskId: string, reason: string): void {
  const by = me();
  changeLedger(ledgerOf(taskId), `Mở lại: ${titleOf(taskId)}`, (doc, now) =>
    reopenTaskInDoc(doc, taskId as TaskId, { reason }, by, now),
  );
}

/** Requests an extension (đề nghị gia hạn). @returns the request id. @throws ActionError */
export function requestExtension(taskId: string, input: ExtensionRequestInput): ExtensionRequestId {
  const by = me();
  return changeLedger(ledgerOf(taskId), `Đề nghị gia hạn: ${titleOf(taskId)}`, (doc, now) =>
    requestExtensionInDoc(doc, taskId as TaskId, input, by, now),
  );
}

/** Approves or refuses an extension request (assigner side). @throws ActionError */
export function decideExtension(taskId: string, requestId: string, input: ExtensionDecisionInput): void {
  const by = me();
  changeLedger(
    ledgerOf(taskId),
    `${input.approved ? "Đồng ý" : "Không đồng ý"} gia hạn: ${titleOf(taskId)}`,
    (doc, now) =>
      decideExtensionInDoc(doc, taskId as TaskId, requestId as ExtensionRequestId, input, by, now),
  );
}

/** Deletes a task (soft; assigner side). @throws ActionError */
export function deleteTask(taskId: string): void {
  const by = me();
  changeLedger(ledgerOf(taskId), `Xóa nhiệm vụ: ${titleOf(taskId)}`, (doc, now) =>
    deleteTaskInDoc(doc, taskId as TaskId, by, now),
  );
}

/** Restores a deleted task (assigner side). @throws ActionError */
export function restoreTask(taskId: string): void {
  const by = me();
  changeLedger(ledgerOf(taskId), `Khôi phục nhiệm vụ: ${titleOf(taskId)}`, (doc, now) =>
    restoreTaskInDoc(doc, taskId as TaskId, by, now),
  );
}

/** Opens the ledgers when a session starts (and now, if one exists), so tasks sync from any page. */
export function keepLedgersOpen(): void {
  const open = () => void openLedgers().catch(() => {});
  onSessionStart(open);
  if (currentSession()) open();
}
