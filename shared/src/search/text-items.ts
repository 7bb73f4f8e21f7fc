/**
 * Joins the items of a PDF page's text content (pdf.js `page.getTextContent()`) into raw page text.
 * Pure, so the relay (Node) and the client's extraction worker (browser) produce the same text.
 */

/** The fields of a pdf.js `TextItem` this needs; marked-content items (no `str`) are skipped. */
export interface TextItemLike {
  readonly str: string;
  /** pdf.js: the item ends a line. */
  readonly hasEOL?: boolean;
  /** pdf.js: [a, b, c, d, e, f] text matrix; (e, f) is where the item starts. */
  readonly transform?: readonly number[];
  /** Advance width of the item, in the same units as the transform's translation. */
  readonly width?: number;
  readonly height?: number;
}

/** An entry of `TextContent.items`: a text item or a marked-content marker. */
export type TextContentEntry = TextItemLike | { readonly type: string };

/**
 * Raw page text: items in content order; "\n" after items that end a line, and also where pdf.js does
 * not say so but the next item starts on another line (standard_fonts.pdf: "www.tcpdf.org" then
 * "FONT: zapfdingbats" lower down, with no `hasEOL`); " " where an item starts well past the end of
 * the previous one on the same line (table cells) and neither side has a space.
 *
 * Geometry is read along the text direction of the previous item, so rotated text (pages with
 * /Rotate, vertical labels) is judged the same way as horizontal text.
 */
export function joinTextItems(items: readonly TextContentEntry[]): string {
  const out: string[] = [];
  let prev: TextItemLike | undefined;
  let lastChar = "";
  for (const entry of items) {
    if (!("str" in entry)) continue;
    const item = entry;
    if (prev && !prev.hasEOL && out.length > 0) {
      const sep = separator(prev, item);
      if (sep === "\n") out.push("\n");
      else if (sep === " " && !/\s/u.test(lastChar) && !/^\s/u.test(item.str)) out.push(" ");
    }
    out.push(item.str);
    if (item.str.length > 0) lastChar = item.str.at(-1)!;
    if (item.hasEOL) {
      out.push("\n");
      lastChar = "\n";
    }
    prev = item;
  }
  return out.join("");
}

/** How far an item may sit off the previous one's baseline and still be on its line, in font heights. */
const SAME_LINE = 0.5;
/** A gap wider than this many font heights between items on one line separates words. */
const WORD_GAP = 0.5;

function separator(a: TextItemLike, b: TextItemLike): "" | " " | "\n" {
  const ta = a.transform;
  const tb = b.transform;
  if (!ta || !tb || ta.length < 6 || tb.length < 6) return "";
  const [a0 = 1, a1 = 0, a2 = 0, a3 = 1, ax = 0, ay = 0] = ta;
  const [, , b2 = 0, b3 = 1, bx = 0, by = 0] = tb;
  const norm = Math.hypot(a0, a1);
  if (norm === 0) return "";
  const dirX = a0 / norm;
  const dirY = a1 / norm;
  const fontSize = Math.max(Math.hypot(a2, a3), Math.hypot(b2, b3), a.height ?? 0, b.height ?? 0);
  if (fontSize === 0) return "";
  const dx = bx - ax;
  const dy = by - ay;
  const across = dirX * dy - dirY * dx;
  const along = dirX * dx + dirY * dy;
  if (Math.abs(across) > SAME_LINE * fontSize) return "\n";
  // Back to (or before) the start of the previous item: a new line at the same height (columns).
  if (along < -SAME_LINE * fontSize) return "\n";
  const gap = along - (a.width ?? 0);
  return gap > WORD_GAP * fontSize ? " " : "";
}
