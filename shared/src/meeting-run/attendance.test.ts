import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { imm } from "../schema/immutable.ts";
import { attendanceView, checkIn, markAttendance } from "./attendance.ts";
import { respondToInvitation } from "./invitation.ts";
import { meetingQuorumRule, setQuorumRule } from "./live.ts";
import {
  COUNCIL_SESSION_QUORUM,
  defaultQuorumRule,
  GOVERNMENT_SESSION_QUORUM,
  MAJORITY_QUORUM,
  QUORUM_PRESETS,
  type QuorumRule,
  quorumState,
  requiredForQuorum,
} from "./quorum.ts";
import { at, CHAIR, member, mergeAll, OBSERVER, SECRETARY, testMeeting } from "./test-support.ts";
import type { AttendanceStatus } from "./types.ts";

describe("quorum rules", () => {
  it.each([
    // preset, members on the base, required
    ["government_session", 26, 18],
    ["government_session", 27, 18],
    ["government_session", 3, 2],
    ["council_session", 20, 14],
    ["council_session", 21, 14],
    ["majority", 10, 6],
    ["majority", 9, 5],
    ["majority", 1, 1],
    ["majority", 0, 1],
    ["government_session", 0, 1],
  ] as const)("%s: %i members need %i taking part", (preset, base, required) => {
    expect(requiredForQuorum(base, QUORUM_PRESETS[preset])).toBe(required);
  });

  it("picks a default by meeting kind; a written consultation has no quorum", () => {
    expect(defaultQuorumRule("council_session")).toBe(COUNCIL_SESSION_QUORUM);
    expect(defaultQuorumRule("regular")).toBe(MAJORITY_QUORUM);
    expect(defaultQuorumRule("thematic")).toBe(MAJORITY_QUORUM);
    expect(defaultQuorumRule("written_consultation")).toBeNull();
    expect(GOVERNMENT_SESSION_QUORUM.legalSource).toMatch(/Điều 46/);
  });

  const rows = (statuses: (AttendanceStatus | null)[]) =>
    statuses.map((status) => ({ countsForQuorum: true, status }));

  it("counts present and remote members; deputies only when the rule says so", () => {
    // 26 Government members: 15 present, 2 remote, 2 deputies, the rest absent.
    const statuses: (AttendanceStatus | null)[] = [
      ...Array<AttendanceStatus>(15).fill("present"),
      ...Array<AttendanceStatus>(2).fill("remote"),
      ...Array<AttendanceStatus>(2).fill("deputy"),
      ...Array<AttendanceStatus>(4).fill("absent_with_reason"),
      "absent",
      null,
      null,
    ];
    const strictMembers = quorumState(rows(statuses), GOVERNMENT_SESSION_QUORUM);
    expect(strictMembers).toMatchObject({
      applicable: true,
      baseSize: 26,
      required: 18,
      taking: 17,
      met: false,
    });
    if (strictMembers.applicable) expect(strictMembers.shortBy).toBe(1);
    const withDeputies: QuorumRule = { ...GOVERNMENT_SESSION_QUORUM, id: "custom", countDeputies: true };
    expect(quorumState(rows(statuses), withDeputies)).toMatchObject({ taking: 19, met: true, shortBy: 0 });
  });

  it("exactly the threshold: at least 2/3 is met, more than 1/2 needs one more than half", () => {
    const sixOfNine = rows([...Array<AttendanceStatus>(6).fill("present"), "absent", "absent", "absent"]);
    expect(quorumState(sixOfNine, GOVERNMENT_SESSION_QUORUM)).toMatchObject({ required: 6, met: true });
    const fiveOfTen = rows([...Array<AttendanceStatus>(5).fill("remote"), ...Array<null>(5).fill(null)]);
    expect(quorumState(fiveOfTen, MAJORITY_QUORUM)).toMatchObject({ required: 6, taking: 5, met: false });
  });

  it("ignores people off the quorum base and reports no quorum without a rule", () => {
    const mixed = [
      { countsForQuorum: true, status: "present" as const },
      { countsForQuorum: false, status: "present" as const },
      { countsForQuorum: true, status: null },
    ];
    expect(quorumState(mixed, MAJORITY_QUORUM)).toMatchObject({ baseSize: 2, taking: 1, required: 2 });
    expect(quorumState(mixed, null)).toEqual({ applicable: false });
  });

  it("a custom rule: three quarters, strictly more, deputies counted", () => {
    const rule: QuorumRule = {
      id: "custom",
      threshold: { numerator: 3, denominator: 4 },
      strict: true,
      countDeputies: true,
    } as QuorumRule;
    // 8 on the base: more than 6 needed, so 7.
    const seven = rows([...Array<AttendanceStatus>(5).fill("present"), "remote", "deputy", "absent"]);
    expect(quorumState(seven, rule)).toMatchObject({ required: 7, taking: 7, met: true });
    const six = rows([...Array<AttendanceStatus>(5).fill("present"), "remote", "absent", null]);
    expect(quorumState(six, rule)).toMatchObject({ required: 7, taking: 6, met: false, shortBy: 1 });
  });

  it("the live indicator follows check-ins and the secretary's marks on the meeting's documents", () => {
    // Chair + 5 participants + a name-only participant on the base: 7, majority needs 4.
    const { meeting, participation, participantOf } = testMeeting({ members: 5 });
    const quorum = (m: typeof meeting, p: typeof participation) => attendanceView(m, p).quorum;
    expect(quorum(meeting, participation)).toMatchObject({ baseSize: 7, required: 4, taking: 0, met: false });
    const three = A.change(participation, (d) => {
      checkIn(d, CHAIR, "present", at(0));
      checkIn(d, member(1), "present", at(1));
      checkIn(d, member(2), "remote", at(2));
    });
    expect(quorum(meeting, three)).toMatchObject({ taking: 3, met: false, shortBy: 1 });
    // The secretary marks the name-only participant present: quorum met.
    const marked = A.change(meeting, (d) => {
      markAttendance(d, participantOf.get("guest")!, { status: "present" }, at(3));
    });
    expect(quorum(marked, three)).toMatchObject({ taking: 4, met: true });
    // Member 1 leaves and is marked absent after their check-in: quorum lost again.
    const left = A.change(marked, (d) => {
      markAttendance(d, participantOf.get(member(1))!, { status: "absent" }, at(30));
    });
    expect(quorum(left, three)).toMatchObject({ taking: 3, met: false });
    // The observer and the secretary checking in never count.
    const staff = A.change(three, (d) => {
      checkIn(d, OBSERVER, "present", at(31));
      checkIn(d, SECRETARY, "present", at(31));
    });
    expect(quorum(left, staff)).toMatchObject({ taking: 3, met: false });
  });

  it("stores a chosen rule in the meeting and falls back to the kind's default", () => {
    const { meeting } = testMeeting();
    expect(meetingQuorumRule(meeting)).toBe(MAJORITY_QUORUM);
    const gov = A.change(meeting, (d) => setQuorumRule(d, { kind: "preset", preset: "government_session" }));
    expect(meetingQuorumRule(gov)).toBe(GOVERNMENT_SESSION_QUORUM);
    const custom = A.change(gov, (d) =>
      setQuorumRule(d, {
        kind: "custom",
        threshold: { numerator: 3, denominator: 4 },
        strict: false,
        countDeputies: true,
      }),
    );
    expect(meetingQuorumRule(custom)).toEqual({
      id: "custom",
      threshold: { numerator: 3, denominator: 4 },
      strict: false,
      countDeputies: true,
      legalSource: null,
    });
    const reset = A.change(custom, (d) => setQuorumRule(d, null));
    expect(meetingQuorumRule(reset)).toBe(MAJORITY_QUORUM);
    expect(() =>
      A.change(reset, (d) =>
        setQuorumRule(d, {
          kind: "custom",
          threshold: { numerator: 5, denominator: 4 },
          strict: false,
          countDeputies: false,
        }),
      ),
    ).toThrow(DomainError);
  });
});

describe("attendance: self check-in and the secretary's marks", () => {
  it("puts the chair and participants on the quorum base, not the secretary or observers", () => {
    const { meeting, participation } = testMeeting({ members: 5 });
    const view = attendanceView(meeting, participation);
    const base = view.rows.filter((r) => r.countsForQuorum).map((r) => r.memberId);
    expect(base).toContain(CHAIR);
    expect(base).not.toContain(SECRETARY);
    expect(base).not.toContain(OBSERVER);
    expect(base).toHaveLength(7); // chair + 5 members + the participant known only by name
    expect(view.quorum).toMatchObject({ applicable: true, required: 4, taking: 0, met: false });
    expect(view.counts.unknown).toBe(view.rows.length);
  });

  it("lets a member check in present or remote, and nothing else", () => {
    const { participation } = testMeeting();
    expect(() =>
      A.change(participation, (d) => void checkIn(d, member(1), "absent" as never, at(0))),
    ).toThrow(DomainError);
    expect(() => A.change(participation, (d) => void checkIn(d, "a:b", "present", at(0)))).toThrow(
      DomainError,
    );
  });

  it("the later record is in force; an exact tie goes to the secretary", () => {
    const { meeting, participation, participantOf } = testMeeting();
    const p1 = participantOf.get(member(1))!;
    const p2 = participantOf.get(member(2))!;
    const p3 = participantOf.get(member(3))!;
    const part = A.change(participation, (d) => {
      checkIn(d, member(1), "present", at(1)); // then the secretary corrects to remote at 5
      checkIn(d, member(2), "present", at(20)); // arrives after being marked absent at 2
      checkIn(d, member(3), "present", at(3)); // tie with the secretary's mark
    });
    const meet = A.change(meeting, (d) => {
      markAttendance(d, p1, { status: "remote" }, at(5));
      markAttendance(d, p2, { status: "absent" }, at(2));
      markAttendance(d, p3, { status: "absent_with_reason", reason: "Đi công tác" }, at(3));
    });
    const rows = new Map(attendanceView(meet, part).rows.map((r) => [r.memberId, r]));
    expect(rows.get(member(1))).toMatchObject({ status: "remote", source: "secretary" });
    expect(rows.get(member(1))!.selfCheckIn).toEqual({
      status: "present",
      at: new Date(at(1)).toISOString(),
    });
    expect(rows.get(member(2))).toMatchObject({ status: "present", source: "self" });
    expect(rows.get(member(2))!.secretaryMark).toMatchObject({ status: "absent" });
    expect(rows.get(member(3))).toMatchObject({
      status: "absent_with_reason",
      source: "secretary",
      reason: "Đi công tác",
    });
  });

  it("a declined invitation counts as absent with reason until someone records otherwise", () => {
    const { meeting, participation } = testMeeting();
    let part = A.change(participation, (d) => {
      respondToInvitation(d, meeting, member(4), { response: "declined", reason: "Họp HĐND tỉnh" }, at(-600));
    });
    const row = () => attendanceView(meeting, part).rows.find((r) => r.memberId === member(4))!;
    expect(row()).toMatchObject({
      status: "absent_with_reason",
      source: "invitation",
      reason: "Họp HĐND tỉnh",
    });
    part = A.change(part, (d) => void checkIn(d, member(4), "remote", at(10)));
    expect(row()).toMatchObject({ status: "remote", source: "self" });
  });

  it("the secretary marks a deputy (with a name) and a participant known only by name", () => {
    const { meeting, participation, participantOf } = testMeeting();
    const meet = A.change(meeting, (d) => {
      markAttendance(
        d,
        participantOf.get(member(5))!,
        { status: "deputy", deputy: { name: "Võ Phó Giám Đốc" } },
        at(0),
      );
      markAttendance(d, participantOf.get("guest")!, { status: "present" }, at(0));
    });
    const rows = attendanceView(meet, participation).rows;
    expect(rows.find((r) => r.memberId === member(5))).toMatchObject({
      status: "deputy",
      deputy: { memberId: null, name: "Võ Phó Giám Đốc" },
    });
    expect(rows.find((r) => r.fullName === "Phạm Chỉ Có Tên")).toMatchObject({ status: "present" });
    expect(() =>
      A.change(
        meet,
        (d) => void markAttendance(d, participantOf.get(member(1))!, { status: "deputy" }, at(1)),
      ),
    ).toThrow(DomainError);
    expect(() =>
      A.change(meet, (d) => void markAttendance(d, "nobody", { status: "present" }, at(1))),
    ).toThrow(DomainError);
  });

  it("concurrent check-ins and secretary marks on different devices converge, in either merge order", () => {
    const { meeting, participation, participantOf } = testMeeting({ members: 5 });
    // Member 1 checks in on a tablet and (earlier) on a phone; member 2 checks in; all offline.
    const tablet = A.change(A.clone(participation), (d) => void checkIn(d, member(1), "present", at(2)));
    const phone = A.change(A.clone(participation), (d) => {
      checkIn(d, member(1), "remote", at(1));
      checkIn(d, member(2), "present", at(1));
    });
    // Meanwhile the secretary and the chair mark on their own devices.
    const secretary = A.change(A.clone(meeting), (d) => {
      markAttendance(d, participantOf.get(member(1))!, { status: "absent" }, at(0));
      markAttendance(d, participantOf.get(member(3))!, { status: "present" }, at(3));
    });
    const chair = A.change(A.clone(meeting), (d) => {
      markAttendance(d, participantOf.get(member(2))!, { status: "remote" }, at(4));
      markAttendance(d, participantOf.get(CHAIR)!, { status: "present" }, at(4));
    });
    const views = [
      attendanceView(mergeAll(secretary, chair), mergeAll(tablet, phone)),
      attendanceView(mergeAll(chair, secretary), mergeAll(phone, tablet)),
    ];
    expect(views[1]).toEqual(views[0]);
    const rows = new Map(views[0]!.rows.map((r) => [r.memberId, r]));
    expect(rows.get(member(1))).toMatchObject({ status: "present", source: "self" }); // tablet at 2 > mark at 0
    expect(rows.get(member(2))).toMatchObject({ status: "remote", source: "secretary" });
    expect(rows.get(member(3))).toMatchObject({ status: "present", source: "secretary" });
    // chair + members 1, 2, 3 take part: 4 of 7 on the base, more than half.
    expect(views[0]!.quorum).toMatchObject({
      applicable: true,
      baseSize: 7,
      taking: 4,
      required: 4,
      met: true,
    });
  });

  it("ignores an entry whose key names another member than the entry itself", () => {
    const { meeting, participation } = testMeeting();
    const forged = A.change(participation, (d) => {
      d.attendance[`${member(2)}:x1`] = {
        type: imm("check_in"),
        id: imm("x1"),
        memberId: imm(member(1)),
        status: imm("present"),
        at: imm(new Date(at(0)).toISOString()),
      };
    });
    const rows = new Map(attendanceView(meeting, forged).rows.map((r) => [r.memberId, r]));
    expect(rows.get(member(1))!.status).toBeNull();
    expect(rows.get(member(2))!.status).toBeNull();
  });
});
