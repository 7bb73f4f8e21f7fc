import type { PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareAnchorPages, quoteOccurrences } from "./quote.ts";
import { quoteForSelection } from "./selection.ts";
import { openFixture } from "./test-support.ts";
import { mapPageText, quadsForTextRange, type TextContentLike } from "./text-quads.ts";

let close: () => Promise<void>;
let content: TextContentLike;
const PHRASE = "Ủy ban nhân dân thành phố Hà Nội";

beforeAll(async () => {
  const doc = await openFixture("vn-luat-thu-do-2012.pdf");
  close = () => doc.destroy();
  const page: PDFPageProxy = await doc.getPage(3);
  content = await page.getTextContent();
});

afterAll(async () => {
  await close();
});

describe("quoteForSelection", () => {
  it("takes the occurrence the reader selected, with its own context, when a phrase repeats on the page", () => {
    const map = mapPageText(content.items);
    const occurrences = quoteOccurrences(PHRASE, prepareAnchorPages([map.raw]), 0);
    expect(occurrences.length).toBeGreaterThanOrEqual(2);
    for (const range of occurrences) {
      const quads = quadsForTextRange(content, range, { map });
      const { quote, range: chosen } = quoteForSelection(content, PHRASE, quads, { map });
      expect(chosen).toEqual(range);
      expect(quote.exact).toBe(PHRASE);
      expect(map.display.slice(range.start - quote.prefix.length, range.start)).toBe(quote.prefix);
    }
    // Context tells the occurrences apart.
    const prefixes = occurrences.map(
      (range) =>
        quoteForSelection(content, PHRASE, quadsForTextRange(content, range, { map }), { map }).quote.prefix,
    );
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it("matches a selection typed or copied in decomposed form (NFD) and with line breaks", () => {
    const selected = PHRASE.normalize("NFD").replace("thành phố", "thành\nphố");
    const { quote, range } = quoteForSelection(content, selected, []);
    expect(range).not.toBeNull();
    expect(quote.exact).toBe(PHRASE);
  });

  it("keeps the selection's own text, without context, when it is not in the page's text", () => {
    const { quote, range } = quoteForSelection(content, "  chữ  không có\ntrên trang ", []);
    expect(range).toBeNull();
    expect(quote).toEqual({ exact: "chữ không có trên trang", prefix: "", suffix: "" });
  });
});
