import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { type BlobConfig, loadBlobConfig } from "./blobs/config.ts";
import { loadPushConfig, type PushConfig } from "./push/config.ts";

/** The repository root (two levels above this file), used to find package.json and dist/. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Validated relay configuration. All paths are absolute. */
export interface RelayConfig {
  /** TCP port to listen on; 0 lets the OS choose (the chosen port is logged). */
  readonly port: number;
  /** Interface to bind, e.g. "127.0.0.1" (default, local only) or "0.0.0.0". */
  readonly host: string;
  /** Root of everything the relay persists (automerge/, workspace.json). */
  readonly dataDir: string;
  /** The built PWA (vite build output). */
  readonly distDir: string;
  /** Seed the demo workspace when DATA_DIR is empty. */
  readonly demo: boolean;
  /** Name given to a new (non-demo) workspace on first run. */
  readonly workspaceName: string;
  /** Largest WebSocket message accepted, in bytes; a bigger one closes that socket (close code 1009). */
  readonly maxFrameBytes: number;
  /** fsync each storage write before it is acknowledged (survives power loss, not only a crash). */
  readonly fsync: boolean;
  /** pino level. */
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /**
   * The origin people open the app at, e.g. "https://hop.ubnd.example.vn" (invitation links, the
   * cookie's Secure flag, the WebSocket Origin check). Null: derived from each request's Host.
   */
  readonly publicOrigin: string | null;
  /**
   * Behind a reverse proxy: take the client IP from X-Forwarded-For and the scheme from
   * X-Forwarded-Proto. Only enable when the relay is reachable through the proxy alone.
   */
  readonly trustProxy: boolean;
  /**
   * Who may reach `/admin/*` (the CLI's API, admin token required in any case): "local" (default,
   * loopback clients only), "any", or "off".
   */
  readonly adminApi: "local" | "any" | "off";
  /** Extra origins allowed to open /sync and send cookie requests (besides the relay's own). */
  readonly allowedOrigins: readonly string[];
  /** Rate limits per client IP, in memory. */
  readonly rateLimits: {
    /** Invitation redemption attempts per window. */
    readonly redeem: number;
    /** Failed authentications (a credential or admin token that does not work) per window. */
    readonly authFailures: number;
    /** Window length, seconds. */
    readonly windowSeconds: number;
  };
  /** Meeting files: the blob store's place and the upload and PDF-check limits (blobs/config.ts). */
  readonly blobs: BlobConfig;
  /** Web Push (push/config.ts: VAPID_SUBJECT, PUSH_*); absent = the defaults for DATA_DIR. */
  readonly push?: PushConfig;
}

/** Thrown by {@link loadConfig} when an environment variable or argument is invalid. */
export class ConfigError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`invalid relay configuration:\n  - ${issues.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

const flag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const envSchema = z.object({
  PORT: z.coerce
    .number({ error: "PORT must be a number" })
    .int("PORT must be a whole number")
    .min(0, "PORT must be 0…65535")
    .max(65535, "PORT must be 0…65535")
    .default(8080),
  HOST: z.string().trim().min(1, "HOST must not be empty").default("127.0.0.1"),
  DATA_DIR: z.string().trim().min(1, "DATA_DIR must not be empty").default("./data"),
  DIST_DIR: z.string().trim().min(1, "DIST_DIR must not be empty").optional(),
  HOPSO_DEMO: flag.default(false),
  WORKSPACE_NAME: z.string().trim().min(1).max(200).default("HọpSố"),
  MAX_FRAME_BYTES: z.coerce
    .number({ error: "MAX_FRAME_BYTES must be a number" })
    .int("MAX_FRAME_BYTES must be a whole number of bytes")
    .min(1024, "MAX_FRAME_BYTES must be at least 1024")
    .max(1024 * 1024 * 1024, "MAX_FRAME_BYTES must be at most 1 GiB")
    .default(64 * 1024 * 1024),
  FSYNC: flag.default(true),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PUBLIC_ORIGIN: z
    .url({
      protocol: /^https?$/,
      error: "PUBLIC_ORIGIN must be an http(s) URL such as https://hop.example.vn",
    })
    .transform((u) => new URL(u).origin)
    .optional(),
  TRUST_PROXY: flag.default(false),
  ADMIN_API: z
    .enum(["local", "any", "off"], { error: "ADMIN_API must be local, any or off" })
    .default("local"),
  ALLOWED_ORIGINS: z
    .string()
    .transform((v) =>
      v
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/, error: "ALLOWED_ORIGINS: comma-separated http(s) origins" })))
    .transform((list) => list.map((u) => new URL(u).origin))
    .default([]),
  REDEEM_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(10),
  AUTH_FAILURE_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(60),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
});

const KNOWN_FLAGS = new Set(["--demo"]);

/**
 * Checks the environment variables a zod object schema names (empty strings count as unset; others are
 * ignored). Each issue reads `NAME="value": problem`, so one error lists every invalid value.
 */
function checkEnv<S extends z.ZodObject>(
  schema: S,
  env: Readonly<Record<string, string | undefined>>,
): { data: z.output<S> | null; issues: string[] } {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== "") picked[key] = value;
  }
  const parsed = schema.safeParse(picked);
  if (parsed.success) return { data: parsed.data, issues: [] };
  const issues = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? "");
    return `${key}=${JSON.stringify(picked[key] ?? "")}: ${issue.message}`;
  });
  return { data: null, issues };
}

/**
 * Parses the environment variables a zod object schema names (see {@link checkEnv}); used by the
 * relay's parts that have settings of their own (blobs, push).
 * @throws ConfigError listing every invalid value
 */
export function parseEnv<S extends z.ZodObject>(
  schema: S,
  env: Readonly<Record<string, string | undefined>>,
): z.output<S> {
  const { data, issues } = checkEnv(schema, env);
  if (!data) throw new ConfigError(issues);
  return data;
}

/**
 * Reads the relay configuration from environment variables and command-line arguments.
 *
 * Environment: PORT (8080), HOST (127.0.0.1), DATA_DIR (./data, relative to the working directory),
 * DIST_DIR (<repo>/dist), HOPSO_DEMO (0/1), WORKSPACE_NAME (HọpSố; first run only),
 * MAX_FRAME_BYTES (64 MiB), FSYNC (1), LOG_LEVEL (info), PUBLIC_ORIGIN (none), TRUST_PROXY (0),
 * ADMIN_API (local), ALLOWED_ORIGINS (none), REDEEM_RATE_LIMIT (10), AUTH_FAILURE_RATE_LIMIT (60),
 * RATE_LIMIT_WINDOW_SECONDS (600); the meeting-file settings BLOB_MAX_BYTES (100 MiB),
 * PDF_CHECK_TIMEOUT_MS, PDF_CHECK_MEMORY_MB, PDF_CHECK_WORKERS (blobs/config.ts); Web Push: VAPID_SUBJECT,
 * PUSH_INTERVAL_MS, PUSH_STALE_CLAIM_MS, PUSH_CONCURRENCY, PUSH_ENDPOINT_HOSTS, PUSH_ALLOW_HTTP
 * (push/config.ts).
 * Arguments: `--demo` (same as HOPSO_DEMO=1).
 *
 * @param env usually `process.env`; empty strings count as unset
 * @param argv arguments after the script name, usually `process.argv.slice(2)`
 * @param cwd directory relative paths are resolved against
 * @throws ConfigError listing every invalid value
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  argv: readonly string[] = [],
  cwd: string = process.cwd(),
): RelayConfig {
  const issues: string[] = [];
  for (const arg of argv) {
    if (!KNOWN_FLAGS.has(arg)) issues.push(`unknown argument ${JSON.stringify(arg)} (known: --demo)`);
  }
  const parsed = checkEnv(envSchema, env);
  issues.push(...parsed.issues);
  let blobs: BlobConfig | undefined;
  const dataDir = path.resolve(cwd, parsed.data?.DATA_DIR ?? "./data");
  try {
    blobs = loadBlobConfig(env, dataDir);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    issues.push(...err.issues);
  }
  let push: PushConfig | undefined;
  try {
    push = loadPushConfig(env, dataDir);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    issues.push(...err.issues);
  }
  if (issues.length > 0 || !parsed.data || !blobs) throw new ConfigError(issues);
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    distDir: e.DIST_DIR ? path.resolve(cwd, e.DIST_DIR) : path.join(PROJECT_ROOT, "dist"),
    demo: e.HOPSO_DEMO || argv.includes("--demo"),
    workspaceName: e.WORKSPACE_NAME,
    maxFrameBytes: e.MAX_FRAME_BYTES,
    fsync: e.FSYNC,
    logLevel: e.LOG_LEVEL,
    publicOrigin: e.PUBLIC_ORIGIN ?? null,
    trustProxy: e.TRUST_PROXY,
    adminApi: e.ADMIN_API,
    allowedOrigins: e.ALLOWED_ORIGINS,
    rateLimits: {
      redeem: e.REDEEM_RATE_LIMIT,
      authFailures: e.AUTH_FAILURE_RATE_LIMIT,
      windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
    },
    blobs,
    ...(push ? { push } : {}),
  };
}
