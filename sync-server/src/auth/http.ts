/**
 * HTTP side of authentication: reading credentials (cookie `hopso_device` or `Authorization: Bearer`),
 * the device cookie, the CSRF guard, the admin-token check, client addresses and origins, and JSON
 * bodies. Used by routes/api.ts, routes/admin.ts and routes/sync.ts.
 */
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { z } from "zod";
import { ApiError, ApiErrorCode } from "../errors.ts";
import { secretsEqual } from "./secrets.ts";
import { type AuthOutcome, type AuthService, RateLimitedError } from "./service.ts";

/** Name of the HttpOnly cookie holding the device credential. */
export const DEVICE_COOKIE = "hopso_device";
/** Cookie lifetime: 400 days, the most browsers keep (RFC 6265bis). */
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 400 * 24 * 3600;
/** Header every cookie-authenticated state-changing request must carry with value "1". */
export const CSRF_HEADER = "X-HopSo-Request";
/** Largest JSON body accepted, bytes. */
export const MAX_JSON_BYTES = 64 * 1024;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Deployment settings the HTTP checks need. */
export interface HttpSecurity {
  /** Trust X-Forwarded-For / X-Forwarded-Proto (behind a reverse proxy only). */
  readonly trustProxy: boolean;
  /** The app's origin if configured (PUBLIC_ORIGIN), else derived per request. */
  readonly publicOrigin: string | null;
  /** Extra origins allowed for cookie requests and /sync. */
  readonly allowedOrigins: readonly string[];
  /** Who may reach /admin/*. */
  readonly adminApi: "local" | "any" | "off";
  /** The admin token (DATA_DIR/admin-token). */
  readonly adminToken: string;
}

/** An authenticated device, as middleware leaves it on the context. */
export type AuthenticatedDevice = Extract<AuthOutcome, { ok: true }>;

/** Hono environment of authenticated routes. */
export type DeviceEnv = { Variables: { auth: AuthenticatedDevice; via: "cookie" | "bearer" } };

/** The client's address: the socket's peer, or with `trustProxy` the last X-Forwarded-For hop. */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-for");
    const last = forwarded?.split(",").pop()?.trim();
    if (last) return last;
  }
  return socketAddress(c) ?? "unknown";
}

function socketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
}

/** True if the request came over https (directly, or per X-Forwarded-Proto with `trustProxy`). */
export function isHttps(c: Context, security: HttpSecurity): boolean {
  if (security.publicOrigin) return security.publicOrigin.startsWith("https:");
  if (security.trustProxy && c.req.header("x-forwarded-proto")?.split(",")[0]?.trim() === "https")
    return true;
  return new URL(c.req.url).protocol === "https:";
}

/** The origin the app is served at: PUBLIC_ORIGIN, else this request's scheme and Host. */
export function appOrigin(c: Context, security: HttpSecurity): string {
  if (security.publicOrigin) return security.publicOrigin;
  const host = (security.trustProxy && c.req.header("x-forwarded-host")) || c.req.header("host");
  const scheme = isHttps(c, security) ? "https" : "http";
  return host ? `${scheme}://${host}` : new URL(c.req.url).origin;
}

/** May a browser page at `origin` talk to the relay with the member's cookie? */
export function originAllowed(origin: string, c: Context, security: HttpSecurity): boolean {
  if (security.allowedOrigins.includes(origin)) return true;
  if (origin === appOrigin(c, security)) return true;
  // Same host as the request (covers http/https mismatches behind proxies that do not say which).
  try {
    return new URL(origin).host === (c.req.header("host") ?? "");
  } catch {
    return false;
  }
}

/** The credential of a request: `Authorization: Bearer …` first, then the cookie. */
export function readCredential(c: Context): { credential: string; via: "cookie" | "bearer" } | undefined {
  const bearer = bearerToken(c);
  if (bearer !== undefined) return { credential: bearer, via: "bearer" };
  const cookie = getCookie(c, DEVICE_COOKIE);
  if (cookie) return { credential: cookie, via: "cookie" };
  return undefined;
}

function bearerToken(c: Context): string | undefined {
  const header = c.req.header("authorization");
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : "";
}

/** Sets the device cookie: HttpOnly, SameSite=Strict, Path=/, 400 days, Secure over https. */
export function setDeviceCookie(c: Context, credential: string, security: HttpSecurity): void {
  setCookie(c, DEVICE_COOKIE, credential, {
    httpOnly: true,
    sameSite: "Strict",
    path: "/",
    maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS,
    secure: isHttps(c, security),
  });
}

/** Removes the device cookie (after the current device signed itself out). */
export function clearDeviceCookie(c: Context, security: HttpSecurity): void {
  deleteCookie(c, DEVICE_COOKIE, {
    path: "/",
    httpOnly: true,
    sameSite: "Strict",
    secure: isHttps(c, security),
  });
}

const FAILURE_MESSAGES: Record<string, string> = {
  [ApiErrorCode.Unauthenticated]: "Sign in first: no device credential was sent",
  [ApiErrorCode.CredentialInvalid]: "The device credential is not valid",
  [ApiErrorCode.DeviceRevoked]: "This device was signed out; sign in again with a new invitation",
  [ApiErrorCode.MemberDisabled]: "This member's access has ended",
};

/** Turns a failed authentication into the ApiError the routes throw (401, or 429 with Retry-After). */
export function authError(outcome: Extract<AuthOutcome, { ok: false }>): ApiError {
  if (outcome.code === ApiErrorCode.RateLimited) {
    const seconds = outcome.retryAfterSeconds ?? 60;
    return new RateLimitedError(
      seconds,
      `Too many failed sign-ins from this address; try again in ${seconds} s`,
    );
  }
  return new ApiError(401, outcome.code, FAILURE_MESSAGES[outcome.code] ?? "Not authenticated");
}

/**
 * Middleware: the request must carry a working device credential. Sets `auth` (device, member,
 * subject) and `via`. A cookie-authenticated request that changes state must also carry
 * `X-HopSo-Request: 1` and, if it has an Origin, an allowed one (403 csrf_check_failed): SameSite=Strict
 * already keeps other sites' requests cookie-less; this is the second lock.
 *
 * @throws ApiError 401 unauthenticated | credential_invalid | device_revoked | member_disabled,
 *   429 rate_limited, 403 csrf_check_failed
 */
export function requireDevice(auth: AuthService, security: HttpSecurity): MiddlewareHandler<DeviceEnv> {
  return async (c, next) => {
    const found = readCredential(c);
    const outcome = auth.authenticate(found?.credential, clientIp(c, security.trustProxy));
    if (!outcome.ok) throw authError(outcome);
    if (found!.via === "cookie" && !SAFE_METHODS.has(c.req.method)) {
      if (c.req.header(CSRF_HEADER) !== "1") {
        throw new ApiError(
          403,
          ApiErrorCode.CsrfCheckFailed,
          `Requests that change something need the header ${CSRF_HEADER}: 1`,
        );
      }
      const origin = c.req.header("origin");
      if (origin && !originAllowed(origin, c, security)) {
        throw new ApiError(403, ApiErrorCode.CsrfCheckFailed, `Origin ${origin} may not send requests here`);
      }
    }
    c.set("auth", outcome);
    c.set("via", found!.via);
    await next();
  };
}

/**
 * Middleware for `/admin/*`: `Authorization: Bearer <admin token>`. With ADMIN_API=local (default)
 * only loopback clients reach it, with "off" nobody; others get 404 as if it did not exist. Wrong
 * tokens count as failed authentications (rate limited like device credentials).
 *
 * @throws ApiError 404 not_found, 401 unauthenticated | credential_invalid, 429 rate_limited
 */
export function requireAdmin(auth: AuthService, security: HttpSecurity): MiddlewareHandler {
  return async (c, next) => {
    if (security.adminApi === "off" || (security.adminApi === "local" && !isLoopback(socketAddress(c)))) {
      throw new ApiError(404, ApiErrorCode.NotFound, "Not found");
    }
    const ip = clientIp(c, security.trustProxy);
    const token = bearerToken(c);
    if (!token)
      throw new ApiError(
        401,
        ApiErrorCode.Unauthenticated,
        "The admin API needs Authorization: Bearer <admin token>",
      );
    const limit = auth.authLimit(ip);
    if (!limit.allowed) {
      throw new RateLimitedError(
        limit.retryAfterSeconds,
        `Too many failed sign-ins from this address; try again in ${limit.retryAfterSeconds} s`,
      );
    }
    if (!secretsEqual(token, security.adminToken)) {
      auth.recordAuthFailure(ip, "admin_token_invalid");
      throw new ApiError(
        401,
        ApiErrorCode.CredentialInvalid,
        "The admin token is not valid (see DATA_DIR/admin-token)",
      );
    }
    await next();
  };
}

/**
 * Reads a request body as UTF-8 text, stopping as soon as it exceeds `maxBytes` — also for a chunked
 * body without Content-Length, which would otherwise be buffered whole before any size check.
 * @throws ApiError 400 invalid_input when the body is larger than `maxBytes`
 */
async function readBodyCapped(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new ApiError(400, ApiErrorCode.InvalidInput, "Body too large");
    }
    parts.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(parts));
}

/**
 * Reads and validates a JSON request body.
 * @throws ApiError 415 unsupported_media_type (not application/json), 400 invalid_input (too large,
 *   not JSON, or not matching `schema`; the message names the fields)
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ApiError(415, ApiErrorCode.UnsupportedMediaType, "Send the body as application/json");
  }
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > MAX_JSON_BYTES) throw new ApiError(400, ApiErrorCode.InvalidInput, "Body too large");
  const text = await readBodyCapped(c.req.raw, MAX_JSON_BYTES);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError(400, ApiErrorCode.InvalidInput, "The body is not valid JSON");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`)
      .join("; ");
    throw new ApiError(400, ApiErrorCode.InvalidInput, detail);
  }
  return parsed.data;
}
