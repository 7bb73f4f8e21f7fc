/**
 * Offline search over meeting papers on this device (issue 4, item 8).
 *
 * - Text is extracted once per file, when its bytes become local (`onPaperStored`) or, at start, for
 *   local files not extracted yet — one file at a time in a Web Worker (search/extract.worker.ts), and
 *   kept in IndexedDB (state/paper-text.ts).
 * - Every stored text goes into one {@link DocumentSearchIndex} (shared/src/search: MiniSearch over
 *   folded tokens, then an exact phrase check), keyed by the file's hash. Diacritics-, case- and
 *   NFC/NFD-insensitive: "ket luan" finds "kết luận".
 * - Searching takes a scope — the papers of one meeting, or of every meeting — as
 *   {@link PaperScopeEntry}s, so results name the meeting, the file and the page.
 *
 * Password-protected files cannot be extracted without their password, which is never kept: their
 * text is indexed when a member opens them with the password in the viewer ({@link addUnlockedText}).
 */
import { type Accessor, createSignal } from "solid-js";
import { DocumentSearchIndex, type Snippet } from "../../../shared/src/search/index.ts";
import type { ExtractRequest, ExtractResponse } from "../search/extract-protocol.ts";
import {
  allPaperTexts,
  closePaperTextDb,
  deletePaperTexts,
  getPaperText,
  type PaperText,
  putPaperText,
} from "./paper-text.ts";

/** The device's paper store, as this module needs it (state/blobs.ts implements it). */
export interface LocalPaperStore {
  getLocalPaper(hash: string): Promise<Blob | undefined>;
  onPaperStored(listener: (hash: string) => void): () => void;
  listLocalPapers(): Promise<string[]>;
}

/** One paper in a search scope: which meeting it belongs to and how it is named there. */
export interface PaperScopeEntry {
  /** The meeting's document id (route `:id`). */
  readonly meetingId: string;
  readonly meetingTitle: string;
  /** The paper version's id in the meeting document (route `:paperId`). */
  readonly paperId: string;
  /** SHA-256 of its bytes. */
  readonly hash: string;
  readonly name: string;
}

/** One page with hits, in one paper of one meeting. */
export interface PaperSearchHit {
  readonly entry: PaperScopeEntry;
  /** 1-based page. */
  readonly page: number;
  readonly snippets: readonly Snippet[];
  /** Occurrences on the page. */
  readonly count: number;
}

export interface PaperSearchResult {
  /** The query as typed, trimmed. */
  readonly query: string;
  readonly hits: readonly PaperSearchHit[];
  /** Pages with hits before the limit. */
  readonly totalHits: number;
  /** Papers in scope with no text layer at all (scans): search is not available for them. */
  readonly notSearchable: readonly PaperScopeEntry[];
  /** Papers in scope whose bytes are not on this device yet. */
  readonly notLocal: readonly PaperScopeEntry[];
  /** Papers whose text could not be read: damaged, or protected by a password not yet entered. */
  readonly unreadable: readonly PaperScopeEntry[];
  /** Papers on the device still waiting for extraction. */
  readonly pending: readonly PaperScopeEntry[];
}

const index = new DocumentSearchIndex();
const texts = new Map<string, PaperText["status"]>();
const local = new Set<string>();
const [revision, setRevision] = createSignal(0);
const [queueState, setQueueState] = createSignal({ waiting: 0, done: 0 });

/** Bumps whenever the index or what is local changes, so searches shown on screen re-run. */
export const paperIndexRevision: Accessor<number> = revision;
/** Files waiting for text extraction and files extracted since start (for a progress line). */
export const paperIndexProgress: Accessor<{ waiting: number; done: number }> = queueState;

function indexText(text: PaperText): void {
  texts.set(text.hash, text.status);
  if (text.status === "ok") index.add({ fileId: text.hash, name: text.hash, pages: text.pages });
  else index.remove(text.hash);
  setRevision((n) => n + 1);
}

// ------------------------------------------------------------------ extraction worker

let worker: Worker | undefined;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
let nextId = 1;
const waiting = new Map<number, (response: ExtractResponse) => void>();
/** The worker holds pdf.js and its caches: let it go when there is nothing to do. */
const WORKER_IDLE_MS = 30_000;

function extractionWorker(): Worker {
  clearTimeout(idleTimer);
  if (!worker) {
    const w = new Worker(new URL("../search/extract.worker.ts", import.meta.url), { type: "module" });
    w.addEventListener("message", (event: MessageEvent<ExtractResponse>) => {
      waiting.get(event.data.id)?.(event.data);
      waiting.delete(event.data.id);
    });
    w.addEventListener("error", (event) => {
      // A worker that cannot even start (script failed to load): fail what waits, start afresh next time.
      event.preventDefault();
      for (const [id, resolve] of waiting)
        resolve({ type: "failed", id, reason: "failed", message: event.message });
      waiting.clear();
      w.terminate();
      if (worker === w) worker = undefined;
    });
    worker = w;
  }
  return worker;
}

function releaseWorkerWhenIdle(): void {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    if (waiting.size === 0) {
      worker?.terminate();
      worker = undefined;
    }
  }, WORKER_IDLE_MS);
}

/**
 * Extracts the raw text of every page of a PDF in the extraction worker. Never throws: failures come
 * back as `{ type: "failed", reason }`.
 */
export async function extractText(bytes: Blob): Promise<ExtractResponse> {
  const id = nextId++;
  const buffer = await bytes.arrayBuffer();
  return new Promise<ExtractResponse>((resolve) => {
    waiting.set(id, resolve);
    const request: ExtractRequest = {
      type: "extract",
      id,
      bytes: buffer,
      origin: globalThis.location.origin,
    };
    try {
      extractionWorker().postMessage(request, [buffer]);
    } catch (error) {
      waiting.delete(id);
      resolve({ type: "failed", id, reason: "failed", message: String(error) });
    }
  }).finally(releaseWorkerWhenIdle);
}

// ------------------------------------------------------------------ the queue

let store: LocalPaperStore | undefined;
let started: Promise<void> | undefined;
const queue: string[] = [];
const queued = new Set<string>();
let working = false;

let stopped = false;

/**
 * Stops indexing for the rest of this page's life (access ended: the device's data is being erased),
 * so nothing opens or recreates the local databases behind the erase.
 */
export function stopPaperIndexing(): void {
  stopped = true;
  queue.length = 0;
  queued.clear();
  worker?.terminate();
  worker = undefined;
  closePaperTextDb();
}

function enqueue(hash: string): void {
  if (stopped) return;
  local.add(hash);
  if (texts.has(hash) || queued.has(hash)) return;
  queued.add(hash);
  queue.push(hash);
  setQueueState((s) => ({ ...s, waiting: queue.length }));
  void work();
}

async function work(): Promise<void> {
  if (working || !store) return;
  working = true;
  try {
    for (let hash = queue.shift(); hash !== undefined && !stopped; hash = queue.shift()) {
      setQueueState((s) => ({ ...s, waiting: queue.length + 1 }));
      try {
        await extractOne(store, hash);
      } catch (error) {
        console.error("paper text extraction failed", hash, error);
      } finally {
        queued.delete(hash);
        setQueueState((s) => ({ waiting: queue.length, done: s.done + 1 }));
      }
    }
  } finally {
    working = false;
  }
}

async function extractOne(from: LocalPaperStore, hash: string): Promise<void> {
  const existing = await getPaperText(hash);
  if (existing) {
    indexText(existing);
    return;
  }
  const bytes = await from.getLocalPaper(hash);
  if (!bytes || stopped) return;
  const response = await extractText(bytes);
  const text: PaperText =
    response.type === "extracted"
      ? { hash, status: "ok", pages: response.pages, extractedAt: Date.now() }
      : { hash, status: response.reason, pages: [], extractedAt: Date.now() };
  // An unexplained failure (out of memory, a worker that did not start) is tried again next start;
  // a damaged or protected file would fail the same way every time, so that answer is kept.
  if (text.status !== "failed") {
    try {
      await putPaperText(text);
    } catch (error) {
      // Device full: search still works for this session; extraction runs again next start.
      console.error("could not store extracted text", error);
    }
  } else {
    console.error("paper text extraction failed", hash, response.type === "failed" ? response.message : "");
  }
  indexText(text);
}

/**
 * Starts indexing this device's papers (idempotent): loads the stored texts into the index, then
 * extracts every local file without text, and every file that becomes local from now on.
 */
export function startPaperIndexing(from: LocalPaperStore): Promise<void> {
  started ??= (async () => {
    if (stopped) return;
    store = from;
    try {
      for (const text of await allPaperTexts()) indexText(text);
    } catch (error) {
      console.error("could not read stored paper text", error);
    }
    from.onPaperStored((hash) => enqueue(hash));
    if (stopped) return;
    for (const hash of await from.listLocalPapers()) enqueue(hash);
    setRevision((n) => n + 1);
  })();
  return started;
}

/**
 * Re-reads which papers are on the device (the member may have removed a past meeting's files): the
 * text of files no longer here is dropped from the index and from IndexedDB, files not extracted yet
 * are queued. Called when a search view opens; never throws.
 */
export async function refreshLocalPapers(): Promise<void> {
  if (!store || stopped) return;
  try {
    const hashes = new Set(await store.listLocalPapers());
    const gone = [...texts.keys()].filter((h) => !hashes.has(h));
    local.clear();
    for (const h of hashes) local.add(h);
    for (const h of gone) {
      texts.delete(h);
      index.remove(h);
    }
    setRevision((n) => n + 1);
    for (const h of hashes) enqueue(h);
    if (gone.length > 0) await deletePaperTexts(gone);
  } catch (error) {
    console.error("could not refresh the papers on this device", error);
  }
}

/**
 * Indexes the text of a password-protected file that a member just opened with its password in the
 * viewer (the password itself is not involved, nor kept). Stored like any extracted text.
 */
export async function addUnlockedText(hash: string, pages: readonly string[]): Promise<void> {
  if (texts.get(hash) === "ok") return;
  const text: PaperText = { hash, status: "ok", pages: [...pages], extractedAt: Date.now() };
  try {
    await putPaperText(text);
  } catch (error) {
    console.error("could not store extracted text", error);
  }
  indexText(text);
}

// ------------------------------------------------------------------ searching

/**
 * Finds `query` in the papers of `scope` (diacritics-insensitive phrase search). Reads
 * {@link paperIndexRevision}, so calling it inside a Solid computation re-runs when more files are
 * indexed. A file referenced by several meetings gives a hit in each. At most `limit` pages.
 */
export function searchPapers(
  query: string,
  scope: readonly PaperScopeEntry[],
  limit = 100,
): PaperSearchResult {
  revision();
  const q = query.trim();
  const byHash = new Map<string, PaperScopeEntry[]>();
  for (const entry of scope) {
    const list = byHash.get(entry.hash) ?? [];
    list.push(entry);
    byHash.set(entry.hash, list);
  }
  const notSearchable: PaperScopeEntry[] = [];
  const notLocal: PaperScopeEntry[] = [];
  const unreadable: PaperScopeEntry[] = [];
  const pending: PaperScopeEntry[] = [];
  for (const entry of scope) {
    const status = texts.get(entry.hash);
    if (!local.has(entry.hash)) notLocal.push(entry);
    else if (status === "ok") {
      if (index.status(entry.hash)?.searchable === false) notSearchable.push(entry);
    } else if (status) unreadable.push(entry);
    else pending.push(entry);
  }
  const empty = { query: q, hits: [], totalHits: 0, notSearchable, notLocal, unreadable, pending };
  if (!q || byHash.size === 0) return empty;
  const results = index.search(q, {
    fileIds: byHash.keys(),
    limit: Number.POSITIVE_INFINITY,
    snippetsPerPage: 2,
  });
  const hits: PaperSearchHit[] = [];
  for (const hit of results.hits) {
    for (const entry of byHash.get(hit.fileId) ?? []) {
      hits.push({ entry, page: hit.page, snippets: hit.snippets, count: hit.matches.length });
    }
  }
  return { ...empty, hits: hits.slice(0, limit), totalHits: hits.length };
}
