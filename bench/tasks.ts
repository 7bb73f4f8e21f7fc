/**
 * Bench: the task statistics dashboard over a ledger of 20,000 tasks (issue 8).
 *
 * Node, warm JIT, medians of several runs:
 *  - Automerge load of the saved ledger (what a device does when it opens the year's ledger);
 *  - taskViews: every task read into plain data (status, due date in force, history);
 *  - ledgerStatistics for one year of deadlines (classes at `now`, by unit, by category, by month,
 *    on-time rate) and the labelled tables (`statsTables`) the page shows and exports;
 * Chromium (playwright-core, /usr/bin/chromium), the same figures drawn as the dashboard draws them:
 *  three chart.js stacked bar charts and their three tables, from setContent to the last chart drawn.
 * Run: `npm run bench -- tasks`.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as A from "@automerge/automerge";
import { chromium } from "playwright-core";
import { statsTables } from "../client/src/components/tasks/statsTables.ts";
import {
  instantAt,
  type LedgerDoc,
  ledgerStatistics,
  TASK_STATUS_CLASSES,
  taskViews,
  VIETNAM_CALENDAR,
} from "../shared/src/index.ts";
import { syntheticLedger } from "../shared/src/tasks/fixtures/synthetic.ts";
import { CHROMIUM } from "../tests/browser/harness.ts";

const COUNT = 20_000;
const RUNS = 5;
const NOW = Date.parse("2027-06-15T03:00:00.000Z");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time<T>(fn: () => T): [T, number] {
  const started = performance.now();
  const out = fn();
  return [out, performance.now() - started];
}

export async function run(): Promise<void> {
  console.log(`\n== tasks: statistics dashboard over ${COUNT.toLocaleString("en")} tasks ==`);
  const [built, buildMs] = time(() => syntheticLedger(COUNT, NOW));
  const bytes = A.save(built);
  console.log(
    `ledger built in ${(buildMs / 1000).toFixed(1)} s; saved ${(bytes.length / 1024 / 1024).toFixed(1)} MB`,
  );

  const loads: number[] = [];
  const views: number[] = [];
  const stats: number[] = [];
  const tables: number[] = [];
  let last: ReturnType<typeof statsTables> | undefined;
  const tz = VIETNAM_CALENDAR.timeZone;
  for (let i = 0; i < RUNS; i++) {
    const [doc, loadMs] = time(() => A.load<LedgerDoc>(bytes));
    const [list, viewMs] = time(() => taskViews(doc));
    const [s, statsMs] = time(() =>
      ledgerStatistics(list, {
        now: NOW,
        calendar: VIETNAM_CALENDAR,
        from: instantAt("2026-07-01", 0, tz),
        to: instantAt("2027-07-01", 0, tz),
      }),
    );
    const [t, tableMs] = time(() =>
      statsTables(s, { unitName: (id) => id ?? "(cá nhân)", noCategory: "(không có)" }),
    );
    loads.push(loadMs);
    views.push(viewMs);
    stats.push(statsMs);
    tables.push(tableMs);
    last = t;
  }
  console.log(`A.load of the ledger        median ${median(loads).toFixed(0)} ms`);
  console.log(`taskViews (${COUNT} tasks)      median ${median(views).toFixed(0)} ms`);
  console.log(`ledgerStatistics (1 year)   median ${median(stats).toFixed(1)} ms`);
  console.log(`statsTables                 median ${median(tables).toFixed(2)} ms`);

  // Render in Chromium: the three charts and tables of the dashboard, with chart.js as the page uses it.
  const chartMain = createRequire(import.meta.url).resolve("chart.js");
  const chartJs = readFileSync(join(dirname(chartMain), "chart.umd.js"), "utf8");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
  });
  try {
    const renders: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
      await page.setContent("<!doctype html><html lang=vi><body></body></html>");
      await page.addScriptTag({ content: chartJs });
      const ms = await page.evaluate(
        ({ data, classes }) => {
          const started = performance.now();
          const colors = ["#1b6e35", "#b57600", "#0b57d0", "#b3261e"];
          for (const rows of [data.byUnit, data.byCategory, data.monthly]) {
            const box = document.createElement("div");
            box.style.height = "256px";
            const canvas = document.createElement("canvas");
            box.append(canvas);
            document.body.append(box);
            // biome-ignore lint/suspicious/noExplicitAny: chart.js UMD global in the bench page
            const Chart = (globalThis as any).Chart;
            new Chart(canvas, {
              type: "bar",
              data: {
                labels: rows.map((r: { label: string }) => r.label),
                datasets: classes.map((c: string, k: number) => ({
                  label: c,
                  data: rows.map((r: { counts: Record<string, number> }) => r.counts[c]),
                  backgroundColor: colors[k],
                })),
              },
              options: {
                animation: false,
                maintainAspectRatio: false,
                scales: { x: { stacked: true }, y: { stacked: true } },
              },
            });
            const table = document.createElement("table");
            for (const r of rows as { label: string; counts: Record<string, number> }[]) {
              const tr = table.insertRow();
              tr.insertCell().textContent = r.label;
              tr.insertCell().textContent = String(r.counts.total);
              for (const c of classes) tr.insertCell().textContent = String(r.counts[c]);
            }
            document.body.append(table);
          }
          document.body.getBoundingClientRect();
          return performance.now() - started;
        },
        {
          data: JSON.parse(JSON.stringify(last)) as Record<
            "byUnit" | "byCategory" | "monthly",
            { label: string; counts: Record<string, number> }[]
          >,
          classes: [...TASK_STATUS_CLASSES] as string[],
        },
      );
      renders.push(ms);
      await page.close();
    }
    console.log(`render 3 charts + 3 tables  median ${median(renders).toFixed(0)} ms (Chromium)`);
    console.log(
      `dashboard from a loaded ledger (views + statistics + render): ${(median(views) + median(stats) + median(renders)).toFixed(0)} ms`,
    );
  } finally {
    await browser.close();
  }
}
