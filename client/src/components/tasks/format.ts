import { createSignal, onCleanup } from "solid-js";
import {
  addDays,
  directoryMembers,
  directoryUnits,
  isAssignerSide,
  isLeadSide,
  localDateOf,
  type MemberView,
  statusClass,
  type TaskStatusClass,
  type TaskView,
  type UnitView,
  VIETNAM_CALENDAR,
  type WorkspaceDoc,
} from "../../../../shared/src/index.ts";
import type { T } from "../../i18n/index.ts";
import { accessSubject } from "../../state/permissions.ts";
import { currentSession } from "../../state/session.ts";
import { workspaceDoc } from "../../state/workspace.ts";

/** "yyyy-MM-dd" → "dd/MM/yyyy" (GLOSSARY: dates are shown dd/MM/yyyy). */
export function displayDate(date: string): string {
  const [y, m, d] = date.split("-");
  return `${d}/${m}/${y}`;
}

/** Today's local date in Asia/Ho_Chi_Minh, "yyyy-MM-dd". */
export function todayLocal(now: number = Date.now()): string {
  return localDateOf(now, VIETNAM_CALENDAR.timeZone);
}

/** The default due date of an instant task: 7 calendar days from today (local). */
export function defaultDueDate(now: number = Date.now()): string {
  return addDays(todayLocal(now), 7);
}

/** The Government Office class of a task now (Vietnamese working calendar, Asia/Ho_Chi_Minh). */
export function classOf(view: TaskView, now: number): TaskStatusClass {
  return statusClass(view, now, VIETNAM_CALENDAR);
}

/** A clock signal that ticks every minute (overdue is derived, so views re-derive it as time passes). */
export function createMinuteClock(): () => number {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 60_000);
  onCleanup(() => clearInterval(timer));
  return now;
}

/** Directory look-ups for names. */
export interface Directory {
  units: UnitView[];
  members: MemberView[];
  unitName(id: string): string;
  memberName(id: string): string;
}

/** The directory of the open workspace (empty until it loads). */
export function directory(doc: WorkspaceDoc | undefined = workspaceDoc()): Directory {
  const units = doc ? directoryUnits(doc) : [];
  const members = doc ? directoryMembers(doc) : [];
  const unitById = new Map(units.map((u) => [u.id, u.name]));
  const memberById = new Map(members.map((m) => [m.id, m.fullName]));
  return {
    units,
    members,
    unitName: (id) => unitById.get(id) ?? id,
    memberName: (id) => memberById.get(id) ?? id,
  };
}

/** The lead as text: a unit's name, or "Name (cá nhân)". */
export function leadText(t: T, view: Pick<TaskView, "lead">, dir: Directory): string {
  return view.lead.kind === "unit"
    ? dir.unitName(view.lead.id)
    : t("task.leadMember", { name: dir.memberName(view.lead.id) });
}

/** What the signed-in member may do with a task (mirrors the relay's ledger rules; courtesy, not security). */
export function taskRights(view: TaskView): { assigner: boolean; lead: boolean; any: boolean } {
  const s = currentSession();
  const subject = accessSubject();
  if (!s || !subject || subject.disabled || subject.workspaceRole === "observer") {
    return { assigner: false, lead: false, any: false };
  }
  const unitId = workspaceDoc()?.members?.[s.memberId]?.unitId;
  const writer = {
    memberId: s.memberId,
    workspaceRole: subject.workspaceRole,
    unitId: unitId ? String(unitId) : null,
  };
  const plain = {
    lead: view.lead,
    assignerMemberId: view.assignerMemberId,
    events: { created: { type: "created", byMemberId: view.createdByMemberId } },
  };
  const assigner = isAssignerSide(plain, writer);
  const lead = isLeadSide(plain, writer);
  return { assigner, lead, any: assigner || lead };
}

/** Splits text into plain parts and http(s) links, for progress reports with link attachments. */
export function linkify(text: string): { text: string; href?: string }[] {
  const parts: { text: string; href?: string }[] = [];
  const re = /https?:\/\/[^\s<>"]+/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index! > last) parts.push({ text: text.slice(last, m.index) });
    parts.push({ text: m[0], href: m[0] });
    last = m.index! + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
