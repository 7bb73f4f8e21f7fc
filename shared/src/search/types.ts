import type { TextRange } from "./phrase.ts";
import type { Snippet } from "./snippet.ts";

/**
 * The text of one file, as extracted once per file (pdf.js `getTextContent` items joined with
 * `joinTextItems`). Stored by the client beside the blob so the index can be rebuilt without pdf.js.
 */
export interface ExtractedDocument {
  /** The file's id in the meeting, usually its blob hash. */
  readonly fileId: string;
  /** File name shown in results. */
  readonly name: string;
  /** Raw text of each page; index 0 is page 1. A page without a text layer is "". */
  readonly pages: readonly string[];
}

/** A file, as named in results. */
export interface FileRef {
  readonly fileId: string;
  readonly name: string;
}

/** What the index knows about one file. */
export interface FileSearchStatus extends FileRef {
  /** False when no page has any text: a scan without OCR. Search then says "not searchable". */
  readonly searchable: boolean;
  readonly pageCount: number;
  /** 1-based numbers of pages with no text (image-only pages of an otherwise searchable file). */
  readonly pagesWithoutText: readonly number[];
}

/**
 * "folded" (default): diacritics-, case- and NFC/NFD-insensitive, đ = d ("uy ban" finds "Ủy ban" and
 * "Uỷ ban"). "exact": characters as written (after NFC and whitespace collapsing), case included.
 */
export type SearchMode = "folded" | "exact";

export interface SearchOptions {
  readonly mode?: SearchMode;
  /** Only these files (e.g. one meeting's); default every file in the index. */
  readonly fileIds?: Iterable<string>;
  /** At most this many page hits (default 200). */
  readonly limit?: number;
  /** "relevance" (default: the library's BM25 score) or "document" (files as added, then page). */
  readonly order?: "relevance" | "document";
  /** Snippets per page (default 3) and characters of context around a hit (default 60). */
  readonly snippetsPerPage?: number;
  readonly snippetContext?: number;
}

/** One page where the phrase occurs. */
export interface PageHit extends FileRef {
  /** 1-based page number. */
  readonly page: number;
  readonly score: number;
  /**
   * Every occurrence on the page, as UTF-16 ranges in the page's display text
   * (`normalizePageText(rawPageText).display`), for highlighting in the viewer.
   */
  readonly matches: readonly TextRange[];
  readonly snippets: readonly Snippet[];
}

export interface SearchResults {
  /** The query as matched (normalised). */
  readonly query: string;
  readonly mode: SearchMode;
  /** Pages with hits, best first (or in document order), at most `limit`. */
  readonly hits: readonly PageHit[];
  /** Pages with hits before `limit` was applied. */
  readonly totalHits: number;
  /** Files in scope that have no text at all, so cannot be searched (not "no results"). */
  readonly notSearchable: readonly FileRef[];
}

/** Result of searching one file (the viewer's "find in document"). */
export type FileSearchResult =
  | { readonly status: "not_indexed" }
  | { readonly status: "not_searchable" }
  | { readonly status: "ok"; readonly hits: readonly PageHit[] };
