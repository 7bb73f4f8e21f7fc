import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import type { ParticipationDoc } from "../participation/participation.ts";
import {
  addDiscussionQuestion,
  discussionQuestions,
  editDiscussionQuestion,
  moveDiscussionQuestion,
  removeDiscussionQuestion,
  restoreDiscussionQuestion,
} from "./discussion.ts";
import { compileOpinions, opinionThreads } from "./opinion-views.ts";
import { deleteOpinion, editOpinion, postOpinion, replyToOpinion } from "./opinions.ts";
import { RunRefusal } from "./refusals.ts";
import { at, CHAIR, member, mergeAll, OBSERVER, testMeeting } from "./test-support.ts";
import type { DiscussionQuestionId, OpinionId, Stance } from "./types.ts";

function reason(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return (e.details?.reason as string | undefined) ?? e.code;
    throw e;
  }
  return undefined;
}

function withQuestions() {
  const t = testMeeting({ members: 5 });
  const q: DiscussionQuestionId[] = [];
  const meeting = A.change(t.meeting, (d) => {
    q.push(
      addDiscussionQuestion(d, { agendaItemId: t.items[0]!, text: "Có nên tăng vốn đầu tư công?" }, at(-100)),
    );
    q.push(addDiscussionQuestion(d, { agendaItemId: t.items[0]!, text: "Tiến độ giải ngân?" }, at(-100)));
    q.push(
      addDiscussionQuestion(
        d,
        { agendaItemId: t.items[1]!, text: "Phương án sắp xếp trường học?" },
        at(-100),
      ),
    );
  });
  return { ...t, meeting, q };
}

describe("discussion questions", () => {
  it("are kept per agenda item, in agenda order then their own order", () => {
    const { meeting, items, q } = withQuestions();
    expect(discussionQuestions(meeting).map((x) => x.id)).toEqual(q);
    expect(discussionQuestions(meeting, items[1]).map((x) => x.id)).toEqual([q[2]]);
    let doc = A.change(meeting, (d) => moveDiscussionQuestion(d, q[1]!, 0, at(0)));
    expect(discussionQuestions(doc, items[0]).map((x) => x.id)).toEqual([q[1], q[0]]);
    doc = A.change(doc, (d) => {
      editDiscussionQuestion(d, q[0]!, { text: "Có nên tăng vốn đầu tư công năm 2027?" }, at(1));
      removeDiscussionQuestion(d, q[1]!, at(1));
    });
    expect(discussionQuestions(doc, items[0]).map((x) => x.text)).toEqual([
      "Có nên tăng vốn đầu tư công năm 2027?",
    ]);
    doc = A.change(doc, (d) => restoreDiscussionQuestion(d, q[1]!, at(2)));
    expect(discussionQuestions(doc, items[0]).map((x) => x.id)).toEqual([q[1], q[0]]);
  });

  it("refuse a deleted or unknown agenda item and empty text", () => {
    const { meeting } = withQuestions();
    expect(() =>
      A.change(meeting, (d) => void addDiscussionQuestion(d, { agendaItemId: "x", text: "?" }, at(0))),
    ).toThrow(DomainError);
    expect(() =>
      A.change(
        meeting,
        (d) => void addDiscussionQuestion(d, { agendaItemId: Object.keys(d.agenda)[0]!, text: " " }, at(0)),
      ),
    ).toThrow(DomainError);
  });
});

describe("opinions", () => {
  function post(
    part: A.Doc<ParticipationDoc>,
    meeting: ReturnType<typeof withQuestions>["meeting"],
    who: string,
    target: { agendaItemId: string; questionId?: string | null },
    stance: Stance,
    text: string,
    minutes: number,
  ): { part: A.Doc<ParticipationDoc>; id: OpinionId } {
    let id = "" as OpinionId;
    const next = A.change(part, (d) => {
      id = postOpinion(d, meeting, who, { ...target, stance, text }, at(minutes));
    });
    return { part: next, id };
  }

  it("compiles who said what and counts one stance per member", () => {
    const { meeting, participation, items, q } = withQuestions();
    const target = { agendaItemId: items[0]!, questionId: q[0]! };
    let part = participation;
    let r = post(part, meeting, member(1), target, "agree", "Đồng ý tăng 10%.", 1);
    part = r.part;
    const first = r.id;
    r = post(part, meeting, member(2), target, "disagree", "Chưa đủ nguồn.", 2);
    part = r.part;
    r = post(part, meeting, member(3), target, "other", "Cần thêm số liệu.", 3);
    part = r.part;
    const third = r.id;
    // Member 1 writes again and changes position: their latest stance counts once.
    r = post(part, meeting, member(1), target, "disagree", "Sau khi nghe, tôi không đồng ý.", 4);
    part = r.part;
    // Member 3 deletes theirs; member 4 opines on the other question; the chair replies to member 1.
    part = A.change(part, (d) => {
      deleteOpinion(d, member(3), third, at(5));
      replyToOpinion(d, meeting, CHAIR, first, { text: "Đề nghị nói rõ nguồn vốn." }, at(6));
    });
    part = post(
      part,
      meeting,
      member(4),
      { agendaItemId: items[0]!, questionId: q[1]! },
      "agree",
      "Ổn.",
      6,
    ).part;

    const compiled = compileOpinions(part, meeting, target);
    expect(compiled.question?.text).toBe("Có nên tăng vốn đầu tư công?");
    expect(compiled.counts).toEqual({ agree: 0, disagree: 2, other: 0, total: 2 });
    expect(compiled.stances.map((s) => [s.memberId, s.stance, s.opinionCount])).toEqual([
      [member(1), "disagree", 2],
      [member(2), "disagree", 1],
    ]);
    expect(compiled.threads.map((t) => [t.fullName, t.stance, t.replies.length])).toEqual([
      ["Thành viên 01", "agree", 1],
      ["Thành viên 02", "disagree", 0],
      ["Thành viên 01", "disagree", 0],
    ]);
    expect(compiled.threads[0]!.replies[0]).toMatchObject({ memberId: CHAIR, stance: null, parentId: first });
    expect(compiled.notGiven.map((n) => n.memberId)).toEqual([member(3), member(4), member(5)]);
    // An edit of the stance makes that opinion the member's stance in force.
    part = A.change(part, (d) => editOpinion(d, member(1), first, { stance: "agree" }, at(10)));
    expect(compileOpinions(part, meeting, target).counts).toEqual({
      agree: 1,
      disagree: 1,
      other: 0,
      total: 2,
    });
  });

  it("only the author edits or deletes; replies thread under the top-level opinion", () => {
    const { meeting, participation, items } = withQuestions();
    const target = { agendaItemId: items[1]!, questionId: null };
    const { part: p1, id } = post(participation, meeting, member(1), target, "agree", "Nhất trí.", 1);
    expect(reason(() => A.change(p1, (d) => editOpinion(d, member(2), id, { text: "Sửa hộ" }, at(2))))).toBe(
      RunRefusal.NotOwner,
    );
    expect(reason(() => A.change(p1, (d) => deleteOpinion(d, member(2), id, at(2))))).toBe(
      RunRefusal.NotOwner,
    );
    let reply = "" as OpinionId;
    let part = A.change(p1, (d) => {
      reply = replyToOpinion(d, meeting, member(2), id, { text: "Tôi cũng vậy." }, at(2));
      replyToOpinion(d, meeting, member(3), reply, { text: "Trả lời lồng." }, at(3));
    });
    expect(() => A.change(part, (d) => editOpinion(d, member(2), reply, { stance: "agree" }, at(4)))).toThrow(
      DomainError,
    );
    part = A.change(part, (d) => editOpinion(d, member(1), id, { text: "Nhất trí hoàn toàn." }, at(4)));
    let threads = opinionThreads(part, meeting, target);
    expect(threads).toHaveLength(1);
    expect(threads[0]).toMatchObject({
      text: "Nhất trí hoàn toàn.",
      editedAt: new Date(at(4)).toISOString(),
    });
    expect(threads[0]!.replies.map((r) => r.memberId)).toEqual([member(2), member(3)]);
    // A deleted opinion with replies stays as a placeholder; its text is gone and it is not counted.
    part = A.change(part, (d) => deleteOpinion(d, member(1), id, at(5)));
    threads = opinionThreads(part, meeting, target);
    expect(threads[0]).toMatchObject({ deleted: true, text: "" });
    expect(compileOpinions(part, meeting, target).counts.total).toBe(0);
    expect(() => A.change(part, (d) => editOpinion(d, member(1), id, { text: "x" }, at(6)))).toThrow(
      DomainError,
    );
  });

  it("refuses observers, strangers, and a question of another item", () => {
    const { meeting, participation, items, q } = withQuestions();
    const target = { agendaItemId: items[0]!, questionId: q[0]! };
    expect(reason(() => post(participation, meeting, OBSERVER, target, "agree", "x", 1))).toBe(
      RunRefusal.NotInvited,
    );
    expect(reason(() => post(participation, meeting, "stranger", target, "agree", "x", 1))).toBe(
      RunRefusal.NotInvited,
    );
    expect(
      reason(() =>
        post(
          participation,
          meeting,
          member(1),
          { agendaItemId: items[1]!, questionId: q[0]! },
          "agree",
          "x",
          1,
        ),
      ),
    ).toBe("invalid_input");
    expect(reason(() => post(participation, meeting, member(1), target, "agree", "   ", 1))).toBe(
      "invalid_input",
    );
  });

  it("two devices of one member writing offline both keep their opinions and text edits merge", () => {
    const { meeting, participation, items, q } = withQuestions();
    const target = { agendaItemId: items[0]!, questionId: q[0]! };
    const { part: base, id } = post(participation, meeting, member(1), target, "agree", "Đồng ý.", 1);
    const tablet = post(
      A.clone(base),
      meeting,
      member(1),
      target,
      "other",
      "Ý kiến từ máy tính bảng.",
      2,
    ).part;
    const phone = A.change(
      post(A.clone(base), meeting, member(1), target, "agree", "Ý kiến từ điện thoại.", 3).part,
      (d) => editOpinion(d, member(1), id, { text: "Đồng ý, có điều kiện." }, at(4)),
    );
    const a = compileOpinions(mergeAll(tablet, phone), meeting, target);
    const b = compileOpinions(mergeAll(phone, tablet), meeting, target);
    expect(b).toEqual(a);
    expect(a.threads.map((t) => t.text)).toEqual([
      "Đồng ý, có điều kiện.",
      "Ý kiến từ máy tính bảng.",
      "Ý kiến từ điện thoại.",
    ]);
    expect(a.counts.total).toBe(1);
    expect(a.stances[0]).toMatchObject({ opinionId: id, stance: "agree", opinionCount: 3 }); // edited at 4: latest
  });
});
