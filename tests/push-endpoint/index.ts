/**
 * A local Web Push service for tests (STACK.md "Web Push in tests"): an HTTP server on 127.0.0.1 that
 * accepts push requests as a browser vendor's push service would (RFC 8030), but checks everything:
 *
 * - VAPID (RFC 8292): `Authorization: vapid t=<JWT>, k=<key>`, ES256 signature by `k`, `aud` = this
 *   origin, `exp` in the future and at most 24 h ahead, `sub` a mailto:/https: URL, and `k` equal to the
 *   subscription's applicationServerKey when one was given (like FCM, 403 otherwise);
 * - the message: `TTL` present, `Urgency` and `Topic` valid, `Content-Encoding: aes128gcm`, body at most
 *   4096 bytes, decrypted (RFC 8291) with the subscription's private key and auth secret (http_ece).
 *
 * Each accepted message is recorded with its headers and decrypted plaintext; each request (accepted
 * or not) is logged. `respondWith` scripts answers (410, 404, 500, 429 + Retry-After…) per subscription.
 *
 * Subscriptions are made here from P-256 key pairs generated on the spot: `endpoint` + `keys` are what a
 * browser's `PushSubscription.toJSON()` gives the app, the private halves stay in the endpoint.
 */
import { createECDH, createPublicKey, type ECDH, randomBytes, randomUUID, verify } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as ece from "http_ece";

/** What the app stores for a device: the browser's `PushSubscription.toJSON()`. */
export interface TestSubscription {
  /** Short id (the last path segment of the endpoint). */
  readonly id: string;
  readonly endpoint: string;
  readonly keys: { readonly p256dh: string; readonly auth: string };
}

/** A message the endpoint accepted (201). */
export interface ReceivedPush {
  readonly subscriptionId: string;
  readonly endpoint: string;
  /** Seconds, from the TTL header. */
  readonly ttl: number;
  readonly urgency: string | null;
  readonly topic: string | null;
  /** Claims of the VAPID JWT and its `k`. */
  readonly vapid: {
    readonly aud: string;
    readonly exp: number;
    readonly sub: string;
    readonly publicKey: string;
  };
  /** Decrypted body. */
  readonly plaintext: string;
  /** `JSON.parse(plaintext)`, or undefined if it is not JSON. */
  readonly json: unknown;
  /** Ciphertext size in bytes. */
  readonly bodyBytes: number;
  /** ms since the epoch (wall clock). */
  readonly receivedAt: number;
}

/** Every request, accepted or not. */
export interface PushRequestLog {
  readonly subscriptionId: string | null;
  readonly status: number;
  /** Why it was refused (verification failures), or the scripted answer. */
  readonly reason: string | null;
  readonly receivedAt: number;
}

/** A scripted answer. */
export interface ScriptedAnswer {
  readonly status: number;
  /** How many requests get it (default: every one until cleared). */
  readonly times?: number;
  /** Retry-After header value. */
  readonly retryAfter?: string;
}

export interface LocalPushEndpointOptions {
  /** Wall clock for `exp` checks, ms. */
  readonly now?: () => number;
  /** Keep every accepted message in `received` (default true; the bench turns it off and counts). */
  readonly keepMessages?: boolean;
}

export interface LocalPushEndpoint {
  /** e.g. "http://127.0.0.1:43121" — also the VAPID `aud` it expects. */
  readonly origin: string;
  readonly received: ReceivedPush[];
  readonly requests: PushRequestLog[];
  /** Accepted messages, including those not kept. */
  readonly acceptedCount: number;
  /**
   * A new subscription. With `applicationServerKey` (the VAPID public key, base64url), requests signed
   * with another key are refused with 403, as a real push service does.
   */
  subscribe(options?: { applicationServerKey?: string }): TestSubscription;
  /** Forgets a subscription: its endpoint answers 410 from now on (the browser unsubscribed). */
  unsubscribe(subscription: TestSubscription | string): void;
  /** Scripts the next answers for a subscription (queued in order; then normal behaviour). */
  respondWith(subscription: TestSubscription | string, answer: ScriptedAnswer): void;
  /** Accepted messages of one subscription. */
  messagesFor(subscription: TestSubscription | string): ReceivedPush[];
  /** Resolves when `predicate` holds (checked after each request), or rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

interface SubscriptionState {
  readonly ecdh: ECDH;
  readonly auth: string;
  readonly applicationServerKey: string | null;
  readonly script: { status: number; left: number; retryAfter?: string }[];
  gone: boolean;
}

const MAX_BODY = 4096;
const MAX_EXP_AHEAD_S = 24 * 3600;

/** Starts a local push service on 127.0.0.1 (random port). */
export async function startLocalPushEndpoint(
  options: LocalPushEndpointOptions = {},
): Promise<LocalPushEndpoint> {
  const now = options.now ?? Date.now;
  const keep = options.keepMessages ?? true;
  const subs = new Map<string, SubscriptionState>();
  const received: ReceivedPush[] = [];
  const requests: PushRequestLog[] = [];
  let accepted = 0;
  const waiters = new Set<() => void>();
  let origin = "";

  const idOf = (s: TestSubscription | string) => (typeof s === "string" ? s : s.id);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const match = /^\/push\/([A-Za-z0-9_-]+)$/.exec(req.url ?? "");
    const id = match?.[1] ?? null;
    const answer = (status: number, reason: string | null, headers: Record<string, string> = {}) => {
      requests.push({ subscriptionId: id, status, reason, receivedAt: now() });
      res.writeHead(status, { "Content-Type": "text/plain", ...headers });
      res.end(reason ?? "");
    };
    const body = await readBody(req);
    if (req.method !== "POST" || id === null) return answer(404, "no such endpoint");
    const sub = subs.get(id);
    if (!sub || sub.gone) return answer(sub ? 410 : 404, sub ? "unsubscribed" : "no such subscription");
    const scripted = sub.script[0];
    if (scripted) {
      if (--scripted.left <= 0) sub.script.shift();
      return answer(
        scripted.status,
        `scripted ${scripted.status}`,
        scripted.retryAfter ? { "Retry-After": scripted.retryAfter } : {},
      );
    }

    const vapid = verifyVapid(req.headers.authorization, origin, Math.floor(now() / 1000));
    if ("error" in vapid) return answer(401, vapid.error);
    if (sub.applicationServerKey !== null && vapid.publicKey !== sub.applicationServerKey) {
      return answer(403, "VAPID key is not the subscription's applicationServerKey");
    }
    const ttlHeader = header(req, "ttl");
    if (ttlHeader === null || !/^\d+$/.test(ttlHeader)) return answer(400, "TTL header missing or invalid");
    const urgency = header(req, "urgency");
    if (urgency !== null && !["very-low", "low", "normal", "high"].includes(urgency)) {
      return answer(400, `bad Urgency ${urgency}`);
    }
    const topic = header(req, "topic");
    if (topic !== null && !/^[A-Za-z0-9_-]{1,32}$/.test(topic)) return answer(400, "bad Topic");
    if (header(req, "content-encoding") !== "aes128gcm")
      return answer(415, "Content-Encoding must be aes128gcm");
    if (body === null || body.length > MAX_BODY) return answer(413, "body too large");
    let plaintext: string;
    try {
      plaintext = ece
        .decrypt(body, { version: "aes128gcm", privateKey: sub.ecdh, authSecret: sub.auth })
        .toString("utf8");
    } catch (err) {
      return answer(400, `cannot decrypt: ${(err as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(plaintext);
    } catch {
      json = undefined;
    }
    accepted++;
    if (keep) {
      received.push({
        subscriptionId: id,
        endpoint: `${origin}/push/${id}`,
        ttl: Number(ttlHeader),
        urgency,
        topic,
        vapid: { aud: vapid.aud, exp: vapid.exp, sub: vapid.sub, publicKey: vapid.publicKey },
        plaintext,
        json,
        bodyBytes: body.length,
        receivedAt: now(),
      });
    }
    answer(201, null, { Location: `${origin}/message/${randomUUID()}` });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res)
      .catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(err));
      })
      .finally(() => {
        for (const w of [...waiters]) w();
      });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    received,
    requests,
    get acceptedCount() {
      return accepted;
    },
    subscribe(opts = {}) {
      const ecdh = createECDH("prime256v1");
      ecdh.generateKeys();
      const auth = randomBytes(16).toString("base64url");
      const id = randomBytes(12).toString("base64url");
      subs.set(id, {
        ecdh,
        auth,
        applicationServerKey: opts.applicationServerKey ?? null,
        script: [],
        gone: false,
      });
      return {
        id,
        endpoint: `${origin}/push/${id}`,
        keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth },
      };
    },
    unsubscribe(s) {
      const state = subs.get(idOf(s));
      if (state) state.gone = true;
    },
    respondWith(s, a) {
      const state = subs.get(idOf(s));
      if (!state) throw new Error(`no subscription ${idOf(s)}`);
      state.script.push({
        status: a.status,
        left: a.times ?? Number.POSITIVE_INFINITY,
        ...(a.retryAfter ? { retryAfter: a.retryAfter } : {}),
      });
    },
    messagesFor(s) {
      const id = idOf(s);
      return received.filter((m) => m.subscriptionId === id);
    },
    waitFor(predicate, timeoutMs = 5000) {
      if (predicate()) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!predicate()) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`local push endpoint: condition not met within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === "string" ? value : null;
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) tooBig = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(tooBig ? null : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

type VapidCheck = { aud: string; exp: number; sub: string; publicKey: string } | { error: string };

/**
 * Checks a VAPID Authorization header (RFC 8292 §3): `vapid t=<JWT>, k=<P-256 public key>`.
 * @param nowSeconds wall clock, seconds since the epoch
 */
export function verifyVapid(
  authorization: string | undefined,
  audience: string,
  nowSeconds: number,
): VapidCheck {
  if (!authorization) return { error: "no Authorization header" };
  const m = /^vapid\s+(.+)$/i.exec(authorization.trim());
  if (!m) return { error: "Authorization scheme is not vapid" };
  const params = new Map<string, string>();
  for (const part of m[1]!.split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) params.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  const token = params.get("t");
  const key = params.get("k");
  if (!token || !key) return { error: "vapid header needs t= and k=" };
  const pub = Buffer.from(key, "base64url");
  if (pub.length !== 65 || pub[0] !== 0x04) return { error: "k is not an uncompressed P-256 key" };
  const parts = token.split(".");
  if (parts.length !== 3) return { error: "t is not a JWS compact serialization" };
  const [head, claims, signature] = parts as [string, string, string];
  let header: { alg?: unknown; typ?: unknown };
  let body: { aud?: unknown; exp?: unknown; sub?: unknown };
  try {
    header = JSON.parse(Buffer.from(head, "base64url").toString("utf8"));
    body = JSON.parse(Buffer.from(claims, "base64url").toString("utf8"));
  } catch {
    return { error: "JWT parts are not JSON" };
  }
  if (header.alg !== "ES256") return { error: `JWT alg must be ES256, not ${String(header.alg)}` };
  if (header.typ !== undefined && header.typ !== "JWT") return { error: "JWT typ must be JWT" };
  let publicKey: ReturnType<typeof createPublicKey>;
  try {
    publicKey = createPublicKey({
      format: "jwk",
      key: {
        kty: "EC",
        crv: "P-256",
        x: pub.subarray(1, 33).toString("base64url"),
        y: pub.subarray(33).toString("base64url"),
      },
    });
  } catch {
    return { error: "k is not a point on P-256" };
  }
  const sig = Buffer.from(signature, "base64url");
  const ok =
    sig.length === 64 &&
    verify("sha256", Buffer.from(`${head}.${claims}`), { key: publicKey, dsaEncoding: "ieee-p1363" }, sig);
  if (!ok) return { error: "JWT signature does not verify with k" };
  if (body.aud !== audience) return { error: `JWT aud ${String(body.aud)} is not ${audience}` };
  if (typeof body.exp !== "number" || !Number.isInteger(body.exp)) return { error: "JWT exp missing" };
  if (body.exp <= nowSeconds) return { error: "JWT expired" };
  if (body.exp > nowSeconds + MAX_EXP_AHEAD_S) return { error: "JWT exp more than 24 h ahead" };
  if (typeof body.sub !== "string" || !/^(mailto:|https:)/.test(body.sub)) {
    return { error: "JWT sub must be a mailto: or https: URL" };
  }
  return { aud: body.aud, exp: body.exp, sub: body.sub, publicKey: key };
}
