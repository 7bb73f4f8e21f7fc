import { KEY_DB } from "./device-key.ts";
import { DOCUMENTS_DB, relay, repo, storage } from "./repo.ts";

/**
 * Erasing this device's meeting data (a revoked device, a disabled member, signing this device out, or
 * another member signing in on it): the Automerge documents in IndexedDB, cached meeting files, the
 * session and, unless kept, the device key. The app shell's precache (Workbox) stays, so the sign-in
 * screen still opens offline.
 */

/** localStorage keys that survive an erase: preferences of the device, not meeting data. */
const KEPT_LOCAL_KEYS: ReadonlySet<string> = new Set(["hopso.locale", "hopso.persistRequested"]);

/** Cache Storage names of the app shell (Workbox's precache); every other cache holds meeting files. */
const APP_SHELL_CACHE = /^workbox-precache/;

/** How long to wait for one database deletion (another tab may hold it open a moment). */
const DELETE_TIMEOUT_MS = 8000;

export interface EraseOptions {
  /** Keep the device key (a new sign-in just made it). */
  keepDeviceKey?: boolean;
}

/** What could not be erased (empty when everything went). */
export type EraseProblems = string[];

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name}: still open in another tab`)),
      DELETE_TIMEOUT_MS,
    );
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => {
      clearTimeout(timer);
      resolve();
    };
    request.onerror = () => {
      clearTimeout(timer);
      reject(request.error ?? new Error(`${name}: delete failed`));
    };
    // onblocked: other connections were asked to close (versionchange); the request completes when they do.
  });
}

async function databaseNames(keepDeviceKey: boolean): Promise<string[]> {
  const names = new Set<string>([DOCUMENTS_DB]);
  if (!keepDeviceKey) names.add(KEY_DB);
  try {
    for (const info of (await indexedDB.databases?.()) ?? []) {
      if (info.name) names.add(info.name);
    }
  } catch {
    // indexedDB.databases() is missing in older browsers: the known names are enough.
  }
  if (keepDeviceKey) names.delete(KEY_DB);
  return [...names];
}

/** Removes the app's localStorage entries except device preferences. */
export function clearLocalStorage(): void {
  try {
    const keys: string[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key?.startsWith("hopso.") && !KEPT_LOCAL_KEYS.has(key)) keys.push(key);
    }
    for (const key of keys) localStorage.removeItem(key);
  } catch {
    // No storage access: nothing stored there either.
  }
}

/**
 * Stops syncing, closes the Repo and deletes local meeting data. Safe to call twice (and from two tabs).
 * The page must be reloaded before documents are used again.
 */
export async function eraseLocalData(options: EraseOptions = {}): Promise<EraseProblems> {
  const problems: EraseProblems = [];
  relay.stop();
  try {
    // Flushes pending writes and disconnects every adapter (BroadcastChannel too).
    await Promise.race([repo.shutdown(), new Promise((resolve) => setTimeout(resolve, 3000))]);
  } catch {
    // Storage errors while flushing do not matter: the database is deleted next.
  }
  await storage?.close();

  if (globalThis.indexedDB) {
    for (const name of await databaseNames(options.keepDeviceKey === true)) {
      try {
        await deleteDatabase(name);
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
      }
    }
  }

  if (globalThis.caches) {
    try {
      for (const name of await caches.keys()) {
        if (!APP_SHELL_CACHE.test(name)) await caches.delete(name);
      }
    } catch (error) {
      problems.push(`caches: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}
