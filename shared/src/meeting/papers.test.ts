import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { participationWriteProblems } from "../participation/own-entries.ts";
import {
  initParticipation,
  type ParticipationDoc,
  validateParticipation,
} from "../participation/participation.ts";
import {
  hasUnseenNewVersion,
  openedPaperIdsByMember,
  papersWithNewVersion,
  receiptState,
  recordPaperOpened,
  recordPaperReceived,
  unopenedPapers,
} from "../participation/receipts.ts";
import { addAgendaItem, initMeeting } from "./changes.ts";
import { sampleInput } from "./fixtures/sample.ts";
import {
  addPaper,
  currentPapers,
  currentVersionOf,
  type PaperId,
  type PaperInput,
  paperVersions,
  referencedPaperHashes,
  removePaper,
  replacePaper,
  setPaperPlacement,
} from "./papers.ts";
import type { MeetingDoc } from "./types.ts";
import { validateMeeting } from "./validate.ts";

const NOW = Date.parse("2026-11-29T02:00:00.000Z");
const H1 = "a".repeat(64);
const H2 = "b".repeat(64);
const H3 = "c".repeat(64);

function file(hash: string, name = "To trinh.pdf"): PaperInput {
  return {
    hash,
    name,
    size: 1234,
    pages: 3,
    passwordProtected: false,
    kind: "submission",
    agendaItemId: null,
  };
}

function meeting(): A.Doc<MeetingDoc> {
  return A.change(A.init<MeetingDoc>(), (d) => void initMeeting(d, sampleInput, NOW));
}

describe("paper references in the meeting document", () => {
  it("adds a paper to the meeting or an agenda item, and the document stays valid", () => {
    let doc = meeting();
    let item = "";
    let id = "" as PaperId;
    doc = A.change(doc, (d) => {
      item = addAgendaItem(d, { title: "Kinh tế", presenter: "", plannedMinutes: 10, description: "" }, NOW);
      id = addPaper(d, { ...file(H1), agendaItemId: item, kind: "draft_resolution" }, "member-1", NOW);
      addPaper(d, { ...file(H2, "Bao cao.pdf"), passwordProtected: true, pages: 7 }, "member-1", NOW + 1);
    });
    expect(validateMeeting(doc)).toEqual({ ok: true });
    const papers = currentPapers(doc);
    expect(papers.map((p) => [p.name, p.version, p.agendaItemId, p.kind, p.pages])).toEqual([
      ["To trinh.pdf", 1, item, "draft_resolution", 3],
      // A password-protected file's page count is not known (the relay cannot open it).
      ["Bao cao.pdf", 1, null, "submission", null],
    ]);
    expect(papers[0]).toMatchObject({
      id,
      seriesId: id,
      addedBy: "member-1",
      addedAt: "2026-11-29T02:00:00.000Z",
    });
  });

  it("refuses bad input and an unknown agenda item, leaving the document unchanged", () => {
    const doc = meeting();
    expect(() => A.change(doc, (d) => void addPaper(d, file("ABC"), null, NOW))).toThrow(DomainError);
    expect(() => A.change(doc, (d) => void addPaper(d, { ...file(H1), name: " " }, null, NOW))).toThrow(
      DomainError,
    );
    expect(() =>
      A.change(doc, (d) => void addPaper(d, { ...file(H1), agendaItemId: "nope" }, null, NOW)),
    ).toThrow(/agenda item/);
    expect(currentPapers(doc)).toEqual([]);
  });

  it("replaces a paper with a new version and keeps the old one readable", () => {
    let doc = meeting();
    let v1 = "" as PaperId;
    let v2 = "" as PaperId;
    doc = A.change(doc, (d) => {
      v1 = addPaper(d, file(H1), null, NOW);
    });
    doc = A.change(doc, (d) => {
      v2 = replacePaper(d, v1, file(H2, "To trinh (sua).pdf"), null, NOW + 1000);
    });
    expect(currentPapers(doc).map((p) => [p.id, p.version, p.name])).toEqual([[v2, 2, "To trinh (sua).pdf"]]);
    expect(paperVersions(doc, v1).map((p) => p.id)).toEqual([v1, v2]);
    expect(currentVersionOf(doc, v1)?.id).toBe(v2);
    expect([...referencedPaperHashes(doc)].sort()).toEqual([H1, H2]);
    expect(() => A.change(doc, (d) => void replacePaper(d, v2, file(H2), null, NOW))).toThrow(/same file/);
    expect(validateMeeting(doc)).toEqual({ ok: true });
  });

  it("keeps both files when two secretaries replace a paper at once; every peer agrees on the current one", () => {
    let base = meeting();
    let v1 = "" as PaperId;
    base = A.change(base, (d) => {
      v1 = addPaper(d, file(H1), null, NOW);
    });
    const a = A.change(A.clone(base), (d) => void replacePaper(d, v1, file(H2), null, NOW + 1));
    const b = A.change(A.clone(base), (d) => void replacePaper(d, v1, file(H3), null, NOW + 2));
    const ab = A.merge(A.clone(a), b);
    const ba = A.merge(A.clone(b), a);
    expect(paperVersions(ab, v1)).toHaveLength(3);
    expect(currentPapers(ab)).toEqual(currentPapers(ba));
    expect(currentPapers(ab)).toHaveLength(1);
  });

  it("moves a paper with all its versions, and removes them together", () => {
    let doc = meeting();
    let v1 = "" as PaperId;
    let item = "";
    doc = A.change(doc, (d) => {
      item = addAgendaItem(d, { title: "Đất đai", presenter: "", plannedMinutes: 5, description: "" }, NOW);
      v1 = addPaper(d, file(H1), null, NOW);
      replacePaper(d, v1, file(H2), null, NOW);
    });
    doc = A.change(doc, (d) => setPaperPlacement(d, v1, { kind: "report", agendaItemId: item }, NOW));
    expect(paperVersions(doc, v1).map((p) => [p.kind, p.agendaItemId])).toEqual([
      ["report", item],
      ["report", item],
    ]);
    doc = A.change(doc, (d) => removePaper(d, v1, NOW));
    expect(currentPapers(doc)).toEqual([]);
    expect(referencedPaperHashes(doc).size).toBe(0);
  });

  it("refuses a malformed paper entry in validation", () => {
    const doc = A.change(meeting(), (d) => {
      (d.papers as Record<string, unknown>).x = { id: "x", hash: "nothex" };
    });
    expect(validateMeeting(doc).ok).toBe(false);
  });
});

describe("receipts", () => {
  function setup() {
    let doc = meeting();
    let v1 = "" as PaperId;
    let other = "" as PaperId;
    doc = A.change(doc, (d) => {
      v1 = addPaper(d, file(H1), null, NOW);
      other = addPaper(d, file(H3, "Khac.pdf"), null, NOW + 1);
    });
    const part = A.change(A.init<ParticipationDoc>(), (d) =>
      initParticipation(d, { meetingId: "m", meetingUrl: "automerge:abc" }, NOW),
    );
    return { doc, v1, other, part };
  }

  it("records received then opened, keeps the first instants, and stays valid", () => {
    const { v1, part } = setup();
    let p = A.change(part, (d) => recordPaperReceived(d, "m1", v1, NOW));
    expect(receiptState(p, "m1", v1)).toBe("received");
    p = A.change(p, (d) => recordPaperOpened(d, "m1", v1, NOW + 5000));
    p = A.change(p, (d) => recordPaperOpened(d, "m1", v1, NOW + 9000));
    expect(receiptState(p, "m1", v1)).toBe("opened");
    expect(receiptState(p, "m2", v1)).toBe("none");
    expect(validateParticipation(p)).toEqual({ ok: true });
    expect(() => A.change(p, (d) => recordPaperOpened(d, "bad:id", v1, NOW))).toThrow(DomainError);
  });

  it("lists unopened papers for the reminders and per member", () => {
    const { doc, v1, other, part } = setup();
    const p = A.change(part, (d) => recordPaperOpened(d, "m1", v1, NOW));
    expect(unopenedPapers(doc, p, "m1").map((x) => x.id)).toEqual([other]);
    expect(unopenedPapers(doc, p, "m2").map((x) => x.id)).toEqual([v1, other]);
    expect(openedPaperIdsByMember(doc, p, ["m1", "m2"])).toEqual({ m1: [v1], m2: [] });
  });

  it("tells a member who opened the old version that there is a new one, until they open it", () => {
    const { doc: d0, v1, part } = setup();
    let p = A.change(part, (d) => recordPaperOpened(d, "m1", v1, NOW));
    let v2 = "" as PaperId;
    const doc = A.change(d0, (d) => {
      v2 = replacePaper(d, v1, file(H2), null, NOW + 1);
    });
    expect(hasUnseenNewVersion(doc, p, "m1", v1)).toBe(true);
    expect(papersWithNewVersion(doc, p, "m1").map((x) => x.id)).toEqual([v2]);
    // Someone who never opened it just has an unopened paper.
    expect(hasUnseenNewVersion(doc, p, "m2", v2)).toBe(false);
    expect(unopenedPapers(doc, p, "m1").map((x) => x.id)).toContain(v2);
    p = A.change(p, (d) => recordPaperOpened(d, "m1", v2, NOW + 2));
    expect(hasUnseenNewVersion(doc, p, "m1", v2)).toBe(false);
  });

  it("lets a member write only their own receipts (the relay's check)", () => {
    const { v1, part } = setup();
    const own = A.change(A.clone(part), (d) => recordPaperOpened(d, "m1", v1, NOW));
    expect(participationWriteProblems(part, own, "m1")).toEqual([]);
    expect(participationWriteProblems(part, own, "m2")).toEqual([
      expect.objectContaining({ container: "receipts", reason: "another member's entry" }),
    ]);
    const forged = A.change(A.clone(part), (d) => {
      (d.receipts as Record<string, unknown>)["m1:x"] = {
        memberId: "m2",
        paperId: "x",
        receivedAt: null,
        openedAt: null,
      };
    });
    expect(participationWriteProblems(part, forged, "m1")).toEqual([
      expect.objectContaining({ container: "receipts", reason: "entry does not match its key" }),
    ]);
    const removed = A.change(A.clone(own), (d) => {
      delete (d.receipts as Record<string, unknown>)[`m1:${v1}`];
    });
    expect(participationWriteProblems(own, removed, "m1")).toEqual([
      expect.objectContaining({ container: "receipts", reason: "receipts are never removed" }),
    ]);
  });
});
