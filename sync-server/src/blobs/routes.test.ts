import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type BlobHash, BlobReason } from "../../../shared/src/blobs/index.ts";
import { errorBody } from "../errors.ts";
import { FileBlobStore } from "./fs-store.ts";
import { PdfValidator } from "./pdf-validate.ts";
import { BLOB_CACHE_CONTROL, type BlobRouteDeps, blobRoutes, parseRangeHeader } from "./routes.ts";
import { type BlobStore, BlobStoreError, BlobStoreErrorCode } from "./store.ts";
import { readFixture } from "./test-fixtures.ts";

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex") as BlobHash;
const ROTATION = readFixture("rotation.pdf");
const ROTATION_HASH = sha(ROTATION);

/** The relay's app shape: blob routes under /api/blobs, then createApp's catch-all and onError. */
function relayWith(deps: BlobRouteDeps): Hono {
  const app = new Hono();
  app.route("/api/blobs", blobRoutes(deps));
  app.all("/api/*", (c) => c.json(errorBody("not_found", "no route"), 404));
  app.onError((err, c) => {
    if (err instanceof HTTPException) return c.json(errorBody("bad_request", err.message), err.status);
    return c.json(errorBody("internal", "Internal server error"), 500);
  });
  return app;
}

function put(app: Hono, hash: string, body: Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) {
  return app.request(`/api/blobs/${hash}`, {
    method: "PUT",
    body,
    headers: { "content-type": "application/pdf", "content-length": String(body.byteLength), ...headers },
  });
}

/** A store that delegates to `base` except for the given methods (to simulate faults). */
function storeWith(base: BlobStore, overrides: Partial<BlobStore>): BlobStore {
  return {
    put: (source, options) => base.put(source, options),
    has: (hash) => base.has(hash),
    stat: (hash) => base.stat(hash),
    createReadStream: (hash, range) => base.createReadStream(hash, range),
    delete: (hash) => base.delete(hash),
    list: () => base.list(),
    ...overrides,
  };
}

async function code(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

describe("blob routes", () => {
  let dir: string;
  let store: FileBlobStore;
  const validator = new PdfValidator({ maxBytes: 400_000 });
  let allowUpload = true;
  let readable = new Set<string>();
  let app: Hono;

  beforeAll(() => validator.warmUp(), 20_000);
  afterAll(() => validator.close());
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "hopso-blob-routes-"));
    store = new FileBlobStore({ directory: dir, maxBytes: 400_000, fsync: false });
    await store.prepare();
    allowUpload = true;
    readable = new Set([ROTATION_HASH]);
    app = relayWith({
      store,
      validate: (b) => validator.validate(b),
      canUpload: () => allowUpload,
      canReadBlob: (_c, hash) => readable.has(hash),
      maxUploadBytes: 400_000,
    });
    return () => rm(dir, { recursive: true, force: true });
  });

  describe("PUT /api/blobs/:hash", () => {
    it("stores a valid PDF: 201 with pages, then 200 when sent again", async () => {
      const first = await put(app, ROTATION_HASH, ROTATION);
      expect(first.status).toBe(201);
      expect(await first.json()).toEqual({
        hash: ROTATION_HASH,
        size: ROTATION.byteLength,
        created: true,
        encrypted: false,
        pages: 2,
      });
      expect(await store.has(ROTATION_HASH)).toBe(true);
      const again = await put(app, ROTATION_HASH, ROTATION);
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ created: false, pages: 2 });
    });

    it("accepts a password-protected PDF, flagged encrypted with unknown pages", async () => {
      const bytes = readFixture("print_protection.pdf");
      const res = await put(app, sha(bytes), bytes);
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ encrypted: true, pages: null });
    });

    it("refuses each bad file with its reason and stores nothing", async () => {
      const rotationHalf = ROTATION.slice(0, ROTATION.length / 2);
      const cases: Array<[string, Uint8Array<ArrayBuffer>, number, string]> = [
        ["damaged", readFixture("bug1020226.pdf"), 422, BlobReason.Damaged],
        ["not a PDF", new TextEncoder().encode("Biên bản họp — plain text"), 422, BlobReason.NotPdf],
        ["truncated", rotationHalf, 422, BlobReason.Truncated],
      ];
      for (const [label, bytes, status, reason] of cases) {
        const res = await put(app, sha(bytes), bytes);
        expect([label, res.status, await code(res)]).toEqual([label, status, reason]);
        expect(await store.has(sha(bytes))).toBe(false);
      }
      const empty = await put(app, sha(new Uint8Array(0)), new Uint8Array(0));
      expect([empty.status, await code(empty)]).toEqual([422, BlobReason.Empty]);
      const listed: string[] = [];
      for await (const h of store.list()) listed.push(h);
      expect(listed).toEqual([]);
    });

    it("recomputes the hash and refuses a mismatch", async () => {
      const other = sha(new Uint8Array([1, 2, 3]));
      const res = await put(app, other, ROTATION);
      expect([res.status, await code(res)]).toEqual([422, BlobReason.HashMismatch]);
      expect(await store.has(other)).toBe(false);
      expect(await store.has(ROTATION_HASH)).toBe(false);
    });

    it("refuses a malformed hash", async () => {
      for (const bad of [ROTATION_HASH.toUpperCase(), ROTATION_HASH.slice(1), "..%2F..%2Fetc", "x"]) {
        const res = await put(app, bad, ROTATION);
        expect([bad, res.status, await code(res)]).toEqual([bad, 400, BlobReason.BadHash]);
      }
    });

    it("refuses an upload over the limit from Content-Length, before reading it", async () => {
      const big = readFixture("comments.pdf");
      let pulled = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(c) {
          pulled++;
          c.enqueue(big.subarray(0, 1000));
        },
      });
      const res = await app.request(`/api/blobs/${sha(big)}`, {
        method: "PUT",
        body,
        headers: { "content-length": String(big.byteLength) },
        duplex: "half",
      } as RequestInit);
      expect([res.status, await code(res)]).toEqual([413, BlobReason.TooLarge]);
      expect(pulled).toBeLessThanOrEqual(1);
    });

    it("refuses a body that runs past the limit although Content-Length said less", async () => {
      const big = readFixture("comments.pdf");
      const res = await app.request(`/api/blobs/${sha(big)}`, {
        method: "PUT",
        body: new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(big);
            c.close();
          },
        }),
        headers: { "content-length": "1000" },
        duplex: "half",
      } as RequestInit);
      expect([res.status, await code(res)]).toEqual([413, BlobReason.TooLarge]);
    });

    it("requires Content-Length", async () => {
      const res = await app.request(`/api/blobs/${ROTATION_HASH}`, {
        method: "PUT",
        body: new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(ROTATION);
            c.close();
          },
        }),
        duplex: "half",
      } as RequestInit);
      expect([res.status, await code(res)]).toEqual([411, BlobReason.LengthRequired]);
    });

    it("refuses callers who may not upload, before reading the body", async () => {
      allowUpload = false;
      const res = await put(app, ROTATION_HASH, ROTATION);
      expect([res.status, await code(res)]).toEqual([403, BlobReason.Forbidden]);
      expect(await store.has(ROTATION_HASH)).toBe(false);
    });

    it("answers 507 no_space when the store's disk is full", async () => {
      const full = storeWith(store, {
        put: async () => {
          throw new BlobStoreError(BlobStoreErrorCode.NoSpace, "disk full");
        },
      });
      const res = await put(
        relayWith({
          store: full,
          validate: (b) => validator.validate(b),
          canUpload: () => true,
          canReadBlob: () => true,
        }),
        ROTATION_HASH,
        ROTATION,
      );
      expect([res.status, await code(res)]).toEqual([507, BlobReason.NoSpace]);
    });
  });

  describe("GET and HEAD /api/blobs/:hash", () => {
    beforeEach(async () => {
      await store.put(ROTATION);
    });
    const get = (headers: Record<string, string> = {}, method = "GET", hash: string = ROTATION_HASH) =>
      app.request(`/api/blobs/${hash}`, { method, headers });

    it("serves the whole file with immutable caching, ETag and Accept-Ranges", async () => {
      const res = await get();
      expect(res.status).toBe(200);
      expect(Object.fromEntries(res.headers)).toMatchObject({
        etag: `"${ROTATION_HASH}"`,
        "cache-control": BLOB_CACHE_CONTROL,
        "accept-ranges": "bytes",
        "content-type": "application/pdf",
        "content-length": String(ROTATION.byteLength),
        "x-content-type-options": "nosniff",
      });
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(ROTATION);
    });

    it("serves byte ranges with 206 and Content-Range", async () => {
      const size = ROTATION.byteLength;
      const cases: Array<[string, number, number]> = [
        ["bytes=0-99", 0, 100],
        ["bytes=100-", 100, size - 100],
        ["bytes=-50", size - 50, 50],
        ["bytes=6000-99999999", 6000, size - 6000],
        ["bytes=-999999", 0, size],
        [" bytes = 5 - 5 ", 5, 1],
      ];
      for (const [range, offset, length] of cases) {
        const res = await get({ range });
        expect([range, res.status]).toEqual([range, 206]);
        expect(res.headers.get("content-range")).toBe(`bytes ${offset}-${offset + length - 1}/${size}`);
        expect(res.headers.get("content-length")).toBe(String(length));
        expect(new Uint8Array(await res.arrayBuffer())).toEqual(ROTATION.slice(offset, offset + length));
      }
    });

    it("answers 416 with Content-Range */size for a range outside the file", async () => {
      for (const range of [`bytes=${ROTATION.byteLength}-`, "bytes=999999-1000000", "bytes=-0"]) {
        const res = await get({ range });
        expect([range, res.status, await code(res)]).toEqual([range, 416, BlobReason.RangeNotSatisfiable]);
        expect(res.headers.get("content-range")).toBe(`bytes */${ROTATION.byteLength}`);
      }
    });

    it("serves the whole file for several ranges, other units, bad syntax or a stale If-Range", async () => {
      const cases: Array<Record<string, string>> = [
        { range: "bytes=0-1,5-9" },
        { range: "items=0-1" },
        { range: "bytes=9-1" },
        { range: "bytes=-" },
        { range: "bytes=0-9", "if-range": '"someotheretag"' },
        { range: "bytes=0-9", "if-range": "Wed, 21 Oct 2015 07:28:00 GMT" },
      ];
      for (const headers of cases) {
        const res = await get(headers);
        expect([headers, res.status]).toEqual([headers, 200]);
        expect((await res.arrayBuffer()).byteLength).toBe(ROTATION.byteLength);
      }
      const fresh = await get({ range: "bytes=0-9", "if-range": `"${ROTATION_HASH}"` });
      expect(fresh.status).toBe(206);
    });

    it("answers 304 to If-None-Match with the ETag", async () => {
      for (const inm of [`"${ROTATION_HASH}"`, `W/"${ROTATION_HASH}"`, `"x", "${ROTATION_HASH}"`, "*"]) {
        const res = await get({ "if-none-match": inm });
        expect(res.status).toBe(304);
        expect(res.headers.get("etag")).toBe(`"${ROTATION_HASH}"`);
      }
      expect((await get({ "if-none-match": '"x"' })).status).toBe(200);
    });

    it("answers HEAD with the headers and no body, ranges included", async () => {
      const res = await get({}, "HEAD");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-length")).toBe(String(ROTATION.byteLength));
      expect(res.headers.get("etag")).toBe(`"${ROTATION_HASH}"`);
      expect(await res.text()).toBe("");
      const partial = await get({ range: "bytes=0-9" }, "HEAD");
      expect(partial.status).toBe(206);
      expect(partial.headers.get("content-length")).toBe("10");
    });

    it("refuses readers the callback refuses (403 whether or not the blob exists), then 404", async () => {
      readable = new Set();
      const missing = sha(new Uint8Array([9]));
      for (const hash of [ROTATION_HASH, missing]) {
        const res = await get({}, "GET", hash);
        expect([res.status, await code(res)]).toEqual([403, BlobReason.Forbidden]);
      }
      readable = new Set([missing]);
      const res = await get({}, "GET", missing);
      expect([res.status, await code(res)]).toEqual([404, BlobReason.NotFound]);
      expect((await get({}, "GET", "nothex")).status).toBe(400);
    });

    it("passes the Hono context to the callbacks (auth middleware values are at hand)", async () => {
      const seen: string[] = [];
      const withAuth = new Hono<{ Variables: { memberId: string } }>();
      withAuth.use(async (c, next) => {
        c.set("memberId", c.req.header("x-member") ?? "anonymous");
        await next();
      });
      withAuth.route(
        "/api/blobs",
        blobRoutes<{ Variables: { memberId: string } }>({
          store,
          validate: (b) => validator.validate(b),
          canUpload: () => false,
          canReadBlob: (c, hash) => {
            seen.push(`${c.get("memberId")}:${hash.slice(0, 6)}`);
            return c.get("memberId") === "m1";
          },
        }),
      );
      expect(
        (await withAuth.request(`/api/blobs/${ROTATION_HASH}`, { headers: { "x-member": "m1" } })).status,
      ).toBe(200);
      expect(
        (await withAuth.request(`/api/blobs/${ROTATION_HASH}`, { headers: { "x-member": "m2" } })).status,
      ).toBe(403);
      expect(seen).toEqual([`m1:${ROTATION_HASH.slice(0, 6)}`, `m2:${ROTATION_HASH.slice(0, 6)}`]);
    });

    it("leaves unexpected store faults to the relay's onError (500, generic body)", async () => {
      const broken = storeWith(store, {
        stat: async () => {
          throw new Error("EIO: i/o error");
        },
      });
      const res = await relayWith({
        store: broken,
        validate: (b) => validator.validate(b),
        canUpload: () => true,
        canReadBlob: () => true,
      }).request(`/api/blobs/${ROTATION_HASH}`);
      expect([res.status, await code(res)]).toEqual([500, "internal"]);
    });
  });
});

describe("parseRangeHeader", () => {
  it("reads single ranges and refuses what cannot be served", () => {
    expect(parseRangeHeader(undefined, 10)).toEqual({ kind: "none" });
    expect(parseRangeHeader("bytes=0-0", 10)).toEqual({ kind: "partial", offset: 0, length: 1 });
    expect(parseRangeHeader("BYTES=9-", 10)).toEqual({ kind: "partial", offset: 9, length: 1 });
    expect(parseRangeHeader("bytes=10-", 10)).toEqual({ kind: "unsatisfiable" });
    expect(parseRangeHeader("bytes=-3", 10)).toEqual({ kind: "partial", offset: 7, length: 3 });
    expect(parseRangeHeader("bytes=-3", 0)).toEqual({ kind: "unsatisfiable" });
    expect(parseRangeHeader("bytes=3-2", 10)).toEqual({ kind: "none" });
    expect(parseRangeHeader("bytes=0-1, 3-4", 10)).toEqual({ kind: "none" });
    expect(parseRangeHeader("bytes=0x1-2", 10)).toEqual({ kind: "none" });
  });
});
