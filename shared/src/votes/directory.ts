import { z } from "zod";
import { type Imm, imm, toPlain } from "../schema/immutable.ts";
import { instant } from "../time.ts";
import type { WorkspaceDoc } from "../workspace/types.ts";
import type { DeviceId, DeviceKey, KeyId } from "./types.ts";

/*
 * The device key directory: every device's registered public key, published by the relay into the
 * workspace document (which every member reads and syncs for offline use), so every device can verify
 * every vote with no connection.
 *
 * - Only the relay writes `deviceKeys` (its write filter refuses any member's change to it, admins
 *   included); the relay creates the container itself, so no two peers ever create it concurrently.
 * - One entry per device, keyed by the device id, which is also the key id votes name (one key per
 *   device; a re-registered device is a new device with a new id).
 * - Revocation sets `revokedAt` (relay clock) and never removes the entry: votes the device signed
 *   before a motion's close still verify after a later revocation (see `tally`), while from the moment a
 *   device is revoked its votes on open motions stop counting.
 */

/** One device's public key as the relay publishes it. */
export interface DeviceKeyEntry {
  deviceId: Imm;
  memberId: Imm;
  /** The public JWK (kty EC, crv P-256, x, y) as JSON text. */
  publicKeyJwk: Imm;
  registeredAt: Imm;
  revokedAt: Imm | null;
}

/** The workspace document with the relay-written key directory (absent until the relay first publishes). */
export type WorkspaceWithKeys = WorkspaceDoc & { deviceKeys?: Record<string, DeviceKeyEntry> };

/** Name of the workspace document part only the relay writes. */
export const DEVICE_KEYS_PART = "deviceKeys";

/** A registered device as the relay's store knows it (times in ms since the epoch). */
export interface RegisteredDeviceKey {
  readonly deviceId: string;
  readonly memberId: string;
  readonly publicKeyJwk: string;
  readonly createdAt: number;
  readonly revokedAt: number | null;
}

const entrySchema = z.object({
  deviceId: z.string().min(1),
  memberId: z.string().min(1),
  publicKeyJwk: z.string().min(1).max(4000),
  registeredAt: z.iso.datetime({ offset: false }),
  revokedAt: z.iso.datetime({ offset: false }).nullable(),
});

/**
 * The relay publishes its registered devices' keys into the workspace document: adds new devices and
 * records revocations. Idempotent (an unchanged directory writes nothing) and never removes an entry.
 * @returns the number of entries added or changed
 */
export function publishDeviceKeys(doc: WorkspaceDoc, devices: readonly RegisteredDeviceKey[]): number {
  const w = doc as WorkspaceWithKeys;
  if (w.deviceKeys === undefined) w.deviceKeys = {};
  const keys = w.deviceKeys;
  let changed = 0;
  for (const d of devices) {
    const current = keys[d.deviceId];
    const revokedAt = d.revokedAt === null ? null : instant(d.revokedAt);
    if (!current) {
      keys[d.deviceId] = {
        deviceId: imm(d.deviceId),
        memberId: imm(d.memberId),
        publicKeyJwk: imm(d.publicKeyJwk),
        registeredAt: imm(instant(d.createdAt)),
        revokedAt: revokedAt === null ? null : imm(revokedAt),
      };
      changed++;
    } else if (revokedAt !== null && current.revokedAt === null) {
      current.revokedAt = imm(revokedAt);
      changed++;
    }
  }
  return changed;
}

/**
 * The device key directory as `tally` and `verifyVotes` read it. Entries that do not parse, or whose
 * JWK is not JSON, are left out (a vote signed by them is then `unknown_device`).
 */
export function readDeviceKeys(doc: WorkspaceDoc | undefined): DeviceKey[] {
  const plain = (toPlain((doc as WorkspaceWithKeys | undefined)?.deviceKeys ?? {}) ?? {}) as Record<
    string,
    unknown
  >;
  const out: DeviceKey[] = [];
  for (const [key, value] of Object.entries(plain)) {
    const parsed = entrySchema.safeParse(value);
    if (!parsed.success || parsed.data.deviceId !== key) continue;
    let jwk: JsonWebKey;
    try {
      jwk = JSON.parse(parsed.data.publicKeyJwk) as JsonWebKey;
    } catch {
      continue;
    }
    if (typeof jwk !== "object" || jwk === null) continue;
    out.push({
      keyId: parsed.data.deviceId as KeyId,
      memberId: parsed.data.memberId as DeviceKey["memberId"],
      deviceId: parsed.data.deviceId as DeviceId,
      publicKey: jwk,
      revokedAt: parsed.data.revokedAt,
    });
  }
  return out;
}
