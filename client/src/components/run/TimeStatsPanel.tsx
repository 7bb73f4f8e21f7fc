import { createEffect, createMemo, For, type JSX, onCleanup, Show } from "solid-js";
import {
  agendaTimeStats,
  formatDate,
  type MeetingDoc,
  type MeetingTimeStats,
  meetingTimeTrend,
} from "../../../../shared/src/index.ts";
import { useI18n } from "../../i18n/index.ts";
import { useMeetings } from "../../state/meetings.ts";
import { useMeetingsText } from "../meeting/i18n.ts";
import { formatMinutes1 } from "./format.ts";

/** The e-Cabinet aim: meetings 30 % shorter. */
const GOAL_CHANGE_PERCENT = -30;

/**
 * Time statistics (thống kê thời gian): planned against actual per item and for the whole meeting, and
 * the trend across timed meetings of the same issuing body (chart.js, with the same figures in a table
 * beside it for screen readers and print) — does running meetings this way cut their time by 30 %?
 */
export function TimeStatsPanel(props: {
  stats: MeetingTimeStats;
  issuingBody: string;
  title: string;
}): JSX.Element {
  const { t } = useMeetingsText();
  const { intlLocale } = useI18n();
  const n = (x: number) => formatMinutes1(x, intlLocale());
  const pct = (x: number | null) => (x === null ? "—" : `${n(x)} %`);
  const list = useMeetings();
  const points = createMemo(() => {
    const out: (MeetingTimeStats & { title: string })[] = [];
    for (const source of list.meetings()) {
      const view = source.state.view;
      if (!view || view.issuingBody.trim() !== props.issuingBody.trim()) continue;
      const doc = source.handle()?.doc() as MeetingDoc | undefined;
      if (!doc) continue;
      try {
        out.push({ ...agendaTimeStats(doc, Date.now()), title: view.title });
      } catch {
        // A meeting whose live record does not read is left out of the trend.
      }
    }
    return out;
  });
  const trend = createMemo(() => meetingTimeTrend(points().filter((p) => p.actualMinutes > 0)));
  const titleOf = (id: string) => points().find((p) => p.meetingId === id)?.title ?? id;
  let canvas: HTMLCanvasElement | undefined;
  createEffect(() => {
    const data = trend().points;
    if (!canvas || data.length < 2) return;
    let chart: { destroy(): void } | undefined;
    let cancelled = false;
    void import("chart.js/auto").then(({ default: Chart }) => {
      if (cancelled || !canvas) return;
      chart = new Chart(canvas, {
        type: "bar",
        data: {
          labels: data.map((p) => formatDate(p.startsAt)),
          datasets: [
            {
              label: t("timeStats.actual"),
              data: data.map((p) => p.actualMinutes),
              backgroundColor: "#1d4ed8",
            },
            {
              label: t("timeStats.planned"),
              data: data.map((p) => p.plannedMinutes),
              backgroundColor: "#9ca3af",
            },
          ],
        },
        options: { animation: false, responsive: true, maintainAspectRatio: false },
      });
    });
    onCleanup(() => {
      cancelled = true;
      chart?.destroy();
    });
  });
  return (
    <section class="run-panel time-stats" aria-labelledby="time-stats-heading">
      <h2 id="time-stats-heading">{t("timeStats.heading")}</h2>
      <Show when={props.stats.actualMinutes > 0} fallback={<p>{t("timeStats.noneYet")}</p>}>
        <div class="table-scroll">
          <table class="stats-table" data-testid="time-stats">
            <thead>
              <tr>
                <th scope="col">{t("timeStats.item")}</th>
                <th scope="col">{t("timeStats.planned")}</th>
                <th scope="col">{t("timeStats.actual")}</th>
                <th scope="col">{t("timeStats.delta")}</th>
                <th scope="col">{t("timeStats.percent")}</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.stats.items}>
                {(item) => (
                  <tr>
                    <th scope="row">{item.title}</th>
                    <td>{n(item.plannedMinutes)}</td>
                    <td>{n(item.actualMinutes)}</td>
                    <td>{n(item.deltaMinutes)}</td>
                    <td>{pct(item.percentOfPlan)}</td>
                  </tr>
                )}
              </For>
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t("timeStats.total")}</th>
                <td>{n(props.stats.plannedMinutes)}</td>
                <td>{n(props.stats.actualMinutes)}</td>
                <td>{n(props.stats.deltaMinutes)}</td>
                <td>{pct(props.stats.percentOfPlan)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
        <p>{t("timeStats.span", { span: n(props.stats.spanMinutes), pause: n(props.stats.pauseMinutes) })}</p>
      </Show>
      <h3>{t("timeStats.trendHeading")}</h3>
      <Show when={trend().points.length >= 2} fallback={<p>{t("timeStats.trendTooFew")}</p>}>
        <Show when={trend().changePercent !== null}>
          <p>
            {t("timeStats.change", { percent: pct(trend().changePercent), window: trend().window })}{" "}
            {trend().changePercent! <= GOAL_CHANGE_PERCENT
              ? t("timeStats.goalMet")
              : t("timeStats.goalNotMet")}
          </p>
        </Show>
        <div class="trend">
          <div class="trend-chart">
            <canvas ref={canvas} role="img" aria-label={t("timeStats.chartLabel")} />
          </div>
          <div class="table-scroll">
            <table class="stats-table">
              <caption>{t("timeStats.trendCaption", { body: props.issuingBody || props.title })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("timeStats.meeting")}</th>
                  <th scope="col">{t("timeStats.date")}</th>
                  <th scope="col">{t("timeStats.planned")}</th>
                  <th scope="col">{t("timeStats.actual")}</th>
                  <th scope="col">{t("timeStats.percent")}</th>
                </tr>
              </thead>
              <tbody>
                <For each={trend().points}>
                  {(p) => (
                    <tr>
                      <th scope="row">{titleOf(p.meetingId)}</th>
                      <td>{formatDate(p.startsAt)}</td>
                      <td>{n(p.plannedMinutes)}</td>
                      <td>{n(p.actualMinutes)}</td>
                      <td>{pct(p.percentOfPlan)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </div>
      </Show>
    </section>
  );
}
