import path from "node:path";
import { z } from "zod";
import { parseEnv } from "../config.ts";
import { type EndpointPolicy, KNOWN_PUSH_SERVICE_HOSTS } from "./subscription.ts";
import { checkSubject, DEFAULT_VAPID_SUBJECT } from "./vapid.ts";

/** Web Push settings (to be merged into RelayConfig when wired). */
export interface PushConfig {
  /** DATA_DIR/push.sqlite, unless the relay passes its own database handle. */
  readonly databaseFile: string;
  /** VAPID `sub` claim (VAPID_SUBJECT, default mailto:admin@localhost): mailto: or https:. */
  readonly subject: string;
  /** Scheduler period, ms (PUSH_INTERVAL_MS, default 30 000). */
  readonly intervalMs: number;
  /** A `sending` claim older than this is taken over, ms (PUSH_STALE_CLAIM_MS, default 120 000). */
  readonly staleClaimMs: number;
  /** Push requests in flight at once (PUSH_CONCURRENCY, default 32). */
  readonly concurrency: number;
  /**
   * Which endpoints devices may register (PUSH_ENDPOINT_HOSTS: comma-separated hosts, or "*" for any
   * https host; default the browsers' push services; PUSH_ALLOW_HTTP=1 also accepts http:// — tests).
   */
  readonly endpointPolicy: EndpointPolicy;
}

const whole = (name: string, min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`)
    .default(fallback);

const schema = z.object({
  VAPID_SUBJECT: z
    .string()
    .trim()
    .default(DEFAULT_VAPID_SUBJECT)
    .refine(
      (s) => {
        try {
          checkSubject(s);
          return true;
        } catch {
          return false;
        }
      },
      { message: "VAPID_SUBJECT must be a mailto: or https: URL" },
    ),
  PUSH_INTERVAL_MS: whole("PUSH_INTERVAL_MS", 1000, 3_600_000, 30_000),
  PUSH_STALE_CLAIM_MS: whole("PUSH_STALE_CLAIM_MS", 1000, 24 * 3_600_000, 120_000),
  PUSH_CONCURRENCY: whole("PUSH_CONCURRENCY", 1, 1024, 32),
  PUSH_ENDPOINT_HOSTS: z.string().trim().optional(),
  PUSH_ALLOW_HTTP: z
    .enum(["1", "0", "true", "false", "yes", "no"])
    .transform((v) => v === "1" || v === "true" || v === "yes")
    .default(false),
});

/**
 * Reads the push settings from the environment (empty strings count as unset).
 * @throws ConfigError listing every invalid value
 */
export function loadPushConfig(
  env: Readonly<Record<string, string | undefined>>,
  dataDir: string,
): PushConfig {
  const e = parseEnv(schema, env);
  const hosts = e.PUSH_ENDPOINT_HOSTS;
  return {
    databaseFile: path.join(dataDir, "push.sqlite"),
    subject: e.VAPID_SUBJECT,
    intervalMs: e.PUSH_INTERVAL_MS,
    staleClaimMs: e.PUSH_STALE_CLAIM_MS,
    concurrency: e.PUSH_CONCURRENCY,
    endpointPolicy: {
      allowHttp: e.PUSH_ALLOW_HTTP,
      allowedHosts:
        hosts === undefined
          ? KNOWN_PUSH_SERVICE_HOSTS
          : hosts === "*"
            ? "any"
            : hosts
                .split(",")
                .map((h) => h.trim().toLowerCase())
                .filter(Boolean),
    },
  };
}
