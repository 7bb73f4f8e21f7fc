/**
 * In-memory rate limiting per key (a client IP): a fixed window per key. Enough for one relay
 * process; several processes behind a load balancer would each count on their own (see
 * docs/relay-protocol.md).
 */

/** The outcome of one attempt. */
export interface RateDecision {
  readonly allowed: boolean;
  /** Whole seconds until the key's window ends (for `Retry-After`); 0 when allowed. */
  readonly retryAfterSeconds: number;
}

export interface RateLimiterOptions {
  /** Attempts allowed per window. */
  readonly limit: number;
  /** Window length, ms. */
  readonly windowMs: number;
  /** Clock, ms since the epoch. */
  readonly now?: () => number;
  /** Keys remembered before expired windows are swept (memory bound). Default 50 000. */
  readonly maxKeys?: number;
}

interface Window {
  count: number;
  resetAt: number;
}

/** Counts attempts per key in fixed windows of `windowMs`. */
export class RateLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #maxKeys: number;
  readonly #windows = new Map<string, Window>();

  constructor(options: RateLimiterOptions) {
    this.#limit = options.limit;
    this.#windowMs = options.windowMs;
    this.#now = options.now ?? Date.now;
    this.#maxKeys = options.maxKeys ?? 50_000;
  }

  /** Would an attempt by `key` be allowed now? Does not count one. */
  check(key: string): RateDecision {
    const w = this.#current(key);
    if (!w || w.count < this.#limit) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((w.resetAt - this.#now()) / 1000)) };
  }

  /** Counts one attempt by `key`, then says whether it was within the limit. */
  hit(key: string): RateDecision {
    const now = this.#now();
    let w = this.#current(key);
    if (!w) {
      if (this.#windows.size >= this.#maxKeys) this.#sweep(now);
      w = { count: 0, resetAt: now + this.#windowMs };
      this.#windows.set(key, w);
    }
    w.count += 1;
    if (w.count <= this.#limit) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((w.resetAt - now) / 1000)) };
  }

  #current(key: string): Window | undefined {
    const w = this.#windows.get(key);
    if (w && w.resetAt <= this.#now()) {
      this.#windows.delete(key);
      return undefined;
    }
    return w;
  }

  #sweep(now: number): void {
    for (const [key, w] of this.#windows) if (w.resetAt <= now) this.#windows.delete(key);
    // Still full (a flood of distinct keys): forget the oldest half rather than grow without bound.
    if (this.#windows.size >= this.#maxKeys) {
      let drop = Math.floor(this.#windows.size / 2);
      for (const key of this.#windows.keys()) {
        if (drop-- <= 0) break;
        this.#windows.delete(key);
      }
    }
  }
}
