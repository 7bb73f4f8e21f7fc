import { describe, expect, it } from "vitest";
import {
  CROCKFORD_ALPHABET,
  hashInvitationCode,
  isAdminTokenShaped,
  isCredentialShaped,
  newAdminToken,
  newDeviceCredential,
  newInvitationCode,
  normalizeInvitationCode,
  parsePublicKeyJwk,
  secretsEqual,
} from "./secrets.ts";

describe("secrets", () => {
  it("makes device credentials and admin tokens of 32 random bytes with a prefix", () => {
    const a = newDeviceCredential();
    expect(a).toMatch(/^hsd_[A-Za-z0-9_-]{43}$/);
    expect(isCredentialShaped(a)).toBe(true);
    expect(a).not.toBe(newDeviceCredential());
    expect(isCredentialShaped(`${a}x`)).toBe(false);
    expect(isAdminTokenShaped(newAdminToken())).toBe(true);
    expect(isAdminTokenShaped(a)).toBe(false);
    expect(secretsEqual(a, a)).toBe(true);
    expect(secretsEqual(a, newDeviceCredential())).toBe(false);
  });

  it("makes invitation codes of 10 Crockford base32 characters, uniformly", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const code = newInvitationCode();
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
      for (const ch of code.replace("-", "")) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    expect(counts.size).toBe(32);
    // 20 000 characters over 32 symbols: ≈625 each; a biased generator would be far off.
    for (const n of counts.values()) expect(n).toBeGreaterThan(450);
  });

  it("reads codes the way people type them", () => {
    expect(normalizeInvitationCode("abcde-fghjk")).toBe("ABCDEFGHJK");
    expect(normalizeInvitationCode(" o1l2i 3OOOO ")).toBe("0112130000");
    expect(normalizeInvitationCode("ABCDE-FGHJ")).toBeNull();
    expect(normalizeInvitationCode("ABCDE-FGHJU")).toBeNull(); // U is not in the alphabet
    expect(normalizeInvitationCode("x".repeat(100))).toBeNull();
    expect(hashInvitationCode("ABCDEFGHJK")).toEqual(
      hashInvitationCode(normalizeInvitationCode("abcde-fghjk")!),
    );
    expect(CROCKFORD_ALPHABET).toHaveLength(32);
  });

  it("accepts only ECDSA P-256 public keys as JWK", async () => {
    const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
      "sign",
      "verify",
    ]);
    const pub = (await crypto.subtle.exportKey("jwk", pair.publicKey)) as { x: string; y: string };
    expect(await parsePublicKeyJwk({ ...pub, key_ops: ["verify"], ext: true })).toEqual({
      kty: "EC",
      crv: "P-256",
      x: pub.x,
      y: pub.y,
    });
    expect(await parsePublicKeyJwk(await crypto.subtle.exportKey("jwk", pair.privateKey))).toBeNull();
    expect(await parsePublicKeyJwk({ kty: "EC", crv: "P-256", x: pub.x, y: pub.x })).toBeNull();
    expect(await parsePublicKeyJwk({ kty: "EC", crv: "P-384", x: pub.x, y: pub.y })).toBeNull();
    expect(await parsePublicKeyJwk(null)).toBeNull();
    expect(await parsePublicKeyJwk("jwk")).toBeNull();
  });
});
