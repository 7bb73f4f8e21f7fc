import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { setMeetingStatus, updateMeetingDetails } from "../meeting/changes.ts";
import { meetingView } from "../meeting/selectors.ts";
import { imm } from "../schema/immutable.ts";
import { invitationCalendarEvent } from "./calendar-event.ts";
import { invitationNonRespondents, invitationResponses, respondToInvitation } from "./invitation.ts";
import { RunRefusal } from "./refusals.ts";
import { at, CHAIR, member, OBSERVER, testMeeting } from "./test-support.ts";

function reason(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return (e.details?.reason as string | undefined) ?? e.code;
    throw e;
  }
  return undefined;
}

describe("invitation responses", () => {
  it("records confirm, decline with reason and deputy; the latest answer is in force", () => {
    const { meeting, participation } = testMeeting({ members: 4 });
    const part = A.change(participation, (d) => {
      respondToInvitation(d, meeting, member(1), { response: "confirmed" }, at(-300));
      respondToInvitation(d, meeting, member(2), { response: "declined", reason: "Ốm" }, at(-300));
      respondToInvitation(
        d,
        meeting,
        member(3),
        { response: "deputy", deputy: { memberId: null, name: "Đỗ Phó Phòng" }, reason: "Đi công tác" },
        at(-300),
      );
      // Member 1 changes their mind later.
      respondToInvitation(d, meeting, member(1), { response: "declined", reason: "Trùng lịch" }, at(-200));
    });
    const summary = invitationResponses(meeting, part);
    const byMember = new Map(summary.rows.map((r) => [r.memberId, r.response]));
    expect(byMember.get(member(1))).toMatchObject({ response: "declined", reason: "Trùng lịch" });
    expect(byMember.get(member(2))).toMatchObject({ response: "declined", reason: "Ốm" });
    expect(byMember.get(member(3))).toMatchObject({
      response: "deputy",
      reason: "Đi công tác",
      deputy: { memberId: null, name: "Đỗ Phó Phòng" },
    });
    expect(byMember.get(member(4))).toBeNull();
    // 4 members + chair, secretary, observer and the participant known only by name = 8 rows.
    expect(summary.counts).toEqual({ confirmed: 0, declined: 2, deputy: 1, none: 5 });
  });

  it("refuses a decline without reason, a deputy without name, strangers and unsent meetings", () => {
    const { meeting, participation } = testMeeting();
    const answer = (m: typeof meeting, who: string, a: unknown) =>
      reason(() => A.change(participation, (d) => void respondToInvitation(d, m, who, a as never, at(0))));
    expect(answer(meeting, member(1), { response: "declined", reason: " " })).toBe("invalid_input");
    expect(answer(meeting, member(1), { response: "deputy", deputy: { name: "" } })).toBe("invalid_input");
    expect(
      answer(meeting, member(1), { response: "deputy", deputy: { memberId: member(1), name: "Tôi" } }),
    ).toBe(RunRefusal.NotInvited);
    expect(answer(meeting, "stranger", { response: "confirmed" })).toBe(RunRefusal.NotInvited);
    const draft = A.change(A.clone(meeting), (d) => setMeetingStatus(d, "draft", at(0)));
    expect(answer(draft, member(1), { response: "confirmed" })).toBe(RunRefusal.MeetingStatus);
    const inSession = A.change(A.clone(meeting), (d) => setMeetingStatus(d, "in_session", at(0)));
    expect(answer(inSession, member(1), { response: "confirmed" })).toBeUndefined();
  });
});

describe("invitation calendar event (input to an .ics step)", () => {
  it("carries the meeting's UTC times, place, agenda and links, with a growing sequence", () => {
    const { meeting } = testMeeting({ planned: [30, 15] });
    const organizer = { name: "Văn phòng UBND quận", email: "vanphong@example.gov.vn" };
    const url = "https://hopso.example/meetings/abc";
    const event = invitationCalendarEvent(meetingView(meeting), organizer, url);
    expect(event).toMatchObject({
      uid: `${meeting.id.val}@hopso`,
      title: "Phiên họp UBND quận thường kỳ tháng 12/2026",
      start: "2026-12-03T01:00:00.000Z",
      end: "2026-12-03T04:30:00.000Z",
      timeZone: "Asia/Ho_Chi_Minh",
      location: "Phòng họp số 1",
      url,
      organizer,
      status: "CONFIRMED",
    });
    expect(event.description.split("\n")).toEqual([
      "Chương trình họp:",
      "1. Nội dung 1 — 30 phút",
      "2. Nội dung 2 — 15 phút",
      "",
      `Xem trong HọpSố: ${url}`,
    ]);
    const moved = A.change(meeting, (d) =>
      updateMeetingDetails(d, { location: "", onlineLink: "https://meet.example/xyz" }, at(-100)),
    );
    const later = invitationCalendarEvent(meetingView(moved), organizer, url);
    expect(later.sequence).toBeGreaterThan(event.sequence);
    expect(later.location).toBe("https://meet.example/xyz");
    expect(later.description).toContain("Họp trực tuyến: https://meet.example/xyz");
  });
});

describe("who has not answered the invitation (reminder recipients)", () => {
  it("lists members without an answer, not the secretary, not name-only guests, not removed ones", () => {
    const { meeting, participation, participantOf } = testMeeting({ members: 3 });
    expect(invitationNonRespondents(meeting, participation).map((p) => p.memberId)).toEqual([
      CHAIR,
      member(1),
      member(2),
      member(3),
      OBSERVER,
    ]);
    const answered = A.change(participation, (d) => {
      respondToInvitation(d, meeting, member(1), { response: "confirmed" }, at(-300));
      respondToInvitation(d, meeting, member(2), { response: "declined", reason: "Ốm" }, at(-300));
    });
    const removed = A.change(meeting, (d) => {
      const p = d.participants[participantOf.get(OBSERVER)!]!;
      p.removedAt = imm(new Date(at(-250)).toISOString());
    });
    expect(invitationNonRespondents(removed, answered).map((p) => p.memberId)).toEqual([CHAIR, member(3)]);
  });
});
