/**
 * Text normalisation for Vietnamese-friendly search (shared/fixtures/pdfs/MANIFEST.md, "Search
 * normalisation that these files require"): NFC, control and format characters stripped, whitespace
 * collapsed, "-⏎" line-end hyphenation joinable, and diacritics/case folding with đ → d through
 * {@link foldText}, done character by character so every folded character maps back to the text the
 * user sees (for highlighting).
 */
import { foldText } from "../text.ts";

/**
 * Stands in the folded text for a line-end hyphen that may join the two halves of a word ("d-⏎ưới").
 * Format characters are stripped from page text, so it cannot occur there otherwise. The matcher
 * reads it as "a hyphen, or nothing".
 */
export const JOIN = "\u00AD";

/** A page's text prepared for search. */
export interface PreparedText {
  /**
   * What hit offsets refer to: NFC, control and format characters removed, every run of whitespace
   * one space, trimmed. A line-end hyphen between two letters is kept and the line break dropped
   * ("d-ưới"). Build it from raw page text with {@link normalizePageText}.
   */
  readonly display: string;
  /** `display` folded character by character, with {@link JOIN} in place of each line-end hyphen. */
  readonly folded: string;
  /**
   * For each UTF-16 unit of `folded`: the index in `display` of the character it came from; null when
   * they are the same (every character folded to as many units as it had: the usual case).
   */
  readonly foldedToDisplay: Uint32Array | null;
  /** Indices in `display` of line-end hyphens (ascending). */
  readonly joins: readonly number[];
}

/** White space, except U+FEFF (a byte-order mark, stripped as invisible rather than read as a space). */
const WHITESPACE = /[^\S\uFEFF]/u;
const LINE_BREAK = /[\n\r\u2028\u2029\u0085\v\f]/u;
const HYPHENS = new Set(["-", "\u2010"]);
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
/** Scripts written without spaces between words: every character starts a word. */
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}]/u;

/** True for letters, digits and combining marks (what words are made of). */
export function isWordChar(ch: string): boolean {
  return WORD_CHAR.test(ch);
}

/** True for characters of scripts without spaces between words (Chinese, Japanese kana, Thai…). */
export function isUnspaced(ch: string): boolean {
  return UNSPACED.test(ch);
}

/**
 * Runs of: white space (not U+FEFF) | a soft hyphen | other invisible characters (Cc: NUL…, DEL, C1;
 * Cf: zero-width and bidi marks, BOM) | visible characters. Working on runs rather than characters keeps preparation fast (bench/search.ts).
 */
const RUNS = /([^\S\uFEFF]+)|(\u00AD)|([\p{Cc}\p{Cf}]+)|([^\s\p{Cc}\p{Cf}]+)/gu;

function lastCodePoint(run: string): string {
  const low = run.charCodeAt(run.length - 1);
  return low >= 0xdc00 && low <= 0xdfff && run.length >= 2 ? run.slice(-2) : run.slice(-1);
}

/**
 * The display form of raw page text (see {@link PreparedText.display}), with the positions of
 * line-end hyphens. Raw text is what the extractor produced: text items joined, "\n" at line ends.
 */
export function normalizePageText(raw: string): { display: string; joins: number[] } {
  const out: string[] = [];
  let length = 0;
  const joins: number[] = [];
  /** Last visible character written, the one before it, and whether a space separated the two. */
  let last = "";
  let beforeLast = "";
  let spacedLast = false;
  let space = false;
  let lineBreak = false;
  let softHyphen = false;
  for (const m of raw.normalize("NFC").matchAll(RUNS)) {
    if (m[1] !== undefined) {
      space = true;
      if (LINE_BREAK.test(m[1])) lineBreak = true;
      continue;
    }
    if (m[2] !== undefined) {
      softHyphen = !space;
      continue;
    }
    const run = m[4];
    if (run === undefined) continue;
    const first = String.fromCodePoint(run.codePointAt(0)!);
    let spaced = false;
    if (length > 0) {
      const wordNext = isWordChar(first);
      if (softHyphen && lineBreak && wordNext && isWordChar(last)) {
        // A soft hyphen shows only where the line broke: show it there, as a joinable hyphen.
        joins.push(length);
        out.push("-");
        length += 1;
      } else if (lineBreak && HYPHENS.has(last) && !spacedLast && wordNext && isWordChar(beforeLast)) {
        joins.push(length - 1);
      } else if (space) {
        out.push(" ");
        length += 1;
        spaced = true;
      }
    }
    out.push(run);
    length += run.length;
    const end = lastCodePoint(run);
    if (end.length === run.length) {
      beforeLast = last;
      spacedLast = spaced;
    } else {
      beforeLast = lastCodePoint(run.slice(0, -end.length));
      spacedLast = false;
    }
    last = end;
    space = false;
    lineBreak = false;
    softHyphen = false;
  }
  return { display: out.join(""), joins };
}

const foldCache = new Map<string, string>();

/** Folds one character (a code point) as {@link foldText} does; may return "" (a lone combining mark). */
export function foldChar(ch: string): string {
  let folded = foldCache.get(ch);
  if (folded === undefined) {
    folded = WHITESPACE.test(ch) ? " " : foldText(ch);
    if (foldCache.size < 50_000) foldCache.set(ch, folded);
  }
  return folded;
}

/** Capitals and everything outside printable ASCII (display text has no control characters left). */
const NEEDS_FOLDING = /[A-Z]|[^ -~]/gu;

/** Prepares raw page text for indexing and matching. */
export function prepareText(raw: string): PreparedText {
  const { display, joins } = normalizePageText(raw);
  // Fast path: when every character folds to as many UTF-16 units as it has (all NFC Vietnamese and
  // Latin text does), folded offsets are display offsets and no map is needed.
  let sameLength = true;
  const folded = display.replace(NEEDS_FOLDING, (ch) => {
    const f = foldChar(ch);
    if (f.length !== ch.length) sameLength = false;
    return f;
  });
  if (sameLength) return { display, folded: withJoins(folded, joins), foldedToDisplay: null, joins };
  const parts: string[] = [];
  const map: number[] = [];
  let nextJoin = 0;
  for (let i = 0; i < display.length; ) {
    const width = display.codePointAt(i)! > 0xffff ? 2 : 1;
    let f: string;
    if (joins[nextJoin] === i) {
      f = JOIN;
      nextJoin++;
    } else {
      f = foldChar(display.slice(i, i + width));
    }
    for (let k = 0; k < f.length; k++) map.push(i);
    parts.push(f);
    i += width;
  }
  return { display, folded: parts.join(""), foldedToDisplay: Uint32Array.from(map), joins };
}

function withJoins(text: string, joins: readonly number[]): string {
  if (joins.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const j of joins) {
    parts.push(text.slice(at, j), JOIN);
    at = j + 1;
  }
  parts.push(text.slice(at));
  return parts.join("");
}

/** A query in the two forms the matcher compares: as typed (normalised) and folded. */
export interface PreparedQuery {
  /** NFC, invisible characters removed, whitespace collapsed and trimmed. */
  readonly exact: string;
  /** `exact` folded character by character (as page text is). */
  readonly folded: string;
}

/** Normalises a search query the same way as page text ("Ủy ban", "uy  BAN", NFD input all fold alike). */
export function prepareQuery(query: string): PreparedQuery {
  // Line breaks become plain spaces first: a query has no line-end hyphenation to join.
  const exact = normalizePageText(query.replace(/[^\S\uFEFF]+/gu, " ")).display;
  let folded = "";
  for (const ch of exact) folded += foldChar(ch);
  return { exact, folded };
}

/** `display` with {@link JOIN} in place of line-end hyphens: what exact (unfolded) matching compares. */
export function exactSearchText(prepared: PreparedText): string {
  return withJoins(prepared.display, prepared.joins);
}
