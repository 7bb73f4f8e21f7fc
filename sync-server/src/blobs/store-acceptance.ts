/**
 * Acceptance suite for {@link BlobStore} implementations: every implementation (the file system one
 * here, an S3 one later) must pass it unchanged. Call {@link blobStoreAcceptance} from a *.test.ts file.
 */
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BlobHash } from "../../../shared/src/blobs/index.ts";
import { type BlobStore, BlobStoreError, BlobStoreErrorCode } from "./store.ts";

export interface BlobStoreHarness {
  readonly store: BlobStore;
  /** The largest blob the store was configured to accept (keep it small: a few hundred kB). */
  readonly maxBytes: number;
  /** Removes everything the store wrote. */
  cleanup(): Promise<void>;
}

/** Deterministic pseudo-random bytes (xorshift), so failures reproduce. */
export function testBytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export function sha256Hex(bytes: Uint8Array): BlobHash {
  return createHash("sha256").update(bytes).digest("hex") as BlobHash;
}

/** Reads a whole web stream into one buffer. */
export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  return new Uint8Array(Buffer.concat(parts));
}

function webStream(bytes: Uint8Array, chunk: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + chunk));
      at += chunk;
    },
  });
}

async function storeCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof BlobStoreError) return err.code;
    throw err;
  }
  throw new Error("expected a BlobStoreError, but the call succeeded");
}

async function listAll(store: BlobStore): Promise<BlobHash[]> {
  const out: BlobHash[] = [];
  for await (const h of store.list()) out.push(h);
  return out.sort();
}

/** Registers the suite. `setup` makes an empty store for each test. */
export function blobStoreAcceptance(name: string, setup: () => Promise<BlobStoreHarness>): void {
  describe(`BlobStore acceptance: ${name}`, () => {
    let h: BlobStoreHarness;
    // Bigger than any sensible internal chunk (64 kB reads, 1 MiB slices in the fs store): odd length.
    const bytes = testBytes(200_003);
    const hash = sha256Hex(bytes);

    beforeEach(async () => {
      h = await setup();
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it("stores bytes under their SHA-256 and reads them back", async () => {
      const put = await h.store.put(bytes);
      expect(put).toEqual({ hash, size: bytes.length, created: true });
      expect(await h.store.has(hash)).toBe(true);
      expect(await h.store.stat(hash)).toEqual({ hash, size: bytes.length });
      expect(await readAll(await h.store.createReadStream(hash))).toEqual(bytes);
      expect(await listAll(h.store)).toEqual([hash]);
    });

    it("accepts a web stream, a Node stream and an async iterable with the same result", async () => {
      const fromWeb = await h.store.put(webStream(bytes, 7_777));
      expect(fromWeb.hash).toBe(hash);
      const fromNode = await h.store.put(Readable.from([bytes.slice(0, 5), bytes.slice(5)]));
      expect(fromNode).toEqual({ hash, size: bytes.length, created: false });
      async function* gen() {
        yield bytes.slice(0, 100_000);
        yield bytes.slice(100_000);
      }
      expect((await h.store.put(gen())).hash).toBe(hash);
      expect(await listAll(h.store)).toEqual([hash]);
    });

    it("stores the same bytes once (second put reports created: false)", async () => {
      expect((await h.store.put(bytes)).created).toBe(true);
      expect((await h.store.put(bytes)).created).toBe(false);
      expect(await listAll(h.store)).toEqual([hash]);
    });

    it("survives concurrent puts of the same bytes", async () => {
      const results = await Promise.all([1, 2, 3].map(() => h.store.put(webStream(bytes, 4096))));
      expect(new Set(results.map((r) => r.hash))).toEqual(new Set([hash]));
      expect(await readAll(await h.store.createReadStream(hash))).toEqual(bytes);
    });

    it("stores an empty blob (refusing empty files is the caller's rule)", async () => {
      const empty = new Uint8Array(0);
      const put = await h.store.put(empty);
      expect(put.hash).toBe(sha256Hex(empty));
      expect(put.size).toBe(0);
      expect(await readAll(await h.store.createReadStream(put.hash))).toEqual(empty);
    });

    it("reads byte ranges: start, middle, end, empty", async () => {
      await h.store.put(bytes);
      const read = async (offset: number, length: number) =>
        readAll(await h.store.createReadStream(hash, { offset, length }));
      expect(await read(0, 10)).toEqual(bytes.slice(0, 10));
      expect(await read(65_530, 70_000)).toEqual(bytes.slice(65_530, 135_530));
      expect(await read(bytes.length - 1, 1)).toEqual(bytes.slice(-1));
      expect(await read(bytes.length, 0)).toEqual(new Uint8Array(0));
    });

    it("refuses ranges outside the blob", async () => {
      await h.store.put(bytes);
      for (const range of [
        { offset: bytes.length, length: 1 },
        { offset: 0, length: bytes.length + 1 },
        { offset: -1, length: 2 },
        { offset: 0.5, length: 2 },
      ]) {
        expect(await storeCode(h.store.createReadStream(hash, range))).toBe(
          BlobStoreErrorCode.RangeNotSatisfiable,
        );
      }
    });

    it("refuses bytes that do not hash to expectedHash, and keeps nothing", async () => {
      const other = sha256Hex(testBytes(10, 99));
      expect(await storeCode(h.store.put(bytes, { expectedHash: other }))).toBe(
        BlobStoreErrorCode.HashMismatch,
      );
      expect(await h.store.has(hash)).toBe(false);
      expect(await h.store.has(other)).toBe(false);
      expect(await listAll(h.store)).toEqual([]);
      expect((await h.store.put(bytes, { expectedHash: hash })).hash).toBe(hash);
    });

    it("refuses blobs over the limit (store limit and per-put limit), and keeps nothing", async () => {
      const big = testBytes(h.maxBytes + 1, 3);
      expect(await storeCode(h.store.put(big))).toBe(BlobStoreErrorCode.TooLarge);
      expect(await storeCode(h.store.put(webStream(big, 10_000)))).toBe(BlobStoreErrorCode.TooLarge);
      expect(await storeCode(h.store.put(bytes, { maxBytes: 1000 }))).toBe(BlobStoreErrorCode.TooLarge);
      // A per-put limit above the store's own does not raise it.
      expect(await storeCode(h.store.put(big, { maxBytes: h.maxBytes * 2 }))).toBe(
        BlobStoreErrorCode.TooLarge,
      );
      expect(await listAll(h.store)).toEqual([]);
      const exact = testBytes(h.maxBytes, 4);
      expect((await h.store.put(exact)).size).toBe(h.maxBytes);
    });

    it("cancels a web stream it refuses part-way", async () => {
      let cancelled = false;
      let sent = 0;
      const endless = new ReadableStream<Uint8Array>({
        pull(controller) {
          sent += 65_536;
          controller.enqueue(new Uint8Array(65_536));
        },
        cancel() {
          cancelled = true;
        },
      });
      expect(await storeCode(h.store.put(endless))).toBe(BlobStoreErrorCode.TooLarge);
      expect(cancelled).toBe(true);
      expect(sent).toBeLessThan(h.maxBytes + 4 * 65_536);
    });

    it("keeps nothing when the source fails part-way", async () => {
      async function* failing() {
        yield bytes.slice(0, 50_000);
        throw new Error("client went away");
      }
      await expect(h.store.put(failing())).rejects.toThrow("client went away");
      expect(await listAll(h.store)).toEqual([]);
    });

    it("answers unknown hashes: has false, stat undefined, read not_found, delete false", async () => {
      expect(await h.store.has(hash)).toBe(false);
      expect(await h.store.stat(hash)).toBeUndefined();
      expect(await storeCode(h.store.createReadStream(hash))).toBe(BlobStoreErrorCode.NotFound);
      expect(await h.store.delete(hash)).toBe(false);
    });

    it("deletes", async () => {
      await h.store.put(bytes);
      expect(await h.store.delete(hash)).toBe(true);
      expect(await h.store.has(hash)).toBe(false);
      expect(await storeCode(h.store.createReadStream(hash))).toBe(BlobStoreErrorCode.NotFound);
      expect(await listAll(h.store)).toEqual([]);
      expect((await h.store.put(bytes)).created).toBe(true);
    });

    it("refuses anything that is not a canonical hash (no path tricks)", async () => {
      for (const bad of ["../../etc/passwd", hash.toUpperCase(), hash.slice(1), `${hash}0`, ""]) {
        const b = bad as BlobHash;
        expect(await storeCode(h.store.has(b))).toBe(BlobStoreErrorCode.InvalidHash);
        expect(await storeCode(h.store.stat(b))).toBe(BlobStoreErrorCode.InvalidHash);
        expect(await storeCode(h.store.createReadStream(b))).toBe(BlobStoreErrorCode.InvalidHash);
        expect(await storeCode(h.store.delete(b))).toBe(BlobStoreErrorCode.InvalidHash);
        expect(await storeCode(h.store.put(bytes, { expectedHash: b }))).toBe(BlobStoreErrorCode.InvalidHash);
      }
    });

    it("lets a reader cancel a stream part-way", async () => {
      await h.store.put(bytes);
      const stream = await h.store.createReadStream(hash);
      const reader = stream.getReader();
      const first = await reader.read();
      expect(first.done).toBe(false);
      await reader.cancel();
      // The store still works for other readers (no handle leaked in a broken state).
      expect(await readAll(await h.store.createReadStream(hash))).toEqual(bytes);
    });
  });
}
