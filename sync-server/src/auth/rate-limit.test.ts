import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit.ts";

describe("RateLimiter", () => {
  it("allows `limit` attempts per window and key, then says how long to wait", () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({ limit: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i++) expect(limiter.hit("10.0.0.1").allowed).toBe(true);
    expect(limiter.hit("10.0.0.1")).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(limiter.check("10.0.0.1").allowed).toBe(false);
    expect(limiter.hit("10.0.0.2").allowed).toBe(true);
    now += 45_500;
    expect(limiter.check("10.0.0.1")).toEqual({ allowed: false, retryAfterSeconds: 15 });
    now += 15_000;
    expect(limiter.check("10.0.0.1").allowed).toBe(true);
    expect(limiter.hit("10.0.0.1").allowed).toBe(true);
  });

  it("stays bounded under a flood of distinct keys", () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 100 });
    for (let i = 0; i < 1000; i++) limiter.hit(`k${i}`);
    // The most recent keys are still counted.
    expect(limiter.hit("k999").allowed).toBe(false);
  });
});
