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
  /** 400: the body or a parameter is not what the route expects. */
  InvalidInput: "invalid_input",
  /** 415: a request body that is not `application/json`. */
  UnsupportedMediaType: "unsupported_media_type",
  /** 401: no credential was sent. */
  Unauthenticated: "unauthenticated",
  /** 401: a credential was sent but is unknown, malformed or replaced by a rotation. */
  CredentialInvalid: "credential_invalid",
  /** 401 (HTTP) / close 4403 (WebSocket): the device was signed out or revoked. */
  DeviceRevoked: "device_revoked",
  /** 401 (HTTP) / close 4403 (WebSocket): the device's member is disabled or not in the directory. */
  MemberDisabled: "member_disabled",
  /** 403: a cookie-authenticated state-changing request without `X-HopSo-Request: 1`, or from another origin. */
  CsrfCheckFailed: "csrf_check_failed",
  /** 429: too many attempts from this client; see `Retry-After`. */
  RateLimited: "rate_limited",
  /** 400: no invitation has this code (also for malformed codes). */
  InvalidCode: "invalid_code",
  /** 400: the invitation's expiry has passed. */
  InvitationExpired: "invitation_expired",
  /** 400: the invitation was already redeemed (or revoked). */
  InvitationUsed: "invitation_used",
  /** 400: `publicKeyJwk` is not an ECDSA P-256 public key. */
  InvalidPublicKey: "invalid_public_key",
  /** 409: the request conflicts with the current state (e.g. the workspace already has members). */
  Conflict: "conflict",
  /** 409: the motion is not a secret ballot (its votes go into the participation document). */
  BallotNotSecret: "ballot_not_secret",
  /** 409: the secret ballot is not open (never opened, past its time limit, or sealed). */
  BallotNotOpen: "ballot_not_open",
  /** 403: the member is not on the motion's eligible list. */
  BallotNotEligible: "ballot_not_eligible",
  /** 409: the member already cast their secret ballot (it cannot be changed). */
  BallotAlreadyVoted: "ballot_already_voted",
  /** 400: the choice is not one of the motion's. */
  BallotInvalidChoice: "ballot_invalid_choice",
  /** 403: only the chair or a secretary closes a secret ballot. */
  BallotNotChair: "ballot_not_chair",
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
