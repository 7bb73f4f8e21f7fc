import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileBlobStore } from "./fs-store.ts";
import { blobStoreAcceptance, sha256Hex, testBytes } from "./store-acceptance.ts";

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), "hopso-blobs-"));
}

blobStoreAcceptance("FileBlobStore", async () => {
  const dir = await tempDir();
  const maxBytes = 300_000;
  const store = new FileBlobStore({ directory: dir, maxBytes, fsync: true });
  await store.prepare();
  return { store, maxBytes, cleanup: () => rm(dir, { recursive: true, force: true }) };
});

describe("FileBlobStore on disk", () => {
  let dir: string;
  let store: FileBlobStore;
  beforeEach(async () => {
    dir = await tempDir();
    store = new FileBlobStore({ directory: dir, maxBytes: 100_000 });
    await store.prepare();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("lays blobs out as <root>/ab/cd/<hash>", async () => {
    const bytes = testBytes(1000);
    const { hash } = await store.put(bytes);
    const file = path.join(dir, hash.slice(0, 2), hash.slice(2, 4), hash);
    expect(store.pathOf(hash)).toBe(file);
    expect((await stat(file)).size).toBe(1000);
  });

  it("leaves no temporary file after a stored, a refused or a failed put", async () => {
    await store.put(testBytes(1000));
    await expect(store.put(testBytes(100_001))).rejects.toThrow();
    await expect(store.put(testBytes(10), { expectedHash: sha256Hex(testBytes(11)) })).rejects.toThrow();
    expect(await readdir(path.join(dir, ".incoming"))).toEqual([]);
  });

  it("prepare() removes writes left over from a crash and keeps stored blobs", async () => {
    const { hash } = await store.put(testBytes(1000));
    await writeFile(path.join(dir, ".incoming", "crashed.part"), "half a pdf");
    await store.prepare();
    expect(await readdir(path.join(dir, ".incoming"))).toEqual([]);
    expect(await store.has(hash)).toBe(true);
  });

  it("ignores stray files when listing", async () => {
    const { hash } = await store.put(testBytes(1000));
    await writeFile(path.join(dir, "README"), "x");
    await writeFile(path.join(path.dirname(store.pathOf(hash)), "notes.txt"), "x");
    const listed: string[] = [];
    for await (const h of store.list()) listed.push(h);
    expect(listed).toEqual([hash]);
  });
});
