import type { TextRange } from "./phrase.ts";

/** A short excerpt of a page around hits, for a results list. */
export interface Snippet {
  /** The excerpt; "…" marks text left out at either end. */
  readonly text: string;
  /** Hits within `text` (UTF-16 offsets into `text`), in order. */
  readonly highlights: readonly TextRange[];
}

export interface SnippetOptions {
  /** Characters of context on each side of a hit, about (cut at word boundaries). Default 60. */
  readonly context?: number;
  /** At most this many snippets; hits close together share one. Default 3. */
  readonly max?: number;
}

const ELLIPSIS = "…";

/**
 * Excerpts of `text` around `hits` (sorted, non-overlapping ranges in `text`), with highlight offsets
 * relative to each excerpt.
 */
export function makeSnippets(
  text: string,
  hits: readonly TextRange[],
  options: SnippetOptions = {},
): Snippet[] {
  const context = options.context ?? 60;
  const max = options.max ?? 3;
  const snippets: Snippet[] = [];
  let i = 0;
  while (i < hits.length && snippets.length < max) {
    const group: TextRange[] = [hits[i]!];
    let end = hits[i]!.end + context;
    for (i++; i < hits.length && hits[i]!.start < end; i++) {
      group.push(hits[i]!);
      end = hits[i]!.end + context;
    }
    let start = Math.max(0, group[0]!.start - context);
    end = Math.min(text.length, end);
    if (start > 0) {
      const space = text.indexOf(" ", start);
      if (space >= 0 && space < group[0]!.start) start = space + 1;
    }
    if (end < text.length) {
      const space = text.lastIndexOf(" ", end);
      if (space >= group.at(-1)!.end) end = space;
    }
    const prefix = start > 0 ? ELLIPSIS : "";
    const suffix = end < text.length ? ELLIPSIS : "";
    const shift = prefix.length - start;
    snippets.push({
      text: prefix + text.slice(start, end) + suffix,
      highlights: group.map((h) => ({ start: h.start + shift, end: h.end + shift })),
    });
  }
  return snippets;
}
