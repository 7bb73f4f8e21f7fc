import { Repo } from "@automerge/automerge-repo";
import { BroadcastChannelNetworkAdapter } from "@automerge/automerge-repo-network-broadcastchannel";
import { IndexedDBStorageAdapter } from "@automerge/automerge-repo-storage-indexeddb";
import { RelayConnection, relaySyncUrl } from "./relay-connection.ts";

/**
 * The one automerge-repo Repo of this browser tab:
 * - documents persist in IndexedDB (database "hopso"), so the app opens and edits offline;
 * - tabs of the same browser exchange changes live over a BroadcastChannel;
 * - the relay at `ws(s)://<this origin>/sync` merges what every device did.
 *
 * Only `data/actions.ts` calls `handle.change`.
 */
export const relay = new RelayConnection(relaySyncUrl(globalThis.location));

export const repo = new Repo({
  storage: new IndexedDBStorageAdapter("hopso"),
  network: [new BroadcastChannelNetworkAdapter({ channelName: "hopso-repo" }), relay],
});

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
