/**
 * Node automerge-repo clients for integration tests: a Repo with no storage and the stock
 * `WebSocketClientAdapter` (which runs in Node 20 on the `ws` package through isomorphic-ws).
 */
import {
  type AutomergeUrl,
  type DocHandle,
  decodeHeads,
  type PeerId,
  Repo,
  type StorageId,
  type UrlHeads,
} from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";

/**
 * The stock client adapter, made safe for a test process that kills relays on purpose:
 * - in Node its `onError` rethrows every socket error except ECONNREFUSED, so a relay killed mid-stream
 *   (ECONNRESET) would surface as an uncaught exception in the test runner;
 * - its `send` throws "Websocket not ready" in the moment between a socket closing and the Repo hearing
 *   about it.
 * - `disconnect()` removes its listeners and closes the socket; a socket still connecting then emits
 *   "error" with no listener (an uncaught exception in Node), and a reconnect timer set by an earlier
 *   close is not cancelled, so a "disconnected" adapter connects again later.
 * - a reconnect removes the listeners of a socket that may still be connecting (see `connect`).
 * Browsers hide socket errors, so the first and third matter only in Node; the reconnect after
 * disconnect happens in browsers too.
 */
export class TestClientAdapter extends WebSocketClientAdapter {
  #closed = false;

  override onError = (): void => {};

  override connect(...args: Parameters<WebSocketClientAdapter["connect"]>): void {
    if (this.#closed) return;
    // A reconnect strips the listeners from the previous socket, which may still be connecting; if it
    // then fails (e.g. "Unexpected server response" from a relay still starting), ws would emit "error"
    // with no listener — an uncaught exception in Node.
    const previous = this.socket as unknown as { on?: (event: string, fn: () => void) => void } | undefined;
    previous?.on?.("error", () => {});
    super.connect(...args);
  }

  override disconnect(): void {
    this.#closed = true;
    const socket = this.socket as unknown as { on?: (event: string, fn: () => void) => void } | undefined;
    socket?.on?.("error", () => {});
    if (this.socket) super.disconnect();
  }

  override send(message: Parameters<WebSocketClientAdapter["send"]>[0]): void {
    try {
      super.send(message);
    } catch {
      // Dropped: the sync protocol resends what the relay has not acknowledged after reconnecting.
    }
  }
}

export interface TestClient {
  readonly repo: Repo;
  readonly adapter: TestClientAdapter;
  /** The relay's peerId once connected. */
  relayPeerId(): PeerId | undefined;
  /** The relay's storageId (what its acknowledgements are keyed by) once connected. */
  relayStorageId(): StorageId | undefined;
  /** Waits until connected to the relay. */
  connected(timeoutMs?: number): Promise<void>;
  /** Stops reconnecting and closes the socket; the Repo keeps its documents in memory. */
  close(): Promise<void>;
}

/**
 * Creates a client that syncs with the relay at `syncUrl` ("ws://…/sync").
 * @param retryMs reconnect interval, ms
 */
export function createClient(syncUrl: string, name: string, retryMs = 100): TestClient {
  const adapter = new TestClientAdapter(syncUrl, retryMs);
  const repo = new Repo({
    network: [adapter],
    peerId: `${name}-${Math.random().toString(36).slice(2, 8)}` as PeerId,
  });
  const relayPeerId = () => repo.peers[0];
  return {
    repo,
    adapter,
    relayPeerId,
    relayStorageId: () => {
      const peer = relayPeerId();
      return peer ? repo.getStorageIdOfPeer(peer) : undefined;
    },
    connected: (timeoutMs = 10_000) =>
      waitFor(
        () => repo.peers.length > 0 && repo.getStorageIdOfPeer(repo.peers[0]!) !== undefined,
        timeoutMs,
        `${name} connected`,
      ),
    async close() {
      await repo.shutdown().catch(() => undefined);
    },
  };
}

/**
 * The heads the relay has acknowledged for this document: what its latest sync message said it has.
 * The relay sends a sync message only after the document is durable (docs/relay-protocol.md
 * "Acknowledgement"), so these heads survive a relay crash.
 */
export function acknowledgedHeads(
  handle: DocHandle<unknown>,
  relayStorageId: StorageId | undefined,
): UrlHeads | undefined {
  if (!relayStorageId) return undefined;
  return handle.getSyncInfo(relayStorageId)?.lastHeads;
}

/** Hex heads (Automerge's own format) from repo URL heads. */
export function hexHeads(heads: UrlHeads): string[] {
  return decodeHeads(heads);
}

/** Polls `condition` every 20 ms. @throws Error naming `what` after `timeoutMs` */
export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Finds a document through the relay, retrying while the relay (re)starts. */
export async function findThroughRelay<T>(
  client: TestClient,
  url: AutomergeUrl,
  timeoutMs = 15_000,
): Promise<DocHandle<T>> {
  await client.connected(timeoutMs);
  return client.repo.find<T>(url);
}
