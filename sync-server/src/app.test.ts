import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addMember, type WorkspaceRole } from "../../shared/src/index.ts";
import { createTestRelay, publicKeyJwk, type TestRelay } from "./test-support.ts";

let dist: string;
const startedAt = Date.UTC(2026, 11, 1, 0, 0, 0);
const relays: TestRelay[] = [];

function relay(options: Parameters<typeof createTestRelay>[0] = {}): TestRelay {
  const r = createTestRelay({ distDir: dist, startedAt, ...options });
  relays.push(r);
  return r;
}

/** The static/health part of the app: a relay whose `request` is called like the old `app().request`. */
function app(distDir = dist) {
  const r = relay({ distDir });
  return { request: (path: string, init?: RequestInit) => r.request(path, init) };
}

afterEach(async () => {
  for (const r of relays.splice(0)) await r.close();
});

/** Adds a member and registers a device for them; returns the credential. */
async function device(
  r: TestRelay,
  role: WorkspaceRole = "member",
): Promise<{ memberId: string; credential: string }> {
  const memberId = r.directory.change(
    (doc) => addMember(doc, { fullName: "Thành Viên", workspaceRole: role }, r.clock),
    "admin",
  );
  const { code } = r.auth.createInvitation(memberId, 3600, "http://relay.test", "admin");
  const res = await r.request("/api/invitations/redeem", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code, deviceName: "Máy thử", publicKeyJwk: await publicKeyJwk() }),
  });
  expect(res.status).toBe(200);
  const credential = /hopso_device=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")![1]!;
  return { memberId, credential };
}

beforeAll(async () => {
  dist = await mkdtemp(path.join(tmpdir(), "hopso-dist-"));
  await mkdir(path.join(dist, "assets"));
  await writeFile(path.join(dist, "index.html"), "<!doctype html><title>HọpSố</title>");
  await writeFile(path.join(dist, "sw.js"), "// sw");
  await writeFile(path.join(dist, "manifest.webmanifest"), "{}");
  await writeFile(path.join(dist, ".env"), "SECRET=1");
  await writeFile(path.join(dist, "assets", "index-AbC123.js"), "console.log(1)");
  await writeFile(
    path.join(dist, "assets", "automerge_wasm_bg-XyZ.wasm"),
    new Uint8Array([0, 0x61, 0x73, 0x6d]),
  );
  await writeFile(path.join(dist, "assets", "cmap.bcmap"), new Uint8Array([1]));
});
afterAll(() => rm(dist, { recursive: true, force: true }));

describe("API routes", () => {
  it("GET /healthz reports version and whole seconds of uptime", async () => {
    const r = relay();
    r.clock = startedAt + 61_900;
    const res = await r.request("/healthz");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ status: "ok", version: "1.2.3", uptimeSeconds: 61 });
  });

  it("GET /api/bootstrap returns the device's session, and 401 without a credential", async () => {
    const r = relay();
    const unauthenticated = await r.request("/api/bootstrap");
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get("www-authenticate")).toBe('Bearer realm="hopso"');
    const { memberId, credential } = await device(r);
    const res = await r.request("/api/bootstrap", { headers: { authorization: `Bearer ${credential}` } });
    expect(await res.json()).toEqual({
      session: {
        memberId,
        deviceId: expect.any(String),
        workspaceUrl: r.directory.url,
        privateUrl: expect.stringMatching(/^automerge:/),
        offlineLockDays: 30,
        serverTime: new Date(startedAt).toISOString(),
      },
    });
  });

  it("answers unknown API routes and methods with the one error shape", async () => {
    const r = relay();
    const { credential } = await device(r);
    const auth = { authorization: `Bearer ${credential}` };
    const cases: [string, RequestInit, number, string][] = [
      ["/api/nothing", {}, 401, "unauthenticated"],
      ["/api/nothing", { headers: auth }, 404, "not_found"],
      ["/api/bootstrap", { method: "DELETE", headers: auth }, 404, "not_found"],
      ["/sync", { headers: auth }, 426, "upgrade_required"],
      ["/sync", {}, 401, "unauthenticated"],
      ["/index.html", { method: "POST" }, 405, "method_not_allowed"],
    ];
    for (const [url, init, status, code] of cases) {
      const res = await r.request(url, init);
      expect(res.status, url).toBe(status);
      expect(await res.json(), url).toEqual({ error: { code, message: expect.any(String) } });
    }
  });

  it("checks JSON bodies: 415 for other types, 400 invalid_input naming the field", async () => {
    const r = relay();
    const post = (body: string, type = "application/json") =>
      r.request("/api/invitations/redeem", { method: "POST", headers: { "content-type": type }, body });
    expect((await post("{}", "text/plain")).status).toBe(415);
    const notJson = await post("{nope");
    expect([notJson.status, ((await notJson.json()) as { error: { code: string } }).error.code]).toEqual([
      400,
      "invalid_input",
    ]);
    const foreign = await r.request("/api/invitations/redeem", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: "{}",
    });
    expect(foreign.status).toBe(403);
    const missing = await post(JSON.stringify({ code: "AAAAA-AAAAA" }));
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(/deviceName/);
  });
});

describe("admin API", () => {
  const as = (r: TestRelay, token = r.adminToken) => ({ headers: { authorization: `Bearer ${token}` } });

  it("needs the admin token and, by default, a loopback client", async () => {
    const r = relay();
    expect((await r.request("/admin/members", as(r))).status).toBe(200);
    expect((await r.request("/admin/members")).status).toBe(401);
    const wrong = await r.request("/admin/members", as(r, `hsa_${"A".repeat(43)}`));
    expect([wrong.status, ((await wrong.json()) as { error: { code: string } }).error.code]).toEqual([
      401,
      "credential_invalid",
    ]);
    // From another machine it does not exist (ADMIN_API=local).
    expect((await r.request("/admin/members", as(r), "192.168.1.20")).status).toBe(404);
    const open = relay({ security: { adminApi: "any" } });
    expect((await open.request("/admin/members", as(open), "192.168.1.20")).status).toBe(200);
    const off = relay({ security: { adminApi: "off" } });
    expect((await off.request("/admin/members", as(off))).status).toBe(404);
  });

  it("adds members and units through shared/'s change functions and refuses bad input", async () => {
    const r = relay();
    const json = (body: unknown) => ({
      method: "POST",
      headers: { ...as(r).headers, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const unit = await r.request("/admin/units", json({ name: "Phòng Tư pháp", kind: "department" }));
    const unitId = ((await unit.json()) as { unit: { id: string } }).unit.id;
    const member = await r.request(
      "/admin/members",
      json({ fullName: "Lê Văn Tám", unitId, workspaceRole: "secretary" }),
    );
    expect(await member.json()).toMatchObject({
      member: {
        fullName: "Lê Văn Tám",
        unitName: "Phòng Tư pháp",
        workspaceRole: "secretary",
        activeDevices: 0,
      },
    });
    const typo = await r.request("/admin/members", json({ fullname: "Sai chính tả" }));
    expect(typo.status).toBe(400);
    const unknownUnit = await r.request("/admin/members", json({ fullName: "X", unitId: "no-such-unit" }));
    expect(unknownUnit.status).toBe(404);
    const tooLong = await r.request(
      "/admin/invitations",
      json({ memberId: "x", expiresInSeconds: 400 * 86400 }),
    );
    expect(tooLong.status).toBe(400);
    // Every directory change is in the audit log as the admin's.
    const rows = r.store.auditOf(r.directory.documentId, 10);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((row) => row.origin === "admin" && row.memberId === null)).toBe(true);
  });
});

describe("device API", () => {
  it("expires invitations by the relay's clock and keeps them single-use", async () => {
    const r = relay();
    const memberId = r.directory.change((doc) => addMember(doc, { fullName: "Người Thử" }, r.clock), "admin");
    const { code } = r.auth.createInvitation(memberId, 60, "http://relay.test", "admin");
    r.clock += 61_000;
    const redeem = async () =>
      r.request("/api/invitations/redeem", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ code, deviceName: "Máy", publicKeyJwk: await publicKeyJwk() }),
      });
    const late = await redeem();
    expect(((await late.json()) as { error: { code: string } }).error.code).toBe("invitation_expired");
    r.clock -= 30_000;
    expect((await redeem()).status).toBe(200);
    expect(((await (await redeem()).json()) as { error: { code: string } }).error.code).toBe(
      "invitation_used",
    );
  });

  it("shows the member, their devices and the audit only of documents they may read", async () => {
    const r = relay();
    const { memberId, credential } = await device(r, "observer");
    const auth = { headers: { authorization: `Bearer ${credential}` } };
    const me = (await (await r.request("/api/me", auth)).json()) as {
      member: { id: string };
      device: { current: boolean };
    };
    expect(me.member.id).toBe(memberId);
    expect(me.device.current).toBe(true);
    const workspaceAudit = await r.request(`/api/documents/${r.directory.documentId}/audit`, auth);
    expect(workspaceAudit.status).toBe(200);
    const privateUrl = r.access.privateDocumentUrl(memberId)!;
    expect((await r.request(`/api/documents/${encodeURIComponent(privateUrl)}/audit`, auth)).status).toBe(
      200,
    );
    const other = await device(r, "member");
    const othersPrivate = r.access.privateDocumentUrl(other.memberId)!.slice("automerge:".length);
    expect((await r.request(`/api/documents/${othersPrivate}/audit`, auth)).status).toBe(404);
    expect((await r.request("/api/documents/not-an-id/audit", auth)).status).toBe(404);
  });
});

describe("static PWA", () => {
  it("caches hashed assets forever and revalidates the rest", async () => {
    const asset = await app().request("/assets/index-AbC123.js");
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(asset.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await asset.text()).toBe("console.log(1)");
    for (const file of ["/", "/index.html", "/sw.js", "/manifest.webmanifest"]) {
      const res = await app().request(file);
      expect(res.status, file).toBe(200);
      expect(res.headers.get("cache-control"), file).toBe("no-cache");
    }
    expect((await app().request("/manifest.webmanifest")).headers.get("content-type")).toBe(
      "application/manifest+json",
    );
    expect((await app().request("/")).headers.get("content-type")).toBe("text/html; charset=utf-8");
  });

  it("serves wasm as application/wasm and unknown types as octet-stream", async () => {
    const wasm = await app().request("/assets/automerge_wasm_bg-XyZ.wasm");
    expect(wasm.headers.get("content-type")).toBe("application/wasm");
    expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(new Uint8Array([0, 0x61, 0x73, 0x6d]));
    expect((await app().request("/assets/cmap.bcmap")).headers.get("content-type")).toBe(
      "application/octet-stream",
    );
  });

  it("answers 304 to a matching ETag and HEAD without a body", async () => {
    const first = await app().request("/sw.js");
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^W\/"/);
    const again = await app().request("/sw.js", { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    const head = await app().request("/sw.js", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("5");
    expect(await head.text()).toBe("");
  });

  it("falls back to index.html for navigations only", async () => {
    const nav = await app().request("/meetings/7f3c/edit", { headers: { "sec-fetch-mode": "navigate" } });
    expect(nav.status).toBe(200);
    expect(nav.headers.get("cache-control")).toBe("no-cache");
    expect(await nav.text()).toContain("<title>HọpSố</title>");
    expect((await app().request("/meetings/7f3c", { headers: { accept: "text/html" } })).status).toBe(200);
    // Not navigations: a script, a missing hashed asset, a file-like path.
    expect((await app().request("/meetings/7f3c")).status).toBe(404);
    expect((await app().request("/assets/old-123.js", { headers: { accept: "text/html" } })).status).toBe(
      404,
    );
    expect((await app().request("/favicon.ico", { headers: { accept: "text/html" } })).status).toBe(404);
  });

  it("never serves dot-files or anything outside dist/", async () => {
    for (const url of [
      "/.env",
      "/assets/..%2f..%2f..%2fetc%2fpasswd",
      "/x/..%2f..%2fetc%2fpasswd",
      "/a%00b",
      "/%E0%A4%A",
    ]) {
      const res = await app().request(url, { headers: { accept: "text/html" } });
      expect(res.status, url).toBe(404);
      expect(await res.json(), url).toMatchObject({ error: { code: "not_found" } });
    }
    // The URL parser resolves %2e%2e segments before routing: this is a navigation to /etc/passwd in dist/.
    const dotted = await app().request("/%2e%2e/%2e%2e/etc/passwd", { headers: { accept: "text/html" } });
    expect(await dotted.text()).toContain("<title>HọpSố</title>");
  });

  it("answers 503 pwa_not_built when dist/ is missing", async () => {
    const res = await app(path.join(dist, "nope")).request("/", { headers: { accept: "text/html" } });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: { code: "pwa_not_built", message: expect.stringContaining("run npm run build") },
    });
  });
});
