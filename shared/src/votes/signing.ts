import { DomainError, ReasonCode } from "../errors.ts";
import { indexDeviceKeys } from "./keys.ts";
import type { DeviceKey, UnsignedVote, Vote } from "./types.ts";
import { isWellFormedVote, unsignedVoteSchema } from "./validate.ts";

/**
 * WebCrypto parameters of vote signatures: ECDSA on P-256 with SHA-256 (FIPS 186-5; WebCrypto's ECDSA,
 * W3C Web Cryptography API § 23). Signatures are IEEE P1363 (r‖s, 64 bytes), which is what WebCrypto
 * produces, in base64url without padding (RFC 4648 § 5).
 */
export const VOTE_KEY_ALGORITHM: EcKeyImportParams = { name: "ECDSA", namedCurve: "P-256" };
export const VOTE_SIGNATURE_ALGORITHM: EcdsaParams = { name: "ECDSA", hash: "SHA-256" };
/** Domain-separation tag and version of the signed payload; a new payload format gets a new tag. */
export const VOTE_PAYLOAD_TAG = "hopso-vote/v1";
const SIGNATURE_BYTES = 64;

const encoder = new TextEncoder();

/** The fields a vote signature covers, in signing order. */
export type VotePayloadFields = Pick<Vote, "motionId" | "memberId" | "deviceId" | "choiceId" | "castAt">;

// Length-prefixed, so no field value (which may hold any character) can shift into the next field.
function payloadText(v: VotePayloadFields): string {
  const fields = [v.motionId, v.memberId, v.deviceId, v.choiceId, v.castAt];
  return `${VOTE_PAYLOAD_TAG}\n${fields.map((f) => `${encoder.encode(f).length}:${f}\n`).join("")}`;
}

/**
 * The canonical bytes a vote signature covers: the UTF-8 encoding of
 *
 *     "hopso-vote/v1\n" + for each of motionId, memberId, deviceId, choiceId, castAt:
 *         <UTF-8 byte length in decimal> ":" <value> "\n"
 *
 * e.g. "hopso-vote/v1\n3:m-1\n3:a-1\n3:d-1\n7:approve\n24:2026-12-01T01:30:00.000Z\n". castAt must be
 * canonical (ISO 8601 UTC with milliseconds, as `toISOString`), so one instant has one spelling. The
 * motion id binds the vote to one motion (no replay on another), the member id to one voter.
 *
 * @throws DomainError(invalid_input) when a field is empty or castAt is not canonical
 */
export function voteSigningPayload(vote: VotePayloadFields): Uint8Array<ArrayBuffer> {
  const checked = unsignedVoteSchema
    .pick({ motionId: true, memberId: true, deviceId: true, choiceId: true, castAt: true })
    .safeParse(vote);
  if (!checked.success) {
    const issues = checked.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    throw new DomainError(
      ReasonCode.InvalidInput,
      `vote: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
      { issues },
    );
  }
  return encoder.encode(payloadText(vote));
}

/**
 * A string that identifies one vote by everything it says and its signature: two entries with the
 * same key are the same vote; an entry altered after signing (another choice, another time) has another
 * key. `verifyVotes` returns these keys and `tally` looks votes up by them. Never throws.
 */
export function voteKey(vote: Vote): string {
  return `${payloadText(vote)}${vote.signature}`;
}

/** Encodes bytes as base64url without padding (RFC 4648 § 5). */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Decodes base64url (padding optional).
 *
 * @throws DomainError(invalid_input) when the text is not base64url
 */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text) || text.replace(/=+$/, "").length % 4 === 1) {
    throw new DomainError(ReasonCode.InvalidInput, "not base64url");
  }
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, ""));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * Imports a device's public key for verifying votes.
 *
 * @param material a JWK (kty "EC", crv "P-256") or SubjectPublicKeyInfo DER bytes in base64url
 * @returns a non-extractable ECDSA P-256 public CryptoKey with usage "verify"
 * @throws DomainError(invalid_input) when the material is not a P-256 public key
 */
export async function importVotePublicKey(material: JsonWebKey | string): Promise<CryptoKey> {
  try {
    if (typeof material === "string") {
      return await globalThis.crypto.subtle.importKey(
        "spki",
        fromBase64Url(material),
        VOTE_KEY_ALGORITHM,
        false,
        ["verify"],
      );
    }
    // A private JWK carries "d"; import only its public half.
    const { d: _private, key_ops: _ops, ...publicJwk } = material;
    return await globalThis.crypto.subtle.importKey("jwk", publicJwk, VOTE_KEY_ALGORITHM, false, ["verify"]);
  } catch (error) {
    throw new DomainError(ReasonCode.InvalidInput, "not an ECDSA P-256 public key", {
      cause: error instanceof Error ? error.message : String(error),
    });
  }
}

/**
 * Exports a public key as SubjectPublicKeyInfo DER in base64url, the string form `DeviceKey.publicKey`
 * accepts. The key must be extractable (public keys from `generateKey` are).
 */
export async function exportVotePublicKey(key: CryptoKey): Promise<string> {
  return toBase64Url(new Uint8Array(await globalThis.crypto.subtle.exportKey("spki", key)));
}

/**
 * Signs a vote with a device's private key.
 *
 * @param vote every field but the signature; castAt canonical ISO UTC with milliseconds
 * @param privateKey an ECDSA P-256 private CryptoKey with usage "sign" (may be non-extractable)
 * @returns the vote with `signature` (base64url of the 64-byte r‖s signature over `voteSigningPayload`)
 * @throws DomainError(invalid_input) for a malformed vote; WebCrypto's own error for an unusable key
 */
export async function signVote(vote: UnsignedVote, privateKey: CryptoKey): Promise<Vote> {
  const checked = unsignedVoteSchema.safeParse(vote);
  if (!checked.success) {
    const issues = checked.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    throw new DomainError(
      ReasonCode.InvalidInput,
      `vote: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
      { issues },
    );
  }
  const signature = await globalThis.crypto.subtle.sign(
    VOTE_SIGNATURE_ALGORITHM,
    privateKey,
    voteSigningPayload(vote),
  );
  return { ...vote, signature: toBase64Url(new Uint8Array(signature)) };
}

/**
 * Checks a vote's signature against one public key. Does not check that the key belongs to the voter or
 * is unrevoked — `tally` does, from the device key directory.
 *
 * @param publicKey a CryptoKey, or key material as for {@link importVotePublicKey}
 * @returns true only for a well-formed vote whose signature verifies over its own fields; false for a
 *   malformed vote, a signature of the wrong size or a signature that does not verify
 * @throws DomainError(invalid_input) when key material cannot be imported
 */
export async function verifyVoteSignature(
  vote: Vote,
  publicKey: CryptoKey | JsonWebKey | string,
): Promise<boolean> {
  if (!isWellFormedVote(vote)) return false;
  const key =
    typeof publicKey === "string" || !("type" in publicKey && "algorithm" in publicKey)
      ? await importVotePublicKey(publicKey as JsonWebKey | string)
      : publicKey;
  let signature: Uint8Array<ArrayBuffer>;
  try {
    signature = fromBase64Url(vote.signature);
  } catch {
    return false;
  }
  if (signature.length !== SIGNATURE_BYTES) return false;
  return globalThis.crypto.subtle.verify(VOTE_SIGNATURE_ALGORITHM, key, signature, voteSigningPayload(vote));
}

/**
 * Verifies many votes against the device key directory, each with the key its `keyId` names. Keys are
 * imported once each. A vote is left out of the result when it is malformed, its key id is unknown or
 * conflicting, its key material cannot be imported, or its signature does not verify; revocation and
 * ownership are `tally`'s business, not this function's.
 *
 * @returns the `voteKey` of every vote whose signature verifies — pass it to `tally` as `verifiedVoteKeys`
 */
export async function verifyVotes(votes: readonly Vote[], keys: readonly DeviceKey[]): Promise<Set<string>> {
  const lookup = indexDeviceKeys(keys);
  const imported = new Map<string, Promise<CryptoKey | null>>();
  const importOnce = (material: DeviceKey): Promise<CryptoKey | null> => {
    let pending = imported.get(material.keyId);
    if (!pending) {
      pending = importVotePublicKey(material.publicKey).catch(() => null);
      imported.set(material.keyId, pending);
    }
    return pending;
  };
  const results = await Promise.all(
    votes.map(async (vote) => {
      if (!isWellFormedVote(vote)) return null;
      const found = lookup(vote.keyId);
      if (found.kind !== "found") return null;
      const key = await importOnce(found.key);
      if (!key) return null;
      try {
        return (await verifyVoteSignature(vote, key)) ? voteKey(vote) : null;
      } catch {
        return null; // peer data must never stop the count; the vote is simply not verified
      }
    }),
  );
  const verified = new Set<string>();
  for (const key of results) if (key !== null) verified.add(key);
  return verified;
}
