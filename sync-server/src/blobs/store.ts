import type { BlobHash } from "../../../shared/src/blobs/index.ts";

/** A byte range of a blob: `length` bytes from `offset` (both ≥ 0; the range lies inside the blob). */
export interface ByteRange {
  readonly offset: number;
  readonly length: number;
}

/** What a store knows about a blob. */
export interface BlobStat {
  readonly hash: BlobHash;
  /** Bytes. */
  readonly size: number;
}

/** Result of {@link BlobStore.put}. */
export interface PutResult extends BlobStat {
  /** False when a blob with this hash was already stored (the new bytes were discarded). */
  readonly created: boolean;
}

export interface PutOptions {
  /**
   * Refuse (BlobStoreError `hash_mismatch`) unless the bytes hash to this. The store always computes the
   * hash itself; this only lets it refuse before anything becomes visible.
   */
  readonly expectedHash?: BlobHash;
  /** Refuse (BlobStoreError `too_large`) past this many bytes; at most the store's own limit. */
  readonly maxBytes?: number;
}

/** Bytes to store: a whole buffer, a web stream (a request body) or any async iterable (a Node stream). */
export type BlobSource = Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * Content-addressed storage of immutable blobs (meeting PDFs), keyed by the SHA-256 of their bytes.
 * Every implementation passes the acceptance suite in store-acceptance.ts.
 *
 * Guarantees: a blob is visible (has/stat/read) only once all its bytes are durably stored and hash to
 * its key; a failed put leaves nothing behind; storing the same bytes twice keeps one copy.
 * Errors: {@link BlobStoreError} with a {@link BlobStoreErrorCode}; other errors are I/O faults.
 */
export interface BlobStore {
  /** Stores bytes under their SHA-256 (computed here, never taken from the caller). */
  put(source: BlobSource, options?: PutOptions): Promise<PutResult>;
  has(hash: BlobHash): Promise<boolean>;
  /** `undefined` when there is no such blob. */
  stat(hash: BlobHash): Promise<BlobStat | undefined>;
  /**
   * Streams the blob, or `range` of it.
   * @throws BlobStoreError `not_found`; `range_not_satisfiable` when the range is not inside the blob
   */
  createReadStream(hash: BlobHash, range?: ByteRange): Promise<ReadableStream<Uint8Array>>;
  /** Removes the blob; false if there was none. Readers that already opened it may finish. */
  delete(hash: BlobHash): Promise<boolean>;
  /** Every stored hash, in no particular order (for garbage collection of unreferenced blobs). */
  list(): AsyncIterable<BlobHash>;
}

export const BlobStoreErrorCode = {
  NotFound: "not_found",
  HashMismatch: "hash_mismatch",
  TooLarge: "too_large",
  /** Disk (or quota) full: ENOSPC / EDQUOT. Nothing of the blob was kept. */
  NoSpace: "no_space",
  InvalidHash: "invalid_hash",
  RangeNotSatisfiable: "range_not_satisfiable",
} as const;
export type BlobStoreErrorCode = (typeof BlobStoreErrorCode)[keyof typeof BlobStoreErrorCode];

/** A refusal by a {@link BlobStore}; anything else thrown by a store is an unexpected fault. */
export class BlobStoreError extends Error {
  constructor(
    readonly code: BlobStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "BlobStoreError";
  }
}
