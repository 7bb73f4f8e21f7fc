import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import type { MemberId } from "../ids.ts";
import type { MeetingDoc } from "../meeting/types.ts";
import { checkIn } from "../meeting-run/attendance.ts";
import { at, CHAIR, member, OBSERVER, SECRETARY, testMeeting } from "../meeting-run/test-support.ts";
import type { ParticipationDoc } from "../participation/participation.ts";
import { choicePreset } from "./choices.ts";
import { publishDeviceKeys, readDeviceKeys } from "./directory.ts";
import { relayOnlyMotionWrites } from "./guard.ts";
import {
  castVote,
  closeMotion,
  createMotion,
  deleteMotion,
  type MotionInput,
  meetingMotions,
  openMotion,
  readVotes,
  sealSecretBallot,
} from "./motions.ts";
import { computeMotionResult, motionResultSummary, motionsAwaitingVotes, presentMembers } from "./results.ts";
import { signVote } from "./signing.ts";
import { device } from "./test-support.ts";
import type { DeviceKey, MotionId, Vote } from "./types.ts";

const iso = (ms: number) => new Date(ms).toISOString();

function input(overrides: Partial<MotionInput> = {}): MotionInput {
  return {
    agendaItemId: "",
    title: "Dự thảo nghị quyết về kế hoạch đầu tư công",
    choices: choicePreset("standard"),
    rule: { kind: "preset", preset: "majority_of_cast" },
    visibility: "named",
    ...overrides,
  };
}

/** A meeting with an open motion on its first item, and the directory of every voter's device 1 and 2. */
async function openMeeting(overrides: Partial<MotionInput> = {}, members = 5) {
  const t = testMeeting({ members });
  let motionId = "" as MotionId;
  let meeting = A.change(t.meeting, (d) => {
    motionId = createMotion(d, input({ agendaItemId: t.items[0]!, ...overrides }), at(0));
    openMotion(d, motionId, { openerMemberId: CHAIR }, at(1));
  });
  const keys: DeviceKey[] = [];
  for (const m of [CHAIR, SECRETARY, OBSERVER, ...Array.from({ length: members }, (_, i) => member(i + 1))]) {
    for (const n of [1, 2]) keys.push((await device(m as MemberId, n)).key);
  }
  meeting = A.clone(meeting);
  return { ...t, meeting, motionId, keys };
}

async function signed(memberId: string, motionId: MotionId, choiceId: string, castAt: number, deviceNo = 1) {
  const d = await device(memberId as MemberId, deviceNo);
  return signVote(
    {
      motionId,
      memberId: memberId as MemberId,
      deviceId: d.key.deviceId,
      choiceId,
      castAt: iso(castAt),
      keyId: d.key.keyId,
    },
    d.pair.privateKey,
  );
}

function viewOf(meeting: A.Doc<MeetingDoc>, motionId: string) {
  const v = meetingMotions(meeting).find((m) => m.motion.id === motionId);
  if (!v) throw new Error("motion not found");
  return v;
}

function vote(
  p: A.Doc<ParticipationDoc>,
  meeting: A.Doc<MeetingDoc>,
  motionId: string,
  v: Vote,
  now: number,
) {
  return A.change(p, (d) => {
    castVote(d, viewOf(meeting, motionId).motion, v, now);
  });
}

async function resultOf(
  meeting: A.Doc<MeetingDoc>,
  p: A.Doc<ParticipationDoc>,
  motionId: string,
  keys: DeviceKey[],
) {
  return computeMotionResult({
    motion: viewOf(meeting, motionId),
    participation: p,
    deviceKeys: keys,
    presentNow: presentMembers(meeting, p),
  });
}

describe("motions in the meeting document", () => {
  it("opens with the voting participants only (chair and participants; never observers or staff)", async () => {
    const { meeting, motionId } = await openMeeting();
    const m = viewOf(meeting, motionId);
    expect(m.phase).toBe("open");
    expect(m.motion.eligibleMemberIds).toEqual(
      [CHAIR, member(1), member(2), member(3), member(4), member(5)].sort(),
    );
    expect(m.motion.eligibleMemberIds).not.toContain(OBSERVER);
    expect(m.motion.chairMemberId).toBe(CHAIR);
  });

  it("refuses bad input, a second opening, deleting an opened motion, and a time limit in the past", () => {
    const t = testMeeting();
    A.change(t.meeting, (d) => {
      expect(() => createMotion(d, input({ agendaItemId: t.items[0]!, title: " " }), at(0))).toThrow(/title/);
      expect(() => createMotion(d, input({ agendaItemId: "nope" }), at(0))).toThrow(/agenda item/);
      const twoApprove = choicePreset().map((c) => ({ ...c, meaning: "approve" as const }));
      expect(() => createMotion(d, input({ agendaItemId: t.items[0]!, choices: twoApprove }), at(0))).toThrow(
        /approve/,
      );
      const id = createMotion(d, input({ agendaItemId: t.items[0]! }), at(0));
      expect(() => openMotion(d, id, { openerMemberId: CHAIR, closesAt: at(0) }, at(1))).toThrow(/future/);
      openMotion(d, id, { openerMemberId: CHAIR, closesAt: at(10) }, at(1));
      expect(() => openMotion(d, id, { openerMemberId: CHAIR }, at(2))).toThrow(/already/);
      expect(() => deleteMotion(d, id, at(3))).toThrow(/opened/);
      const draft = createMotion(d, input({ agendaItemId: t.items[1]! }), at(0));
      deleteMotion(d, draft, at(3));
      expect(meetingMotions(d).map((m) => m.motion.id)).toEqual([id]);
    });
  });

  it("refuses a vote from an observer, on a closed motion, or of a secret ballot", async () => {
    const { meeting, participation, motionId } = await openMeeting();
    const observer = await signed(OBSERVER, motionId, "approve", at(2));
    expect(() => vote(participation, meeting, motionId, observer, at(2))).toThrow(/may not vote/);
    const secret = await openMeeting({ visibility: "secret" });
    const v = await signed(member(1), secret.motionId, "approve", at(2));
    expect(() => vote(secret.participation, secret.meeting, secret.motionId, v, at(2))).toThrow(/relay/);
    expect(() => A.change(secret.meeting, (d) => closeMotion(d, secret.motionId, [], [], at(3)))).toThrow(
      /relay/,
    );
  });
});

describe("deterministic close", () => {
  it("counts the votes at the closing heads on every peer; a vote cast offline that arrives later is late", async () => {
    const { meeting, participation, motionId, keys } = await openMeeting();
    let chairP = participation;
    for (const [m, choice] of [
      [CHAIR, "approve"],
      [member(1), "approve"],
      [member(2), "reject"],
    ] as const) {
      chairP = vote(chairP, meeting, motionId, await signed(m, motionId, choice, at(2)), at(2));
    }
    // member 3 is offline: votes on their own copy, which reaches the others only after the close.
    let offline = A.clone(chairP);
    offline = vote(offline, meeting, motionId, await signed(member(3), motionId, "reject", at(3)), at(3));
    const closed = A.change(meeting, (d) =>
      closeMotion(d, motionId, A.getHeads(chairP), presentMembers(d, chairP), at(4)),
    );
    const merged = A.merge(A.clone(chairP), offline);
    const onChair = await resultOf(closed, chairP, motionId, keys);
    const onOther = await resultOf(closed, merged, motionId, keys);
    expect(onChair.kind).toBe("counted");
    expect(onOther.kind).toBe("counted");
    if (onChair.kind !== "counted" || onOther.kind !== "counted") return;
    expect(onOther.result.outcome).toBe(onChair.result.outcome);
    expect(onOther.result.counts).toEqual(onChair.result.counts);
    expect(onChair.result.approve).toBe(2);
    expect(onChair.result.reject).toBe(1);
    expect(onOther.late).toBe(1);
    expect(onOther.result.votes.find((v) => v.memberId === member(3))?.status).toBe("late");
    expect(onOther.result.final).toBe(true);
  });

  it("says 'missing changes' on a device that lacks the closing heads, and counts once they arrive", async () => {
    const { meeting, participation, motionId, keys } = await openMeeting();
    const before = A.clone(participation);
    const chairP = vote(
      participation,
      meeting,
      motionId,
      await signed(member(1), motionId, "approve", at(2)),
      at(2),
    );
    const closed = A.change(meeting, (d) => closeMotion(d, motionId, A.getHeads(chairP), [], at(3)));
    expect((await resultOf(closed, before, motionId, keys)).kind).toBe("missing_changes");
    expect((await resultOf(closed, A.merge(A.clone(participation), chairP), motionId, keys)).kind).toBe(
      "counted",
    );
  });

  it("counts a vote in the closing heads even when the voter's clock ran ahead of the chair's", async () => {
    const { meeting, participation, motionId, keys } = await openMeeting();
    const p = vote(
      participation,
      meeting,
      motionId,
      await signed(member(1), motionId, "approve", at(9)),
      at(2),
    );
    const closed = A.change(meeting, (d) => closeMotion(d, motionId, A.getHeads(p), [], at(3)));
    const r = await resultOf(closed, p, motionId, keys);
    expect(r.kind === "counted" && r.result.approve).toBe(1);
  });

  it("keeps one vote per member across two devices and flags a forged one", async () => {
    const { meeting, participation, motionId, keys } = await openMeeting();
    let p = vote(
      participation,
      meeting,
      motionId,
      await signed(member(1), motionId, "reject", at(2), 1),
      at(2),
    );
    p = vote(p, meeting, motionId, await signed(member(1), motionId, "approve", at(3), 2), at(3));
    const real = await device(member(2) as MemberId);
    const intruder = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, [
      "sign",
    ])) as CryptoKeyPair;
    const forged = await signVote(
      {
        motionId,
        memberId: member(2) as MemberId,
        deviceId: real.key.deviceId,
        choiceId: "approve",
        castAt: iso(at(2)),
        keyId: real.key.keyId,
      },
      intruder.privateKey,
    );
    p = vote(p, meeting, motionId, forged, at(2));
    const r = await resultOf(meeting, p, motionId, keys);
    if (r.kind !== "counted") throw new Error(r.kind);
    expect(r.result.final).toBe(false);
    expect(r.result.approve).toBe(1);
    expect(r.result.voted).toBe(1);
    expect(r.flagged).toBe(1);
    expect(r.result.votes.map((v) => v.status).sort()).toEqual([
      "counted",
      "invalid_signature",
      "superseded",
    ]);
  });

  it("ignores a vote written under another member's key (a participant cannot vote for someone else)", async () => {
    const { participation, motionId } = await openMeeting();
    const v = await signed(member(1), motionId, "approve", at(2));
    const p = A.change(participation, (d) => {
      d.votes[`${member(2)}:x`] = { ...v };
    });
    expect(readVotes(p, motionId)).toEqual([]);
  });

  it("uses attendance at the close for quorum: a council resolution without two thirds present has no quorum", async () => {
    const { meeting, participation, motionId, keys } = await openMeeting({
      rule: { kind: "preset", preset: "council_resolution" },
      choices: choicePreset("council"),
    });
    let p = A.change(participation, (d) => {
      checkIn(d, member(1), "present", at(1));
      checkIn(d, member(2), "remote", at(1));
    });
    p = vote(p, meeting, motionId, await signed(member(1), motionId, "approve", at(2)), at(2));
    const closed = A.change(meeting, (d) =>
      closeMotion(d, motionId, A.getHeads(p), presentMembers(d, p), at(3)),
    );
    expect(viewOf(closed, motionId).presentAtClose).toEqual([member(1), member(2)]);
    const r = await resultOf(closed, p, motionId, keys);
    if (r.kind !== "counted") throw new Error(r.kind);
    expect(r.result.outcome).toBe("no_quorum");
    expect(r.result.quorum).toEqual({ required: 4, present: 2, met: false });
  });
});

describe("device keys published by the relay", () => {
  it("adds devices, records revocations, never removes; a revocation after the close leaves the result", async () => {
    const { meeting, participation, motionId } = await openMeeting();
    const d1 = await device(member(1) as MemberId);
    const jwk = JSON.stringify(await crypto.subtle.exportKey("jwk", d1.pair.publicKey));
    const row = {
      deviceId: d1.key.deviceId,
      memberId: member(1),
      publicKeyJwk: jwk,
      createdAt: at(-100),
      revokedAt: null,
    };
    let ws = A.from({ members: {} } as Record<string, unknown>) as unknown as A.Doc<MeetingDoc>;
    ws = A.change(ws, (d) => {
      expect(publishDeviceKeys(d as never, [row])).toBe(1);
      expect(publishDeviceKeys(d as never, [row])).toBe(0);
    });
    const keys = readDeviceKeys(ws as never);
    expect(keys).toHaveLength(1);
    const v = await signVote(
      {
        motionId,
        memberId: member(1) as MemberId,
        deviceId: d1.key.deviceId,
        choiceId: "approve",
        castAt: iso(at(2)),
        keyId: keys[0]!.keyId,
      },
      d1.pair.privateKey,
    );
    const p = vote(participation, meeting, motionId, v, at(2));
    const openMeetingCopy = A.clone(meeting);
    const closed = A.change(meeting, (d) => closeMotion(d, motionId, A.getHeads(p), [], at(3)));
    const revokedLater = A.change(A.clone(ws), (d) =>
      publishDeviceKeys(d as never, [{ ...row, revokedAt: at(5) }]),
    );
    const r = await resultOf(closed, p, motionId, readDeviceKeys(revokedLater as never));
    expect(r.kind === "counted" && r.result.approve).toBe(1);
    // …but while the motion is open, a revoked device's vote no longer counts.
    const revokedNow = A.change(A.clone(ws), (d) =>
      publishDeviceKeys(d as never, [{ ...row, revokedAt: at(1) }]),
    );
    const open = await resultOf(openMeetingCopy, p, motionId, readDeviceKeys(revokedNow as never));
    expect(open.kind === "counted" && open.result.votes[0]?.status).toBe("revoked_device");
  });
});

describe("secret ballots", () => {
  it("have no count on any device until the relay seals them; then the rule is applied to its numbers", async () => {
    const { meeting, participation, motionId, keys } = await openMeeting({ visibility: "secret" });
    expect((await resultOf(meeting, participation, motionId, keys)).kind).toBe("secret_open");
    const sealed = A.change(meeting, (d) =>
      sealSecretBallot(
        d,
        motionId,
        { counts: { approve: 3, reject: 1 }, voters: [member(2), member(1), CHAIR, member(3)] },
        [],
        at(5),
      ),
    );
    const r = await resultOf(sealed, participation, motionId, keys);
    if (r.kind !== "counted") throw new Error(r.kind);
    expect(r.result.outcome).toBe("passed");
    expect(r.result.votes.every((v) => v.choiceId === null)).toBe(true);
    const summary = motionResultSummary(viewOf(sealed, motionId), r);
    expect(summary.named).toEqual([]);
    expect(summary.sentence).toBe(
      "Tán thành 3/4 (75,00%), Không tán thành 1/4 (25,00%), Không biểu quyết 0/4 (0,00%). Kết quả: Thông qua (Quá nửa số phiếu tán thành/không tán thành).",
    );
  });
});

describe("selectors for other features", () => {
  it("lists open motions with the eligible members who have not voted (reminders)", async () => {
    const { meeting, participation, motionId } = await openMeeting({}, 3);
    const p = vote(
      participation,
      meeting,
      motionId,
      await signed(member(1), motionId, "approve", at(2)),
      at(2),
    );
    const awaiting = motionsAwaitingVotes(meeting, p, at(3));
    expect(awaiting).toEqual([
      expect.objectContaining({ motionId, notVoted: [CHAIR, member(2), member(3)].sort() }),
    ]);
  });

  it("summarises a named result for the minutes with who voted what", async () => {
    const { meeting, participation, motionId, keys } = await openMeeting(
      {
        rule: { kind: "preset", preset: "government_decision" },
      },
      3,
    );
    let p = participation;
    for (const [m, c] of [
      [CHAIR, "approve"],
      [member(1), "reject"],
      [member(2), "abstain"],
      [member(3), "abstain"],
    ] as const)
      p = vote(p, meeting, motionId, await signed(m, motionId, c, at(2)), at(2));
    const closed = A.change(meeting, (d) =>
      closeMotion(d, motionId, A.getHeads(p), [CHAIR, member(1), member(2), member(3)], at(3)),
    );
    const r = await resultOf(closed, p, motionId, keys);
    if (r.kind !== "counted") throw new Error(r.kind);
    const s = motionResultSummary(viewOf(closed, motionId), r);
    expect(s.outcome).toBe("passed");
    expect(s.decidedByChair).toBe(true);
    expect(s.named).toContainEqual({ memberId: CHAIR, choiceLabel: "Tán thành" });
    expect(s.legalSource).toMatch(/39\/2022/);
    expect(s.sentence).toMatch(/theo ý kiến người chủ trì/);
  });
});

describe("relay-only fields of a secret ballot", () => {
  it("flags a member's change that forges a sealed count or closes a secret ballot; allows ordinary writes", async () => {
    const { meeting, motionId } = await openMeeting({ visibility: "secret" });
    const forged = A.change(A.clone(meeting), (d) => {
      (d.motions[motionId] as { secretResult: unknown }).secretResult = {
        counts: { approve: 99 },
        voters: [],
        sealedAt: new A.ImmutableString(iso(at(3))),
      };
    });
    expect(relayOnlyMotionWrites(meeting, forged)).toEqual([motionId]);
    const closedByHand = A.change(A.clone(meeting), (d) => {
      (d.motions[motionId] as { closedAt: unknown }).closedAt = new A.ImmutableString(iso(at(3)));
    });
    expect(relayOnlyMotionWrites(meeting, closedByHand)).toEqual([motionId]);
    const sealedByRelay = A.change(A.clone(meeting), (d) =>
      sealSecretBallot(d, motionId, { counts: { approve: 1 }, voters: [member(1)] }, [], at(3)),
    );
    expect(relayOnlyMotionWrites(meeting, sealedByRelay)).toEqual([motionId]); // so only the relay may do it
    const ordinary = A.change(A.clone(meeting), (d) => {
      createMotion(d, input({ agendaItemId: Object.keys(d.agenda)[0]! }), at(4));
    });
    expect(relayOnlyMotionWrites(meeting, ordinary)).toEqual([]);
  });

  it("refuses closing a secret ballot by flipping its visibility first (two messages)", async () => {
    const { meeting, motionId } = await openMeeting({ visibility: "secret" });
    const flipped = A.change(A.clone(meeting), (d) => {
      (d.motions[motionId] as { visibility: unknown }).visibility = new A.ImmutableString("named");
    });
    expect(relayOnlyMotionWrites(meeting, flipped)).toEqual([motionId]);
    // …and so is flipping and closing in one message.
    const flippedAndClosed = A.change(A.clone(meeting), (d) => {
      const m = d.motions[motionId] as { visibility: unknown; closedAt: unknown };
      m.visibility = new A.ImmutableString("named");
      m.closedAt = new A.ImmutableString(iso(at(3)));
    });
    expect(relayOnlyMotionWrites(meeting, flippedAndClosed)).toEqual([motionId]);
  });

  it("fixes an opened motion's definition: choices, rule, time limit, deletion", async () => {
    for (const visibility of ["secret", "named"] as const) {
      const { meeting, motionId } = await openMeeting({ visibility });
      const addChoice = A.change(A.clone(meeting), (d) => {
        (d.motions[motionId] as { choices: unknown[] }).choices.push({
          id: new A.ImmutableString("extra"),
          label: "Thêm",
          meaning: new A.ImmutableString("reject"),
        });
      });
      expect(relayOnlyMotionWrites(meeting, addChoice)).toEqual([motionId]);
      const deleted = A.change(A.clone(meeting), (d) => {
        (d.motions[motionId] as { deletedAt: unknown }).deletedAt = new A.ImmutableString(iso(at(3)));
      });
      expect(relayOnlyMotionWrites(meeting, deleted)).toEqual([motionId]);
      const limit = A.change(A.clone(meeting), (d) => {
        (d.motions[motionId] as { closesAt: unknown }).closesAt = new A.ImmutableString(iso(at(1)));
      });
      expect(relayOnlyMotionWrites(meeting, limit)).toEqual([motionId]);
    }
  });
});
