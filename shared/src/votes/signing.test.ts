import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import type { MemberId } from "../ids.ts";
import {
  fromBase64Url,
  importVotePublicKey,
  signVote,
  toBase64Url,
  verifyVoteSignature,
  verifyVotes,
  voteKey,
  voteSigningPayload,
} from "./signing.ts";
import { at, cast, device, member, newKeyPair } from "./test-support.ts";
import type { DeviceKey, KeyId, MotionId, UnsignedVote } from "./types.ts";

const decoder = new TextDecoder();

describe("voteSigningPayload", () => {
  it("is the documented versioned, length-prefixed UTF-8 text", () => {
    const payload = voteSigningPayload({
      motionId: "m-1" as MotionId,
      memberId: "a-1" as MemberId,
      deviceId: "d-1" as UnsignedVote["deviceId"],
      choiceId: "approve",
      castAt: "2026-12-01T01:30:00.000Z",
    });
    expect(decoder.decode(payload)).toBe(
      "hopso-vote/v1\n3:m-1\n3:a-1\n3:d-1\n7:approve\n24:2026-12-01T01:30:00.000Z\n",
    );
  });

  it("counts UTF-8 bytes, not characters, and keeps fields from shifting into each other", () => {
    const base = {
      motionId: "m" as MotionId,
      memberId: "Đ" as MemberId,
      deviceId: "d" as UnsignedVote["deviceId"],
      choiceId: "x",
      castAt: at(0),
    };
    expect(decoder.decode(voteSigningPayload(base))).toContain("\n2:Đ\n");
    const a = voteSigningPayload({ ...base, memberId: "a\n1:b" as MemberId, deviceId: "c" as never });
    const b = voteSigningPayload({ ...base, memberId: "a" as MemberId, deviceId: "b\n1:c" as never });
    expect(decoder.decode(a)).not.toBe(decoder.decode(b));
  });

  it.each([
    ["a local time", "2026-12-01 08:30"],
    ["an offset instead of Z", "2026-12-01T08:30:00.000+07:00"],
    ["no milliseconds", "2026-12-01T01:30:00Z"],
    ["an impossible date", "2026-02-30T01:30:00.000Z"],
  ])("refuses %s as castAt", (_what, castAt) => {
    expect(() =>
      voteSigningPayload({
        motionId: "m" as MotionId,
        memberId: "a" as MemberId,
        deviceId: "d" as never,
        choiceId: "approve",
        castAt,
      }),
    ).toThrow(DomainError);
  });
});

describe("base64url", () => {
  it("round-trips every byte value and refuses other alphabets", () => {
    const bytes = new Uint8Array(256).map((_, i) => i);
    const text = toBase64Url(bytes);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect([...fromBase64Url(text)]).toEqual([...bytes]);
    expect(() => fromBase64Url("a+b/")).toThrow(DomainError);
    expect(() => fromBase64Url("abcde")).toThrow(DomainError);
  });
});

describe("signVote / verifyVoteSignature (ECDSA P-256, SHA-256)", () => {
  it("verifies with the CryptoKey, the SPKI base64url and the JWK of the public key", async () => {
    const d = await device(member(1));
    const vote = await cast(member(1), "approve");
    expect(fromBase64Url(vote.signature)).toHaveLength(64);
    const jwk = await globalThis.crypto.subtle.exportKey("jwk", d.pair.publicKey);
    expect(await verifyVoteSignature(vote, d.pair.publicKey)).toBe(true);
    expect(await verifyVoteSignature(vote, d.key.publicKey)).toBe(true);
    expect(await verifyVoteSignature(vote, jwk)).toBe(true);
  });

  it("rejects an altered vote, another key, and damaged signatures", async () => {
    const vote = await cast(member(1), "approve");
    const { pair } = await device(member(1));
    const other = await newKeyPair();
    const checks: Array<[string, Parameters<typeof verifyVoteSignature>[0], CryptoKey]> = [
      ["choice changed after signing", { ...vote, choiceId: "reject" }, pair.publicKey],
      ["time changed after signing", { ...vote, castAt: at(2) }, pair.publicKey],
      ["moved to another motion", { ...vote, motionId: "motion-2" as MotionId }, pair.publicKey],
      ["claimed by another member", { ...vote, memberId: member(2) }, pair.publicKey],
      ["another key", vote, other.publicKey],
      ["truncated signature", { ...vote, signature: vote.signature.slice(0, 40) }, pair.publicKey],
      ["not base64url", { ...vote, signature: "***" }, pair.publicKey],
    ];
    for (const [what, altered, key] of checks) {
      expect(await verifyVoteSignature(altered, key), what).toBe(false);
    }
  });

  it("refuses to sign a malformed vote", async () => {
    const { pair, key } = await device(member(1));
    const unsigned: UnsignedVote = {
      motionId: "motion-1" as MotionId,
      memberId: member(1),
      deviceId: key.deviceId,
      choiceId: "approve",
      castAt: "yesterday",
      keyId: key.keyId,
    };
    await expect(signVote(unsigned, pair.privateKey)).rejects.toThrow(DomainError);
  });

  it("refuses key material that is not a P-256 public key", async () => {
    const p384 = (await globalThis.crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-384" }, true, [
      "sign",
      "verify",
    ])) as CryptoKeyPair;
    const jwk384 = await globalThis.crypto.subtle.exportKey("jwk", p384.publicKey);
    await expect(importVotePublicKey(jwk384)).rejects.toThrow(DomainError);
    await expect(importVotePublicKey("AAAA")).rejects.toThrow(DomainError);
  });
});

describe("verifyVotes", () => {
  it("returns the keys of exactly the votes whose signature verifies with the key they name", async () => {
    const good = await cast(member(1), "approve");
    const altered = { ...(await cast(member(2), "approve")), choiceId: "reject" };
    const unknownKey = { ...(await cast(member(3), "approve")), keyId: "k-nowhere" as KeyId };
    const badMaterial: DeviceKey = { ...(await device(member(4))).key, publicKey: "not-a-key" };
    const withBadKey = await cast(member(4), "approve");
    const keys = [(await device(member(1))).key, (await device(member(2))).key, badMaterial];
    const verified = await verifyVotes([good, altered, unknownKey, withBadKey], keys);
    expect([...verified]).toEqual([voteKey(good)]);
  });
});
