/**
 * Find-in-page highlighting on pdf.js's text layer: where a query occurs among a page's text items
 * (`TextLayer.textContentItemsStr`), and marking those places in the item elements.
 *
 * Matching folds like search does (shared/src/search: NFC/NFD-, case- and diacritics-insensitive,
 * đ = d) and ignores white space entirely, because PDFs split words into items and put spaces in
 * items or between them arbitrarily; which pages hold the phrase was already decided by the search
 * index, this only paints it.
 */
import { foldChar } from "../../../../shared/src/search/normalize.ts";

/** A piece of one match inside one text item: UTF-16 offsets [start, end) of `items[item]`. */
export interface ItemRange {
  readonly item: number;
  readonly start: number;
  readonly end: number;
}

const SPACE = /\s/u;

/** Folds a string code point by code point, dropping white space. */
function foldCompact(text: string): string {
  let out = "";
  for (const ch of text.normalize("NFC")) if (!SPACE.test(ch)) out += foldChar(ch);
  return out;
}

/**
 * Every occurrence of `query` across `items` (in order, non-overlapping); each occurrence is the list
 * of item pieces it covers. An empty query (or white space only) finds nothing.
 */
export function findInItems(items: readonly string[], query: string): ItemRange[][] {
  const needle = foldCompact(query);
  if (needle.length === 0) return [];
  // The folded text of all items, with the source (item, start, end) of every folded UTF-16 unit.
  let hay = "";
  const srcItem: number[] = [];
  const srcStart: number[] = [];
  const srcEnd: number[] = [];
  items.forEach((str, item) => {
    let i = 0;
    for (const ch of str) {
      const start = i;
      i += ch.length;
      if (SPACE.test(ch)) continue;
      const folded = foldChar(ch.normalize("NFC"));
      for (let k = 0; k < folded.length; k++) {
        srcItem.push(item);
        srcStart.push(start);
        srcEnd.push(i);
      }
      hay += folded;
    }
  });
  const matches: ItemRange[][] = [];
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length)) {
    const pieces: ItemRange[] = [];
    for (let k = at; k < at + needle.length; k++) {
      const item = srcItem[k]!;
      const last = pieces.at(-1);
      if (last && last.item === item) {
        pieces[pieces.length - 1] = { item, start: last.start, end: Math.max(last.end, srcEnd[k]!) };
      } else {
        pieces.push({ item, start: srcStart[k]!, end: srcEnd[k]! });
      }
    }
    matches.push(pieces);
  }
  return matches;
}

/** CSS class of a highlighted piece (pdf.js's own text-layer class, styled in viewer.css). */
export const HIGHLIGHT_CLASS = "highlight";

/**
 * Wraps the pieces of each match in `<span class="highlight">` inside the text-layer elements
 * (`divs[i]` shows `items[i]`), after clearing earlier highlights. Returns the first highlight element,
 * to scroll to. Elements whose text differs from `items` (a re-rendered layer) are left alone.
 */
export function paintHighlights(
  divs: readonly HTMLElement[],
  items: readonly string[],
  matches: readonly ItemRange[][],
): HTMLElement | undefined {
  clearHighlights(divs, items);
  const byItem = new Map<number, ItemRange[]>();
  for (const match of matches) {
    for (const piece of match) {
      const list = byItem.get(piece.item) ?? [];
      list.push(piece);
      byItem.set(piece.item, list);
    }
  }
  let first: HTMLElement | undefined;
  for (const [item, pieces] of [...byItem].sort((a, b) => a[0] - b[0])) {
    const div = divs[item];
    const text = items[item];
    if (!div || text === undefined || div.textContent !== text) continue;
    pieces.sort((a, b) => a.start - b.start);
    const doc = div.ownerDocument;
    const fragment = doc.createDocumentFragment();
    let at = 0;
    for (const { start, end } of pieces) {
      if (start < at) continue;
      if (start > at) fragment.append(text.slice(at, start));
      const mark = doc.createElement("span");
      mark.className = HIGHLIGHT_CLASS;
      mark.textContent = text.slice(start, end);
      fragment.append(mark);
      first ??= mark;
      at = end;
    }
    if (at < text.length) fragment.append(text.slice(at));
    div.replaceChildren(fragment);
  }
  return first;
}

/** Restores the plain text of elements that carry highlights. */
export function clearHighlights(divs: readonly HTMLElement[], items: readonly string[]): void {
  divs.forEach((div, i) => {
    if (div.firstElementChild && items[i] !== undefined) div.textContent = items[i];
  });
}
