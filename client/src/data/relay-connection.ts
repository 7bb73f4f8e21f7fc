import type { PeerId, PeerMetadata } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";

/** How long to wait before retrying a lost or refused relay connection (ms). */
export const RELAY_RETRY_MS = 3000;

/** `ws(s)://<host>/sync` for the page's origin: the relay serves the app and the sync socket together. */
export function relaySyncUrl(loc: Pick<Location, "protocol" | "host">): string {
  return `${loc.protocol === "https:" ? "wss:" : "ws:"}//${loc.host}/sync`;
}

/**
 * State of the socket to the relay, as far as the browser tells us:
 * - `idle`: not started yet (the Repo connects once local storage is ready);
 * - `connecting`: a socket is opening or open, no answer from the relay yet;
 * - `closed`: the last attempt failed or the connection dropped; a retry is scheduled.
 *
 * "Connected" is not a socket state: it is the relay's `peer` answer, which the Repo reports as a peer.
 */
export type RelaySocketState = "idle" | "connecting" | "closed";

/**
 * automerge-repo's WebSocket client adapter, plus what the sync indicator needs to tell "still trying
 * for the first time" from "tried and failed": the adapter itself reports only peers, and nothing when
 * a connection attempt fails. Retries every {@link RELAY_RETRY_MS}.
 */
export class RelayConnection extends WebSocketClientAdapter {
  #state: RelaySocketState = "idle";
  /** Failed or dropped connections since the relay last answered; 0 while the first attempt runs. */
  #failures = 0;
  readonly #listeners = new Set<() => void>();

  constructor(url: string, retryMs: number = RELAY_RETRY_MS) {
    super(url, retryMs);
    // The base class binds these as instance fields and attaches them to each new socket in connect().
    const baseOnClose = this.onClose;
    this.onClose = () => {
      this.#state = "closed";
      this.#failures += 1;
      baseOnClose();
      this.#notify();
    };
  }

  override connect(peerId: PeerId, peerMetadata?: PeerMetadata): void {
    super.connect(peerId, peerMetadata);
    this.#state = "connecting";
    this.#notify();
  }

  override peerCandidate(remotePeerId: PeerId, peerMetadata: PeerMetadata): void {
    this.#failures = 0;
    super.peerCandidate(remotePeerId, peerMetadata);
  }

  override disconnect(): void {
    super.disconnect();
    this.#state = "closed";
    this.#notify();
  }

  get socketState(): RelaySocketState {
    return this.#state;
  }

  /** Connection attempts that failed (or connections that dropped) since the relay last answered. */
  get failuresSinceAnswer(): number {
    return this.#failures;
  }

  /** Calls `listener` whenever the socket state changes; returns an unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}
