import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { imm } from "../schema/immutable.ts";
import {
  completeTask,
  createTask,
  decideExtension,
  editTask,
  reopenTask,
  reportProgress,
  requestExtension,
  startTask,
} from "./changes.ts";
import {
  CHAIR,
  LEAD,
  ledgerWithTask,
  newLedger,
  OTHER,
  sampleTask,
  T0,
  UNIT_URBAN,
} from "./fixtures/sample.ts";
import { type LedgerWriter, ledgerWriteViolations } from "./permissions.ts";
import type { ExtensionRequestId, LedgerDoc, TaskEventId } from "./types.ts";

const chair: LedgerWriter = { memberId: CHAIR, workspaceRole: "member", unitId: null };
const lead: LedgerWriter = { memberId: LEAD, workspaceRole: "member", unitId: UNIT_URBAN };
const other: LedgerWriter = { memberId: OTHER, workspaceRole: "member", unitId: "u-elsewhere" };
const secretary: LedgerWriter = { memberId: "m-sec", workspaceRole: "secretary", unitId: null };

function check(before: A.Doc<LedgerDoc>, writer: LedgerWriter, fn: (d: LedgerDoc) => void) {
  const after = A.change(A.clone(before), fn);
  return ledgerWriteViolations(before, after, writer).map((v) => v.reason);
}

describe("ledgerWriteViolations: who may write what in the task ledger", () => {
  it("any member creates a task in their own name, but not in someone else's", () => {
    expect(check(newLedger(), other, (d) => void createTask(d, sampleTask, OTHER, T0))).toEqual([]);
    expect(check(newLedger(), other, (d) => void createTask(d, sampleTask, CHAIR, T0))).toEqual([
      "forged_author",
    ]);
  });

  it("a member of the lead unit starts, reports, completes and asks for more time", () => {
    const { doc, id } = ledgerWithTask();
    expect(check(doc, lead, (d) => startTask(d, id, LEAD, T0))).toEqual([]);
    expect(
      check(doc, lead, (d) => void reportProgress(d, id, { text: "Đã khảo sát", percent: 40 }, LEAD, T0)),
    ).toEqual([]);
    expect(check(doc, lead, (d) => completeTask(d, id, { note: "" }, LEAD, T0))).toEqual([]);
    expect(
      check(
        doc,
        lead,
        (d) => void requestExtension(d, id, { requestedDueDate: "2027-03-19", reason: "Mưa" }, LEAD, T0),
      ),
    ).toEqual([]);
  });

  it("a member of another unit may not report on or complete the task", () => {
    const { doc, id } = ledgerWithTask();
    expect(check(doc, other, (d) => completeTask(d, id, { note: "" }, OTHER, T0))).toEqual([
      "lead_or_assigner_only",
    ]);
  });

  it("only the assigner side edits, reopens and decides extensions", () => {
    const { doc, id } = ledgerWithTask();
    expect(check(doc, lead, (d) => editTask(d, id, { title: "Khác" }, LEAD, T0))).toEqual(["assigner_only"]);
    expect(check(doc, chair, (d) => editTask(d, id, { title: "Khác" }, CHAIR, T0))).toEqual([]);
    expect(
      check(doc, secretary, (d) => editTask(d, id, { priority: "urgent" }, "m-sec" as never, T0)),
    ).toEqual([]);
    const done = A.change(A.clone(doc), (d) => completeTask(d, id, { note: "" }, LEAD, T0));
    expect(check(done, lead, (d) => reopenTask(d, id, { reason: "Chưa đạt" }, LEAD, T0))).toEqual([
      "assigner_only",
    ]);
    expect(check(done, chair, (d) => reopenTask(d, id, { reason: "Chưa đạt" }, CHAIR, T0))).toEqual([]);
    let xid = "" as ExtensionRequestId;
    const asked = A.change(A.clone(doc), (d) => {
      xid = requestExtension(d, id, { requestedDueDate: "2027-03-19", reason: "Mưa" }, LEAD, T0);
    });
    expect(check(asked, lead, (d) => decideExtension(d, id, xid, { approved: true }, LEAD, T0))).toEqual([
      "assigner_only",
    ]);
    expect(check(asked, chair, (d) => decideExtension(d, id, xid, { approved: true }, CHAIR, T0))).toEqual(
      [],
    );
  });

  it("history is append-only and fixed fields never change", () => {
    const { doc, id } = ledgerWithTask();
    const eventId = Object.keys(doc.tasks[id]!.events)[0] as TaskEventId;
    expect(
      check(doc, chair, (d) => {
        d.tasks[id]!.events[eventId]!.at = imm("2020-01-01T00:00:00.000Z");
      }),
    ).toEqual(["history_rewritten"]);
    expect(
      check(doc, chair, (d) => {
        d.tasks[id]!.assignerMemberId = imm(OTHER);
      }),
    ).toEqual(["fixed_field_changed"]);
    expect(
      check(doc, chair, (d) => {
        delete d.tasks[id];
      }),
    ).toEqual(["history_rewritten"]);
  });

  it("a detail changed without going through the rules is the assigner's alone", () => {
    const { doc, id } = ledgerWithTask();
    expect(
      check(doc, lead, (d) => {
        d.tasks[id]!.due.date = imm("2027-12-31");
      }),
    ).toEqual(["assigner_only"]);
  });

  it("checks only the tasks it is told about (the relay passes the touched ones)", () => {
    const { doc, id } = ledgerWithTask();
    const after = A.change(A.clone(doc), (d) => completeTask(d, id, { note: "" }, OTHER, T0));
    expect(ledgerWriteViolations(doc, after, other, [])).toEqual([]);
    expect(ledgerWriteViolations(doc, after, other, [id])).toHaveLength(1);
  });
});
