import { createEffect, type JSX, onCleanup, onMount } from "solid-js";

/** One bar. */
export interface ChartBar {
  readonly label: string;
  readonly count: number;
}

const COLORS: Record<string, string> = {
  approve: "#1b7f3b",
  reject: "#b3261e",
  abstain: "#6b6b6b",
  blank: "#9a7b00",
};

/**
 * A bar chart of the votes per choice (chart.js, loaded on first use). The canvas is hidden from screen
 * readers: the table beside it (ResultView) carries the same numbers.
 */
export function ResultChart(props: {
  bars: readonly (ChartBar & { meaning: string })[];
  label: string;
}): JSX.Element {
  let canvas: HTMLCanvasElement | undefined;
  let chart: { destroy(): void; data: unknown; update(): void } | undefined;
  let disposed = false;
  const data = () => ({
    labels: props.bars.map((b) => b.label),
    datasets: [
      {
        label: props.label,
        data: props.bars.map((b) => b.count),
        backgroundColor: props.bars.map((b) => COLORS[b.meaning] ?? "#555"),
      },
    ],
  });
  onMount(async () => {
    const { Chart, BarController, BarElement, CategoryScale, LinearScale } = await import("chart.js");
    if (disposed || !canvas) return;
    Chart.register(BarController, BarElement, CategoryScale, LinearScale);
    chart = new Chart(canvas, {
      type: "bar",
      data: data(),
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: false }, tooltip: { enabled: false } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    }) as unknown as typeof chart;
  });
  createEffect(() => {
    const next = data();
    if (chart) {
      chart.data = next;
      chart.update();
    }
  });
  onCleanup(() => {
    disposed = true;
    chart?.destroy();
  });
  return (
    <div
      class="result-chart"
      aria-hidden="true"
      data-bars={props.bars.map((b) => `${b.label}=${b.count}`).join(";")}
    >
      <canvas ref={canvas} />
    </div>
  );
}
