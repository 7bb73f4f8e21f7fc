import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app.ts";
import { createLogger } from "./logger.ts";

let dist: string;
const startedAt = Date.UTC(2026, 11, 1, 0, 0, 0);
let clock = startedAt;

function app(distDir = dist) {
  return createApp({
    version: "1.2.3",
    startedAt,
    now: () => clock,
    workspaceUrl: "automerge:2syBY9PMEm8hVx88sMqABAwUcxcP",
    distDir,
    sockets: { accept: () => undefined },
    logger: createLogger("silent"),
  });
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
    clock = startedAt + 61_900;
    const res = await app().request("/healthz");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ status: "ok", version: "1.2.3", uptimeSeconds: 61 });
  });

  it("GET /api/bootstrap returns the workspace URL", async () => {
    const res = await app().request("/api/bootstrap");
    expect(await res.json()).toEqual({ workspaceUrl: "automerge:2syBY9PMEm8hVx88sMqABAwUcxcP" });
  });

  it("answers unknown API routes and methods with the one error shape", async () => {
    const cases: [string, RequestInit, number, string][] = [
      ["/api/nothing", {}, 404, "not_found"],
      ["/api/bootstrap", { method: "DELETE" }, 404, "not_found"],
      ["/sync", {}, 426, "upgrade_required"],
      ["/index.html", { method: "POST" }, 405, "method_not_allowed"],
    ];
    for (const [url, init, status, code] of cases) {
      const res = await app().request(url, init);
      expect(res.status, url).toBe(status);
      expect(await res.json(), url).toEqual({ error: { code, message: expect.any(String) } });
    }
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
