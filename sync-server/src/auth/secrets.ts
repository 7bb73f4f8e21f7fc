/**
 * The relay's secrets: device credentials, invitation codes and the admin token. Each is generated
 * from `crypto.randomBytes`, shown once, and kept only as a SHA-256 digest (the secrets are random and
 * long enough that a plain hash is the right tool; a slow password hash would add nothing).
 */
import { createHash, randomBytes, timingSafeEqual, webcrypto } from "node:crypto";

/** Prefix of device credentials ("HọpSố device"), so a leaked one is recognisable in a scan. */
export const DEVICE_CREDENTIAL_PREFIX = "hsd_";
/** Prefix of the admin token ("HọpSố admin"). */
export const ADMIN_TOKEN_PREFIX = "hsa_";

const SECRET_BYTES = 32;
/** `hsd_` + 43 base64url characters (32 bytes). */
const CREDENTIAL_PATTERN = /^hsd_[A-Za-z0-9_-]{43}$/;
const ADMIN_TOKEN_PATTERN = /^hsa_[A-Za-z0-9_-]{43}$/;

/** A new device credential: `hsd_` + 32 random bytes in base64url (47 characters). */
export function newDeviceCredential(): string {
  return DEVICE_CREDENTIAL_PREFIX + randomBytes(SECRET_BYTES).toString("base64url");
}

/** True if `value` has the shape of a device credential (says nothing about whether it is valid). */
export function isCredentialShaped(value: string): boolean {
  return CREDENTIAL_PATTERN.test(value);
}

/** A new admin token: `hsa_` + 32 random bytes in base64url. */
export function newAdminToken(): string {
  return ADMIN_TOKEN_PREFIX + randomBytes(SECRET_BYTES).toString("base64url");
}

/** True if `value` has the shape of an admin token. */
export function isAdminTokenShaped(value: string): boolean {
  return ADMIN_TOKEN_PATTERN.test(value);
}

/** SHA-256 of a secret's UTF-8 bytes: what the database keeps instead of the secret. */
export function hashSecret(secret: string): Buffer {
  return createHash("sha256").update(secret, "utf8").digest();
}

/** Compares two secrets in time independent of where they differ (both are hashed first). */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(hashSecret(a), hashSecret(b));
}

/** Crockford's base32 alphabet: digits and capitals without I, L, O, U (no look-alikes, no words). */
export const CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** Characters of an invitation code, without the hyphen (50 bits). */
export const INVITATION_CODE_LENGTH = 10;

/**
 * A new invitation code, 10 Crockford base32 characters shown as `XXXXX-XXXXX` (50 random bits).
 * Each character takes the low 5 bits of one random byte; 256 is a multiple of 32, so every character
 * is uniform.
 */
export function newInvitationCode(): string {
  const bytes = randomBytes(INVITATION_CODE_LENGTH);
  let code = "";
  for (const byte of bytes) code += CROCKFORD_ALPHABET[byte & 31];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/**
 * Normalises what a person typed or a link carried into the canonical 10 characters: case-insensitive,
 * hyphens and spaces ignored, and Crockford's decoding of look-alikes (O → 0, I and L → 1).
 *
 * @returns the canonical code, or null if it cannot be one (wrong length, other characters)
 */
export function normalizeInvitationCode(input: string): string | null {
  if (input.length > 64) return null;
  const cleaned = input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (cleaned.length !== INVITATION_CODE_LENGTH) return null;
  for (const ch of cleaned) if (!CROCKFORD_ALPHABET.includes(ch)) return null;
  return cleaned;
}

/** SHA-256 of a canonical invitation code (see {@link normalizeInvitationCode}). */
export function hashInvitationCode(canonical: string): Buffer {
  return hashSecret(`invitation:${canonical}`);
}

/** An ECDSA P-256 public key as a JWK, with only the fields that define it. */
export interface PublicKeyJwk {
  readonly kty: "EC";
  readonly crv: "P-256";
  readonly x: string;
  readonly y: string;
}

const BASE64URL_32_BYTES = /^[A-Za-z0-9_-]{43}$/;

/**
 * Checks that `value` is an ECDSA P-256 **public** key in JWK form and that the point is on the curve
 * (WebCrypto import). A JWK carrying a private part (`d`) is refused: a client must never send it.
 *
 * @returns the key reduced to kty, crv, x, y; null if it is not a valid P-256 public key
 */
export async function parsePublicKeyJwk(value: unknown): Promise<PublicKeyJwk | null> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const jwk = value as Record<string, unknown>;
  if (jwk.kty !== "EC" || jwk.crv !== "P-256" || "d" in jwk) return null;
  if (typeof jwk.x !== "string" || typeof jwk.y !== "string") return null;
  if (!BASE64URL_32_BYTES.test(jwk.x) || !BASE64URL_32_BYTES.test(jwk.y)) return null;
  const key: PublicKeyJwk = { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y };
  try {
    await webcrypto.subtle.importKey("jwk", key, { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]);
  } catch {
    return null;
  }
  return key;
}
