import { createPublicKey, verify } from "node:crypto";
import { chmodSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StartupError } from "../errors.ts";
import { tempDir } from "./test-support.ts";
import {
  audienceOf,
  checkVapidKeys,
  generateVapidKeys,
  loadOrCreateVapidKeys,
  VAPID_FILE,
  VapidSigner,
} from "./vapid.ts";

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.remove());

/** Splits and checks a VAPID header the way a push service does. */
function decode(header: string, publicKey: string) {
  const m = /^vapid t=([^,]+), k=(.+)$/.exec(header);
  expect(m).not.toBeNull();
  const [head, claims, sig] = m![1]!.split(".") as [string, string, string];
  const pub = Buffer.from(m![2]!, "base64url");
  const key = createPublicKey({
    format: "jwk",
    key: {
      kty: "EC",
      crv: "P-256",
      x: pub.subarray(1, 33).toString("base64url"),
      y: pub.subarray(33).toString("base64url"),
    },
  });
  const ok = verify(
    "sha256",
    Buffer.from(`${head}.${claims}`),
    { key, dsaEncoding: "ieee-p1363" },
    Buffer.from(sig, "base64url"),
  );
  return {
    ok,
    k: m![2],
    kMatches: m![2] === publicKey,
    header: JSON.parse(Buffer.from(head, "base64url").toString()),
    claims: JSON.parse(Buffer.from(claims, "base64url").toString()) as {
      aud: string;
      exp: number;
      sub: string;
    },
  };
}

describe("VAPID keys in DATA_DIR", () => {
  it("creates vapid.json (0600) on first start and reads the same keys afterwards", async () => {
    const first = await loadOrCreateVapidKeys(tmp.dir);
    expect(first.created).toBe(true);
    const file = path.join(tmp.dir, VAPID_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ version: 1, ...first.keys });
    const again = await loadOrCreateVapidKeys(tmp.dir);
    expect(again).toEqual({ keys: first.keys, created: false });
    expect(() => checkVapidKeys(first.keys)).not.toThrow();
  });

  it("two processes starting at once agree on one key pair", async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateVapidKeys(tmp.dir)));
    expect(new Set(results.map((r) => r.keys.publicKey)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it("narrows a file readable by others to 0600", async () => {
    await loadOrCreateVapidKeys(tmp.dir);
    const file = path.join(tmp.dir, VAPID_FILE);
    chmodSync(file, 0o644);
    await loadOrCreateVapidKeys(tmp.dir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it.each([
    ["not JSON", "{oops"],
    ["a wrong shape", JSON.stringify({ version: 1, publicKey: "abc" })],
    [
      "keys that do not belong together",
      JSON.stringify({
        version: 1,
        publicKey: generateVapidKeys().publicKey,
        privateKey: generateVapidKeys().privateKey,
        createdAt: "x",
      }),
    ],
  ])("refuses %s rather than replacing the keys (every subscription would break)", async (_, text) => {
    writeFileSync(path.join(tmp.dir, VAPID_FILE), text, { mode: 0o600 });
    await expect(loadOrCreateVapidKeys(tmp.dir)).rejects.toBeInstanceOf(StartupError);
    expect(readFileSync(path.join(tmp.dir, VAPID_FILE), "utf8")).toBe(text);
  });

  it("never puts the private key in an error message", async () => {
    const keys = generateVapidKeys();
    writeFileSync(
      path.join(tmp.dir, VAPID_FILE),
      JSON.stringify({ version: 1, publicKey: "AAAA", privateKey: keys.privateKey, createdAt: "x" }),
    );
    const err = await loadOrCreateVapidKeys(tmp.dir).catch((e: Error) => e);
    expect(String((err as Error).message)).not.toContain(keys.privateKey);
  });
});

describe("VapidSigner", () => {
  const keys = generateVapidKeys();

  it("signs an ES256 JWT for the endpoint's origin, verifiable with k", () => {
    const now = Date.parse("2026-11-29T10:00:00Z");
    const signer = new VapidSigner(keys, { subject: "mailto:vanphong@hopso.vn", now: () => now });
    const d = decode(signer.authorization("https://fcm.googleapis.com/fcm/send/abc:def"), keys.publicKey);
    expect(d.ok).toBe(true);
    expect(d.kMatches).toBe(true);
    expect(d.header).toEqual({ typ: "JWT", alg: "ES256" });
    expect(d.claims).toEqual({
      aud: "https://fcm.googleapis.com",
      exp: now / 1000 + 12 * 3600,
      sub: "mailto:vanphong@hopso.vn",
    });
    expect(signer.subject).toBe("mailto:vanphong@hopso.vn");
  });

  it("reuses the header per audience until an hour before exp, then signs again", () => {
    let now = Date.parse("2026-11-29T10:00:00Z");
    const signer = new VapidSigner(keys, { now: () => now });
    const a1 = signer.authorization("https://fcm.googleapis.com/fcm/send/1");
    expect(signer.authorization("https://fcm.googleapis.com/fcm/send/2")).toBe(a1);
    const moz = signer.authorization("https://updates.push.services.mozilla.com/wpush/v2/x");
    expect(moz).not.toBe(a1);
    expect(signer.signatures).toBe(2);
    now += 11 * 3600_000 - 1;
    expect(signer.authorization("https://fcm.googleapis.com/fcm/send/3")).toBe(a1);
    now += 1;
    const a2 = signer.authorization("https://fcm.googleapis.com/fcm/send/3");
    expect(a2).not.toBe(a1);
    expect(decode(a2, keys.publicKey).claims.exp).toBe(Math.floor(now / 1000) + 12 * 3600);
    expect(signer.signatures).toBe(3);
  });

  it("signs every time without the cache", () => {
    const signer = new VapidSigner(keys, { cache: false });
    signer.authorization("https://a.example/1");
    signer.authorization("https://a.example/2");
    expect(signer.signatures).toBe(2);
  });

  it("refuses a subject that is not mailto:/https:, a lifetime over 24 h and bad keys", () => {
    expect(() => new VapidSigner(keys, { subject: "admin@hopso.vn" })).toThrow(/mailto: or https:/);
    expect(() => new VapidSigner(keys, { subject: "http://hopso.vn" })).toThrow(/mailto: or https:/);
    expect(() => new VapidSigner(keys, { lifetimeSeconds: 24 * 3600 + 1 })).toThrow(/24 h/);
    expect(() => new VapidSigner({ ...keys, privateKey: generateVapidKeys().privateKey })).toThrow(
      /does not match/,
    );
  });

  it("uses the origin (scheme, host, port) as audience", () => {
    expect(audienceOf("http://127.0.0.1:4100/push/abc?x=1")).toBe("http://127.0.0.1:4100");
    expect(audienceOf("https://web.push.apple.com:443/QG9")).toBe("https://web.push.apple.com");
  });
});
