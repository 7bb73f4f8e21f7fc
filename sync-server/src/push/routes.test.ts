import { readFileSync } from "node:fs";
import path from "node:path";
import { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MemberId } from "../../../shared/src/ids.ts";
import { type LocalPushEndpoint, startLocalPushEndpoint } from "../../../tests/push-endpoint/index.ts";
import { createLogger } from "../logger.ts";
import { loadPushConfig } from "./config.ts";
import { createPushService, type PushService } from "./index.ts";
import { checkEndpoint, DEFAULT_ENDPOINT_POLICY } from "./subscription.ts";
import { m1, reminder, tempDir } from "./test-support.ts";
import { VAPID_FILE } from "./vapid.ts";

let tmp: ReturnType<typeof tempDir>;
let endpoint: LocalPushEndpoint;
let push: PushService;
let app: Hono;

beforeEach(async () => {
  tmp = tempDir();
  endpoint = await startLocalPushEndpoint();
  push = await createPushService({
    dataDir: tmp.dir,
    config: loadPushConfig({ PUSH_ALLOW_HTTP: "1", PUSH_ENDPOINT_HOSTS: "127.0.0.1" }, tmp.dir),
    source: () => [reminder()],
    logger: createLogger("silent"),
    fsync: false,
  });
  // Stand-in for the auth middleware: the member is named in a header.
  app = new Hono().route(
    "/api/push",
    push.routes((c) => (c.req.header("x-member") as MemberId | undefined) ?? null),
  );
});
afterEach(async () => {
  await push.stop();
  await endpoint.close();
  tmp.remove();
});

const put = (body: unknown, member: string | null = "m1") =>
  app.request("/api/push/subscription", {
    method: "PUT",
    headers: { "content-type": "application/json", ...(member ? { "x-member": member } : {}) },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("push routes", () => {
  it("serves the VAPID public key of DATA_DIR/vapid.json", async () => {
    const res = await app.request("/api/push/vapid-public-key");
    expect(res.status).toBe(200);
    const { publicKey } = (await res.json()) as { publicKey: string };
    expect(publicKey).toBe(push.publicKey);
    expect(Buffer.from(publicKey, "base64url")).toHaveLength(65);
    expect(JSON.parse(readFileSync(path.join(tmp.dir, VAPID_FILE), "utf8")).publicKey).toBe(publicKey);
  });

  it("stores a subscription for the signed-in member, then a test notification reaches it", async () => {
    const device = endpoint.subscribe({ applicationServerKey: push.publicKey });
    const res = await put({ deviceId: "phone-1", subscription: { ...device, expirationTime: null } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ deviceId: "phone-1" });
    expect(push.store.subscriptionsOf(m1)).toMatchObject([
      { deviceId: "phone-1", endpoint: device.endpoint },
    ]);

    const test = await app.request("/api/push/test", { method: "POST", headers: { "x-member": "m1" } });
    expect(await test.json()).toEqual({ results: { "phone-1": "delivered" } });
    expect(endpoint.received[0]?.json).toMatchObject({ v: 1, type: "test" });
  });

  it("refuses without a member (401), bad bodies (400) and endpoints outside the policy", async () => {
    const device = endpoint.subscribe();
    expect((await put({ deviceId: "d", subscription: device }, null)).status).toBe(401);
    expect((await put("{nope")).status).toBe(400);
    const badKey = await put({
      deviceId: "d",
      subscription: { ...device, keys: { ...device.keys, p256dh: "AAAA" } },
    });
    expect(badKey.status).toBe(400);
    expect(((await badKey.json()) as { error: { message: string } }).error.message).toMatch(/p256dh/);
    const badAuth = await put({
      deviceId: "d",
      subscription: { ...device, keys: { ...device.keys, auth: "AAAA" } },
    });
    expect(badAuth.status).toBe(400);
    const elsewhere = await put({
      deviceId: "d",
      subscription: { ...device, endpoint: "http://10.0.0.5/push/x" },
    });
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.json()).toMatchObject({ error: { code: "bad_endpoint" } });
    expect((await put({ deviceId: "../x", subscription: device })).status).toBe(400);
    expect((await put({ deviceId: "d", subscription: device, pad: "x".repeat(9000) })).status).toBe(413);
    expect(push.store.allSubscriptions()).toEqual([]);
  });

  it("deletes only the member's own device", async () => {
    const device = endpoint.subscribe();
    await put({ deviceId: "phone-1", subscription: device });
    const del = (member: string) =>
      app.request("/api/push/subscription/phone-1", { method: "DELETE", headers: { "x-member": member } });
    expect((await del("m2")).status).toBe(404);
    expect((await del("m1")).status).toBe(204);
    expect(push.store.allSubscriptions()).toEqual([]);
  });
});

describe("endpoint policy", () => {
  it("accepts the browsers' push services over https only", () => {
    for (const ok of [
      "https://fcm.googleapis.com/fcm/send/abc",
      "https://updates.push.services.mozilla.com/wpush/v2/abc",
      "https://wns2-par02p.notify.windows.com/w/?token=abc",
      "https://web.push.apple.com/QGx",
    ]) {
      expect(checkEndpoint(ok, DEFAULT_ENDPOINT_POLICY)).toBeNull();
    }
    expect(checkEndpoint("http://fcm.googleapis.com/fcm/send/abc", DEFAULT_ENDPOINT_POLICY)).toMatch(/https/);
    expect(checkEndpoint("https://169.254.169.254/latest", DEFAULT_ENDPOINT_POLICY)).toMatch(/not a known/);
    expect(checkEndpoint("https://evilfcm.googleapis.com.attacker.io/", DEFAULT_ENDPOINT_POLICY)).toMatch(
      /not a known/,
    );
    expect(checkEndpoint("https://u:p@fcm.googleapis.com/x", DEFAULT_ENDPOINT_POLICY)).toMatch(/credentials/);
    expect(checkEndpoint("https://anything.example/x", { allowHttp: false, allowedHosts: "any" })).toBeNull();
  });
});

describe("loadPushConfig", () => {
  it("has defaults and reads the environment", () => {
    expect(loadPushConfig({}, "/srv/data")).toEqual({
      databaseFile: "/srv/data/push.sqlite",
      subject: "mailto:admin@localhost",
      intervalMs: 30_000,
      staleClaimMs: 120_000,
      concurrency: 32,
      endpointPolicy: DEFAULT_ENDPOINT_POLICY,
    });
    expect(
      loadPushConfig(
        { VAPID_SUBJECT: "https://hopso.vn/lien-he", PUSH_INTERVAL_MS: "10000", PUSH_ENDPOINT_HOSTS: "*" },
        "/d",
      ),
    ).toMatchObject({
      subject: "https://hopso.vn/lien-he",
      intervalMs: 10_000,
      endpointPolicy: { allowedHosts: "any" },
    });
  });

  it("lists every bad value", () => {
    expect(() =>
      loadPushConfig({ VAPID_SUBJECT: "admin@x", PUSH_INTERVAL_MS: "5", PUSH_ALLOW_HTTP: "maybe" }, "/d"),
    ).toThrow(/VAPID_SUBJECT="admin@x"[\s\S]*PUSH_INTERVAL_MS="5"[\s\S]*PUSH_ALLOW_HTTP="maybe"/);
  });
});
