/**
 * Carrying annotations over to a new version of a document (a new file, i.e. a new SHA-256).
 *
 * Rules:
 * - A text highlight goes where its quote is found in the new version (quote.ts: exact with context
 *   → exact anywhere → fuzzy within a bound). The client turns the matched range into quads with its
 *   text layer (`quadsForTextRange`) and writes the copy with `carryOverAnnotation` /
 *   `carryOverSharedAnnotation`.
 * - A rectangle highlight, note or drawing has no words of its own. It goes along, at the same
 *   coordinates, only when its page has text and that text is unchanged in the new version (the same
 *   page index first, else the one page with identical text): then nothing it could point at moved.
 *   Otherwise — a scan without text, or a page that changed — it "could not be placed".
 * - Nothing is moved or deleted: the old version keeps its annotations (one tap away), and what could
 *   not be placed is derived (`unplacedAnnotations`), never stored.
 */
import { normalizePageText } from "../search/normalize.ts";
import type { TextRange } from "../search/phrase.ts";
import {
  type AnchorOptions,
  type AnchorPages,
  anchorQuote,
  prepareAnchorPages,
  type QuoteMatchKind,
  type TextQuote,
} from "./quote.ts";
import { type AnnotationGeometry, type AnnotationId, AnnotationKind, type AnnotationView } from "./types.ts";

/** Why an annotation could not be placed in the new version. */
export const NotPlacedReason = {
  /** Its quoted text is not in the new version (not even approximately). */
  QuoteNotFound: "quote_not_found",
  /** No text to anchor it: its page has no text (a scan), or no page of the new version has the same text. */
  NoTextAnchor: "no_text_anchor",
  /** The old page does not exist in the old version's text given (pages mismatch). */
  PageMissing: "page_missing",
} as const;
export type NotPlacedReason = (typeof NotPlacedReason)[keyof typeof NotPlacedReason];

export type CarryOverPlacement =
  | {
      readonly status: "placed";
      readonly annotation: AnnotationView;
      /** 0-based page in the new version. */
      readonly pageIndex: number;
      /** How it was placed: how the quote matched, or "same_page" (unchanged page text). */
      readonly method: QuoteMatchKind | "same_page";
      /** Text highlights: the matched range of the page's display text, to turn into quads. */
      readonly range: TextRange | null;
      /** Text highlights: the quote as it reads in the new version. */
      readonly quote: TextQuote | null;
      /** Other kinds: the geometry to write (unchanged). Null for text highlights (the client maps `range`). */
      readonly geometry: AnnotationGeometry | null;
    }
  | { readonly status: "not_placed"; readonly annotation: AnnotationView; readonly reason: NotPlacedReason };

const HAS_TEXT = /[\p{L}\p{N}]/u;

/**
 * Decides where each annotation of the old version goes in the new one (pure; see the rules above).
 * @param oldPages raw page texts of the old version (needed for non-text annotations; without them those are not placed)
 * @param newPages raw page texts of the new version (`ExtractedDocument.pages`)
 */
export function planCarryOver(
  annotations: readonly AnnotationView[],
  versions: { readonly oldPages?: readonly string[]; readonly newPages: readonly string[] | AnchorPages },
  options: Omit<AnchorOptions, "pageHint"> = {},
): CarryOverPlacement[] {
  const anchorPages = Array.isArray(versions.newPages)
    ? prepareAnchorPages(versions.newPages as readonly string[])
    : (versions.newPages as AnchorPages);
  let newDisplays: string[] | null = null;
  const oldDisplays = new Map<number, string>();
  const oldDisplay = (pageIndex: number) => {
    if (!versions.oldPages) return undefined;
    if (!oldDisplays.has(pageIndex)) {
      const raw = versions.oldPages[pageIndex];
      if (raw === undefined) return undefined;
      oldDisplays.set(pageIndex, normalizePageText(raw).display);
    }
    return oldDisplays.get(pageIndex);
  };

  return annotations.map((annotation): CarryOverPlacement => {
    if (annotation.kind === AnnotationKind.TextHighlight && annotation.quote) {
      const match = anchorQuote(annotation.quote, anchorPages, {
        ...options,
        pageHint: annotation.pageIndex,
      });
      if (!match) return { status: "not_placed", annotation, reason: NotPlacedReason.QuoteNotFound };
      return {
        status: "placed",
        annotation,
        pageIndex: match.pageIndex,
        method: match.kind,
        range: match.range,
        quote: match.quote,
        geometry: null,
      };
    }
    const before = oldDisplay(annotation.pageIndex);
    if (versions.oldPages && before === undefined) {
      return { status: "not_placed", annotation, reason: NotPlacedReason.PageMissing };
    }
    if (before === undefined || !HAS_TEXT.test(before)) {
      return { status: "not_placed", annotation, reason: NotPlacedReason.NoTextAnchor };
    }
    newDisplays ??= anchorPages.pages.map((p) => p.text.display);
    const displays = newDisplays;
    const same =
      displays[annotation.pageIndex] === before
        ? annotation.pageIndex
        : displays.filter((d) => d === before).length === 1
          ? displays.indexOf(before)
          : -1;
    if (same < 0) return { status: "not_placed", annotation, reason: NotPlacedReason.NoTextAnchor };
    return {
      status: "placed",
      annotation,
      pageIndex: same,
      method: "same_page",
      range: null,
      quote: null,
      geometry: annotation.geometry,
    };
  });
}

/**
 * The id of an annotation's carried-over copy in a new file: derived from both (a UUID-shaped hex
 * digest, FNV-1a based — identity, not security), so every device computes the same one.
 */
export function carriedAnnotationId(annotationId: string, fileId: string): AnnotationId {
  const input = `${annotationId}\u0000${fileId}`;
  const words = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b].map((seed) => {
    let h = seed >>> 0;
    for (let i = 0; i < input.length; i++) {
      h ^= input.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
      h = (h ^ (h >>> 15)) >>> 0;
    }
    return h.toString(16).padStart(8, "0");
  });
  const hex = words.join("");
  // Shaped as a UUID v8 (RFC 9562 §5.8: custom), so it reads like every other id.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}` as AnnotationId;
}

/**
 * Live annotations of the old version that have no carried-over copy in the new version: the
 * "could not be placed" list (derived after carry-over ran).
 */
export function unplacedAnnotations(
  annotations: readonly AnnotationView[],
  oldFileId: string,
  newFileId: string,
): AnnotationView[] {
  const carried = new Set(
    annotations
      // A copy deleted since was placed (the reader removed it), so it does not count as unplaced.
      .filter((a) => a.fileId === newFileId && a.carriedFrom?.fileId === oldFileId)
      .map((a) => a.carriedFrom!.annotationId),
  );
  return annotations.filter((a) => a.fileId === oldFileId && a.deletedAt === null && !carried.has(a.id));
}
