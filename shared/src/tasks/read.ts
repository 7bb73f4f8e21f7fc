import { type Imm, str } from "../schema/immutable.ts";
import {
  type DerivedStatus,
  type DueCandidate,
  deriveStatus,
  effectiveDue,
  type StatusEventLike,
} from "./status.ts";
import type { Task, TaskEventType } from "./types.ts";

/*
 * Reading a task of the document into the plain pieces status.ts works on. Shared by the change
 * functions (preconditions) and the selectors, so both always agree on status and due date.
 */

/** Reads a field stored as collaborative text or as an ImmutableString (documents built from fixtures). */
export function text(value: Imm | string | null | undefined): string {
  return str(value) ?? "";
}

/** The task's events as plain status-event data (all types; deriveStatus skips the others). */
export function statusEventsOf(task: Task): StatusEventLike[] {
  return Object.values(task.events ?? {}).map((e) => ({
    id: str(e.id)!,
    type: str(e.type) as TaskEventType,
    at: str(e.at)!,
    supersedes: e.supersedes ? e.supersedes.map((s) => str(s)!) : undefined,
  }));
}

/** Status, completion time and status heads of a task. */
export function statusOf(task: Task): DerivedStatus {
  return deriveStatus(statusEventsOf(task));
}

/** The due date as assigned (by createTask or the last editTask that changed it). */
export function assignedDueOf(task: Task): DueCandidate {
  return {
    date: str(task.due.date)!,
    time: str(task.due.time) ?? null,
    setAt: str(task.due.setAt)!,
    extensionId: null,
  };
}

/** The due date in force: the assigned one or the latest approved extension (see effectiveDue). */
export function dueOf(task: Task): DueCandidate {
  const approved: DueCandidate[] = [];
  for (const x of Object.values(task.extensions ?? {})) {
    if (x.decision?.approved) {
      approved.push({
        date: str(x.requestedDueDate)!,
        time: str(x.requestedDueTime) ?? null,
        setAt: str(x.decision.at)!,
        extensionId: str(x.id)!,
      });
    }
  }
  return effectiveDue(assignedDueOf(task), approved);
}

/** Highest Lamport `seq` among the task's events (0 when none). */
export function maxSeqOf(task: Task): number {
  let max = 0;
  for (const e of Object.values(task.events ?? {})) if (e.seq > max) max = e.seq;
  return max;
}

/**
 * A sortable key of a due date and optional time: "yyyy-MM-ddTHH:mm", a whole-day due date sorting
 * after every time of that day ("T24:00"). Orders deadlines without a calendar: exact between whole-day
 * due dates (moving a weekend or holiday to the next working day keeps their order) and between timed
 * ones; a whole-day due date on a day off against a time on the following days is the one approximation.
 */
export function dueKey(date: string, time: string | null): string {
  return `${date}T${time ?? "24:00"}`;
}
