/**
 * The relay's HTTP API as the app uses it (docs/relay-protocol.md, docs/ISSUE3-CONTRACT.md).
 *
 * - The device credential is an HttpOnly cookie the page never sees; every request sends it
 *   (`credentials: "same-origin"`).
 * - State-changing requests carry `X-HopSo-Request: 1` (the relay's CSRF guard on top of SameSite).
 * - Errors are `{error: {code, message}}`; they become an {@link ApiError} with that code. A request that
 *   never reached the relay is `ApiError(0, "offline")`.
 * - A 401 means this device's access has ended: listeners registered with {@link onAccessRefused} are
 *   told (state/session.ts stops syncing and shows why), unless the caller opts out.
 */

/** 401 codes: the device may no longer use the relay. */
export const ACCESS_END_REASONS = [
  "unauthenticated",
  "credential_invalid",
  "device_revoked",
  "member_disabled",
] as const;
export type AccessEndReason = (typeof ACCESS_END_REASONS)[number];

/** Reasons after which the app erases local meeting data before saying why. */
export const WIPE_REASONS: ReadonlySet<string> = new Set<AccessEndReason>([
  "device_revoked",
  "member_disabled",
]);

export function isAccessEndReason(code: unknown): code is AccessEndReason {
  return typeof code === "string" && (ACCESS_END_REASONS as readonly string[]).includes(code);
}

/** Header every state-changing request must carry. */
export const CSRF_HEADER = "X-HopSo-Request";

/** A refused or failed API request. `status` 0: the relay could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** From `Retry-After` (seconds) on 429 and 503. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get offline(): boolean {
    return this.status === 0;
  }
}

type RefusalListener = (reason: AccessEndReason) => void;
const refusalListeners = new Set<RefusalListener>();

/** Calls `listener` whenever the relay answers 401; returns an unsubscribe function. */
export function onAccessRefused(listener: RefusalListener): () => void {
  refusalListeners.add(listener);
  return () => refusalListeners.delete(listener);
}

export interface ApiRequest {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  /** Whether a 401 ends this device's access (default true; false for sign-in itself). */
  endsAccessOn401?: boolean;
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, Math.ceil((date - Date.now()) / 1000)) : undefined;
}

/**
 * Calls the relay and returns the parsed JSON body.
 * @throws ApiError (status 0 "offline" when the relay could not be reached)
 */
export async function api<T>(path: string, request: ApiRequest = {}): Promise<T> {
  const method = request.method ?? "GET";
  const headers: Record<string, string> = { accept: "application/json" };
  if (method !== "GET") headers[CSRF_HEADER] = "1";
  if (request.body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      cache: "no-store",
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
  } catch (error) {
    if (request.signal?.aborted) throw error;
    throw new ApiError(0, "offline", error instanceof Error ? error.message : String(error));
  }
  let body: unknown;
  const text = await response.text().catch(() => "");
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (response.ok) {
    if (body === undefined && response.status !== 204) {
      throw new ApiError(response.status, "bad_response", `${method} ${path}: not JSON`);
    }
    return body as T;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const code =
    typeof error?.code === "string" ? error.code : response.status === 401 ? "unauthenticated" : "http_error";
  const message =
    typeof error?.message === "string" ? error.message : `${method} ${path}: ${response.status}`;
  const failure = new ApiError(
    response.status,
    code,
    message,
    parseRetryAfter(response.headers.get("retry-after")),
  );
  if (response.status === 401 && request.endsAccessOn401 !== false) {
    const reason: AccessEndReason = isAccessEndReason(code) ? code : "unauthenticated";
    for (const listener of [...refusalListeners]) listener(reason);
  }
  throw failure;
}
