import { createEffect, createMemo, createSignal, For, type JSX, onCleanup } from "solid-js";
import {
  instantAt,
  ledgerStatistics,
  TASK_STATUS_CLASSES,
  type TaskStatusClass,
  VIETNAM_CALENDAR,
} from "../../../../shared/src/index.ts";
import { createMinuteClock, directory } from "../../components/tasks/format.ts";
import { formatRate, type StatsRow, statsCsvRows, statsTables } from "../../components/tasks/statsTables.ts";
import { TaskTabs } from "../../components/tasks/TaskList.tsx";
import { useI18n } from "../../i18n/index.ts";
import { ledgers, ledgerTasks } from "../../state/tasks.ts";
import "../../components/tasks/tasks.css";

/** Colours of the four classes (match the badges; never the only cue: tables carry the numbers). */
const CLASS_COLORS: Record<TaskStatusClass, string> = {
  done_on_time: "#1b6e35",
  done_late: "#b57600",
  open_within_deadline: "#0b57d0",
  open_overdue: "#b3261e",
};

type ChartModule = typeof import("chart.js");
let chartModule: Promise<ChartModule> | undefined;
/** chart.js, loaded once and only on this page. */
function loadCharts(): Promise<ChartModule> {
  chartModule ??= import("chart.js").then((m) => {
    m.Chart.register(...m.registerables);
    return m;
  });
  return chartModule;
}

/** A stacked bar chart of class counts per row, with the same figures in a table beside it. */
function ClassChart(props: { id: string; title: string; rows: StatsRow[]; groupLabel: string }): JSX.Element {
  const { t } = useI18n();
  let canvas: HTMLCanvasElement | undefined;
  let chart: import("chart.js").Chart | undefined;
  createEffect(() => {
    const rows = props.rows;
    const labels = rows.map((r) => r.label);
    const datasets = TASK_STATUS_CLASSES.map((c) => ({
      label: t(`task.statusClass.${c}`),
      data: rows.map((r) => r.counts[c]),
      backgroundColor: CLASS_COLORS[c],
    }));
    void loadCharts().then(({ Chart }) => {
      if (!canvas) return;
      if (chart) {
        chart.data.labels = labels;
        chart.data.datasets = datasets;
        chart.update();
        return;
      }
      chart = new Chart(canvas, {
        type: "bar",
        data: { labels, datasets },
        options: {
          animation: false,
          maintainAspectRatio: false,
          scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
        },
      });
    });
  });
  onCleanup(() => chart?.destroy());
  return (
    <section class="card" aria-labelledby={`${props.id}-heading`}>
      <h2 id={`${props.id}-heading`}>{props.title}</h2>
      <div class="stats-chart">
        <canvas ref={canvas} role="img" aria-label={props.title} aria-describedby={`${props.id}-table`} />
      </div>
      <table class="stats-table" id={`${props.id}-table`}>
        <caption class="visually-hidden">{t("taskStats.tableCaption", { what: props.title })}</caption>
        <thead>
          <tr>
            <th scope="col">{props.groupLabel}</th>
            <th scope="col">{t("taskStats.total")}</th>
            <For each={TASK_STATUS_CLASSES}>{(c) => <th scope="col">{t(`task.statusClass.${c}`)}</th>}</For>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(r) => (
              <tr>
                <th scope="row">{r.label}</th>
                <td>{r.counts.total}</td>
                <For each={TASK_STATUS_CLASSES}>{(c) => <td>{r.counts[c]}</td>}</For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  );
}

/**
 * The virtual secretary's dashboard: for a year of deadlines, counts by the Government Office classes,
 * on-time rate, and charts with tables by lead unit, category and month; CSV export of all three.
 */
export default function Stats() {
  const { t, intlLocale } = useI18n();
  const now = createMinuteClock();
  const dir = createMemo(() => directory());
  const years = createMemo(() => {
    const ys = new Set(ledgers().map((l) => l.year));
    ys.add(new Date(now()).getUTCFullYear());
    return [...ys].sort((a, b) => b - a);
  });
  const [year, setYear] = createSignal(years()[0]!);
  const [elapsed, setElapsed] = createSignal(0);
  const stats = createMemo(() => {
    const started = performance.now();
    const y = year();
    const tz = VIETNAM_CALENDAR.timeZone;
    const members = dir().members;
    const unitOf = new Map(members.map((m) => [m.id, m.unitId]));
    const result = ledgerStatistics(
      ledgerTasks().map((x) => x.view),
      {
        now: now(),
        calendar: VIETNAM_CALENDAR,
        from: instantAt(`${y}-01-01`, 0, tz),
        to: instantAt(`${y + 1}-01-01`, 0, tz),
        unitOfMember: (id) => unitOf.get(id) ?? null,
      },
    );
    setElapsed(performance.now() - started);
    return result;
  });
  const tables = createMemo(() =>
    statsTables(stats(), {
      unitName: (id) => (id === null ? t("taskStats.personal") : dir().unitName(id)),
      noCategory: t("taskStats.none"),
    }),
  );

  const exportCsv = async () => {
    const Papa = (await import("papaparse")).default;
    const rows = statsCsvRows(
      tables(),
      {
        table: t("taskStats.heading"),
        group: t("taskStats.unit"),
        total: t("taskStats.total"),
        onTimeRate: t("taskStats.onTimeRate"),
        classes: Object.fromEntries(
          TASK_STATUS_CLASSES.map((c) => [c, t(`task.statusClass.${c}`)]),
        ) as Record<TaskStatusClass, string>,
      },
      {
        byUnit: t("taskStats.byUnit"),
        byCategory: t("taskStats.byCategory"),
        monthly: t("taskStats.monthly"),
      },
    );
    // A byte-order mark so Excel opens the Vietnamese text as UTF-8.
    const blob = new Blob([`\ufeff${Papa.unparse(rows)}`], { type: "text/csv;charset=utf-8" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `thong-ke-nhiem-vu-${year()}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };

  return (
    <section aria-labelledby="stats-heading">
      <header class="page-header">
        <h1 id="stats-heading">{t("taskStats.heading")}</h1>
        <button type="button" class="button" onClick={() => void exportCsv()}>
          {t("taskStats.exportCsv")}
        </button>
      </header>
      <TaskTabs current="stats" />
      <div class="field">
        <label for="stats-year">{t("taskStats.year")}</label>
        <select id="stats-year" value={year()} onChange={(e) => setYear(Number(e.currentTarget.value))}>
          <For each={years()}>{(y) => <option value={y}>{y}</option>}</For>
        </select>
      </div>
      <div class="stats-summary card" role="status" aria-live="polite">
        <span>
          {t("taskStats.total")}: <strong>{stats().classes.total}</strong>
        </span>
        <span>
          {t("taskStats.onTimeRate")}:{" "}
          <strong>{formatRate(stats().onTimeRate, intlLocale()) ?? t("taskStats.noRate")}</strong>
        </span>
        <For each={TASK_STATUS_CLASSES}>
          {(c) => (
            <span>
              <span class={`task-badge ${c}`}>{t(`task.statusClass.${c}`)}</span>{" "}
              <strong>{stats().classes[c]}</strong>
            </span>
          )}
        </For>
      </div>
      <p class="field-hint">{t("taskStats.computedIn", { ms: elapsed().toFixed(0) })}</p>
      <div class="stats-grid">
        <ClassChart
          id="stats-unit"
          title={t("taskStats.byUnit")}
          rows={tables().byUnit}
          groupLabel={t("taskStats.unit")}
        />
        <ClassChart
          id="stats-category"
          title={t("taskStats.byCategory")}
          rows={tables().byCategory}
          groupLabel={t("taskStats.categoryCol")}
        />
        <ClassChart
          id="stats-month"
          title={t("taskStats.monthly")}
          rows={tables().monthly}
          groupLabel={t("taskStats.month")}
        />
      </div>
    </section>
  );
}
