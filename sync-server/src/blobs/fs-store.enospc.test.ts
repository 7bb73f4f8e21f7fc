/**
 * A full disk (ENOSPC) during a put: the caller gets a clear `no_space` error and no partial file stays
 * behind. The file system is made to fail by wrapping `open` of node:fs/promises for this file only.
 */
import type { FileHandle } from "node:fs/promises";
import * as fsp from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FileBlobStore } from "./fs-store.ts";
import { BlobStoreError, BlobStoreErrorCode } from "./store.ts";
import { sha256Hex, testBytes } from "./store-acceptance.ts";

vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  return { ...actual, open: vi.fn(actual.open) };
});

const realOpen = (await vi.importActual<typeof import("node:fs/promises")>("node:fs/promises")).open;

/** A file handle that writes `capacity` bytes for real, then fails like a full disk. */
function fullDiskHandle(handle: FileHandle, capacity: number): FileHandle {
  let left = capacity;
  return new Proxy(handle, {
    get(target, prop) {
      if (prop === "write") {
        return async (buffer: Uint8Array, offset = 0, length = buffer.byteLength - offset) => {
          if (left <= 0) {
            throw Object.assign(new Error("ENOSPC: no space left on device, write"), {
              code: "ENOSPC",
              errno: -28,
            });
          }
          const n = Math.min(left, length);
          left -= n;
          return target.write(buffer, offset, n);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("FileBlobStore with a full disk", () => {
  let dir: string;
  let store: FileBlobStore;
  beforeEach(async () => {
    dir = await fsp.mkdtemp(path.join(tmpdir(), "hopso-blobs-enospc-"));
    store = new FileBlobStore({ directory: dir });
    await store.prepare();
  });
  afterEach(async () => {
    vi.mocked(fsp.open).mockReset();
    vi.mocked(fsp.open).mockImplementation(realOpen);
    await fsp.rm(dir, { recursive: true, force: true });
  });

  it("refuses with no_space and leaves no partial file", async () => {
    vi.mocked(fsp.open).mockImplementationOnce(async (file, flags) =>
      fullDiskHandle(await realOpen(file, flags), 70_000),
    );
    const bytes = testBytes(200_000);
    const err = await store.put(bytes).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BlobStoreError);
    expect((err as BlobStoreError).code).toBe(BlobStoreErrorCode.NoSpace);
    expect((err as BlobStoreError).message).toMatch(/no space/);
    expect(((err as BlobStoreError).cause as { code: string }).code).toBe("ENOSPC");
    expect(await fsp.readdir(path.join(dir, ".incoming"))).toEqual([]);
    expect(await store.has(sha256Hex(bytes))).toBe(false);
    const listed: string[] = [];
    for await (const h of store.list()) listed.push(h);
    expect(listed).toEqual([]);
    // Once space is back, the same bytes store normally.
    expect((await store.put(bytes)).created).toBe(true);
  });
});
