import { chmodSync, existsSync } from "node:fs";
import Database from "better-sqlite3";
import type { MemberId } from "../../../shared/src/ids.ts";
import { deliveryKeys, type Reminder } from "../../../shared/src/reminders/index.ts";
import { StartupError } from "../errors.ts";

/**
 * What the relay keeps for Web Push, in SQLite (better-sqlite3; all calls are synchronous):
 *
 * - `push_subscriptions`: one row per device (browser profile) with its push endpoint and keys;
 * - `push_sent`: the sent-log, one row per reminder delivery key (PRIMARY KEY: a key is claimed once,
 *   across restarts), state `sending` → `sent` | `failed` | `expired`;
 * - `push_sent_targets`: which devices already accepted a reminder, so a retried claim skips them.
 *
 * **Claim before send.** A reminder's keys are written as `sending` in a transaction before any HTTP
 * request, and set to `sent` after. A `sending` row whose claim is older than the stale threshold was
 * left by a process that died mid-send; the scheduler claims it again (only while the reminder is still
 * in the schedule and relevant) and sends to the devices not yet in `push_sent_targets`.
 *
 * **The at-least-once window, honestly.** Each device's 201 is recorded in its own transaction right
 * after the response. A crash between the push service accepting a message and that write makes the
 * retry send that one message to that one device again. Mitigations: the request's `Topic` is a hash
 * of the reminder key, so a push service still holding the first copy (device offline) replaces it
 * instead of queueing a second (RFC 8030 §5.4); and the payload carries the key, which the service
 * worker uses as the notification `tag`, so a second copy replaces the first on screen. A crash *before*
 * the request (claimed, nothing sent) costs no duplicate: the retry sends it once.
 *
 * Durability: pass a database opened with {@link openPushDatabase} (WAL). `synchronous=NORMAL` survives
 * a killed process; power loss can lose the last commits (and so repeat their messages) unless
 * `synchronous=FULL` (FSYNC=1).
 *
 * The tables can live in their own file or beside other tables in the relay's database: pass the handle.
 */

/** Devices kept per member; subscribing one more drops the oldest (bounds what one account can make the relay send). */
export const MAX_DEVICES_PER_MEMBER = 20;

/** Schema version of the push tables (push_meta); a newer file is refused rather than misread. */
const SCHEMA_VERSION = 1;

/** A device's Web Push subscription as stored. Endpoint and keys are secrets: never log them. */
export interface StoredSubscription {
  /** Client-chosen id of the device (browser profile); one subscription per device. */
  readonly deviceId: string;
  readonly memberId: MemberId;
  /** Push service URL (a capability: whoever knows it and the keys can address the device). */
  readonly endpoint: string;
  /** The device's P-256 public key, base64url (65 bytes). */
  readonly p256dh: string;
  /** The device's auth secret, base64url (16 bytes). */
  readonly auth: string;
  /** ms UTC */
  readonly createdAt: number;
  /** ms UTC of the last push the service accepted, or null. */
  readonly lastSuccessAt: number | null;
  /** Failed pushes since the last success. */
  readonly failureCount: number;
}

/** What a device sends to subscribe (the browser's `PushSubscription.toJSON()` plus who and which device). */
export interface SubscriptionInput {
  readonly deviceId: string;
  readonly memberId: MemberId;
  readonly endpoint: string;
  readonly keys: { readonly p256dh: string; readonly auth: string };
}

/** Final states of a sent-log row. */
export type DeliveryOutcome = "sent" | "failed" | "expired";
export type DeliveryState = "sending" | DeliveryOutcome;

/** A sent-log row. */
export interface DeliveryRecord {
  readonly key: string;
  readonly state: DeliveryState;
  readonly memberId: MemberId;
  /** ms UTC of the latest claim. */
  readonly claimedAt: number;
  /** ms UTC when the reminder stops being relevant. */
  readonly expiresAt: number;
  /** ms UTC of the final state, or null while `sending`. */
  readonly finishedAt: number | null;
  /** How many times it was claimed (1 + retries after a crash). */
  readonly claims: number;
  /** Digest items: the digest key they went out with. */
  readonly groupKey: string | null;
}

/** A successful claim: the keys are now `sending` and belong to the caller. */
export interface Claim {
  /** The reminder's own key. */
  readonly key: string;
  /** Every delivery key claimed (the reminder's and, for a digest, its items'). */
  readonly keys: readonly string[];
  /** Devices that already accepted this reminder (from an earlier, interrupted claim). */
  readonly doneDeviceIds: ReadonlySet<string>;
  /** True when it took over a stale `sending` claim. */
  readonly reclaimed: boolean;
}

interface SubscriptionRow {
  device_id: string;
  member_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  created_at: number;
  last_success_at: number | null;
  failure_count: number;
}

interface SentRow {
  key: string;
  state: DeliveryState;
  member_id: string;
  claimed_at: number;
  expires_at: number;
  finished_at: number | null;
  claims: number;
  group_key: string | null;
}

/** Thrown inside a claim transaction to roll it back. */
class ClaimConflict extends Error {}

/**
 * Opens (creating if needed) an SQLite file for the push tables: WAL journal, a busy timeout, and
 * `synchronous=FULL` when `fsync` (survives power loss) or `NORMAL` (survives a killed process).
 */
export function openPushDatabase(file: string, options: { fsync?: boolean } = {}): Database.Database {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  // Endpoints and each subscription's p256dh/auth keys: for the relay's user only.
  if (file !== ":memory:")
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
  db.pragma(`synchronous = ${options.fsync === false ? "NORMAL" : "FULL"}`);
  db.pragma("busy_timeout = 5000");
  return db;
}

/** Subscriptions and the sent-log on one SQLite handle. Creates its tables on construction. */
export class PushStore {
  readonly db: Database.Database;
  readonly #s;
  readonly #claimTx: (reminder: Reminder, now: number, staleBefore: number) => Claim;
  readonly #upsertTx: (input: SubscriptionInput, now: number) => void;
  readonly #markTx: (key: string, deviceId: string, now: number, finish: readonly string[] | null) => void;

  /** @throws StartupError when the tables were written by a newer version of the relay */
  constructor(db: Database.Database) {
    this.db = db;
    migrate(db);
    this.#s = {
      subByDevice: db.prepare<[string], SubscriptionRow>(
        "SELECT * FROM push_subscriptions WHERE device_id = ?",
      ),
      subsOfMember: db.prepare<[string], SubscriptionRow>(
        "SELECT * FROM push_subscriptions WHERE member_id = ? ORDER BY created_at, device_id",
      ),
      allSubs: db.prepare<[], SubscriptionRow>(
        "SELECT * FROM push_subscriptions ORDER BY created_at, device_id",
      ),
      deleteSubByDevice: db.prepare<[string]>("DELETE FROM push_subscriptions WHERE device_id = ?"),
      deleteSubOfMember: db.prepare<[string, string]>(
        "DELETE FROM push_subscriptions WHERE device_id = ? AND member_id = ?",
      ),
      deleteSubByEndpointElsewhere: db.prepare<[string, string]>(
        "DELETE FROM push_subscriptions WHERE endpoint = ? AND device_id <> ?",
      ),
      upsertSub: db.prepare(
        `INSERT INTO push_subscriptions
           (device_id, member_id, endpoint, p256dh, auth, created_at, last_success_at, failure_count)
         VALUES (@deviceId, @memberId, @endpoint, @p256dh, @auth, @now, NULL, 0)
         ON CONFLICT (device_id) DO UPDATE SET
           member_id = excluded.member_id,
           endpoint = excluded.endpoint,
           p256dh = excluded.p256dh,
           auth = excluded.auth,
           created_at = CASE WHEN push_subscriptions.endpoint = excluded.endpoint
             THEN push_subscriptions.created_at ELSE excluded.created_at END,
           last_success_at = CASE WHEN push_subscriptions.endpoint = excluded.endpoint
             THEN push_subscriptions.last_success_at ELSE NULL END,
           failure_count = CASE WHEN push_subscriptions.endpoint = excluded.endpoint
             THEN push_subscriptions.failure_count ELSE 0 END`,
      ),
      trimMemberDevices: db.prepare<[string, string, number]>(
        `DELETE FROM push_subscriptions WHERE member_id = ? AND device_id NOT IN (
           SELECT device_id FROM push_subscriptions WHERE member_id = ?
           ORDER BY created_at DESC, device_id DESC LIMIT ?)`,
      ),
      subSuccess: db.prepare<[number, string]>(
        "UPDATE push_subscriptions SET last_success_at = ?, failure_count = 0 WHERE device_id = ?",
      ),
      subFailure: db.prepare<[string]>(
        "UPDATE push_subscriptions SET failure_count = failure_count + 1 WHERE device_id = ?",
      ),
      sentByKey: db.prepare<[string], SentRow>("SELECT * FROM push_sent WHERE key = ?"),
      insertSent: db.prepare(
        `INSERT INTO push_sent (key, state, member_id, claimed_at, expires_at, finished_at, claims, group_key)
         VALUES (@key, 'sending', @memberId, @now, @expiresAt, NULL, 1, @groupKey)`,
      ),
      reclaimSent: db.prepare<{ key: string; now: number; staleBefore: number; expiresAt: number }>(
        `UPDATE push_sent SET claimed_at = @now, claims = claims + 1, expires_at = @expiresAt
         WHERE key = @key AND state = 'sending' AND claimed_at < @staleBefore`,
      ),
      finishSent: db.prepare<[DeliveryOutcome, number, string]>(
        "UPDATE push_sent SET state = ?, finished_at = ? WHERE key = ? AND state = 'sending'",
      ),
      releaseSent: db.prepare<[string]>("DELETE FROM push_sent WHERE key = ? AND state = 'sending'"),
      targetsOf: db.prepare<[string], { device_id: string }>(
        "SELECT device_id FROM push_sent_targets WHERE key = ?",
      ),
      insertTarget: db.prepare<[string, string, number]>(
        "INSERT OR IGNORE INTO push_sent_targets (key, device_id, sent_at) VALUES (?, ?, ?)",
      ),
      deleteTargets: db.prepare<[string]>("DELETE FROM push_sent_targets WHERE key = ?"),
      pruneTargets: db.prepare<[number]>(
        "DELETE FROM push_sent_targets WHERE key IN (SELECT key FROM push_sent WHERE expires_at < ?)",
      ),
      pruneSent: db.prepare<[number]>("DELETE FROM push_sent WHERE expires_at < ?"),
      staleClaims: db.prepare<[number], SentRow>(
        "SELECT * FROM push_sent WHERE state = 'sending' AND claimed_at < ? ORDER BY claimed_at, key",
      ),
    };

    this.#upsertTx = db.transaction((input: SubscriptionInput, now: number) => {
      // One browser profile has one subscription per origin: whoever subscribed with an endpoint last
      // owns it (another member signing in on a shared computer), under whatever device id it now has.
      this.#s.deleteSubByEndpointElsewhere.run(input.endpoint, input.deviceId);
      this.#s.upsertSub.run({
        deviceId: input.deviceId,
        memberId: input.memberId,
        endpoint: input.endpoint,
        p256dh: input.keys.p256dh,
        auth: input.keys.auth,
        now,
      });
      this.#s.trimMemberDevices.run(input.memberId, input.memberId, MAX_DEVICES_PER_MEMBER);
    });

    this.#claimTx = db.transaction((reminder: Reminder, now: number, staleBefore: number): Claim => {
      const keys = deliveryKeys(reminder);
      const expiry = new Map<string, number>([[reminder.key, reminder.expiresAt]]);
      for (const item of reminder.items ?? []) expiry.set(item.key, item.expiresAt);
      let reclaimed = false;
      for (const key of keys) {
        const row = this.#s.sentByKey.get(key);
        const expiresAt = expiry.get(key) ?? reminder.expiresAt;
        if (!row) {
          this.#s.insertSent.run({
            key,
            memberId: reminder.recipientMemberId,
            now,
            expiresAt,
            groupKey: key === reminder.key ? null : reminder.key,
          });
        } else if (this.#s.reclaimSent.run({ key, now, staleBefore, expiresAt }).changes === 1) {
          reclaimed = true;
        } else {
          throw new ClaimConflict(key);
        }
      }
      const doneDeviceIds = new Set(this.#s.targetsOf.all(reminder.key).map((r) => r.device_id));
      return { key: reminder.key, keys, doneDeviceIds, reclaimed };
    });

    this.#markTx = db.transaction(
      (key: string, deviceId: string, now: number, finish: readonly string[] | null) => {
        this.#s.insertTarget.run(key, deviceId, now);
        this.#s.subSuccess.run(now, deviceId);
        for (const k of finish ?? []) this.#s.finishSent.run("sent", now, k);
      },
    );
  }

  // ── subscriptions ────────────────────────────────────────────────────────────────────────────

  /**
   * Adds or replaces the subscription of a device. A row with the same endpoint under another device id
   * is removed. Changing the endpoint resets the success/failure counters. A member keeps at most
   * {@link MAX_DEVICES_PER_MEMBER} devices: the oldest go first. Validate the input first
   * (see subscription.ts).
   */
  upsertSubscription(input: SubscriptionInput, now: number): StoredSubscription {
    this.#upsertTx(input, now);
    return this.subscription(input.deviceId)!;
  }

  /** The subscription of a device, or undefined. */
  subscription(deviceId: string): StoredSubscription | undefined {
    const row = this.#s.subByDevice.get(deviceId);
    return row ? toSubscription(row) : undefined;
  }

  /** Every device subscription of a member, oldest first. */
  subscriptionsOf(memberId: MemberId): StoredSubscription[] {
    return this.#s.subsOfMember.all(memberId).map(toSubscription);
  }

  /** Every subscription, oldest first. */
  allSubscriptions(): StoredSubscription[] {
    return this.#s.allSubs.all().map(toSubscription);
  }

  /**
   * Removes a device's subscription; with `memberId`, only if it belongs to that member.
   * @returns true if a row was removed
   */
  removeSubscription(deviceId: string, memberId?: MemberId): boolean {
    const result =
      memberId === undefined
        ? this.#s.deleteSubByDevice.run(deviceId)
        : this.#s.deleteSubOfMember.run(deviceId, memberId);
    return result.changes > 0;
  }

  /** Records that a device accepted a push outside the sent-log (a test notification). */
  markDeviceSuccess(deviceId: string, now: number): void {
    this.#s.subSuccess.run(now, deviceId);
  }

  /** Counts a failed push against a device (reset by the next success). */
  recordFailure(deviceId: string): void {
    this.#s.subFailure.run(deviceId);
  }

  // ── sent-log ─────────────────────────────────────────────────────────────────────────────────

  /**
   * True when a key needs no sending: it is `sent`/`failed`/`expired`, or `sending` under a claim made
   * at or after `staleBefore` (someone is on it). False when absent or claimed before `staleBefore`.
   * Shape it as `dueReminders`' `sent` lookup: `(k) => store.isSettled(k, staleBefore)`.
   */
  isSettled(key: string, staleBefore: number): boolean {
    const row = this.#s.sentByKey.get(key);
    if (!row) return false;
    return row.state !== "sending" || row.claimed_at >= staleBefore;
  }

  /**
   * Claims a reminder's delivery keys (its key and a digest's item keys) in one transaction: each key
   * must be absent, or `sending` under a claim older than `staleBefore` (a process died mid-send).
   * Inside another transaction this is a savepoint, so a batch of claims can share one commit.
   * @returns the claim, or null when any key is settled or claimed by someone else (nothing changed)
   */
  claim(reminder: Reminder, now: number, staleBefore: number): Claim | null {
    try {
      return this.#claimTx(reminder, now, staleBefore);
    } catch (err) {
      if (err instanceof ClaimConflict) return null;
      throw err;
    }
  }

  /** Claims many reminders in one transaction (one commit); entries are null where {@link claim} would be. */
  claimAll(reminders: readonly Reminder[], now: number, staleBefore: number): (Claim | null)[] {
    return this.db.transaction(() => reminders.map((r) => this.claim(r, now, staleBefore)))();
  }

  /**
   * Records that a device accepted a claimed reminder (and the device's success), in one commit. With
   * `finish` (the claim, when this was its last device) the claim is set to `sent` in the same commit —
   * one fsync instead of two with synchronous=FULL.
   */
  markDelivered(key: string, deviceId: string, now: number, finish?: Pick<Claim, "keys">): void {
    this.#markTx(key, deviceId, now, finish ? finish.keys : null);
  }

  /** Sets every key of a claim to its final state (one commit). Keys not `sending` are left alone. */
  finish(claim: Pick<Claim, "keys">, outcome: DeliveryOutcome, now: number): void {
    this.db.transaction(() => {
      for (const key of claim.keys) this.#s.finishSent.run(outcome, now, key);
    })();
  }

  /**
   * Gives a claim up so the reminder can be sent later (e.g. every device of the member was gone and
   * another may subscribe while it is still relevant). Only `sending` rows are removed.
   */
  release(claim: Pick<Claim, "keys" | "key">): void {
    this.db.transaction(() => {
      for (const key of claim.keys) this.#s.releaseSent.run(key);
      if (!this.#s.sentByKey.get(claim.key)) this.#s.deleteTargets.run(claim.key);
    })();
  }

  /** The sent-log row of a key, or undefined. */
  delivery(key: string): DeliveryRecord | undefined {
    const row = this.#s.sentByKey.get(key);
    return row ? toDelivery(row) : undefined;
  }

  /** Devices that accepted a reminder. */
  deliveredDeviceIds(key: string): string[] {
    return this.#s.targetsOf.all(key).map((r) => r.device_id);
  }

  /** `sending` rows claimed before `staleBefore` (left by a process that stopped mid-send). */
  staleClaims(staleBefore: number): DeliveryRecord[] {
    return this.#s.staleClaims.all(staleBefore).map(toDelivery);
  }

  /**
   * Forgets sent-log rows that expired before `before` (ms UTC). Safe: `dueReminders` never returns a
   * reminder at or after its `expiresAt`, so a forgotten key cannot go out again — keep a margin (the
   * scheduler uses 30 days) in case a later edit extends a reminder's relevance under the same key.
   * @returns rows removed
   */
  pruneExpired(before: number): number {
    return this.db.transaction(() => {
      this.#s.pruneTargets.run(before);
      return this.#s.pruneSent.run(before).changes;
    })();
  }
}

function migrate(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS push_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS push_subscriptions (
      device_id TEXT PRIMARY KEY,
      member_id TEXT NOT NULL,
      endpoint TEXT NOT NULL UNIQUE,
      p256dh TEXT NOT NULL,
      auth TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      last_success_at INTEGER,
      failure_count INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX IF NOT EXISTS push_subscriptions_member ON push_subscriptions (member_id);
    CREATE TABLE IF NOT EXISTS push_sent (
      key TEXT PRIMARY KEY,
      state TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'failed', 'expired')),
      member_id TEXT NOT NULL,
      claimed_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      finished_at INTEGER,
      claims INTEGER NOT NULL DEFAULT 1,
      group_key TEXT
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS push_sent_expires ON push_sent (expires_at);
    CREATE INDEX IF NOT EXISTS push_sent_sending ON push_sent (claimed_at) WHERE state = 'sending';
    CREATE TABLE IF NOT EXISTS push_sent_targets (
      key TEXT NOT NULL,
      device_id TEXT NOT NULL,
      sent_at INTEGER NOT NULL,
      PRIMARY KEY (key, device_id)
    ) WITHOUT ROWID;
  `);
  const row = db.prepare<[], { value: string }>("SELECT value FROM push_meta WHERE name = 'schema'").get();
  if (!row) {
    db.prepare("INSERT INTO push_meta (name, value) VALUES ('schema', ?)").run(String(SCHEMA_VERSION));
  } else if (Number(row.value) > SCHEMA_VERSION) {
    throw new StartupError(
      `the push tables have schema ${row.value}, newer than this relay understands (${SCHEMA_VERSION}); ` +
        "run the newer relay version",
    );
  }
}

function toSubscription(row: SubscriptionRow): StoredSubscription {
  return {
    deviceId: row.device_id,
    memberId: row.member_id as MemberId,
    endpoint: row.endpoint,
    p256dh: row.p256dh,
    auth: row.auth,
    createdAt: row.created_at,
    lastSuccessAt: row.last_success_at,
    failureCount: row.failure_count,
  };
}

function toDelivery(row: SentRow): DeliveryRecord {
  return {
    key: row.key,
    state: row.state,
    memberId: row.member_id as MemberId,
    claimedAt: row.claimed_at,
    expiresAt: row.expires_at,
    finishedAt: row.finished_at,
    claims: row.claims,
    groupKey: row.group_key,
  };
}
