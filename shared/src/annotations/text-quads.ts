/**
 * From page text back to where it is drawn: ranges of a page's display text (the text search and
 * quote anchoring work on: `normalizePageText(joinTextItems(items)).display`) ↔ slices of pdf.js
 * text items ↔ quads in PDF user space.
 *
 * Boxes follow pdf.js's text layer (`TextLayer#appendText`, pdfjs-dist 5.6.205), so a quad made here
 * covers what the reader can select: the box of an item starts at its transform's origin (on the
 * baseline), runs `width` along the text direction, rises `ascent × fontHeight` above the baseline
 * and is `fontHeight` tall, with `fontHeight = hypot(c, d)` of the item transform.
 */
import { normalizePageText } from "../search/normalize.ts";
import type { TextRange } from "../search/phrase.ts";
import { joinTextItems, type TextContentEntry, type TextItemLike } from "../search/text-items.ts";
import type { Quad } from "./geometry.ts";

/** pdf.js `TextContent.styles[fontName]`: the fields used here. */
export interface TextStyleLike {
  /** Ascent as a fraction of the font size (positive). */
  readonly ascent?: number;
  /** Descent as a fraction of the font size (negative). */
  readonly descent?: number;
  /** Vertical writing: glyphs advance down the page (`height` is the advance). */
  readonly vertical?: boolean;
}

/** A text item with the font it uses (pdf.js `TextItem.fontName`). */
export interface PositionedTextItem extends TextItemLike {
  readonly fontName?: string;
}

/** pdf.js `page.getTextContent()`'s result, as far as it is read here. */
export interface TextContentLike {
  readonly items: readonly TextContentEntry[];
  readonly styles?: Readonly<Record<string, TextStyleLike>>;
}

/**
 * Relative advance of a text (any unit; only ratios within one item matter). The client can pass
 * one that measures with a canvas in the text layer's font, to match selection rectangles exactly.
 */
export type MeasureText = (text: string, item: PositionedTextItem) => number;

/** A part of one text item: UTF-16 offsets `[start, end)` in `items[itemIndex].str`. */
export interface ItemSlice {
  /** Index in `TextContent.items` (marked-content entries count). */
  readonly itemIndex: number;
  readonly start: number;
  readonly end: number;
}

/** Where a position of the text layer is: an offset in one item's `str`. */
export interface ItemPosition {
  readonly itemIndex: number;
  readonly offset: number;
}

/**
 * A page's text with its offsets mapped three ways: display text ↔ raw joined text ↔ items.
 * Build it once per page with {@link mapPageText}.
 */
export interface PageTextMap {
  /** `joinTextItems(items)`. */
  readonly raw: string;
  /** `normalizePageText(raw).display`: what search hits and quote matches refer to. */
  readonly display: string;
  /** Indices in `display` of line-end hyphens (as `normalizePageText` gives them). */
  readonly joins: readonly number[];
  /** For each UTF-16 unit of `display`: start and end (exclusive) in `raw` of the character it shows. */
  readonly displayToRaw: Int32Array;
  readonly displayToRawEnd: Int32Array;
  /** For each UTF-16 unit of `raw`: its item index, or -1 for a separator the join added. */
  readonly rawItem: Int32Array;
  /** For each UTF-16 unit of `raw`: its offset in that item's `str`. */
  readonly rawOffset: Int32Array;
  /** For each entry of `items`: where its `str` starts in `raw`, or -1 (no text, or a marker). */
  readonly itemRawStart: Int32Array;
}

const CLUSTER = /\P{M}\p{M}*|\p{M}+/gsu;
const SPACE = /^[^\S\uFEFF]/u;
const INVISIBLE = /^[\p{Cc}\p{Cf}]/u;

function isTextItem(entry: TextContentEntry): entry is PositionedTextItem {
  return "str" in entry;
}

/**
 * Maps a page's text items to its display text. Works on what pdf.js gives (items in content order,
 * joined as `joinTextItems` joins them) and undoes what `normalizePageText` does (NFC, invisible
 * characters stripped, whitespace collapsed, line-end hyphens joined) by walking both texts in step,
 * one character (a base with its combining marks) at a time.
 */
export function mapPageText(items: readonly TextContentEntry[]): PageTextMap {
  const raw = joinTextItems(items);
  const { display, joins } = normalizePageText(raw);

  const rawItem = new Int32Array(raw.length).fill(-1);
  const rawOffset = new Int32Array(raw.length);
  const itemRawStart = new Int32Array(items.length).fill(-1);
  let cursor = 0;
  items.forEach((entry, index) => {
    if (!isTextItem(entry) || entry.str.length === 0) return;
    const s = entry.str;
    // joinTextItems writes each str in order with at most one separator before it.
    let at = raw.startsWith(s, cursor) ? cursor : raw.startsWith(s, cursor + 1) ? cursor + 1 : -1;
    if (at < 0) at = raw.indexOf(s, cursor);
    if (at < 0) return;
    itemRawStart[index] = at;
    for (let k = 0; k < s.length; k++) {
      rawItem[at + k] = index;
      rawOffset[at + k] = k;
    }
    cursor = at + s.length;
  });

  const displayToRaw = new Int32Array(display.length).fill(-1);
  const displayToRawEnd = new Int32Array(display.length).fill(-1);
  const set = (from: number, to: number, rawStart: number, rawEnd: number) => {
    for (let k = from; k < to && k < display.length; k++) {
      displayToRaw[k] = rawStart;
      displayToRawEnd[k] = rawEnd;
    }
  };
  let i = 0;
  for (const m of raw.matchAll(CLUSTER)) {
    if (i >= display.length) break;
    const cluster = m[0];
    const j = m.index;
    const jEnd = j + cluster.length;
    if (SPACE.test(cluster)) {
      if (display[i] === " ") set(i, ++i, j, jEnd);
      continue;
    }
    if (cluster === "\u00AD") {
      // Shown as "-" only where the line broke.
      if (display[i] === "-" && joins.includes(i)) set(i, ++i, j, jEnd);
      continue;
    }
    if (INVISIBLE.test(cluster)) continue;
    const nfc = cluster.normalize("NFC");
    if (display.startsWith(nfc, i)) {
      set(i, i + nfc.length, j, jEnd);
      i += nfc.length;
    } else {
      // Out of step (a composition across characters): map one character and go on in step.
      const width = display.codePointAt(i)! > 0xffff ? 2 : 1;
      set(i, i + width, j, jEnd);
      i += width;
    }
  }
  for (let k = 0; k < display.length; k++) {
    if (displayToRaw[k] === -1) {
      displayToRaw[k] = k > 0 ? displayToRawEnd[k - 1]! : 0;
      displayToRawEnd[k] = displayToRaw[k]!;
    }
  }
  return { raw, display, joins, displayToRaw, displayToRawEnd, rawItem, rawOffset, itemRawStart };
}

/**
 * The slices of text items a display range covers, in text order; separators the join added (line
 * breaks, spaces between table cells) belong to no item and are left out.
 */
export function itemSlicesForRange(map: PageTextMap, range: TextRange): ItemSlice[] {
  const start = Math.max(0, range.start);
  const end = Math.min(map.display.length, range.end);
  if (start >= end) return [];
  const rawStart = map.displayToRaw[start]!;
  const rawEnd = map.displayToRawEnd[end - 1]!;
  const slices: { itemIndex: number; start: number; end: number }[] = [];
  for (let r = rawStart; r < rawEnd; r++) {
    const itemIndex = map.rawItem[r]!;
    if (itemIndex < 0) continue;
    const offset = map.rawOffset[r]!;
    const last = slices.at(-1);
    if (last && last.itemIndex === itemIndex && last.end === offset) last.end = offset + 1;
    else slices.push({ itemIndex, start: offset, end: offset + 1 });
  }
  return slices;
}

/**
 * The display range between two text-layer positions (a DOM selection's anchor and focus, each an
 * offset in one item's span), in either order; null when neither lies on text. Positions on
 * separators snap inwards.
 */
export function rangeForItemPositions(map: PageTextMap, a: ItemPosition, b: ItemPosition): TextRange | null {
  const toRaw = (p: ItemPosition) => {
    const start = map.itemRawStart[p.itemIndex];
    if (start === undefined || start < 0) return null;
    return start + Math.max(0, p.offset);
  };
  const ra = toRaw(a);
  const rb = toRaw(b);
  if (ra === null || rb === null) return null;
  const [lo, hi] = ra <= rb ? [ra, rb] : [rb, ra];
  // First display character that starts at or after lo; last one that ends at or before hi.
  let start = -1;
  let end = -1;
  for (let k = 0; k < map.display.length; k++) {
    if (start < 0 && map.displayToRaw[k]! >= lo) start = k;
    if (map.displayToRawEnd[k]! <= hi) end = k + 1;
  }
  if (start < 0 || end <= start) return null;
  return { start, end };
}

const NARROW = new Set([..." ,.;:'!|ijlI`", "\u00A0"]);
const SEMI_NARROW = new Set([...'ftr()[]{}-/"*']);
const WIDE = new Set([..."mwMW%@"]);

/**
 * A rough advance for proportional Latin (Vietnamese included) text in units of the font size, used
 * when the caller gives no measure: narrow letters and punctuation count less than "m" or capitals,
 * which places a phrase inside a long line within a fraction of a glyph rather than several.
 */
export function estimateAdvance(text: string): number {
  let total = 0;
  for (const ch of text) {
    const base = ch.normalize("NFD")[0] ?? ch;
    if (/\p{M}/u.test(ch)) continue;
    if (NARROW.has(base)) total += 0.28;
    else if (SEMI_NARROW.has(base)) total += 0.36;
    else if (WIDE.has(base)) total += 0.85;
    else if (/\p{Lu}/u.test(base)) total += 0.68;
    else if (/[\p{Script=Latin}\p{N}]/u.test(base)) total += 0.5;
    else total += 1;
  }
  return total;
}

/**
 * The ascent of the text layer's box as a fraction of the font height: the font's ascent over its
 * ascent plus descent when both are known (what pdf.js measures in browsers that report font
 * bounding boxes), else pdf.js's own fallbacks (ascent; 1 + descent; 0.8).
 */
export function ascentRatio(style: TextStyleLike | undefined): number {
  const ascent = style?.ascent;
  const descent = style?.descent;
  if (ascent && descent && ascent - descent > 0) return ascent / (ascent - descent);
  if (ascent) return ascent;
  if (descent) return 1 + descent;
  return 0.8;
}

/**
 * The quad of characters `[start, end)` of one text item, in user space; null for an item without
 * geometry. Offsets along the item are apportioned by `measure` (default {@link estimateAdvance}).
 */
export function itemQuad(
  item: PositionedTextItem,
  style: TextStyleLike | undefined,
  start = 0,
  end = item.str.length,
  measure: MeasureText = estimateAdvance,
): Quad | null {
  const t = item.transform;
  if (!t || t.length < 6) return null;
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = t;
  const norm = Math.hypot(a, b);
  if (norm === 0) return null;
  let ux = a / norm;
  let uy = b / norm;
  // pdf.js turns vertical text a quarter further (clockwise on screen) and advances by `height`.
  if (style?.vertical) [ux, uy] = [uy, -ux];
  const advance = (style?.vertical ? item.height : item.width) ?? 0;
  const fontHeight = Math.hypot(c, d) || item.height || 0;
  if (fontHeight === 0) return null;
  // "Up" is the text direction turned a quarter counter-clockwise (y up).
  const nx = -uy;
  const ny = ux;
  const above = ascentRatio(style) * fontHeight;
  const below = above - fontHeight;
  const total = measure(item.str, item);
  const lo = Math.max(0, Math.min(start, item.str.length));
  const hi = Math.max(lo, Math.min(end, item.str.length));
  const x0 = total > 0 ? (advance * measure(item.str.slice(0, lo), item)) / total : 0;
  const x1 = total > 0 ? (advance * measure(item.str.slice(0, hi), item)) / total : advance;
  const at = (along: number, across: number): [number, number] => [
    e + ux * along + nx * across,
    f + uy * along + ny * across,
  ];
  const ul = at(x0, above);
  const ur = at(x1, above);
  const ll = at(x0, below);
  const lr = at(x1, below);
  return [ul[0], ul[1], ur[0], ur[1], ll[0], ll[1], lr[0], lr[1]];
}

/**
 * Joins quads that continue each other on one line (same direction, same band across it, touching
 * along it within `gap` × their height): pieces of a phrase split over several text items (a word in
 * bold mid-line) become one quad.
 */
export function mergeLineQuads(quads: readonly Quad[], gap = 0.6): Quad[] {
  const out: Quad[] = [];
  for (const q of quads) {
    const last = out.at(-1);
    const merged = last ? mergeTwo(last, q, gap) : null;
    if (merged) out[out.length - 1] = merged;
    else out.push(q);
  }
  return out;
}

function mergeTwo(p: Quad, q: Quad, gap: number): Quad | null {
  const dx = p[2] - p[0];
  const dy = p[3] - p[1];
  const length = Math.hypot(dx, dy);
  const qdx = q[2] - q[0];
  const qdy = q[3] - q[1];
  const qLength = Math.hypot(qdx, qdy);
  if (length === 0 || qLength === 0) return null;
  const ux = dx / length;
  const uy = dy / length;
  if (Math.abs(ux - qdx / qLength) > 1e-3 || Math.abs(uy - qdy / qLength) > 1e-3) return null;
  const nx = -uy;
  const ny = ux;
  // Coordinates along (u) and across (n) the line, from p's lower-left corner.
  const ox = p[4];
  const oy = p[5];
  const along = (x: number, y: number) => (x - ox) * ux + (y - oy) * uy;
  const across = (x: number, y: number) => (x - ox) * nx + (y - oy) * ny;
  const pTop = across(p[0], p[1]);
  const qTop = across(q[0], q[1]);
  const qBottom = across(q[4], q[5]);
  const height = Math.max(pTop, qTop - qBottom);
  if (height <= 0) return null;
  if (Math.abs(qTop - pTop) > 0.25 * height || Math.abs(qBottom) > 0.25 * height) return null;
  const pEnd = along(p[2], p[3]);
  const qStart = along(q[0], q[1]);
  const qEnd = along(q[2], q[3]);
  if (qStart - pEnd > gap * height || qEnd < pEnd) return null;
  const top = Math.max(pTop, qTop);
  const bottom = Math.min(0, qBottom);
  const at = (a: number, n: number): [number, number] => [ox + ux * a + nx * n, oy + uy * a + ny * n];
  const ul = at(0, top);
  const ur = at(qEnd, top);
  const ll = at(0, bottom);
  const lr = at(qEnd, bottom);
  return [ul[0], ul[1], ur[0], ur[1], ll[0], ll[1], lr[0], lr[1]];
}

/**
 * The quads, in PDF user space, of a range of a page's display text: one per line the range covers
 * (pieces on one line are joined). What the client calls to draw a carried-over highlight, or a
 * search hit, without a DOM. `map` defaults to `mapPageText(content.items)`; pass it when mapping
 * many ranges on one page.
 */
export function quadsForTextRange(
  content: TextContentLike,
  range: TextRange,
  options: { measure?: MeasureText; map?: PageTextMap } = {},
): Quad[] {
  const map = options.map ?? mapPageText(content.items);
  const quads: Quad[] = [];
  for (const slice of itemSlicesForRange(map, range)) {
    const entry = content.items[slice.itemIndex];
    if (!entry || !isTextItem(entry)) continue;
    const style = entry.fontName === undefined ? undefined : content.styles?.[entry.fontName];
    // Leading and trailing spaces of a slice are not highlighted (the join keeps them in items).
    let { start, end } = slice;
    while (start < end && /\s/u.test(entry.str[start]!)) start++;
    while (end > start && /\s/u.test(entry.str[end - 1]!)) end--;
    if (start === end) continue;
    const quad = itemQuad(entry, style, start, end, options.measure);
    if (quad) quads.push(quad);
  }
  return mergeLineQuads(quads);
}
