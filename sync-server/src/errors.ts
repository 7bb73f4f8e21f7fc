import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Machine-readable codes of the relay's HTTP error bodies (`{error: {code, message}}`). */
export const ApiErrorCode = {
  NotFound: "not_found",
  MethodNotAllowed: "method_not_allowed",
  UpgradeRequired: "upgrade_required",
  PwaNotBuilt: "pwa_not_built",
  BadRequest: "bad_request",
  Internal: "internal",
} as const;
export type ApiErrorCode = (typeof ApiErrorCode)[keyof typeof ApiErrorCode];

/** The one shape of every error the relay answers over HTTP. */
export interface ApiErrorBody {
  error: { code: ApiErrorCode | string; message: string };
}

/** Thrown by routes; the app's `onError` turns it into `{error: {code, message}}` with `status`. */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(status, { message });
    this.name = "ApiError";
  }
}

/** Builds the JSON error body. */
export function errorBody(code: ApiErrorCode | string, message: string): ApiErrorBody {
  return { error: { code, message } };
}

/** A problem that stops the relay from starting (bad DATA_DIR contents, storage not ready…). */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StartupError";
  }
}
