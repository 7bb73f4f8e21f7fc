import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { choicePreset } from "./choices.ts";
import { signVote, verifyVotes, voteKey } from "./signing.ts";
import { redactTally, type TallyResult, tally } from "./tally.ts";
import {
  at,
  cast,
  device,
  directoryFor,
  forge,
  member,
  members,
  motion,
  seeded,
  shuffle,
  verifyAndTally,
} from "./test-support.ts";
import type { DeviceKey, KeyId, Motion, MotionId, Vote } from "./types.ts";

const MAJORITY_OF_CAST = { kind: "preset", preset: "majority_of_cast" } as const;
const closed = (over: Partial<Motion> = {}): Motion =>
  motion({ rule: MAJORITY_OF_CAST, closedAt: at(30), ...over });

function statusOf(result: TallyResult, memberId: string, choiceId?: string): string[] {
  return result.votes
    .filter((v) => v.memberId === memberId && (choiceId === undefined || v.choiceId === choiceId))
    .map((v) => v.status);
}

describe("tally: one vote per member", () => {
  it("counts the latest vote of a member who voted from two devices", async () => {
    const phone = await cast(member(2), "reject", at(5), 1);
    const laptop = await cast(member(2), "approve", at(7), 2);
    const result = await verifyAndTally({ motion: closed(), votes: [laptop, phone], present: [] });
    expect(result.counts.map((c) => [c.choiceId, c.count])).toEqual([
      ["approve", 1],
      ["reject", 0],
      ["abstain", 0],
    ]);
    expect(result.votes.map((v) => [v.deviceId, v.status])).toEqual([
      ["m02-d1", "superseded"],
      ["m02-d2", "counted"],
    ]);
    expect(result.voted).toBe(1);
  });

  it("breaks an equal castAt by device id, the same way whatever the order", async () => {
    const a = await cast(member(3), "reject", at(5), 1);
    const b = await cast(member(3), "approve", at(5), 2);
    for (const votes of [
      [a, b],
      [b, a],
    ]) {
      const result = await verifyAndTally({ motion: closed(), votes, present: [] });
      expect(result.approve).toBe(1);
      expect(statusOf(result, member(3), "reject")).toEqual(["superseded"]);
    }
  });

  it("does not let a late, forged or revoked vote supersede a valid earlier one", async () => {
    const onTime = await cast(member(2), "approve", at(5), 1);
    const late = await cast(member(2), "reject", at(10), 1);
    const forged = await forge(member(2), "reject", at(12));
    const fromRevoked = await cast(member(2), "reject", at(15), 2);
    const revoked: DeviceKey = { ...(await device(member(2), 2)).key, revokedAt: at(14) };
    const votes = [onTime, late, forged, fromRevoked];
    const deviceKeys = [(await device(member(2), 1)).key, revoked];
    const result = await verifyAndTally({
      motion: closed(),
      votes,
      present: [],
      deviceKeys,
      lateVoteKeys: new Set([voteKey(late)]),
    });
    expect(result.approve).toBe(1);
    expect(result.reject).toBe(0);
    expect(result.votes.map((v) => v.status)).toEqual([
      "counted",
      "late",
      "invalid_signature",
      "revoked_device",
    ]);
  });
});

describe("tally: votes that do not count", () => {
  it("flags a forged signature and a vote altered after signing", async () => {
    const honest = await cast(member(1), "approve");
    const forged = await forge(member(3), "approve");
    const altered: Vote = { ...(await cast(member(4), "reject")), choiceId: "approve" };
    const deviceKeys = await directoryFor([honest, forged, altered]);
    const result = await verifyAndTally({
      motion: closed(),
      votes: [honest, forged, altered],
      present: [],
      deviceKeys,
    });
    expect(statusOf(result, member(3))).toEqual(["invalid_signature"]);
    expect(statusOf(result, member(4))).toEqual(["invalid_signature"]);
    expect(result.approve).toBe(1);
    expect(result.reject).toBe(0);
  });

  it("flags an observer's vote as ineligible even with a registered, valid device", async () => {
    const observer = member(40);
    const vote = await cast(observer, "approve");
    const result = await verifyAndTally({ motion: closed(), votes: [vote], present: [observer] });
    expect(statusOf(result, observer)).toEqual(["ineligible"]);
    expect(result.approve).toBe(0);
    expect(result.presentCount).toBe(0);
  });

  it("flags unknown, foreign, conflicting and revoked devices", async () => {
    const unknown: Vote = { ...(await cast(member(2), "approve")), keyId: "k-unregistered" as KeyId };
    // Member 3 signs with member 5's device key and claims it as their own.
    const m5 = await device(member(5));
    const foreign = await signVote(
      {
        motionId: "motion-1" as MotionId,
        memberId: member(3),
        deviceId: m5.key.deviceId,
        choiceId: "approve",
        castAt: at(1),
        keyId: m5.key.keyId,
      },
      m5.pair.privateKey,
    );
    const conflicted = await cast(member(6), "approve");
    const m6 = (await device(member(6))).key;
    const m7 = await device(member(7));
    const revokedVote = await cast(member(7), "approve");
    const deviceKeys: DeviceKey[] = [
      m5.key,
      m6,
      { ...m6, publicKey: (await device(member(8))).key.publicKey },
      { ...m7.key, revokedAt: at(0) },
      m7.key,
    ];
    const result = await verifyAndTally({
      motion: closed(),
      votes: [unknown, foreign, conflicted, revokedVote],
      present: [],
      deviceKeys,
    });
    expect(result.votes.map((v) => [v.memberId, v.status])).toEqual([
      [member(2), "unknown_device"],
      [member(3), "unknown_device"],
      [member(6), "unknown_device"],
      [member(7), "revoked_device"],
    ]);
  });

  it("marks late votes: not in the closing heads, or cast after the close or the time limit", async () => {
    const inTime = await cast(member(1), "approve", at(5));
    const notInHeads = await cast(member(2), "approve", at(6));
    const afterClose = await cast(member(3), "approve", at(31));
    const result = await verifyAndTally({
      motion: closed(),
      votes: [inTime, notInHeads, afterClose],
      present: [],
      isLate: (v) => v.memberId === member(2),
    });
    expect(result.votes.map((v) => v.status)).toEqual(["counted", "late", "late"]);

    const limited = await verifyAndTally({
      motion: motion({ rule: MAJORITY_OF_CAST, closesAt: at(10) }),
      votes: [inTime, await cast(member(4), "approve", at(11))],
      present: [],
    });
    expect(limited.final).toBe(false);
    expect(limited.votes.map((v) => v.status)).toEqual(["counted", "late"]);
  });

  it("flags a choice that is not on the ballot and a malformed vote; ignores other motions", async () => {
    const offBallot = await cast(member(1), "blank");
    const malformed = { ...(await cast(member(2), "approve")), castAt: "2026-12-01 08:01" } as Vote;
    const otherMotion = await cast(member(3), "approve", at(1), 1, "motion-2" as MotionId);
    const result = await verifyAndTally({
      motion: closed(),
      votes: [offBallot, malformed, otherMotion],
      present: [],
    });
    expect(result.votes.map((v) => [v.memberId, v.status])).toEqual([
      [member(1), "invalid_choice"],
      [member(2), "malformed"],
    ]);
  });

  it("counts a blank ballot on the council ballot as taking part, but not as a vote cast", async () => {
    const votes = [
      await cast(member(1), "approve"),
      await cast(member(2), "blank"),
      await cast(member(3), "reject"),
    ];
    const result = await verifyAndTally({
      motion: closed({ choices: choicePreset("council") }),
      votes,
      present: [],
    });
    expect(result.base).toEqual({ kind: "cast", size: 2 });
    expect(result.counts.map((c) => [c.label, c.count, c.percentOfBase])).toEqual([
      ["Đồng ý", 1, 50],
      ["Không đồng ý", 1, 50],
      ["Phiếu trắng", 1, 50],
    ]);
    expect(result.presentCount).toBe(3);
    expect(result.outcome).toBe("not_passed");
  });
});

describe("tally: results", () => {
  it("gives percentages against the rule's base with two decimals", async () => {
    const eligible = members(30);
    const votes = [];
    for (let i = 1; i <= 17; i++) votes.push(await cast(member(i), "approve"));
    for (let i = 18; i <= 20; i++) votes.push(await cast(member(i), "reject"));
    votes.push(await cast(member(21), "abstain"));
    const result = await verifyAndTally({
      motion: closed({ rule: { kind: "preset", preset: "council_resolution" }, eligibleMemberIds: eligible }),
      votes,
      present: eligible.slice(0, 25),
    });
    expect(result.rule.id).toBe("council_resolution");
    expect(result.rule.legalSource).toMatch(/77\/2015\/QH13/);
    expect(result.counts.map((c) => c.percentOfBase)).toEqual([56.67, 10, 3.33]);
    expect(result.notVoted).toBe(9);
    expect(result.quorum).toEqual({ required: 20, present: 25, met: true });
    expect(result.outcome).toBe("passed");
  });

  it("hides choices of an anonymous motion but keeps counts and who voted", async () => {
    const result = await verifyAndTally({
      motion: closed({ visibility: "anonymous" }),
      votes: [await cast(member(1), "approve"), await cast(member(2), "reject")],
      present: [],
    });
    const shown = redactTally(result, "anonymous");
    expect(shown.votes.map((v) => [v.memberId, v.choiceId, v.status])).toEqual([
      [member(1), null, "counted"],
      [member(2), null, "counted"],
    ]);
    expect(shown.counts).toEqual(result.counts);
    expect(redactTally(result, "named")).toBe(result);
  });

  it("throws on a malformed motion (two approve choices)", () => {
    const choices = [...choicePreset(), { id: "yes", label: "Có", meaning: "approve" as const }];
    expect(() =>
      tally({
        motion: closed({ choices }),
        votes: [],
        present: [],
        deviceKeys: [],
        verifiedVoteKeys: new Set(),
      }),
    ).toThrow(DomainError);
  });
});

describe("tally: order independence", () => {
  it("gives the same result for every order of votes, presence and device keys", async () => {
    const eligible = members(12);
    const votes: Vote[] = [
      await cast(member(1), "approve", at(2), 1),
      await cast(member(1), "reject", at(3), 2), // a second device: latest wins
      await cast(member(2), "approve", at(3), 1),
      await cast(member(2), "abstain", at(3), 2), // same instant: device id decides
      await cast(member(3), "reject", at(4)),
      await cast(member(4), "approve", at(29)),
      await cast(member(5), "approve", at(31)), // after close
      await cast(member(6), "reject", at(5)),
      await cast(member(7), "approve", at(6)),
      { ...(await cast(member(8), "reject", at(7))), choiceId: "approve" }, // altered
      await forge(member(9), "approve"), // forged
      await cast(member(40), "approve", at(8)), // observer
      await cast(member(10), "approve", at(9)), // not in the closing heads
      await cast(member(11), "approve", at(9), 2), // revoked device
    ];
    votes.push(votes[0]!); // the same entry twice (e.g. merged from two peers)
    const revoked = { ...(await device(member(11), 2)).key, revokedAt: at(20) };
    const deviceKeys = [...(await directoryFor(votes)).filter((k) => k.keyId !== revoked.keyId), revoked];
    const lateKey = voteKey(votes[12]!);
    const present = eligible.slice(0, 9);
    const m = closed({
      rule: { kind: "preset", preset: "government_decision" },
      eligibleMemberIds: eligible,
    });

    const reference = tally({
      motion: m,
      votes,
      present,
      deviceKeys,
      verifiedVoteKeys: await verifyVotes(votes, deviceKeys),
      lateVoteKeys: new Set([lateKey]),
    });
    expect(reference.counts.map((c) => c.count)).toEqual([2, 3, 1]);
    expect(reference.votes.map((v) => `${v.memberId}/${v.deviceId}:${v.status}`)).toEqual([
      "m01/m01-d1:superseded",
      "m01/m01-d1:superseded",
      "m01/m01-d2:counted",
      "m02/m02-d1:superseded",
      "m02/m02-d2:counted",
      "m03/m03-d1:counted",
      "m04/m04-d1:counted",
      "m05/m05-d1:late",
      "m06/m06-d1:counted",
      "m07/m07-d1:counted",
      "m08/m08-d1:invalid_signature",
      "m09/m09-d1:invalid_signature",
      "m10/m10-d1:late",
      "m11/m11-d2:revoked_device",
      "m40/m40-d1:ineligible",
    ]);
    expect(reference.outcome).toBe("not_passed");

    const random = seeded(7);
    for (let round = 0; round < 25; round++) {
      const shuffledVotes = shuffle(votes, random);
      const shuffledKeys = shuffle(deviceKeys, random);
      const result = tally({
        motion: { ...m, eligibleMemberIds: shuffle(eligible, random) },
        votes: shuffledVotes,
        present: shuffle(present, random),
        deviceKeys: shuffledKeys,
        verifiedVoteKeys: await verifyVotes(shuffledVotes, shuffledKeys),
        lateVoteKeys: new Set([lateKey]),
      });
      expect(result).toEqual(reference);
    }
  });
});
