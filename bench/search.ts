/**
 * Bench: offline full-text search over every PDF fixture (shared/fixtures/pdfs beside the repo).
 *
 * Extracts the text of each fixture once with pdf.js in Node (sync-server/src/blobs/pdf-text.ts; the
 * client does the same in its pdf.js worker), then measures:
 *  - index build time of DocumentSearchIndex (shared/src/search) over all files, and over ×10 copies
 *    (a member's archive of several meetings);
 *  - search latency of every MANIFEST phrase and of short, as-you-type and missing queries.
 * Prints medians of several runs. Run: `npm run bench -- search`.
 */
import { DocumentSearchIndex, type ExtractedDocument } from "../shared/src/search/index.ts";
import { extractPdfText } from "../sync-server/src/blobs/pdf-text.ts";
import { fixtureNames, readFixture } from "../sync-server/src/blobs/test-fixtures.ts";

const PASSWORDS: Record<string, string> = {
  "print_protection.pdf": "1234",
  "vn-luat-thu-do-2012-mat-khau.pdf": "Họp-2026",
};

/** MANIFEST phrases, plus queries people type: short, without diacritics, partial, absent. */
const QUERIES = {
  manifest: [
    "Trace-based Just-in-Time Type Specialization",
    "5.1 Optimizations",
    "The Buried Moon",
    "Sikes had a loaded pistol",
    "It will have a landscape layout",
    "Lorem ipsum dolor sit amet",
    "黑体字",
    "u U u U u U",
    "U.S. Individual Income Tax Return",
    "Hello World",
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
    "Ủy ban nhân dân thành phố Hà Nội",
    "Các đối tượng không thuộc phạm vi bảo hộ quyền tác giả",
    "Ủy ban nhân dân các cấp",
    "thể hiện dưới một hình thức vật chất",
  ],
  typed: ["ket luan", "uy ban", "dieu", "quyen tac gia", "the", "a", "ha n", "nghi dinh so"],
  absent: ["không có cụm từ này", "zzzz", "11410"],
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
}
const ms = (x: number) => `${x.toFixed(x < 1 ? 3 : 1)} ms`;

function build(docs: readonly ExtractedDocument[]): { index: DocumentSearchIndex; ms: number } {
  const started = performance.now();
  const index = new DocumentSearchIndex();
  for (const d of docs) index.add(d);
  return { index, ms: performance.now() - started };
}

function latency(index: DocumentSearchIndex, queries: readonly string[], rounds: number) {
  const times: number[] = [];
  let hits = 0;
  for (let r = 0; r < rounds; r++) {
    for (const q of queries) {
      const started = performance.now();
      const res = index.search(q);
      times.push(performance.now() - started);
      if (r === 0) hits += res.totalHits;
    }
  }
  return { median: median(times), p95: percentile(times, 0.95), max: Math.max(...times), hits };
}

export async function run(): Promise<void> {
  console.log("search bench: every PDF fixture, text extracted with pdf.js (Node, in-process)");
  const docs: ExtractedDocument[] = [];
  let extractMs = 0;
  let chars = 0;
  let pages = 0;
  for (const name of fixtureNames()) {
    const started = performance.now();
    try {
      const text = await extractPdfText(readFixture(name), { password: PASSWORDS[name] });
      docs.push({ fileId: name, name, pages: text });
      pages += text.length;
      chars += text.reduce((n, p) => n + p.length, 0);
    } catch {
      // bug1020226.pdf: damaged, refused on upload, never indexed.
    }
    extractMs += performance.now() - started;
  }
  console.log(`  extraction: ${docs.length} files, ${pages} pages, ${chars} characters in ${ms(extractMs)}`);

  const builds = Array.from({ length: 7 }, () => build(docs));
  const index = builds.at(-1)!.index;
  console.log(`  index build, all fixtures: median ${ms(median(builds.map((b) => b.ms)))}`);

  const archive = Array.from({ length: 10 }, (_, i) =>
    docs.map((d) => ({ ...d, fileId: `${i}/${d.fileId}` })),
  ).flat();
  const bigBuilds = Array.from({ length: 3 }, () => build(archive));
  const big = bigBuilds.at(-1)!.index;
  console.log(
    `  index build, ×10 (${archive.length} files, ${((chars * 10) / 1e6).toFixed(1)} M chars): median ${ms(median(bigBuilds.map((b) => b.ms)))}`,
  );

  for (const [label, idx] of [
    ["all fixtures", index],
    ["×10 archive", big],
  ] as const) {
    latency(idx, [...QUERIES.manifest, ...QUERIES.typed], 3); // warm-up
    for (const [kind, queries] of Object.entries(QUERIES)) {
      const l = latency(idx, queries, label === "all fixtures" ? 30 : 10);
      console.log(
        `  search ${label}, ${kind} (${queries.length} queries, ${l.hits} page hits): median ${ms(l.median)}, p95 ${ms(l.p95)}, max ${ms(l.max)}`,
      );
    }
  }
}
