/**
 * The relay's push side against a real local push service over HTTP (tests/push-endpoint): VAPID
 * verified, payload decrypted (RFC 8291) — every assertion is on what a device would decrypt.
 */
import { createPrivateKey, sign } from "node:crypto";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MINUTE_MS } from "../../../shared/src/calendar/local-date.ts";
import type { Reminder } from "../../../shared/src/reminders/index.ts";
import { lead, schedule, task, vn } from "../../../shared/src/reminders/test-support.ts";
import { type LocalPushEndpoint, startLocalPushEndpoint } from "../../../tests/push-endpoint/index.ts";
import { MAX_PAYLOAD_BYTES, type ReminderPushPayload, reminderTopic } from "./payload.ts";
import { PushScheduler } from "./scheduler.ts";
import { PushSender } from "./sender.ts";
import {
  arrivals,
  HOUR,
  MIN,
  m1,
  m2,
  type PushRig,
  pushRig,
  register,
  reminder,
  T,
  tempDir,
  testSigner,
} from "./test-support.ts";
import { generateVapidKeys, type VapidSigner } from "./vapid.ts";

let endpoint: LocalPushEndpoint;
let tmp: ReturnType<typeof tempDir>;
let dbFile: string;
const rigs: PushRig[] = [];

beforeEach(async () => {
  endpoint = await startLocalPushEndpoint();
  tmp = tempDir();
  dbFile = path.join(tmp.dir, "push.sqlite");
});

afterEach(async () => {
  for (const rig of rigs.splice(0)) {
    // A rig whose database was closed is a killed process: its hung sends are left as they are.
    if (!rig.store.db.open) continue;
    await rig.scheduler.stop();
    rig.close();
  }
  await endpoint.close();
  tmp.remove();
});

function rig(options: Omit<Parameters<typeof pushRig>[0], "dbFile" | "signer"> & { signer?: VapidSigner }) {
  const r = pushRig({ dbFile, signer: options.signer ?? signer, ...options });
  rigs.push(r);
  return r;
}

const signer = testSigner();

/** Polls until `check` holds (at most 5 s). */
async function until(check: () => boolean): Promise<void> {
  for (let waited = 0; !check(); waited += 5) {
    if (waited > 5000) throw new Error("condition not met within 5 s");
    await new Promise((r) => setTimeout(r, 5));
  }
}
const payloadOf = (i: number) => endpoint.received[i]!.json as ReminderPushPayload;

describe("push to a local push service", () => {
  it("delivers the reminder encrypted, with VAPID, TTL until it expires, its urgency and a Topic", async () => {
    const r1 = reminder({ urgency: "high", expiresAt: T + 2 * HOUR });
    const relay = rig({ source: () => [r1] });
    const device = endpoint.subscribe({ applicationServerKey: signer.publicKey });
    register(relay.store, device, m1);

    expect((await relay.scheduler.runOnce(T - MIN)).due).toBe(0);
    relay.clock = T + 30_000;
    const report = await relay.scheduler.runOnce();
    expect(report).toMatchObject({ due: 1, claimed: 1, messages: { delivered: 1 }, reminders: { sent: 1 } });

    expect(endpoint.requests.map((q) => q.status)).toEqual([201]);
    const [msg] = endpoint.received;
    expect(msg).toMatchObject({
      subscriptionId: device.id,
      ttl: (2 * HOUR - 30_000) / 1000,
      urgency: "high",
      topic: reminderTopic(r1.key),
      vapid: { aud: endpoint.origin, sub: "mailto:secretariat@hopso.test", publicKey: signer.publicKey },
    });
    expect(msg!.topic).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(msg!.vapid.exp * 1000).toBeGreaterThan(Date.now());
    expect(msg!.vapid.exp * 1000).toBeLessThanOrEqual(Date.now() + 24 * HOUR);
    expect(payloadOf(0)).toEqual({
      v: 1,
      type: "reminder",
      key: r1.key,
      kind: "task_due_soon",
      subjectType: "task",
      subjectId: "t1",
      urgency: "high",
      escalationLevel: 0,
      dueAt: T,
      expiresAt: T + 2 * HOUR,
      title: "Báo cáo tiến độ giải ngân vốn đầu tư công",
      params: { workingDaysLeft: 1 },
    });
    expect(relay.store.delivery(r1.key)).toMatchObject({ state: "sent", claims: 1 });
    expect(relay.store.subscription(device.id)).toMatchObject({ lastSuccessAt: T + 30_000, failureCount: 0 });

    relay.clock += 10 * MIN;
    expect((await relay.scheduler.runOnce()).due).toBe(0);
    expect(endpoint.received).toHaveLength(1);
  });

  it("sends each urgency as its Urgency header and the TTL of the time left when it goes out late", async () => {
    const rs = (["very-low", "low", "normal", "high"] as const).map((urgency, i) =>
      reminder({ id: `t${i}`, urgency, dueAt: T, expiresAt: T + (i + 1) * HOUR }),
    );
    const relay = rig({ source: () => rs, clock: T + 20 * MIN });
    register(relay.store, endpoint.subscribe(), m1);
    await relay.scheduler.runOnce();
    const byKey = new Map(endpoint.received.map((m) => [(m.json as ReminderPushPayload).key, m]));
    rs.forEach((r, i) => {
      expect(byKey.get(r.key)).toMatchObject({ urgency: r.urgency, ttl: ((i + 1) * HOUR - 20 * MIN) / 1000 });
    });
  });

  it("cuts a long Vietnamese title in NFD on a grapheme boundary and stays well under 2 KB", async () => {
    const long =
      "Báo cáo tình hình thực hiện Nghị quyết của Hội đồng nhân dân thành phố về phát triển kinh tế – xã hội, " +
      "bảo đảm quốc phòng, an ninh năm 2026 và nhiệm vụ trọng tâm những tháng cuối năm của Ủy ban nhân dân";
    const title = long.normalize("NFD");
    expect(title.length).toBeGreaterThan(long.length); // combining marks really are separate code points
    const t = task({ title, assignedAt: T, dueDate: "2026-03-20" });
    const relay = rig({ source: (now) => schedule([t], now), clock: T });
    register(relay.store, endpoint.subscribe(), lead);
    const report = await relay.scheduler.runOnce();
    expect(report.messages.delivered).toBe(1);

    const msg = endpoint.received[0]!;
    const got = payloadOf(0);
    expect(got.kind).toBe("task_assigned");
    expect(got.title.endsWith("…")).toBe(true);
    const kept = got.title.slice(0, -1);
    expect(title.startsWith(kept)).toBe(true);
    // The cut falls between two graphemes: what follows in the original is not a combining mark, and
    // no letter in what was kept lost a mark.
    expect(title.slice(kept.length)).not.toMatch(/^\p{M}/u);
    expect(kept.normalize("NFC")).toBe(long.slice(0, kept.normalize("NFC").length));
    expect(Buffer.byteLength(msg.plaintext)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(msg.bodyBytes).toBeLessThan(2048);
  });

  it("deletes a subscription whose push service answers 410 or 404, and still reaches the other device", async () => {
    const r1 = reminder();
    const relay = rig({ source: () => [r1] });
    const phone = endpoint.subscribe();
    const laptop = endpoint.subscribe();
    const old = endpoint.subscribe();
    register(relay.store, phone, m1, "phone");
    register(relay.store, laptop, m1, "laptop");
    register(relay.store, old, m1, "old-tablet");
    endpoint.unsubscribe(laptop); // → 410 Gone
    endpoint.respondWith(old, { status: 404 });

    const report = await relay.scheduler.runOnce();
    expect(report.messages).toMatchObject({ delivered: 1, gone: 2 });
    expect(relay.store.subscriptionsOf(m1).map((s) => s.deviceId)).toEqual(["phone"]);
    expect(endpoint.messagesFor(phone)).toHaveLength(1);
    expect(relay.store.delivery(r1.key)?.state).toBe("sent");
  });

  it("gives a reminder back when every device is gone, so a device subscribed later still gets it", async () => {
    const r1 = reminder();
    const relay = rig({ source: () => [r1] });
    const gone = endpoint.subscribe();
    register(relay.store, gone, m1);
    endpoint.unsubscribe(gone);
    const first = await relay.scheduler.runOnce();
    expect(first).toMatchObject({ messages: { gone: 1 }, reminders: { released: 1 } });
    expect(relay.store.subscriptionsOf(m1)).toEqual([]);
    expect(relay.store.delivery(r1.key)).toBeUndefined();

    relay.clock += 5 * MIN;
    expect(await relay.scheduler.runOnce()).toMatchObject({ due: 1, noSubscription: 1, claimed: 0 });
    const fresh = endpoint.subscribe();
    register(relay.store, fresh, m1);
    relay.clock += 5 * MIN;
    await relay.scheduler.runOnce();
    expect(endpoint.messagesFor(fresh)).toHaveLength(1);
  });

  it("retries a 500 with exponential backoff and jitter, then delivers once", async () => {
    const r1 = reminder();
    const relay = rig({ source: () => [r1] });
    const device = endpoint.subscribe();
    register(relay.store, device, m1);
    endpoint.respondWith(device, { status: 500, times: 2 });

    const report = await relay.scheduler.runOnce();
    expect(report.messages.delivered).toBe(1);
    expect(endpoint.requests.map((q) => q.status)).toEqual([500, 500, 201]);
    // base 1 s doubling, "equal jitter" with random() = 0.5: ¾ of each step
    expect(relay.sleeps).toEqual([750, 1500]);
    expect(arrivals(endpoint).get(r1.key)).toBe(1);
    expect(relay.store.subscription(device.id)?.failureCount).toBe(0);
  });

  it("waits as long as a 429's Retry-After asks", async () => {
    const relay = rig({ source: () => [reminder()] });
    const device = endpoint.subscribe();
    register(relay.store, device, m1);
    endpoint.respondWith(device, { status: 429, times: 1, retryAfter: "42" });
    await relay.scheduler.runOnce();
    expect(relay.sleeps).toEqual([42_000]);
    expect(endpoint.messagesFor(device)).toHaveLength(1);
  });

  it("stops retrying when the reminder stops being relevant, and after the last attempt", async () => {
    const shortLived = reminder({ id: "short", expiresAt: T + 2_000 });
    const relay = rig({ source: () => [shortLived] });
    const device = endpoint.subscribe();
    register(relay.store, device, m1);
    endpoint.respondWith(device, { status: 503 });
    const report = await relay.scheduler.runOnce();
    expect(report).toMatchObject({ messages: { expired: 1 }, reminders: { expired: 1 } });
    expect(endpoint.requests).toHaveLength(2); // at T, at T + 750 ms; the next wait (1.5 s) ends past expiry
    expect(relay.store.delivery(shortLived.key)?.state).toBe("expired");

    const other = reminder({ id: "long", expiresAt: T + 24 * HOUR });
    const relay2 = rig({ source: () => [other], clock: T });
    register(relay2.store, device, m1);
    const report2 = await relay2.scheduler.runOnce();
    expect(report2).toMatchObject({ messages: { failed: 1 }, reminders: { failed: 1 } });
    expect(relay2.sleeps).toEqual([750, 1500, 3000, 6000]); // 5 attempts
    expect(relay2.store.delivery(other.key)?.state).toBe("failed");
    expect(relay2.store.subscription(device.id)?.failureCount).toBe(1);
    relay2.clock += HOUR;
    expect((await relay2.scheduler.runOnce()).due).toBe(0); // a failed reminder is not sent again
  });

  it("drops a message the push service refuses (400, 413, 403 for another VAPID key) without retrying", async () => {
    const relay = rig({ source: () => [reminder()] });
    const bound = endpoint.subscribe({ applicationServerKey: testSigner().publicKey }); // not our key
    const bad = endpoint.subscribe();
    register(relay.store, bound, m1);
    register(relay.store, bad, m1);
    endpoint.respondWith(bad, { status: 413 });
    const report = await relay.scheduler.runOnce();
    expect(report.messages).toMatchObject({ rejected: 2 });
    expect(endpoint.requests.map((q) => q.status).sort()).toEqual([403, 413]);
    expect(relay.sleeps).toEqual([]);
    expect(relay.store.subscriptionsOf(m1)).toHaveLength(2);
  });

  it("sends a digest once, with its items, and never its items again on their own", async () => {
    const a = reminder({ id: "a", urgency: "low" });
    const b = reminder({ id: "b", urgency: "low" });
    const digest: Reminder = {
      ...reminder({ id: "2026-03-02" }),
      key: "digest:2026-03-02:digest:2026-03-02T01:00:00.000Z:m1",
      subjectType: "digest",
      kind: "digest",
      params: { title: "", count: 2, date: "2026-03-02" },
      items: [a, b],
    };
    let list: readonly Reminder[] = [digest];
    const relay = rig({ source: () => list });
    register(relay.store, endpoint.subscribe(), m1);
    await relay.scheduler.runOnce();
    expect(payloadOf(0)).toMatchObject({
      kind: "digest",
      params: { count: 2 },
      items: [
        { kind: "task_due_soon", subjectType: "task", subjectId: "a" },
        { kind: "task_due_soon", subjectType: "task", subjectId: "b" },
      ],
      more: 0,
    });
    expect(relay.store.delivery(a.key)).toMatchObject({ state: "sent", groupKey: digest.key });
    list = [a, b]; // the member turned the digest off: the items reappear on their own
    relay.clock += MIN;
    expect((await relay.scheduler.runOnce()).due).toBe(0);
    expect(endpoint.received).toHaveLength(1);
  });

  it("overlapping passes never send a reminder twice", async () => {
    const rs = Array.from({ length: 20 }, (_, i) => reminder({ id: `t${i}` }));
    const relay = rig({ source: () => rs });
    register(relay.store, endpoint.subscribe(), m1);
    const reports = await Promise.all([1, 2, 3].map(() => relay.scheduler.runOnce()));
    expect(reports.reduce((n, r) => n + r.claimed, 0)).toBe(20);
    expect(endpoint.received).toHaveLength(20);
    expect(new Set(arrivals(endpoint).values())).toEqual(new Set([1]));
  });

  it("start() runs at once and then every interval until stop()", async () => {
    let list: Reminder[] = [reminder({ id: "first" })];
    const relay = pushRig({ dbFile, signer, source: () => list, clock: T });
    rigs.push(relay);
    const loop = new PushScheduler({
      store: relay.store,
      sender: relay.sender,
      source: () => list,
      now: () => relay.clock,
      intervalMs: 20,
    });
    register(relay.store, endpoint.subscribe(), m1);
    loop.start();
    await endpoint.waitFor(() => endpoint.received.length === 1);
    list = [...list, reminder({ id: "second" })];
    await endpoint.waitFor(() => endpoint.received.length === 2);
    await loop.stop();
    list = [...list, reminder({ id: "third" })];
    await new Promise((r) => setTimeout(r, 80));
    expect(endpoint.received).toHaveLength(2);
  });

  it("sends a test notification to each device of a member", async () => {
    const relay = rig({ source: () => [] });
    const d1 = endpoint.subscribe();
    const d2 = endpoint.subscribe();
    register(relay.store, d1, m1);
    register(relay.store, d2, m2);
    const results = await relay.scheduler.sendTest(m1);
    expect([...results].map(([id, r]) => [id, r.outcome])).toEqual([[d1.id, "delivered"]]);
    expect(endpoint.received[0]?.json).toEqual({ v: 1, type: "test", sentAt: T });
    expect(endpoint.received[0]?.urgency).toBe("high");
  });
});

describe("exactly once across relay restarts", () => {
  const due = [
    reminder({ id: "a", dueAt: T }),
    reminder({ id: "b", dueAt: T + MIN }),
    reminder({ id: "c", dueAt: T + 5 * MIN, recipientMemberId: m2 }),
  ];

  it("each reminder arrives exactly once when the relay is killed and restarted around its due time", async () => {
    const phone = endpoint.subscribe();
    const desk = endpoint.subscribe();
    // Process 1: starts before the first due time, sends "a", dies right after.
    const p1 = rig({ source: () => due, clock: T - 30_000 });
    register(p1.store, phone, m1);
    register(p1.store, desk, m2);
    expect((await p1.scheduler.runOnce()).claimed).toBe(0);
    p1.clock = T;
    expect((await p1.scheduler.runOnce()).claimed).toBe(1);
    p1.close(); // killed: no stop(), nothing flushed beyond what was committed

    // Process 2 on the same file: ticks every 30 s across the other due times, then dies.
    const p2 = rig({ source: () => due, clock: T + 10_000 });
    for (; p2.clock <= T + 6 * MIN; p2.clock += 30_000) await p2.scheduler.runOnce();
    p2.close();

    // Process 3 restarts later still: nothing is due twice.
    const p3 = rig({ source: () => due, clock: T + 7 * MIN });
    for (; p3.clock <= T + 30 * MIN; p3.clock += 30_000) await p3.scheduler.runOnce();

    expect(Object.fromEntries(arrivals(endpoint))).toEqual({
      [due[0]!.key]: 1,
      [due[1]!.key]: 1,
      [due[2]!.key]: 1,
    });
    expect(endpoint.messagesFor(desk).map((m) => (m.json as ReminderPushPayload).subjectId)).toEqual(["c"]);
  });

  it("a reminder missed while the relay was down goes out late, only while still relevant", async () => {
    const stillRelevant = reminder({ id: "late", dueAt: T, expiresAt: T + HOUR });
    const stale = reminder({ id: "stale", dueAt: T, expiresAt: T + 20 * MIN });
    const relay = rig({ source: () => [stillRelevant, stale], clock: T + 30 * MIN }); // down from T-1 to T+30
    register(relay.store, endpoint.subscribe(), m1);
    await relay.scheduler.runOnce();
    expect([...arrivals(endpoint).keys()]).toEqual([stillRelevant.key]);
    expect(endpoint.received[0]?.ttl).toBe(30 * 60);
  });

  it("a real schedule (shared's computeReminderSchedule) across a restart sends each reminder once", async () => {
    const t = task({ assignedAt: vn("2026-03-02", "09:00"), dueDate: "2026-03-09" });
    const source = (now: number) => schedule([t], now);
    const device = endpoint.subscribe();
    let relay = rig({ source, clock: vn("2026-03-02", "09:00") });
    register(relay.store, device, lead);
    for (let life = 0; life < 10; life++) {
      // Each process lives 10 h, ticking every 15 minutes, then the relay is down for 8 h.
      for (let i = 0; i < 40; i++) {
        await relay.scheduler.runOnce();
        relay.clock += 15 * MINUTE_MS;
      }
      const clock = relay.clock + 8 * HOUR; // down overnight
      relay.close();
      relay = rig({ source, clock });
    }
    const kinds = endpoint.received.map((m) => (m.json as ReminderPushPayload).kind);
    expect(kinds).toEqual(["task_assigned", "task_due_soon", "task_due_soon", "task_due_today"]);
    expect(new Set(arrivals(endpoint).values())).toEqual(new Set([1]));
  });

  it("a process killed after claiming but before sending: the next one sends once, after the stale period", async () => {
    const r1 = due[0]!;
    const hang: typeof fetch = () => new Promise<Response>(() => {}); // dies before the request leaves
    const device = endpoint.subscribe();
    const p1 = rig({ source: () => [r1], fetch: hang, clock: T });
    register(p1.store, device, m1);
    void p1.scheduler.runOnce();
    await until(() => p1.store.delivery(r1.key)?.state === "sending");
    p1.close();

    const p2 = rig({ source: () => [r1], clock: T + 30_000, staleClaimMs: 2 * MIN });
    expect((await p2.scheduler.runOnce()).due).toBe(0); // the claim may still be someone's
    p2.clock = T + 2 * MIN + 1;
    expect(await p2.scheduler.runOnce()).toMatchObject({ claimed: 1, reclaimed: 1 });
    p2.clock += MIN;
    await p2.scheduler.runOnce();
    expect(arrivals(endpoint).get(r1.key)).toBe(1);
    expect(p2.store.delivery(r1.key)).toMatchObject({ state: "sent", claims: 2 });
    expect(endpoint.received[0]?.ttl).toBe(Math.floor((2 * HOUR - 2 * MIN - 1) / 1000));
  });

  it("the documented window: killed between the push service's 201 and the `sent` write → one repeat, same Topic", async () => {
    const r1 = due[0]!;
    const deliverThenDie: typeof fetch = async (input, init) => {
      await fetch(input, init);
      return new Promise<Response>(() => {});
    };
    const device = endpoint.subscribe();
    const p1 = rig({ source: () => [r1], fetch: deliverThenDie, clock: T });
    register(p1.store, device, m1);
    void p1.scheduler.runOnce();
    await endpoint.waitFor(() => endpoint.received.length === 1);
    p1.close();

    const p2 = rig({ source: () => [r1], clock: T + 3 * MIN });
    await p2.scheduler.runOnce();
    p2.clock += 10 * MIN;
    await p2.scheduler.runOnce();
    expect(arrivals(endpoint).get(r1.key)).toBe(2);
    const [first, second] = endpoint.received;
    expect(second!.topic).toBe(first!.topic); // a push service still holding the first replaces it
  });

  it("a process killed mid-fan-out: the next one sends only to the devices that did not get it", async () => {
    const r1 = due[0]!;
    const phone = endpoint.subscribe();
    const laptop = endpoint.subscribe();
    const onlyPhone: typeof fetch = (input, init) =>
      String(input) === phone.endpoint ? fetch(input, init) : new Promise<Response>(() => {});
    const p1 = rig({ source: () => [r1], fetch: onlyPhone, clock: T });
    register(p1.store, phone, m1);
    register(p1.store, laptop, m1);
    void p1.scheduler.runOnce();
    await until(() => p1.store.deliveredDeviceIds(r1.key).length === 1); // the phone's delivery is committed
    expect(p1.store.deliveredDeviceIds(r1.key)).toEqual([phone.id]);
    p1.close();

    const p2 = rig({ source: () => [r1], clock: T + 3 * MIN });
    await p2.scheduler.runOnce();
    expect(endpoint.messagesFor(phone)).toHaveLength(1);
    expect(endpoint.messagesFor(laptop)).toHaveLength(1);
    expect(p2.store.delivery(r1.key)?.state).toBe("sent");
  });

  it("stop() aborts a retry waiting on backoff; the claim is taken over after a restart", async () => {
    const r1 = due[0]!;
    const device = endpoint.subscribe();
    const p1 = rig({
      source: () => [r1],
      sender: {
        sleep: (_ms, signal) =>
          new Promise((_, reject) => signal?.addEventListener("abort", () => reject(signal.reason))),
      },
    });
    register(p1.store, device, m1);
    endpoint.respondWith(device, { status: 503, times: 1 });
    const run = p1.scheduler.runOnce();
    await endpoint.waitFor(() => endpoint.requests.length === 1);
    await p1.scheduler.stop();
    expect(await run).toMatchObject({ messages: { aborted: 1 }, reminders: { interrupted: 1 } });
    expect(p1.store.delivery(r1.key)?.state).toBe("sending");
    p1.close();

    const p2 = rig({ source: () => [r1], clock: T + 3 * MIN });
    await p2.scheduler.runOnce();
    expect(arrivals(endpoint).get(r1.key)).toBe(1);
  });
});

describe("the local push service checks VAPID like a real one", () => {
  const keys = generateVapidKeys();
  const privateKey = createPrivateKey({
    format: "jwk",
    key: {
      kty: "EC",
      crv: "P-256",
      d: keys.privateKey,
      x: Buffer.from(keys.publicKey, "base64url").subarray(1, 33).toString("base64url"),
      y: Buffer.from(keys.publicKey, "base64url").subarray(33).toString("base64url"),
    },
  });
  /** A VAPID header with chosen claims, signed with `keys` (or tampered with). */
  const crafted = (
    claims: (aud: string, nowS: number) => object,
    opts: { k?: string; tamper?: boolean } = {},
  ) => ({
    publicKey: keys.publicKey,
    authorization(endpointUrl: string) {
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
      const input = `${b64({ typ: "JWT", alg: "ES256" })}.${b64(claims(new URL(endpointUrl).origin, Math.floor(Date.now() / 1000)))}`;
      const sig = sign("sha256", Buffer.from(input), { key: privateKey, dsaEncoding: "ieee-p1363" });
      if (opts.tamper) sig[10] = (sig[10] ?? 0) ^ 1;
      return `vapid t=${input}.${sig.toString("base64url")}, k=${opts.k ?? keys.publicKey}`;
    },
  });
  const good = (aud: string, now: number) => ({ aud, exp: now + 3600, sub: "mailto:a@b.vn" });

  it.each([
    ["an expired JWT", crafted((aud, now) => ({ ...good(aud, now), exp: now - 1 })), "JWT expired"],
    [
      "exp more than 24 h ahead",
      crafted((aud, now) => ({ ...good(aud, now), exp: now + 25 * 3600 })),
      "24 h",
    ],
    ["another audience", crafted((_, now) => good("https://fcm.googleapis.com", now)), "aud"],
    ["no sub", crafted((aud, now) => ({ aud, exp: now + 60 })), "sub"],
    ["a tampered signature", crafted(good, { tamper: true }), "signature"],
    ["a signature by another key than k", crafted(good, { k: testSigner().publicKey }), "signature"],
  ])("refuses %s (401)", async (_, vapid, reason) => {
    const sender = new PushSender({ vapid, retry: { maxAttempts: 1 } });
    const device = endpoint.subscribe();
    const result = await sender.send(
      { deviceId: "d", endpoint: device.endpoint, p256dh: device.keys.p256dh, auth: device.keys.auth },
      { payload: "{}", urgency: "normal", expiresAt: Date.now() + HOUR },
    );
    expect(result).toMatchObject({ outcome: "rejected", status: 401 });
    expect(endpoint.requests[0]?.reason).toContain(reason);
    expect(endpoint.received).toEqual([]);
  });

  it("accepts the crafted header when nothing is wrong (the cases above fail for their reason only)", async () => {
    const sender = new PushSender({ vapid: crafted(good) });
    const device = endpoint.subscribe({ applicationServerKey: keys.publicKey });
    const result = await sender.send(
      { deviceId: "d", endpoint: device.endpoint, p256dh: device.keys.p256dh, auth: device.keys.auth },
      { payload: '{"hello":"Xin chào"}', urgency: "low", expiresAt: Date.now() + HOUR },
    );
    expect(result.outcome).toBe("delivered");
    expect(endpoint.received[0]?.json).toEqual({ hello: "Xin chào" });
  });
});
