import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { imm } from "../schema/immutable.ts";
import { migrate, schemaState } from "../schema/migrations.ts";
import { docFromFixture } from "../schema/test-support.ts";
import {
  addConsultationMember,
  addConsultationQuestion,
  closeConsultation,
  editConsultationQuestion,
  moveConsultationQuestion,
  openConsultation,
  removeConsultationMember,
  removeConsultationQuestion,
  submitAnswer,
  updateConsultationDetails,
} from "./consultation-changes.ts";
import {
  type ConsultationDoc,
  type ConsultationQuestionId,
  consultationMigrations,
  initConsultation,
  validateConsultation,
} from "./consultation-doc.ts";
import { consultationNonRespondents, consultationResults } from "./consultation-results.ts";
import { consultationPhase, consultationView } from "./consultation-view.ts";
import consultationV1 from "./fixtures/consultation-v1.json" with { type: "json" };
import { RunRefusal } from "./refusals.ts";
import { at, member, mergeAll } from "./test-support.ts";

const DEADLINE = at(24 * 60); // one day after T0
const iso = (ms: number) => new Date(ms).toISOString();

function reason(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return (e.details?.reason as string | undefined) ?? e.code;
    throw e;
  }
  return undefined;
}

/** A draft consultation to members m01…m04 with a single-choice, a multiple-choice and a free-text question. */
function draft(): { doc: A.Doc<ConsultationDoc>; q: ConsultationQuestionId[] } {
  const q: ConsultationQuestionId[] = [];
  const doc = A.change(A.init<ConsultationDoc>(), (d) => {
    initConsultation(
      d,
      {
        title: "Lấy ý kiến về dự thảo Nghị quyết",
        description: "",
        deadline: iso(DEADLINE),
        members: [1, 2, 3, 4].map((n) => ({ memberId: member(n), fullName: `Thành viên ${n}` })),
      },
      at(0),
    );
    q.push(
      addConsultationQuestion(
        d,
        {
          text: "Đồng chí có đồng ý với dự thảo?",
          kind: "single_choice",
          choices: [{ label: "Đồng ý" }, { label: "Không đồng ý" }],
          allowComment: true,
        },
        at(0),
      ),
    );
    q.push(
      addConsultationQuestion(
        d,
        {
          text: "Các nội dung cần sửa?",
          kind: "multiple_choice",
          choices: [{ label: "Điều 1" }, { label: "Điều 2" }, { label: "Điều 3" }],
          required: false,
        },
        at(0),
      ),
    );
    q.push(
      addConsultationQuestion(
        d,
        { text: "Ý kiến khác", kind: "free_text", choices: [], required: false },
        at(0),
      ),
    );
  });
  return { doc, q };
}

function opened() {
  const { doc, q } = draft();
  return { doc: A.change(doc, (d) => openConsultation(d, at(1))), q };
}

function choice(doc: A.Doc<ConsultationDoc>, questionIndex: number, choiceIndex: number): string {
  return consultationView(doc).questions[questionIndex]!.choices[choiceIndex]!.id;
}

function answer(doc: A.Doc<ConsultationDoc>, who: string, answers: Record<string, unknown>, ms: number) {
  return A.change(A.clone(doc), (d) => void submitAnswer(d, who, answers as never, ms));
}

describe("consultation document", () => {
  it("a created consultation and the v1 fixture validate; the fixture is current", () => {
    expect(validateConsultation(draft().doc)).toEqual({ ok: true });
    const fixture = docFromFixture<ConsultationDoc>(consultationV1);
    expect(validateConsultation(fixture)).toEqual({ ok: true });
    expect(schemaState(fixture, consultationMigrations)).toEqual({ kind: "current", version: 1 });
    expect(consultationResults(fixture, Date.parse("2026-12-03T00:00:00.000Z"))).toMatchObject({
      phase: "open",
      respondents: [{ memberId: "m01" }],
      nonRespondents: [{ memberId: "m02" }],
    });
  });

  it("migration v1 builds every container from nothing, idempotently", () => {
    const names: string[] = [];
    const doc = A.change(
      A.init<ConsultationDoc>(),
      (d) => void names.push(...migrate(d, consultationMigrations)),
    );
    expect(names).toEqual(["v1-consultation-containers"]);
    expect(A.toJS(doc)).toMatchObject({
      schemaVersion: 1,
      members: {},
      questions: {},
      answers: {},
      closedAt: null,
    });
    const heads = A.getHeads(doc);
    expect(A.getHeads(A.change(doc, (d) => void migrate(d, consultationMigrations)))).toEqual(heads);
  });

  it("rejects a malformed document with the path of the problem", () => {
    const json = structuredClone(consultationV1) as Record<string, unknown>;
    json.status = "finished";
    const result = validateConsultation(docFromFixture(json));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.path)).toContain("status");
  });

  it("refuses a past deadline, a member named twice and malformed questions", () => {
    const init = (input: Record<string, unknown>) =>
      reason(() =>
        A.change(
          A.init<ConsultationDoc>(),
          (d) =>
            void initConsultation(
              d,
              { title: "T", description: "", deadline: iso(DEADLINE), members: [], ...input } as never,
              at(0),
            ),
        ),
      );
    expect(init({ deadline: iso(at(-1)) })).toBe("invalid_input");
    expect(
      init({
        members: [
          { memberId: "a", fullName: "A" },
          { memberId: "a", fullName: "A" },
        ],
      }),
    ).toBe("invalid_input");
    const { doc } = draft();
    const add = (q: unknown) =>
      reason(() => A.change(doc, (d) => void addConsultationQuestion(d, q as never, at(1))));
    expect(add({ text: "?", kind: "single_choice", choices: [{ label: "Một" }] })).toBe("invalid_input");
    expect(add({ text: "?", kind: "free_text", choices: [{ label: "Một" }] })).toBe("invalid_input");
    expect(add({ text: "?", kind: "single_choice", choices: [{ label: "A" }, { label: "a" }] })).toBe(
      "invalid_input",
    );
  });

  it("questions change only in draft; choices keep their ids on edit", () => {
    const { doc, q } = draft();
    const before = consultationView(doc).questions[0]!.choices;
    let edited = A.change(doc, (d) =>
      editConsultationQuestion(
        d,
        q[0]!,
        {
          choices: [
            { id: before[1]!.id, label: "Không đồng ý" },
            { id: before[0]!.id, label: "Đồng ý" },
            { label: "Khác" },
          ],
        },
        at(1),
      ),
    );
    const after = consultationView(edited).questions[0]!.choices;
    expect(after.map((c) => c.label)).toEqual(["Không đồng ý", "Đồng ý", "Khác"]);
    expect(after.slice(0, 2).map((c) => c.id)).toEqual([before[1]!.id, before[0]!.id]);
    edited = A.change(edited, (d) => moveConsultationQuestion(d, q[2]!, 0, at(1)));
    expect(consultationView(edited).questions.map((x) => x.id)).toEqual([q[2], q[0], q[1]]);
    const sent = A.change(edited, (d) => openConsultation(d, at(2)));
    expect(
      reason(() => A.change(sent, (d) => editConsultationQuestion(d, q[0]!, { text: "Mới?" }, at(3)))),
    ).toBe(RunRefusal.QuestionsFrozen);
    expect(reason(() => A.change(sent, (d) => removeConsultationQuestion(d, q[0]!, at(3))))).toBe(
      RunRefusal.QuestionsFrozen,
    );
    expect(
      reason(() =>
        A.change(
          sent,
          (d) => void addConsultationQuestion(d, { text: "?", kind: "free_text", choices: [] }, at(3)),
        ),
      ),
    ).toBe(RunRefusal.QuestionsFrozen);
  });

  it("opens only when complete and before its deadline", () => {
    const empty = A.change(
      A.init<ConsultationDoc>(),
      (d) =>
        void initConsultation(
          d,
          { title: "T", description: "", deadline: iso(DEADLINE), members: [] },
          at(0),
        ),
    );
    expect(() => A.change(empty, (d) => openConsultation(d, at(1)))).toThrow(DomainError);
    const { doc } = draft();
    expect(() => A.change(A.clone(doc), (d) => openConsultation(d, DEADLINE))).toThrow(DomainError);
    const open = A.change(A.clone(doc), (d) => openConsultation(d, at(1)));
    expect(() => A.change(open, (d) => openConsultation(d, at(2)))).toThrow(DomainError);
  });
});

describe("answering and the deadline rule", () => {
  it("accepts answers until the deadline instant and refuses them after it", () => {
    const { doc, q } = opened();
    const ok = answer(doc, member(1), { [q[0]!]: { choiceIds: [choice(doc, 0, 0)] } }, DEADLINE);
    expect(consultationResults(ok, DEADLINE).respondents.map((r) => r.memberId)).toEqual([member(1)]);
    const after = () => answer(doc, member(2), { [q[0]!]: { choiceIds: [choice(doc, 0, 0)] } }, DEADLINE + 1);
    expect(reason(after)).toBe(RunRefusal.DeadlinePassed);
    expect(consultationPhase(consultationView(doc), DEADLINE)).toBe("open");
    expect(consultationPhase(consultationView(doc), DEADLINE + 1)).toBe("awaiting_close");
  });

  it("refuses drafts, closed consultations, members not named and answers that do not fit", () => {
    const { doc: d0 } = draft();
    expect(reason(() => answer(d0, member(1), {}, at(2)))).toBe(RunRefusal.ConsultationNotOpen);
    const { doc, q } = opened();
    const yes = (x: A.Doc<ConsultationDoc>) => ({ [q[0]!]: { choiceIds: [choice(x, 0, 0)] } });
    expect(reason(() => answer(doc, "m99", yes(doc), at(2)))).toBe(RunRefusal.NotNamed);
    const bad = (answers: Record<string, unknown>) => {
      try {
        answer(doc, member(1), answers, at(2));
      } catch (e) {
        return (((e as DomainError).details?.issues ?? []) as { message: string }[]).map((i) => i.message);
      }
      return [];
    };
    expect(bad({})).toEqual(["required"]);
    expect(bad({ [q[0]!]: { choiceIds: [choice(doc, 0, 0), choice(doc, 0, 1)] } })).toEqual([
      "more_than_one_choice",
    ]);
    expect(bad({ [q[0]!]: { choiceIds: ["nope"] } })).toEqual(["unknown_choice"]);
    expect(bad({ ...yes(doc), [q[1]!]: { text: "ghi chú" } })).toEqual(["no_choice", "comment_not_allowed"]);
    expect(bad({ ...yes(doc), [q[2]!]: { choiceIds: [choice(doc, 0, 0)] } })).toContain(
      "choices_on_free_text",
    );
    expect(bad({ ...yes(doc), other: { text: "?" } })).toEqual(["unknown_question"]);
    // A comment alone answers a single-choice question that allows comments.
    expect(bad({ [q[0]!]: { text: "Đồng ý một phần" } })).toEqual([]);
    const closed = A.change(doc, (d) => closeConsultation(d, at(3)));
    expect(reason(() => answer(closed, member(1), yes(closed), at(4)))).toBe(RunRefusal.ConsultationClosed);
  });

  it("counts an answer cast offline before the deadline that syncs after the secretary closed", () => {
    const { doc, q } = opened();
    // Member 1's tablet goes offline with a copy and answers an hour before the deadline.
    const tablet = answer(
      A.clone(doc),
      member(1),
      { [q[0]!]: { choiceIds: [choice(doc, 0, 1)] } },
      DEADLINE - 3_600_000,
    );
    // Member 2 answers online; after the deadline the secretary closes.
    const online = answer(A.clone(doc), member(2), { [q[0]!]: { choiceIds: [choice(doc, 0, 0)] } }, at(60));
    const closed = A.change(online, (d) => closeConsultation(d, DEADLINE + 7_200_000));
    // The tablet reconnects the next day.
    const merged = mergeAll(closed, tablet);
    const results = consultationResults(merged, DEADLINE + 86_400_000);
    expect(results.final).toBe(true);
    expect(results.respondents.map((r) => r.memberId)).toEqual([member(1), member(2)]);
    expect(results.questions[0]!.choices.map((c) => c.count)).toEqual([1, 1]);
    expect(consultationResults(mergeAll(tablet, closed), DEADLINE + 86_400_000)).toEqual(results);
  });

  it("lists an answer dated after the deadline as late, and after an early close too", () => {
    const { doc, q } = opened();
    const yes = { [q[0]!]: { choiceIds: [imm(choice(doc, 0, 0))] } };
    // A peer's entry with answeredAt after the deadline (a device that did not refuse it).
    const lateEntry = (d: ConsultationDoc, who: string, id: string, ms: number) => {
      d.answers[`${who}:${id}`] = {
        id: imm(id),
        memberId: imm(who),
        answeredAt: imm(iso(ms)),
        answers: { [q[0]!]: { choiceIds: yes[q[0]!]!.choiceIds.map((c) => imm(c.val)), text: "" } },
      };
    };
    const late = A.change(A.clone(doc), (d) => lateEntry(d, member(3), "s-late", DEADLINE + 1));
    let results = consultationResults(late, DEADLINE + 2);
    expect(results.submissions).toEqual([
      { id: "s-late", memberId: member(3), answeredAt: iso(DEADLINE + 1), status: "late" },
    ]);
    expect(results.nonRespondents.map((m) => m.memberId)).toContain(member(3));
    // Closed early at at(120): an offline answer at at(90) counts, one at at(150) is late.
    const early = A.change(A.clone(doc), (d) => {
      closeConsultation(d, at(120));
      lateEntry(d, member(1), "s-1", at(90));
      lateEntry(d, member(2), "s-2", at(150));
    });
    results = consultationResults(early, at(200));
    expect(results.cutoff).toBe(iso(at(120)));
    expect(results.submissions.map((s) => [s.memberId, s.status])).toEqual([
      [member(1), "counted"],
      [member(2), "late"],
    ]);
  });

  it("the latest counted submission of a member wins; removed members do not count", () => {
    const { doc, q } = opened();
    let d = answer(doc, member(1), { [q[0]!]: { choiceIds: [choice(doc, 0, 0)] } }, at(10));
    d = answer(
      d,
      member(1),
      { [q[0]!]: { choiceIds: [choice(doc, 0, 1)] }, [q[2]!]: { text: "Cần rà soát Điều 2" } },
      at(20),
    );
    d = answer(d, member(4), { [q[0]!]: { choiceIds: [choice(doc, 0, 0)] } }, at(30));
    d = A.change(d, (x) => removeConsultationMember(x, member(4), at(40)));
    const results = consultationResults(d, at(50));
    expect(results.namedCount).toBe(3);
    expect(results.submissions.map((s) => [s.memberId, s.status])).toEqual([
      [member(1), "superseded"],
      [member(1), "counted"],
      [member(4), "not_named"],
    ]);
    expect(results.questions[0]!.choices.map((c) => [c.label, c.count, c.percent])).toEqual([
      ["Đồng ý", 0, 0],
      ["Không đồng ý", 1, 100],
    ]);
    expect(results.questions[2]!.texts).toEqual([
      { memberId: member(1), fullName: "Thành viên 1", text: "Cần rà soát Điều 2" },
    ]);
    expect(results.questions[1]!.notAnswered.map((m) => m.memberId)).toEqual([
      member(1),
      member(2),
      member(3),
    ]);
    expect(consultationNonRespondents(d, at(50)).map((m) => m.memberId)).toEqual([member(2), member(3)]);
  });

  it("compiles multiple-choice counts against the members who answered the question", () => {
    const { doc, q } = opened();
    let d = doc;
    const picks: Record<string, number[]> = { [member(1)]: [0, 1], [member(2)]: [1], [member(3)]: [] };
    for (const [who, indexes] of Object.entries(picks)) {
      const answers: Record<string, unknown> = { [q[0]!]: { choiceIds: [choice(doc, 0, 0)] } };
      if (indexes.length > 0) answers[q[1]!] = { choiceIds: indexes.map((i) => choice(doc, 1, i)) };
      d = answer(d, who, answers, at(10));
    }
    const result = consultationResults(d, at(20)).questions[1]!;
    expect(result.answered).toBe(2);
    expect(result.choices.map((c) => [c.count, c.percent])).toEqual([
      [1, 50],
      [2, 100],
      [0, 0],
    ]);
  });

  it("extends the deadline while open, names members again, and refuses edits once closed", () => {
    const { doc, q } = opened();
    const extended = A.change(doc, (d) => {
      updateConsultationDetails(d, { deadline: iso(DEADLINE + 86_400_000) }, at(5));
      addConsultationMember(d, { memberId: "m05", fullName: "Thành viên 5" }, at(5));
    });
    const ok = answer(extended, "m05", { [q[0]!]: { choiceIds: [choice(doc, 0, 0)] } }, DEADLINE + 1000);
    expect(consultationResults(ok, DEADLINE + 2000).respondents.map((r) => r.memberId)).toEqual(["m05"]);
    expect(
      reason(() => A.change(ok, (d) => updateConsultationDetails(d, { deadline: iso(at(1)) }, at(6)))),
    ).toBe("invalid_input");
    const closed = A.change(ok, (d) => closeConsultation(d, DEADLINE + 3000));
    expect(
      reason(() => A.change(closed, (d) => updateConsultationDetails(d, { title: "Mới" }, DEADLINE + 4000))),
    ).toBe(RunRefusal.ConsultationClosed);
    expect(() => A.change(closed, (d) => closeConsultation(d, DEADLINE + 5000))).toThrow(DomainError);
  });
});
