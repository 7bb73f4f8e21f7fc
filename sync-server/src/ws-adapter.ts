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
  type RepoBoundMessage,
} from "./protocol.ts";

/** The authenticated device behind a connection (from the credential checked at the upgrade). */
export interface DeviceIdentity {
  readonly deviceId: string;
  readonly memberId: string;
}

/** A joined peer and the device it is bound to. */
export interface BoundPeer extends DeviceIdentity {
  readonly peerId: PeerId;
}

/** What the HTTP upgrade knew about a connection. */
export interface ConnectionInfo {
  readonly remoteAddress: string | undefined;
  readonly userAgent: string | undefined;
  /** The authenticated device; the upgrade refuses connections without one. */
  readonly identity: DeviceIdentity;
}

/**
 * Sees every message from a joined peer before the Repo does, in order per connection, and returns the
 * message to deliver (possibly changed, e.g. without changes the sender may not write) or null to drop
 * it. Rejections are logged by the filter.
 */
export type InboundFilter = (peer: BoundPeer, message: RepoBoundMessage) => Promise<RepoBoundMessage | null>;

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
  /** Runs in front of the Repo for every message of a joined peer (access control, audit). */
  readonly inbound?: InboundFilter;
  /**
   * Peer ids remembered with the device they were bound to, so no other device can take one over later
   * in this process's life. Oldest bindings are forgotten past this many. Default 100 000.
   */
  readonly maxPeerBindings?: number;
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
  /** Inbound messages pass the filter in order. */
  inbox: Promise<void>;
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
  /** Authentication failed at the upgrade (reason: unauthenticated, credential_invalid). */
  Unauthenticated: 4401,
  /** Access ended or refused (reason: device_revoked, member_disabled, origin_not_allowed). */
  Forbidden: 4403,
  /** The peer id is bound to another device (reason: peer_id_taken). */
  PeerIdTaken: 4409,
  /** Too many failed authentications from this address (reason: rate_limited). */
  RateLimited: 4429,
} as const;

/**
 * The relay's automerge-repo network adapter: protocol v1 (the same wire format as automerge-repo's
 * `NodeWSServerAdapter`, so the stock `WebSocketClientAdapter` is a client), with the checks a
 * trust boundary needs:
 * - every inbound frame is decoded and validated ({@link parseClientFrame}); a bad one is logged and
 *   dropped, never thrown, and the connection keeps working;
 * - a connection speaks for one peerId (the one it joined with); frames naming another sender or
 *   another target are dropped;
 * - every connection belongs to an authenticated device (checked at the upgrade); a peerId is bound to
 *   the first device that joins with it, and a join by another device is refused (close 4409);
 * - every message of a joined peer passes the {@link InboundFilter} (access control, write filter,
 *   audit) in order before the Repo sees it;
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
  readonly #inbound: InboundFilter | undefined;
  readonly #maxPeerBindings: number;
  /** peerId → deviceId of the device that first joined with it. */
  readonly #peerOwners = new Map<PeerId, string>();
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
    this.#inbound = options.inbound;
    this.#maxPeerBindings = options.maxPeerBindings ?? 100_000;
  }

  /** The device bound to a connected peer, or undefined if that peer is not connected. */
  identityOf(peerId: PeerId): BoundPeer | undefined {
    const conn = this.#byPeer.get(peerId);
    return conn ? { peerId, ...conn.info.identity } : undefined;
  }

  /** Every joined peer with its device. */
  identities(): BoundPeer[] {
    return [...this.#byPeer].map(([peerId, conn]) => ({ peerId, ...conn.info.identity }));
  }

  /**
   * Closes every connection (joined or not) whose device matches, with `code` and `reason`
   * (e.g. 4403 "device_revoked").
   * @returns how many were closed
   */
  close(match: (identity: DeviceIdentity) => boolean, code: number, reason: string): number {
    let closed = 0;
    for (const conn of [...this.#connections]) {
      if (!match(conn.info.identity)) continue;
      this.#log.info(
        { conn: conn.id, peerId: conn.peerId, ...conn.info.identity, code, reason },
        "closing connection",
      );
      this.#forget(conn);
      conn.socket.close(code, reason);
      closed += 1;
    }
    return closed;
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
      inbox: Promise.resolve(),
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
    log.debug({ remoteAddress: info.remoteAddress, ...info.identity }, "connection opened");
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
    this.#deliver(conn, message);
  }

  /** Hands a message to the Repo after the inbound filter, keeping the connection's order. */
  #deliver(conn: Connection, message: RepoBoundMessage): void {
    const filter = this.#inbound;
    if (!filter) {
      this.emit("message", message as Message);
      return;
    }
    const peer: BoundPeer = { peerId: conn.peerId!, ...conn.info.identity };
    conn.inbox = conn.inbox
      .then(async () => {
        if (!this.#connections.has(conn)) return;
        const delivered = await filter(peer, message);
        // The peer may have left (or been closed) while the filter ran: the Repo already forgot it.
        if (delivered && this.#connections.has(conn) && conn.peerId === peer.peerId) {
          this.emit("message", delivered as Message);
        }
      })
      .catch((err: unknown) => {
        this.#log.error(
          { err, conn: conn.id, peerId: conn.peerId, type: message.type },
          "inbound filter failed; message dropped",
        );
      });
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
    // A peerId belongs to the first device that joined with it (for this process's life): another
    // device using it would take over that device's sync sessions. Refused and closed.
    const owner = this.#peerOwners.get(peerId);
    const deviceId = conn.info.identity.deviceId;
    if (owner !== undefined && owner !== deviceId) {
      this.#log.warn(
        { conn: conn.id, peerId, deviceId, memberId: conn.info.identity.memberId, ownerDeviceId: owner },
        "peer id bound to another device; connection refused",
      );
      this.#forget(conn);
      conn.socket.close(CloseCode.PeerIdTaken, "peer_id_taken");
      return;
    }
    if (owner === undefined) {
      if (this.#peerOwners.size >= this.#maxPeerBindings) {
        const oldest = this.#peerOwners.keys().next().value;
        if (oldest !== undefined && !this.#byPeer.has(oldest)) this.#peerOwners.delete(oldest);
      }
      this.#peerOwners.set(peerId, deviceId);
    }
    // The same device's peerId already connected elsewhere moves to this connection (a client
    // reconnecting before the relay noticed the old socket died).
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
