/**
 * Meeting files on this device (ARCHITECTURE.md "data/blobs"): the local store of papers' bytes, their
 * download from the relay (resumable with HTTP Range, SHA-256 checked) and their upload.
 *
 * Storage: IndexedDB database {@link PAPERS_DB}, separate from the documents' database —
 * - `files`: one record per stored file, key the SHA-256 (hex) → {@link StoredFile} (the bytes as a Blob,
 *   which Chromium keeps on disk rather than in memory);
 * - `parts`: pieces of downloads in progress, key `[hash, offset]` → {@link DownloadPart}; an interrupted
 *   download resumes after the last stored piece with `Range: bytes=<offset>-`.
 * A file is visible (`getLocalPaper`, `listLocalPapers`) only once all its bytes are stored and hash to
 * its name, so the viewer never opens half a file. Erasing the device (state/wipe.ts) deletes the
 * whole database.
 *
 * The viewer reads from here only ({@link getLocalPaper}); nothing here is called from components
 * except through state/papers.ts.
 */
import { type BlobHash, BlobReason, type BlobUploadBody, isBlobHash } from "../../../shared/src/index.ts";
import { CSRF_HEADER } from "./api.ts";

/** The IndexedDB database of meeting files. */
export const PAPERS_DB = "hopso-papers";
const FILES = "files";
const PARTS = "parts";
/** A download is written to IndexedDB in pieces of about this many bytes (what a resume can lose at most). */
export const PART_BYTES = 1024 * 1024;

/** One stored file. */
export interface StoredFile {
  readonly hash: string;
  /** Bytes. */
  readonly size: number;
  readonly blob: Blob;
  /** When it was stored, ms since the epoch. */
  readonly storedAt: number;
}

/** One piece of a download in progress. */
interface DownloadPart {
  readonly hash: string;
  /** Byte offset of the piece in the file. */
  readonly offset: number;
  readonly bytes: ArrayBuffer;
}

let dbPromise: Promise<IDBDatabase> | undefined;
let closed = false;

/**
 * Closes the papers database for good in this page (access ended: the device's data is being erased),
 * so nothing here opens or recreates it behind the erase; later calls reject.
 */
export function closePapersDb(): void {
  closed = true;
  const open = dbPromise;
  dbPromise = undefined;
  void open?.then(
    (db) => db.close(),
    () => undefined,
  );
}

function openDb(): Promise<IDBDatabase> {
  if (closed) return Promise.reject(new Error("the papers database is closed (access ended)"));
  dbPromise ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(PAPERS_DB, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(FILES)) db.createObjectStore(FILES, { keyPath: "hash" });
      if (!db.objectStoreNames.contains(PARTS)) db.createObjectStore(PARTS, { keyPath: ["hash", "offset"] });
    };
    request.onsuccess = () => {
      const db = request.result;
      // Erasing the device deletes this database: let go at once so the deletion is not blocked.
      db.onversionchange = () => {
        db.close();
        dbPromise = undefined;
      };
      db.onclose = () => {
        dbPromise = undefined;
      };
      resolve(db);
    };
    request.onerror = () => {
      dbPromise = undefined;
      reject(request.error ?? new Error("could not open the papers database"));
    };
  });
  return dbPromise;
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
    tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction aborted"));
  });
}

const storedListeners = new Set<(hash: string) => void>();

/**
 * Calls `listener` with the hash whenever a paper's bytes become local on this device (downloaded or
 * just uploaded from here) — once per file and tab. Returns an unsubscribe function.
 */
export function onPaperStored(listener: (hash: string) => void): () => void {
  storedListeners.add(listener);
  return () => storedListeners.delete(listener);
}

function announceStored(hash: string): void {
  for (const listener of [...storedListeners]) {
    try {
      listener(hash);
    } catch (error) {
      console.error("onPaperStored listener failed", error);
    }
  }
}

/**
 * The bytes of a paper from this device's store only (never the network); undefined when they are not
 * stored (yet). `hash`: SHA-256, 64 lower-case hex digits.
 */
export async function getLocalPaper(hash: string): Promise<Blob | undefined> {
  if (!isBlobHash(hash)) return undefined;
  const db = await openDb();
  const file = (await done(db.transaction(FILES).objectStore(FILES).get(hash))) as StoredFile | undefined;
  return file?.blob;
}

/** Hashes of every paper stored on this device. */
export async function listLocalPapers(): Promise<string[]> {
  const db = await openDb();
  return (await done(db.transaction(FILES).objectStore(FILES).getAllKeys())).map(String);
}

/** Size in bytes of every stored paper, by hash (for "storage used" per meeting). */
export async function localPaperSizes(): Promise<Map<string, number>> {
  const db = await openDb();
  const out = new Map<string, number>();
  const store = db.transaction(FILES).objectStore(FILES);
  await new Promise<void>((resolve, reject) => {
    const cursor = store.openCursor();
    cursor.onsuccess = () => {
      const c = cursor.result;
      if (!c) return resolve();
      const file = c.value as StoredFile;
      out.set(file.hash, file.size);
      c.continue();
    };
    cursor.onerror = () => reject(cursor.error);
  });
  return out;
}

/** SHA-256 of bytes as 64 lower-case hex digits (WebCrypto). */
export async function sha256Hex(bytes: Blob | ArrayBuffer): Promise<string> {
  const buffer = bytes instanceof ArrayBuffer ? bytes : await bytes.arrayBuffer();
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A file whose bytes do not hash to the name they were fetched or stored under. */
export class PaperIntegrityError extends Error {
  constructor(
    readonly hash: string,
    readonly actual: string,
  ) {
    super(`paper ${hash}: the bytes hash to ${actual}`);
    this.name = "PaperIntegrityError";
  }
}

/**
 * Stores a paper's bytes under their SHA-256 (checked here; nothing is stored on a mismatch) and tells
 * {@link onPaperStored} listeners. Storing a file that is already there does nothing.
 * @throws PaperIntegrityError when `bytes` do not hash to `hash`; DOMException QuotaExceededError when
 *   the device is full (nothing is stored)
 */
export async function storePaper(hash: string, bytes: Blob, now: number = Date.now()): Promise<void> {
  const actual = await sha256Hex(bytes);
  if (actual !== hash) throw new PaperIntegrityError(hash, actual);
  const db = await openDb();
  const tx = db.transaction([FILES, PARTS], "readwrite");
  const files = tx.objectStore(FILES);
  const exists = await done(files.getKey(hash));
  if (exists === undefined) {
    files.put({
      hash,
      size: bytes.size,
      blob: new Blob([bytes], { type: "application/pdf" }),
      storedAt: now,
    });
  }
  tx.objectStore(PARTS).delete(IDBKeyRange.bound([hash, 0], [hash, Number.MAX_SAFE_INTEGER]));
  await committed(tx);
  if (exists === undefined) announceStored(hash);
}

/** Removes these papers (and any partial downloads of them) from this device. */
export async function removeLocalPapers(hashes: Iterable<string>): Promise<void> {
  const db = await openDb();
  const tx = db.transaction([FILES, PARTS], "readwrite");
  for (const hash of hashes) {
    tx.objectStore(FILES).delete(hash);
    tx.objectStore(PARTS).delete(IDBKeyRange.bound([hash, 0], [hash, Number.MAX_SAFE_INTEGER]));
  }
  await committed(tx);
}

async function partsOf(hash: string): Promise<DownloadPart[]> {
  const db = await openDb();
  const range = IDBKeyRange.bound([hash, 0], [hash, Number.MAX_SAFE_INTEGER]);
  const parts = (await done(db.transaction(PARTS).objectStore(PARTS).getAll(range))) as DownloadPart[];
  return parts.sort((a, b) => a.offset - b.offset);
}

/** Bytes of a partial download already on the device (contiguous from 0). */
export async function partialBytes(hash: string): Promise<number> {
  let next = 0;
  for (const p of await partsOf(hash)) {
    if (p.offset !== next) break;
    next += p.bytes.byteLength;
  }
  return next;
}

async function putPart(part: DownloadPart): Promise<void> {
  const db = await openDb();
  const tx = db.transaction(PARTS, "readwrite");
  tx.objectStore(PARTS).put(part);
  await committed(tx);
}

async function clearParts(hash: string): Promise<void> {
  const db = await openDb();
  const tx = db.transaction(PARTS, "readwrite");
  tx.objectStore(PARTS).delete(IDBKeyRange.bound([hash, 0], [hash, Number.MAX_SAFE_INTEGER]));
  await committed(tx);
}

/** Why a download or an upload failed: a {@link BlobReason} from the relay, or one of the app's own. */
export type PaperTransferCode =
  | BlobReason
  | "offline"
  | "unauthenticated"
  | "integrity"
  | "bad_response"
  | "aborted"
  /** This device's storage is full (IndexedDB QuotaExceededError); what was stored stays. */
  | "quota";

/** A failed download or upload; `code` is shown as i18n `blob.<code>`. */
export class PaperTransferError extends Error {
  constructor(
    readonly code: PaperTransferCode,
    message: string,
    /** HTTP status, 0 when the relay was not reached. */
    readonly status = 0,
  ) {
    super(message);
    this.name = "PaperTransferError";
  }
}

/** Progress of one transfer: bytes done of `total` (bytes). */
export type TransferProgress = (done: number, total: number) => void;

export interface DownloadOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: TransferProgress;
  /** Size in bytes when known (from the paper reference), for progress before the relay answers. */
  readonly size?: number;
  /** For tests; default the global fetch. */
  readonly fetch?: typeof fetch;
  /** Clock, ms since the epoch. */
  readonly now?: () => number;
}

async function relayError(response: Response): Promise<PaperTransferError> {
  let code: PaperTransferCode = response.status === 401 ? "unauthenticated" : "bad_response";
  let message = `HTTP ${response.status}`;
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === "string") code = body.error.code as PaperTransferCode;
    if (typeof body.error?.message === "string") message = body.error.message;
  } catch {
    // Not JSON (a proxy's error page): keep the status.
  }
  return new PaperTransferError(code, message, response.status);
}

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+)$/;

function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && error.name === "QuotaExceededError";
}

/**
 * Downloads a paper from the relay into this device's store, resuming after any part already stored
 * (`Range: bytes=<n>-`, RFC 9110 §14.2; a relay that answers 200 instead starts it over), then checks
 * the SHA-256 of the whole and stores it ({@link storePaper}). Pieces are written as they arrive, so
 * an interrupted download (network gone, tab closed) loses at most {@link PART_BYTES}.
 * Does nothing when the paper is already stored.
 * @throws PaperTransferError: `offline` (relay not reached; the parts stay for a resume), a relay
 *   reason such as `forbidden` / `not_found`, `integrity` (wrong bytes; the parts are dropped),
 *   `quota` (the device is full; the parts stored so far stay), `aborted`
 */
export async function downloadPaper(hash: string, options: DownloadOptions = {}): Promise<void> {
  if (!isBlobHash(hash)) throw new PaperTransferError(BlobReason.BadHash, `not a blob hash: ${hash}`);
  if (await getLocalPaper(hash)) return;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  let have = await partialBytes(hash);
  let total = options.size ?? 0;
  options.onProgress?.(have, total);
  let response: Response;
  try {
    response = await doFetch(`/api/blobs/${hash}`, {
      credentials: "same-origin",
      headers: have > 0 ? { range: `bytes=${have}-`, "if-range": `"${hash}"` } : {},
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted) throw new PaperTransferError("aborted", "download cancelled");
    throw new PaperTransferError("offline", error instanceof Error ? error.message : String(error));
  }
  if (response.status === 416 && have > 0) {
    // What we kept is no prefix of this file (should not happen with content addressing): start over.
    await clearParts(hash);
    return downloadPaper(hash, options);
  }
  if (response.status !== 200 && response.status !== 206) throw await relayError(response);
  if (response.status === 206) {
    const m = CONTENT_RANGE.exec(response.headers.get("content-range") ?? "");
    if (!m || Number(m[1]) !== have) {
      await response.body?.cancel();
      await clearParts(hash);
      throw new PaperTransferError("bad_response", "the relay sent another range than asked for");
    }
    total = Number(m[3]);
  } else {
    if (have > 0) await clearParts(hash);
    have = 0;
    total = Number(response.headers.get("content-length") ?? total) || total;
  }
  options.onProgress?.(have, total);
  const reader = response.body?.getReader();
  if (!reader) throw new PaperTransferError("bad_response", "no body");
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const bytes = new Uint8Array(pendingBytes);
    let at = 0;
    for (const p of pending) {
      bytes.set(p, at);
      at += p.byteLength;
    }
    await putPart({ hash, offset: have, bytes: bytes.buffer });
    have += pendingBytes;
    pending = [];
    pendingBytes = 0;
  };
  try {
    for (;;) {
      const { done: finished, value } = await reader.read();
      if (finished) break;
      pending.push(value);
      pendingBytes += value.byteLength;
      if (pendingBytes >= PART_BYTES) await flush();
      options.onProgress?.(have + pendingBytes, total);
    }
    await flush();
  } catch (error) {
    if (isQuotaError(error)) {
      await reader.cancel().catch(() => undefined);
      throw new PaperTransferError("quota", "this device's storage is full");
    }
    // Keep what arrived: the next attempt resumes from here.
    await flush().catch(() => undefined);
    if (options.signal?.aborted) throw new PaperTransferError("aborted", "download cancelled");
    throw new PaperTransferError("offline", error instanceof Error ? error.message : String(error));
  }
  const parts = await partsOf(hash);
  const whole = new Blob(
    parts.map((p) => p.bytes),
    { type: "application/pdf" },
  );
  try {
    await storePaper(hash, whole, (options.now ?? Date.now)());
  } catch (error) {
    if (error instanceof PaperIntegrityError) {
      await clearParts(hash);
      throw new PaperTransferError("integrity", error.message);
    }
    if (isQuotaError(error)) throw new PaperTransferError("quota", "this device's storage is full");
    throw error;
  }
}

export interface UploadOptions {
  readonly onProgress?: TransferProgress;
  readonly signal?: AbortSignal;
}

/**
 * Uploads a file the secretary picked to the relay for a meeting (`PUT /api/blobs/:hash?meeting=…`),
 * after hashing it here; the relay checks it is a whole PDF it can parse and answers its page count
 * (null for a password-protected file). Progress comes from XMLHttpRequest's upload events (fetch has
 * none). The bytes are then kept on this device too ({@link storePaper}), so the secretary has them
 * offline at once (if the device is full, they are fetched later like any member's).
 * @param meetingDocumentId the meeting document's automerge document id
 * @throws PaperTransferError with the relay's reason (`not_pdf`, `empty`, `truncated`, `damaged`,
 *   `too_large`, `too_complex`, `forbidden`, `no_space`…), `offline`, or `aborted`
 */
export async function uploadPaper(
  file: Blob,
  meetingDocumentId: string,
  options: UploadOptions = {},
): Promise<BlobUploadBody> {
  if (file.size === 0) throw new PaperTransferError(BlobReason.Empty, "the file is empty");
  const hash = (await sha256Hex(file)) as BlobHash;
  const body = await new Promise<BlobUploadBody>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", `/api/blobs/${hash}?meeting=${encodeURIComponent(meetingDocumentId)}`);
    xhr.setRequestHeader(CSRF_HEADER, "1");
    xhr.setRequestHeader("content-type", "application/pdf");
    xhr.responseType = "text";
    xhr.upload.onprogress = (e) => options.onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new PaperTransferError("offline", "the relay could not be reached"));
    xhr.onabort = () => reject(new PaperTransferError("aborted", "upload cancelled"));
    xhr.onload = () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(xhr.responseText);
      } catch {
        parsed = undefined;
      }
      if (xhr.status === 200 || xhr.status === 201) {
        const b = parsed as BlobUploadBody | undefined;
        if (b?.hash === hash) return resolve(b);
        return reject(new PaperTransferError("bad_response", "unexpected answer", xhr.status));
      }
      const error = (parsed as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
      const code =
        typeof error?.code === "string"
          ? (error.code as PaperTransferCode)
          : xhr.status === 401
            ? "unauthenticated"
            : "bad_response";
      reject(
        new PaperTransferError(
          code,
          typeof error?.message === "string" ? error.message : `HTTP ${xhr.status}`,
          xhr.status,
        ),
      );
    };
    options.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
  options.onProgress?.(file.size, file.size);
  try {
    await storePaper(hash, file);
  } catch (error) {
    // The relay has the file: a full device only means this one fetches it later, like any member's.
    console.warn("an uploaded paper could not be kept on this device", error);
  }
  return body;
}
