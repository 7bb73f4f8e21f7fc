import { agendaItems } from "../meeting/selectors.ts";
import type { MeetingDoc } from "../meeting/types.ts";
import { str } from "../schema/immutable.ts";
import { cmp } from "./entries.ts";
import { agendaEvents, agendaTimeline, ItemRunStatus } from "./live-agenda.ts";

/** Minutes with one decimal from ms. */
function minutes(ms: number): number {
  return Math.round(ms / 6_000) / 10;
}

/** actual / planned in percent with one decimal; null when nothing was planned. */
function percentOf(actual: number, planned: number): number | null {
  return planned > 0 ? Math.round((actual * 1000) / planned) / 10 : null;
}

/** Planned against actual time of one agenda item. Minutes have one decimal. */
export interface ItemTimeStats {
  readonly agendaItemId: string;
  readonly title: string;
  readonly plannedMinutes: number;
  readonly actualMinutes: number;
  /** actual − planned; positive = over the plan. */
  readonly deltaMinutes: number;
  readonly percentOfPlan: number | null;
  readonly status: ItemRunStatus;
}

/** Planned against actual time of a meeting (thống kê thời gian). Derived, never stored. */
export interface MeetingTimeStats {
  readonly meetingId: string;
  /** The meeting's scheduled start (orders a trend). */
  readonly startsAt: string;
  /** The visible agenda in order. */
  readonly items: readonly ItemTimeStats[];
  /** Sum over the visible agenda. */
  readonly plannedMinutes: number;
  /** Time any item ran, including items since deleted from the agenda. */
  readonly actualMinutes: number;
  /** Part of `actualMinutes` spent on items no longer on the agenda. */
  readonly unlistedActualMinutes: number;
  /** From the first start to the last stop (or now): the sitting's wall-clock length. */
  readonly spanMinutes: number;
  /** Span minus actual: pauses and time between items. */
  readonly pauseMinutes: number;
  readonly deltaMinutes: number;
  readonly percentOfPlan: number | null;
  /** True once some item ran and none is current (the figures are final until a restart). */
  readonly finished: boolean;
}

/**
 * Planned against actual minutes per item and for the meeting.
 * @param now clock reading, ms since the Unix epoch (counts a running item up to now)
 */
export function agendaTimeStats(doc: MeetingDoc, now: number): MeetingTimeStats {
  const timeline = agendaTimeline(agendaEvents(doc), now);
  const visible = agendaItems(doc);
  const listed = new Set(visible.map((i) => i.id));
  const items = visible.map((item): ItemTimeStats => {
    const t = timeline.items.get(item.id);
    const actual = minutes(t?.actualMs ?? 0);
    return {
      agendaItemId: item.id,
      title: item.title,
      plannedMinutes: item.plannedMinutes,
      actualMinutes: actual,
      deltaMinutes: Math.round((actual - item.plannedMinutes) * 10) / 10,
      percentOfPlan: percentOf(actual, item.plannedMinutes),
      status: t?.status ?? ItemRunStatus.NotStarted,
    };
  });
  let actualMs = 0;
  let unlistedMs = 0;
  for (const t of timeline.items.values()) {
    actualMs += t.actualMs;
    if (!listed.has(t.agendaItemId)) unlistedMs += t.actualMs;
  }
  const planned = visible.reduce((sum, i) => sum + i.plannedMinutes, 0);
  const spanMs =
    timeline.startedAt === null
      ? 0
      : Math.max(
          0,
          (timeline.endedAt === null ? now : Date.parse(timeline.endedAt)) - Date.parse(timeline.startedAt),
        );
  const actual = minutes(actualMs);
  return {
    meetingId: str(doc.id)!,
    startsAt: str(doc.startsAt)!,
    items,
    plannedMinutes: planned,
    actualMinutes: actual,
    unlistedActualMinutes: minutes(unlistedMs),
    spanMinutes: minutes(spanMs),
    pauseMinutes: minutes(Math.max(0, spanMs - actualMs)),
    deltaMinutes: Math.round((actual - planned) * 10) / 10,
    percentOfPlan: percentOf(actual, planned),
    finished: timeline.startedAt !== null && timeline.currentItemId === null,
  };
}

/** One meeting in a trend (a `MeetingTimeStats` fits). */
export interface MeetingTimePoint {
  readonly meetingId: string;
  readonly startsAt: string;
  readonly plannedMinutes: number;
  readonly actualMinutes: number;
}

/** The trend of meeting time across meetings of a body. */
export interface MeetingTimeTrend {
  /** Meetings with recorded time, oldest first, each with actual as a percentage of planned. */
  readonly points: readonly (MeetingTimePoint & { readonly percentOfPlan: number | null })[];
  /** Meetings without any recorded time (not held, or held without the clock), left out. */
  readonly untimed: readonly string[];
  /** How many meetings each end of the comparison averages. */
  readonly window: number;
  /** Mean actual minutes of the first `window` meetings, and of the last `window`; null with < 2 meetings. */
  readonly baselineMinutes: number | null;
  readonly recentMinutes: number | null;
  /**
   * (recent − baseline) / baseline in percent, one decimal: −30 means meetings got 30 % shorter (the
   * e-Cabinet aim). null with < 2 meetings or an empty baseline.
   */
  readonly changePercent: number | null;
  /** Least-squares slope of actual minutes per meeting (negative = getting shorter); null with < 2. */
  readonly slopeMinutesPerMeeting: number | null;
  /** Mean of actual ÷ planned over meetings with a plan, percent; null when none had a plan. */
  readonly averagePercentOfPlan: number | null;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/**
 * The trend of meeting time across meetings of one body: does the body meet shorter over time, and
 * closer to its plan?
 *
 * Method: timed meetings in order of scheduled start (ties by id); the baseline is the mean actual
 * minutes of the first `window` meetings and the recent level that of the last `window` (window shrinks
 * to half the meetings when there are fewer than 2 × window, so the two ends never overlap); the slope
 * is an ordinary least-squares fit of actual minutes against the meeting's index.
 *
 * @param window meetings per end of the comparison (default 3)
 */
export function meetingTimeTrend(points: readonly MeetingTimePoint[], window = 3): MeetingTimeTrend {
  const sorted = [...points].sort(
    (a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || cmp(a.meetingId, b.meetingId),
  );
  const timed = sorted.filter((p) => p.actualMinutes > 0);
  const untimed = sorted.filter((p) => p.actualMinutes <= 0).map((p) => p.meetingId);
  const withPercent = timed.map((p) => ({
    meetingId: p.meetingId,
    startsAt: p.startsAt,
    plannedMinutes: p.plannedMinutes,
    actualMinutes: p.actualMinutes,
    percentOfPlan: percentOf(p.actualMinutes, p.plannedMinutes),
  }));
  const planned = withPercent.flatMap((p) => (p.percentOfPlan === null ? [] : [p.percentOfPlan]));
  const averagePercentOfPlan = planned.length > 0 ? round1(mean(planned)) : null;
  const n = timed.length;
  const w = Math.max(1, Math.min(Math.max(1, Math.floor(window)), Math.floor(n / 2)));
  if (n < 2) {
    return {
      points: withPercent,
      untimed,
      window: w,
      baselineMinutes: null,
      recentMinutes: null,
      changePercent: null,
      slopeMinutesPerMeeting: null,
      averagePercentOfPlan,
    };
  }
  const actuals = timed.map((p) => p.actualMinutes);
  const baseline = mean(actuals.slice(0, w));
  const recent = mean(actuals.slice(n - w));
  const xMean = (n - 1) / 2;
  const yMean = mean(actuals);
  let num = 0;
  let den = 0;
  actuals.forEach((y, x) => {
    num += (x - xMean) * (y - yMean);
    den += (x - xMean) ** 2;
  });
  return {
    points: withPercent,
    untimed,
    window: w,
    baselineMinutes: round1(baseline),
    recentMinutes: round1(recent),
    changePercent: baseline > 0 ? round1(((recent - baseline) * 100) / baseline) : null,
    slopeMinutesPerMeeting: round1(num / den),
    averagePercentOfPlan,
  };
}
