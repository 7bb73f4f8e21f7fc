/**
 * Tokenisers for the search library (MiniSearch) over folded text. Words are runs of letters, digits and
 * marks; scripts without spaces (Chinese, Japanese…) give one token per character, so "黑体字" finds
 * "我们都是黑体字". The tokens only narrow the candidate pages; phrase.ts decides what matches.
 */
import { isUnspaced, JOIN } from "./normalize.ts";

const PIECES = /[\p{L}\p{N}\p{M}\u00AD]+/gu;
const UNSPACED_RUN =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}]/u;

function pushWord(word: string, out: string[]): void {
  if (!UNSPACED_RUN.test(word)) {
    out.push(word);
    return;
  }
  let run = "";
  for (const ch of word) {
    if (isUnspaced(ch)) {
      if (run) out.push(run);
      run = "";
      out.push(ch);
    } else {
      run += ch;
    }
  }
  if (run) out.push(run);
}

/**
 * Tokens of folded page text. A word split by a line-end hyphen ("d{JOIN}uoi") gives the joined word
 * and its halves ("duoi", "d", "uoi"): a query may spell it either way.
 */
export function indexTokens(folded: string): string[] {
  const out: string[] = [];
  for (const [piece] of folded.matchAll(PIECES)) {
    if (!piece.includes(JOIN)) {
      pushWord(piece, out);
      continue;
    }
    const halves = piece.split(JOIN).filter((h) => h.length > 0);
    pushWord(halves.join(""), out);
    if (halves.length > 1) for (const h of halves) pushWord(h, out);
  }
  return out;
}

/** Tokens of a folded query (queries carry no line-end hyphens). */
export function queryTokens(folded: string): string[] {
  const out: string[] = [];
  for (const [piece] of folded.matchAll(PIECES)) {
    for (const part of piece.split(JOIN)) if (part) pushWord(part, out);
  }
  return out;
}
