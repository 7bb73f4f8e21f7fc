import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { at, member, OBSERVER, testMeeting } from "../meeting-run/test-support.ts";
import type { ParticipationDoc } from "../participation/participation.ts";
import { validateParticipation } from "../participation/participation.ts";
import { initPrivate, type PrivateDoc } from "../private/private.ts";
import { imm, toPlain } from "../schema/immutable.ts";
import {
  addAnnotation,
  deleteAnnotation,
  markAnnotationShared,
  restoreUnsharedAnnotation,
} from "./private-changes.ts";
import { allSharedAnnotations, annotationThreads, myAnnotations, sharedAnnotations } from "./selectors.ts";
import {
  carryOverSharedAnnotation,
  deleteAnnotationReply,
  deleteSharedAnnotation,
  editAnnotationReply,
  editSharedAnnotation,
  replyToAnnotation,
  shareAnnotation,
  unshareAnnotation,
} from "./shared-changes.ts";
import { fileHash } from "./test-support.ts";
import type { AnnotationId, AnnotationReplyId } from "./types.ts";

const FILE = fileHash(42);
const AUTHOR = member(1);

function refusal(fn: () => void): { code: string; reason?: unknown } {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, reason: e.details?.reason };
    throw e;
  }
  throw new Error("not refused");
}

/** A meeting, its participation document, and m01's private document with one note on the meeting's paper. */
function setup() {
  const t = testMeeting();
  const meetingId = t.meeting.id.val;
  let id = "" as AnnotationId;
  const privateDoc = A.change(A.init<PrivateDoc>(), (d) => {
    initPrivate(d, { memberId: AUTHOR }, at(0));
    id = addAnnotation(
      d,
      {
        meetingId,
        fileId: FILE,
        pageIndex: 0,
        color: "pink",
        geometry: { kind: "note", point: [480, 700] },
        text: "Đề nghị bổ sung đánh giá tác động.",
      },
      at(1),
    );
  });
  return { ...t, meetingId, privateDoc, id };
}

type Setup = ReturnType<typeof setup>;

/** Shares m01's note: both halves of the move. */
function share(
  s: Setup,
  now = at(2),
): { participation: A.Doc<ParticipationDoc>; privateDoc: A.Doc<PrivateDoc> } {
  const participation = A.change(s.participation, (d) =>
    shareAnnotation(d, s.meeting, s.privateDoc, AUTHOR, s.id, now),
  );
  const privateDoc = A.change(s.privateDoc, (d) => markAnnotationShared(d, s.id, now));
  return { participation, privateDoc };
}

function reply(doc: A.Doc<ParticipationDoc>, s: Setup, who: string, text: string, now: number) {
  let replyId = "" as AnnotationReplyId;
  const next = A.change(doc, (d) => {
    replyId = replyToAnnotation(d, s.meeting, who, { memberId: AUTHOR, annotationId: s.id }, { text }, now);
  });
  return { doc: next, replyId };
}

describe("sharing an annotation", () => {
  it("keeps a private annotation out of the participation document until it is shared", () => {
    const s = setup();
    const before = JSON.stringify(toPlain(s.participation));
    expect(before).not.toContain(s.id);
    expect(before).not.toContain("tác động");
    expect(sharedAnnotations(s.participation, s.meeting)).toEqual([]);
  });

  it("moves it to the participation document with its author and time, shown once", () => {
    const s = setup();
    const { participation, privateDoc } = share(s);
    const [shared, ...rest] = sharedAnnotations(participation, s.meeting);
    expect(rest).toEqual([]);
    expect(shared).toMatchObject({
      id: s.id,
      memberId: AUTHOR,
      authorName: "Thành viên 01",
      sharedAt: new Date(at(2)).toISOString(),
      text: "Đề nghị bổ sung đánh giá tác động.",
      geometry: { kind: "note", point: [480, 700] },
      replyCount: 0,
    });
    expect(validateParticipation(participation)).toEqual({ ok: true });
    const mine = myAnnotations(privateDoc, participation, AUTHOR);
    expect(mine.map((a) => [a.id, a.visibility])).toEqual([[s.id, "shared"]]);
    // Only the private document at hand: the annotation has moved away.
    expect(myAnnotations(privateDoc, null, AUTHOR)).toEqual([]);
    // The private half not written yet (or not synced): still shown once.
    expect(myAnnotations(s.privateDoc, participation, AUTHOR).map((a) => a.visibility)).toEqual(["shared"]);
    // Sharing again changes nothing.
    const again = A.change(participation, (d) =>
      shareAnnotation(d, s.meeting, s.privateDoc, AUTHOR, s.id, at(9)),
    );
    expect(allSharedAnnotations(again)[0]!.sharedAt).toBe(new Date(at(2)).toISOString());
  });

  it("refuses observers, strangers, another member's private document and another meeting's annotation", () => {
    const s = setup();
    const attempt =
      (who: string, privateDoc = s.privateDoc, meeting = s.meeting) =>
      () =>
        A.change(s.participation, (d) => shareAnnotation(d, meeting, privateDoc, who, s.id, at(2)));
    expect(refusal(attempt(OBSERVER))).toMatchObject({ code: "invalid_input", reason: "not_invited" });
    expect(refusal(attempt("m-stranger"))).toMatchObject({ code: "invalid_input", reason: "not_invited" });
    expect(refusal(attempt(member(2)))).toMatchObject({ reason: "not_own_document" });
    const other = testMeeting();
    expect(
      refusal(() =>
        A.change(other.participation, (d) =>
          shareAnnotation(d, other.meeting, s.privateDoc, AUTHOR, s.id, at(2)),
        ),
      ),
    ).toMatchObject({ reason: "other_meeting" });
    const deleted = A.change(A.clone(s.privateDoc), (d) => deleteAnnotation(d, s.id, at(2)));
    expect(refusal(attempt(AUTHOR, deleted))).toMatchObject({ code: "deleted" });
  });

  it("lets only the author edit, delete or unshare it; their two devices merge", () => {
    const s = setup();
    const { participation } = share(s);
    expect(
      refusal(() =>
        A.change(participation, (d) => editSharedAnnotation(d, member(2), s.id, { color: "red" }, at(3))),
      ),
    ).toMatchObject({ code: "invalid_input", reason: "not_owner" });
    expect(
      refusal(() => A.change(participation, (d) => unshareAnnotation(d, member(2), s.id, at(3)))),
    ).toMatchObject({
      reason: "not_owner",
    });
    const laptop = A.change(A.clone(participation), (d) =>
      editSharedAnnotation(d, AUTHOR, s.id, { color: "green" }, at(4)),
    );
    const tablet = A.change(A.clone(participation), (d) =>
      editSharedAnnotation(d, AUTHOR, s.id, { text: "Đề nghị bổ sung đánh giá tác động xã hội." }, at(5)),
    );
    const merged = A.merge(A.clone(laptop), tablet);
    expect(sharedAnnotations(merged, s.meeting)[0]).toMatchObject({
      color: "green",
      text: "Đề nghị bổ sung đánh giá tác động xã hội.",
    });
  });

  it("ignores an entry written under someone else's key", () => {
    const s = setup();
    const { participation } = share(s);
    const forged = A.change(participation, (d) => {
      const entry = toPlain((d.sharedAnnotations as Record<string, unknown>)[`${AUTHOR}:${s.id}`]) as Record<
        string,
        unknown
      >;
      // m02 writes a copy of m01's annotation at m02's key, still claiming m01 as author.
      (d.sharedAnnotations as Record<string, unknown>)[`${member(2)}:${s.id}`] = {
        ...entry,
        type: imm("annotation"),
        text: "Giả mạo",
      };
    });
    expect(sharedAnnotations(forged, s.meeting).map((a) => a.text)).toEqual([
      "Đề nghị bổ sung đánh giá tác động.",
    ]);
  });
});

describe("replies and the delete-while-replying rule", () => {
  it("threads replies oldest first with names; each replier edits and deletes only their own", () => {
    const s = setup();
    let { participation } = share(s);
    const first = reply(participation, s, member(3), "Đồng ý, cần số liệu.", at(6));
    const second = reply(first.doc, s, member(2), "Sở Tài chính đã có báo cáo.", at(5));
    participation = A.change(second.doc, (d) =>
      editAnnotationReply(
        d,
        member(2),
        second.replyId,
        { text: "Sở Tài chính đã có báo cáo tháng 10." },
        at(7),
      ),
    );
    expect(
      refusal(() =>
        A.change(participation, (d) => deleteAnnotationReply(d, member(3), second.replyId, at(8))),
      ),
    ).toMatchObject({ reason: "not_owner" });
    expect(refusal(() => reply(participation, s, OBSERVER, "Khách mời hỏi", at(8)))).toMatchObject({
      reason: "not_invited",
    });
    expect(refusal(() => reply(participation, s, member(2), "   ", at(8)))).toMatchObject({
      code: "invalid_input",
    });
    const [thread] = annotationThreads(participation, s.meeting, { fileId: FILE });
    expect(thread!.status).toBe("live");
    expect(thread!.annotation.replyCount).toBe(2);
    expect(thread!.replies.map((r) => [r.authorName, r.text])).toEqual([
      ["Thành viên 02", "Sở Tài chính đã có báo cáo tháng 10."],
      ["Thành viên 03", "Đồng ý, cần số liệu."],
    ]);
    participation = A.change(participation, (d) => deleteAnnotationReply(d, member(3), first.replyId, at(9)));
    expect(annotationThreads(participation, s.meeting)[0]!.replies.map((r) => r.memberId)).toEqual([
      member(2),
    ]);
  });

  it("keeps a reply written offline while the author deleted the note, under a 'deleted' note", () => {
    const s = setup();
    const { participation } = share(s);
    const authorSide = A.change(A.clone(participation), (d) =>
      deleteSharedAnnotation(d, AUTHOR, s.id, at(10)),
    );
    const replierSide = reply(A.clone(participation), s, member(2), "Tôi nhất trí.", at(11)).doc;
    const merged = A.merge(A.clone(authorSide), replierSide);
    expect(toPlain(merged)).toEqual(toPlain(A.merge(A.clone(replierSide), authorSide)));
    // Not drawn any more…
    expect(sharedAnnotations(merged, s.meeting)).toEqual([]);
    // …but the thread stays, its note shown as deleted (no text, no quote).
    const [thread, ...rest] = annotationThreads(merged, s.meeting);
    expect(rest).toEqual([]);
    expect(thread!.status).toBe("deleted");
    expect(thread!.annotation.text).toBe("");
    expect(thread!.replies.map((r) => r.text)).toEqual(["Tôi nhất trí."]);
    // Replying to a note known to be deleted is refused; a deleted note without replies is gone.
    expect(refusal(() => reply(merged, s, member(3), "Muộn", at(12)))).toMatchObject({ code: "deleted" });
    expect(annotationThreads(authorSide, s.meeting)).toEqual([]);
  });

  it("unsharing hides the note from everyone, keeps replies under a 'withdrawn' note, and returns it to private", () => {
    const s = setup();
    let { participation, privateDoc } = share(s);
    participation = A.change(participation, (d) =>
      editSharedAnnotation(d, AUTHOR, s.id, { text: "Đã sửa khi chia sẻ." }, at(3)),
    );
    const replied = reply(A.clone(participation), s, member(2), "Câu hỏi cho tác giả", at(4)).doc;
    const unshared = A.change(A.clone(participation), (d) => unshareAnnotation(d, AUTHOR, s.id, at(5)));
    participation = A.merge(unshared, replied);
    expect(sharedAnnotations(participation, s.meeting)).toEqual([]);
    expect(annotationThreads(participation, s.meeting).map((t) => [t.status, t.replies.length])).toEqual([
      ["unshared", 1],
    ]);
    // Before the private half arrives the note is already the author's private one again.
    expect(myAnnotations(privateDoc, participation, AUTHOR).map((a) => a.visibility)).toEqual(["private"]);
    const withdrawn = allSharedAnnotations(participation).find((a) => a.id === s.id)!;
    privateDoc = A.change(privateDoc, (d) => restoreUnsharedAnnotation(d, withdrawn, at(6)));
    expect(myAnnotations(privateDoc, participation, AUTHOR)).toMatchObject([
      { id: s.id, visibility: "private", text: "Đã sửa khi chia sẻ." },
    ]);
    expect(refusal(() => reply(participation, s, member(3), "Còn không?", at(7)))).toMatchObject({
      reason: "unshared",
    });
    expect(
      refusal(() => A.change(participation, (d) => deleteSharedAnnotation(d, AUTHOR, s.id, at(7)))),
    ).toMatchObject({ reason: "unshared" });
    // Shared again: live, with its old thread.
    participation = A.change(participation, (d) =>
      shareAnnotation(d, s.meeting, privateDoc, AUTHOR, s.id, at(8)),
    );
    const [thread] = annotationThreads(participation, s.meeting);
    expect(thread).toMatchObject({
      status: "live",
      annotation: { text: "Đã sửa khi chia sẻ.", replyCount: 1 },
    });
  });

  it("shows the old version's replies on a shared annotation carried over to a new version", () => {
    const s = setup();
    let { participation } = share(s);
    participation = reply(participation, s, member(2), "Ý kiến trên bản cũ", at(3)).doc;
    const from = allSharedAnnotations(participation)[0]!;
    const newFile = fileHash(43);
    const carry = (doc: A.Doc<ParticipationDoc>) =>
      A.change(doc, (d) =>
        carryOverSharedAnnotation(
          d,
          AUTHOR,
          { from, fileId: newFile, pageIndex: 1, geometry: from.geometry },
          at(4),
        ),
      );
    participation = A.merge(carry(A.clone(participation)), carry(A.clone(participation)));
    const threads = annotationThreads(participation, s.meeting, { fileId: newFile });
    expect(threads).toHaveLength(1);
    expect(threads[0]!.annotation).toMatchObject({
      pageIndex: 1,
      carriedFrom: { fileId: FILE, annotationId: s.id },
    });
    expect(threads[0]!.replies.map((r) => r.text)).toEqual(["Ý kiến trên bản cũ"]);
    expect(
      refusal(() =>
        A.change(participation, (d) =>
          carryOverSharedAnnotation(
            d,
            member(2),
            { from, fileId: newFile, pageIndex: 1, geometry: from.geometry },
            at(5),
          ),
        ),
      ),
    ).toMatchObject({ reason: "not_owner" });
  });
});
