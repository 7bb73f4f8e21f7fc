import { type Chunk, type DocHandle, decodeHeads, Repo, type StorageKey } from "@automerge/automerge-repo";
import { BroadcastChannelNetworkAdapter } from "@automerge/automerge-repo-network-broadcastchannel";
import { IndexedDBStorageAdapter } from "@automerge/automerge-repo-storage-indexeddb";
import { RelayConnection, relaySyncUrl } from "./relay-connection.ts";

/** The IndexedDB database holding this browser's Automerge documents. */
export const DOCUMENTS_DB = "hopso";

/**
 * automerge-repo's IndexedDB storage, plus what erasing the device's data needs: the connection can be
 * closed, and it closes itself when another tab deletes the database (otherwise `deleteDatabase` waits
 * for every open connection, forever if a tab stays open). The adapter keeps its connection in a
 * field its typings mark private (`dbPromise`, a plain property at run time in 2.5.6); this is the one
 * place that reaches for it.
 */
export class ClosableIndexedDBStorage extends IndexedDBStorageAdapter {
  #closed = false;

  constructor(database: string) {
    super(database);
    void this.#db().then((db) => {
      if (!db) return;
      db.onversionchange = () => {
        this.#closed = true;
        db.close();
      };
    });
  }

  #db(): Promise<IDBDatabase | undefined> {
    const promise = (this as unknown as { dbPromise?: Promise<IDBDatabase> }).dbPromise;
    return promise ? promise.catch(() => undefined) : Promise.resolve(undefined);
  }

  /** Closes the database connection; later reads find nothing and writes are dropped (data is being erased). */
  async close(): Promise<void> {
    this.#closed = true;
    (await this.#db())?.close();
  }

  override async load(key: StorageKey): Promise<Uint8Array | undefined> {
    return this.#closed ? undefined : super.load(key);
  }

  override async loadRange(prefix: StorageKey): Promise<Chunk[]> {
    return this.#closed ? [] : super.loadRange(prefix);
  }

  override async save(key: StorageKey, binary: Uint8Array): Promise<void> {
    if (!this.#closed) await super.save(key, binary);
  }

  override async remove(key: StorageKey): Promise<void> {
    if (!this.#closed) await super.remove(key);
  }

  override async removeRange(prefix: StorageKey): Promise<void> {
    if (!this.#closed) await super.removeRange(prefix);
  }
}

/**
 * Whether this page load has a session (state/session.ts keeps it under this key). Without one the Repo
 * gets no storage at all, so a signed-out or erased device does not even recreate an empty documents
 * database; signing in reloads the page.
 */
function hasStoredSession(): boolean {
  try {
    return Boolean(globalThis.localStorage?.getItem("hopso.session"));
  } catch {
    return false;
  }
}

/** True when this page's Repo keeps documents in IndexedDB (a session existed at load). */
export const repoIsPersistent: boolean = hasStoredSession();

/**
 * The one automerge-repo Repo of this browser tab:
 * - documents persist in IndexedDB (database {@link DOCUMENTS_DB}), so the app opens and edits offline
 *   — when the page was loaded with a session ({@link repoIsPersistent});
 * - tabs of the same browser exchange changes live over a BroadcastChannel;
 * - the relay at `ws(s)://<this origin>/sync` merges what every device did — connected only once this
 *   device has a session ({@link connectRelay}); the relay authenticates the upgrade with the device's
 *   cookie.
 *
 * Only `state/actions.ts` calls `handle.change`.
 */
export const relay = new RelayConnection(relaySyncUrl(globalThis.location));

export const storage: ClosableIndexedDBStorage | undefined = repoIsPersistent
  ? new ClosableIndexedDBStorage(DOCUMENTS_DB)
  : undefined;

export const repo = new Repo({
  ...(storage ? { storage } : {}),
  network: [new BroadcastChannelNetworkAdapter({ channelName: "hopso-repo" })],
});

let relayConnected = false;

/** Starts syncing with the relay (idempotent). Call when a session exists. */
export function connectRelay(): void {
  if (relayConnected || relay.stopped) return;
  relayConnected = true;
  repo.networkSubsystem.addNetworkAdapter(relay);
}

/**
 * The heads (hex hashes) of `handle` the relay has acknowledged — durable there (docs/relay-protocol.md
 * "Acknowledgement") — while connected; undefined when that is not known.
 */
export function relayAcknowledgedHeads(handle: DocHandle<unknown>): string[] | undefined {
  const peer = relay.remotePeerId;
  if (!peer || !repo.peers.includes(peer)) return undefined;
  const storageId = repo.getStorageIdOfPeer(peer);
  const info = storageId ? handle.getSyncInfo(storageId) : undefined;
  return info ? decodeHeads(info.lastHeads) : undefined;
}

/**
 * automerge-repo writes a changed document to IndexedDB on a timer, up to 100 ms after the change (its
 * save throttle). A page being reloaded or closed runs no more timers, and a hidden page may be frozen or
 * discarded (tablets do this to apps in the background), so an edit made just before would be lost.
 * Start writing every changed document at once when that may happen. `beforeunload` is the last moment
 * an IndexedDB write still completes on a reload (from `pagehide` on, Chromium drops it).
 */
function flushToStorage(): void {
  const ready = Object.values(repo.handles)
    .filter((handle) => handle.isReady())
    .map((handle) => handle.documentId);
  repo.flush(ready).catch((error: unknown) => console.error("could not save documents", error));
}

globalThis.addEventListener?.("beforeunload", flushToStorage);
globalThis.document?.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") flushToStorage();
});
