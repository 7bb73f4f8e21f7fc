import type { DeviceKey, KeyId } from "./types.ts";

/** The result of looking a key id up in the device key directory. */
export type KeyLookup =
  | { readonly kind: "found"; readonly key: DeviceKey }
  | { readonly kind: "conflict" }
  | { readonly kind: "unknown" };

function publicKeyText(key: DeviceKey["publicKey"]): string {
  if (typeof key === "string") return key;
  // JWK members sorted, so two copies of one key compare equal whatever their member order.
  const entries = Object.entries(key).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

/**
 * Indexes device keys by key id. The directory comes from documents that several peers write, so the same
 * key id may appear more than once: copies that agree on member, device and public key merge (the
 * earliest revocation wins — a revocation is never undone by a stale copy); copies that disagree make
 * the key id a conflict, and no vote signed with it counts. The result does not depend on input order.
 */
export function indexDeviceKeys(keys: readonly DeviceKey[]): (keyId: KeyId | string) => KeyLookup {
  const merged = new Map<string, DeviceKey | "conflict">();
  for (const key of keys) {
    const seen = merged.get(key.keyId);
    if (seen === undefined) {
      merged.set(key.keyId, key);
    } else if (seen !== "conflict") {
      const same =
        seen.memberId === key.memberId &&
        seen.deviceId === key.deviceId &&
        publicKeyText(seen.publicKey) === publicKeyText(key.publicKey);
      if (!same) {
        merged.set(key.keyId, "conflict");
      } else if (key.revokedAt !== null && (seen.revokedAt === null || key.revokedAt < seen.revokedAt)) {
        merged.set(key.keyId, { ...seen, revokedAt: key.revokedAt });
      }
    }
  }
  return (keyId) => {
    const entry = merged.get(keyId);
    if (entry === undefined) return { kind: "unknown" };
    if (entry === "conflict") return { kind: "conflict" };
    return { kind: "found", key: entry };
  };
}
