import { DomainError, ReasonCode } from "../errors.ts";
import type { AgendaItemId } from "../ids.ts";
import { newId } from "../ids.ts";
import { agendaItems } from "../meeting/selectors.ts";
import type { MeetingDoc } from "../meeting/types.ts";
import { imm } from "../schema/immutable.ts";
import { instant } from "../time.ts";
import { byInstantThenId, liveOf, meetingContainers, readEntries } from "./entries.ts";
import { RunRefusal, refuseNow } from "./refusals.ts";
import { agendaEventEntrySchema } from "./schemas.ts";
import { AgendaEventKind } from "./types.ts";

/** Where an item stands on the agenda clock. */
export const ItemRunStatus = {
  NotStarted: "not_started",
  Running: "running",
  Paused: "paused",
  Done: "done",
} as const;
export type ItemRunStatus = (typeof ItemRunStatus)[keyof typeof ItemRunStatus];

/** An agenda clock event as plain data. */
export interface AgendaEvent {
  readonly id: string;
  readonly kind: AgendaEventKind;
  readonly agendaItemId: string;
  readonly at: string;
}

/** One item's time on the clock. Instants are ISO UTC; durations in ms. */
export interface ItemTimeline {
  readonly agendaItemId: string;
  readonly status: ItemRunStatus;
  /** Time the item ran: the sum of its intervals (a running one up to `now`). Pauses are not counted. */
  readonly actualMs: number;
  /** Each stretch the item ran, in order; `to` null while running. */
  readonly intervals: readonly { readonly from: string; readonly to: string | null }[];
  /** How many times the item was started again after it was done (0 = never restarted). */
  readonly restarts: number;
}

/** The whole agenda clock: derived from the events, never stored. */
export interface AgendaTimeline {
  /** The item the chair is on (running or paused), or null. */
  readonly currentItemId: string | null;
  readonly running: boolean;
  /** Per item that ever started, by id. */
  readonly items: ReadonlyMap<string, ItemTimeline>;
  /** The first start, or null before the meeting's first item. */
  readonly startedAt: string | null;
  /** The last stop when no item is current (the meeting's agenda is through, for now), else null. */
  readonly endedAt: string | null;
}

/** Every agenda event of a meeting, in replay order (instant, then id). */
export function agendaEvents(doc: MeetingDoc): AgendaEvent[] {
  return readEntries(meetingContainers(doc).live?.agendaEvents, agendaEventEntrySchema, (e) => e.id).sort(
    byInstantThenId((e) => e.at),
  );
}

interface MutableItem {
  agendaItemId: string;
  status: ItemRunStatus;
  intervals: { from: string; to: string | null }[];
  restarts: number;
}

/**
 * Replays agenda events into the clock. Rules, applied in event order (instant, then id, so every peer
 * replays the same way even when the chair and a secretary pressed concurrently):
 * - start X: the item running before (if any, and not X) is done at that instant; X runs. Starting a
 *   paused X resumes it; starting a done X restarts it (its time adds up); starting a running X is a
 *   duplicate press and changes nothing.
 * - pause X: X stops running but stays current; ignored unless X is current and running.
 * - stop X: X is done and nothing is current; ignored unless X is current.
 *
 * @param nowMs clock reading; a running item's last interval counts up to it (never negative)
 */
export function agendaTimeline(events: readonly AgendaEvent[], nowMs: number): AgendaTimeline {
  const ordered = [...events].sort(byInstantThenId((e) => e.at));
  const items = new Map<string, MutableItem>();
  let current = null as MutableItem | null;
  let startedAt: string | null = null;
  let lastStop: string | null = null;
  const close = (item: MutableItem, at: string) => {
    const open = item.intervals[item.intervals.length - 1];
    if (open && open.to === null) open.to = at;
  };
  for (const e of ordered) {
    if (e.kind === AgendaEventKind.Start) {
      if (current?.agendaItemId === e.agendaItemId && current.status === ItemRunStatus.Running) continue;
      if (current && current.agendaItemId !== e.agendaItemId) {
        close(current, e.at);
        current.status = ItemRunStatus.Done;
      }
      let item = items.get(e.agendaItemId);
      if (!item) {
        item = { agendaItemId: e.agendaItemId, status: ItemRunStatus.NotStarted, intervals: [], restarts: 0 };
        items.set(e.agendaItemId, item);
      }
      if (item.status === ItemRunStatus.Done) item.restarts++;
      item.status = ItemRunStatus.Running;
      item.intervals.push({ from: e.at, to: null });
      current = item;
      startedAt ??= e.at;
      lastStop = null;
    } else if (current?.agendaItemId === e.agendaItemId) {
      if (e.kind === AgendaEventKind.Pause && current.status === ItemRunStatus.Running) {
        close(current, e.at);
        current.status = ItemRunStatus.Paused;
      } else if (e.kind === AgendaEventKind.Stop) {
        close(current, e.at);
        current.status = ItemRunStatus.Done;
        current = null;
        lastStop = e.at;
      }
    }
  }
  const timelines = new Map<string, ItemTimeline>();
  for (const item of items.values()) {
    const actualMs = item.intervals.reduce(
      (sum, i) => sum + Math.max(0, (i.to === null ? nowMs : Date.parse(i.to)) - Date.parse(i.from)),
      0,
    );
    timelines.set(item.agendaItemId, {
      agendaItemId: item.agendaItemId,
      status: item.status,
      actualMs,
      intervals: item.intervals.map((i) => ({ ...i })),
      restarts: item.restarts,
    });
  }
  return {
    currentItemId: current?.agendaItemId ?? null,
    running: current?.status === ItemRunStatus.Running,
    items: timelines,
    startedAt,
    endedAt: current === null ? lastStop : null,
  };
}

function record(doc: MeetingDoc, kind: AgendaEventKind, agendaItemId: string, now: number): void {
  const id = newId();
  liveOf(doc).agendaEvents[id] = {
    id: imm(id),
    kind: imm(kind),
    agendaItemId: imm(agendaItemId),
    at: imm(instant(now)),
  };
}

/**
 * The chair sets the current item (or resumes it after a pause, or starts it again after it was done):
 * its clock runs, and the item running before is done. Members' screens follow the current item unless
 * they chose not to (a client preference).
 * @throws DomainError(not_found | deleted); DomainError(invalid_transition) before migration v2
 */
export function startAgendaItem(doc: MeetingDoc, agendaItemId: AgendaItemId, now: number): void {
  const item = doc.agenda[agendaItemId];
  if (!item) throw new DomainError(ReasonCode.NotFound, `agenda item ${agendaItemId}`);
  if (item.deletedAt) throw new DomainError(ReasonCode.Deleted, `agenda item ${agendaItemId} was deleted`);
  record(doc, AgendaEventKind.Start, agendaItemId, now);
}

/**
 * Pauses the current item's clock (a break, a technical problem); it stays current.
 * @throws DomainError(invalid_transition, reason no_current_item) when no item is running
 */
export function pauseAgendaItem(doc: MeetingDoc, now: number): void {
  const timeline = agendaTimeline(agendaEvents(doc), now);
  if (!timeline.running || timeline.currentItemId === null) {
    throw refuseNow(RunRefusal.NoCurrentItem, "no agenda item is running");
  }
  record(doc, AgendaEventKind.Pause, timeline.currentItemId, now);
}

/**
 * Ends the current item (running or paused); afterwards no item is current.
 * @throws DomainError(invalid_transition, reason no_current_item) when no item is current
 */
export function stopAgendaItem(doc: MeetingDoc, now: number): void {
  const timeline = agendaTimeline(agendaEvents(doc), now);
  if (timeline.currentItemId === null) throw refuseNow(RunRefusal.NoCurrentItem, "no agenda item is current");
  record(doc, AgendaEventKind.Stop, timeline.currentItemId, now);
}

/** One agenda item on the live agenda: planned against actual. */
export interface LiveItemView {
  readonly agendaItemId: string;
  readonly title: string;
  readonly presenter: string;
  readonly plannedMinutes: number;
  readonly status: ItemRunStatus;
  readonly actualMs: number;
  /** Planned minus actual, ms; negative once over the plan. */
  readonly remainingMs: number;
  readonly overPlan: boolean;
  readonly restarts: number;
}

/** The live agenda for every screen (and the room display). */
export interface LiveAgendaView {
  readonly currentItemId: string | null;
  /** The current item when it is on the visible agenda. */
  readonly current: LiveItemView | null;
  readonly running: boolean;
  /** The visible agenda in order. */
  readonly items: readonly LiveItemView[];
  readonly startedAt: string | null;
  readonly endedAt: string | null;
}

/**
 * The live agenda: current item, per-item timers, planned against actual.
 * @param now clock reading, ms since the Unix epoch
 */
export function liveAgenda(doc: MeetingDoc, now: number): LiveAgendaView {
  const timeline = agendaTimeline(agendaEvents(doc), now);
  const items = agendaItems(doc).map((item): LiveItemView => {
    const t = timeline.items.get(item.id);
    const actualMs = t?.actualMs ?? 0;
    const plannedMs = item.plannedMinutes * 60_000;
    return {
      agendaItemId: item.id,
      title: item.title,
      presenter: item.presenter,
      plannedMinutes: item.plannedMinutes,
      status: t?.status ?? ItemRunStatus.NotStarted,
      actualMs,
      remainingMs: plannedMs - actualMs,
      overPlan: actualMs > plannedMs,
      restarts: t?.restarts ?? 0,
    };
  });
  return {
    currentItemId: timeline.currentItemId,
    current: items.find((i) => i.agendaItemId === timeline.currentItemId) ?? null,
    running: timeline.running,
    items,
    startedAt: timeline.startedAt,
    endedAt: timeline.endedAt,
  };
}
