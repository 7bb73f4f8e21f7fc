import path from "node:path";
import { z } from "zod";
import { DEFAULT_MAX_BLOB_BYTES } from "../../../shared/src/blobs/index.ts";
import { parseEnv } from "../config.ts";

/** Settings of the blob store and PDF validation (to be merged into RelayConfig when wired). */
export interface BlobConfig {
  /** Root of the blob store: DATA_DIR/blobs. */
  readonly directory: string;
  /** Largest upload, bytes (BLOB_MAX_BYTES, default 100 MiB). */
  readonly maxBytes: number;
  /** Time allowed to check one PDF, ms (PDF_CHECK_TIMEOUT_MS, default 30 000). */
  readonly validationTimeoutMs: number;
  /** Heap limit of each PDF-checking worker, MiB (PDF_CHECK_MEMORY_MB, default 512). */
  readonly validationMemoryMb: number;
  /** PDF-checking worker threads (PDF_CHECK_WORKERS, default 1). */
  readonly validationWorkers: number;
}

const whole = (name: string, min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`)
    .default(fallback);

const schema = z.object({
  BLOB_MAX_BYTES: whole("BLOB_MAX_BYTES", 1024, 2 * 1024 * 1024 * 1024, DEFAULT_MAX_BLOB_BYTES),
  PDF_CHECK_TIMEOUT_MS: whole("PDF_CHECK_TIMEOUT_MS", 100, 10 * 60_000, 30_000),
  PDF_CHECK_MEMORY_MB: whole("PDF_CHECK_MEMORY_MB", 64, 16_384, 512),
  PDF_CHECK_WORKERS: whole("PDF_CHECK_WORKERS", 1, 64, 1),
});

/**
 * Reads the blob settings from the environment (empty strings count as unset).
 * @throws ConfigError listing every invalid value
 */
export function loadBlobConfig(
  env: Readonly<Record<string, string | undefined>>,
  dataDir: string,
): BlobConfig {
  const e = parseEnv(schema, env);
  return {
    directory: path.join(dataDir, "blobs"),
    maxBytes: e.BLOB_MAX_BYTES,
    validationTimeoutMs: e.PDF_CHECK_TIMEOUT_MS,
    validationMemoryMb: e.PDF_CHECK_MEMORY_MB,
    validationWorkers: e.PDF_CHECK_WORKERS,
  };
}
