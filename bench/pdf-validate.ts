/**
 * Bench: PDF validation on upload (sync-server/src/blobs/pdf-validate.ts) over every fixture.
 *
 * Measures per fixture the time from `validate(bytes)` to the verdict (pdf.js in a worker thread), the
 * worker's start-up, and the relay thread's event-loop delay meanwhile, compared with opening the same
 * files with pdf.js on the main thread. Then files with many pages (a flat page tree), which pdf.js
 * walks in super-linear time: the reason for the time limit. Run: `npm run bench -- pdf-validate`.
 */
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { PdfValidator } from "../sync-server/src/blobs/pdf-validate.ts";
import { fixtureNames, makeManyPagePdf, readFixture } from "../sync-server/src/blobs/test-fixtures.ts";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
const ms = (x: number) => `${x.toFixed(1)} ms`;

export async function run(): Promise<void> {
  console.log("pdf-validate bench: every fixture, pdf.js in a worker thread");
  const validator = new PdfValidator({ timeoutMs: 60_000 });
  let started = performance.now();
  await validator.warmUp();
  console.log(`  worker start-up (thread + pdf.js loaded): ${ms(performance.now() - started)}`);

  const files = fixtureNames().map((name) => [name, readFixture(name)] as const);
  const stall = stallMeter();
  const rows: Array<[string, number, string]> = [];
  for (const [name, bytes] of files) {
    const times: number[] = [];
    let verdict = "";
    for (let i = 0; i < 5; i++) {
      started = performance.now();
      const r = await validator.validate(bytes);
      times.push(performance.now() - started);
      verdict = r.ok ? (r.encrypted ? "encrypted" : `${r.pages} p`) : r.reason;
    }
    rows.push([name, median(times), verdict]);
  }
  const fixturesStall = await stall.stop();
  for (const [name, t, verdict] of rows) console.log(`  ${name.padEnd(38)} ${ms(t).padStart(9)}  ${verdict}`);
  const worst = rows.reduce((a, b) => (b[1] > a[1] ? b : a));
  console.log(
    `  worst fixture: ${worst[0]} ${ms(worst[1])}; total of medians ${ms(rows.reduce((n, r) => n + r[1], 0))}`,
  );
  console.log(`  relay event loop while validating in the worker: longest stall ${ms(fixturesStall)}`);

  console.log(
    `  same files with pdf.js on the main thread: longest stall ${ms(await inlineDelay(files.map(([, bytes]) => bytes)))}`,
  );

  for (const pages of [1_000, 3_000, 10_000]) {
    const bytes = makeManyPagePdf(pages);
    started = performance.now();
    const r = await validator.validate(bytes);
    console.log(
      `  flat page tree, ${pages} pages (${(bytes.length / 1e6).toFixed(1)} MB): ${ms(performance.now() - started)} → ${r.ok ? "accepted" : r.reason}`,
    );
  }

  // Hostile inputs: pdf.js's own work between awaits is what blocks a thread.
  const junk = junkPdf(30 * 1024 * 1024);
  const many = makeManyPagePdf(50_000);
  const strict = new PdfValidator({ timeoutMs: 2_000 });
  await strict.warmUp();
  for (const [label, bytes] of [
    ["30 MB of junk behind a PDF header", junk],
    ["50 000 pages, flat page tree", many],
  ] as const) {
    const meter = stallMeter();
    started = performance.now();
    const r = await strict.validate(bytes);
    const took = performance.now() - started;
    const stalled = await meter.stop();
    console.log(
      `  ${label}, 2 s limit: ${r.ok ? "accepted" : r.reason} after ${ms(took)}; relay's longest stall ${ms(stalled)}`,
    );
  }
  console.log(
    `  30 MB of junk with pdf.js on the main thread: longest stall ${ms(await inlineDelay([junk]))}`,
  );
  console.log(
    `  3 000 pages with pdf.js on the main thread: longest stall ${ms(await inlineDelay([makeManyPagePdf(3_000)]))}`,
  );
  await strict.close();
  await validator.close();
}

/**
 * Longest time the event loop could not run a timer, in ms. (perf_hooks' monitorEventLoopDelay records
 * nothing while pdf.js keeps the loop busy with promise jobs only, so gaps between ticks are measured.)
 */
function stallMeter(): { stop: () => Promise<number> } {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 2);
  return {
    async stop() {
      await new Promise((r) => setTimeout(r, 10));
      clearInterval(timer);
      return worst;
    },
  };
}

/** Opens files with pdf.js on this thread (as a relay without the worker would); the longest stall. */
async function inlineDelay(files: readonly Uint8Array[]): Promise<number> {
  const meter = stallMeter();
  for (const data of files) {
    try {
      const doc = await getDocument({ data: data.slice(), verbosity: 0, isEvalSupported: false }).promise;
      for (let n = 1; n <= doc.numPages; n++) await doc.getPage(n);
      await doc.destroy();
    } catch {
      // damaged or encrypted: the cost until pdf.js gives up is what counts here
    }
  }
  return meter.stop();
}

/** A "PDF" that is a header, then pseudo-random bytes, then %%EOF: pdf.js scans it all to rebuild the xref. */
function junkPdf(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = 12345;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  bytes.set(new TextEncoder().encode("%PDF-1.7\n"), 0);
  bytes.set(new TextEncoder().encode("\n%%EOF\n"), size - 7);
  return bytes;
}
