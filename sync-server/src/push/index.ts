import type Database from "better-sqlite3";
import type { Context, Env, Hono } from "hono";
import type { MemberId } from "../../../shared/src/ids.ts";
import type { Logger } from "../logger.ts";
import type { PushConfig } from "./config.ts";
import { pushRoutes } from "./routes.ts";
import { PushScheduler, type ReminderSource } from "./scheduler.ts";
import { PushSender } from "./sender.ts";
import { openPushDatabase, PushStore } from "./store.ts";
import { loadOrCreateVapidKeys, VapidSigner } from "./vapid.ts";

export * from "./config.ts";
export * from "./payload.ts";
export * from "./reminder-source.ts";
export * from "./routes.ts";
export * from "./scheduler.ts";
export * from "./sender.ts";
export * from "./store.ts";
export * from "./subscription.ts";
export * from "./vapid.ts";

export interface PushServiceOptions {
  readonly dataDir: string;
  readonly config: PushConfig;
  /** The reminder schedule at `now` (computeReminderSchedule over the documents). */
  readonly source: ReminderSource;
  readonly logger: Logger;
  /** synchronous=FULL for a database this opens (RelayConfig.fsync). */
  readonly fsync: boolean;
  /** A database to put the push tables in (e.g. the relay's); default: DATA_DIR/push.sqlite, owned here. */
  readonly db?: Database.Database;
  /** Clock, ms UTC. */
  readonly now?: () => number;
}

/** Web Push on the relay, assembled. */
export interface PushService {
  readonly publicKey: string;
  readonly signer: VapidSigner;
  readonly store: PushStore;
  readonly sender: PushSender;
  readonly scheduler: PushScheduler;
  /** The HTTP routes; mount under "/api/push" before the `/api/*` 404 catch-all. */
  routes<E extends Env = Env>(
    memberOf: (c: Context<E>) => MemberId | null | Promise<MemberId | null>,
    deviceOf?: (c: Context<E>) => string | null,
  ): Hono<E>;
  /** Starts the scheduler loop. */
  start(): void;
  /** Stops the loop (aborting sends in flight) and closes the database if this service opened it. */
  stop(): Promise<void>;
}

/**
 * Loads or creates the VAPID keys, opens the store and builds sender and scheduler (not started).
 * @throws StartupError for an invalid vapid.json or push tables of a newer version
 */
export async function createPushService(options: PushServiceOptions): Promise<PushService> {
  const now = options.now ?? Date.now;
  const { keys } = await loadOrCreateVapidKeys(options.dataDir, options.logger);
  const signer = new VapidSigner(keys, { subject: options.config.subject });
  const db = options.db ?? openPushDatabase(options.config.databaseFile, { fsync: options.fsync });
  const ownsDb = options.db === undefined;
  const store = new PushStore(db);
  const sender = new PushSender({
    vapid: signer,
    now,
    concurrency: options.config.concurrency,
    logger: options.logger,
  });
  const scheduler = new PushScheduler({
    store,
    sender,
    source: options.source,
    now,
    intervalMs: options.config.intervalMs,
    staleClaimMs: options.config.staleClaimMs,
    logger: options.logger,
  });
  return {
    publicKey: signer.publicKey,
    signer,
    store,
    sender,
    scheduler,
    routes: (memberOf, deviceOf) =>
      pushRoutes({
        vapidPublicKey: signer.publicKey,
        store,
        scheduler,
        memberOf,
        ...(deviceOf ? { deviceOf } : {}),
        endpointPolicy: options.config.endpointPolicy,
        now,
      }),
    start: () => scheduler.start(),
    async stop() {
      await scheduler.stop();
      sender.close();
      if (ownsDb) db.close();
    },
  };
}
