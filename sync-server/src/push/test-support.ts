import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { MemberId } from "../../../shared/src/ids.ts";
import type { Reminder } from "../../../shared/src/reminders/index.ts";
import type { LocalPushEndpoint, TestSubscription } from "../../../tests/push-endpoint/index.ts";
import { PushScheduler, type ReminderSource } from "./scheduler.ts";
import { PushSender, type PushSenderOptions } from "./sender.ts";
import { openPushDatabase, PushStore } from "./store.ts";
import { generateVapidKeys, VapidSigner } from "./vapid.ts";

/** Test helpers for the push modules (not exported from the package). */

export const MIN = 60_000;
export const HOUR = 60 * MIN;
/** A fixed instant for schedules: Mon 2026-03-02 09:00 in Hà Nội. */
export const T = Date.parse("2026-03-02T02:00:00.000Z");
export const m1 = "m1" as MemberId;
export const m2 = "m2" as MemberId;

/** A task reminder due at `dueAt`, relevant for 2 h, with a key built like shared's `reminderKey`. */
export function reminder(overrides: Partial<Reminder> & { id?: string } = {}): Reminder {
  const { id = "t1", ...rest } = overrides;
  const dueAt = rest.dueAt ?? T;
  const recipient = rest.recipientMemberId ?? m1;
  return {
    key: `task:${id}:task_due_soon:${new Date(dueAt).toISOString()}:${recipient}`,
    subjectType: "task",
    subjectId: id,
    kind: "task_due_soon",
    recipientMemberId: recipient,
    dueAt,
    expiresAt: dueAt + 2 * HOUR,
    urgency: "normal",
    escalationLevel: 0,
    params: { title: "Báo cáo tiến độ giải ngân vốn đầu tư công", workingDaysLeft: 1 },
    ...rest,
  };
}

/** A temporary directory removed by the returned function. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), "hopso-push-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every piece of the relay's push side on one database file, with an injectable clock. */
export interface PushRig {
  readonly store: PushStore;
  readonly sender: PushSender;
  readonly scheduler: PushScheduler;
  readonly signer: VapidSigner;
  /** Backoff waits the sender asked for, ms. */
  readonly sleeps: number[];
  /** The clock (ms UTC) sender and scheduler read; set it to move time. */
  clock: number;
  /** Closes the database ("the process dies" when nothing else is awaited). */
  close(): void;
}

/**
 * Builds store + sender + scheduler on `dbFile`. Backoff waits do not really wait: they are recorded and
 * advance the clock. The VAPID signer keeps the wall clock (the endpoint checks `exp` against it).
 */
export function pushRig(options: {
  dbFile: string;
  source: ReminderSource;
  signer: VapidSigner;
  fetch?: typeof fetch;
  clock?: number;
  staleClaimMs?: number;
  sender?: Partial<PushSenderOptions>;
}): PushRig {
  const db = openPushDatabase(options.dbFile, { fsync: false });
  const store = new PushStore(db);
  const sleeps: number[] = [];
  const rig = {
    clock: options.clock ?? T,
  } as { clock: number };
  const sender = new PushSender({
    vapid: options.signer,
    now: () => rig.clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      rig.clock += ms;
    },
    random: () => 0.5,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...options.sender,
  });
  const scheduler = new PushScheduler({
    store,
    sender,
    source: options.source,
    now: () => rig.clock,
    ...(options.staleClaimMs === undefined ? {} : { staleClaimMs: options.staleClaimMs }),
  });
  return Object.assign(rig, {
    store,
    sender,
    scheduler,
    signer: options.signer,
    sleeps,
    close: () => db.close(),
  });
}

/** A signer with fresh keys. */
export function testSigner(subject = "mailto:secretariat@hopso.test"): VapidSigner {
  return new VapidSigner(generateVapidKeys(), { subject });
}

/** Registers a local-endpoint subscription for a member in the store. */
export function register(
  store: PushStore,
  sub: TestSubscription,
  memberId: MemberId,
  deviceId: string = sub.id,
): void {
  store.upsertSubscription({ deviceId, memberId, endpoint: sub.endpoint, keys: sub.keys }, T);
}

/** Decrypted reminder keys the endpoint accepted, with how often each arrived. */
export function arrivals(endpoint: LocalPushEndpoint): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of endpoint.received) {
    const key = (m.json as { key?: string }).key ?? "(no key)";
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
