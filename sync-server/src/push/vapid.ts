import { createECDH, createPrivateKey, type KeyObject, randomUUID, sign } from "node:crypto";
import { chmod, link, mkdir, open, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { StartupError } from "../errors.ts";
import type { Logger } from "../logger.ts";

/**
 * VAPID (RFC 8292): the relay's application-server key pair and the signed `Authorization` header of
 * every push request.
 *
 * The key pair is made on first start into `DATA_DIR/vapid.json` (mode 0600) and read back afterwards.
 * Browsers bind each subscription to the public key they were given (`applicationServerKey`), so a lost
 * or replaced file silently breaks every existing subscription: back it up with the rest of DATA_DIR,
 * never commit it (.gitignore has `vapid*.json`) and never log it — only the public key leaves this module.
 */

/** File name of the key pair inside DATA_DIR. */
export const VAPID_FILE = "vapid.json";

/** Default `sub` claim; set VAPID_SUBJECT to a real contact (push services may write to it). */
export const DEFAULT_VAPID_SUBJECT = "mailto:admin@localhost";

/** Both keys base64url without padding: public = 65-byte uncompressed P-256 point, private = 32 bytes. */
export interface VapidKeys {
  readonly publicKey: string;
  readonly privateKey: string;
}

const b64url = z.string().regex(/^[A-Za-z0-9_-]+$/, "not base64url");
const fileSchema = z.object({
  version: z.literal(1),
  publicKey: b64url,
  privateKey: b64url,
  createdAt: z.string(),
});

/** Makes a new P-256 key pair (as web-push's `generateVAPIDKeys`, with the lengths fixed). */
export function generateVapidKeys(): VapidKeys {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const priv = ecdh.getPrivateKey();
  // A private key with leading zero bytes can come back short; left-pad it to 32 bytes.
  const padded = Buffer.concat([Buffer.alloc(Math.max(0, 32 - priv.length)), priv]);
  return { publicKey: ecdh.getPublicKey().toString("base64url"), privateKey: padded.toString("base64url") };
}

/**
 * Checks that both keys have the right size and belong together.
 * @throws Error naming what is wrong (never the key itself)
 */
export function checkVapidKeys(keys: VapidKeys): void {
  const pub = Buffer.from(keys.publicKey, "base64url");
  const priv = Buffer.from(keys.privateKey, "base64url");
  if (pub.length !== 65 || pub[0] !== 0x04) throw new Error("the public key is not a 65-byte P-256 point");
  if (priv.length !== 32) throw new Error("the private key is not 32 bytes");
  const ecdh = createECDH("prime256v1");
  try {
    ecdh.setPrivateKey(priv);
  } catch {
    throw new Error("the private key is not a valid P-256 key");
  }
  if (!ecdh.getPublicKey().equals(pub)) throw new Error("the public key does not match the private key");
}

/**
 * Reads `DATA_DIR/vapid.json`, or creates it with a new key pair when it does not exist.
 *
 * Creation is atomic and exclusive: the keys go to a temporary file (0600, flushed) that is hard-linked
 * to `vapid.json`, so a crash leaves no half-written file and two processes starting at once agree on
 * one key pair. A file readable by group or others is narrowed to 0600 (with a warning).
 *
 * @throws StartupError when the file exists but is not valid: it is never replaced silently, because a
 *   new key pair would invalidate every subscription (restore it from a backup, or delete it and let
 *   every device subscribe again)
 */
export async function loadOrCreateVapidKeys(
  dataDir: string,
  logger?: Logger,
): Promise<{ keys: VapidKeys; created: boolean }> {
  const file = path.join(dataDir, VAPID_FILE);
  const existing = await readKeyFile(file, logger);
  if (existing) return { keys: existing, created: false };

  await mkdir(dataDir, { recursive: true });
  const keys = generateVapidKeys();
  const body = `${JSON.stringify({ version: 1, ...keys, createdAt: new Date().toISOString() }, null, 2)}\n`;
  const tmp = path.join(dataDir, `.${VAPID_FILE}.${randomUUID()}.tmp`);
  try {
    const handle = await open(tmp, "wx", 0o600);
    try {
      await handle.writeFile(body);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await link(tmp, file);
  } catch (err) {
    if ((err as { code?: string }).code !== "EEXIST") throw err;
    // Another process created it first: use theirs.
    const theirs = await readKeyFile(file, logger);
    if (!theirs) throw err;
    return { keys: theirs, created: false };
  } finally {
    await rm(tmp, { force: true });
  }
  logger?.info({ file, publicKey: keys.publicKey }, "created a new VAPID key pair");
  return { keys, created: true };
}

async function readKeyFile(file: string, logger?: Logger): Promise<VapidKeys | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as { code?: string }).code === "ENOENT") return null;
    throw err;
  }
  const invalid = (why: string) =>
    new StartupError(
      `${file} is invalid (${why}). Restore it from a backup; deleting it makes a new key pair and every ` +
        "device must then enable notifications again.",
    );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid("not JSON");
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw invalid(parsed.error.issues[0]?.message ?? "bad shape");
  const keys = { publicKey: parsed.data.publicKey, privateKey: parsed.data.privateKey };
  try {
    checkVapidKeys(keys);
  } catch (err) {
    throw invalid((err as Error).message);
  }
  const mode = (await stat(file)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    await chmod(file, 0o600);
    logger?.warn(
      { file, mode: mode.toString(8) },
      "the VAPID key file was readable by others; set it to 0600",
    );
  }
  return keys;
}

/** Anything that gives the `Authorization` header for a push request to an endpoint. */
export interface VapidAuthorizer {
  /** The public key (base64url) browsers subscribe with (`applicationServerKey`). */
  readonly publicKey: string;
  /** `vapid t=<JWT>, k=<public key>` for the endpoint's origin. */
  authorization(endpoint: string): string;
}

export interface VapidSignerOptions {
  /** `sub` claim: a `mailto:` or `https:` contact (RFC 8292 §2.1). Default {@link DEFAULT_VAPID_SUBJECT}. */
  readonly subject?: string;
  /** Wall clock for `exp`, ms since the epoch (not the scheduler's test clock: push services check it). */
  readonly now?: () => number;
  /** JWT lifetime, seconds; at most 24 h (RFC 8292 §2). Default 12 h. */
  readonly lifetimeSeconds?: number;
  /** Re-sign this long before `exp`, seconds (clock skew, request time). Default 1 h. */
  readonly refreshBeforeSeconds?: number;
  /** Reuse a signed header per audience until it nears `exp` (default true). */
  readonly cache?: boolean;
}

const MAX_LIFETIME_SECONDS = 24 * 3600;
/** Audiences kept in the cache (there are a handful of push services; this only bounds a misuse). */
const MAX_CACHED_AUDIENCES = 256;

/**
 * Signs VAPID JWTs (ES256) with node:crypto and caches the header per audience (the endpoint's origin)
 * until `refreshBeforeSeconds` before its `exp`: signing is most of the CPU cost of a push (STACK.md).
 */
export class VapidSigner implements VapidAuthorizer {
  readonly publicKey: string;
  readonly subject: string;
  readonly #key: KeyObject;
  readonly #now: () => number;
  readonly #lifetime: number;
  readonly #refreshBefore: number;
  readonly #cache: Map<string, { header: string; refreshAt: number }> | null;
  /** How many JWTs were signed (for tests and the bench). */
  signatures = 0;

  /** @throws Error for bad keys, a bad subject or a lifetime over 24 h */
  constructor(keys: VapidKeys, options: VapidSignerOptions = {}) {
    checkVapidKeys(keys);
    this.subject = checkSubject(options.subject ?? DEFAULT_VAPID_SUBJECT);
    this.#lifetime = options.lifetimeSeconds ?? 12 * 3600;
    this.#refreshBefore = options.refreshBeforeSeconds ?? 3600;
    if (!(this.#lifetime > 0 && this.#lifetime <= MAX_LIFETIME_SECONDS)) {
      throw new Error("VAPID JWT lifetime must be more than 0 and at most 24 h (RFC 8292)");
    }
    if (!(this.#refreshBefore >= 0 && this.#refreshBefore < this.#lifetime)) {
      throw new Error("refreshBeforeSeconds must be at least 0 and less than the lifetime");
    }
    this.publicKey = keys.publicKey;
    const pub = Buffer.from(keys.publicKey, "base64url");
    this.#key = createPrivateKey({
      format: "jwk",
      key: {
        kty: "EC",
        crv: "P-256",
        d: keys.privateKey,
        x: pub.subarray(1, 33).toString("base64url"),
        y: pub.subarray(33, 65).toString("base64url"),
      },
    });
    this.#now = options.now ?? Date.now;
    this.#cache = options.cache === false ? null : new Map();
  }

  authorization(endpoint: string): string {
    const audience = audienceOf(endpoint);
    const now = this.#now();
    const hit = this.#cache?.get(audience);
    if (hit && now < hit.refreshAt) return hit.header;
    const exp = Math.floor(now / 1000) + this.#lifetime;
    const header = `vapid t=${this.#jwt(audience, exp)}, k=${this.publicKey}`;
    if (this.#cache) {
      this.#cache.delete(audience);
      if (this.#cache.size >= MAX_CACHED_AUDIENCES) {
        const oldest = this.#cache.keys().next().value;
        if (oldest !== undefined) this.#cache.delete(oldest);
      }
      this.#cache.set(audience, { header, refreshAt: (exp - this.#refreshBefore) * 1000 });
    }
    return header;
  }

  #jwt(aud: string, exp: number): string {
    const head = Buffer.from(JSON.stringify({ typ: "JWT", alg: "ES256" })).toString("base64url");
    const claims = Buffer.from(JSON.stringify({ aud, exp, sub: this.subject })).toString("base64url");
    const input = `${head}.${claims}`;
    const signature = sign("sha256", Buffer.from(input), { key: this.#key, dsaEncoding: "ieee-p1363" });
    this.signatures++;
    return `${input}.${signature.toString("base64url")}`;
  }
}

/** The JWT audience for an endpoint: its origin (scheme, host, port). @throws TypeError for a bad URL */
export function audienceOf(endpoint: string): string {
  return new URL(endpoint).origin;
}

/** @returns the subject @throws Error unless it is a `mailto:` or `https:` URL */
export function checkSubject(subject: string): string {
  let url: URL;
  try {
    url = new URL(subject);
  } catch {
    throw new Error(`VAPID_SUBJECT must be a mailto: or https: URL, not ${JSON.stringify(subject)}`);
  }
  if (url.protocol !== "mailto:" && url.protocol !== "https:") {
    throw new Error(`VAPID_SUBJECT must be a mailto: or https: URL, not ${JSON.stringify(subject)}`);
  }
  return subject;
}
