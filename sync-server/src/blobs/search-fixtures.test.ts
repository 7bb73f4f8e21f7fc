/**
 * Every search check of shared/fixtures/pdfs/MANIFEST.md, on text extracted with pdf.js in Node
 * (pdf-text.ts) and indexed by shared/src/search.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { DocumentSearchIndex, type SearchMode } from "../../../shared/src/search/index.ts";
import { extractPdfText } from "./pdf-text.ts";
import { fixtureNames, readFixture } from "./test-fixtures.ts";

/** Passwords from the MANIFEST, for the files that need one. */
const PASSWORDS: Record<string, string> = {
  "print_protection.pdf": "1234",
  "vn-luat-thu-do-2012-mat-khau.pdf": "Họp-2026",
};
const UNREADABLE = new Set(["bug1020226.pdf"]);

interface Check {
  file: string;
  phrase: string;
  mode?: SearchMode;
  /** The phrase must be found on these pages… */
  pages: number[];
  /** …and on no others (when the MANIFEST names every page). */
  only?: boolean;
}

const CHECKS: Check[] = [
  { file: "comments.pdf", phrase: "Trace-based Just-in-Time Type Specialization", pages: [1] },
  { file: "comments.pdf", phrase: "5.1 Optimizations", pages: [8] },
  { file: "pdkids.pdf", phrase: "The Buried Moon", pages: [1] },
  { file: "pdkids.pdf", phrase: "Sikes had a loaded pistol", pages: [40] },
  { file: "rotation.pdf", phrase: "It will have a landscape layout", pages: [2], only: true },
  { file: "issue5747.pdf", phrase: "Lorem ipsum dolor sit amet", pages: [1] },
  { file: "issue5747.pdf", phrase: "takimata sanctus est", pages: [1] },
  { file: "issue3521.pdf", phrase: "黑体字", pages: [1] },
  { file: "french_diacritics.pdf", phrase: "ù Ù û Û ü Ü", mode: "exact", pages: [1] },
  { file: "french_diacritics.pdf", phrase: "u U u U u U", pages: [1] },
  { file: "prefilled_f1040.pdf", phrase: "U.S. Individual Income Tax Return", pages: [1] },
  { file: "prefilled_f1040.pdf", phrase: "foobar", pages: [], only: true },
  { file: "print_protection.pdf", phrase: "Hello World", pages: [1] },
  { file: "xref_command_missing.pdf", phrase: "Reduced test-case", pages: [1] },
  { file: "issue14497.pdf", phrase: "Parklands Phase 14B", pages: [1] },
  {
    file: "standard_fonts.pdf",
    phrase: "TCPDF Example 055",
    pages: Array.from({ length: 14 }, (_, i) => i + 1),
    only: true,
  },
  { file: "standard_fonts.pdf", phrase: "FONT: zapfdingbats", pages: [14], only: true },
  { file: "vn-bxd-11410-cong-van-huong-dan.pdf", phrase: "Ủy ban nhân dân các tỉnh", pages: [1, 2, 3] },
  { file: "vn-bxd-11410-cong-van-huong-dan.pdf", phrase: "uy ban nhan dan cac tinh", pages: [1] },
  { file: "vn-bxd-11410-cong-van-huong-dan.pdf", phrase: "Kính gửi", pages: [1] },
  // Drawn by signature appearances, not in the text layer (known limitation).
  { file: "vn-bxd-11410-cong-van-huong-dan.pdf", phrase: "11410", pages: [], only: true },
  { file: "vn-qcvn-32-2026-bxd-metro.pdf", phrase: "QUY CHUẨN KỸ THUẬT QUỐC GIA", mode: "exact", pages: [1] },
  { file: "vn-qcvn-32-2026-bxd-metro.pdf", phrase: "QUY CHUẨN KỸ THUẬT QUỐC GIA", pages: [1, 6, 27] },
  { file: "vn-qcvn-32-2026-bxd-metro.pdf", phrase: "Thông tư số", pages: [2] },
  { file: "vn-qcvn-32-2026-bxd-metro.pdf", phrase: "Phạm vi điều chỉnh", pages: [3] },
  { file: "vn-qcvn-32-2026-bxd-metro.pdf", phrase: "Hệ thống giám sát tích hợp", pages: [26, 27] },
  {
    file: "vn-luat-thu-do-2012.pdf",
    phrase: "Thủ đô nước Cộng hòa xã hội chủ nghĩa Việt Nam là Hà Nội",
    pages: [1],
  },
  {
    file: "vn-luat-thu-do-2012.pdf",
    phrase: "Ủy ban nhân dân thành phố Hà Nội",
    pages: [3, 4, 5, 6, 7, 8, 10, 11],
    only: true,
  },
  {
    file: "vn-luat-so-huu-tri-tue-2005.pdf",
    phrase: "Các đối tượng không thuộc phạm vi bảo hộ quyền tác giả",
    pages: [8],
  },
  {
    file: "vn-luat-so-huu-tri-tue-2005.pdf",
    phrase: "Uỷ ban nhân dân các cấp",
    mode: "exact",
    pages: [6, 84],
    only: true,
  },
  {
    file: "vn-luat-so-huu-tri-tue-2005.pdf",
    phrase: "Ủy ban nhân dân các cấp",
    mode: "exact",
    pages: [],
    only: true,
  },
  { file: "vn-luat-so-huu-tri-tue-2005.pdf", phrase: "Ủy ban nhân dân các cấp", pages: [6, 84], only: true },
  // Stretch: "d-⏎ưới" joined across the line break.
  { file: "vn-luat-so-huu-tri-tue-2005.pdf", phrase: "thể hiện dưới một hình thức vật chất", pages: [4] },
  {
    file: "vn-luat-thu-do-2012-mat-khau.pdf",
    phrase: "Thủ đô nước Cộng hòa xã hội chủ nghĩa Việt Nam là Hà Nội",
    pages: [1],
  },
];

describe("search over every MANIFEST fixture", () => {
  const index = new DocumentSearchIndex();
  const texts = new Map<string, string[]>();

  beforeAll(async () => {
    for (const name of fixtureNames()) {
      if (UNREADABLE.has(name)) continue;
      const pages = await extractPdfText(readFixture(name), { password: PASSWORDS[name] });
      texts.set(name, pages);
      index.add({ fileId: name, name, pages });
    }
  }, 60_000);

  it("extracts every fixture but the damaged one", () => {
    expect(texts.size).toBe(fixtureNames().length - UNREADABLE.size);
  });

  for (const check of CHECKS) {
    const label = `${check.file}: ${check.mode ?? "folded"} "${check.phrase}" → ${check.pages.length ? `p${check.pages.join(", p")}` : "nothing"}`;
    it(label, () => {
      const found = index.search(check.phrase, { fileIds: [check.file], mode: check.mode, limit: 1000 });
      const pages = found.hits.map((h) => h.page).sort((a, b) => a - b);
      if (check.only) expect(pages).toEqual(check.pages);
      else expect(pages).toEqual(expect.arrayContaining(check.pages));
      for (const hit of found.hits) {
        // Every hit is highlightable: the snippet's highlighted text is the phrase (folded alike).
        const snippet = hit.snippets[0]!;
        const h = snippet.highlights[0]!;
        const shown = snippet.text.slice(h.start, h.end);
        expect(index.search(shown, { fileIds: [check.file], mode: check.mode }).totalHits).toBeGreaterThan(0);
      }
    });
  }

  it("counts diacritics-insensitive hits on french_diacritics.pdf as pdf.js's find controller does", () => {
    const counts = Object.fromEntries(
      ["a", "e", "i", "u", "c", "o"].map((q) => [
        q,
        index
          .search(q, { fileIds: ["french_diacritics.pdf"] })
          .hits.reduce((n, h) => n + h.matches.length, 0),
      ]),
    );
    expect(counts).toEqual({ a: 6, e: 8, i: 4, u: 6, c: 2, o: 2 });
  });

  it("finds CJK text only thanks to the bundled cMaps", () => {
    expect(texts.get("issue3521.pdf")?.[0]).toContain("我们都是黑体字");
  });

  it("strips the control characters of standard_fonts.pdf p14", () => {
    expect(texts.get("standard_fonts.pdf")?.[13]).toMatch(/\p{Cc}/u);
    const hit = index.search("FONT: zapfdingbats", { fileIds: ["standard_fonts.pdf"] }).hits[0]!;
    for (const s of hit.snippets) expect(s.text).not.toMatch(/[\p{Cc}\p{Cf}]/u);
  });

  it("says the scanned letter is not searchable instead of giving an empty list", () => {
    expect(index.status("vn-scan-cong-van-11410.pdf")).toMatchObject({
      searchable: false,
      pageCount: 3,
      pagesWithoutText: [1, 2, 3],
    });
    expect(index.searchFile("vn-scan-cong-van-11410.pdf", "Ủy ban nhân dân")).toEqual({
      status: "not_searchable",
    });
    const all = index.search("Ủy ban nhân dân");
    expect(all.notSearchable).toEqual([
      { fileId: "vn-scan-cong-van-11410.pdf", name: "vn-scan-cong-van-11410.pdf" },
    ]);
    const files = [...new Set(all.hits.map((h) => h.fileId))];
    expect(files).toEqual(
      expect.arrayContaining([
        "vn-bxd-11410-cong-van-huong-dan.pdf",
        "vn-luat-so-huu-tri-tue-2005.pdf",
        "vn-luat-thu-do-2012.pdf",
        "vn-luat-thu-do-2012-mat-khau.pdf",
        "vn-qcvn-32-2026-bxd-metro.pdf",
      ]),
    );
    expect(files).not.toContain("vn-scan-cong-van-11410.pdf");
  });

  it("finds a phrase typed without diacritics and in NFD across all files", () => {
    const nfd = "Ủy ban nhân dân thành phố Hà Nội".normalize("NFD");
    const a = index.search(nfd);
    const b = index.search("UY BAN NHAN DAN THANH PHO HA NOI");
    expect(a.totalHits).toBeGreaterThan(0);
    expect(b.hits.map((h) => [h.fileId, h.page])).toEqual(a.hits.map((h) => [h.fileId, h.page]));
  });

  it("opens the Vietnamese-password file only with the NFC or NFD password, not without diacritics", async () => {
    const bytes = readFixture("vn-luat-thu-do-2012-mat-khau.pdf");
    await expect(extractPdfText(bytes, { password: "Hop-2026" })).rejects.toMatchObject({
      name: "PasswordException",
    });
    const pages = await extractPdfText(bytes, { password: "Họp-2026".normalize("NFD") });
    expect(pages).toHaveLength(12);
  }, 20_000);
});
