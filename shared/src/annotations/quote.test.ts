import { describe, expect, it } from "vitest";
import { normalizePageText } from "../search/normalize.ts";
import { approximateMatches, endDistances, levenshtein, matchStart } from "./fuzzy.ts";
import { anchorQuote, captureQuote, prepareAnchorPages, type TextQuote } from "./quote.ts";

/** Three pages of a "Kết luận" (conclusion) in the old version. */
const OLD = [
  "ỦY BAN NHÂN DÂN TỈNH\nKẾT LUẬN\ncủa Chủ tịch Ủy ban nhân dân tỉnh tại phiên họp thường kỳ tháng 11",
  "1. Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng rà soát danh mục dự án đầu tư công.\n" +
    "2. Giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính hoàn thiện đề án sắp xếp đơn vị sự nghiệp.",
  "Kết luận này có hiệu lực kể từ ngày ký. Các sở, ngành chủ động triển khai thực hiện.",
];

function quoteOf(pages: readonly string[], pageIndex: number, phrase: string, occurrence = 0): TextQuote {
  const display = normalizePageText(pages[pageIndex]!).display;
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = display.indexOf(phrase, at + 1);
  if (at < 0) throw new Error(`"${phrase}" not on page ${pageIndex}`);
  return captureQuote(pages[pageIndex]!, { start: at, end: at + phrase.length });
}

function shown(
  pages: readonly string[],
  m: { pageIndex: number; range: { start: number; end: number } },
): string {
  return normalizePageText(pages[m.pageIndex]!).display.slice(m.range.start, m.range.end);
}

describe("captureQuote", () => {
  it("keeps up to 32 characters of context each side, without line-end hyphens", () => {
    const q = quoteOf(OLD, 1, "phối hợp với Sở Tài chính");
    expect(q.exact).toBe("phối hợp với Sở Tài chính");
    expect(q.prefix.length).toBe(32);
    expect(q.prefix.endsWith("Giao Sở Nội vụ chủ trì, ")).toBe(true);
    expect(q.suffix.startsWith(" hoàn thiện đề án")).toBe(true);
    const raw = "được thể hiện d-\nưới một hình thức";
    const at = normalizePageText(raw).display.indexOf("thể hiện d-ưới một");
    const joined = captureQuote(raw, { start: at, end: at + "thể hiện d-ưới một".length });
    expect(joined).toEqual({ exact: "thể hiện dưới một", prefix: "được ", suffix: " hình thức" });
  });
});

describe("anchorQuote", () => {
  it("finds the quote with its context, choosing the occurrence the context points at", () => {
    // "phối hợp với Sở" occurs twice on page 2; the second one was highlighted.
    const q = quoteOf(OLD, 1, "chủ trì, phối hợp với Sở", 1);
    const m = anchorQuote(q, OLD, { pageHint: 1 })!;
    expect(m.kind).toBe("exact_context");
    expect(m.pageIndex).toBe(1);
    const display = normalizePageText(OLD[1]!).display;
    expect(m.range.start).toBe(display.lastIndexOf("chủ trì, phối hợp với Sở"));
    expect(m.errors).toBe(0);
  });

  it("follows the quote to another page when the new version moved it", () => {
    const q = quoteOf(OLD, 2, "có hiệu lực kể từ ngày ký");
    const NEW = [OLD[0]!, OLD[1]!, "3. Giao Văn phòng theo dõi, đôn đốc.", OLD[2]!];
    const m = anchorQuote(q, NEW, { pageHint: 2 })!;
    expect(m).toMatchObject({ pageIndex: 3, kind: "exact_context" });
    expect(shown(NEW, m)).toBe("có hiệu lực kể từ ngày ký");
    expect(m.quote).toEqual(q);
  });

  it("still finds the quote exactly when the words around it were edited", () => {
    const q = quoteOf(OLD, 1, "rà soát danh mục dự án đầu tư công");
    const NEW = [
      OLD[0]!,
      "1. Giao Sở Kế hoạch và Đầu tư chủ trì rà soát danh mục dự án đầu tư công trung hạn 2026-2030.",
    ];
    const m = anchorQuote(q, NEW, { pageHint: 1 })!;
    expect(m.kind).toBe("exact");
    expect(shown(NEW, m)).toBe("rà soát danh mục dự án đầu tư công");
    expect(m.quote.suffix.startsWith(" trung hạn")).toBe(true);
  });

  it("finds an edited quote approximately, within the error bound, and reports the edits", () => {
    const q = quoteOf(OLD, 1, "hoàn thiện đề án sắp xếp đơn vị sự nghiệp");
    const NEW = [OLD[0]!, OLD[1]!.replace("đề án sắp xếp", "đề án sắp xếp lại")];
    const m = anchorQuote(q, NEW, { pageHint: 1 })!;
    expect(m.kind).toBe("fuzzy");
    expect(m.errors).toBe(3);
    expect(shown(NEW, m)).toBe("hoàn thiện đề án sắp xếp lại đơn vị sự nghiệp");
    // Too many edits: not placed.
    const REWRITTEN = [OLD[0]!, "2. Sở Nội vụ trình phương án tổ chức lại các đơn vị công lập."];
    expect(anchorQuote(q, REWRITTEN, { pageHint: 1 })).toBeNull();
  });

  it("ignores NFC/NFD, tone placement (Uỷ/Ủy), case and line breaks, preferring the same spelling", () => {
    const nfd = { exact: "Ủy ban nhân dân tỉnh".normalize("NFD"), prefix: "", suffix: "" };
    const m = anchorQuote(nfd, OLD)!;
    expect(m.pageIndex).toBe(0);
    // Both "ỦY BAN NHÂN DÂN TỈNH" and "Ủy ban nhân dân tỉnh" match folded; the same spelling wins.
    expect(shown(OLD, m)).toBe("Ủy ban nhân dân tỉnh");
    const oldTone = anchorQuote({ exact: "Uỷ ban nhân dân", prefix: "Chủ tịch ", suffix: " tỉnh" }, OLD)!;
    expect(shown(OLD, oldTone)).toBe("Ủy ban nhân dân");
    expect(oldTone.kind).toBe("exact_context");
    const upper = anchorQuote({ exact: "kết luận của chủ tịch", prefix: "", suffix: "" }, OLD)!;
    expect(shown(OLD, upper)).toBe("KẾT LUẬN của Chủ tịch");
    const hyphenated = ["được thể hiện d-\nưới một hình thức vật chất"];
    expect(
      shown(hyphenated, anchorQuote({ exact: "hiện dưới một", prefix: "", suffix: "" }, hyphenated)!),
    ).toBe("hiện d-ưới một");
  });

  it("returns null when the quote is not in the version, and matches short quotes only exactly", () => {
    expect(anchorQuote({ exact: "Quỹ phát triển đất", prefix: "", suffix: "" }, OLD)).toBeNull();
    expect(anchorQuote({ exact: "Sở Ngoại vụ", prefix: "", suffix: "" }, OLD)).toBeNull();
    expect(anchorQuote({ exact: "   ", prefix: "", suffix: "" }, OLD)).toBeNull();
    expect(anchorQuote({ exact: "x", prefix: "", suffix: "" }, [])).toBeNull();
  });

  it("anchors many quotes against pages prepared once", () => {
    const prepared = prepareAnchorPages(OLD);
    const quotes = (
      [
        [1, "Sở Xây dựng"],
        [0, "phiên họp thường kỳ"],
        [2, "triển khai thực hiện"],
      ] as const
    ).map(([page, phrase]) => quoteOf(OLD, page, phrase));
    expect(quotes.map((q) => anchorQuote(q, prepared)?.pageIndex)).toEqual([1, 0, 2]);
  });

  it("with a page hint, searches approximately only near it (fuzzyRadius)", () => {
    const q = quoteOf(OLD, 2, "Các sở, ngành chủ động triển khai");
    const far = [...Array.from({ length: 8 }, () => "Trang trống."), OLD[2]!.replace("ngành", "ban ngành")];
    expect(anchorQuote(q, far, { pageHint: 0 })).toBeNull();
    expect(anchorQuote(q, far, { pageHint: 0, fuzzyRadius: Number.POSITIVE_INFINITY })?.pageIndex).toBe(8);
  });
});

describe("fuzzy matching", () => {
  /** Sellers's dynamic programme: for every end, the best distance of the pattern to a substring ending there. */
  function bruteEnds(text: string, pattern: string): number[] {
    let row = Array.from({ length: pattern.length + 1 }, (_, i) => i);
    const out = [pattern.length];
    for (let j = 1; j <= text.length; j++) {
      const next = [0];
      for (let i = 1; i <= pattern.length; i++) {
        const cost = pattern[i - 1] === text[j - 1] ? 0 : 1;
        next.push(Math.min(row[i]! + 1, next[i - 1]! + 1, row[i - 1]! + cost));
      }
      row = next;
      out.push(row[pattern.length]!);
    }
    return out;
  }

  it("computes the same end distances as the plain dynamic programme (patterns of 1 to 3 blocks)", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const alphabet = "abcđôư ";
    const word = (n: number) =>
      Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
    for (const m of [1, 5, 31, 32, 33, 64, 65, 90]) {
      for (let round = 0; round < 5; round++) {
        const pattern = word(m);
        const half = Math.floor(m / 2);
        const text = `${word(40)}${pattern.slice(0, half)}x${pattern.slice(half)}${word(40)}`;
        expect([...endDistances(text, pattern)], `m=${m}`).toEqual(bruteEnds(text, pattern));
      }
    }
  });

  it("finds where an approximate match starts, and its edits", () => {
    const text = "giao sở tài chính chủ trì phối hợp";
    expect(matchStart(text, "tai chinh", 17, 2)).toEqual({ start: 8, end: 17, errors: 2 });
    const found = approximateMatches(text, "chủ tri", 1);
    expect(found).toEqual([{ start: 18, end: 25, errors: 1 }]);
    expect(levenshtein("kitten", "sitting")).toBe(3);
    expect(levenshtein("", "abc")).toBe(3);
  });
});
