import { type Context, type Env, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import {
  type BlobHash,
  BlobReason,
  type BlobUploadBody,
  DEFAULT_MAX_BLOB_BYTES,
  isBlobHash,
} from "../../../shared/src/blobs/index.ts";
import { errorBody } from "../errors.ts";
import type { PdfValidation } from "./pdf-validate.ts";
import { type BlobStore, BlobStoreError, BlobStoreErrorCode } from "./store.ts";

/** Blobs never change (the URL is the hash): browsers may keep them a year without asking again. */
export const BLOB_CACHE_CONTROL = "private, max-age=31536000, immutable";

export interface BlobRouteDeps<E extends Env = Env> {
  readonly store: BlobStore;
  /** Checks an upload (usually `PdfValidator.validate`); refusals become 413/422 with the reason. */
  readonly validate: (bytes: Uint8Array) => Promise<PdfValidation>;
  /**
   * May this caller upload meeting files (a secretary of some meeting)? Gets the Hono context, so
   * whatever the auth middleware put there (`c.get(…)`) is at hand, besides `c.req.raw`.
   */
  readonly canUpload: (c: Context<E>) => boolean | Promise<boolean>;
  /** May this caller read the blob: does a meeting they may see reference it? */
  readonly canReadBlob: (c: Context<E>, hash: BlobHash) => boolean | Promise<boolean>;
  /** Largest upload in bytes (default 100 MiB); keep it equal to the store's and validator's limits. */
  readonly maxUploadBytes?: number;
  /** Content-Type of served blobs (default application/pdf: every blob passed PDF validation). */
  readonly contentType?: string;
}

/** A refusal with one of the {@link BlobReason} codes, answered as `{error: {code, message}}`. */
export class BlobHttpError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: BlobReason,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(status, { message });
    this.name = "BlobHttpError";
  }
}

/**
 * Meeting files, content-addressed. Mount under "/api/blobs" (before the `/api/*` 404 catch-all).
 *
 * `PUT /:hash` — body: the file's bytes; Content-Length required. The relay recomputes the SHA-256 and
 *   refuses a mismatch, validates the PDF (pdf-validate.ts), then stores it.
 *   → 201 (stored now) or 200 (already there) {@link BlobUploadBody}
 *   → 400 bad_hash, 403 forbidden, 411 length_required, 413 too_large, 422 hash_mismatch | empty |
 *     not_pdf | truncated | damaged | too_complex, 507 no_space.
 * `GET /:hash`, `HEAD /:hash` — the bytes, with `ETag: "<hash>"`, {@link BLOB_CACHE_CONTROL},
 *   `Accept-Ranges: bytes`. One range per request (RFC 9110 §14): `Range: bytes=a-b | a- | -n` → 206
 *   with Content-Range; outside the blob → 416 with `Content-Range: bytes *\/size`; several ranges or a
 *   malformed header → the whole blob (200), as RFC 9110 allows; `If-Range` other than the ETag → 200;
 *   `If-None-Match` with the ETag → 304.
 *   → 400 bad_hash, 403 forbidden (asked before existence, so hashes cannot be probed), 404 not_found.
 *
 * Why PUT to the hash rather than POST: the client computes the hash anyway (WebCrypto) to put the
 * reference into the meeting document while offline; the upload can then happen later, be retried
 * safely (idempotent), and be skipped when `HEAD` says the relay already has the file.
 */
export function blobRoutes<E extends Env = Env>(deps: BlobRouteDeps<E>): Hono<E> {
  const maxBytes = deps.maxUploadBytes ?? DEFAULT_MAX_BLOB_BYTES;
  const contentType = deps.contentType ?? "application/pdf";
  const app = new Hono<E>();

  app.onError((err, c) => {
    // Other errors go on to the relay's own onError (createApp), which owns the generic shapes.
    if (!(err instanceof BlobHttpError)) throw err;
    for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
    return c.json(errorBody(err.code, err.message), err.status);
  });

  app.put(
    "/:hash",
    async (c, next) => {
      parseHash(c.req.param("hash"));
      if (!(await deps.canUpload(c))) {
        throw new BlobHttpError(403, BlobReason.Forbidden, "You may not upload meeting files");
      }
      const declared = c.req.header("content-length");
      if (declared === undefined || !/^\d+$/.test(declared)) {
        throw new BlobHttpError(411, BlobReason.LengthRequired, "Content-Length is required");
      }
      if (Number(declared) === 0) throw new BlobHttpError(422, BlobReason.Empty, "The file is empty");
      await next();
    },
    bodyLimit({
      maxSize: maxBytes,
      onError: () => {
        throw tooLarge(maxBytes);
      },
    }),
    async (c) => {
      const hash = parseHash(c.req.param("hash"));
      const bytes = await readBody(c.req.raw.body, maxBytes);
      if (bytes.byteLength === 0) throw new BlobHttpError(422, BlobReason.Empty, "The file is empty");
      const actual = await sha256Hex(bytes);
      if (actual !== hash) {
        throw new BlobHttpError(
          422,
          BlobReason.HashMismatch,
          `The file's SHA-256 is ${actual}, not ${hash}: it changed or was cut short on the way`,
        );
      }
      const checked = await deps.validate(bytes);
      if (!checked.ok) {
        throw new BlobHttpError(
          checked.reason === BlobReason.TooLarge ? 413 : 422,
          checked.reason,
          checked.message,
        );
      }
      let stored: Awaited<ReturnType<BlobStore["put"]>>;
      try {
        stored = await deps.store.put(bytes, { expectedHash: hash, maxBytes });
      } catch (err) {
        throw fromStoreError(err);
      }
      const body: BlobUploadBody = checked.encrypted
        ? { hash, size: stored.size, created: stored.created, encrypted: true, pages: null }
        : { hash, size: stored.size, created: stored.created, encrypted: false, pages: checked.pages };
      c.header("Cache-Control", "no-store");
      return c.json(body, stored.created ? 201 : 200);
    },
  );

  // Hono answers HEAD through the GET route (and drops the body); `c.req.method` still says HEAD.
  app.get("/:hash", async (c) => {
    const hash = parseHash(c.req.param("hash"));
    if (!(await deps.canReadBlob(c, hash))) {
      throw new BlobHttpError(403, BlobReason.Forbidden, "You may not read this file");
    }
    const stat = await deps.store.stat(hash);
    if (!stat) throw new BlobHttpError(404, BlobReason.NotFound, "No such file on the relay");
    const etag = `"${hash}"`;
    c.header("ETag", etag);
    c.header("Cache-Control", BLOB_CACHE_CONTROL);
    c.header("Accept-Ranges", "bytes");
    c.header("X-Content-Type-Options", "nosniff");
    if (matchesEtag(c.req.header("if-none-match"), etag)) return c.body(null, 304);

    const ifRange = c.req.header("if-range");
    const range =
      ifRange === undefined || ifRange.trim() === etag
        ? parseRangeHeader(c.req.header("range"), stat.size)
        : NO_RANGE;
    if (range.kind === "unsatisfiable") {
      throw new BlobHttpError(
        416,
        BlobReason.RangeNotSatisfiable,
        "The requested range is outside the file",
        {
          "Content-Range": `bytes */${stat.size}`,
        },
      );
    }
    c.header("Content-Type", contentType);
    let status: 200 | 206 = 200;
    let length = stat.size;
    if (range.kind === "partial") {
      status = 206;
      length = range.length;
      c.header("Content-Range", `bytes ${range.offset}-${range.offset + range.length - 1}/${stat.size}`);
    }
    c.header("Content-Length", String(length));
    if (c.req.method === "HEAD") return c.body(null, status);
    let stream: ReadableStream<Uint8Array>;
    try {
      stream = await deps.store.createReadStream(hash, range.kind === "partial" ? range : undefined);
    } catch (err) {
      throw fromStoreError(err);
    }
    return c.body(stream, status);
  });

  return app;
}

/** A Range header, judged against a blob of `size` bytes. */
export type RangeRequest =
  | { readonly kind: "none" }
  | { readonly kind: "partial"; readonly offset: number; readonly length: number }
  | { readonly kind: "unsatisfiable" };

const NO_RANGE: RangeRequest = { kind: "none" };
const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/i;

/**
 * Reads `Range: bytes=…` (RFC 9110 §14.1.2) for a blob of `size` bytes. Only one range is served:
 * several ranges, other units and malformed values give "none" (serve the whole blob), which the RFC
 * permits; a range starting at or past the end, or a zero-length suffix, is "unsatisfiable" (416).
 */
export function parseRangeHeader(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return NO_RANGE;
  const m = SINGLE_RANGE.exec(header.replace(/\s+/g, ""));
  if (!m) return NO_RANGE;
  const [, first = "", last = ""] = m;
  if (first === "" && last === "") return NO_RANGE;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    const length = Math.min(suffix, size);
    return { kind: "partial", offset: size - length, length };
  }
  const start = Number(first);
  if (last !== "" && Number(last) < start) return NO_RANGE;
  if (start >= size) return { kind: "unsatisfiable" };
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  return { kind: "partial", offset: start, length: end - start + 1 };
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(",").some((t) => {
    const tag = t.trim();
    return tag === "*" || tag === etag || tag === `W/${etag}`;
  });
}

function parseHash(raw: string | undefined): BlobHash {
  if (!isBlobHash(raw)) {
    throw new BlobHttpError(
      400,
      BlobReason.BadHash,
      "A file is named by its SHA-256: 64 lower-case hex digits",
    );
  }
  return raw;
}

function tooLarge(maxBytes: number): BlobHttpError {
  // The rest of the body is never read: closing the connection keeps a client from sending its next
  // request on a socket that still carries the unread upload (RFC 9110 §15.5.14).
  return new BlobHttpError(
    413,
    BlobReason.TooLarge,
    `The file is larger than the limit of ${maxBytes} bytes`,
    { Connection: "close" },
  );
}

/** Reads the whole body (the validator needs it in memory anyway), refusing past `maxBytes`. */
async function readBody(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge(maxBytes);
      }
      parts.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  if (parts.length === 1) return parts[0]!;
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.byteLength;
  }
  return bytes;
}

/** SHA-256 as hex, off the event loop (WebCrypto digests run on libuv's thread pool in Node). */
async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // Request bodies are never backed by a SharedArrayBuffer, which is all the narrower type rules out.
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

function fromStoreError(err: unknown): unknown {
  if (!(err instanceof BlobStoreError)) return err;
  switch (err.code) {
    case BlobStoreErrorCode.NoSpace:
      return new BlobHttpError(507, BlobReason.NoSpace, "The relay's disk is full; the file was not stored");
    case BlobStoreErrorCode.TooLarge:
      return new BlobHttpError(413, BlobReason.TooLarge, err.message);
    case BlobStoreErrorCode.HashMismatch:
      return new BlobHttpError(422, BlobReason.HashMismatch, err.message);
    case BlobStoreErrorCode.NotFound:
      return new BlobHttpError(404, BlobReason.NotFound, "No such file on the relay");
    case BlobStoreErrorCode.RangeNotSatisfiable:
      return new BlobHttpError(416, BlobReason.RangeNotSatisfiable, err.message);
    case BlobStoreErrorCode.InvalidHash:
      return new BlobHttpError(400, BlobReason.BadHash, err.message);
  }
}
