/**
 * The extracted text of meeting papers on this device, for offline search: IndexedDB database
 * {@link PAPER_TEXT_DB}, store `texts`, key the paper's SHA-256 → {@link PaperText}. Text is extracted
 * once per file (state/paper-search.ts) and kept, so the search index is rebuilt at start without
 * pdf.js. Erasing the device deletes this database with the others (state/wipe.ts deletes every
 * database of the origin).
 */

/** The IndexedDB database of extracted paper text. */
export const PAPER_TEXT_DB = "hopso-paper-text";
const STORE = "texts";

/**
 * What extraction gave for one file. `ok`: `pages[i]` is page i + 1's raw text ("" for a page without
 * text; all "" for a scan). Otherwise no text: `password` (protected; indexed only once someone opens it
 * with its password in the viewer), `damaged` (not a PDF pdf.js can read) or `failed`.
 */
export interface PaperText {
  /** SHA-256 of the file, 64 lower-case hex digits. */
  readonly hash: string;
  readonly status: "ok" | "password" | "damaged" | "failed";
  readonly pages: readonly string[];
  /** When it was extracted, ms since the epoch (UTC). */
  readonly extractedAt: number;
}

let opening: Promise<IDBDatabase> | undefined;
let closed = false;

/**
 * Closes the database for good in this page (the device is being erased): later calls reject instead
 * of creating it again.
 */
export function closePaperTextDb(): void {
  closed = true;
  void opening?.then(
    (db) => db.close(),
    () => undefined,
  );
  opening = undefined;
}

function openDb(): Promise<IDBDatabase> {
  if (closed) return Promise.reject(new Error(`${PAPER_TEXT_DB}: closed (device erased)`));
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(PAPER_TEXT_DB, 1);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(STORE))
        request.result.createObjectStore(STORE, { keyPath: "hash" });
    };
    request.onsuccess = () => {
      const db = request.result;
      // Let an erase (or a newer version in another tab) delete or upgrade the database.
      db.onversionchange = () => {
        db.close();
        opening = undefined;
      };
      resolve(db);
    };
    request.onerror = () => reject(request.error ?? new Error(`${PAPER_TEXT_DB}: open failed`));
    request.onblocked = () => reject(new Error(`${PAPER_TEXT_DB}: blocked by another tab`));
  });
  opening.catch(() => {
    opening = undefined;
  });
  return opening;
}

async function run<T>(mode: IDBTransactionMode, body: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = body(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(tx.error ?? request.error ?? new Error("IndexedDB transaction failed"));
    tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction aborted"));
  });
}

/** The stored text of a file, or undefined when it has not been extracted. */
export function getPaperText(hash: string): Promise<PaperText | undefined> {
  return run<PaperText | undefined>("readonly", (s) => s.get(hash) as IDBRequest<PaperText | undefined>);
}

/** Every stored text (to rebuild the index at start). */
export function allPaperTexts(): Promise<PaperText[]> {
  return run<PaperText[]>("readonly", (s) => s.getAll() as IDBRequest<PaperText[]>);
}

/**
 * Stores (or replaces) a file's text.
 * @throws DOMException QuotaExceededError when the device is full (nothing is stored)
 */
export async function putPaperText(text: PaperText): Promise<void> {
  await run("readwrite", (s) => s.put(text));
}

/** Forgets the text of these files (their bytes were removed from the device). */
export async function deletePaperTexts(hashes: Iterable<string>): Promise<void> {
  const list = [...hashes];
  if (list.length === 0) return;
  const db = await openDb();
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(STORE, "readwrite");
    for (const hash of list) tx.objectStore(STORE).delete(hash);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
  });
}
