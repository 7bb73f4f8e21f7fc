/**
 * From a reader's text selection (the viewer gives its text and its quads in user space) to the
 * quote a text highlight keeps: which occurrence of the selected words on the page was selected, and
 * the words around it (quote.ts `captureQuote`).
 */
import type { TextRange } from "../search/phrase.ts";
import { type Quad, quadBounds, type Rect, unionRects } from "./geometry.ts";
import { captureQuote, prepareAnchorPages, quoteOccurrences, type TextQuote } from "./quote.ts";
import { mapPageText, type PageTextMap, quadsForTextRange, type TextContentLike } from "./text-quads.ts";

/** The quote of a selection and where it is in the page's display text (null range: not found in the text). */
export interface SelectionQuote {
  readonly quote: TextQuote;
  readonly range: TextRange | null;
}

function centre(r: Rect): [number, number] {
  return [(r[0] + r[2]) / 2, (r[1] + r[3]) / 2];
}

/**
 * The quote of a selection on a page. Among the occurrences of the selected text on the page, the one
 * whose quads (`quadsForTextRange`) lie nearest the selection's quads is taken (a word that appears
 * several times gets the context of the one the reader selected). When the selected text is not
 * found in the page's text (a selection across an odd text layer), the quote is the selection's own
 * text without context, so the highlight is still kept and drawn where it was made.
 *
 * @param content the page's `getTextContent()` (items and styles)
 * @param text the selected text as the browser reports it
 * @param quads the selection's quads in user space
 */
export function quoteForSelection(
  content: TextContentLike,
  text: string,
  quads: readonly Quad[],
  options: { map?: PageTextMap } = {},
): SelectionQuote {
  const map = options.map ?? mapPageText(content.items);
  const pages = prepareAnchorPages([map.raw]);
  const candidates = quoteOccurrences(text, pages, 0);
  const plain = text.normalize("NFC").replace(/\s+/gu, " ").trim();
  if (candidates.length === 0) return { quote: { exact: plain, prefix: "", suffix: "" }, range: null };
  let best = candidates[0]!;
  const target = unionRects(quads.map(quadBounds));
  if (candidates.length > 1 && target) {
    const [tx, ty] = centre(target);
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const range of candidates) {
      const bounds = unionRects(quadsForTextRange(content, range, { map }).map(quadBounds));
      if (!bounds) continue;
      const [x, y] = centre(bounds);
      const distance = Math.hypot(x - tx, y - ty);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = range;
      }
    }
  }
  return { quote: captureQuote(map, best), range: best };
}
