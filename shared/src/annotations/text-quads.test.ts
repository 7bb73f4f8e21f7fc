import type { PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normalizePageText } from "../search/normalize.ts";
import { joinTextItems } from "../search/text-items.ts";
import { pointInQuad, type Quad, quadBounds } from "./geometry.ts";
import { anchorQuote, captureQuote } from "./quote.ts";
import { openFixture } from "./test-support.ts";
import {
  itemQuad,
  itemSlicesForRange,
  mapPageText,
  mergeLineQuads,
  type PositionedTextItem,
  quadsForTextRange,
  rangeForItemPositions,
  type TextContentLike,
} from "./text-quads.ts";
import { PDF_TO_CSS_UNITS, pageViewport, quadToViewport } from "./viewport.ts";

/** pdf.js `TextContent` (not exported from the package's entry point). */
type TextContent = Awaited<ReturnType<PDFPageProxy["getTextContent"]>>;

const docs: { destroy(): Promise<void> }[] = [];
let page1: PDFPageProxy;
let content1: TextContent;
/** Text content of every page of the two Vietnamese laws (the big one: its first 10 pages). */
const contents: { name: string; content: TextContent }[] = [];

beforeAll(async () => {
  const thuDo = await openFixture("vn-luat-thu-do-2012.pdf");
  docs.push(thuDo);
  page1 = await thuDo.getPage(1);
  content1 = await page1.getTextContent();
  for (let n = 1; n <= thuDo.numPages; n++) {
    contents.push({ name: `thu-do p${n}`, content: await (await thuDo.getPage(n)).getTextContent() });
  }
  const shtt = await openFixture("vn-luat-so-huu-tri-tue-2005.pdf");
  docs.push(shtt);
  for (let n = 1; n <= 10; n++) {
    contents.push({ name: `shtt p${n}`, content: await (await shtt.getPage(n)).getTextContent() });
  }
});

afterAll(async () => {
  for (const doc of docs) await doc.destroy();
});

const PHRASE = "Thủ đô nước Cộng hòa xã hội chủ nghĩa Việt Nam là Hà Nội";

function textItem(content: TextContentLike, index: number): PositionedTextItem {
  return content.items[index] as PositionedTextItem;
}

describe("mapPageText on real pages", () => {
  it("maps every display character back to the raw character it shows, on 22 pages", () => {
    let characters = 0;
    for (const { name, content } of contents) {
      const map = mapPageText(content.items);
      expect(map.raw, name).toBe(joinTextItems(content.items));
      expect(map.display, name).toBe(normalizePageText(map.raw).display);
      let previous = -1;
      for (let i = 0; i < map.display.length; i++) {
        const shown = map.display[i]!;
        const source = map.raw.slice(map.displayToRaw[i], map.displayToRawEnd[i]).normalize("NFC");
        if (shown === " ") expect(/^\s$/u.test(source), `${name} @${i}`).toBe(true);
        else if (map.joins.includes(i)) expect(["-", "\u00AD", "\u2010"], `${name} @${i}`).toContain(source);
        else expect(source.includes(shown), `${name} @${i}: ${JSON.stringify([shown, source])}`).toBe(true);
        expect(map.displayToRaw[i]!, `${name} @${i} in order`).toBeGreaterThanOrEqual(previous);
        previous = map.displayToRaw[i]!;
        characters++;
      }
    }
    expect(characters).toBeGreaterThan(40_000);
  });

  it("finds a line-end hyphen join (vn-luat-so-huu-tri-tue p4: d-⏎ưới) and maps across it", () => {
    const { content } = contents.find((c) => c.name === "shtt p4")!;
    const map = mapPageText(content.items);
    const match = anchorQuote({ exact: "thể hiện dưới một hình thức vật chất", prefix: "", suffix: "" }, [
      map.raw,
    ]);
    expect(match).not.toBeNull();
    const slices = itemSlicesForRange(map, match!.range);
    expect(slices.length).toBe(2);
    const words = slices.map((s) => textItem(content, s.itemIndex).str.slice(s.start, s.end)).join("|");
    expect(words).toMatch(/d-\|ưới một hình thức vật chất$/u);
    expect(quadsForTextRange(content, match!.range, { map })).toHaveLength(2);
  });
});

describe("anchoring on real extracted text", () => {
  it("finds 'Ủy ban nhân dân các cấp' on the page that spells it 'Uỷ' (vn-luat-so-huu-tri-tue p6), and maps it", () => {
    const shtt = contents.filter((c) => c.name.startsWith("shtt"));
    const raw = shtt.map(({ content }) => joinTextItems(content.items));
    const match = anchorQuote(
      { exact: "Ủy ban nhân dân các cấp".normalize("NFD"), prefix: "", suffix: "" },
      raw,
      {
        pageHint: 0,
      },
    );
    expect(match).toMatchObject({ pageIndex: 5, kind: "exact" });
    expect(match!.quote.exact).toBe("Uỷ ban nhân dân các cấp");
    const content = shtt[5]!.content;
    const quads = quadsForTextRange(content, match!.range);
    expect(quads.length).toBeGreaterThanOrEqual(1);
    const view = [0, 0, 595.3, 841.9];
    for (const q of quads) {
      const [x1, y1, x2, y2] = quadBounds(q);
      expect(x1 >= view[0]! && y1 >= view[1]! && x2 <= view[2]! && y2 <= view[3]!).toBe(true);
    }
  });
});

describe("a text range → quads (vn-luat-thu-do-2012.pdf p1)", () => {
  it("covers exactly the phrase's items, inside their boxes, one quad per line", () => {
    const map = mapPageText(content1.items);
    const start = map.display.indexOf(PHRASE);
    expect(start).toBeGreaterThan(0);
    const range = { start, end: start + PHRASE.length };
    const slices = itemSlicesForRange(map, range);
    const text = slices.map((s) => textItem(content1, s.itemIndex).str.slice(s.start, s.end)).join(" ");
    expect(text.replace(/\s+/gu, " ").trim()).toBe(PHRASE);

    const quads = quadsForTextRange(content1, range, { map });
    const lines = new Set(slices.map((s) => textItem(content1, s.itemIndex).transform![5]));
    expect(quads).toHaveLength(lines.size);
    for (const [i, slice] of slices.entries()) {
      const item = textItem(content1, slice.itemIndex);
      const style = content1.styles[item.fontName!];
      const whole = quadBounds(itemQuad(item, style)!);
      const part = quadBounds(itemQuad(item, style, slice.start, slice.end)!);
      // The part lies within the whole item, on its line.
      expect(part[0]).toBeGreaterThanOrEqual(whole[0] - 1e-9);
      expect(part[2]).toBeLessThanOrEqual(whole[2] + 1e-9);
      expect(part[1]).toBeCloseTo(whole[1], 9);
      expect(part[3]).toBeCloseTo(whole[3], 9);
      // The baseline point in the middle of the part is inside the quads drawn.
      const baselineY = item.transform![5]!;
      const midX = (part[0] + part[2]) / 2;
      expect(
        quads.some((q) => pointInQuad(q, [midX, baselineY + 1])),
        `slice ${i}`,
      ).toBe(true);
    }
    // The box is the text layer's: font size 13 tall, 80.5 % of it above the baseline.
    const first = quadBounds(quads[0]!);
    expect(first[3] - first[1]).toBeCloseTo(textItem(content1, slices[0]!.itemIndex).transform![3]!, 6);
  });

  it("places a phrase inside a long line roughly where its words are", () => {
    const map = mapPageText(content1.items);
    // A line item: pick its second half and check the estimate is proportionate.
    const index = content1.items.findIndex(
      (e: TextContent["items"][number]) => "str" in e && e.str.length > 60,
    );
    const item = textItem(content1, index);
    const from = Math.floor(item.str.length / 2);
    const whole = quadBounds(itemQuad(item, content1.styles[item.fontName!])!);
    const part = quadBounds(itemQuad(item, content1.styles[item.fontName!], from)!);
    const share = (part[2] - part[0]) / (whole[2] - whole[0]);
    expect(share).toBeGreaterThan(0.35);
    expect(share).toBeLessThan(0.65);
    // From the item positions (a DOM selection) back to the display range and its quote.
    const range = rangeForItemPositions(
      map,
      { itemIndex: index, offset: from },
      { itemIndex: index, offset: item.str.length },
    );
    expect(range).not.toBeNull();
    expect(captureQuote(map, range!).exact).toBe(normalizePageText(item.str.slice(from)).display);
    expect(
      rangeForItemPositions(
        map,
        { itemIndex: index, offset: item.str.length },
        { itemIndex: index, offset: from },
      ),
    ).toEqual(range);
  });

  it("gives the same screen positions as pdf.js's viewport at 250 % turned 90°", () => {
    const map = mapPageText(content1.items);
    const start = map.display.indexOf(PHRASE);
    const quads = quadsForTextRange(content1, { start, end: start + PHRASE.length }, { map });
    const theirs = page1.getViewport({ scale: 2.5 * PDF_TO_CSS_UNITS, rotation: 90 });
    const [x1, y1, x2, y2] = page1.view as [number, number, number, number];
    const ours = pageViewport(
      { view: [x1, y1, x2, y2], rotate: page1.rotate },
      { scale: 2.5 * PDF_TO_CSS_UNITS, extraRotation: 90 },
    );
    for (const q of quads) {
      const mine = quadToViewport(ours, q);
      for (let k = 0; k < 8; k += 2) {
        const [vx, vy] = theirs.convertToViewportPoint(q[k]!, q[k + 1]!) as [number, number];
        expect(Math.abs(mine[k]! - vx) + Math.abs(mine[k + 1]! - vy)).toBeLessThan(1e-6);
      }
    }
  });

  it("leaves out empty ranges and separators", () => {
    expect(quadsForTextRange(content1, { start: 10, end: 10 })).toEqual([]);
    expect(
      rangeForItemPositions(
        mapPageText(content1.items),
        { itemIndex: 1, offset: 0 },
        { itemIndex: 0, offset: 1 },
      ),
    ).toBeNull();
  });
});

describe("itemQuad and mergeLineQuads", () => {
  const style = { ascent: 0.9, descent: -0.2 };

  it("turns with the text: a line written upwards (rotation.pdf p2)", () => {
    const q = itemQuad({ str: "abcd", width: 40, height: 12, transform: [0, 12, -12, 0, 100, 72] }, style)!;
    // Along +y from (100, 72); "up" is towards −x.
    const [ulx, uly, urx, ury, llx, lly] = q;
    expect([urx - ulx, ury - uly].map((v) => Math.round(v * 1e9) / 1e9)).toEqual([0, 40]);
    expect(llx - ulx).toBeCloseTo(12, 9);
    expect(lly).toBeCloseTo(72, 9);
    expect(ulx).toBeCloseTo(100 - (12 * 0.9) / 1.1, 9);
  });

  it("joins pieces of one line and keeps separate lines apart", () => {
    const a = itemQuad(
      { str: "Điều 5.", width: 40, height: 13, transform: [13, 0, 0, 13, 100, 700] },
      style,
    )!;
    const b = itemQuad(
      { str: " Trách nhiệm", width: 70, height: 13, transform: [13, 0, 0, 13, 141, 700] },
      style,
    )!;
    const c = itemQuad(
      { str: "của Thủ đô", width: 60, height: 13, transform: [13, 0, 0, 13, 100, 682] },
      style,
    )!;
    const merged = mergeLineQuads([a, b, c]);
    expect(merged).toHaveLength(2);
    const bounds = quadBounds(merged[0] as Quad);
    expect(bounds[0]).toBeCloseTo(100, 9);
    expect(bounds[2]).toBeCloseTo(211, 9);
  });
});
