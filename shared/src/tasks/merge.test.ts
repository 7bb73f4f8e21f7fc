import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import {
  completeTask,
  decideExtension,
  deleteTask,
  editTask,
  reopenTask,
  reportProgress,
  requestExtension,
  restoreTask,
  startTask,
} from "./changes.ts";
import {
  CHAIR,
  LEAD,
  ledgerWithTask,
  OTHER,
  T0,
  UNIT_FINANCE,
  UNIT_HEALTH,
  UNIT_URBAN,
} from "./fixtures/sample.ts";
import { taskView, taskViews } from "./selectors.ts";
import type { ExtensionRequestId, LedgerDoc, TaskId } from "./types.ts";
import { validateLedger } from "./validate.ts";

const HOUR = 3_600_000;
type Doc = A.Doc<LedgerDoc>;

/** Two peers change copies of `base` without seeing each other, then sync (merged in both orders). */
function concurrently(base: Doc, left: (d: LedgerDoc) => void, right: (d: LedgerDoc) => void): [Doc, Doc] {
  const l = A.change(A.clone(base), left);
  const r = A.change(A.clone(base), right);
  return [A.merge(A.clone(l), r), A.merge(A.clone(r), l)];
}

function doneTask(): { doc: Doc; id: TaskId } {
  let { doc, id } = ledgerWithTask();
  doc = A.change(doc, (d) => startTask(d, id, LEAD, T0));
  doc = A.change(doc, (d) => completeTask(d, id, {}, LEAD, T0 + HOUR));
  return { doc, id };
}

describe("concurrent changes to one task merge deterministically", () => {
  it("complete vs reopen: the reopen wins, the same on both peers, and a later completion settles it", () => {
    const { doc: base, id } = doneTask();
    // The assigner sends the task back; offline, the lead reopens to fix a typo and completes again.
    const [ab, ba] = concurrently(
      base,
      (d) => reopenTask(d, id, { reason: "Thiếu số liệu phường 26." }, CHAIR, T0 + 2 * HOUR),
      (d) => {
        reopenTask(d, id, { reason: "Sửa lỗi chính tả." }, LEAD, T0 + 2 * HOUR);
        completeTask(d, id, { note: "Đã sửa." }, LEAD, T0 + 3 * HOUR);
      },
    );
    expect(taskView(ab.tasks[id]!)).toEqual(taskView(ba.tasks[id]!));
    const v = taskView(ab.tasks[id]!);
    expect(v).toMatchObject({ status: "in_progress", doneAt: null, statusFromConcurrentChanges: true });
    expect(v.history.filter((e) => e.type === "reopened")).toHaveLength(2);

    const settled = A.change(ab, (d) => completeTask(d, id, {}, LEAD, T0 + 4 * HOUR));
    expect(taskView(settled.tasks[id]!)).toMatchObject({
      status: "done",
      doneAt: new Date(T0 + 4 * HOUR).toISOString(),
      statusFromConcurrentChanges: false,
    });
    expect(validateLedger(settled)).toEqual({ ok: true });
  });

  it("two completions: done, at the earlier one", () => {
    let { doc: base, id } = ledgerWithTask();
    base = A.change(base, (d) => startTask(d, id, LEAD, T0));
    const [ab, ba] = concurrently(
      base,
      (d) => completeTask(d, id, {}, LEAD, T0 + 5 * HOUR),
      (d) => completeTask(d, id, {}, OTHER, T0 + 2 * HOUR),
    );
    for (const doc of [ab, ba]) {
      expect(taskView(doc.tasks[id]!)).toMatchObject({
        status: "done",
        doneAt: new Date(T0 + 2 * HOUR).toISOString(),
      });
    }
  });

  it("a completion beats a concurrent progress report, which stays in history", () => {
    const { doc: base, id } = ledgerWithTask();
    const [ab, ba] = concurrently(
      base,
      (d) => completeTask(d, id, {}, LEAD, T0 + HOUR),
      (d) => void reportProgress(d, id, { text: "Đạt 80%.", percent: 80 }, OTHER, T0 + 2 * HOUR),
    );
    expect(taskView(ab.tasks[id]!)).toEqual(taskView(ba.tasks[id]!));
    expect(taskView(ab.tasks[id]!)).toMatchObject({ status: "done", percent: 100 });
    expect(taskView(ab.tasks[id]!).progressReports).toHaveLength(1);
  });

  it("two leads assigned concurrently: one of them, whole — never two leads or a mix", () => {
    const { doc: base, id } = ledgerWithTask();
    const [ab, ba] = concurrently(
      base,
      (d) => editTask(d, id, { lead: { kind: "unit", id: UNIT_HEALTH } }, CHAIR, T0 + HOUR),
      (d) => editTask(d, id, { lead: { kind: "member", id: LEAD } }, CHAIR, T0 + HOUR),
    );
    const lead = taskView(ab.tasks[id]!).lead;
    expect(taskView(ba.tasks[id]!).lead).toEqual(lead);
    expect([
      { kind: "unit", id: UNIT_HEALTH },
      { kind: "member", id: LEAD },
    ]).toContainEqual(lead);
  });

  it("supporting units added concurrently are all kept; a unit made lead is dropped from supporters", () => {
    const { doc: base, id } = ledgerWithTask();
    const [ab] = concurrently(
      base,
      (d) => editTask(d, id, { supportUnitIds: [UNIT_FINANCE, UNIT_HEALTH] }, CHAIR, T0 + HOUR),
      (d) => editTask(d, id, { supportUnitIds: [UNIT_FINANCE, "u-vhtt"] }, CHAIR, T0 + HOUR),
    );
    expect(taskView(ab.tasks[id]!).supportUnitIds).toEqual([UNIT_FINANCE, "u-vhtt", UNIT_HEALTH]);

    const [cd, dc] = concurrently(
      base,
      (d) => editTask(d, id, { lead: { kind: "unit", id: UNIT_HEALTH } }, CHAIR, T0 + HOUR),
      (d) => editTask(d, id, { supportUnitIds: [UNIT_FINANCE, UNIT_HEALTH] }, CHAIR, T0 + HOUR),
    );
    for (const doc of [cd, dc]) {
      expect(taskView(doc.tasks[id]!)).toMatchObject({
        lead: { kind: "unit", id: UNIT_HEALTH },
        supportUnitIds: [UNIT_FINANCE],
      });
    }
  });

  it("concurrent title edits keep both", () => {
    const { doc: base, id } = ledgerWithTask({
      title: "Rà soát hạ tầng",
      lead: { kind: "unit", id: UNIT_URBAN },
      dueDate: "2027-03-05",
    });
    const [ab, ba] = concurrently(
      base,
      (d) => editTask(d, id, { title: "Khẩn: Rà soát hạ tầng" }, CHAIR, T0),
      (d) => editTask(d, id, { title: "Rà soát hạ tầng thoát nước" }, CHAIR, T0),
    );
    expect(taskView(ab.tasks[id]!).title).toBe("Khẩn: Rà soát hạ tầng thoát nước");
    expect(taskView(ba.tasks[id]!).title).toBe("Khẩn: Rà soát hạ tầng thoát nước");
  });

  it("an approval and a due-date edit made concurrently: the later one is in force", () => {
    let { doc: base, id } = ledgerWithTask();
    let x = "" as ExtensionRequestId;
    base = A.change(base, (d) => {
      x = requestExtension(d, id, { requestedDueDate: "2027-03-12", reason: "Chờ số liệu." }, LEAD, T0);
    });
    const [ab, ba] = concurrently(
      base,
      (d) => decideExtension(d, id, x, { approved: true }, CHAIR, T0 + 3 * HOUR),
      (d) => editTask(d, id, { dueDate: "2027-03-10" }, OTHER, T0 + 2 * HOUR),
    );
    for (const doc of [ab, ba])
      expect(taskView(doc.tasks[id]!)).toMatchObject({ dueDate: "2027-03-12", extended: true });
  });

  it("a delete racing an edit: the task stays deleted and keeps the edit for a restore", () => {
    const { doc: base, id } = ledgerWithTask();
    const [ab, ba] = concurrently(
      base,
      (d) => deleteTask(d, id, CHAIR, T0 + HOUR),
      (d) => editTask(d, id, { priority: "urgent" }, OTHER, T0 + HOUR),
    );
    for (const doc of [ab, ba]) expect(taskViews(doc)).toEqual([]);
    const restored = A.change(ab, (d) => restoreTask(d, id, CHAIR, T0 + 2 * HOUR));
    expect(taskView(restored.tasks[id]!).priority).toBe("urgent");
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

/** One random operation on a peer's copy; refused operations (DomainError) leave the copy as it was. */
function randomOp(doc: Doc, id: TaskId, rand: () => number, now: number): Doc {
  const ops: ((d: LedgerDoc) => void)[] = [
    (d) => startTask(d, id, LEAD, now),
    (d) => void reportProgress(d, id, { text: "Tiến độ", percent: Math.floor(rand() * 100) }, LEAD, now),
    (d) => completeTask(d, id, {}, LEAD, now),
    (d) => reopenTask(d, id, { reason: "Chưa đạt" }, CHAIR, now),
    (d) => editTask(d, id, { priority: rand() < 0.5 ? "high" : "low" }, CHAIR, now),
    (d) =>
      void requestExtension(
        d,
        id,
        { requestedDueDate: "2027-04-30", reason: "Cần thêm thời gian" },
        LEAD,
        now,
      ),
    (d) => {
      const pending = Object.keys(d.tasks[id]!.extensions).find(
        (k) => d.tasks[id]!.extensions[k]!.decision === null,
      );
      if (pending)
        decideExtension(d, id, pending as ExtensionRequestId, { approved: rand() < 0.5 }, CHAIR, now);
    },
  ];
  try {
    return A.change(doc, ops[Math.floor(rand() * ops.length)]!);
  } catch {
    return doc;
  }
}

describe("status convergence between three peers", () => {
  it.each(Array.from({ length: 25 }, (_, i) => i + 1))(
    "seed %i: random concurrent operations converge",
    (seed) => {
      const rand = prng(seed);
      const { doc: base, id } = ledgerWithTask();
      let peers = [A.clone(base), A.clone(base), A.clone(base)];
      let now = T0;
      for (let round = 0; round < 6; round++) {
        peers = peers.map((p) => {
          let q = p;
          for (let k = 0; k < 3; k++) {
            now += 60_000;
            q = randomOp(q, id, rand, now);
          }
          return q;
        });
        // Partial sync: one pair exchanges changes each round.
        const i = Math.floor(rand() * 3);
        const j = (i + 1) % 3;
        peers[i] = A.merge(peers[i]!, peers[j]!);
        peers[j] = A.merge(peers[j]!, peers[i]!);
      }
      const all = peers.reduce((acc, p) => A.merge(acc, p), A.clone(peers[0]!));
      const views = peers.map((p) => taskView(A.merge(A.clone(p), all).tasks[id]!));
      expect(views[1]).toEqual(views[0]);
      expect(views[2]).toEqual(views[0]);
      expect(validateLedger(all)).toEqual({ ok: true });
    },
  );
});
