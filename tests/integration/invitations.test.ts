import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import {
  addMember,
  adminApi,
  deviceApi,
  invite,
  newPublicKeyJwk,
  redeem,
  registerDevice,
  signIn,
  type TestDevice,
} from "./auth.ts";
import { createClient, type TestClient } from "./clients.ts";
import { type RelayProcess, startRelayProcess } from "./relay-process.ts";

let r: RelayProcess;
const clients: TestClient[] = [];
const secrets: string[] = [];

/** Opens /sync with these headers and resolves with how the relay closed it. */
function upgrade(
  relay: RelayProcess,
  headers: Record<string, string>,
): Promise<{ code: number; reason: string; opened: boolean }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(relay.syncUrl, { headers });
    let opened = false;
    ws.on("open", () => {
      opened = true;
    });
    ws.on("error", () => {});
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString(), opened }));
  });
}

beforeAll(async () => {
  r = await startRelayProcess();
});

afterAll(async () => {
  for (const c of clients) await c.close();
  // Secrets never reach the log: not the credentials, not the invitation codes.
  const everything = `${r.logs.map((l) => JSON.stringify(l)).join("\n")}\n${r.stderr()}`;
  for (const secret of secrets) expect(everything.includes(secret), `the log contains a secret`).toBe(false);
  await r?.cleanup();
});

describe("invitations", () => {
  it("registers a device: session in the body, credential only in an HttpOnly SameSite=Strict cookie", async () => {
    const memberId = await addMember(r, "Trần Thị Mai", "member");
    const { code, link, expiresAt } = await invite(r, memberId);
    secrets.push(code, code.replace("-", ""));
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(link).toBe(`${r.url}/join#code=${code}`);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);

    const res = await redeem(r, code);
    expect(res.status).toBe(200);
    secrets.push(res.credential!);
    expect(res.credential).toMatch(/^hsd_[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(res.body)).not.toContain("hsd_");
    expect(res.body.session).toMatchObject({
      memberId,
      deviceId: expect.any(String),
      privateUrl: expect.stringMatching(/^automerge:/),
    });
    const cookie = res.setCookie.find((c) => c.startsWith("hopso_device="))!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; Max-Age=34560000/);
    expect(cookie).not.toMatch(/; Secure/); // plain http here; Secure over https (PUBLIC_ORIGIN or the request)
    expect(res.headers.get("cache-control")).toBe("no-store");

    // Used: a second redemption is refused, the first device keeps working.
    const again = await redeem(r, code);
    expect(again.status).toBe(400);
    expect(again.body.error?.code).toBe("invitation_used");
    expect(again.credential).toBeUndefined();
    expect(
      (await deviceApi(r, { headers: { authorization: `Bearer ${res.credential}` } }, "GET", "/api/me"))
        .status,
    ).toBe(200);
  });

  it("refuses expired, forged and malformed codes, and keys that are not P-256 public keys", async () => {
    const memberId = await addMember(r, "Đỗ Quang Vinh", "member");
    const short = await invite(r, memberId, 1);
    secrets.push(short.code);
    await new Promise((res) => setTimeout(res, 1300));
    const expired = await redeem(r, short.code);
    expect([expired.status, expired.body.error?.code]).toEqual([400, "invitation_expired"]);

    for (const forged of ["ZZZZZ-ZZZZZ", "00000-00000", "abc", "", "A".repeat(64)]) {
      const res = await redeem(r, forged);
      expect(res.status, forged).toBe(400);
      expect(res.body.error?.code, forged).toBe(forged === "" ? "invalid_input" : "invalid_code");
    }

    const { code } = await invite(r, memberId);
    secrets.push(code);
    const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
      "sign",
      "verify",
    ]);
    const privateJwk = await crypto.subtle.exportKey("jwk", pair.privateKey);
    const wrongCurve = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-384" }, true, [
      "sign",
      "verify",
    ]);
    const good = (await newPublicKeyJwk()) as { x: string; y: string };
    for (const bad of [
      { kty: "RSA", n: "x", e: "AQAB" },
      privateJwk,
      await crypto.subtle.exportKey("jwk", wrongCurve.publicKey),
      { kty: "EC", crv: "P-256", x: good.x, y: good.x }, // not on the curve
    ]) {
      const res = await redeem(r, code, { publicKeyJwk: bad });
      expect([res.status, res.body.error?.code]).toEqual([400, "invalid_public_key"]);
    }
    // Refusals consumed nothing: the same code still works, typed in lower case with O for 0.
    const typed = code.toLowerCase().replace(/0/g, "o").replace("-", " ");
    const ok = await redeem(r, typed);
    expect(ok.status).toBe(200);
    secrets.push(ok.credential!);
  });

  it("refuses an invitation for a disabled member", async () => {
    const memberId = await addMember(r, "Bùi Đức Thắng", "member");
    const { code } = await invite(r, memberId);
    secrets.push(code);
    await adminApi(r, "POST", `/members/${memberId}/disable`);
    const res = await redeem(r, code);
    expect([res.status, res.body.error?.code]).toEqual([403, "member_disabled"]);
    const refused = await adminApi<{ error: { code: string } }>(r, "POST", "/invitations", { memberId });
    expect([refused.status, refused.body.error.code]).toEqual([409, "conflict"]);
  });
});

describe("device credentials", () => {
  let device: TestDevice;

  beforeAll(async () => {
    device = await signIn(r, "Phạm Thị Ngọc Lan", "member");
    secrets.push(device.credential);
  });

  it("rotates: the new credential arrives as a cookie, the old one stops working, sockets stay", async () => {
    const c = createClient(r.syncUrl, "rotating", { credential: device.credential });
    clients.push(c);
    await c.connected();
    const res = await deviceApi<{ session: { deviceId: string } }>(
      r,
      device,
      "POST",
      "/api/me/credential/rotate",
    );
    expect(res.status).toBe(200);
    expect(res.body.session.deviceId).toBe(device.deviceId);
    const fresh = /^hopso_device=([^;]+)/.exec(res.headers.getSetCookie()[0] ?? "")?.[1];
    expect(fresh).toMatch(/^hsd_/);
    secrets.push(fresh!);
    const old = await deviceApi<{ error: { code: string } }>(r, device, "GET", "/api/me");
    expect([old.status, old.body.error.code]).toEqual([401, "credential_invalid"]);
    expect(
      (await deviceApi(r, { headers: { authorization: `Bearer ${fresh}` } }, "GET", "/api/me")).status,
    ).toBe(200);
    expect(c.adapter.closes).toEqual([]);
    device = { ...device, credential: fresh!, headers: { authorization: `Bearer ${fresh}` } };
  });

  it("cookie requests that change something need X-HopSo-Request: 1 and the app's own origin", async () => {
    const other = await registerDevice(r, device.memberId, "Máy thứ hai");
    secrets.push(other.credential);
    const cookie = { cookie: `hopso_device=${device.credential}` };
    // Reading with the cookie alone is fine.
    expect((await deviceApi(r, null, "GET", "/api/me/devices", { headers: cookie })).status).toBe(200);
    const noHeader = await deviceApi<{ error: { code: string } }>(
      r,
      null,
      "DELETE",
      `/api/me/devices/${other.deviceId}`,
      { headers: cookie },
    );
    expect([noHeader.status, noHeader.body.error.code]).toEqual([403, "csrf_check_failed"]);
    const foreign = await deviceApi<{ error: { code: string } }>(
      r,
      null,
      "DELETE",
      `/api/me/devices/${other.deviceId}`,
      {
        headers: { ...cookie, "x-hopso-request": "1", origin: "https://evil.example" },
      },
    );
    expect([foreign.status, foreign.body.error.code]).toEqual([403, "csrf_check_failed"]);
    const ok = await deviceApi<{ device: { revokedAt: string | null; current: boolean } }>(
      r,
      null,
      "DELETE",
      `/api/me/devices/${other.deviceId}`,
      {
        headers: { ...cookie, "x-hopso-request": "1", origin: r.url },
      },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.device).toMatchObject({ revokedAt: expect.any(String), current: false });
  });

  it("authenticates the WebSocket upgrade: 4401 without or with a bad credential, 4403 from another origin", async () => {
    expect(await upgrade(r, {})).toEqual({ code: 4401, reason: "unauthenticated", opened: true });
    expect(await upgrade(r, { authorization: `Bearer hsd_${"x".repeat(43)}` })).toMatchObject({
      code: 4401,
      reason: "credential_invalid",
    });
    expect(await upgrade(r, { ...device.headers, origin: "https://evil.example" })).toMatchObject({
      code: 4403,
      reason: "origin_not_allowed",
    });
    // The browser way: the cookie, from the app's own origin.
    const c = createClient(r.syncUrl, "cookie-client", {
      headers: { cookie: `hopso_device=${device.credential}`, origin: r.url },
    });
    clients.push(c);
    await c.connected();
  });

  it("a device signs itself out: cookie cleared, refused afterwards", async () => {
    const own = await registerDevice(r, device.memberId, "Máy tự đăng xuất");
    secrets.push(own.credential);
    const out = await deviceApi(r, own, "DELETE", `/api/me/devices/${own.deviceId}`);
    expect(out.status).toBe(200);
    expect(
      out.headers.getSetCookie().some((c) => c.startsWith("hopso_device=;") && /Max-Age=0/.test(c)),
    ).toBe(true);
    const after = await deviceApi<{ error: { code: string } }>(r, own, "GET", "/api/bootstrap");
    expect([after.status, after.body.error.code]).toEqual([401, "device_revoked"]);
  });
});

describe("rate limits", () => {
  let limited: RelayProcess;

  beforeAll(async () => {
    limited = await startRelayProcess({ env: { REDEEM_RATE_LIMIT: "3", AUTH_FAILURE_RATE_LIMIT: "4" } });
  });
  afterAll(async () => {
    await limited?.cleanup();
  });

  it("limits invitation attempts and failed sign-ins per address (429, Retry-After)", async () => {
    const good = await signIn(limited, "Võ Minh Tuấn", "member"); // one redemption of the 3
    for (let i = 0; i < 2; i++) expect((await redeem(limited, "ZZZZZ-ZZZZZ")).status).toBe(400);
    const blocked = await redeem(limited, "ZZZZZ-ZZZZZ");
    expect(blocked.status).toBe(429);
    expect(blocked.body.error?.code).toBe("rate_limited");
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);

    for (let i = 0; i < 4; i++) {
      expect(
        (
          await deviceApi(
            limited,
            { headers: { authorization: `Bearer hsd_${String(i).repeat(43)}` } },
            "GET",
            "/api/me",
          )
        ).status,
      ).toBe(401);
    }
    // Past the limit even a valid credential is answered 429 from this address: guessing gains nothing.
    const after = await deviceApi<{ error: { code: string } }>(limited, good, "GET", "/api/me");
    expect([after.status, after.body.error.code]).toEqual([429, "rate_limited"]);
    expect(Number(after.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await upgrade(limited, good.headers)).toMatchObject({ code: 4429, reason: "rate_limited" });
    const admin = await adminApi<{ error: { code: string } }>(limited, "GET", "/members");
    expect([admin.status, admin.body.error.code]).toEqual([429, "rate_limited"]);
  });
});
