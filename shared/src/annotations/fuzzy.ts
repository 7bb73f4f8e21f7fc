/**
 * Approximate string matching for re-anchoring quotes: Levenshtein distance, and every place where a
 * pattern occurs in a text with at most k edits, with Myers's bit-parallel algorithm (G. Myers, "A fast
 * bit-vector algorithm for approximate string matching based on dynamic programming", J. ACM 46(3),
 * 1999) in the block form of H. Hyyrö ("Explaining and extending the bit-parallel approximate string
 * matching algorithm of Myers", 2001), so patterns of any length run in O(n · ⌈m/32⌉).
 * Offsets are UTF-16 units.
 */

/** Levenshtein edit distance (insertions, deletions, substitutions all cost 1). */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = new Uint32Array(b.length + 1);
  let row = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, row] = [row, prev];
  }
  return prev[b.length]!;
}

/** 1 − distance / longer length: 1 for equal strings, 0 for nothing in common. Two empty strings: 1. */
export function similarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 1 : 1 - levenshtein(a, b) / longer;
}

/** An approximate occurrence: `text.slice(start, end)` is `errors` edits away from the pattern. */
export interface ApproximateMatch {
  readonly start: number;
  readonly end: number;
  readonly errors: number;
}

/**
 * For every end position `e` (1…n) the edit distance between the pattern and the best substring of
 * `text` ending at `e`; index 0 holds m (the empty prefix).
 */
export function endDistances(text: string, pattern: string): Uint32Array {
  const m = pattern.length;
  const n = text.length;
  const out = new Uint32Array(n + 1);
  out[0] = m;
  if (m === 0) return out;
  const blocks = Math.ceil(m / 32);
  const peq = new Map<number, Uint32Array>();
  for (let i = 0; i < m; i++) {
    const c = pattern.charCodeAt(i);
    let bits = peq.get(c);
    if (!bits) {
      bits = new Uint32Array(blocks);
      peq.set(c, bits);
    }
    bits[i >> 5]! |= 1 << (i & 31);
  }
  const none = new Uint32Array(blocks);
  const pv = new Uint32Array(blocks).fill(0xffffffff);
  const mv = new Uint32Array(blocks);
  const lastHigh = 1 << ((m - 1) & 31);
  let score = m;
  for (let j = 0; j < n; j++) {
    const eqs = peq.get(text.charCodeAt(j)) ?? none;
    // Row 0 of the search matrix is all zeros (a match may start anywhere): no carry into block 0.
    let carry = 0;
    for (let b = 0; b < blocks; b++) {
      const high = b === blocks - 1 ? lastHigh : 0x80000000;
      const p = pv[b]!;
      const mm = mv[b]!;
      let eq = eqs[b]!;
      const xv = eq | mm;
      if (carry < 0) eq |= 1;
      const xh = ((((eq & p) + p) >>> 0) ^ p) | eq;
      let ph = mm | ~(xh | p);
      let mh = p & xh;
      const out = ph & high ? 1 : mh & high ? -1 : 0;
      ph <<= 1;
      mh <<= 1;
      if (carry < 0) mh |= 1;
      else if (carry > 0) ph |= 1;
      pv[b] = mh | ~(xv | ph);
      mv[b] = ph & xv;
      carry = out;
    }
    score += carry;
    out[j + 1] = score;
  }
  return out;
}

/**
 * Where a match of `pattern` ending at `end` starts, with its cost: the start s ≤ end minimising
 * `levenshtein(pattern, text.slice(s, end))`; of equal costs, the one whose length is nearest the
 * pattern's.
 */
export function matchStart(text: string, pattern: string, end: number, maxErrors: number): ApproximateMatch {
  const m = pattern.length;
  const lo = Math.max(0, end - m - maxErrors);
  const width = end - lo;
  // Align reversed: the pattern from its end against the text backwards from `end`.
  let prev = new Uint32Array(width + 1);
  let row = new Uint32Array(width + 1);
  for (let k = 0; k <= width; k++) prev[k] = k;
  for (let i = 1; i <= m; i++) {
    row[0] = i;
    const cp = pattern.charCodeAt(m - i);
    for (let k = 1; k <= width; k++) {
      const cost = cp === text.charCodeAt(end - k) ? 0 : 1;
      row[k] = Math.min(prev[k]! + 1, row[k - 1]! + 1, prev[k - 1]! + cost);
    }
    [prev, row] = [row, prev];
  }
  let best = 0;
  for (let k = 1; k <= width; k++) {
    const d = prev[k]!;
    const b = prev[best]!;
    if (d < b || (d === b && Math.abs(k - m) < Math.abs(best - m))) best = k;
  }
  return { start: end - best, end, errors: prev[best]! };
}

/**
 * The approximate occurrences of `pattern` in `text` with at most `maxErrors` edits: one per run of
 * adjacent end positions within the bound (its best end), best first, at most `limit`.
 */
export function approximateMatches(
  text: string,
  pattern: string,
  maxErrors: number,
  limit = 50,
): ApproximateMatch[] {
  if (pattern.length === 0) return [];
  const scores = endDistances(text, pattern);
  const ends: { end: number; errors: number }[] = [];
  let runBest: { end: number; errors: number } | null = null;
  for (let e = 1; e <= text.length; e++) {
    const s = scores[e]!;
    if (s <= maxErrors) {
      // Of equal costs the later end: it keeps the pattern's last character ("chủ trì", not "chủ tr").
      if (!runBest || s <= runBest.errors) runBest = { end: e, errors: s };
    } else if (runBest) {
      ends.push(runBest);
      runBest = null;
    }
  }
  if (runBest) ends.push(runBest);
  ends.sort((a, b) => a.errors - b.errors || a.end - b.end);
  return ends.slice(0, limit).map(({ end }) => matchStart(text, pattern, end, maxErrors));
}
