import type { AgendaItemId, MemberId } from "../ids.ts";
import { choicePreset } from "./choices.ts";
import { exportVotePublicKey, signVote, verifyVotes } from "./signing.ts";
import { type TallyInput, type TallyResult, tally } from "./tally.ts";
import type { DeviceId, DeviceKey, KeyId, Motion, MotionId, MotionRule, Vote } from "./types.ts";

/** Test helper: a fixed clock. `at(n)` is n minutes after 08:00 Hanoi time on 1 Dec 2026, ISO UTC. */
export const T0 = Date.parse("2026-12-01T01:00:00.000Z");
export function at(minutes: number): string {
  return new Date(T0 + minutes * 60_000).toISOString();
}

export const MOTION_ID = "motion-1" as MotionId;

/** Member ids m01, m02, … (zero-padded so code-unit order is numeric order). */
export function member(n: number): MemberId {
  return `m${String(n).padStart(2, "0")}` as MemberId;
}
export function members(count: number, from = 1): MemberId[] {
  return Array.from({ length: count }, (_, i) => member(from + i));
}

/** A real device: an ECDSA P-256 key pair and its directory entry. */
export interface TestDevice {
  readonly pair: CryptoKeyPair;
  readonly key: DeviceKey;
}

const devices = new Map<string, Promise<TestDevice>>();

/** Test helper: the device `deviceNo` of a member, with a real key pair generated once and cached. */
export function device(memberId: MemberId, deviceNo = 1): Promise<TestDevice> {
  const deviceId = `${memberId}-d${deviceNo}` as DeviceId;
  let pending = devices.get(deviceId);
  if (!pending) {
    pending = (async () => {
      const pair = await newKeyPair();
      const key: DeviceKey = {
        keyId: `k-${deviceId}` as KeyId,
        memberId,
        deviceId,
        publicKey: await exportVotePublicKey(pair.publicKey),
        revokedAt: null,
      };
      return { pair, key };
    })();
    devices.set(deviceId, pending);
  }
  return pending;
}

export function newKeyPair(): Promise<CryptoKeyPair> {
  return globalThis.crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ]) as Promise<CryptoKeyPair>;
}

/** Test helper: a motion on the standard ballot, opened at(0), still open. */
export function motion(overrides: Partial<Motion> & { rule: MotionRule }): Motion {
  return {
    id: MOTION_ID,
    agendaItemId: "item-1" as AgendaItemId,
    title: "Dự thảo nghị quyết",
    choices: choicePreset(),
    visibility: "named",
    eligibleMemberIds: members(10),
    chairMemberId: member(1),
    openedAt: at(0),
    closesAt: null,
    closedAt: null,
    ...overrides,
  };
}

/** Test helper: a vote signed by the member's device. */
export async function cast(
  memberId: MemberId,
  choiceId: string,
  castAt: string = at(1),
  deviceNo = 1,
  motionId: MotionId = MOTION_ID,
): Promise<Vote> {
  const d = await device(memberId, deviceNo);
  return signVote(
    { motionId, memberId, deviceId: d.key.deviceId, choiceId, castAt, keyId: d.key.keyId },
    d.pair.privateKey,
  );
}

/**
 * Test helper: a vote that claims to be the member's (their device and key id) but is signed with a key
 * the forger generated — what someone without the member's private key can produce.
 */
export async function forge(memberId: MemberId, choiceId: string, castAt: string = at(1)): Promise<Vote> {
  const d = await device(memberId);
  const intruder = await newKeyPair();
  return signVote(
    { motionId: MOTION_ID, memberId, deviceId: d.key.deviceId, choiceId, castAt, keyId: d.key.keyId },
    intruder.privateKey,
  );
}

/** Test helper: the directory entries of every device that signed one of `votes`, plus `extra`. */
export async function directoryFor(
  votes: readonly Vote[],
  extra: readonly DeviceKey[] = [],
): Promise<DeviceKey[]> {
  const keys = new Map<string, DeviceKey>();
  for (const v of votes) {
    const n = Number(/-d(\d+)$/.exec(v.deviceId)?.[1] ?? "1");
    const d = await device(v.memberId, n);
    keys.set(d.key.keyId, d.key);
  }
  return [...keys.values(), ...extra];
}

/** Test helper: verifies every vote against the directory, then tallies. */
export async function verifyAndTally(
  input: Omit<TallyInput, "verifiedVoteKeys" | "deviceKeys"> & { deviceKeys?: readonly DeviceKey[] },
): Promise<TallyResult> {
  const deviceKeys = input.deviceKeys ?? (await directoryFor(input.votes));
  const verifiedVoteKeys = await verifyVotes(input.votes, deviceKeys);
  return tally({ ...input, deviceKeys, verifiedVoteKeys });
}

/** A seeded pseudo-random generator (mulberry32), so shuffles are reproducible. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Fisher–Yates shuffle into a new array. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
