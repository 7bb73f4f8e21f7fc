import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StartupError } from "../errors.ts";
import { MAX_DEVICES_PER_MEMBER, openPushDatabase, PushStore, type SubscriptionInput } from "./store.ts";
import { HOUR, MIN, m1, m2, reminder, T, tempDir } from "./test-support.ts";

let tmp: ReturnType<typeof tempDir>;
let file: string;
const open: Database.Database[] = [];
function store(): PushStore {
  const db = openPushDatabase(file, { fsync: false });
  open.push(db);
  return new PushStore(db);
}
beforeEach(() => {
  tmp = tempDir();
  file = path.join(tmp.dir, "push.sqlite");
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  tmp.remove();
});

const sub = (
  deviceId: string,
  memberId = m1,
  endpoint = `https://fcm.googleapis.com/fcm/send/${deviceId}`,
): SubscriptionInput => ({
  deviceId,
  memberId,
  endpoint,
  keys: { p256dh: `p-${deviceId}`, auth: `a-${deviceId}` },
});

describe("subscriptions", () => {
  it("stores one subscription per device and lists a member's devices", () => {
    const s = store();
    s.upsertSubscription(sub("phone"), T);
    s.upsertSubscription(sub("laptop"), T + 1);
    s.upsertSubscription(sub("other", m2), T + 2);
    expect(s.subscriptionsOf(m1).map((x) => x.deviceId)).toEqual(["phone", "laptop"]);
    expect(s.subscription("phone")).toEqual({
      deviceId: "phone",
      memberId: m1,
      endpoint: "https://fcm.googleapis.com/fcm/send/phone",
      p256dh: "p-phone",
      auth: "a-phone",
      createdAt: T,
      lastSuccessAt: null,
      failureCount: 0,
    });
  });

  it("replaces a device's subscription; a new endpoint resets its counters", () => {
    const s = store();
    s.upsertSubscription(sub("phone"), T);
    s.recordFailure("phone");
    s.upsertSubscription({ ...sub("phone"), keys: { p256dh: "p2", auth: "a2" } }, T + MIN);
    expect(s.subscription("phone")).toMatchObject({ p256dh: "p2", createdAt: T, failureCount: 1 });
    s.upsertSubscription(sub("phone", m1, "https://fcm.googleapis.com/fcm/send/new"), T + 2 * MIN);
    expect(s.subscription("phone")).toMatchObject({ createdAt: T + 2 * MIN, failureCount: 0 });
  });

  it("gives an endpoint to whoever subscribed with it last (another member on a shared browser)", () => {
    const s = store();
    s.upsertSubscription(sub("d1", m1, "https://fcm.googleapis.com/fcm/send/shared"), T);
    s.upsertSubscription(sub("d2", m2, "https://fcm.googleapis.com/fcm/send/shared"), T + 1);
    expect(s.allSubscriptions().map((x) => [x.deviceId, x.memberId])).toEqual([["d2", m2]]);
  });

  it("keeps at most MAX_DEVICES_PER_MEMBER devices per member, dropping the oldest", () => {
    const s = store();
    for (let i = 0; i < MAX_DEVICES_PER_MEMBER + 3; i++) s.upsertSubscription(sub(`d${i}`), T + i);
    s.upsertSubscription(sub("other", m2), T);
    const kept = s.subscriptionsOf(m1).map((x) => x.deviceId);
    expect(kept).toHaveLength(MAX_DEVICES_PER_MEMBER);
    expect(kept[0]).toBe("d3");
    expect(s.subscriptionsOf(m2)).toHaveLength(1);
  });

  it("removes a subscription, only the member's own when a member is given", () => {
    const s = store();
    s.upsertSubscription(sub("phone"), T);
    expect(s.removeSubscription("phone", m2)).toBe(false);
    expect(s.removeSubscription("phone", m1)).toBe(true);
    expect(s.removeSubscription("phone")).toBe(false);
  });

  it("counts failures until the next success", () => {
    const s = store();
    s.upsertSubscription(sub("phone"), T);
    s.recordFailure("phone");
    s.recordFailure("phone");
    expect(s.subscription("phone")?.failureCount).toBe(2);
    s.markDeviceSuccess("phone", T + MIN);
    expect(s.subscription("phone")).toMatchObject({ failureCount: 0, lastSuccessAt: T + MIN });
  });
});

describe("sent-log", () => {
  const r1 = reminder();
  const staleBefore = T - 2 * MIN;

  it("claims a key once; a second claim is refused until the first is stale", () => {
    const s = store();
    const claim = s.claim(r1, T, staleBefore);
    expect(claim).toEqual({ key: r1.key, keys: [r1.key], doneDeviceIds: new Set(), reclaimed: false });
    expect(s.claim(r1, T + MIN, T + MIN - 2 * MIN)).toBeNull(); // fresh claim: someone is on it
    expect(s.isSettled(r1.key, T - 2 * MIN)).toBe(true);
    expect(s.isSettled(r1.key, T + 1)).toBe(false); // claimed before T+1: stale by that threshold
    const again = s.claim(r1, T + 3 * MIN, T + MIN);
    expect(again?.reclaimed).toBe(true);
    expect(s.delivery(r1.key)).toMatchObject({ state: "sending", claims: 2, claimedAt: T + 3 * MIN });
  });

  it("a sent key is never claimed again, however old", () => {
    const s = store();
    const claim = s.claim(r1, T, staleBefore)!;
    s.markDelivered(r1.key, "phone", T + 1);
    s.finish(claim, "sent", T + 2);
    expect(s.delivery(r1.key)).toMatchObject({ state: "sent", finishedAt: T + 2 });
    expect(s.claim(r1, T + 10 * HOUR, T + 9 * HOUR)).toBeNull();
    expect(s.isSettled(r1.key, Number.POSITIVE_INFINITY)).toBe(true);
  });

  it("markDelivered can set the claim to sent in the same commit", () => {
    const s = store();
    const claim = s.claim(r1, T, staleBefore)!;
    s.markDelivered(r1.key, "phone", T + 1, claim);
    expect(s.delivery(r1.key)).toMatchObject({ state: "sent", finishedAt: T + 1 });
    expect(s.deliveredDeviceIds(r1.key)).toEqual(["phone"]);
  });

  it("survives a restart: a new store on the same file sees claims, deliveries and states", () => {
    const a = store();
    a.upsertSubscription(sub("phone"), T);
    a.claim(r1, T, staleBefore);
    a.markDelivered(r1.key, "phone", T + 1);
    a.db.close();
    const b = store();
    expect(b.delivery(r1.key)?.state).toBe("sending");
    expect(b.staleClaims(T + 1).map((d) => d.key)).toEqual([r1.key]);
    const reclaimed = b.claim(r1, T + 5 * MIN, T + 3 * MIN);
    expect(reclaimed?.doneDeviceIds).toEqual(new Set(["phone"]));
    expect(b.subscription("phone")?.lastSuccessAt).toBe(T + 1);
  });

  it("claims a digest's items with it, each with its own expiry; all or nothing", () => {
    const s = store();
    const a = reminder({ id: "a", expiresAt: T + HOUR });
    const b = reminder({ id: "b", expiresAt: T + 3 * HOUR });
    s.claim(b, T, staleBefore); // b went out on its own, still sending
    const digest = reminder({ id: "2026-03-02", kind: "digest", subjectType: "digest", items: [a, b] });
    expect(s.claim(digest, T, staleBefore)).toBeNull();
    expect(s.delivery(digest.key)).toBeUndefined(); // rolled back
    expect(s.delivery(a.key)).toBeUndefined();
    const onlyA = { ...digest, items: [a] };
    expect(s.claim(onlyA, T, staleBefore)?.keys).toEqual([digest.key, a.key]);
    expect(s.delivery(a.key)).toMatchObject({ groupKey: digest.key, expiresAt: T + HOUR });
  });

  it("claimAll commits many claims at once and skips the ones held", () => {
    const s = store();
    const rs = [reminder({ id: "a" }), reminder({ id: "b" }), reminder({ id: "c" })];
    s.claim(rs[1]!, T, staleBefore);
    const claims = s.claimAll(rs, T, staleBefore);
    expect(claims.map((c) => c?.key ?? null)).toEqual([rs[0]!.key, null, rs[2]!.key]);
  });

  it("release gives a claim back; finish leaves settled keys alone", () => {
    const s = store();
    const claim = s.claim(r1, T, staleBefore)!;
    s.release(claim);
    expect(s.delivery(r1.key)).toBeUndefined();
    const again = s.claim(r1, T, staleBefore)!;
    s.finish(again, "expired", T + 1);
    s.finish(again, "sent", T + 2);
    expect(s.delivery(r1.key)).toMatchObject({ state: "expired", finishedAt: T + 1 });
  });

  it("prunes rows that expired before a date", () => {
    const s = store();
    const old = reminder({ id: "old", expiresAt: T - 40 * 24 * HOUR, dueAt: T - 41 * 24 * HOUR });
    s.finish(s.claim(old, T, staleBefore)!, "sent", T);
    s.markDelivered(old.key, "phone", T);
    s.claim(r1, T, staleBefore);
    expect(s.pruneExpired(T - 30 * 24 * HOUR)).toBe(1);
    expect(s.delivery(old.key)).toBeUndefined();
    expect(s.deliveredDeviceIds(old.key)).toEqual([]);
    expect(s.delivery(r1.key)).toBeDefined();
  });

  it("shares a database with other tables and refuses push tables of a newer schema", () => {
    const db = new Database(":memory:");
    db.exec("CREATE TABLE relay_things (id TEXT)");
    new PushStore(db);
    new PushStore(db); // idempotent
    db.prepare("UPDATE push_meta SET value = '2' WHERE name = 'schema'").run();
    expect(() => new PushStore(db)).toThrow(StartupError);
    db.close();
  });

  it("opens the file in WAL mode, synchronous FULL unless fsync is off", () => {
    const full = openPushDatabase(path.join(tmp.dir, "a.sqlite"));
    open.push(full);
    expect(full.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(full.pragma("synchronous", { simple: true })).toBe(2);
    const normal = openPushDatabase(path.join(tmp.dir, "b.sqlite"), { fsync: false });
    open.push(normal);
    expect(normal.pragma("synchronous", { simple: true })).toBe(1);
  });
});
