import { describe, expect, it } from "vitest";
import { PushSender, type PushSenderOptions, type PushTarget, parseRetryAfter } from "./sender.ts";
import { HOUR, reminder, T, testSigner } from "./test-support.ts";
import { generateVapidKeys } from "./vapid.ts";

/** A device key pair is needed only for encryption; the fake push service does not decrypt. */
function target(): PushTarget {
  const k = generateVapidKeys(); // any P-256 public key will do
  return {
    deviceId: "d1",
    endpoint: "https://fcm.googleapis.com/fcm/send/x",
    p256dh: k.publicKey,
    auth: "AAAAAAAAAAAAAAAAAAAAAA",
  };
}

/** A sender whose fetch answers from a list and whose clock moves only by its own waits. */
function fake(answers: (Response | Error)[], options: Partial<PushSenderOptions> = {}) {
  const requests: { url: string; headers: Headers; body: Uint8Array }[] = [];
  const sleeps: number[] = [];
  let clock = T;
  const sender = new PushSender({
    vapid: testSigner(),
    now: () => clock,
    random: () => 0,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    fetch: async (url, init) => {
      requests.push({
        url: String(url),
        headers: new Headers(init?.headers),
        body: init?.body as Uint8Array,
      });
      const next = answers.shift() ?? new Response(null, { status: 201 });
      if (next instanceof Error) throw next;
      return next;
    },
    ...options,
  });
  return { sender, requests, sleeps, setClock: (t: number) => (clock = t) };
}

describe("PushSender", () => {
  it("posts aes128gcm with TTL, Urgency, Topic and the VAPID header", async () => {
    const { sender, requests } = fake([]);
    const r = reminder({ urgency: "low", expiresAt: T + 90_500 });
    expect(await sender.sendReminder(target(), r)).toEqual({
      outcome: "delivered",
      status: 201,
      attempts: 1,
    });
    const h = requests[0]!.headers;
    expect(h.get("ttl")).toBe("90");
    expect(h.get("urgency")).toBe("low");
    expect(h.get("topic")).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(h.get("content-encoding")).toBe("aes128gcm");
    expect(h.get("authorization")).toMatch(/^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=[\w-]+$/);
    expect(requests[0]!.body.length).toBeLessThan(2048);
  });

  it("retries 429, 5xx and network errors with doubling backoff, honouring Retry-After", async () => {
    const { sender, sleeps, requests } = fake([
      new Response(null, { status: 503 }),
      new TypeError("fetch failed"),
      new Response(null, { status: 429, headers: { "Retry-After": "30" } }),
      new Response(null, { status: 500 }),
    ]);
    const result = await sender.sendReminder(target(), reminder({ expiresAt: T + HOUR }));
    expect(result).toEqual({ outcome: "delivered", status: 201, attempts: 5 });
    expect(requests).toHaveLength(5);
    // random() = 0 → half of each step: 1 s, 2 s, then Retry-After 30 s beats 4 s, then 8 s
    expect(sleeps).toEqual([500, 1000, 30_000, 4000]);
  });

  it("lowers the TTL on each retry as the expiry approaches", async () => {
    const { sender, requests } = fake([new Response(null, { status: 500 })]);
    await sender.sendReminder(target(), reminder({ expiresAt: T + 10_000 }));
    expect(requests.map((r) => r.headers.get("ttl"))).toEqual(["10", "9"]);
  });

  it("gives up after maxAttempts, or when Retry-After is too long", async () => {
    const five = fake(Array.from({ length: 9 }, () => new Response(null, { status: 502 })));
    expect(await five.sender.sendReminder(target(), reminder({ expiresAt: T + 24 * HOUR }))).toEqual({
      outcome: "failed",
      attempts: 5,
      status: 502,
    });
    const patient = fake([new Response(null, { status: 429, headers: { "Retry-After": "7200" } })]);
    expect(await patient.sender.sendReminder(target(), reminder({ expiresAt: T + 24 * HOUR }))).toMatchObject(
      {
        outcome: "failed",
        attempts: 1,
      },
    );
    const offline = fake([new TypeError("fetch failed")], { retry: { maxAttempts: 1 } });
    expect(await offline.sender.sendReminder(target(), reminder())).toEqual({
      outcome: "failed",
      attempts: 1,
      error: "TypeError: fetch failed",
    });
  });

  it("does not wait past the reminder's expiry, and sends nothing once it expired", async () => {
    const late = fake([new Response(null, { status: 429, headers: { "Retry-After": "600" } })]);
    expect(await late.sender.sendReminder(target(), reminder({ expiresAt: T + 5 * 60_000 }))).toEqual({
      outcome: "expired",
      attempts: 1,
      status: 429,
    });
    const gone = fake([]);
    expect(await gone.sender.sendReminder(target(), reminder({ expiresAt: T }))).toEqual({
      outcome: "expired",
      attempts: 0,
    });
    expect(gone.requests).toEqual([]);
  });

  it("404/410 → gone; 400, 403, 413 → rejected, no retry", async () => {
    for (const [status, outcome] of [
      [404, "gone"],
      [410, "gone"],
      [400, "rejected"],
      [403, "rejected"],
      [413, "rejected"],
    ] as const) {
      const f = fake([new Response("nope", { status })]);
      expect(await f.sender.sendReminder(target(), reminder())).toEqual({ outcome, status, attempts: 1 });
      expect(f.sleeps).toEqual([]);
    }
  });

  it("stops when aborted, before a request or during a wait", async () => {
    const ac = new AbortController();
    ac.abort();
    const f = fake([]);
    expect(await f.sender.sendReminder(target(), reminder(), ac.signal)).toEqual({
      outcome: "aborted",
      attempts: 0,
    });
    const waiting = new AbortController();
    const g = fake([new Response(null, { status: 500 })], {
      sleep: (_ms, signal) =>
        new Promise((_, reject) => {
          signal?.addEventListener("abort", () => reject(signal.reason));
          queueMicrotask(() => waiting.abort());
        }),
    });
    expect(await g.sender.sendReminder(target(), reminder(), waiting.signal)).toEqual({
      outcome: "aborted",
      attempts: 1,
    });
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    const sender = new PushSender({
      vapid: testSigner(),
      now: () => T,
      concurrency: 3,
      fetch: async () => {
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return new Response(null, { status: 201 });
      },
    });
    const results = await Promise.all(
      Array.from({ length: 12 }, () => sender.sendReminder(target(), reminder())),
    );
    expect(results.every((r) => r.outcome === "delivered")).toBe(true);
    expect(peak).toBe(3);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("120", 0)).toBe(120_000);
    const now = Date.parse("2026-11-29T10:00:00Z");
    expect(parseRetryAfter("Sun, 29 Nov 2026 10:01:00 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("Sun, 29 Nov 2026 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
