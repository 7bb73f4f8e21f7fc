import type { FontFace, TextRun } from "./model.ts";

/*
 * Line breaking for Vietnamese running text. Vietnamese writes one syllable per space-separated word
 * and does not hyphenate, so lines break at spaces only; a word wider than the line (a URL) is cut
 * between grapheme clusters. Widths come from the embedded font through `measure`, so what is measured
 * is what is drawn.
 */

/** Width in points of `text` in `face` at `size`. */
export type Measure = (text: string, face: FontFace, size: number) => number;

/** Part of a word in one face. */
export interface Segment {
  readonly text: string;
  readonly face: FontFace;
}

/** A word: segments with no space between them, and its width. */
export interface Word {
  readonly segments: readonly Segment[];
  readonly width: number;
}

/** One line of a paragraph. */
export interface Line {
  readonly words: readonly Word[];
  /** Sum of the words' widths (spaces excluded). */
  readonly width: number;
  /** Left indent of this line (the first line of an indented paragraph). */
  readonly indent: number;
  /** The paragraph's last line (never justified). */
  readonly last: boolean;
}

/** Text as it is laid out: NFC, so every Vietnamese letter is one precomposed glyph of the font. */
export function normalizeText(text: string): string {
  return text.normalize("NFC");
}

/** White space breaks lines, except the no-break space (U+00A0), which stays inside its word. */
const SPACE = /[^\S\u00a0]+/u;

const graphemes = new Intl.Segmenter("vi", { granularity: "grapheme" });

/** Splits runs into words; a word can change face mid-way ("**Số**liệu") and stays one word. */
export function wordsOf(runs: readonly TextRun[], size: number, measure: Measure): Word[] {
  const words: Segment[][] = [];
  let current: Segment[] = [];
  for (const run of runs) {
    const face = run.face ?? "regular";
    const parts = normalizeText(run.text).split(SPACE);
    parts.forEach((part, i) => {
      if (i > 0 && current.length > 0) {
        words.push(current);
        current = [];
      }
      if (part) current.push({ text: part, face });
    });
  }
  if (current.length > 0) words.push(current);
  return words.map((segments) => ({
    segments,
    width: segments.reduce((w, s) => w + measure(s.text, s.face, size), 0),
  }));
}

/** Cuts a word wider than `max` into pieces that fit, between grapheme clusters. */
function cutWord(word: Word, max: number, size: number, measure: Measure): Word[] {
  const pieces: Word[] = [];
  let segs: Segment[] = [];
  let width = 0;
  for (const seg of word.segments) {
    let text = "";
    for (const { segment: g } of graphemes.segment(seg.text)) {
      const w = measure(text + g, seg.face, size) - measure(text, seg.face, size);
      if (width + w > max && (text || segs.length > 0)) {
        if (text) segs.push({ text, face: seg.face });
        pieces.push({ segments: segs, width });
        segs = [];
        text = "";
        width = 0;
      }
      text += g;
      width += w;
    }
    if (text) segs.push({ text, face: seg.face });
  }
  if (segs.length > 0) pieces.push({ segments: segs, width });
  return pieces;
}

/**
 * Greedy line breaking: as many words as fit at natural spacing (first fit), the first line narrower
 * by `firstIndent`. Greedy is what word processors do and what readers of administrative documents
 * expect; justification then spreads the remaining space.
 *
 * @param width line width in points
 * @param spaceWidth natural width of a space in points
 */
export function breakLines(
  words: readonly Word[],
  width: number,
  spaceWidth: number,
  firstIndent: number,
  size: number,
  measure: Measure,
): Line[] {
  const lines: Line[] = [];
  let current: Word[] = [];
  let used = 0;
  const indentOf = () => (lines.length === 0 ? firstIndent : 0);
  const flush = (last: boolean) => {
    lines.push({ words: current, width: used, indent: indentOf(), last });
    current = [];
    used = 0;
  };
  const queue = [...words];
  while (queue.length > 0) {
    const word = queue.shift()!;
    const available = width - indentOf();
    // Natural width with this word: the words so far, a space between each two, and this word.
    const needed = current.length === 0 ? word.width : used + spaceWidth * current.length + word.width;
    if (needed <= available + 1e-6) {
      current.push(word);
      used += word.width;
      continue;
    }
    if (current.length > 0) {
      flush(false);
      queue.unshift(word);
      continue;
    }
    // Alone and still too wide: cut it, keep the first piece on this line.
    const [first, ...rest] = cutWord(word, available, size, measure);
    current.push(first!);
    used = first!.width;
    queue.unshift(...rest);
  }
  if (current.length > 0 || lines.length === 0) flush(true);
  else lines[lines.length - 1] = { ...lines[lines.length - 1]!, last: true };
  return lines;
}

/** The text of a line, words joined by single spaces. */
export function lineText(line: Line): string {
  return line.words.map((w) => w.segments.map((s) => s.text).join("")).join(" ");
}
