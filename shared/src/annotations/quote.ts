/**
 * Text quotes: what a text highlight covers, kept as words with some context (W3C Web Annotation
 * Data Model §4.2.4 TextQuoteSelector: exact, prefix, suffix), and finding them again in another
 * version of the document.
 *
 * Matching is on the pages' display text (shared/src/search normalisation) folded and without white
 * space: NFC/NFD, case, diacritics and old/new tone placement ("Uỷ"/"Ủy") do not matter, nor do
 * line breaks, hyphenation at line ends or spaces an extractor adds or drops between items.
 * Order of preference: the quote exactly with its context → the quote exactly anywhere → the quote
 * with at most `maxErrorRate` edits per character (Levenshtein, fuzzy.ts). Among equals, the
 * context decides, then an exact (unfolded) spelling, then nearness to the page it was on.
 */
import {
  JOIN,
  normalizePageText,
  type PreparedText,
  prepareQuery,
  prepareText,
} from "../search/normalize.ts";
import type { TextRange } from "../search/phrase.ts";
import { approximateMatches, similarity } from "./fuzzy.ts";

/** A quoted passage with context, as stored with a text highlight. */
export interface TextQuote {
  /** The highlighted text, as the page shows it (NFC, white space collapsed, line-end hyphens removed). */
  readonly exact: string;
  /** Up to {@link QUOTE_CONTEXT_LENGTH} characters before it on the same page. */
  readonly prefix: string;
  /** Up to {@link QUOTE_CONTEXT_LENGTH} characters after it on the same page. */
  readonly suffix: string;
}

/** Characters of context kept on each side of a quote. */
export const QUOTE_CONTEXT_LENGTH = 32;

/** A page's display text and its line-end hyphens (PreparedText, PageTextMap and friends have them). */
export interface DisplayText {
  readonly display: string;
  readonly joins: readonly number[];
}

function isLowSurrogate(text: string, index: number): boolean {
  const c = text.charCodeAt(index);
  return c >= 0xdc00 && c <= 0xdfff;
}

/** `display.slice(from, to)` without line-end hyphens, cut at whole code points. */
function sliceWithoutJoins(page: DisplayText, from: number, to: number): string {
  let start = Math.max(0, from);
  let end = Math.min(page.display.length, to);
  if (start > 0 && isLowSurrogate(page.display, start)) start++;
  if (end < page.display.length && isLowSurrogate(page.display, end)) end++;
  let out = "";
  let at = start;
  for (const j of page.joins) {
    if (j < start || j >= end) continue;
    out += page.display.slice(at, j);
    at = j + 1;
  }
  return out + page.display.slice(at, end);
}

/**
 * The quote of a range of a page's display text, with up to `context` characters each side.
 * @param page raw page text (`ExtractedDocument.pages[i]`) or its display text with joins
 * @param range UTF-16 offsets in the display text (a search hit, `rangeForItemPositions`…)
 */
export function captureQuote(
  page: string | DisplayText,
  range: TextRange,
  context = QUOTE_CONTEXT_LENGTH,
): TextQuote {
  const text = typeof page === "string" ? normalizePageText(page) : page;
  return {
    exact: sliceWithoutJoins(text, range.start, range.end),
    prefix: sliceWithoutJoins(text, range.start - context, range.start),
    suffix: sliceWithoutJoins(text, range.end, range.end + context),
  };
}

/** One page prepared for anchoring. */
interface AnchorPage {
  readonly text: PreparedText;
  /** Folded text without spaces and line-end hyphens. */
  readonly canonical: string;
  /** For each unit of `canonical`: its offset in `text.display`. */
  readonly toDisplay: Uint32Array;
}

/** Every page of a document version prepared once for anchoring many quotes. */
export interface AnchorPages {
  readonly pages: readonly AnchorPage[];
}

/** Prepares a version's page texts (`ExtractedDocument.pages`: raw text, index 0 = page 1). */
export function prepareAnchorPages(rawPages: readonly string[]): AnchorPages {
  return {
    pages: rawPages.map((raw) => {
      const text = prepareText(raw);
      const map = text.foldedToDisplay;
      const chars: string[] = [];
      const toDisplay: number[] = [];
      for (let i = 0; i < text.folded.length; i++) {
        const ch = text.folded[i]!;
        if (ch === " " || ch === JOIN) continue;
        chars.push(ch);
        toDisplay.push(map ? map[i]! : i);
      }
      return { text, canonical: chars.join(""), toDisplay: Uint32Array.from(toDisplay) };
    }),
  };
}

function canonicalQuery(text: string): string {
  return prepareQuery(text).folded.replace(/ /g, "");
}

function compact(text: string): string {
  return text.replace(/\s+/gu, "");
}

/** How a quote was found. */
export type QuoteMatchKind = "exact_context" | "exact" | "fuzzy";

/** Where a quote was found in a version. */
export interface QuoteMatch {
  /** 0-based page index. */
  readonly pageIndex: number;
  /** UTF-16 offsets in that page's display text (map to quads with `quadsForTextRange`). */
  readonly range: TextRange;
  readonly kind: QuoteMatchKind;
  /** Edits between the quote and the text found (folded, without white space); 0 unless fuzzy. */
  readonly errors: number;
  /** Higher is better; only for comparing matches of one quote. */
  readonly score: number;
  /** The quote as it reads in this version, to store with the carried-over highlight. */
  readonly quote: TextQuote;
}

export interface AnchorOptions {
  /** 0-based page the quote was on: breaks ties, and centres the fuzzy search. */
  readonly pageHint?: number;
  /** Most edits per character of the quote for a fuzzy match (default 0.2). */
  readonly maxErrorRate?: number;
  /** Quotes shorter than this (folded, without spaces) are only matched exactly (default 8). */
  readonly minFuzzyLength?: number;
  /** With a hint, fuzzy search covers pages within this distance of it (default 3; Infinity = all). */
  readonly fuzzyRadius?: number;
}

/** Weights of the score (after Hypothesis's anchoring): the quote counts most, then its context. */
const W_QUOTE = 50;
const W_CONTEXT = 20;
const W_SPELLING = 2;
const MAX_EXACT_PER_PAGE = 500;

/**
 * Finds a quote in a version's pages; null when it is not there (the annotation "could not be
 * placed"). Pass {@link prepareAnchorPages} output when anchoring many quotes in one version.
 */
export function anchorQuote(
  quote: TextQuote,
  pages: AnchorPages | readonly string[],
  options: AnchorOptions = {},
): QuoteMatch | null {
  const prepared = "pages" in pages ? (pages as AnchorPages) : prepareAnchorPages(pages as readonly string[]);
  const exact = canonicalQuery(quote.exact);
  if (exact.length === 0) return null;
  const prefix = canonicalQuery(quote.prefix);
  const suffix = canonicalQuery(quote.suffix);
  const spelled = compact(prepareQuery(quote.exact).exact);
  const hint = options.pageHint;

  const evaluate = (pageIndex: number, start: number, end: number, errors: number) => {
    const page = prepared.pages[pageIndex]!;
    const before = page.canonical.slice(Math.max(0, start - prefix.length), start);
    const after = page.canonical.slice(end, end + suffix.length);
    // A side without context (the quote began or ended its page, or came without context) is neutral.
    const prefixScore = prefix.length === 0 ? 0.5 : similarity(prefix, before);
    const suffixScore = suffix.length === 0 ? 0.5 : similarity(suffix, after);
    const contextExact =
      prefix.length + suffix.length > 0 &&
      (prefix.length === 0 || prefixScore === 1) &&
      (suffix.length === 0 || suffixScore === 1);
    const range = displayRange(page, start, end);
    const sameSpelling = compact(sliceWithoutJoins(page.text, range.start, range.end)) === spelled;
    const nearness = hint === undefined ? 0 : 1 / (1 + Math.abs(pageIndex - hint));
    const score =
      W_QUOTE * (1 - errors / exact.length) +
      W_CONTEXT * (prefixScore + suffixScore) +
      (sameSpelling ? W_SPELLING : 0) +
      nearness;
    const kind: QuoteMatchKind = errors > 0 ? "fuzzy" : contextExact ? "exact_context" : "exact";
    return { pageIndex, range, kind, errors, score };
  };

  type Candidate = ReturnType<typeof evaluate>;
  const better = (a: Candidate, b: Candidate | null) =>
    !b ||
    a.score > b.score ||
    (a.score === b.score && a.pageIndex === b.pageIndex && a.range.start < b.range.start);

  let best: Candidate | null = null;
  for (const [pageIndex, page] of prepared.pages.entries()) {
    let found = 0;
    for (let at = page.canonical.indexOf(exact); at >= 0 && found < MAX_EXACT_PER_PAGE; found++) {
      const c = evaluate(pageIndex, at, at + exact.length, 0);
      if (better(c, best)) best = c;
      at = page.canonical.indexOf(exact, at + 1);
    }
  }

  if (!best && exact.length >= (options.minFuzzyLength ?? 8)) {
    const maxErrors = Math.floor(exact.length * (options.maxErrorRate ?? 0.2));
    const radius = options.fuzzyRadius ?? 3;
    for (const [pageIndex, page] of prepared.pages.entries()) {
      if (hint !== undefined && Math.abs(pageIndex - hint) > radius) continue;
      for (const m of approximateMatches(page.canonical, exact, maxErrors, 20)) {
        if (m.end <= m.start) continue;
        const c = evaluate(pageIndex, m.start, m.end, m.errors);
        if (better(c, best)) best = c;
      }
    }
  }
  if (!best) return null;
  return {
    ...best,
    quote: captureQuote(prepared.pages[best.pageIndex]!.text, best.range, QUOTE_CONTEXT_LENGTH),
  };
}

/** Canonical offsets `[start, end)` → display offsets (the end after the whole last character). */
function displayRange(page: AnchorPage, start: number, end: number): TextRange {
  const first = page.toDisplay[start]!;
  const last = page.toDisplay[end - 1]!;
  const width = page.text.display.codePointAt(last)! > 0xffff ? 2 : 1;
  return { start: first, end: last + width };
}

/**
 * Every place `text` occurs exactly on one page (folded, without white space — the same matching as
 * {@link anchorQuote}), as ranges of the page's display text, in reading order. Used to find which
 * occurrence a reader selected; at most `limit` ranges.
 */
export function quoteOccurrences(
  text: string,
  pages: AnchorPages,
  pageIndex: number,
  limit = MAX_EXACT_PER_PAGE,
): TextRange[] {
  const page = pages.pages[pageIndex];
  const needle = canonicalQuery(text);
  if (!page || needle.length === 0) return [];
  const out: TextRange[] = [];
  for (let at = page.canonical.indexOf(needle); at >= 0 && out.length < limit; ) {
    out.push(displayRange(page, at, at + needle.length));
    at = page.canonical.indexOf(needle, at + 1);
  }
  return out;
}
