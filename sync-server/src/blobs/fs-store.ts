import { createHash, randomUUID } from "node:crypto";
import { type FileHandle, mkdir, open, readdir, rename, rm, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { type BlobHash, DEFAULT_MAX_BLOB_BYTES, isBlobHash } from "../../../shared/src/blobs/index.ts";
import {
  type BlobSource,
  type BlobStat,
  type BlobStore,
  BlobStoreError,
  BlobStoreErrorCode,
  type ByteRange,
  type PutOptions,
  type PutResult,
} from "./store.ts";

export interface FileBlobStoreOptions {
  /** Root of the store, usually `DATA_DIR/blobs`. Blobs live at `<root>/ab/cd/<hash>`. */
  readonly directory: string;
  /** Largest blob accepted, in bytes (default 100 MiB). */
  readonly maxBytes?: number;
  /** fsync each blob and its directory before put resolves (default true: survive power loss). */
  readonly fsync?: boolean;
}

/** Writes in progress live here, inside the root so that rename stays on one file system. */
const INCOMING = ".incoming";
/** Hashing and writing go in slices of this size, so one big buffer never blocks the event loop long. */
const SLICE = 1024 * 1024;
const READ_CHUNK = 64 * 1024;
const HEX2 = /^[0-9a-f]{2}$/;

/**
 * {@link BlobStore} on the local file system: `<root>/ab/cd/<hash>` where `ab`, `cd` are the hash's
 * first two and next two hex digits (at most 256 entries per directory level).
 *
 * A put streams into `<root>/.incoming/<uuid>.part` while hashing, checks size and hash, fsyncs, then
 * renames into place (atomic on POSIX) and fsyncs the directory; on any failure the temporary file is
 * removed, so a crash, a full disk or a refused upload never leaves a partial blob. Leftover `.part`
 * files from a crash are removed by {@link FileBlobStore.prepare}.
 *
 * Two concurrent puts of the same bytes may both report `created: true`; the second rename replaces
 * identical bytes, which readers cannot tell apart.
 */
export class FileBlobStore implements BlobStore {
  readonly #root: string;
  readonly #incoming: string;
  readonly #maxBytes: number;
  readonly #fsync: boolean;

  constructor(options: FileBlobStoreOptions) {
    this.#root = path.resolve(options.directory);
    this.#incoming = path.join(this.#root, INCOMING);
    this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_BLOB_BYTES;
    this.#fsync = options.fsync ?? true;
  }

  /** Creates the directories and removes writes left over from a crash. Call once before use. */
  async prepare(): Promise<void> {
    await mkdir(this.#root, { recursive: true });
    await rm(this.#incoming, { recursive: true, force: true });
    await mkdir(this.#incoming, { recursive: true });
  }

  /** Path of a blob's file (whether or not it exists). @throws BlobStoreError `invalid_hash` */
  pathOf(hash: BlobHash): string {
    if (!isBlobHash(hash)) {
      throw new BlobStoreError(BlobStoreErrorCode.InvalidHash, `not a blob hash: ${JSON.stringify(hash)}`);
    }
    return path.join(this.#root, hash.slice(0, 2), hash.slice(2, 4), hash);
  }

  async put(source: BlobSource, options: PutOptions = {}): Promise<PutResult> {
    if (options.expectedHash !== undefined) this.pathOf(options.expectedHash);
    const limit = Math.min(options.maxBytes ?? this.#maxBytes, this.#maxBytes);
    const tmp = path.join(this.#incoming, `${randomUUID()}.part`);
    const hasher = createHash("sha256");
    let size = 0;
    let file: FileHandle | undefined;
    try {
      file = await open(tmp, "wx");
      for await (const chunk of slices(source)) {
        size += chunk.byteLength;
        if (size > limit) {
          throw new BlobStoreError(BlobStoreErrorCode.TooLarge, `blob larger than ${limit} bytes`);
        }
        hasher.update(chunk);
        await writeAll(file, chunk);
      }
      if (this.#fsync) await file.datasync();
      await file.close();
      file = undefined;
      const hash = hasher.digest("hex") as BlobHash;
      if (options.expectedHash !== undefined && options.expectedHash !== hash) {
        throw new BlobStoreError(
          BlobStoreErrorCode.HashMismatch,
          `the bytes hash to ${hash}, not ${options.expectedHash}`,
        );
      }
      const dest = this.pathOf(hash);
      if (await exists(dest)) {
        await rm(tmp, { force: true });
        return { hash, size, created: false };
      }
      const dir = path.dirname(dest);
      const firstCreated = await mkdir(dir, { recursive: true });
      await rename(tmp, dest);
      if (this.#fsync) {
        await syncDirectory(dir);
        // New directories must be recorded in their parents too, up to the root.
        if (firstCreated !== undefined) {
          for (let d = path.dirname(dir); d.length >= this.#root.length; d = path.dirname(d)) {
            await syncDirectory(d);
            if (d === this.#root) break;
          }
        }
      }
      return { hash, size, created: true };
    } catch (err) {
      await file?.close().catch(() => undefined);
      await rm(tmp, { force: true });
      throw translateError(err);
    }
  }

  async has(hash: BlobHash): Promise<boolean> {
    return exists(this.pathOf(hash));
  }

  async stat(hash: BlobHash): Promise<BlobStat | undefined> {
    try {
      const s = await stat(this.pathOf(hash));
      return { hash, size: s.size };
    } catch (err) {
      if (isCode(err, "ENOENT")) return undefined;
      throw err;
    }
  }

  async createReadStream(hash: BlobHash, range?: ByteRange): Promise<ReadableStream<Uint8Array>> {
    let handle: FileHandle;
    try {
      handle = await open(this.pathOf(hash), "r");
    } catch (err) {
      if (isCode(err, "ENOENT")) throw new BlobStoreError(BlobStoreErrorCode.NotFound, `no blob ${hash}`);
      throw err;
    }
    // The open handle keeps the bytes readable even if the blob is deleted meanwhile.
    const fh = handle;
    let position: number;
    let remaining: number;
    try {
      const { size } = await fh.stat();
      position = range?.offset ?? 0;
      remaining = range?.length ?? size;
      if (!isInside(position, remaining, size)) {
        throw new BlobStoreError(
          BlobStoreErrorCode.RangeNotSatisfiable,
          `range ${position}+${remaining} is outside blob of ${size} bytes`,
        );
      }
    } catch (err) {
      await fh.close();
      throw err;
    }
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          if (remaining === 0) {
            await fh.close();
            controller.close();
            return;
          }
          const buffer = new Uint8Array(Math.min(READ_CHUNK, remaining));
          const { bytesRead } = await fh.read(buffer, 0, buffer.length, position);
          if (bytesRead === 0) throw new Error(`blob ${hash} is shorter than its recorded size`);
          position += bytesRead;
          remaining -= bytesRead;
          controller.enqueue(buffer.subarray(0, bytesRead));
        } catch (err) {
          await fh.close().catch(() => undefined);
          controller.error(err);
        }
      },
      async cancel() {
        await fh.close().catch(() => undefined);
      },
    });
  }

  async delete(hash: BlobHash): Promise<boolean> {
    try {
      await unlink(this.pathOf(hash));
      return true;
    } catch (err) {
      if (isCode(err, "ENOENT")) return false;
      throw err;
    }
  }

  async *list(): AsyncIterable<BlobHash> {
    for (const a of await readNames(this.#root)) {
      if (!HEX2.test(a)) continue;
      for (const b of await readNames(path.join(this.#root, a))) {
        if (!HEX2.test(b)) continue;
        for (const name of await readNames(path.join(this.#root, a, b))) {
          if (isBlobHash(name) && name.startsWith(a + b)) yield name;
        }
      }
    }
  }
}

/** True when `[offset, offset + length)` lies inside a blob of `size` bytes. */
export function isInside(offset: number, length: number, size: number): boolean {
  return (
    Number.isSafeInteger(offset) &&
    Number.isSafeInteger(length) &&
    offset >= 0 &&
    length >= 0 &&
    offset + length <= size
  );
}

/** The source as chunks of at most {@link SLICE} bytes; cancels a web stream the caller stops reading. */
async function* slices(source: BlobSource): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    for (let at = 0; at < source.byteLength; at += SLICE) yield source.subarray(at, at + SLICE);
    return;
  }
  if ("getReader" in source) {
    const reader = source.getReader();
    let done = false;
    try {
      for (;;) {
        const next = await reader.read();
        if (next.done) {
          done = true;
          return;
        }
        yield* slices(next.value);
      }
    } finally {
      if (!done) await reader.cancel().catch(() => undefined);
      reader.releaseLock();
    }
    return;
  }
  for await (const chunk of source) yield* slices(chunk);
}

async function writeAll(file: FileHandle, chunk: Uint8Array): Promise<void> {
  let written = 0;
  while (written < chunk.byteLength) {
    const { bytesWritten } = await file.write(chunk, written, chunk.byteLength - written);
    written += bytesWritten;
  }
}

function translateError(err: unknown): unknown {
  if (isCode(err, "ENOSPC") || isCode(err, "EDQUOT")) {
    return new BlobStoreError(BlobStoreErrorCode.NoSpace, "no space left on the relay's disk", {
      cause: err,
    });
  }
  return err;
}

function isCode(err: unknown, code: string): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === code;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (err) {
    if (isCode(err, "ENOENT")) return false;
    throw err;
  }
}

async function readNames(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if (isCode(err, "ENOENT") || isCode(err, "ENOTDIR")) return [];
    throw err;
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
