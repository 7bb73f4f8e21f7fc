/**
 * Every HTTP route of the relay's Hono app refuses a request without a working credential, except the
 * documented public ones (`PUBLIC_ROUTES` in sync-server/src/app.ts, docs/relay-protocol.md). The routes
 * are not listed by hand: they are read from `app.routes`, so a route added later is checked too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, PUBLIC_ROUTES } from "../../sync-server/src/app.ts";
import { createLogger } from "../../sync-server/src/logger.ts";
import { adminApi, signIn, type TestDevice } from "./auth.ts";
import { type RelayProcess, startRelayProcess } from "./relay-process.ts";

// Building the app touches none of its services, so stand-ins are enough to list its routes.
const stub = {} as never;
const app = createApp({
  version: "test",
  startedAt: 0,
  now: Date.now,
  distDir: "/nonexistent",
  logger: createLogger("silent"),
  sockets: { accept() {} },
  auth: stub,
  admin: stub,
  access: stub,
  directory: stub,
  store: stub,
  security: stub,
  blobs: stub,
});

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
const PARAMS: Record<string, string> = {
  deviceId: "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
  memberId: "0b6f3e2a-8d1c-4f7e-a2b9-3c5d7e9f1a20",
  documentId: "2j9knpCseyhnK8izDmLpGP5WMdZQ",
};

/** Concrete requests for every route: parameters filled in, wildcards given a segment. */
function probes(): { method: string; path: string; pattern: string }[] {
  const seen = new Set<string>();
  const out: { method: string; path: string; pattern: string }[] = [];
  for (const route of app.routes) {
    const path = route.path
      .replace(/:(\w+)/g, (_, name: string) => PARAMS[name] ?? "x")
      .replace(/\*$/, "probe");
    // The top-level "ALL /*" is the request-logging middleware, not an endpoint: requests that only it
    // matches are the static PWA's (GET/HEAD, public) or 405.
    const methods =
      route.method === "ALL" ? (route.path === "/*" ? ["GET", "HEAD"] : METHODS) : [route.method];
    for (const method of methods) {
      const key = `${method} ${path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ method, path, pattern: `${route.method} ${route.path}` });
    }
  }
  return out;
}

function isPublic(method: string, path: string): boolean {
  return PUBLIC_ROUTES.some(
    (p) =>
      (p.method === method || (p.method === "GET" && method === "HEAD")) &&
      (p.path === path || (p.path === "/*" && !/^\/(api|admin|sync|healthz)(\/|$)/.test(path))),
  );
}

let r: RelayProcess;
let revoked: TestDevice;

beforeAll(async () => {
  // Many deliberately wrong credentials below: raise the failure limit so they are answered 401, not 429.
  r = await startRelayProcess({ env: { AUTH_FAILURE_RATE_LIMIT: "10000" } });
  revoked = await signIn(r, "Thiết Bị Bị Thu Hồi", "admin");
  expect((await adminApi(r, "POST", `/devices/${revoked.deviceId}/revoke`)).status).toBe(200);
});

afterAll(async () => {
  await r?.cleanup();
});

describe("every route of the app", () => {
  it("lists the routes it checks (sanity: the app has the API, admin API and /sync)", () => {
    const list = probes().map((p) => `${p.method} ${p.path}`);
    for (const expected of [
      "GET /api/bootstrap",
      "DELETE /api/me/devices/6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
      "GET /api/documents/2j9knpCseyhnK8izDmLpGP5WMdZQ/audit",
      "POST /admin/members",
      "POST /admin/devices/6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f/revoke",
      "GET /sync",
      "POST /api/invitations/redeem",
    ]) {
      expect(list).toContain(expected);
    }
    expect(list.length).toBeGreaterThan(30);
  });

  it("refuses every non-public route without credentials, with forged ones and with a revoked device's", async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const { method, path, pattern } of probes()) {
      if (isPublic(method, path)) continue;
      const admin = path.startsWith("/admin");
      const attempts: [string, Record<string, string>, string][] = [
        ["no credential", {}, "unauthenticated"],
        ["forged bearer", { authorization: `Bearer hsd_${"A".repeat(43)}` }, "credential_invalid"],
        [
          "forged cookie",
          { cookie: `hopso_device=hsd_${"B".repeat(43)}` },
          admin ? "unauthenticated" : "credential_invalid",
        ],
        ["garbage", { authorization: "Bearer <script>" }, "credential_invalid"],
      ];
      if (!admin) attempts.push(["revoked device", revoked.headers, "device_revoked"]);
      else attempts.push(["device credential on the admin API", revoked.headers, "credential_invalid"]);
      for (const [label, headers, code] of attempts) {
        const res = await fetch(`${r.url}${path}`, {
          method,
          headers: { ...headers, "x-hopso-request": "1" },
        });
        checked += 1;
        const body = method === "HEAD" ? null : ((await res.json()) as { error?: { code?: string } });
        if (res.status !== 401 || (body && body.error?.code !== code)) {
          failures.push(`${method} ${path} (${pattern}) ${label}: ${res.status} ${JSON.stringify(body)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    console.info(
      `${checked} requests to ${probes().filter((p) => !isPublic(p.method, p.path)).length} non-public routes refused`,
    );
  });

  it("answers the public routes without a credential", async () => {
    const health = await fetch(`${r.url}/healthz`);
    expect(health.status).toBe(200);
    const redeem = await fetch(`${r.url}/api/invitations/redeem`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code: "AAAAA-AAAAA", deviceName: "x", publicKeyJwk: {} }),
    });
    expect(redeem.status).toBe(400);
    expect(((await redeem.json()) as { error: { code: string } }).error.code).toBe("invalid_code");
    // The PWA shell (503 here: no dist/ in this relay's DIST_DIR — but not 401).
    const shell = await fetch(`${r.url}/`, { headers: { accept: "text/html" } });
    expect(shell.status).not.toBe(401);
    for (const p of PUBLIC_ROUTES) expect(isPublic(p.method, p.path.replace("*", "index.html"))).toBe(true);
  });
});
