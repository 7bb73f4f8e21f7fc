import { type Doc, getChangesMetaSince, type Heads, hasHeads } from "@automerge/automerge/slim";
import {
  type DocHandle,
  type DocumentId,
  decodeHeads,
  type PeerId,
  type PeerPayload,
  type Repo,
  type StorageId,
} from "@automerge/automerge-repo/slim";
import { type Accessor, createSignal } from "solid-js";
import type { RelaySocketState } from "./relay-connection.ts";

/**
 * What the sync indicator shows. Derived, never guessed:
 * - `offline`: the browser has no network (`cause: "network"`) or the relay could not be reached / the
 *   connection dropped (`cause: "relay"`); edits are kept locally and counted in `pending`.
 * - `connecting`: the first attempt to reach the relay is under way.
 * - `syncing`: connected; the relay has changes this device has not received yet.
 * - `pending`: connected; `pending` local changes are not yet acknowledged by the relay.
 * - `synced`: connected; the relay has every local change and this device has everything the relay
 *   reported.
 * `lastSyncedAt` (ms since the epoch) is the last moment the device was `synced`, kept across reloads.
 */
export type SyncStatus =
  | { kind: "offline"; cause: "network" | "relay"; pending: number; lastSyncedAt: number | null }
  | { kind: "connecting"; pending: number; lastSyncedAt: number | null }
  | { kind: "syncing"; pending: number; lastSyncedAt: number | null }
  | { kind: "pending"; pending: number; lastSyncedAt: number | null }
  | { kind: "synced"; pending: 0; lastSyncedAt: number | null };

export type SyncStatusKind = SyncStatus["kind"];

/** The facts the status is derived from. */
export interface SyncFacts {
  /** `navigator.onLine` */
  online: boolean;
  /** The relay has answered on the current socket (it is a connected peer of the Repo). */
  relayConnected: boolean;
  socketState: RelaySocketState;
  /** Failed attempts / dropped connections since the relay last answered. */
  failuresSinceAnswer: number;
  /** Local changes the relay has not acknowledged, over all loaded documents. */
  pending: number;
  /** Whether the relay reported heads that this device does not have yet. */
  inboundMissing: boolean;
  lastSyncedAt: number | null;
}

/** Pure derivation of the indicator state from {@link SyncFacts}. */
export function deriveSyncStatus(f: SyncFacts): SyncStatus {
  const { pending, lastSyncedAt } = f;
  if (!f.online) return { kind: "offline", cause: "network", pending, lastSyncedAt };
  if (!f.relayConnected) {
    if (f.failuresSinceAnswer > 0 || f.socketState === "closed") {
      return { kind: "offline", cause: "relay", pending, lastSyncedAt };
    }
    return { kind: "connecting", pending, lastSyncedAt };
  }
  if (pending > 0) return { kind: "pending", pending, lastSyncedAt };
  if (f.inboundMissing) return { kind: "syncing", pending, lastSyncedAt };
  return { kind: "synced", pending: 0, lastSyncedAt };
}

/**
 * Number of changes in `doc` that are not in the history of `acknowledged` (heads the relay reported,
 * hex hashes). Heads this device has not received yet are ignored: they cannot acknowledge anything we
 * cannot see, and counting from the ones we know errs on the side of "not yet on the server".
 */
export function countUnacknowledgedChanges(doc: Doc<unknown>, acknowledged: Heads): number {
  const known = acknowledged.filter((hash) => hasHeads(doc, [hash]));
  return getChangesMetaSince(doc, known).length;
}

function safeSetItem(storage: SyncStatusOptions["storage"], key: string, value: string): void {
  try {
    storage?.setItem(key, value);
  } catch {
    // Private mode or quota: the value lasts for this visit only.
  }
}

function sameHeads(a: Heads | undefined, b: Heads): boolean {
  return a !== undefined && a.length === b.length && a.every((hash) => b.includes(hash));
}

/** The minimal view of the relay connection the tracker needs (RelayConnection implements it). */
export interface RelayLink {
  readonly remotePeerId?: PeerId | undefined;
  readonly socketState: RelaySocketState;
  readonly failuresSinceAnswer: number;
  subscribe(listener: () => void): () => void;
}

export interface SyncStatusTracker {
  readonly status: Accessor<SyncStatus>;
  /** Recomputes now (normally driven by repo, socket and online/offline events). */
  refresh(): void;
  dispose(): void;
}

export interface SyncStatusOptions {
  /** Where the relay's storage id and the last synced time are kept between visits. */
  storage?: Pick<Storage, "getItem" | "setItem"> | undefined;
  /** Source of online/offline events; `window` in the app. */
  events?: EventTarget | undefined;
  isOnline?: () => boolean;
  now?: () => number;
  /** Coalesces bursts of events (typing) into one recount (ms). */
  debounceMs?: number;
}

const RELAY_STORAGE_ID_KEY = "hopso.relayStorageId";
const LAST_SYNCED_KEY = "hopso.lastSyncedAt";
/** `{ storageId, heads: { [documentId]: hexHeads } }`: what the relay last acknowledged, per document. */
const ACK_HEADS_KEY = "hopso.relayAckHeads";

interface StoredAckHeads {
  storageId: string;
  heads: Record<string, Heads>;
}

function readStoredAckHeads(
  storage: SyncStatusOptions["storage"],
  storageId: string | undefined,
): Map<DocumentId, Heads> {
  try {
    const stored = JSON.parse(storage?.getItem(ACK_HEADS_KEY) ?? "null") as StoredAckHeads | null;
    if (!stored || stored.storageId !== storageId || typeof stored.heads !== "object") return new Map();
    return new Map(
      Object.entries(stored.heads).filter(
        (entry): entry is [DocumentId, Heads] =>
          Array.isArray(entry[1]) && entry[1].every((h) => typeof h === "string"),
      ) as [DocumentId, Heads][],
    );
  } catch {
    return new Map();
  }
}
/**
 * New handles (documents created or opened) are picked up at this interval even without events, and
 * documents still loading or requested are looked at again (they may have become unavailable).
 */
const HANDLE_SCAN_MS = 1000;

/**
 * Watches a Repo and its relay connection and derives {@link SyncStatus}.
 *
 * "Acknowledged by the relay" = in the history of the heads the relay last reported for the document in
 * the sync protocol (`handle.getSyncInfo(relayStorageId)`, set by the Repo from the sync state's
 * `theirHeads`). On an offline start, before the relay has said anything this session, the heads the
 * relay last acknowledged in an earlier visit stand in, so edits made offline then still count as
 * pending after a reload. The tracker keeps those itself (`hopso.relayAckHeads`): the sync states the
 * Repo persists are not enough, because automerge-repo 2.5.6 saves them through one 100 ms throttle per
 * peer, so when several documents sync at once only the last one's state is written. The Repo's
 * persisted `sharedHeads` remain the fallback for documents the tracker has no record of.
 */
export function createSyncStatusTracker(
  repo: Repo,
  relay: RelayLink,
  options: SyncStatusOptions = {},
): SyncStatusTracker {
  const storage = options.storage;
  const isOnline = options.isOnline ?? (() => globalThis.navigator?.onLine ?? true);
  const now = options.now ?? Date.now;
  const debounceMs = options.debounceMs ?? 50;

  let relayPeerId: PeerId | undefined;
  let relayStorageId = (storage?.getItem(RELAY_STORAGE_ID_KEY) ?? undefined) as StorageId | undefined;
  const storedLastSynced = Number(storage?.getItem(LAST_SYNCED_KEY) ?? Number.NaN);
  let lastSyncedAt: number | null = Number.isFinite(storedLastSynced) ? storedLastSynced : null;

  /** Heads the relay acknowledged per document, as recorded by this tracker (this visit and earlier). */
  let recordedAck = readStoredAckHeads(storage, relayStorageId);
  let recordedDirty = false;
  /** Heads the relay had per document according to the Repo's persisted sync state (fallback). */
  const persistedAck = new Map<DocumentId, Heads>();
  const loadingAck = new Set<DocumentId>();
  const watched = new Set<DocumentId>();
  const unsubscribers: (() => void)[] = [];

  /**
   * Whether the last count met a document still loading or being requested. A handle that then turns
   * unavailable (the relay has no such document, or refuses this member) emits no event, so while
   * this is set the periodic scan recounts.
   */
  let transitional = false;

  const compute = (): SyncStatus => {
    let pending = 0;
    let inboundMissing = false;
    transitional = false;
    for (const handle of Object.values(repo.handles) as DocHandle<unknown>[]) {
      if (handle.inState(["loading", "requesting"])) {
        transitional = true;
        // Still loading, or waiting for the relay to send it — unless the relay already answered that it
        // has nothing (a meeting listed by a device that has not uploaded it yet): nothing to wait for.
        const relayAnswer = relayStorageId ? handle.getSyncInfo(relayStorageId) : undefined;
        if (!relayAnswer || relayAnswer.lastHeads.length > 0) inboundMissing = true;
        continue;
      }
      if (!handle.isReady()) continue; // unavailable, deleted or unloaded: nothing to send
      const doc = handle.doc() as Doc<unknown>;
      const ack = acknowledgedHeads(handle);
      if (ack === undefined) {
        inboundMissing = true; // persisted sync state still loading; counted when it arrives
        continue;
      }
      pending += countUnacknowledgedChanges(doc, ack);
      if (relayPeerId && ack.length > 0 && !hasHeads(doc, ack)) inboundMissing = true;
    }
    if (recordedDirty && relayStorageId) {
      recordedDirty = false;
      const stored: StoredAckHeads = { storageId: relayStorageId, heads: Object.fromEntries(recordedAck) };
      // If this cannot be stored, the Repo's own sync states remain the fallback.
      safeSetItem(storage, ACK_HEADS_KEY, JSON.stringify(stored));
    }
    const status = deriveSyncStatus({
      online: isOnline(),
      relayConnected: relayPeerId !== undefined,
      socketState: relay.socketState,
      failuresSinceAnswer: relay.failuresSinceAnswer,
      pending,
      inboundMissing,
      lastSyncedAt,
    });
    if (status.kind !== "synced") return status;
    lastSyncedAt = now();
    safeSetItem(storage, LAST_SYNCED_KEY, String(lastSyncedAt));
    return { ...status, lastSyncedAt };
  };

  /** Hex heads the relay acknowledged; [] when nothing is known; undefined while still loading. */
  const acknowledgedHeads = (handle: DocHandle<unknown>): Heads | undefined => {
    if (!relayStorageId) return [];
    const documentId = handle.documentId;
    const live = handle.getSyncInfo(relayStorageId);
    if (live) {
      const heads = decodeHeads(live.lastHeads);
      if (!sameHeads(recordedAck.get(documentId), heads)) {
        recordedAck.set(documentId, heads);
        recordedDirty = true;
      }
      return heads;
    }
    const recorded = recordedAck.get(documentId);
    if (recorded) return recorded;
    const persisted = persistedAck.get(documentId);
    if (persisted) return persisted;
    const subsystem = repo.storageSubsystem;
    if (!subsystem) return [];
    if (!loadingAck.has(documentId)) {
      loadingAck.add(documentId);
      const storageId = relayStorageId;
      void subsystem
        .loadSyncState(documentId, storageId)
        .catch(() => undefined)
        .then((state) => {
          if (storageId === relayStorageId) persistedAck.set(documentId, state?.sharedHeads ?? []);
          loadingAck.delete(documentId);
          schedule();
        });
    }
    return undefined;
  };

  const [status, setStatus] = createSignal<SyncStatus>(compute(), {
    equals: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  });

  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (): void => {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      refresh();
    }, debounceMs);
  };
  const refresh = (): void => {
    watchNewHandles();
    setStatus(compute());
  };

  const watchNewHandles = (): boolean => {
    let added = false;
    for (const handle of Object.values(repo.handles) as DocHandle<unknown>[]) {
      if (watched.has(handle.documentId)) continue;
      watched.add(handle.documentId);
      added = true;
      handle.on("heads-changed", schedule);
      handle.on("remote-heads", schedule);
      unsubscribers.push(() => {
        handle.off("heads-changed", schedule);
        handle.off("remote-heads", schedule);
      });
      void handle.whenReady().then(schedule, () => {});
    }
    return added;
  };

  const network = repo.networkSubsystem;
  const onPeer = ({ peerId, peerMetadata }: PeerPayload) => {
    if (peerId !== relay.remotePeerId) return; // another tab of this browser
    relayPeerId = peerId;
    const storageId = peerMetadata?.storageId;
    if (storageId && storageId !== relayStorageId) {
      relayStorageId = storageId;
      persistedAck.clear();
      recordedAck = new Map();
      safeSetItem(storage, RELAY_STORAGE_ID_KEY, storageId);
    }
    schedule();
  };
  const onPeerDisconnected = ({ peerId }: { peerId: PeerId }) => {
    if (peerId !== relayPeerId) return;
    relayPeerId = undefined;
    schedule();
  };
  network.on("peer", onPeer);
  network.on("peer-disconnected", onPeerDisconnected);
  unsubscribers.push(() => {
    network.off("peer", onPeer);
    network.off("peer-disconnected", onPeerDisconnected);
  });
  unsubscribers.push(relay.subscribe(schedule));
  if (options.events) {
    const events = options.events;
    events.addEventListener("online", schedule);
    events.addEventListener("offline", schedule);
    unsubscribers.push(() => {
      events.removeEventListener("online", schedule);
      events.removeEventListener("offline", schedule);
    });
  }
  // The relay may have answered before this tracker was created.
  if (relay.remotePeerId && repo.peers.includes(relay.remotePeerId)) {
    onPeer({ peerId: relay.remotePeerId, peerMetadata: repo.peerMetadataByPeerId[relay.remotePeerId] ?? {} });
  }
  const scan = setInterval(() => {
    if (watchNewHandles() || transitional) schedule();
  }, HANDLE_SCAN_MS);
  unsubscribers.push(() => clearInterval(scan));
  watchNewHandles();

  return {
    status,
    refresh,
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      for (const off of unsubscribers.splice(0)) off();
    },
  };
}
