import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import type { MeetingDoc } from "../meeting/types.ts";
import type { ParticipationDoc } from "../participation/participation.ts";
import { setSpeakingLimits } from "./live.ts";
import { startAgendaItem } from "./live-agenda.ts";
import { RunRefusal } from "./refusals.ts";
import {
  dismissSpeakingRequest,
  endSpeakingTurn,
  floorView,
  grantFloor,
  orderSpeakingRequest,
  requestToSpeak,
  withdrawSpeakingRequest,
} from "./speaking.ts";
import { speakingTimer } from "./speaking-timer.ts";
import { at, member, mergeAll, OBSERVER, testMeeting } from "./test-support.ts";
import type { SpeakingRequestId } from "./types.ts";

const iso = (ms: number) => new Date(ms).toISOString();

function refusal(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return (e.details?.reason as string | undefined) ?? e.code;
    throw e;
  }
  return undefined;
}

/** A meeting whose chair is on item 1, and the member requests made on `part`. */
function liveMeeting() {
  const t = testMeeting({ members: 6 });
  const meeting = A.change(t.meeting, (d) => startAgendaItem(d, t.items[0]!, at(0)));
  return { ...t, meeting };
}

function request(
  part: A.Doc<ParticipationDoc>,
  meeting: A.Doc<MeetingDoc>,
  who: string,
  minutes: number,
): { part: A.Doc<ParticipationDoc>; id: SpeakingRequestId } {
  let id = "" as SpeakingRequestId;
  const next = A.change(part, (d) => {
    id = requestToSpeak(d, meeting, who, {}, at(minutes));
  });
  return { part: next, id };
}

describe("speaking requests", () => {
  it("are made on the chair's current item, once at a time, by participants only", () => {
    const t = testMeeting();
    expect(
      refusal(() =>
        A.change(t.participation, (d) => void requestToSpeak(d, t.meeting, member(1), {}, at(0))),
      ),
    ).toBe(RunRefusal.NoCurrentItem);
    const { meeting, participation, items } = liveMeeting();
    const { part, id } = request(participation, meeting, member(1), 1);
    expect(floorView(meeting, part, items[0]!, at(2)).queue.map((r) => r.id)).toEqual([id]);
    expect(refusal(() => A.change(part, (d) => void requestToSpeak(d, meeting, member(1), {}, at(2))))).toBe(
      RunRefusal.AlreadyRequested,
    );
    expect(refusal(() => A.change(part, (d) => void requestToSpeak(d, meeting, OBSERVER, {}, at(2))))).toBe(
      RunRefusal.NotInvited,
    );
    expect(refusal(() => A.change(part, (d) => void requestToSpeak(d, meeting, "stranger", {}, at(2))))).toBe(
      RunRefusal.NotInvited,
    );
  });

  it("queue by request time until the chair orders; withdrawal leaves the queue", () => {
    const { meeting, participation, items } = liveMeeting();
    let part = participation;
    const ids: SpeakingRequestId[] = [];
    for (const [i, m] of [3, 1, 2].entries()) {
      const r = request(part, meeting, member(m), i + 1);
      part = r.part;
      ids.push(r.id);
    }
    expect(floorView(meeting, part, items[0]!, at(5)).queue.map((r) => r.memberId)).toEqual([
      member(3),
      member(1),
      member(2),
    ]);
    expect(refusal(() => A.change(part, (d) => withdrawSpeakingRequest(d, member(2), ids[0]!, at(6))))).toBe(
      RunRefusal.NotOwner,
    );
    part = A.change(part, (d) => withdrawSpeakingRequest(d, member(1), ids[1]!, at(6)));
    const floor = floorView(meeting, part, items[0]!, at(7));
    expect(floor.queue.map((r) => r.memberId)).toEqual([member(3), member(2)]);
    expect(floor.all.find((r) => r.id === ids[1])!.state).toBe("withdrawn");
    // A withdrawn member may ask again.
    expect(() => request(part, meeting, member(1), 8)).not.toThrow();
  });

  it("the chair orders (fractional index), grants, ends and dismisses", () => {
    const { meeting, participation, items } = liveMeeting();
    let part = participation;
    const ids: SpeakingRequestId[] = [];
    for (const m of [1, 2, 3, 4]) {
      const r = request(part, meeting, member(m), m);
      part = r.part;
      ids.push(r.id);
    }
    let doc = A.change(meeting, (d) => orderSpeakingRequest(d, part, ids[3]!, 0, at(10))); // m04 first
    doc = A.change(doc, (d) => orderSpeakingRequest(d, part, ids[0]!, 2, at(11))); // m01 after m03
    const order = () => floorView(doc, part, items[0]!, at(12)).queue.map((r) => r.memberId);
    expect(order()).toEqual([member(4), member(2), member(1), member(3)]);
    expect(() => A.change(doc, (d) => orderSpeakingRequest(d, part, ids[0]!, 4, at(12)))).toThrow(RangeError);

    doc = A.change(doc, (d) =>
      grantFloor(d, part, ids[3]!, at(12), { limitSeconds: 180, warningSeconds: 30 }),
    );
    let floor = floorView(doc, part, items[0]!, at(14));
    expect(floor.speaker).toMatchObject({
      memberId: member(4),
      turn: { limitSeconds: 180, warningSeconds: 30 },
    });
    expect(floor.speaker!.timer).toMatchObject({ elapsedMs: 120_000, remainingMs: 60_000, warning: false });
    expect(order()).toEqual([member(2), member(1), member(3)]);
    expect(refusal(() => A.change(doc, (d) => grantFloor(d, part, ids[3]!, at(14))))).toBe(
      RunRefusal.NotWaiting,
    );

    // Granting the next speaker ends the current turn at that instant.
    doc = A.change(doc, (d) => grantFloor(d, part, ids[1]!, at(16)));
    floor = floorView(doc, part, items[0]!, at(17));
    expect(floor.speaker!.memberId).toBe(member(2));
    expect(floor.speaker!.turn!.limitSeconds).toBe(300); // the meeting's default
    expect(floor.spoken.map((r) => [r.memberId, r.turn!.endedAt])).toEqual([[member(4), iso(at(16))]]);

    doc = A.change(doc, (d) => endSpeakingTurn(d, part, ids[1]!, at(18)));
    expect(refusal(() => A.change(doc, (d) => endSpeakingTurn(d, part, ids[1]!, at(19))))).toBe(
      RunRefusal.NotSpeaking,
    );
    doc = A.change(doc, (d) => dismissSpeakingRequest(d, part, ids[2]!, at(19)));
    floor = floorView(doc, part, items[0]!, at(20));
    expect(floor.speaker).toBeNull();
    expect(floor.queue.map((r) => r.memberId)).toEqual([member(1)]);
    expect(floor.spoken.map((r) => r.memberId)).toEqual([member(4), member(2)]);
  });

  it("concurrent requests and concurrent reorders converge on every peer, never duplicating", () => {
    const { meeting, participation, items } = liveMeeting();
    // Three members request at once on their own devices.
    const peers = [1, 2, 3].map((m) => request(A.clone(participation), meeting, member(m), 1 + m / 10));
    const part = mergeAll(...peers.map((p) => p.part));
    const [r1, r2, r3] = peers.map((p) => p.id);
    // The chair and the secretary both reorder, offline from each other.
    const chair = A.change(A.clone(meeting), (d) => orderSpeakingRequest(d, part, r3!, 0, at(2)));
    const secretary = A.change(A.clone(meeting), (d) => orderSpeakingRequest(d, part, r1!, 2, at(2)));
    // A fourth member requests while the reorders are in flight.
    const late = request(A.clone(part), meeting, member(4), 3);
    const partAll = [mergeAll(part, late.part), mergeAll(late.part, part)];
    const meetings = [mergeAll(chair, secretary), mergeAll(secretary, chair)];
    const queues = meetings.flatMap((m) =>
      partAll.map((p) => floorView(m, p, items[0]!, at(4)).queue.map((r) => r.id)),
    );
    for (const q of queues) expect(q).toEqual(queues[0]);
    expect(new Set(queues[0]).size).toBe(4);
    expect(queues[0]!.slice(0, 3).sort()).toEqual([r1, r2, r3].sort());
    expect(queues[0]![3]).toBe(late.id); // never placed by the chair: after the placed ones

    // Two grants pressed concurrently: the later one speaks everywhere.
    const m1 = A.change(A.clone(meetings[0]!), (d) => grantFloor(d, partAll[0]!, r2!, at(5)));
    const m2 = A.change(A.clone(meetings[0]!), (d) => grantFloor(d, partAll[0]!, r3!, at(5.5)));
    const a = floorView(mergeAll(m1, m2), partAll[0]!, items[0]!, at(6));
    const b = floorView(mergeAll(m2, m1), partAll[1]!, items[0]!, at(6));
    expect(b).toEqual(a);
    expect(a.speaker!.id).toBe(r3);
    expect(a.spoken.map((r) => r.id)).toEqual([r2]);
  });

  it("shows a turn whose request has not synced yet", () => {
    const { meeting, participation, items } = liveMeeting();
    const { part, id } = request(participation, meeting, member(1), 1);
    const doc = A.change(meeting, (d) => grantFloor(d, part, id, at(2)));
    const floor = floorView(doc, participation, items[0]!, at(3)); // the room display has not got `part`
    expect(floor.speaker).toMatchObject({
      id,
      memberId: member(1),
      fullName: "Thành viên 01",
      state: "speaking",
    });
  });

  it("uses the meeting's speaking limits, which the chair can change", () => {
    const { meeting, participation, items } = liveMeeting();
    const { part, id } = request(participation, meeting, member(1), 1);
    expect(() =>
      A.change(meeting, (d) => setSpeakingLimits(d, { limitSeconds: 60, warningSeconds: 60 })),
    ).toThrow(DomainError);
    const doc = A.change(meeting, (d) => {
      setSpeakingLimits(d, { limitSeconds: 420, warningSeconds: 60 });
      grantFloor(d, part, id, at(2));
    });
    expect(floorView(doc, part, items[0]!, at(3)).speaker!.turn).toMatchObject({
      limitSeconds: 420,
      warningSeconds: 60,
    });
  });
});

describe("speaking timer", () => {
  const turn = { grantedAt: iso(at(0)), endedAt: null, limitSeconds: 300, warningSeconds: 60 };

  it.each([
    // seconds after the grant, remaining seconds, warning, over
    [0, 300, false, false],
    [239, 61, false, false],
    [240, 60, true, false],
    [300, 0, true, false],
    [301, -1, false, true],
  ])("at %i s: remaining %i s, warning %s, over %s", (seconds, remaining, warning, over) => {
    expect(speakingTimer(turn, at(0) + seconds * 1000)).toEqual({
      elapsedMs: seconds * 1000,
      remainingMs: remaining * 1000,
      warning,
      over,
      running: true,
    });
  });

  it("stops at the end of the turn, has no limit at 0, and never runs backwards", () => {
    const ended = { ...turn, endedAt: iso(at(2)) };
    expect(speakingTimer(ended, at(60))).toMatchObject({ elapsedMs: 120_000, running: false, over: false });
    expect(speakingTimer({ ...turn, limitSeconds: 0 }, at(90))).toEqual({
      elapsedMs: 90 * 60_000,
      remainingMs: null,
      warning: false,
      over: false,
      running: true,
    });
    expect(speakingTimer(turn, at(-1)).elapsedMs).toBe(0);
  });
});

/** Small seeded PRNG (mulberry32) so every seed replays the same operations. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("floor convergence between three devices", () => {
  it.each(Array.from({ length: 25 }, (_, i) => i + 1))(
    "seed %i: random concurrent floor operations converge",
    (seed) => {
      const rand = prng(seed);
      const { meeting, participation, items } = liveMeeting();
      const item = items[0]!;
      let peers = [0, 1, 2].map(() => ({ meeting: A.clone(meeting), part: A.clone(participation) }));
      let clock = 1;
      for (let round = 0; round < 4; round++) {
        peers = peers.map((peer) => {
          let { meeting: m, part: p } = peer;
          for (let i = 0; i < 1 + Math.floor(rand() * 4); i++) {
            clock += rand();
            const now = at(clock);
            const floor = floorView(m, p, item, now);
            const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
            const waiting = pick(floor.queue);
            const r = rand();
            try {
              if (r < 0.35)
                p = A.change(
                  p,
                  (d) => void requestToSpeak(d, m, member(1 + Math.floor(rand() * 6)), {}, now),
                );
              else if (r < 0.6 && waiting) {
                const index = Math.floor(rand() * floor.queue.length);
                m = A.change(m, (d) =>
                  orderSpeakingRequest(d, p, waiting.id as SpeakingRequestId, index, now),
                );
              } else if (r < 0.8 && waiting)
                m = A.change(m, (d) => grantFloor(d, p, waiting.id as SpeakingRequestId, now));
              else if (r < 0.9 && floor.speaker) {
                const id = floor.speaker.id as SpeakingRequestId;
                m = A.change(m, (d) => endSpeakingTurn(d, p, id, now));
              } else if (waiting) {
                p = A.change(p, (d) =>
                  withdrawSpeakingRequest(d, waiting.memberId, waiting.id as SpeakingRequestId, now),
                );
              }
            } catch (e) {
              if (!(e instanceof DomainError)) throw e; // e.g. a member who already waits asks again
            }
          }
          return { meeting: m, part: p };
        });
        // A random pair syncs between rounds, so histories interleave before the final merge.
        const a = Math.floor(rand() * 3);
        const b = (a + 1 + Math.floor(rand() * 2)) % 3;
        peers[a] = {
          meeting: mergeAll(peers[a]!.meeting, peers[b]!.meeting),
          part: mergeAll(peers[a]!.part, peers[b]!.part),
        };
      }
      const views = peers.map((_, i) => {
        const order = [i, (i + 1) % 3, (i + 2) % 3];
        const m = mergeAll(...order.map((j) => peers[j]!.meeting));
        const p = mergeAll(...order.map((j) => peers[j]!.part));
        return floorView(m, p, item, at(clock + 1));
      });
      expect(views[1]).toEqual(views[0]);
      expect(views[2]).toEqual(views[0]);
      const queued = views[0]!.queue.map((r) => r.id);
      expect(new Set(queued).size).toBe(queued.length);
      expect(views[0]!.all.filter((r) => r.state === "speaking").length).toBeLessThanOrEqual(1);
    },
  );
});
