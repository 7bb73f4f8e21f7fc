/**
 * Looking inside Automerge sync messages: which changes a message carries (for the write filter and
 * the audit log), and the same message without them.
 */
import {
  decodeChange,
  decodeSyncMessage,
  encodeSyncMessage,
  getAllChanges,
  getChangesMetaSince,
  getHeads,
  getObjectId,
  ImmutableString,
  load,
} from "@automerge/automerge";
import type { DocHandle } from "@automerge/automerge-repo";

/** What a sync message carries, as far as permissions care. */
export interface SyncPayload {
  /** Change hashes (hex) of every change the message would add; empty for a message without changes. */
  readonly changeHashes: readonly string[];
  /** True if the message carries changes (or chunks) at all. */
  readonly hasChanges: boolean;
  /**
   * False if a chunk could not be decoded as a change or a document: such a message is treated as
   * unauthorised (its changes are stripped), since the relay could not say what it would apply.
   */
  readonly decodable: boolean;
}

/**
 * Decodes an Automerge sync message and lists the hashes of the changes it carries. Since Automerge 3,
 * the `changes` of a "v2" sync message may hold a whole compressed document (sent to a peer that has
 * nothing yet) instead of individual changes; its changes are listed by loading it.
 *
 * @throws if `data` is not a sync message (callers validate frames first: protocol.ts `checkPayload`)
 */
export function inspectSyncMessage(data: Uint8Array): SyncPayload {
  const message = decodeSyncMessage(data);
  if (message.changes.length === 0) return { changeHashes: [], hasChanges: false, decodable: true };
  const hashes: string[] = [];
  for (const chunk of message.changes) {
    const found = hashesOfChunk(chunk);
    if (found === null) return { changeHashes: [], hasChanges: true, decodable: false };
    hashes.push(...found);
  }
  return { changeHashes: hashes, hasChanges: true, decodable: true };
}

/**
 * How many change entries a sync message carries, without decoding them (cheap: the chunks are not
 * decompressed). The write filter asks this first, so a sender without write permission never costs
 * the relay a decompression (a few KB of compressed document can expand to millions of operations).
 * An entry usually holds one change, sometimes several packed together or a whole document.
 * @throws if `data` is not a sync message
 */
export function changeEntryCount(data: Uint8Array): number {
  return decodeSyncMessage(data).changes.length;
}

/** Automerge chunk types (byte 8, after the 4-byte magic and the 4-byte checksum). */
const CHUNK_DOCUMENT = 0;
const CHUNK_CHANGE = 1;
const CHUNK_COMPRESSED_CHANGE = 2;
const MAGIC = [0x85, 0x6f, 0x4a, 0x83];

/**
 * Hashes of the changes in one entry of a sync message's `changes`. An entry may hold several chunks
 * back to back (Automerge 3 packs changes together), each a change, a compressed change, or a whole
 * document (sent instead of single changes when that is smaller, often repeating changes the receiver
 * has).
 * @returns null if any part cannot be decoded
 */
function hashesOfChunk(bytes: Uint8Array): string[] | null {
  const parts = splitChunks(bytes);
  if (!parts) return null;
  const hashes: string[] = [];
  try {
    for (const { type, chunk } of parts) {
      if (type === CHUNK_CHANGE || type === CHUNK_COMPRESSED_CHANGE) hashes.push(decodeChange(chunk).hash);
      else if (type === CHUNK_DOCUMENT)
        hashes.push(...getChangesMetaSince(load(chunk), []).map((c) => c.hash));
      else return null;
    }
  } catch {
    return null;
  }
  return hashes;
}

/** Splits concatenated Automerge chunks (magic, checksum, type, LEB128 length, payload). */
function splitChunks(bytes: Uint8Array): { type: number; chunk: Uint8Array }[] | null {
  const parts: { type: number; chunk: Uint8Array }[] = [];
  let offset = 0;
  while (offset < bytes.byteLength) {
    for (let i = 0; i < 4; i++) if (bytes[offset + i] !== MAGIC[i]) return null;
    const type = bytes[offset + 8];
    if (type === undefined) return null;
    let length = 0;
    let shift = 0;
    let p = offset + 9;
    for (;;) {
      const byte = bytes[p++];
      if (byte === undefined || shift > 35) return null;
      length += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) break;
      shift += 7;
    }
    const end = p + length;
    if (end > bytes.byteLength) return null;
    parts.push({ type, chunk: bytes.subarray(offset, end) });
    offset = end;
  }
  return parts.length > 0 ? parts : null;
}

/**
 * The same sync message without its changes: heads, needs and the bloom filter stay, so the
 * conversation goes on; the relay just never applies what the sender had no right to write.
 *
 * @throws if `data` is not a sync message
 */
export function stripChanges(data: Uint8Array): Uint8Array {
  const message = decodeSyncMessage(data);
  return encodeSyncMessage({ ...message, changes: [] });
}

/**
 * Makes a change in the relay's own copy of a document and returns the hashes of the changes it
 * produced (none if `fn` changed nothing), for the audit log.
 *
 * @throws whatever `fn` throws (a DomainError aborts the whole change; nothing is written)
 */
export function changeAndHash<T>(handle: DocHandle<T>, fn: (doc: T) => void): string[] {
  const before = getHeads(handle.doc());
  handle.change(fn);
  return getChangesMetaSince(handle.doc(), before).map((c) => c.hash);
}

/**
 * The Automerge object ids of some top-level parts of a document and of everything inside them (maps,
 * lists and text objects). Used to tell whether a change writes into those parts.
 */
export function objectIdsUnder(doc: Record<string, unknown>, rootKeys: readonly string[]): Set<string> {
  const ids = new Set<string>();
  const visit = (obj: object): void => {
    const id = getObjectId(obj);
    if (id) ids.add(id);
    for (const [key, value] of Object.entries(obj)) {
      if (typeof value === "string") {
        const textId = getObjectId(obj, key);
        if (textId) ids.add(textId);
      } else if (
        value &&
        typeof value === "object" &&
        !(value instanceof ImmutableString) &&
        !(value instanceof Date)
      ) {
        visit(value);
      }
    }
  };
  for (const key of rootKeys) {
    const value = doc[key];
    if (value && typeof value === "object") visit(value);
  }
  return ids;
}

/**
 * Whether any change carried by a sync message writes into protected parts of a document: an operation
 * on one of `protectedIds` (see {@link objectIdsUnder}), or on one of `rootKeys` at the document root
 * (replacing or deleting a whole part).
 * @returns true, false, or null when a change cannot be decoded (callers treat that as a write)
 */
export function writesInto(
  data: Uint8Array,
  protectedIds: ReadonlySet<string>,
  rootKeys: readonly string[],
): boolean | null {
  const message = decodeSyncMessage(data);
  const roots = new Set(rootKeys);
  try {
    for (const entry of message.changes) {
      const parts = splitChunks(entry);
      if (!parts) return null;
      for (const { type, chunk } of parts) {
        let changes: Uint8Array[];
        if (type === CHUNK_CHANGE || type === CHUNK_COMPRESSED_CHANGE) changes = [chunk];
        else if (type === CHUNK_DOCUMENT) changes = getAllChanges(load(chunk));
        else return null;
        for (const change of changes) {
          for (const op of decodeChange(change).ops) {
            if (protectedIds.has(op.obj)) return true;
            if (op.obj === "_root" && "key" in op && roots.has(op.key)) return true;
          }
        }
      }
    }
  } catch {
    return null;
  }
  return false;
}
