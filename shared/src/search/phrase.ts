/**
 * Phrase matching on prepared text (normalize.ts). A phrase matches where its characters occur in a row
 * starting at the beginning of a word; its last word may be a prefix (search as you type: "ket lu" finds
 * "kết luận"). A line-end hyphen in the text ({@link JOIN}) matches a hyphen in the phrase or nothing,
 * so "dưới" and "d-ưới" both find "d-⏎ưới".
 */
import { isUnspaced, isWordChar, JOIN } from "./normalize.ts";

/** A half-open range [start, end) of UTF-16 offsets. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

function codePointBefore(text: string, index: number): string {
  if (index <= 0) return "";
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(index - 2, index);
  }
  return text[index - 1]!;
}

function startsWord(text: string, index: number): boolean {
  const before = codePointBefore(text, index);
  if (before === "" || !isWordChar(before)) return true;
  const here = String.fromCodePoint(text.codePointAt(index)!);
  return isUnspaced(here) || isUnspaced(before);
}

function escapeRegExp(ch: string): string {
  return ch.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}

/**
 * Every non-overlapping occurrence of `phrase` in `text` (both prepared the same way: folded, or exact),
 * in text order. `hasJoins` says whether `text` contains {@link JOIN}; without, a plain scan is used.
 */
export function findPhrase(text: string, phrase: string, hasJoins: boolean): TextRange[] {
  const found: TextRange[] = [];
  if (phrase.length === 0) return found;
  const first = String.fromCodePoint(phrase.codePointAt(0)!);
  const needsWordStart = isWordChar(first);
  if (!hasJoins) {
    for (let at = text.indexOf(phrase); at >= 0; ) {
      if (!needsWordStart || startsWord(text, at)) {
        found.push({ start: at, end: at + phrase.length });
        at = text.indexOf(phrase, at + phrase.length);
      } else {
        at = text.indexOf(phrase, at + 1);
      }
    }
    return found;
  }
  const chars = Array.from(phrase, (ch) => (ch === "-" ? `[-${JOIN}]` : escapeRegExp(ch)));
  const pattern = new RegExp(chars.join(`${JOIN}?`), "gu");
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (!needsWordStart || startsWord(text, m.index)) {
      found.push({ start: m.index, end: m.index + m[0].length });
    } else {
      pattern.lastIndex = m.index + 1;
    }
  }
  return found;
}
