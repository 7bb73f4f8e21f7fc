/**
 * Devices and their credentials: invitation redemption (onboarding), authentication of every request
 * and WebSocket upgrade, credential rotation, signing devices out, and invitations.
 *
 * Secrets never leave this module except once, to their owner: an invitation code to the admin who
 * issued it, a device credential to the device that redeemed (the HTTP layer puts it in an HttpOnly
 * cookie). Only SHA-256 digests are stored; nothing secret is logged.
 */
import { randomUUID } from "node:crypto";
import type { AccessSubject, MemberView } from "../../../shared/src/index.ts";
import type { AccessController } from "../access/controller.ts";
import type { WorkspaceDirectory } from "../access/directory.ts";
import { ApiError, ApiErrorCode } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { RateLimiter } from "./rate-limit.ts";
import {
  hashInvitationCode,
  hashSecret,
  isCredentialShaped,
  newDeviceCredential,
  newInvitationCode,
  normalizeInvitationCode,
  parsePublicKeyJwk,
} from "./secrets.ts";
import type { DeviceRow, InvitationRow, RelayStore } from "./store.ts";

/** Default invitation lifetime: 7 days. */
export const DEFAULT_INVITATION_SECONDS = 7 * 24 * 3600;
/** Longest invitation lifetime: 90 days. */
export const MAX_INVITATION_SECONDS = 90 * 24 * 3600;
/** How often a device's `lastSeenAt` is written at most (ms). */
const LAST_SEEN_RESOLUTION_MS = 60_000;

/** What a device needs to start, and caches for offline starts (`GET /api/bootstrap`). */
export interface Session {
  readonly memberId: string;
  readonly deviceId: string;
  /** The workspace document ("automerge:…"). */
  readonly workspaceUrl: string;
  /** The member's private document ("automerge:…"). */
  readonly privateUrl: string;
  /** Days without reaching the relay after which the app locks meeting data (workspace setting). */
  readonly offlineLockDays: number;
  /** The relay's clock, ISO 8601 UTC (lets the app notice a wrong device clock). */
  readonly serverTime: string;
}

/** A device as its member sees it (`GET /api/me/devices`). Times are ISO 8601 UTC. */
export interface DeviceView {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastSeenAt: string | null;
  readonly revokedAt: string | null;
  /** True for the device making the request. */
  readonly current: boolean;
}

/** A device as the admin API shows it. */
export interface AdminDeviceView extends Omit<DeviceView, "current"> {
  readonly memberId: string;
  /** "self", "admin", or null while active. */
  readonly revokedBy: string | null;
}

/** A freshly issued invitation. `code` is shown once and never stored. */
export interface IssuedInvitation {
  readonly id: string;
  readonly memberId: string;
  readonly memberName: string;
  /** `XXXXX-XXXXX`. */
  readonly code: string;
  /** `<origin>/join#code=XXXXX-XXXXX` (the code is in the fragment, so it never reaches a server log). */
  readonly link: string;
  readonly expiresAt: string;
}

/** Why authentication failed; also the `error.code` (HTTP 401/429) and close reason (4401/4403/4429). */
export type AuthFailureCode =
  | typeof ApiErrorCode.Unauthenticated
  | typeof ApiErrorCode.CredentialInvalid
  | typeof ApiErrorCode.DeviceRevoked
  | typeof ApiErrorCode.MemberDisabled
  | typeof ApiErrorCode.RateLimited;

/** The outcome of checking a credential. */
export type AuthOutcome =
  | {
      readonly ok: true;
      readonly device: DeviceRow;
      readonly member: MemberView;
      readonly subject: AccessSubject;
    }
  | { readonly ok: false; readonly code: AuthFailureCode; readonly retryAfterSeconds?: number };

export interface AuthServiceOptions {
  readonly store: RelayStore;
  readonly directory: WorkspaceDirectory;
  readonly access: AccessController;
  readonly logger: Logger;
  /** Clock, ms since the epoch. */
  readonly now: () => number;
  readonly rateLimits: {
    readonly redeem: number;
    readonly authFailures: number;
    readonly windowSeconds: number;
  };
  /** Closes the sockets of a device whose access ended (4403 with `reason`). */
  readonly closeDeviceSockets: (deviceId: string, reason: string) => void;
  /** Called after a device is registered or revoked (the relay republishes the device key directory). */
  readonly onDevicesChanged?: () => void;
}

/** See the module comment. */
export class AuthService {
  readonly #store: RelayStore;
  readonly #directory: WorkspaceDirectory;
  readonly #access: AccessController;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #redeemLimiter: RateLimiter;
  readonly #failureLimiter: RateLimiter;
  readonly #closeDeviceSockets: (deviceId: string, reason: string) => void;
  readonly #onDevicesChanged: () => void;

  constructor(options: AuthServiceOptions) {
    this.#store = options.store;
    this.#directory = options.directory;
    this.#access = options.access;
    this.#log = options.logger.child({ component: "auth" });
    this.#now = options.now;
    const windowMs = options.rateLimits.windowSeconds * 1000;
    this.#redeemLimiter = new RateLimiter({ limit: options.rateLimits.redeem, windowMs, now: options.now });
    this.#failureLimiter = new RateLimiter({
      limit: options.rateLimits.authFailures,
      windowMs,
      now: options.now,
    });
    this.#closeDeviceSockets = options.closeDeviceSockets;
    this.#onDevicesChanged = options.onDevicesChanged ?? (() => undefined);
  }

  /**
   * Checks a device credential (from the `hopso_device` cookie or `Authorization: Bearer`).
   *
   * A credential that is malformed or unknown counts as a failed authentication for `clientKey`; past
   * the limit every attempt from that key is answered `rate_limited` until the window ends, valid or
   * not (so guessing gains nothing). A revoked device or disabled member is not a guess and does not
   * count.
   *
   * @param credential the credential, or undefined if none was sent
   * @param clientKey the client IP (rate limiting)
   */
  authenticate(credential: string | undefined, clientKey: string): AuthOutcome {
    if (credential === undefined || credential === "")
      return { ok: false, code: ApiErrorCode.Unauthenticated };
    const limited = this.#failureLimiter.check(clientKey);
    if (!limited.allowed) {
      return { ok: false, code: ApiErrorCode.RateLimited, retryAfterSeconds: limited.retryAfterSeconds };
    }
    const device = isCredentialShaped(credential)
      ? this.#store.deviceByCredentialHash(hashSecret(credential))
      : undefined;
    if (!device) {
      this.recordAuthFailure(clientKey, "credential_invalid");
      return { ok: false, code: ApiErrorCode.CredentialInvalid };
    }
    if (device.revokedAt !== null) return { ok: false, code: ApiErrorCode.DeviceRevoked };
    const subject = this.#directory.subject(device.memberId);
    const member = this.#directory.member(device.memberId);
    if (subject.disabled || !member) return { ok: false, code: ApiErrorCode.MemberDisabled };
    const now = this.#now();
    if (device.lastSeenAt === null || now - device.lastSeenAt >= LAST_SEEN_RESOLUTION_MS) {
      this.#store.touchDevice(device.id, now);
    }
    return { ok: true, device, member, subject };
  }

  /**
   * Counts a failed authentication (a wrong credential or admin token) for rate limiting.
   * @returns whether the client is still within the limit
   */
  recordAuthFailure(clientKey: string, reason: string): boolean {
    const decision = this.#failureLimiter.hit(clientKey);
    this.#log.info({ clientKey, reason, limited: !decision.allowed }, "authentication failed");
    return decision.allowed;
  }

  /** Is this client over the failed-authentication limit? (Checked before the admin token.) */
  authLimit(clientKey: string): { allowed: boolean; retryAfterSeconds: number } {
    return this.#failureLimiter.check(clientKey);
  }

  /**
   * Registers a device with an invitation code (`POST /api/invitations/redeem`): the invitation is used
   * up, the device gets a new credential, and the member's private document is created if this is their
   * first device.
   *
   * @param input untrusted request body fields
   * @param clientKey the client IP (at most `rateLimits.redeem` attempts per window)
   * @returns the session and the credential (for the cookie; never put it in a response body)
   * @throws ApiError 429 rate_limited; 400 invalid_code | invitation_expired | invitation_used |
   *   invalid_public_key | invalid_input; 403 member_disabled
   */
  async redeem(
    input: { code: string; deviceName: string; publicKeyJwk: unknown },
    clientKey: string,
  ): Promise<{ session: Session; credential: string; device: DeviceRow }> {
    const limited = this.#redeemLimiter.hit(clientKey);
    if (!limited.allowed) throw rateLimited(limited.retryAfterSeconds, "Too many invitation attempts");
    const canonical = normalizeInvitationCode(input.code);
    const invitation = canonical
      ? this.#store.invitationByCodeHash(hashInvitationCode(canonical))
      : undefined;
    if (!invitation) {
      this.#log.info({ clientKey }, "invitation refused: invalid code");
      throw new ApiError(400, ApiErrorCode.InvalidCode, "No invitation has this code");
    }
    const now = this.#now();
    const refusal = this.#invitationProblem(invitation, now);
    if (refusal) {
      this.#log.info({ clientKey, invitationId: invitation.id, reason: refusal.code }, "invitation refused");
      throw refusal;
    }
    const key = await parsePublicKeyJwk(input.publicKeyJwk);
    if (!key)
      throw new ApiError(
        400,
        ApiErrorCode.InvalidPublicKey,
        "publicKeyJwk must be an ECDSA P-256 public key (JWK)",
      );
    if (this.#directory.subject(invitation.memberId).disabled) {
      this.#log.info(
        { invitationId: invitation.id, memberId: invitation.memberId },
        "invitation refused: member disabled",
      );
      throw new ApiError(403, ApiErrorCode.MemberDisabled, "The member this invitation is for is disabled");
    }
    const credential = newDeviceCredential();
    const device = {
      id: randomUUID(),
      memberId: invitation.memberId,
      name: input.deviceName,
      publicKeyJwk: JSON.stringify(key),
      invitationId: invitation.id,
      createdAt: now,
    };
    if (!this.#store.redeemInvitation(invitation.id, now, device, hashSecret(credential))) {
      throw new ApiError(400, ApiErrorCode.InvitationUsed, "This invitation was already used");
    }
    await this.#access.ensurePrivateDocument(invitation.memberId);
    this.#log.info(
      { deviceId: device.id, memberId: device.memberId, invitationId: invitation.id, clientKey },
      "device registered",
    );
    this.#onDevicesChanged();
    const row = this.#store.deviceById(device.id)!;
    return { session: this.session(row), credential, device: row };
  }

  #invitationProblem(invitation: InvitationRow, now: number): ApiError | null {
    if (invitation.usedAt !== null || invitation.revokedAt !== null) {
      return new ApiError(400, ApiErrorCode.InvitationUsed, "This invitation was already used or withdrawn");
    }
    if (invitation.expiresAt <= now) {
      return new ApiError(
        400,
        ApiErrorCode.InvitationExpired,
        "This invitation has expired; ask for a new one",
      );
    }
    return null;
  }

  /** The session of an authenticated device (`GET /api/bootstrap`). */
  session(device: DeviceRow): Session {
    return {
      memberId: device.memberId,
      deviceId: device.id,
      workspaceUrl: this.#directory.url,
      privateUrl: this.#access.privateDocumentUrl(device.memberId) ?? "",
      offlineLockDays: this.#directory.offlineLockDays(),
      serverTime: new Date(this.#now()).toISOString(),
    };
  }

  /**
   * Replaces a device's credential (`POST /api/me/credential/rotate`); the old one stops working at once.
   * Open sockets stay open (they are bound to the device, not to the credential).
   * @returns the new credential
   * @throws ApiError 401 device_revoked if the device was revoked meanwhile
   */
  rotate(device: DeviceRow): string {
    const credential = newDeviceCredential();
    if (!this.#store.rotateCredential(device.id, hashSecret(credential), this.#now())) {
      throw new ApiError(401, ApiErrorCode.DeviceRevoked, "This device was signed out");
    }
    this.#log.info({ deviceId: device.id, memberId: device.memberId }, "credential rotated");
    return credential;
  }

  /** A member's devices as they see them; `currentDeviceId` is marked `current`. */
  devicesOf(memberId: string, currentDeviceId: string): DeviceView[] {
    return this.#store
      .devicesOfMember(memberId)
      .map((d) => ({ ...deviceTimes(d), id: d.id, name: d.name, current: d.id === currentDeviceId }));
  }

  /** A member's devices for the admin API. */
  adminDevicesOf(memberId: string): AdminDeviceView[] {
    return this.#store.devicesOfMember(memberId).map(adminDeviceView);
  }

  /**
   * Revokes (signs out) a device: its credential stops working and its sockets are closed within
   * moments (4403 device_revoked); on its next contact the app erases local meeting data.
   *
   * @param by "self" (the member), "admin"
   * @param memberId when set, the device must belong to this member (else not found)
   * @returns the device after revocation
   * @throws ApiError 404 not_found (unknown, or another member's device)
   */
  revokeDevice(deviceId: string, by: string, memberId?: string): AdminDeviceView {
    const device = this.#store.deviceById(deviceId);
    if (!device || (memberId !== undefined && device.memberId !== memberId)) {
      throw new ApiError(404, ApiErrorCode.NotFound, "No such device");
    }
    if (this.#store.revokeDevice(deviceId, this.#now(), by)) {
      this.#log.info({ deviceId, memberId: device.memberId, by }, "device revoked");
      this.#onDevicesChanged();
    }
    this.#closeDeviceSockets(deviceId, ApiErrorCode.DeviceRevoked);
    return adminDeviceView(this.#store.deviceById(deviceId)!);
  }

  /**
   * Issues a single-use invitation for a member.
   * @param expiresInSeconds lifetime, 1 … {@link MAX_INVITATION_SECONDS}
   * @param origin the origin of the link ("https://hop.example.vn")
   * @param createdBy "admin" or "demo"
   * @throws ApiError 404 for an unknown member, 409 conflict for a disabled one, 400 for a bad lifetime
   */
  createInvitation(
    memberId: string,
    expiresInSeconds: number,
    origin: string,
    createdBy: string,
  ): IssuedInvitation {
    const member = this.#directory.member(memberId);
    if (!member) throw new ApiError(404, ApiErrorCode.NotFound, `No member ${memberId}`);
    if (member.disabled)
      throw new ApiError(409, ApiErrorCode.Conflict, `Member ${memberId} is disabled; enable them first`);
    if (
      !Number.isInteger(expiresInSeconds) ||
      expiresInSeconds < 1 ||
      expiresInSeconds > MAX_INVITATION_SECONDS
    ) {
      throw new ApiError(
        400,
        ApiErrorCode.InvalidInput,
        `expiresInSeconds must be a whole number 1…${MAX_INVITATION_SECONDS}`,
      );
    }
    const now = this.#now();
    const id = randomUUID();
    const code = newInvitationCode();
    const expiresAt = now + expiresInSeconds * 1000;
    this.#store.insertInvitation(
      { id, memberId, createdBy, createdAt: now, expiresAt },
      hashInvitationCode(normalizeInvitationCode(code)!),
    );
    this.#log.info(
      { invitationId: id, memberId, expiresAt: new Date(expiresAt).toISOString(), createdBy },
      "invitation issued",
    );
    return {
      id,
      memberId,
      memberName: member.fullName,
      code,
      link: invitationLink(origin, code),
      expiresAt: new Date(expiresAt).toISOString(),
    };
  }

  /** Withdraws every unused invitation made by `createdBy` (e.g. the demo's, before issuing new ones). */
  revokeUnusedInvitations(createdBy: string): number {
    return this.#store.revokeUnusedInvitations(createdBy, this.#now());
  }
}

/** `<origin>/join#code=XXXXX-XXXXX`. */
export function invitationLink(origin: string, code: string): string {
  return `${origin.replace(/\/+$/, "")}/join#code=${code}`;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function deviceTimes(d: DeviceRow) {
  return {
    createdAt: new Date(d.createdAt).toISOString(),
    lastSeenAt: iso(d.lastSeenAt),
    revokedAt: iso(d.revokedAt),
  };
}

function adminDeviceView(d: DeviceRow): AdminDeviceView {
  return { id: d.id, memberId: d.memberId, name: d.name, ...deviceTimes(d), revokedBy: d.revokedBy };
}

/** ApiError 429 rate_limited carrying the Retry-After seconds. */
export class RateLimitedError extends ApiError {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(429, ApiErrorCode.RateLimited, message);
  }
}

function rateLimited(retryAfterSeconds: number, message: string): RateLimitedError {
  return new RateLimitedError(retryAfterSeconds, `${message}; try again in ${retryAfterSeconds} s`);
}
