import MiniSearch from "minisearch";
import { exactSearchText, type PreparedText, prepareQuery, prepareText } from "./normalize.ts";
import { findPhrase, type TextRange } from "./phrase.ts";
import { makeSnippets } from "./snippet.ts";
import { indexTokens, queryTokens } from "./tokenize.ts";
import type {
  ExtractedDocument,
  FileRef,
  FileSearchResult,
  FileSearchStatus,
  PageHit,
  SearchOptions,
  SearchResults,
} from "./types.ts";

interface IndexedPage {
  readonly key: number;
  readonly fileId: string;
  /** 1-based. */
  readonly page: number;
  readonly text: PreparedText;
}

interface IndexedFile {
  readonly ref: FileRef;
  /** Insertion order, for "document" ordering. */
  readonly order: number;
  readonly pageKeys: readonly number[];
  readonly status: FileSearchStatus;
}

const HAS_TEXT = /[\p{L}\p{N}]/u;

/**
 * Full-text search over meeting documents, in the browser or in Node: pages are indexed by
 * MiniSearch over folded tokens (narrowing and BM25 ranking), then each candidate page is checked for
 * the whole phrase (phrase.ts) and hits are located for highlighting.
 *
 * Rebuilt from {@link ExtractedDocument}s (which the client keeps), not persisted itself: building is
 * fast (see bench/search.ts). Not thread-safe across workers; one instance per worker or tab.
 */
export class DocumentSearchIndex {
  readonly #mini: MiniSearch<IndexedPage>;
  readonly #files = new Map<string, IndexedFile>();
  readonly #pages = new Map<number, IndexedPage>();
  #nextKey = 1;
  #nextOrder = 0;

  constructor() {
    this.#mini = new MiniSearch<IndexedPage>({
      idField: "key",
      fields: ["text"],
      storeFields: [],
      extractField: (page, field) => (field === "key" ? page.key : page.text.folded) as never,
      tokenize: (text) => indexTokens(text),
      processTerm: (term) => term || null,
      searchOptions: {
        tokenize: (text) => queryTokens(text),
        processTerm: (term) => term || null,
      },
    });
  }

  /** Files in the index. */
  get size(): number {
    return this.#files.size;
  }

  has(fileId: string): boolean {
    return this.#files.has(fileId);
  }

  /** Adds a file's text, replacing what was indexed under the same `fileId`. */
  add(doc: ExtractedDocument): void {
    this.remove(doc.fileId);
    const pages: IndexedPage[] = doc.pages.map((raw, i) => ({
      key: this.#nextKey++,
      fileId: doc.fileId,
      page: i + 1,
      text: prepareText(raw),
    }));
    const withText = pages.filter((p) => HAS_TEXT.test(p.text.display));
    const hasText = new Set(withText);
    for (const p of pages) this.#pages.set(p.key, p);
    this.#mini.addAll(withText);
    const ref: FileRef = { fileId: doc.fileId, name: doc.name };
    this.#files.set(doc.fileId, {
      ref,
      order: this.#nextOrder++,
      pageKeys: pages.map((p) => p.key),
      status: {
        ...ref,
        searchable: withText.length > 0,
        pageCount: pages.length,
        pagesWithoutText: pages.filter((p) => !hasText.has(p)).map((p) => p.page),
      },
    });
  }

  /** Removes a file; false if it was not indexed. */
  remove(fileId: string): boolean {
    const file = this.#files.get(fileId);
    if (!file) return false;
    for (const key of file.pageKeys) {
      if (this.#mini.has(key)) this.#mini.discard(key);
      this.#pages.delete(key);
    }
    this.#files.delete(fileId);
    return true;
  }

  status(fileId: string): FileSearchStatus | undefined {
    return this.#files.get(fileId)?.status;
  }

  /**
   * Finds a phrase in every file in scope. An empty query (or one of punctuation only) has no hits.
   * Files with no text at all are listed in `notSearchable` instead of silently giving no hits.
   */
  search(query: string, options: SearchOptions = {}): SearchResults {
    const mode = options.mode ?? "folded";
    const scope = options.fileIds ? new Set(options.fileIds) : undefined;
    const inScope = (fileId: string) => !scope || scope.has(fileId);
    const notSearchable: FileRef[] = [];
    for (const [fileId, file] of this.#files) {
      if (inScope(fileId) && !file.status.searchable) notSearchable.push(file.ref);
    }
    const q = prepareQuery(query);
    const phrase = mode === "exact" ? q.exact : q.folded;
    const result = (hits: PageHit[], totalHits: number): SearchResults => ({
      query: phrase,
      mode,
      hits,
      totalHits,
      notSearchable,
    });
    const terms = queryTokens(q.folded);
    if (terms.length === 0) return result([], 0);

    const candidates = this.#mini.search(q.folded, {
      combineWith: "AND",
      prefix: (_term, i, all) => i === all.length - 1,
      filter: (r) => inScope(this.#pages.get(r.id as number)?.fileId ?? ""),
    });
    const found: Array<{ page: IndexedPage; score: number; matches: TextRange[] }> = [];
    for (const candidate of candidates) {
      const page = this.#pages.get(candidate.id as number);
      if (!page) continue;
      const matches = this.#locate(page.text, phrase, mode);
      if (matches.length > 0) found.push({ page, score: candidate.score, matches });
    }
    if (options.order === "document") {
      const order = (f: (typeof found)[number]) => this.#files.get(f.page.fileId)!.order;
      found.sort((a, b) => order(a) - order(b) || a.page.page - b.page.page);
    } else {
      found.sort(
        (a, b) =>
          b.score - a.score || a.page.fileId.localeCompare(b.page.fileId) || a.page.page - b.page.page,
      );
    }
    // Snippets only for the hits returned: a one-letter query can match thousands of pages.
    const hits = found.slice(0, options.limit ?? 200).map(
      ({ page, score, matches }): PageHit => ({
        ...this.#files.get(page.fileId)!.ref,
        page: page.page,
        score,
        matches,
        snippets: makeSnippets(page.text.display, matches, {
          max: options.snippetsPerPage ?? 3,
          context: options.snippetContext ?? 60,
        }),
      }),
    );
    return result(hits, found.length);
  }

  /** Finds a phrase in one file, in page order (the viewer's "find in document"). */
  searchFile(fileId: string, query: string, options: Omit<SearchOptions, "fileIds"> = {}): FileSearchResult {
    const file = this.#files.get(fileId);
    if (!file) return { status: "not_indexed" };
    if (!file.status.searchable) return { status: "not_searchable" };
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const { hits } = this.search(query, { ...options, fileIds: [fileId], order: "document", limit });
    return { status: "ok", hits };
  }

  /** Occurrences of the phrase on a page, as ranges of its display text. */
  #locate(text: PreparedText, phrase: string, mode: "folded" | "exact"): TextRange[] {
    const hasJoins = text.joins.length > 0;
    if (mode === "exact") return findPhrase(exactSearchText(text), phrase, hasJoins);
    const map = text.foldedToDisplay;
    const found = findPhrase(text.folded, phrase, hasJoins);
    if (!map) return found;
    return found.map(({ start, end }) => {
      const last = map[end - 1]!;
      const width = text.display.codePointAt(last)! > 0xffff ? 2 : 1;
      return { start: map[start]!, end: last + width };
    });
  }
}
