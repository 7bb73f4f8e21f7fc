/**
 * Bench: the PDF viewer and offline search in real Chromium, with the relay stopped.
 *
 * Setup (as the browser test does): a demo relay; the demo secretary attaches every fixture of
 * shared/fixtures/pdfs (those the relay accepts) to the upcoming meeting; a member's tablet signs in and
 * takes all files in the background into its local store; then the relay is stopped and the device is
 * offline. Measures, each open in a new tab (its own renderer process):
 *  - first page time: navigation → first page drawn (User Timing mark "hopso:viewer:first-page"), and
 *    bytes in hand → first page ("hopso:viewer:open" → first page);
 *  - peak memory: the tab's renderer process peak RSS (VmHWM) and peak JS heap (sampled every 50 ms);
 *  for the largest fixture by bytes (comments.pdf) and by pages (94-page law), as ratios to a one-page
 *  file from the same local store (french_diacritics.pdf);
 *  - search latency on the Search page over all fixtures: Enter → results shown, for every MANIFEST
 *    phrase, with the first search after loading the page separately (it waits for the index rebuild).
 * Prints medians. Needs `npm run build` and /usr/bin/chromium. Run: `npm run bench -- viewer`.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { type BrowserContext, type CDPSession, chromium, type Page } from "playwright-core";
import { fixtureNames, readFixture } from "../sync-server/src/blobs/test-fixtures.ts";
import { assertPrerequisites, CHROMIUM, DEMO_PEOPLE, Relay } from "../tests/browser/harness.ts";
import { type Seeded, seedPapers } from "../tests/browser/papers-seed.ts";

const ONE_PAGE = "french_diacritics.pdf";
const LARGEST_BYTES = "comments.pdf";
const LARGEST_PAGES = "vn-luat-so-huu-tri-tue-2005.pdf";
const RUNS = 5;

const PHRASES = [
  "Trace-based Just-in-Time Type Specialization",
  "5.1 Optimizations",
  "The Buried Moon",
  "Sikes had a loaded pistol",
  "It will have a landscape layout",
  "Lorem ipsum dolor sit amet",
  "黑体字",
  "u U u U u U",
  "U.S. Individual Income Tax Return",
  "Reduced test-case",
  "Parklands Phase 14B",
  "TCPDF Example 055",
  "FONT: zapfdingbats",
  "Ủy ban nhân dân các tỉnh",
  "uy ban nhan dan cac tinh",
  "Kính gửi",
  "QUY CHUẨN KỸ THUẬT QUỐC GIA",
  "Hệ thống giám sát tích hợp",
  "Thủ đô nước Cộng hòa xã hội chủ nghĩa Việt Nam là Hà Nội",
  "Các đối tượng không thuộc phạm vi bảo hộ quyền tác giả",
  "Ủy ban nhân dân các cấp",
  "ket luan",
  "không có cụm từ này",
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
}
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 90_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** PIDs of Chromium renderer processes (to find the one a new tab gets). */
function rendererPids(): Set<number> {
  const out = execFileSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" });
  return new Set(
    out
      .split("\n")
      .filter((l) => l.includes("chromium") && l.includes("--type=renderer"))
      .map((l) => Number.parseInt(l.trim(), 10)),
  );
}

/** Peak resident set size of a process (VmHWM), bytes. */
function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : Number.NaN;
}

async function localPaperCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open("hopso-papers");
        open.onerror = () => resolve(0);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains("files")) return resolve(0);
          const count = db.transaction("files").objectStore("files").count();
          count.onsuccess = () => resolve(count.result);
          count.onerror = () => resolve(0);
        };
      }),
  );
}

interface OpenFigures {
  fromNavigation: number;
  fromOpen: number;
  peakRss: number;
  peakHeap: number;
}

async function openInNewTab(
  context: BrowserContext,
  base: string,
  seeded: Seeded,
  name: string,
): Promise<OpenFigures> {
  const paper = seeded.papers.find((p) => p.name === name);
  if (!paper) throw new Error(`${name} not attached`);
  const before = rendererPids();
  const page = await context.newPage();
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  let peakHeap = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const { metrics } = await cdp.send("Performance.getMetrics").catch(() => ({ metrics: [] }));
      const heap = metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? 0;
      peakHeap = Math.max(peakHeap, heap);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  await page.goto(`${base}/meetings/${seeded.meetingId}/papers/${paper.paperId}`);
  const marks = await until(`first page of ${name}`, () =>
    page.evaluate(() => {
      const first = performance.getEntriesByName("hopso:viewer:first-page")[0];
      const open = performance.getEntriesByName("hopso:viewer:open")[0];
      return first && open ? { first: first.startTime, open: open.startTime } : undefined;
    }),
  );
  // Let the pages near the view and the thumbnails finish, as a reader would see them.
  await page.waitForTimeout(1500);
  sampling = false;
  await sampler;
  const pid = [...rendererPids()].find((p) => !before.has(p));
  const rss = pid ? peakRss(pid) : Number.NaN;
  await page.close();
  return { fromNavigation: marks.first, fromOpen: marks.first - marks.open, peakRss: rss, peakHeap };
}

/**
 * Enter → results shown on the Search page (the results list is cleared first, so each wait is real).
 * Passed as source text: tsx would wrap named functions in a helper the page does not have.
 */
const SEARCH_IN_PAGE = `async (q) => {
  const input = document.querySelector("form[role=search] input[type=search]");
  const form = input && input.form;
  if (!input || !form) throw new Error("no search form");
  const submit = (value) => {
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    form.requestSubmit();
  };
  const waitFor = (want) =>
    new Promise((resolve) => {
      const check = () =>
        (document.querySelector(".paper-search-count") !== null) === want ? resolve() : requestAnimationFrame(check);
      check();
    });
  submit("");
  await waitFor(false);
  const t0 = performance.now();
  submit(q);
  await waitFor(true);
  return performance.now() - t0;
}`;

async function searchLatency(page: Page, query: string): Promise<number> {
  return page.evaluate<number>(`(${SEARCH_IN_PAGE})(${JSON.stringify(query)})`);
}

export async function run(): Promise<void> {
  assertPrerequisites();
  const relay = await Relay.start({ demo: true });
  // As the tests launch it, but without the spare renderer Chromium keeps ready: each new tab then gets a
  // process of its own, started for it, whose peak memory is that tab's.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-features=SpareRendererForSitePerProcess",
    ],
  });
  try {
    const files = fixtureNames()
      .filter((n) => n !== "bug1020226.pdf")
      .map((name) => ({ name, bytes: readFixture(name) }));
    const seeded = await seedPapers(relay, files);
    const context = await browser.newContext({
      viewport: { width: 1024, height: 768 },
      locale: "vi-VN",
      timezoneId: "Asia/Ho_Chi_Minh",
      serviceWorkers: "allow",
    });
    const page = await context.newPage();
    await page.goto(await relay.invite(DEMO_PEOPLE.vice1));
    await page.getByRole("textbox", { name: "Tên thiết bị" }).fill("Máy đo hiệu năng");
    await page.getByRole("button", { name: "Đăng ký thiết bị", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Cuộc họp", exact: true }).waitFor({ timeout: 30_000 });
    await until("service worker", () => page.evaluate(() => navigator.serviceWorker?.controller !== null));
    await until(
      "all papers local",
      async () => (await localPaperCount(page)) === seeded.papers.length,
      120_000,
    );
    await relay.stop();
    await context.setOffline(true);

    const base = relay.url;
    const figures: Record<string, OpenFigures[]> = {
      [ONE_PAGE]: [],
      [LARGEST_BYTES]: [],
      [LARGEST_PAGES]: [],
    };
    // One unmeasured open of each warms the service worker's cache reads.
    for (const name of Object.keys(figures)) await openInNewTab(context, base, seeded, name);
    for (let i = 0; i < RUNS; i++) {
      for (const name of Object.keys(figures))
        figures[name]!.push(await openInNewTab(context, base, seeded, name));
    }
    const summary = (name: string) => {
      const runs = figures[name]!;
      return {
        fromNavigation: median(runs.map((r) => r.fromNavigation)),
        fromOpen: median(runs.map((r) => r.fromOpen)),
        peakRss: median(runs.map((r) => r.peakRss)),
        peakHeap: median(runs.map((r) => r.peakHeap)),
      };
    };
    const one = summary(ONE_PAGE);
    console.log(`viewer, offline from the local store (median of ${RUNS} opens, each in a new tab):`);
    for (const name of [ONE_PAGE, LARGEST_BYTES, LARGEST_PAGES]) {
      const s = summary(name);
      const pages = seeded.papers.find((p) => p.name === name)?.pages;
      const ratio = (a: number, b: number) => (a / b).toFixed(2);
      console.log(
        `  ${name} (${pages} pages, ${(readFixture(name).byteLength / 1024).toFixed(0)} KiB): ` +
          `first page ${s.fromNavigation.toFixed(0)} ms from navigation (×${ratio(s.fromNavigation, one.fromNavigation)}), ` +
          `${s.fromOpen.toFixed(0)} ms from bytes (×${ratio(s.fromOpen, one.fromOpen)}); ` +
          `peak renderer RSS ${mb(s.peakRss)} (×${ratio(s.peakRss, one.peakRss)}), ` +
          `peak JS heap ${mb(s.peakHeap)} (×${ratio(s.peakHeap, one.peakHeap)})`,
      );
    }

    const search = await context.newPage();
    await search.goto(`${base}/search?q=${encodeURIComponent(PHRASES[0]!)}`);
    // The index is rebuilt from the texts in IndexedDB at start: time until the first query has hits.
    await search.locator(".paper-search-hit").first().waitFor({ timeout: 60_000 });
    const ready = await search.evaluate(() => performance.now());
    const first = await searchLatency(search, PHRASES[1]!);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) for (const phrase of PHRASES) times.push(await searchLatency(search, phrase));
    console.log(
      `search page over ${seeded.papers.length} fixtures (${PHRASES.length} queries × 3): ` +
        `index ready ${ready.toFixed(0)} ms after navigation; first search ${first.toFixed(1)} ms; Enter → results shown median ${median(times).toFixed(1)} ms, ` +
        `p95 ${percentile(times, 0.95).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`,
    );
  } finally {
    await browser.close();
    await relay.cleanup();
  }
}
