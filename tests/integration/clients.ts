/**
 * Node automerge-repo clients for integration tests: a standard Repo with no storage and the stock
 * `WebSocketClientAdapter`, opening its socket with the device credential in an `Authorization: Bearer`
 * header (what a non-browser client does; browsers send the `hopso_device` cookie instead).
 */
import {
  type AutomergeUrl,
  type DocHandle,
  decodeHeads,
  type PeerId,
  type PeerMetadata,
  Repo,
  type StorageId,
  type UrlHeads,
} from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";
import WebSocket from "ws";

/** Close codes after which a client must stop retrying (docs/relay-protocol.md): access has ended. */
export const ACCESS_ENDED_CODES: ReadonlySet<number> = new Set([4401, 4403, 4409, 4429]);

/** A close the client saw. */
export interface SeenClose {
  readonly code: number;
  readonly reason: string;
}

/**
 * The stock client adapter, with what tests need:
 * - the socket is opened with extra headers (the credential); the stock adapter calls
 *   `new WebSocket(url)` itself, so `connect` is re-implemented here with the adapter's public pieces
 *   (`onOpen`, `onClose`, `onMessage`, `join`) around a `ws` socket that carries the headers;
 * - it records close codes and, like the app must, stops reconnecting after one that ends access
 *   (4401, 4403, 4409, 4429);
 * - in Node the stock `onError` rethrows socket errors other than ECONNREFUSED (a relay killed
 *   mid-stream would surface as an uncaught exception): ignored here;
 * - `send` throws "Websocket not ready" between a socket closing and the Repo hearing about it: dropped;
 * - `disconnect()` also cancels reconnects.
 */
export class TestClientAdapter extends WebSocketClientAdapter {
  readonly closes: SeenClose[] = [];
  #closed = false;
  #accessEnded = false;
  #fallbackReady = false;
  readonly #headers: Record<string, string>;
  #resolveFallback!: () => void;
  readonly #fallback = new Promise<void>((resolve) => {
    this.#resolveFallback = resolve;
  });

  constructor(url: string, retryInterval: number, headers: Record<string, string> = {}) {
    super(url, retryInterval);
    this.#headers = headers;
  }

  override onError = (): void => {};

  /** True once the relay closed the socket with a code that ends access. */
  get accessEnded(): boolean {
    return this.#accessEnded;
  }

  override isReady(): boolean {
    return super.isReady() || this.#fallbackReady;
  }

  override whenReady(): Promise<void> {
    return Promise.race([super.whenReady(), this.#fallback]);
  }

  override connect(peerId: PeerId, peerMetadata?: PeerMetadata): void {
    if (this.#closed || this.#accessEnded) return;
    const previous = this.socket;
    if (previous) {
      previous.removeEventListener("open", this.onOpen);
      previous.removeEventListener("close", this.onClose);
      previous.removeEventListener("message", this.onMessage);
    }
    this.peerId = peerId;
    this.peerMetadata = peerMetadata ?? {};
    const socket = new WebSocket(this.url, { headers: this.#headers });
    socket.binaryType = "arraybuffer";
    socket.on("error", () => {});
    socket.on("close", (code, reason) => {
      this.closes.push({ code, reason: reason.toString() });
      if (ACCESS_ENDED_CODES.has(code)) this.#accessEnded = true;
    });
    socket.addEventListener("open", this.onOpen);
    socket.addEventListener("close", this.onClose);
    socket.addEventListener("message", this.onMessage);
    this.socket = socket as unknown as WebSocketClientAdapter["socket"];
    // As the stock adapter: ready after a second even without an answer, so finds can fail.
    setTimeout(() => {
      this.#fallbackReady = true;
      this.#resolveFallback();
    }, 1000);
  }

  override disconnect(): void {
    this.#closed = true;
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
  readonly peerId: PeerId;
  /** The relay's peerId once connected. */
  relayPeerId(): PeerId | undefined;
  /** The relay's storageId (what its acknowledgements are keyed by) once connected. */
  relayStorageId(): StorageId | undefined;
  /** Waits until connected to the relay. */
  connected(timeoutMs?: number): Promise<void>;
  /** Waits until the relay closed the socket with a code that ends access; returns that close. */
  accessEnded(timeoutMs?: number): Promise<SeenClose>;
  /** Stops reconnecting and closes the socket; the Repo keeps its documents in memory. */
  close(): Promise<void>;
}

export interface ClientOptions {
  /** The device credential (`hsd_…`), sent as `Authorization: Bearer`. */
  readonly credential?: string;
  /** Reconnect interval, ms (default 100). */
  readonly retryMs?: number;
  /** Use this peerId instead of a random one. */
  readonly peerId?: string;
  /** Extra headers for the upgrade (e.g. a Cookie or Origin). */
  readonly headers?: Record<string, string>;
}

/** Creates a client that syncs with the relay at `syncUrl` ("ws://…/sync"). */
export function createClient(syncUrl: string, name: string, options: ClientOptions = {}): TestClient {
  const headers: Record<string, string> = { ...options.headers };
  if (options.credential) headers.authorization = `Bearer ${options.credential}`;
  const adapter = new TestClientAdapter(syncUrl, options.retryMs ?? 100, headers);
  const peerId = (options.peerId ?? `${name}-${Math.random().toString(36).slice(2, 8)}`) as PeerId;
  const repo = new Repo({ network: [adapter], peerId });
  const relayPeerId = () => repo.peers[0];
  return {
    repo,
    adapter,
    peerId,
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
    async accessEnded(timeoutMs = 10_000) {
      await waitFor(() => adapter.accessEnded, timeoutMs, `${name}'s access ended`);
      return adapter.closes.findLast((c) => ACCESS_ENDED_CODES.has(c.code))!;
    },
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

/**
 * Waits until the relay has acknowledged (stored) the client's current heads of a document: only then
 * can other members ask for it (a document the relay has not got is unavailable to them).
 */
export async function acknowledged(
  client: TestClient,
  handle: DocHandle<unknown>,
  timeoutMs = 10_000,
): Promise<void> {
  await client.connected(timeoutMs);
  const same = (a: readonly string[] | undefined, b: readonly string[]) =>
    a !== undefined && a.length === b.length && [...a].sort().join() === [...b].sort().join();
  await waitFor(
    () => same(acknowledgedHeads(handle, client.relayStorageId()), handle.heads()),
    timeoutMs,
    `the relay acknowledged ${handle.documentId}`,
  );
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
