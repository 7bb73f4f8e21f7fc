/**
 * Bench: opening a paper that carries 2,000 of the member's annotations, in the real app (built PWA,
 * real relay, Chromium through playwright-core). Measures, from navigation start to the first page
 * painted on its canvas with all of that page's annotations drawn, the median over several opens —
 * and the same for an identical-looking paper without annotations. Prints both and their ratio.
 *
 * Setup: the demo workspace; the secretary's device uploads two 5-page text PDFs to the upcoming
 * meeting; the member's device writes 2,000 annotations (text highlights, rectangles, notes, ink; 400
 * per page) into her private document in one change; her browser signs in, syncs, and downloads the
 * papers. Then each paper is opened alternately (cold page load, warm browser cache).
 *
 * Run: `npm run build && npm run bench -- annotations`.
 */
import type { AutomergeUrl } from "@automerge/automerge-repo";
import {
  ANNOTATION_COLORS,
  type AnnotationGeometry,
  addAnnotation,
  type PrivateDoc,
} from "../shared/src/index.ts";
import { assertPrerequisites, DEMO_PEOPLE, Device, launchBrowser, Relay } from "../tests/browser/harness.ts";
import {
  attachTestPaper,
  makeTextPdf,
  meetingWith,
  nodeDevice,
  openDoc,
} from "../tests/browser/papers-support.ts";
import { acknowledged } from "../tests/integration/clients.ts";

const TOTAL = 2000;
const PAGES = 5;
const RUNS = 7;
const NOW = Date.parse("2026-11-29T02:00:00.000Z");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function pageLines(page: number): string[] {
  return Array.from(
    { length: 24 },
    (_, i) =>
      `Trang ${page + 1}, dòng ${i + 1}: Ủy ban nhân dân phường báo cáo tiến độ giải ngân vốn đầu tư công.`,
  );
}

/** The i-th annotation's geometry on an A4 page (user space): a spread of every kind. */
function geometryOf(i: number): AnnotationGeometry {
  const line = i % 24;
  const y = 841.89 - 100 - line * 28;
  const x = 72 + ((i * 37) % 300);
  switch (i % 4) {
    case 0:
      return { kind: "text_highlight", quads: [[x, y + 12, x + 120, y + 12, x, y - 3, x + 120, y - 3]] };
    case 1:
      return { kind: "area_highlight", rect: [x, y - 20, x + 80, y + 10] };
    case 2:
      return { kind: "note", point: [x + 40, y] };
    default:
      return {
        kind: "ink",
        strokes: [
          {
            points: Array.from({ length: 40 }, (_, k) => (k % 2 === 0 ? x + k * 2 : y + Math.sin(k) * 6)),
            pressures: null,
          },
        ],
        thickness: 1.5,
      };
  }
}

export async function run(): Promise<void> {
  assertPrerequisites();
  const relay = await Relay.start({ demo: true });
  const browser = await launchBrowser();
  const closers: (() => Promise<void>)[] = [];
  try {
    const secretary = await nodeDevice(relay.url, await relay.invite(DEMO_PEOPLE.secretary), "secretary");
    closers.push(() => secretary.client.close());
    const maiNode = await nodeDevice(relay.url, await relay.invite(DEMO_PEOPLE.vice1), "mai");
    closers.push(() => maiNode.client.close());
    const { handle: meeting, view } = await meetingWith(secretary, [maiNode.memberId]);
    const pages = Array.from({ length: PAGES }, (_, p) => pageLines(p));
    const annotated = await attachTestPaper(
      relay.url,
      secretary,
      meeting,
      await makeTextPdf(pages),
      "Co ghi chu.pdf",
    );
    const plain = await attachTestPaper(
      relay.url,
      secretary,
      meeting,
      await makeTextPdf([[...pages[0]!, "(bản không có ghi chú)"], ...pages.slice(1)]),
      "Khong ghi chu.pdf",
    );
    await acknowledged(secretary.client, meeting);

    const priv = await openDoc<PrivateDoc>(maiNode, maiNode.privateUrl as AutomergeUrl);
    const started = performance.now();
    priv.change((d) => {
      for (let i = 0; i < TOTAL; i++) {
        const geometry = geometryOf(i);
        addAnnotation(
          d,
          {
            meetingId: view.id,
            fileId: annotated.hash,
            pageIndex: i % PAGES,
            color: ANNOTATION_COLORS[i % ANNOTATION_COLORS.length]!,
            geometry,
            quote:
              geometry.kind === "text_highlight"
                ? { exact: "giải ngân vốn", prefix: "tiến độ ", suffix: " đầu tư" }
                : null,
            text: i % 4 === 2 ? `Ghi chú số ${i + 1}` : "",
          },
          NOW,
        );
      }
    });
    const writeMs = performance.now() - started;
    await acknowledged(maiNode.client, priv, 60_000);
    const perPage = TOTAL / PAGES;

    // Signed in through onboarding, as a member does (the test harness's signIn needs vitest).
    const device = await Device.open(browser, "bench", relay.url);
    closers.push(() => device.close());
    await device.page.goto(await relay.invite(DEMO_PEOPLE.vice1));
    await device.page.getByRole("textbox", { name: "Tên thiết bị" }).fill("Máy đo hiệu năng");
    await device.page.getByRole("button", { name: "Đăng ký thiết bị", exact: true }).click();
    await device.page
      .getByRole("heading", { level: 1, name: "Cuộc họp", exact: true })
      .waitFor({ timeout: 60_000 });

    const open = async (
      paperId: string,
      expected: number,
    ): Promise<{ done: number; firstPage: number | null }> => {
      await device.goto(`/meetings/${meeting.documentId}/papers/${encodeURIComponent(paperId)}`);
      const handle = await device.page.waitForFunction(
        (count) => {
          const page = document.querySelector<HTMLElement>('.pdf-page[data-page-number="1"]');
          const canvas = page?.querySelector("canvas");
          const layer = page?.querySelector(".annotation-layer");
          if (!canvas || !layer || canvas.width < 10) return false;
          if (layer.querySelectorAll("[data-annotation-id]").length !== count) return false;
          // Painted: some pixel of the canvas is not blank.
          const probe = document.createElement("canvas");
          probe.width = 64;
          probe.height = 64;
          const ctx = probe.getContext("2d", { willReadFrequently: true })!;
          ctx.drawImage(canvas, 0, 0, 64, 64);
          const pixels = ctx.getImageData(0, 0, 64, 64).data;
          for (let i = 0; i < pixels.length; i += 4) {
            if (pixels[i + 3]! > 0 && pixels[i]! < 200) {
              const mark = performance.getEntriesByName("hopso:viewer:first-page")[0];
              return { done: performance.now(), firstPage: mark ? mark.startTime : null };
            }
          }
          return false;
        },
        expected,
        { timeout: 120_000, polling: 16 },
      );
      return (await handle.jsonValue()) as { done: number; firstPage: number | null };
    };

    // Warm-up: the papers download, the private document arrives, pdf.js is cached.
    await open(annotated.paperId, perPage);
    await open(plain.paperId, 0);
    const withMs: number[] = [];
    const withoutMs: number[] = [];
    const afterFirstPage: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const w = await open(annotated.paperId, perPage);
      withMs.push(w.done);
      if (w.firstPage !== null) afterFirstPage.push(Math.max(0, w.done - w.firstPage));
      withoutMs.push((await open(plain.paperId, 0)).done);
    }
    const a = median(withMs);
    const b = median(withoutMs);
    console.log(
      `annotations: ${TOTAL} annotations (${perPage} on page 1) written in one change in ${writeMs.toFixed(0)} ms`,
    );
    console.log(
      `annotations: first page painted with its ${perPage} annotations drawn: median ${a.toFixed(0)} ms (runs ${withMs.map((x) => x.toFixed(0)).join(", ")})`,
    );
    console.log(
      `annotations: same page of a paper without annotations: median ${b.toFixed(0)} ms (runs ${withoutMs.map((x) => x.toFixed(0)).join(", ")})`,
    );
    console.log(`annotations: ratio with / without = ${(a / b).toFixed(2)}×`);
    if (afterFirstPage.length > 0) {
      console.log(
        `annotations: from the viewer's first page drawn to its annotations drawn: median ${median(afterFirstPage).toFixed(0)} ms`,
      );
    }
  } finally {
    for (const close of closers.reverse()) await close().catch(() => {});
    await browser.close();
    await relay.cleanup();
  }
}
