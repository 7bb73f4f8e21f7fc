/**
 * What crosses the wire for meeting files (PDF blobs) between the client and the relay's
 * `/api/blobs/:hash` routes. Blobs are content-addressed: a file's id is the SHA-256 of its bytes,
 * written as 64 lower-case hex digits, so a meeting document can reference a file before it is
 * uploaded (offline) and the same file attached twice is stored once.
 */
import type { Brand } from "../ids.ts";

/** SHA-256 of a blob's bytes: 64 lower-case hex digits (the one canonical spelling). */
export type BlobHash = Brand<string, "BlobHash">;

const BLOB_HASH = /^[0-9a-f]{64}$/;

/** True for a canonical blob hash (64 lower-case hex digits); upper case is refused, not folded. */
export function isBlobHash(value: unknown): value is BlobHash {
  return typeof value === "string" && BLOB_HASH.test(value);
}

/** Default largest upload, in bytes (100 MiB); the relay's BLOB_MAX_BYTES overrides it. */
export const DEFAULT_MAX_BLOB_BYTES = 100 * 1024 * 1024;

/**
 * Every reason the relay gives for refusing a blob request, in the `code` of its error body
 * `{error: {code, message}}`. The client turns them into the secretary's per-file message in one place
 * (i18n key `blob.<code>`).
 */
export const BlobReason = {
  /** The URL's hash is not 64 lower-case hex digits. */
  BadHash: "bad_hash",
  /** The bytes received do not hash to the URL's hash (the relay always recomputes it). */
  HashMismatch: "hash_mismatch",
  /** The upload carried no Content-Length header (browsers send one for a File or Blob body). */
  LengthRequired: "length_required",
  /** Larger than the relay's upload limit. */
  TooLarge: "too_large",
  /** Zero bytes. */
  Empty: "empty",
  /** Does not start with a PDF header (`%PDF-` within the first 1024 bytes). */
  NotPdf: "not_pdf",
  /** No `%%EOF` near the end: the upload was cut short (ISO 32000-1 §7.5.5). */
  Truncated: "truncated",
  /** pdf.js cannot parse it (e.g. `InvalidPDFException: Invalid PDF structure.`). */
  Damaged: "damaged",
  /** Checking it took longer or needed more memory than the relay allows. */
  TooComplex: "too_complex",
  /** The relay's disk is full; nothing was stored. */
  NoSpace: "no_space",
  /** The caller may not upload, or may not read this blob (no meeting they can see references it). */
  Forbidden: "forbidden",
  /** No blob with this hash on the relay. */
  NotFound: "not_found",
  /** The requested byte range lies outside the blob. */
  RangeNotSatisfiable: "range_not_satisfiable",
} as const;
export type BlobReason = (typeof BlobReason)[keyof typeof BlobReason];

/** Reasons for which an uploaded file is refused as a meeting document (a subset of {@link BlobReason}). */
export type PdfRefusalReason =
  | typeof BlobReason.Empty
  | typeof BlobReason.NotPdf
  | typeof BlobReason.Truncated
  | typeof BlobReason.Damaged
  | typeof BlobReason.TooLarge
  | typeof BlobReason.TooComplex;

/**
 * What the relay learnt about an accepted PDF. `encrypted: true` means a password is needed to open it
 * (pdf.js `PasswordException`); the relay never has the password, so it cannot count the pages.
 */
export type PdfInfo = { encrypted: false; pages: number } | { encrypted: true; pages: null };

/** Body of a successful `PUT /api/blobs/:hash` (201 when stored now, 200 when it was already there). */
export type BlobUploadBody = { hash: BlobHash; size: number; created: boolean } & PdfInfo;
