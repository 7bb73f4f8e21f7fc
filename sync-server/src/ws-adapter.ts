import { randomUUID } from "node:crypto";
import {
  type DocumentId,
  type Message,
  NetworkAdapter,
  type PeerId,
  type PeerMetadata,
} from "@automerge/automerge-repo";
import type { WebSocket } from "ws";
import type { Logger } from "./logger.ts";
import {
  type ClientMessage,
  checkPayload,
  type ErrorMessage,
  encodeFrame,
  FrameRejection,
  type JoinMessage,
  type PeerMessage,
  PROTOCOL_V1,
  parseClientFrame,
} from "./protocol.ts";

/** What the HTTP upgrade knew about a connection (the place where authentication will add the member). */
export interface ConnectionInfo {
  readonly remoteAddress: string | undefined;
  readonly userAgent: string | undefined;
}

/** Accepts upgraded WebSocket connections. */
export interface SocketAcceptor {
  /**
   * Takes over an open WebSocket: reads its frames, answers `join`, and carries sync messages between
   * the socket and the relay's Repo. Closes it at once (1013) if the relay is not connected yet.
   */
  accept(socket: WebSocket, info: ConnectionInfo): void;
}

export interface RelayWebSocketAdapterOptions {
  readonly logger: Logger;
  /**
   * Called before each outbound `sync` message for a document, and awaited: the relay makes the
   * document durable here, so a client that sees the relay's heads in a sync message knows they are on
   * disk. Rejecting drops the message and terminates that connection (the client resyncs on reconnect).
   */
  readonly beforeSyncMessage?: (documentId: DocumentId) => Promise<void>;
  /** Ping interval; a socket that missed one pong is terminated. Milliseconds, default 5000. */
  readonly keepAliveMs?: number;
  /** Malformed frames tolerated per connection before it is closed (1008). Default 100. */
  readonly maxMalformedFrames?: number;
}

interface Connection {
  readonly id: string;
  readonly socket: WebSocket;
  readonly info: ConnectionInfo;
  peerId: PeerId | null;
  alive: boolean;
  malformed: number;
  /** Outbound messages are sent in order; some wait for durability first. */
  outbox: Promise<void>;
}

const LOUD_REJECTIONS = 10;

/** WebSocket close codes the relay uses (RFC 6455 §7.4.1 and the IANA registry). */
export const CloseCode = {
  GoingAway: 1001,
  ProtocolError: 1002,
  PolicyViolation: 1008,
  InternalError: 1011,
  TryAgainLater: 1013,
  Replaced: 4000,
} as const;

/**
 * The relay's automerge-repo network adapter: protocol v1 (the same wire format as automerge-repo's
 * `NodeWSServerAdapter`, so the stock `WebSocketClientAdapter` is a client), with the checks a
 * trust boundary needs:
 * - every inbound frame is decoded and validated ({@link parseClientFrame}); a bad one is logged and
 *   dropped, never thrown, and the connection keeps working;
 * - a connection speaks for one peerId (the one it joined with); frames naming another sender or
 *   another target are dropped;
 * - outbound `sync` messages wait for {@link RelayWebSocketAdapterOptions.beforeSyncMessage}, so what the
 *   relay acknowledges is durable;
 * - socket errors (oversized frames, resets) are logged and only close that socket.
 *
 * Upgrades reach it through {@link accept}; there is no listener on the ws server, so the HTTP route
 * that upgrades is the one place to authenticate a connection.
 */
export class RelayWebSocketAdapter extends NetworkAdapter implements SocketAcceptor {
  readonly #log: Logger;
  readonly #beforeSyncMessage: ((documentId: DocumentId) => Promise<void>) | undefined;
  readonly #keepAliveMs: number;
  readonly #maxMalformed: number;
  readonly #connections = new Set<Connection>();
  readonly #byPeer = new Map<PeerId, Connection>();
  #keepAlive: NodeJS.Timeout | undefined;
  #connected = false;
  #resolveConnected!: () => void;
  readonly #whenConnected = new Promise<void>((resolve) => {
    this.#resolveConnected = resolve;
  });

  constructor(options: RelayWebSocketAdapterOptions) {
    super();
    this.#log = options.logger;
    this.#beforeSyncMessage = options.beforeSyncMessage;
    this.#keepAliveMs = options.keepAliveMs ?? 5000;
    this.#maxMalformed = options.maxMalformedFrames ?? 100;
  }

  /** True once the Repo has connected this adapter (storage is ready and the peerId is known). */
  isReady(): boolean {
    return this.#connected;
  }

  /** Resolves once the Repo has connected this adapter; the relay listens only after that. */
  whenReady(): Promise<void> {
    return this.#whenConnected;
  }

  /** Number of open connections (joined or not). */
  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Called by the Repo after its storage is ready. */
  connect(peerId: PeerId, peerMetadata?: PeerMetadata): void {
    this.peerId = peerId;
    this.peerMetadata = peerMetadata ?? {};
    this.#connected = true;
    clearInterval(this.#keepAlive);
    this.#keepAlive = setInterval(() => this.#checkAlive(), this.#keepAliveMs);
    this.#keepAlive.unref();
    this.#resolveConnected();
  }

  /** Called by the Repo on shutdown: closes every connection (1001) and stops accepting. */
  disconnect(): void {
    this.#connected = false;
    clearInterval(this.#keepAlive);
    for (const conn of [...this.#connections]) {
      conn.socket.close(CloseCode.GoingAway, "relay shutting down");
      this.#forget(conn);
    }
  }

  accept(socket: WebSocket, info: ConnectionInfo): void {
    const conn: Connection = {
      id: randomUUID().slice(0, 8),
      socket,
      info,
      peerId: null,
      alive: true,
      malformed: 0,
      outbox: Promise.resolve(),
    };
    const log = this.#log.child({ conn: conn.id });
    socket.on("error", (err) => {
      log.warn({ err: { message: err.message, code: (err as { code?: string }).code } }, "socket error");
    });
    if (!this.#connected || !this.peerId) {
      socket.close(CloseCode.TryAgainLater, "relay not ready");
      return;
    }
    this.#connections.add(conn);
    log.debug({ remoteAddress: info.remoteAddress }, "connection opened");
    socket.on("pong", () => {
      conn.alive = true;
    });
    socket.on("message", (data, isBinary) => {
      conn.alive = true;
      try {
        this.#receive(conn, toBytes(data), isBinary);
      } catch (err) {
        // The Repo threw while handling a valid-looking message: drop it, keep the connection.
        log.error({ err, peerId: conn.peerId }, "error while handling a message; dropped");
      }
    });
    socket.on("close", (code, reason) => {
      log.debug({ code, reason: reason.toString().slice(0, 120), peerId: conn.peerId }, "connection closed");
      this.#forget(conn);
    });
  }

  /** Called by the Repo to send a message to a peer. Unknown or departed peers are ignored. */
  send(message: Message): void {
    const conn = this.#byPeer.get(message.targetId);
    if (!conn) return;
    if (message.type === "sync" && message.documentId && this.#beforeSyncMessage) {
      const documentId = message.documentId;
      const gate = this.#beforeSyncMessage;
      this.#enqueue(conn, async () => {
        try {
          await gate(documentId);
        } catch (err) {
          this.#log.error(
            { err, conn: conn.id, documentId },
            "could not persist before acknowledging; closing",
          );
          conn.socket.terminate();
          return;
        }
        this.#write(conn, message);
      });
    } else {
      this.#enqueue(conn, async () => this.#write(conn, message));
    }
  }

  #enqueue(conn: Connection, task: () => Promise<void>): void {
    conn.outbox = conn.outbox.then(task).catch((err: unknown) => {
      this.#log.error({ err, conn: conn.id }, "send failed");
    });
  }

  #write(conn: Connection, message: object): void {
    if (conn.socket.readyState !== conn.socket.OPEN) return;
    conn.socket.send(encodeFrame(message));
  }

  #receive(conn: Connection, frame: Uint8Array, isBinary: boolean): void {
    if (!isBinary) {
      this.#reject(conn, FrameRejection.TextFrame, `${frame.byteLength} bytes`, frame.byteLength);
      return;
    }
    const parsed = parseClientFrame(frame);
    if (!parsed.ok) {
      this.#reject(conn, parsed.reason, parsed.detail, frame.byteLength);
      return;
    }
    const message: ClientMessage = parsed.message;
    if (message.type === "join") {
      this.#join(conn, message);
      return;
    }
    if (conn.peerId === null) {
      this.#reject(conn, FrameRejection.NotJoined, message.type, frame.byteLength);
      return;
    }
    if (message.senderId !== conn.peerId) {
      this.#reject(conn, FrameRejection.SenderMismatch, message.senderId, frame.byteLength);
      return;
    }
    if (message.targetId !== this.peerId) {
      this.#reject(conn, FrameRejection.WrongTarget, message.targetId, frame.byteLength);
      return;
    }
    if (message.type === "remote-subscription-change" || message.type === "remote-heads-changed") return;
    const payloadProblem = checkPayload(message);
    if (payloadProblem !== null) {
      this.#reject(conn, FrameRejection.BadPayload, payloadProblem, frame.byteLength);
      return;
    }
    this.emit("message", message as Message);
  }

  #join(conn: Connection, message: JoinMessage): void {
    const peerId = message.senderId;
    if (conn.peerId !== null && conn.peerId !== peerId) {
      this.#reject(conn, FrameRejection.PeerChanged, `${conn.peerId} -> ${peerId}`, 0);
      return;
    }
    const versions = message.supportedProtocolVersions;
    if (versions !== undefined && !versions.includes(PROTOCOL_V1)) {
      const error: ErrorMessage = {
        type: "error",
        senderId: this.peerId!,
        targetId: peerId,
        message: "unsupported protocol version",
      };
      this.#log.warn({ conn: conn.id, peerId, versions }, "unsupported protocol version; closing");
      this.#enqueue(conn, async () => {
        this.#write(conn, error);
        conn.socket.close(CloseCode.ProtocolError, "unsupported protocol version");
      });
      return;
    }
    // A peerId that is already connected elsewhere moves to this connection (a client reconnecting
    // before the relay noticed the old socket died). Issue 3: allow this only for the same member.
    const previous = this.#byPeer.get(peerId);
    if (previous && previous !== conn) {
      this.#log.info(
        { conn: conn.id, previous: previous.id, peerId },
        "peer reconnected; replacing old connection",
      );
      this.#forget(previous);
      previous.socket.close(CloseCode.Replaced, "replaced by a newer connection");
    } else if (previous === conn) {
      // The same peer joined twice on one socket: restart its sync from scratch.
      this.emit("peer-disconnected", { peerId });
    }
    conn.peerId = peerId;
    this.#byPeer.set(peerId, conn);
    const reply: PeerMessage = {
      type: "peer",
      senderId: this.peerId!,
      targetId: peerId,
      peerMetadata: this.peerMetadata ?? {},
      selectedProtocolVersion: PROTOCOL_V1,
    };
    this.#enqueue(conn, async () => this.#write(conn, reply));
    this.#log.debug({ conn: conn.id, peerId, storageId: message.peerMetadata.storageId }, "peer joined");
    this.emit("peer-candidate", { peerId, peerMetadata: message.peerMetadata });
  }

  #reject(conn: Connection, reason: FrameRejection, detail: string, bytes: number): void {
    conn.malformed += 1;
    // The first few per connection at warn; after that at debug, so one client cannot flood the log.
    const level = conn.malformed <= LOUD_REJECTIONS ? "warn" : "debug";
    this.#log[level]({ conn: conn.id, peerId: conn.peerId, reason, detail, bytes }, "frame dropped");
    if (conn.malformed === this.#maxMalformed) {
      this.#log.warn({ conn: conn.id, peerId: conn.peerId }, "too many malformed frames; closing");
      conn.socket.close(CloseCode.PolicyViolation, "too many malformed frames");
    }
  }

  #forget(conn: Connection): void {
    if (!this.#connections.delete(conn)) return;
    const peerId = conn.peerId;
    if (peerId !== null && this.#byPeer.get(peerId) === conn) {
      this.#byPeer.delete(peerId);
      this.emit("peer-disconnected", { peerId });
    }
  }

  #checkAlive(): void {
    for (const conn of this.#connections) {
      if (!conn.alive) {
        this.#log.info({ conn: conn.id, peerId: conn.peerId }, "no pong; terminating connection");
        this.#forget(conn);
        conn.socket.terminate();
        continue;
      }
      conn.alive = false;
      try {
        conn.socket.ping();
      } catch {
        // Socket already closing; its close event cleans up.
      }
    }
  }
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
