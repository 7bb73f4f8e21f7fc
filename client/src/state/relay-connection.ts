import type { PeerId, PeerMetadata } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";
import { type AccessEndReason, isAccessEndReason } from "./api.ts";

/** How long to wait before retrying a lost or refused relay connection (ms). */
export const RELAY_RETRY_MS = 3000;

/**
 * Close codes with which the relay refuses a device at the WebSocket upgrade (the browser cannot read an
 * upgrade's HTTP status, but it can read these): 4401 unauthenticated / credential_invalid, 4403
 * device_revoked / member_disabled. The close reason is the code string.
 */
export const ACCESS_REFUSED_CLOSE_CODES: ReadonlySet<number> = new Set([4401, 4403]);

/** `ws(s)://<host>/sync` for the page's origin: the relay serves the app and the sync socket together. */
export function relaySyncUrl(loc: Pick<Location, "protocol" | "host">): string {
  return `${loc.protocol === "https:" ? "wss:" : "ws:"}//${loc.host}/sync`;
}

/**
 * State of the socket to the relay, as far as the browser tells us:
 * - `idle`: not started yet (no session, or the Repo has not connected it yet);
 * - `connecting`: a socket is opening or open, no answer from the relay yet;
 * - `closed`: the last attempt failed or the connection dropped (a retry is scheduled), or the
 *   connection was stopped for good ({@link RelayConnection.stopped}).
 *
 * "Connected" is not a socket state: it is the relay's `peer` answer, which the Repo reports as a peer.
 */
export type RelaySocketState = "idle" | "connecting" | "closed";

/** What the relay said when it refused this device. */
export interface RelayRefusal {
  readonly closeCode: number;
  readonly reason: AccessEndReason;
}

/** The part of the browser's CloseEvent we read (Node's `ws` gives the same fields). */
interface CloseInfo {
  readonly code?: number;
  readonly reason?: string;
}

/**
 * automerge-repo's WebSocket client adapter, plus:
 * - what the sync indicator needs to tell "still trying for the first time" from "tried and failed"
 *   (the adapter itself reports only peers, and nothing when a connection attempt fails);
 * - the end of access: when the relay closes the socket with 4401/4403, the adapter stops for good and
 *   tells {@link onRefused} listeners. The stock adapter would reconnect forever — after any close, and
 *   even after `disconnect()` (a reconnect timer set by an earlier close is not cancelled) — so
 *   `connect()` is a no-op once stopped and a close after stopping schedules nothing.
 *
 * Retries every {@link RELAY_RETRY_MS} otherwise.
 */
export class RelayConnection extends WebSocketClientAdapter {
  #state: RelaySocketState = "idle";
  /** Failed or dropped connections since the relay last answered; 0 while the first attempt runs. */
  #failures = 0;
  #stopped = false;
  #refusal: RelayRefusal | undefined;
  readonly #listeners = new Set<() => void>();
  readonly #refusalListeners = new Set<(refusal: RelayRefusal) => void>();

  constructor(url: string, retryMs: number = RELAY_RETRY_MS) {
    super(url, retryMs);
    // The base class binds these as instance fields and attaches them to each new socket in connect().
    const baseOnClose = this.onClose;
    this.onClose = (event?: CloseInfo) => {
      this.#state = "closed";
      const code = event?.code ?? 0;
      if (ACCESS_REFUSED_CLOSE_CODES.has(code)) {
        const reason: AccessEndReason = isAccessEndReason(event?.reason)
          ? event.reason
          : code === 4403
            ? "device_revoked"
            : "unauthenticated";
        const refusal: RelayRefusal = { closeCode: code, reason };
        this.#refusal = refusal;
        // No reconnect; the base class's disconnect() also tells the Repo the relay is gone.
        this.#stop();
        this.#notify();
        for (const listener of [...this.#refusalListeners]) listener(refusal);
        return;
      }
      this.#failures += 1;
      baseOnClose();
      this.#notify();
    };
  }

  override connect(peerId: PeerId, peerMetadata?: PeerMetadata): void {
    if (this.#stopped) return;
    super.connect(peerId, peerMetadata);
    this.#state = "connecting";
    this.#notify();
  }

  override peerCandidate(remotePeerId: PeerId, peerMetadata: PeerMetadata): void {
    this.#failures = 0;
    super.peerCandidate(remotePeerId, peerMetadata);
  }

  override disconnect(): void {
    if (this.socket) super.disconnect();
    this.#state = "closed";
    this.#notify();
  }

  /**
   * Stops this connection for good: closes the socket, cancels every pending retry and refuses later
   * `connect()` calls (also the Repo's). A new session needs a new page load.
   */
  stop(): void {
    if (this.#stopped) return;
    this.#stop();
    this.#state = "closed";
    this.#notify();
  }

  #stop(): void {
    this.#stopped = true;
    // Clears the base class's retry interval and detaches the socket's listeners.
    if (this.socket && this.peerId) super.disconnect();
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Set when the relay refused this device (close 4401/4403). */
  get refusal(): RelayRefusal | undefined {
    return this.#refusal;
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

  /** Calls `listener` when the relay refuses this device (close 4401/4403); returns an unsubscribe. */
  onRefused(listener: (refusal: RelayRefusal) => void): () => void {
    this.#refusalListeners.add(listener);
    return () => this.#refusalListeners.delete(listener);
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}
