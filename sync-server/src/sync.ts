import { hostname } from "node:os";
import path from "node:path";
import { type DocumentId, type PeerId, Repo } from "@automerge/automerge-repo";
import type { Logger } from "./logger.ts";
import { FileStorageAdapter } from "./storage.ts";
import { type InboundFilter, RelayWebSocketAdapter } from "./ws-adapter.ts";

export interface SyncOptions {
  /** DATA_DIR; documents go to `<dataDir>/automerge`, writes in progress to `<dataDir>/tmp`. */
  readonly dataDir: string;
  readonly fsync: boolean;
  readonly logger: Logger;
  /** How long to wait for storage to be ready before giving up. Milliseconds, default 30 000. */
  readonly readyTimeoutMs?: number;
  /**
   * May this peer receive this document? Asked by automerge-repo for every incoming message and when
   * sharing is re-evaluated. Default: everyone may (unit tests only; the relay passes its
   * AccessController).
   */
  readonly access?: (peerId: PeerId, documentId: DocumentId) => Promise<boolean>;
  /** Sees every message of a joined peer before the Repo (write filter, audit). */
  readonly inbound?: InboundFilter;
}

/** The relay's automerge-repo peer: a Repo with file storage and the WebSocket adapter. */
export interface SyncRelay {
  readonly repo: Repo;
  readonly adapter: RelayWebSocketAdapter;
  readonly storage: FileStorageAdapter;
  /**
   * Writes every loaded document to storage. Handles that are not ready (documents a client asked for
   * that nobody has) are skipped. @throws the first storage error
   */
  flushAll(): Promise<void>;
}

/**
 * Creates the relay's Repo and waits until its network adapter is connected, which automerge-repo does
 * only after storage is ready. Accepting sockets before that would orphan them silently (STACK.md,
 * "Relay start-up race"), so callers listen only after this resolves.
 *
 * Sharing: the relay never announces documents (`announce` false); a client gets a document only by
 * asking for its id, and `options.access` decides. `announce` must stay false or it bypasses `access`
 * (STACK.md "Access control").
 *
 * @throws Error when storage cannot be prepared or the adapter is not connected within the timeout
 */
export async function createSyncRelay(options: SyncOptions): Promise<SyncRelay> {
  const storage = new FileStorageAdapter({
    baseDirectory: path.join(options.dataDir, "automerge"),
    tmpDirectory: path.join(options.dataDir, "tmp"),
    fsync: options.fsync,
  });
  await storage.prepare();

  let repo: Repo | undefined;
  const durable = new DurableAck(() => repo, options.logger.child({ component: "storage" }));
  const adapter = new RelayWebSocketAdapter({
    logger: options.logger.child({ component: "ws" }),
    beforeSyncMessage: (documentId) => durable.persist(documentId),
    ...(options.inbound ? { inbound: options.inbound } : {}),
  });
  repo = new Repo({
    storage,
    network: [adapter],
    peerId: `hopso-relay-${hostname()}-${process.pid}` as PeerId,
    shareConfig: {
      announce: async () => false,
      access: options.access ?? (async () => true),
    },
  });
  const created = repo;

  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    adapter.whenReady(),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`storage not ready after ${timeoutMs} ms`)), timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));

  return {
    repo: created,
    adapter,
    storage,
    async flushAll() {
      const ready = Object.values(created.handles)
        .filter((h) => h.isReady())
        .map((h) => h.documentId);
      await created.flush(ready);
    },
  };
}

/**
 * Makes a document durable before the relay acknowledges it, with group commit: while one write of a
 * document is in progress, every request that arrives waits for the single next write (which starts
 * when the current one ends and covers all of them), so a burst of outbound messages for a document —
 * one per connected peer after each change — costs at most two writes instead of one write (and one
 * fsync) per message. Every caller still resolves only after a write that started after its call.
 */
class DurableAck {
  readonly #repo: () => Repo | undefined;
  readonly #log: Logger;
  /** Per document: the write in progress, and the one queued behind it (shared by all later callers). */
  readonly #writes = new Map<DocumentId, { running: Promise<void>; next?: Promise<void> }>();

  constructor(repo: () => Repo | undefined, log: Logger) {
    this.#repo = repo;
    this.#log = log;
  }

  /** Resolves when the document's state as of this call is in storage. @throws the storage error */
  persist(documentId: DocumentId): Promise<void> {
    const slot = this.#writes.get(documentId);
    if (!slot) return this.#start(documentId);
    if (!slot.next) {
      slot.next = slot.running
        .catch(() => undefined)
        .then(() => {
          // The queued write becomes the running one; callers from now on queue behind it.
          const current = this.#writes.get(documentId);
          if (current === slot) this.#writes.delete(documentId);
          return this.#start(documentId);
        });
    }
    return slot.next;
  }

  #start(documentId: DocumentId): Promise<void> {
    const running = this.#flush(documentId);
    const slot: { running: Promise<void>; next?: Promise<void> } = { running };
    this.#writes.set(documentId, slot);
    const done = () => {
      if (this.#writes.get(documentId) === slot && !slot.next) this.#writes.delete(documentId);
    };
    running.then(done, done);
    return running;
  }

  async #flush(documentId: DocumentId): Promise<void> {
    const repo = this.#repo();
    const handle = repo?.handles[documentId];
    if (!repo || !handle?.isReady()) return;
    const started = performance.now();
    await repo.flush([documentId]);
    this.#log.trace({ documentId, ms: +(performance.now() - started).toFixed(2) }, "document persisted");
  }
}
