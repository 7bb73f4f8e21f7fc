import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { participationWriteProblems } from "../participation/own-entries.ts";
import { imm } from "../schema/immutable.ts";
import { checkIn } from "./attendance.ts";
import { entryKey } from "./entries.ts";
import { respondToInvitation } from "./invitation.ts";
import { startAgendaItem } from "./live-agenda.ts";
import { deleteOpinion, postOpinion } from "./opinions.ts";
import { requestToSpeak, withdrawSpeakingRequest } from "./speaking.ts";
import { at, member, testMeeting } from "./test-support.ts";
import type { ParticipationRunContainers } from "./types.ts";

/** The relay's check (participationWriteProblems) applied to the entries of running a meeting. */
describe("each member writes only their own run entries in the participation document", () => {
  const { meeting, participation, items } = testMeeting({ members: 3 });
  const live = A.change(meeting, (d) => startAgendaItem(d, items[0]!, at(0)));

  it("accepts a member's own invitation answer, check-in, opinion, deletion, request and withdrawal", () => {
    let opinionId = "";
    let requestId = "";
    const after = A.change(A.clone(participation), (d) => {
      respondToInvitation(d, live, member(1), { response: "confirmed" }, at(-60));
      checkIn(d, member(1), "present", at(1));
      opinionId = postOpinion(
        d,
        live,
        member(1),
        { agendaItemId: items[0]!, stance: "agree", text: "Đồng ý" },
        at(2),
      );
      requestId = requestToSpeak(d, live, member(1), { note: "" }, at(3));
    });
    expect(participationWriteProblems(participation, after, member(1))).toEqual([]);
    const later = A.change(after, (d) => {
      deleteOpinion(d, member(1), opinionId as never, at(4));
      withdrawSpeakingRequest(d, member(1), requestId as never, at(5));
    });
    expect(participationWriteProblems(after, later, member(1))).toEqual([]);
  });

  it("refuses a check-in, an opinion or a request written under another member's key", () => {
    const forged = A.change(A.clone(participation), (d) => {
      checkIn(d, member(2), "present", at(1));
    });
    expect(participationWriteProblems(participation, forged, member(1))).toEqual([
      expect.objectContaining({ container: "attendance", reason: "another member's entry" }),
    ]);
    const asOther = A.change(A.clone(participation), (d) => {
      postOpinion(
        d,
        live,
        member(2),
        { agendaItemId: items[0]!, stance: "disagree", text: "Giả mạo" },
        at(2),
      );
      requestToSpeak(d, live, member(2), { note: "" }, at(3));
    });
    expect(
      participationWriteProblems(participation, asOther, member(1))
        .map((p) => p.container)
        .sort(),
    ).toEqual(["opinions", "speakingRequests"]);
  });

  it("refuses an own-key entry naming someone else, a malformed entry and a removal", () => {
    const mismatched = A.change(A.clone(participation), (d) => {
      (d as unknown as ParticipationRunContainers).attendance[entryKey(member(1), "x")] = {
        type: imm("check_in"),
        id: imm("x"),
        memberId: imm(member(2)),
        status: imm("present"),
        at: imm(new Date(at(1)).toISOString()),
      } as never;
    });
    expect(participationWriteProblems(participation, mismatched, member(1))[0]?.reason).toBe(
      "entry does not match its key",
    );
    const malformed = A.change(A.clone(participation), (d) => {
      (d as unknown as Record<string, Record<string, unknown>>).opinions![entryKey(member(1), "y")] = {
        text: "?",
      };
    });
    expect(participationWriteProblems(participation, malformed, member(1))[0]?.reason).toBe(
      "malformed opinion entry",
    );
    const own = A.change(A.clone(participation), (d) => void checkIn(d, member(1), "present", at(1)));
    const removed = A.change(own, (d) => {
      const attendance = (d as unknown as ParticipationRunContainers).attendance;
      for (const key of Object.keys(attendance)) delete attendance[key];
    });
    expect(participationWriteProblems(own, removed, member(1))[0]?.reason).toBe(
      "attendance entries are never removed",
    );
  });
});
