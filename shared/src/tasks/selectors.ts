import type { LocalDate, LocalTime } from "../calendar/local-date.ts";
import type { WorkingCalendar } from "../calendar/working-calendar.ts";
import type { MemberId } from "../ids.ts";
import type { TaskStatus, TaskSubject } from "../reminders/types.ts";
import { type Imm, str } from "../schema/immutable.ts";
import { foldText } from "../text.ts";
import { assignedDueOf, dueKey, text } from "./read.ts";
import { deriveStatus, effectiveDue, effectiveDueAt, statusClass } from "./status.ts";
import type {
  LeadKind,
  LedgerDoc,
  Task,
  TaskEvent,
  TaskEventType,
  TaskPriority,
  TaskStatusClass,
} from "./types.ts";

/** A blob reference as plain data. */
export interface AttachmentView {
  readonly hash: string;
  readonly name: string;
  readonly size: number;
}

/** One history entry as plain data (fields beyond `seq` per type, see TaskEvent). */
export interface TaskEventView {
  readonly id: string;
  readonly type: TaskEventType;
  readonly at: string;
  readonly byMemberId: string;
  readonly seq: number;
  /** Status events: the status heads this one follows (several heads = concurrent changes before it). */
  readonly supersedes?: readonly string[];
  readonly text?: string;
  readonly percent?: number;
  readonly attachments?: readonly AttachmentView[];
  readonly fields?: readonly string[];
  readonly due?: { readonly date: LocalDate; readonly time: LocalTime | null };
  readonly extensionId?: string;
}

/** A progress report as plain data. */
export interface ProgressReportView {
  readonly id: string;
  readonly at: string;
  readonly byMemberId: string;
  readonly text: string;
  readonly percent: number;
  readonly attachments: readonly AttachmentView[];
}

/** An extension request as plain data. */
export interface ExtensionView {
  readonly id: string;
  readonly requestedDueDate: LocalDate;
  readonly requestedDueTime: LocalTime | null;
  readonly reason: string;
  readonly byMemberId: string;
  readonly at: string;
  readonly state: "pending" | "approved" | "refused";
  readonly decision: {
    readonly approved: boolean;
    readonly byMemberId: string;
    readonly at: string;
    readonly note: string;
  } | null;
}

/** The source of a task as plain data. */
export interface TaskSourceView {
  readonly meetingId: string;
  readonly meetingUrl: string;
  readonly passage: {
    readonly sectionId: string | null;
    readonly quote: string;
    readonly start: number;
    readonly end: number;
  };
}

/**
 * A task as plain data, with everything derived from its events: status, completion, percent, the due
 * date in force. Instants are ISO UTC strings. Overdue is not here: it depends on `now` (statusClass).
 */
export interface TaskView {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly lead: { readonly kind: LeadKind; readonly id: string };
  /** Supporting units, sorted, never including the lead unit. */
  readonly supportUnitIds: readonly string[];
  readonly assignerMemberId: string;
  /** The due date in force: the assigned one or the latest approved extension. */
  readonly dueDate: LocalDate;
  readonly dueTime: LocalTime | null;
  /** The due date as assigned (before extensions). */
  readonly assignedDueDate: LocalDate;
  readonly assignedDueTime: LocalTime | null;
  /** True when the due date in force comes from an approved extension. */
  readonly extended: boolean;
  readonly priority: TaskPriority;
  readonly category: string;
  readonly source: TaskSourceView | null;
  readonly status: TaskStatus;
  /** Completion instant while done, else null. */
  readonly doneAt: string | null;
  /** True when the status was chosen between concurrent changes (see deriveStatus); worth a look. */
  readonly statusFromConcurrentChanges: boolean;
  /** 100 when done, else the latest progress report's percent, else 0. */
  readonly percent: number;
  /** Oldest first. */
  readonly progressReports: readonly ProgressReportView[];
  /** Oldest first. */
  readonly extensions: readonly ExtensionView[];
  /** The undecided extension request of an open task, if any (the oldest when several). */
  readonly pendingExtension: ExtensionView | null;
  /** Every event in causal order (seq, then time, then id). */
  readonly history: readonly TaskEventView[];
  readonly createdAt: string;
  readonly createdByMemberId: string;
  readonly updatedAt: string;
  readonly deletedAt: string | null;
}

function eventView(e: TaskEvent): TaskEventView {
  const v: {
    -readonly [K in keyof TaskEventView]: TaskEventView[K];
  } = {
    id: str(e.id)!,
    type: str(e.type) as TaskEventType,
    at: str(e.at)!,
    byMemberId: str(e.byMemberId)!,
    seq: e.seq,
  };
  if (e.supersedes !== undefined) v.supersedes = e.supersedes.map((x) => str(x)!);
  if (e.text !== undefined) v.text = text(e.text);
  if (e.percent !== undefined) v.percent = e.percent;
  if (e.attachments !== undefined) {
    v.attachments = e.attachments.map((a) => ({ hash: str(a.hash)!, name: text(a.name), size: a.size }));
  }
  if (e.fields !== undefined) v.fields = e.fields.map((f) => str(f)!);
  if (e.due !== undefined) v.due = { date: str(e.due.date)!, time: str(e.due.time) ?? null };
  if (e.extensionId !== undefined) v.extensionId = str(e.extensionId)!;
  return v;
}

function byHistoryOrder(a: TaskEventView, b: TaskEventView): number {
  return a.seq - b.seq || Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function extensionView(x: Task["extensions"][string]): ExtensionView {
  const d = x.decision;
  return {
    id: str(x.id)!,
    requestedDueDate: str(x.requestedDueDate)!,
    requestedDueTime: str(x.requestedDueTime) ?? null,
    reason: text(x.reason),
    byMemberId: str(x.byMemberId)!,
    at: str(x.at)!,
    state: d === null ? "pending" : d.approved ? "approved" : "refused",
    decision:
      d === null
        ? null
        : { approved: d.approved, byMemberId: str(d.byMemberId)!, at: str(d.at)!, note: text(d.note) },
  };
}

function sourceView(s: Task["source"]): TaskSourceView | null {
  if (!s) return null;
  return {
    meetingId: str(s.meetingId)!,
    meetingUrl: str(s.meetingUrl)!,
    passage: {
      sectionId: str(s.passage.sectionId as Imm | null) ?? null,
      quote: text(s.passage.quote),
      start: s.passage.start,
      end: s.passage.end,
    },
  };
}

/** Reads one task of the ledger into a {@link TaskView}. The ledger must be valid (validateLedger). */
export function taskView(task: Task): TaskView {
  // Each part of the task is read from the document once: proxies are the slow part of a 20,000-task list.
  const history = Object.values(task.events).map(eventView).sort(byHistoryOrder);
  const derived = deriveStatus(history);
  const extensions = Object.values(task.extensions)
    .map(extensionView)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : 1));
  const assigned = assignedDueOf(task);
  const due = effectiveDue(
    assigned,
    extensions
      .filter((x) => x.decision?.approved)
      .map((x) => ({
        date: x.requestedDueDate,
        time: x.requestedDueTime,
        setAt: x.decision!.at,
        extensionId: x.id,
      })),
  );
  const lead = { kind: str(task.lead.kind) as LeadKind, id: str(task.lead.id)! };
  const progressReports: ProgressReportView[] = [];
  for (const e of history) {
    if (e.type === "progress_reported") {
      progressReports.push({
        id: e.id,
        at: e.at,
        byMemberId: e.byMemberId,
        text: e.text ?? "",
        percent: e.percent ?? 0,
        attachments: e.attachments ?? [],
      });
    }
  }
  const created = history.find((e) => e.type === "created");
  return {
    id: str(task.id)!,
    title: text(task.title),
    description: text(task.description),
    lead,
    supportUnitIds: Object.keys(task.supportUnitIds)
      .filter((u) => !(lead.kind === "unit" && u === lead.id))
      .sort(),
    assignerMemberId: str(task.assignerMemberId)!,
    dueDate: due.date,
    dueTime: due.time,
    assignedDueDate: assigned.date,
    assignedDueTime: assigned.time,
    extended: due.extensionId !== null,
    priority: str(task.priority) as TaskPriority,
    category: str(task.category) ?? "",
    source: sourceView(task.source),
    status: derived.status,
    doneAt: derived.doneAt,
    statusFromConcurrentChanges: derived.concurrent,
    percent: derived.status === "done" ? 100 : (progressReports.at(-1)?.percent ?? 0),
    progressReports,
    extensions,
    pendingExtension:
      derived.status === "done" ? null : (extensions.find((x) => x.state === "pending") ?? null),
    history,
    createdAt: str(task.createdAt)!,
    createdByMemberId: created?.byMemberId ?? str(task.assignerMemberId)!,
    updatedAt: str(task.updatedAt)!,
    deletedAt: str(task.deletedAt as Imm | null) ?? null,
  };
}

const PRIORITY_RANK: Readonly<Record<TaskPriority, number>> = { urgent: 0, high: 1, normal: 2, low: 3 };

/**
 * List order: earliest deadline first (see dueKey), then more urgent, then older, then id, so every
 * peer lists the same way.
 */
export function compareByDue(a: TaskView, b: TaskView): number {
  const ka = dueKey(a.dueDate, a.dueTime);
  const kb = dueKey(b.dueDate, b.dueTime);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return (
    PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
    a.createdAt.localeCompare(b.createdAt) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/**
 * Every task of the ledger as views, in list order ({@link compareByDue}). Deleted tasks are left out
 * unless `includeDeleted`.
 */
export function taskViews(doc: LedgerDoc, options: { includeDeleted?: boolean } = {}): TaskView[] {
  const views: TaskView[] = [];
  for (const task of Object.values(doc.tasks ?? {})) {
    if (task.deletedAt && !options.includeDeleted) continue;
    views.push(taskView(task));
  }
  return views.sort(compareByDue);
}

/** How a member relates to a task. */
export interface TaskRole {
  /** Leads it: is the lead member, or belongs to the lead unit. */
  readonly lead: boolean;
  /** Belongs to a supporting unit. */
  readonly support: boolean;
  readonly assigner: boolean;
}

/**
 * A member's relation to a task. `memberUnitIds`: the units the member answers for (usually their own
 * unit from the directory).
 */
export function taskRoleOf(view: TaskView, memberId: string, memberUnitIds: readonly string[]): TaskRole {
  const units = new Set(memberUnitIds);
  return {
    lead: view.lead.kind === "member" ? view.lead.id === memberId : units.has(view.lead.id),
    support: view.supportUnitIds.some((u) => units.has(u)),
    assigner: view.assignerMemberId === memberId,
  };
}

/**
 * "My tasks" (việc của tôi): tasks the member leads in person or through one of `memberUnitIds`, and
 * tasks one of those units supports (see taskRoleOf to tell them apart). Deleted tasks never appear.
 * Keeps the input order.
 */
export function myTasks(
  views: readonly TaskView[],
  memberId: string,
  memberUnitIds: readonly string[],
): TaskView[] {
  const units = new Set(memberUnitIds);
  return views.filter(
    (v) =>
      !v.deletedAt &&
      ((v.lead.kind === "member" ? v.lead.id === memberId : units.has(v.lead.id)) ||
        v.supportUnitIds.some((u) => units.has(u))),
  );
}

/** "Assigned by me" (việc tôi giao): tasks whose assigner is the member. Keeps the input order. */
export function assignedBy(views: readonly TaskView[], memberId: string): TaskView[] {
  return views.filter((v) => !v.deletedAt && v.assignerMemberId === memberId);
}

/**
 * "By unit" (theo đơn vị): tasks a unit leads (`as: "lead"`), supports (`"support"`), or either
 * (default). Keeps the input order.
 */
export function byUnit(
  views: readonly TaskView[],
  unitId: string,
  options: { as?: "lead" | "support" | "any" } = {},
): TaskView[] {
  const as = options.as ?? "any";
  return views.filter((v) => {
    if (v.deletedAt) return false;
    const leads = v.lead.kind === "unit" && v.lead.id === unitId;
    const supports = v.supportUnitIds.includes(unitId);
    return as === "lead" ? leads : as === "support" ? supports : leads || supports;
  });
}

const folded = new WeakMap<TaskView, string>();

/** The folded text a task is searched in: title, description, category and the source passage. */
function searchText(view: TaskView): string {
  let hay = folded.get(view);
  if (hay === undefined) {
    hay = foldText([view.title, view.description, view.category, view.source?.passage.quote ?? ""].join(" "));
    folded.set(view, hay);
  }
  return hay;
}

/**
 * Case- and diacritics-insensitive search ("ha tang" finds "Hạ tầng"): every word of `query` must occur
 * in the title, description, category or source passage. An empty query matches everything.
 */
export function matchesTaskSearch(view: TaskView, query: string): boolean {
  const words = foldText(query).split(" ").filter(Boolean);
  if (words.length === 0) return true;
  const hay = searchText(view);
  return words.every((w) => hay.includes(w));
}

/** The tasks matching a search query ({@link matchesTaskSearch}); keeps the input order. */
export function searchTasks(views: readonly TaskView[], query: string): TaskView[] {
  const words = foldText(query).split(" ").filter(Boolean);
  if (words.length === 0) return [...views];
  return views.filter((v) => {
    const hay = searchText(v);
    return words.every((w) => hay.includes(w));
  });
}

/** Filters for the task list; every given criterion must hold (an empty list or absent field = any). */
export interface TaskFilter {
  readonly statuses?: readonly TaskStatus[];
  /** Report classes at `now` (needs the clock and calendar). */
  readonly classes?: readonly TaskStatusClass[];
  readonly priorities?: readonly TaskPriority[];
  readonly categories?: readonly string[];
  /** Lead units or members (ids of either kind). */
  readonly leadIds?: readonly string[];
  /** Tasks a unit supports. */
  readonly supportUnitIds?: readonly string[];
  readonly assignerMemberIds?: readonly string[];
  /** Due date in force within [dueFrom, dueTo], local dates, inclusive. */
  readonly dueFrom?: LocalDate;
  readonly dueTo?: LocalDate;
  /** Tasks from this meeting. */
  readonly meetingId?: string;
  /** Free-text search ({@link matchesTaskSearch}). */
  readonly text?: string;
}

function anyOf<T>(list: readonly T[] | undefined): Set<T> | null {
  return list && list.length > 0 ? new Set(list) : null;
}

/**
 * The tasks matching a filter; keeps the input order. Deleted tasks never match.
 * @param now ms UTC, for `classes`
 */
export function filterTasks(
  views: readonly TaskView[],
  filter: TaskFilter,
  now: number,
  calendar: WorkingCalendar,
): TaskView[] {
  const statuses = anyOf(filter.statuses);
  const classes = anyOf(filter.classes);
  const priorities = anyOf(filter.priorities);
  const categories = anyOf(filter.categories);
  const leads = anyOf(filter.leadIds);
  const supports = anyOf(filter.supportUnitIds);
  const assigners = anyOf(filter.assignerMemberIds);
  const words = foldText(filter.text ?? "")
    .split(" ")
    .filter(Boolean);
  return views.filter((v) => {
    if (v.deletedAt) return false;
    if (statuses && !statuses.has(v.status)) return false;
    if (priorities && !priorities.has(v.priority)) return false;
    if (categories && !categories.has(v.category)) return false;
    if (leads && !leads.has(v.lead.id)) return false;
    if (supports && !v.supportUnitIds.some((u) => supports.has(u))) return false;
    if (assigners && !assigners.has(v.assignerMemberId)) return false;
    if (filter.dueFrom !== undefined && v.dueDate < filter.dueFrom) return false;
    if (filter.dueTo !== undefined && v.dueDate > filter.dueTo) return false;
    if (filter.meetingId !== undefined && v.source?.meetingId !== filter.meetingId) return false;
    if (words.length > 0) {
      const hay = searchText(v);
      if (!words.every((w) => hay.includes(w))) return false;
    }
    if (classes && !classes.has(statusClass(v, now, calendar))) return false;
    return true;
  });
}

/**
 * A task as the reminder schedule needs it (reminders/types.ts). `assigneeMemberIds`: the lead member,
 * or the members who answer for the lead unit — the caller resolves them from the directory. A due time
 * becomes `dueAt` (ms UTC in the calendar's zone); a whole-day due date stays a date.
 */
export function taskReminderSubject(
  view: TaskView,
  assigneeMemberIds: readonly MemberId[],
  calendar: WorkingCalendar,
): TaskSubject {
  return {
    type: "task",
    id: view.id,
    title: view.title,
    status: view.status,
    assignedAt: Date.parse(view.createdAt),
    dueDate: view.dueDate,
    dueAt: view.dueTime === null ? null : effectiveDueAt(view, calendar),
    assigneeMemberIds,
    assignerMemberId: view.assignerMemberId as MemberId,
  };
}
