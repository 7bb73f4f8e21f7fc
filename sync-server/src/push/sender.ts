import http from "node:http";
import https from "node:https";
import { setTimeout as delay } from "node:timers/promises";
import webpush, { type RequestOptions } from "web-push";
import type { Reminder, Urgency } from "../../../shared/src/reminders/index.ts";
import type { Logger } from "../logger.ts";
import { reminderPayload, reminderTopic } from "./payload.ts";
import type { VapidAuthorizer } from "./vapid.ts";

/**
 * Sends one Web Push message to one device: payload encrypted with aes128gcm (RFC 8291, by web-push's
 * `generateRequestDetails`), our own cached VAPID header (vapid.ts), and node:http(s) with keep-alive
 * agents — which, unlike `webpush.sendNotification`, also reaches an http:// endpoint (the local push
 * service of the tests). node:http costs about a quarter of the CPU of the global fetch per request
 * (bench/push.ts); a `fetch` can still be passed in (tests use it to simulate crashes).
 *
 * Answers: 2xx delivered; 404/410 gone (the caller deletes the subscription); 429, 5xx, network errors
 * and timeouts are retried with exponential backoff and jitter, honouring Retry-After, a bounded number
 * of times and only while the message is still relevant; any other status (400, 401/403 — VAPID key not
 * the one the device subscribed with —, 413…) is logged and dropped.
 */

/** Where to send: a stored subscription (or anything with these fields). Secrets: never log. */
export interface PushTarget {
  readonly deviceId: string;
  readonly endpoint: string;
  readonly p256dh: string;
  readonly auth: string;
}

/** One message. */
export interface PushMessage {
  /** Plaintext (JSON), encrypted per device. */
  readonly payload: string;
  readonly urgency: Urgency;
  /** RFC 8030 §5.4: up to 32 base64url characters. */
  readonly topic?: string;
  /** ms UTC when it stops being relevant: TTL = the whole seconds left; no attempt at or after it. */
  readonly expiresAt: number;
}

/** One HTTP exchange with a push service. */
export interface PushRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array | null;
  /** Aborts the request (the sender's signal). */
  readonly signal?: AbortSignal;
  readonly timeoutMs: number;
}

/** The answer; `body` is read (and cut to a few KB) so the connection can be reused. */
export interface PushResponse {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly body: string;
}

/** Sends a request; rejects on network errors, timeouts and aborts. `close` drops idle connections. */
export type PushTransport = ((request: PushRequest) => Promise<PushResponse>) & { close?: () => void };

/** What became of a message. `attempts` counts HTTP requests made. */
export type SendResult =
  | { readonly outcome: "delivered"; readonly status: number; readonly attempts: number }
  | { readonly outcome: "gone"; readonly status: number; readonly attempts: number }
  | { readonly outcome: "rejected"; readonly status: number; readonly attempts: number }
  | { readonly outcome: "expired"; readonly attempts: number; readonly status?: number }
  | {
      readonly outcome: "failed";
      readonly attempts: number;
      readonly status?: number;
      readonly error?: string;
    }
  | { readonly outcome: "aborted"; readonly attempts: number };

export interface RetryPolicy {
  /** Most HTTP requests per message (default 5). */
  readonly maxAttempts: number;
  /** Backoff before the 2nd request; doubled each time (default 1 s). */
  readonly baseDelayMs: number;
  /** Cap of one backoff (default 5 min). */
  readonly maxDelayMs: number;
  /** A Retry-After longer than this gives up (default 1 h). */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 5 * 60_000,
  maxRetryAfterMs: 60 * 60_000,
};

export interface PushSenderOptions {
  readonly vapid: VapidAuthorizer;
  /** Clock for TTL and relevance, ms UTC (the scheduler's clock). */
  readonly now?: () => number;
  /** How requests go out (default {@link nodeTransport}); see also `fetch`. */
  readonly transport?: PushTransport;
  /** Send through this fetch instead (tests); ignored when `transport` is given. */
  readonly fetch?: typeof fetch;
  /** Waits between attempts; rejects with the signal's reason when aborted. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** [0, 1) for jitter. */
  readonly random?: () => number;
  readonly retry?: Partial<RetryPolicy>;
  /** Per-request timeout (default 15 s). */
  readonly timeoutMs?: number;
  /** Most requests in flight at once, over all sends (default 32); backoff waits hold no slot. */
  readonly concurrency?: number;
  readonly logger?: Logger;
}

// web-push is CommonJS whose exports Node's ESM loader cannot name: use the default import.
// web-push treats a null vapidDetails as "no VAPID" (its typings only allow undefined); the header is
// ours, cached (vapid.ts).
const NO_VAPID = { vapidDetails: null } as unknown as RequestOptions;

export class PushSender {
  readonly #vapid: VapidAuthorizer;
  readonly #now: () => number;
  readonly #transport: PushTransport;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #random: () => number;
  readonly #retry: RetryPolicy;
  readonly #timeoutMs: number;
  readonly #log: Logger | undefined;
  readonly #slots: Semaphore;

  constructor(options: PushSenderOptions) {
    this.#vapid = options.vapid;
    this.#now = options.now ?? Date.now;
    this.#transport =
      options.transport ??
      (options.fetch
        ? fetchTransport(options.fetch)
        : nodeTransport({ maxSockets: options.concurrency ?? 32 }));
    this.#sleep = options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
    this.#random = options.random ?? Math.random;
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#log = options.logger?.child({ component: "push" });
    this.#slots = new Semaphore(options.concurrency ?? 32);
  }

  /** Closes idle keep-alive connections (call after the last send). */
  close(): void {
    this.#transport.close?.();
  }

  /** Sends a reminder (payload.ts) with its urgency, a Topic from its key and a TTL up to its expiresAt. */
  sendReminder(target: PushTarget, reminder: Reminder, signal?: AbortSignal): Promise<SendResult> {
    return this.send(
      target,
      {
        payload: JSON.stringify(reminderPayload(reminder)),
        urgency: reminder.urgency,
        topic: reminderTopic(reminder.key),
        expiresAt: reminder.expiresAt,
      },
      signal,
    );
  }

  /**
   * Sends one message, retrying as the class describes.
   * @param signal aborts a waiting retry or a request in flight (outcome "aborted")
   */
  async send(target: PushTarget, message: PushMessage, signal?: AbortSignal): Promise<SendResult> {
    const { maxAttempts, baseDelayMs, maxDelayMs, maxRetryAfterMs } = this.#retry;
    const log = this.#log?.child({ deviceId: target.deviceId, pushService: safeOrigin(target.endpoint) });
    let attempts = 0;
    let lastStatus: number | undefined;
    let lastError: string | undefined;
    for (;;) {
      if (signal?.aborted) return { outcome: "aborted", attempts };
      const left = message.expiresAt - this.#now();
      if (left <= 0) return expired(attempts, lastStatus);
      attempts++;
      let retryAfterMs: number | null = null;
      try {
        const { status, retryAfter, body } = await this.#slots.run(() =>
          this.#post(target, message, Math.floor(left / 1000), signal),
        );
        lastStatus = status;
        lastError = undefined;
        if (status >= 200 && status < 300) return { outcome: "delivered", status, attempts };
        if (status === 404 || status === 410) {
          log?.info({ status }, "push subscription is gone");
          return { outcome: "gone", status, attempts };
        }
        if (status !== 429 && status < 500) {
          log?.warn({ status, body: body.slice(0, 200) }, "push service refused the message");
          return { outcome: "rejected", status, attempts };
        }
        retryAfterMs = parseRetryAfter(retryAfter, this.#now());
      } catch (err) {
        if (signal?.aborted) return { outcome: "aborted", attempts };
        lastStatus = undefined;
        lastError = describeError(err);
      }
      if (attempts >= maxAttempts) {
        log?.warn({ attempts, status: lastStatus, error: lastError }, "push failed; giving up");
        return failed(attempts, lastStatus, lastError);
      }
      if (retryAfterMs !== null && retryAfterMs > maxRetryAfterMs) {
        log?.warn({ retryAfterMs }, "push service asks to wait too long; giving up");
        return failed(attempts, lastStatus, lastError);
      }
      const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempts - 1));
      const wait = Math.max(retryAfterMs ?? 0, backoff / 2 + (this.#random() * backoff) / 2);
      if (this.#now() + wait >= message.expiresAt) return expired(attempts, lastStatus);
      log?.debug({ attempts, status: lastStatus, error: lastError, waitMs: Math.round(wait) }, "push retry");
      try {
        await this.#sleep(wait, signal);
      } catch (err) {
        if (signal?.aborted) return { outcome: "aborted", attempts };
        throw err;
      }
    }
  }

  #post(target: PushTarget, message: PushMessage, ttl: number, signal?: AbortSignal): Promise<PushResponse> {
    const details = webpush.generateRequestDetails(
      { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
      message.payload,
      {
        ...NO_VAPID,
        TTL: ttl,
        urgency: message.urgency,
        contentEncoding: "aes128gcm",
        ...(message.topic ? { topic: message.topic } : {}),
      },
    );
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(details.headers)) headers[name] = String(value);
    headers.Authorization = this.#vapid.authorization(target.endpoint);
    return this.#transport({
      url: details.endpoint,
      headers,
      body: details.body,
      timeoutMs: this.#timeoutMs,
      ...(signal ? { signal } : {}),
    });
  }
}

const MAX_RESPONSE_BODY = 4096;

/**
 * Requests over node:http/https with keep-alive agents (one connection pool per push service origin).
 * Redirects are not followed (a push service does not redirect; following one would let an endpoint
 * point the relay elsewhere): a 3xx is an answer like any other.
 */
export function nodeTransport(options: { maxSockets?: number } = {}): PushTransport {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 32, scheduling: "lifo" as const };
  const agents = { "http:": new http.Agent(agentOptions), "https:": new https.Agent(agentOptions) };
  const send: PushTransport = (request) =>
    new Promise<PushResponse>((resolve, reject) => {
      const url = new URL(request.url);
      const agent =
        url.protocol === "https:" ? agents["https:"] : url.protocol === "http:" ? agents["http:"] : null;
      if (!agent) {
        reject(new Error(`unsupported endpoint scheme ${url.protocol}`));
        return;
      }
      const client = url.protocol === "https:" ? https : http;
      const req = client.request(
        url,
        {
          method: "POST",
          agent,
          headers: request.headers,
          ...(request.signal ? { signal: request.signal } : {}),
        },
        (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => {
            if (body.length < MAX_RESPONSE_BODY) body += chunk;
          });
          res.on("end", () => {
            const retryAfter = res.headers["retry-after"];
            resolve({
              status: res.statusCode ?? 0,
              retryAfter: typeof retryAfter === "string" ? retryAfter : null,
              body: body.slice(0, MAX_RESPONSE_BODY),
            });
          });
          res.on("error", reject);
        },
      );
      req.setTimeout(request.timeoutMs, () =>
        req.destroy(new Error(`no answer within ${request.timeoutMs} ms`)),
      );
      req.on("error", reject);
      req.end(request.body ?? undefined);
    });
  send.close = () => {
    agents["http:"].destroy();
    agents["https:"].destroy();
  };
  return send;
}

/** Requests through a fetch function (tests inject one to delay, drop or inspect requests). */
export function fetchTransport(fetchImpl: typeof fetch): PushTransport {
  return async (request) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      // fetch computes Content-Length itself.
      if (name.toLowerCase() !== "content-length") headers.set(name, value);
    }
    const timeout = AbortSignal.timeout(request.timeoutMs);
    const response = await fetchImpl(request.url, {
      method: "POST",
      headers,
      body: request.body ? new Uint8Array(request.body) : null,
      signal: request.signal ? AbortSignal.any([request.signal, timeout]) : timeout,
      redirect: "manual",
    });
    const body = await response.text().catch(() => "");
    return {
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
      body: body.slice(0, MAX_RESPONSE_BODY),
    };
  };
}

const expired = (attempts: number, status?: number): SendResult =>
  status === undefined ? { outcome: "expired", attempts } : { outcome: "expired", attempts, status };

function failed(attempts: number, status?: number, error?: string): SendResult {
  return {
    outcome: "failed",
    attempts,
    ...(status === undefined ? {} : { status }),
    ...(error === undefined ? {} : { error }),
  };
}

/**
 * Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
 * @returns ms to wait (≥ 0), or null when absent or unreadable
 */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The origin of an endpoint for logs (the path is a capability and stays out of logs). */
function safeOrigin(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    return "(invalid)";
  }
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  const code = cause && typeof cause === "object" && "code" in cause ? ` (${String(cause.code)})` : "";
  return `${err.name}: ${err.message}${code}`;
}

/** Runs at most `size` tasks at once, first come first served. */
class Semaphore {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(size: number) {
    if (!(Number.isInteger(size) && size >= 1)) throw new Error("concurrency must be a whole number ≥ 1");
    this.#free = size;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}
