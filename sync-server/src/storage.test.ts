import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { runStorageAdapterTests } from "@automerge/automerge-repo/helpers/tests/storage-adapter-tests.js";
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs";
import { describe, expect, it } from "vitest";
import { FileStorageAdapter } from "./storage.ts";

async function setup(fsync = false) {
  const dir = await mkdtemp(path.join(tmpdir(), "hopso-storage-"));
  const adapter = new FileStorageAdapter({
    baseDirectory: path.join(dir, "automerge"),
    tmpDirectory: path.join(dir, "tmp"),
    fsync,
  });
  await adapter.prepare();
  return { dir, adapter, teardown: () => rm(dir, { recursive: true, force: true }) };
}

runStorageAdapterTests(setup, "FileStorageAdapter");
runStorageAdapterTests(() => setup(true), "FileStorageAdapter with fsync");

describe("FileStorageAdapter", () => {
  it("uses the same layout as NodeFSStorageAdapter, both ways", async () => {
    const { dir, adapter, teardown } = await setup();
    const stock = new NodeFSStorageAdapter(path.join(dir, "automerge"));
    await stock.save(["3xYzDocument", "incremental", "aa"], new Uint8Array([1]));
    await adapter.save(["3xYzDocument", "snapshot", "bb"], new Uint8Array([2]));
    expect(await adapter.load(["3xYzDocument", "incremental", "aa"])).toEqual(new Uint8Array([1]));
    const fresh = new NodeFSStorageAdapter(path.join(dir, "automerge"));
    expect((await fresh.loadRange(["3xYzDocument"])).map((c) => c.key).sort()).toEqual([
      ["3xYzDocument", "incremental", "aa"],
      ["3xYzDocument", "snapshot", "bb"],
    ]);
    await teardown();
  });

  it("a document counts as stored once it has content, not when only a peer's sync state is saved", async () => {
    const { adapter, teardown } = await setup();
    expect(await adapter.hasDocument("docA1")).toBe(false);
    // What the relay's Repo saves for a peer that only asked for a document it does not have.
    await adapter.save(["docA1", "sync-state", "peer-storage-id"], new Uint8Array(10));
    expect(await adapter.hasDocument("docA1")).toBe(false);
    await adapter.save(["docA1", "incremental", "h1"], new Uint8Array(10));
    expect(await adapter.hasDocument("docA1")).toBe(true);
    await adapter.save(["docB2", "snapshot", "h2"], new Uint8Array(10));
    expect(await adapter.hasDocument("docB2")).toBe(true);
    await teardown();
  });

  it("leaves no temporary files behind and clears a crash's leftovers on prepare", async () => {
    const { dir, adapter, teardown } = await setup();
    await adapter.save(["doc1", "snapshot", "h"], new Uint8Array(1000));
    expect(await readdir(path.join(dir, "tmp"))).toEqual([]);
    await writeFile(path.join(dir, "tmp", "crashed.part"), "half a chunk");
    await adapter.prepare();
    expect(await readdir(path.join(dir, "tmp"))).toEqual([]);
    expect((await adapter.loadRange(["doc1"])).length).toBe(1);
    await teardown();
  });

  it("refuses keys that would leave the base directory", async () => {
    const { dir, adapter, teardown } = await setup();
    await mkdir(path.join(dir, "outside"));
    await expect(
      adapter.save(["doc1", "sync-state", "../../../outside/x"], new Uint8Array([1])),
    ).rejects.toThrow(/invalid storage key/);
    await expect(adapter.load(["..", "x"])).rejects.toThrow(/invalid storage key/);
    expect(await readdir(path.join(dir, "outside"))).toEqual([]);
    await teardown();
  });
});
