import { type Accessor, createSignal } from "solid-js";

/**
 * Persistent storage (`navigator.storage.persist()`): without it the browser may evict IndexedDB — the
 * only copy of edits made offline — when the disk fills up. Requested once at first start and again
 * whenever the user taps the button in Settings; the browser's answer is kept here for display.
 */

/** `unsupported`: no StorageManager; `unknown`: not checked yet. */
export type PersistState = "unknown" | "unsupported" | "persisted" | "not-persisted";

/** The outcome of the user's last explicit request, for the message under the button. */
export type PersistRequestOutcome = "none" | "granted" | "denied";

const [persistState, setPersistState] = createSignal<PersistState>("unknown");
const [lastRequest, setLastRequest] = createSignal<PersistRequestOutcome>("none");

export const storagePersistence: {
  state: Accessor<PersistState>;
  lastRequest: Accessor<PersistRequestOutcome>;
} = { state: persistState, lastRequest };

const ASKED_KEY = "hopso.persistRequested";

function manager(): StorageManager | undefined {
  return typeof navigator !== "undefined" ? navigator.storage : undefined;
}

/** Reads whether storage is already persistent. */
export async function checkPersistence(): Promise<PersistState> {
  const storage = manager();
  if (!storage?.persisted) {
    setPersistState("unsupported");
    return "unsupported";
  }
  const state: PersistState = (await storage.persisted()) ? "persisted" : "not-persisted";
  setPersistState(state);
  return state;
}

/** Asks the browser for persistent storage (call from a tap, or once at first start). */
export async function requestPersistence(): Promise<PersistState> {
  const storage = manager();
  if (!storage?.persist) {
    setPersistState("unsupported");
    return "unsupported";
  }
  const granted = await storage.persist();
  setLastRequest(granted ? "granted" : "denied");
  setPersistState(granted ? "persisted" : "not-persisted");
  return granted ? "persisted" : "not-persisted";
}

/** At start-up: check, and on the very first start on this device also ask. */
export async function initPersistence(): Promise<void> {
  const state = await checkPersistence();
  if (state !== "not-persisted") return;
  try {
    if (localStorage.getItem(ASKED_KEY)) return;
    localStorage.setItem(ASKED_KEY, new Date().toISOString());
  } catch {
    return;
  }
  const storage = manager();
  if (storage?.persist) setPersistState((await storage.persist()) ? "persisted" : "not-persisted");
}

export interface StorageUsage {
  usage: number;
  quota: number;
}

/** Bytes used and allowed for this origin, or undefined when the browser cannot tell. */
export async function storageUsage(): Promise<StorageUsage | undefined> {
  const storage = manager();
  if (!storage?.estimate) return undefined;
  const { usage, quota } = await storage.estimate();
  if (usage === undefined || quota === undefined) return undefined;
  return { usage, quota };
}
