/**
 * What the service worker needs to know about the signed-in device, kept in a small IndexedDB database
 * of its own ({@link SW_STATE_DB}) because a service worker cannot read localStorage: the member, the
 * workspace and private document URLs (to apply a notification's "mark done" or "snooze" to the local
 * documents) and the UI language (for notification texts). The page writes it at every session start and
 * language change; signing out or erasing the device deletes the database.
 *
 * No Solid code here: the service worker imports this file.
 */

/** The database name. */
export const SW_STATE_DB = "hopso-sw";
const STORE = "state";
const KEY = "device";

/** The record the page shares with its service worker. */
export interface ServiceWorkerState {
  readonly memberId: string;
  readonly workspaceUrl: string;
  readonly privateUrl: string | null;
  readonly locale: "vi" | "en";
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(SW_STATE_DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("indexedDB.open failed"));
  });
}

function run<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const request = fn(tx.objectStore(STORE));
        tx.oncomplete = () => {
          db.close();
          resolve(request.result);
        };
        tx.onerror = tx.onabort = () => {
          db.close();
          reject(tx.error ?? new Error("IndexedDB transaction failed"));
        };
      }),
  );
}

/** Stores the record (replacing the previous one). @throws the IndexedDB error (private mode, full disk) */
export async function writeServiceWorkerState(state: ServiceWorkerState): Promise<void> {
  await run("readwrite", (s) => s.put(state, KEY));
}

/** The stored record, or undefined when none was written or it does not read. */
export async function readServiceWorkerState(): Promise<ServiceWorkerState | undefined> {
  try {
    const value = (await run("readonly", (s) => s.get(KEY))) as Partial<ServiceWorkerState> | undefined;
    if (!value || typeof value.memberId !== "string" || typeof value.workspaceUrl !== "string")
      return undefined;
    return {
      memberId: value.memberId,
      workspaceUrl: value.workspaceUrl,
      privateUrl: typeof value.privateUrl === "string" ? value.privateUrl : null,
      locale: value.locale === "en" ? "en" : "vi",
    };
  } catch {
    return undefined;
  }
}

/** Deletes the database (sign-out, erase). Resolves even when it was blocked or absent. */
export function clearServiceWorkerState(): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(SW_STATE_DB);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}
