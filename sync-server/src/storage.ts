import { randomUUID } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink } from "node:fs/promises";
import path from "node:path";
import type { Chunk, StorageAdapterInterface, StorageKey } from "@automerge/automerge-repo";

export interface FileStorageOptions {
  /** Where documents live: `<base>/<first 2 chars of key[0]>/<rest of key[0]>/<key[1]>/…`. */
  readonly baseDirectory: string;
  /**
   * Scratch directory for writes in progress. Must be on the same file system as `baseDirectory`
   * (a rename across file systems is not atomic) and outside it (stray files there would be read back
   * as document chunks). Emptied by {@link FileStorageAdapter.prepare}.
   */
  readonly tmpDirectory: string;
  /** fsync the file and its directory before a save resolves (survive power loss, not just a crash). */
  readonly fsync: boolean;
}

/** automerge-repo storage key kinds that hold a document's content (not its peers' sync states). */
const CONTENT_CHUNK_KINDS = ["snapshot", "incremental"] as const;
/**
 * automerge-repo storage on the local file system, with the same on-disk layout as
 * `@automerge/automerge-repo-storage-nodefs` (so either can read the other's data), but:
 * - crash-safe writes: each chunk goes to a temporary file that is renamed into place, so a relay
 *   killed mid-write leaves the old state or the whole new chunk, never a truncated chunk that would
 *   stop the document from loading;
 * - optional fsync of the file and its directory before a save resolves;
 * - no unbounded in-memory cache (the stock adapter keeps every chunk it ever saved in memory); only
 *   writes in flight are kept, so a load racing a save still sees the new chunk;
 * - key parts are checked, so no key can name a path outside the base directory.
 */
export class FileStorageAdapter implements StorageAdapterInterface {
  readonly #base: string;
  readonly #tmp: string;
  readonly #fsync: boolean;
  /** Chunks being written, by joined key. */
  readonly #inFlight = new Map<string, Uint8Array>();
  /**
   * Write order of the chunks this process wrote (joined key → sequence number), to order chunks whose
   * modification times tie: file timestamps come from a coarse clock (a few ms).
   */
  readonly #writeOrder = new Map<string, number>();
  #sequence = 0;

  constructor(options: FileStorageOptions) {
    this.#base = path.resolve(options.baseDirectory);
    this.#tmp = path.resolve(options.tmpDirectory);
    this.#fsync = options.fsync;
  }

  /** Creates the directories and removes writes left over from a crash. Call once before use. */
  async prepare(): Promise<void> {
    await rm(this.#tmp, { recursive: true, force: true });
    await mkdir(this.#tmp, { recursive: true });
    await mkdir(this.#base, { recursive: true });
  }

  /** Reads one chunk; `undefined` if there is none. @throws on I/O errors other than ENOENT */
  async load(key: StorageKey): Promise<Uint8Array | undefined> {
    const pending = this.#inFlight.get(joinKey(key));
    if (pending) return pending;
    try {
      return new Uint8Array(await readFile(this.#filePath(key)));
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /**
   * Saves one chunk atomically (temporary file + rename; with fsync, file and directory are synced).
   * @throws the file system error (ENOSPC, EACCES…); the previous content of the key is then intact.
   */
  async save(key: StorageKey, data: Uint8Array): Promise<void> {
    const joined = joinKey(key);
    const filePath = this.#filePath(key);
    this.#inFlight.set(joined, data);
    this.#writeOrder.delete(joined);
    this.#writeOrder.set(joined, ++this.#sequence);
    const tmp = path.join(this.#tmp, `${randomUUID()}.part`);
    try {
      const dir = path.dirname(filePath);
      await mkdir(dir, { recursive: true });
      const file = await open(tmp, "w");
      try {
        await file.writeFile(data);
        if (this.#fsync) await file.datasync();
      } finally {
        await file.close();
      }
      await rename(tmp, filePath);
      if (this.#fsync) await syncDirectory(dir);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    } finally {
      if (this.#inFlight.get(joined) === data) this.#inFlight.delete(joined);
    }
  }

  /** Removes one chunk (no error if it does not exist). */
  async remove(key: StorageKey): Promise<void> {
    this.#inFlight.delete(joinKey(key));
    this.#writeOrder.delete(joinKey(key));
    try {
      await unlink(this.#filePath(key));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /**
   * Reads every chunk whose key starts with `prefix` (e.g. `[documentId, "incremental"]`), oldest
   * first: by file modification time, ties by this process's write order, then by key; chunks still
   * being written come last.
   */
  async loadRange(prefix: StorageKey): Promise<Chunk[]> {
    const files = await walk(this.#filePath(prefix));
    const onDisk = await Promise.all(
      files.map(async (file) => {
        const key = this.#keyOf(file);
        const mtime = await stat(file, { bigint: true }).then(
          (s) => s.mtimeNs,
          () => 0n,
        );
        const joined = joinKey(key);
        return { key, joined, mtime, order: this.#writeOrder.get(joined) ?? 0 };
      }),
    );
    onDisk.sort((a, b) => {
      if (a.mtime !== b.mtime) return a.mtime < b.mtime ? -1 : 1;
      if (a.order !== b.order) return a.order - b.order;
      return a.joined.localeCompare(b.joined);
    });
    const keys = new Map<string, StorageKey>(onDisk.map((f) => [f.joined, f.key]));
    const joinedPrefix = joinKey(prefix);
    for (const joined of this.#inFlight.keys()) {
      if (joined === joinedPrefix || joined.startsWith(`${joinedPrefix}/`))
        keys.set(joined, joined.split("/"));
    }
    const chunks = await Promise.all(
      [...keys.values()].map(async (key) => ({ key, data: await this.load(key) })),
    );
    // A chunk removed between listing and reading is simply not there any more.
    return chunks.filter((c) => c.data !== undefined);
  }

  /**
   * True if any chunk of the document's content (a snapshot or an incremental change) is on disk or
   * being written. Sync states alone do not count: the relay's Repo saves one for a peer that merely
   * asked for a document, and counting it made a document that was only asked for look stored — the
   * access controller then waited for it to load while its first changes sat behind it in the peer's
   * queue (a 10 s stall, then a timeout). Cheap: at most three directory lookups.
   * @param documentId an automerge document id (validated by the caller)
   */
  async hasDocument(documentId: string): Promise<boolean> {
    for (const joined of this.#inFlight.keys()) {
      if (joined.startsWith(`${documentId}/snapshot/`) || joined.startsWith(`${documentId}/incremental/`))
        return true;
    }
    for (const kind of CONTENT_CHUNK_KINDS) {
      try {
        if ((await readdir(this.#filePath([documentId, kind]))).length > 0) return true;
      } catch (err) {
        if (isNotFound(err) || (err as { code?: string }).code === "ENOTDIR") continue;
        throw err;
      }
    }
    return false;
  }

  /** Ids of every document with chunks on disk (not the storage-id entry). */
  async listDocumentIds(): Promise<string[]> {
    let top: string[];
    try {
      top = await readdir(this.#base);
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
    const ids: string[] = [];
    for (const head of top) {
      let rest: string[];
      try {
        rest = await readdir(path.join(this.#base, head));
      } catch {
        continue;
      }
      for (const tail of rest) {
        const id = head + tail;
        // The storage id lives at "st/orage-adapter-id"; document chunks are under snapshot/ incremental/.
        if (id === "storage-adapter-id") continue;
        ids.push(id);
      }
    }
    return ids;
  }

  /** Removes every chunk whose key starts with `prefix`. */
  async removeRange(prefix: StorageKey): Promise<void> {
    const joinedPrefix = joinKey(prefix);
    for (const map of [this.#inFlight, this.#writeOrder]) {
      for (const joined of [...map.keys()]) {
        if (joined === joinedPrefix || joined.startsWith(`${joinedPrefix}/`)) map.delete(joined);
      }
    }
    await rm(this.#filePath(prefix), { recursive: true, force: true });
  }

  #filePath(key: StorageKey): string {
    const [first, ...rest] = key;
    if (first === undefined) return this.#base;
    for (const part of key) checkKeyPart(part);
    return path.join(this.#base, first.slice(0, 2), first.slice(2), ...rest);
  }

  #keyOf(file: string): StorageKey {
    const [head = "", tail = "", ...rest] = path.relative(this.#base, file).split(path.sep);
    return [head + tail, ...rest];
  }
}

/** Key parts are ids, hashes and fixed words; anything that could traverse directories is refused. */
function checkKeyPart(part: string): void {
  if (part === "" || part === "." || part === ".." || /[/\\\0]/.test(part)) {
    throw new Error(`invalid storage key part ${JSON.stringify(part.slice(0, 80))}`);
  }
}

function joinKey(key: StorageKey): string {
  return key.join("/");
}

function isNotFound(err: unknown): boolean {
  return (err as { code?: string }).code === "ENOENT";
}

async function walk(dir: string): Promise<string[]> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (isNotFound(err) || (err as { code?: string }).code === "ENOTDIR") return [];
    throw err;
  }
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)])),
  );
  return nested.flat();
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
