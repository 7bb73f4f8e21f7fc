import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import type { AgendaItemId, ParticipantId } from "../ids.ts";
import { docFromFixture } from "../schema/test-support.ts";
import {
  addAgendaItem,
  addParticipant,
  allowedNextStatuses,
  editAgendaItem,
  initMeeting,
  moveAgendaItem,
  type NewMeetingInput,
  removeAgendaItem,
  removeParticipant,
  restoreAgendaItem,
  setMeetingStatus,
  setParticipantRole,
  updateMeetingDetails,
} from "./changes.ts";
import meetingV1 from "./fixtures/meeting-v1.json" with { type: "json" };
import { sampleInput } from "./fixtures/sample.ts";
import {
  agendaItems,
  isUpcoming,
  matchesFilter,
  meetingRolesByMember,
  meetingView,
  sortMeetingsForList,
} from "./selectors.ts";
import type { MeetingDoc } from "./types.ts";
import { validateMeeting } from "./validate.ts";

const NOW = Date.parse("2026-11-29T02:00:00.000Z");

function newMeeting(input: NewMeetingInput = sampleInput): A.Doc<MeetingDoc> {
  return A.change(A.init<MeetingDoc>(), (d) => void initMeeting(d, input, NOW));
}

function change(doc: A.Doc<MeetingDoc>, fn: (d: MeetingDoc) => void): A.Doc<MeetingDoc> {
  return A.change(doc, fn);
}

function withItems(titles: string[]): { doc: A.Doc<MeetingDoc>; ids: AgendaItemId[] } {
  const ids: AgendaItemId[] = [];
  let doc = newMeeting();
  for (const title of titles) {
    doc = change(doc, (d) => {
      ids.push(addAgendaItem(d, { title, presenter: "", plannedMinutes: 10, description: "" }, NOW));
    });
  }
  return { doc, ids };
}

describe("validateMeeting", () => {
  it("accepts a created meeting and the v1 fixture", () => {
    expect(validateMeeting(newMeeting())).toEqual({ ok: true });
    expect(validateMeeting(docFromFixture(meetingV1))).toEqual({ ok: true });
  });

  it.each([
    ["a missing container", (m: Record<string, unknown>) => delete m.agenda, "agenda"],
    ["an unknown status", (m: Record<string, unknown>) => (m.status = "cancelled"), "status"],
    [
      "a local time instead of a UTC instant",
      (m: Record<string, unknown>) => (m.startsAt = "2026-12-03 08:00"),
      "startsAt",
    ],
    [
      "an end before the start",
      (m: Record<string, unknown>) => (m.endsAt = "2026-12-02T00:00:00.000Z"),
      "endsAt",
    ],
    [
      "fractional planned minutes",
      (m: Record<string, unknown>) =>
        ((m.agenda as Record<string, Record<string, unknown>>)["a-1"]!.plannedMinutes = 1.5),
      "agenda.a-1.plannedMinutes",
    ],
    ["a wrong document type", (m: Record<string, unknown>) => (m.docType = "workspace"), "docType"],
  ])("rejects %s with the path of the problem", (_, mutate, path) => {
    const json = structuredClone(meetingV1) as Record<string, unknown>;
    mutate(json);
    const result = validateMeeting(docFromFixture(json));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.path)).toContain(path);
  });

  it("allows fields it does not know (written by a newer app)", () => {
    const json = { ...structuredClone(meetingV1), futureField: { x: 1 } };
    expect(validateMeeting(docFromFixture(json))).toEqual({ ok: true });
  });
});

describe("meeting change functions", () => {
  it("creates a draft meeting with every container", () => {
    const view = meetingView(newMeeting());
    expect(view).toMatchObject({
      title: sampleInput.title,
      status: "draft",
      kind: "regular",
      agenda: [],
      participants: [],
    });
    const doc = newMeeting();
    for (const key of ["papers", "motions", "discussionQuestions", "opinions"] as const)
      expect(doc[key]).toEqual({});
    expect(doc.conclusion.text).toBe("");
    expect(A.getConflicts(doc, "id")).toBeUndefined();
  });

  it("stores ids, enums and instants as ImmutableString and edited text as text", () => {
    const doc = newMeeting();
    expect(A.isImmutableString(doc.id)).toBe(true);
    expect(A.isImmutableString(doc.kind)).toBe(true);
    expect(A.isImmutableString(doc.startsAt)).toBe(true);
    expect(typeof doc.title).toBe("string");
  });

  it("refuses bad input and leaves the document unchanged", () => {
    const doc = newMeeting();
    const heads = A.getHeads(doc);
    expect(() => change(doc, (d) => updateMeetingDetails(d, { title: "   " }, NOW))).toThrow(DomainError);
    expect(() =>
      change(doc, (d) => updateMeetingDetails(d, { endsAt: "2026-12-01T00:00:00.000Z" }, NOW)),
    ).toThrow(/ends before/);
    expect(() =>
      change(doc, (d) => updateMeetingDetails(d, { onlineLink: "javascript:alert(1)" }, NOW)),
    ).toThrow(DomainError);
    expect(() => change(doc, (d) => updateMeetingDetails(d, { timeZone: "Mars/Olympus" }, NOW))).toThrow(
      DomainError,
    );
    expect(A.getHeads(doc)).toEqual(heads);
    expect(() =>
      A.change(
        A.init<MeetingDoc>(),
        (d) => void initMeeting(d, { ...sampleInput, kind: "party" as never }, NOW),
      ),
    ).toThrow(/kind/);
  });

  it("edits details; concurrent title edits merge", () => {
    const base = newMeeting();
    const left = change(A.clone(base), (d) =>
      updateMeetingDetails(d, { title: `${sampleInput.title} (lần 2)` }, NOW),
    );
    const right = change(A.clone(base), (d) =>
      updateMeetingDetails(d, { title: `Dự thảo: ${sampleInput.title}` }, NOW),
    );
    const merged = A.merge(A.clone(left), right);
    expect(merged.title).toBe(`Dự thảo: ${sampleInput.title} (lần 2)`);
    const edited = change(base, (d) =>
      updateMeetingDetails(
        d,
        { location: "Hội trường A", onlineLink: "https://meet.example.vn/ubnd", kind: "thematic" },
        NOW + 1000,
      ),
    );
    expect(meetingView(edited)).toMatchObject({
      location: "Hội trường A",
      onlineLink: "https://meet.example.vn/ubnd",
      kind: "thematic",
    });
    expect(meetingView(edited).updatedAt).toBe(new Date(NOW + 1000).toISOString());
  });

  it("follows the status life cycle", () => {
    let doc = newMeeting();
    expect(allowedNextStatuses("draft")).toEqual(["published"]);
    expect(() => change(doc, (d) => setMeetingStatus(d, "concluded", NOW))).toThrow(
      /cannot go from draft to concluded/,
    );
    for (const s of ["published", "in_session", "concluded", "archived"] as const) {
      doc = change(doc, (d) => setMeetingStatus(d, s, NOW));
    }
    expect(meetingView(doc).status).toBe("archived");
    expect(allowedNextStatuses("archived")).toEqual([]);
  });

  it("manages participants, keeping removed ones out of the view", () => {
    let pid = "" as ParticipantId;
    let doc = change(newMeeting(), (d) => {
      pid = addParticipant(
        d,
        { fullName: "Trần Thị Bình", position: "Phó Chủ tịch", role: "participant" },
        NOW,
      );
      addParticipant(d, { fullName: "Nguyễn Văn An", position: "Chủ tịch", role: "chair" }, NOW);
    });
    expect(meetingView(doc).participants.map((p) => p.fullName)).toEqual(["Nguyễn Văn An", "Trần Thị Bình"]);
    doc = change(doc, (d) => setParticipantRole(d, pid, "secretary", NOW));
    expect(meetingView(doc).participants[1]!.role).toBe("secretary");
    doc = change(doc, (d) => removeParticipant(d, pid, NOW));
    expect(meetingView(doc).participants.map((p) => p.fullName)).toEqual(["Nguyễn Văn An"]);
    expect(doc.participants[pid]!.fullName).toBe("Trần Thị Bình"); // history keeps the name
  });

  it("adds agenda items in order, at an index, and totals planned minutes", () => {
    let { doc } = withItems(["Một", "Hai", "Ba"]);
    doc = change(
      doc,
      (d) =>
        void addAgendaItem(d, { title: "Đầu", presenter: "", plannedMinutes: 5, description: "" }, NOW, 0),
    );
    doc = change(
      doc,
      (d) =>
        void addAgendaItem(d, { title: "Giữa", presenter: "", plannedMinutes: 5, description: "" }, NOW, 2),
    );
    expect(agendaItems(doc).map((i) => i.title)).toEqual(["Đầu", "Một", "Giữa", "Hai", "Ba"]);
    expect(meetingView(doc).plannedMinutesTotal).toBe(40);
    expect(() =>
      change(
        doc,
        (d) =>
          void addAgendaItem(d, { title: "x", presenter: "", plannedMinutes: 5, description: "" }, NOW, 9),
      ),
    ).toThrow(RangeError);
  });

  it("moves agenda items to any index", () => {
    let { doc, ids } = withItems(["A", "B", "C", "D"]);
    doc = change(doc, (d) => moveAgendaItem(d, ids[3]!, 0, NOW));
    expect(agendaItems(doc).map((i) => i.title)).toEqual(["D", "A", "B", "C"]);
    doc = change(doc, (d) => moveAgendaItem(d, ids[3]!, 3, NOW));
    expect(agendaItems(doc).map((i) => i.title)).toEqual(["A", "B", "C", "D"]);
    doc = change(doc, (d) => moveAgendaItem(d, ids[0]!, 2, NOW));
    expect(agendaItems(doc).map((i) => i.title)).toEqual(["B", "C", "A", "D"]);
    expect(() => change(doc, (d) => moveAgendaItem(d, ids[0]!, 4, NOW))).toThrow(RangeError);
  });

  it("edits, soft-deletes and restores agenda items", () => {
    let { doc, ids } = withItems(["A", "B"]);
    doc = change(doc, (d) =>
      editAgendaItem(d, ids[0]!, { title: "A sửa", plannedMinutes: 25, presenter: "Phòng Nội vụ" }, NOW),
    );
    expect(agendaItems(doc)[0]).toMatchObject({
      title: "A sửa",
      plannedMinutes: 25,
      presenter: "Phòng Nội vụ",
    });
    doc = change(doc, (d) => removeAgendaItem(d, ids[0]!, NOW));
    expect(agendaItems(doc).map((i) => i.title)).toEqual(["B"]);
    expect(meetingView(doc).deletedAgenda.map((i) => i.title)).toEqual(["A sửa"]);
    expect(() => change(doc, (d) => editAgendaItem(d, ids[0]!, { title: "x" }, NOW))).toThrow(/deleted/);
    doc = change(doc, (d) => restoreAgendaItem(d, ids[0]!, NOW));
    expect(agendaItems(doc).map((i) => i.title)).toEqual(["A sửa", "B"]);
    expect(() => change(doc, (d) => removeAgendaItem(d, "nope" as AgendaItemId, NOW))).toThrow(DomainError);
  });
});

describe("meeting selectors", () => {
  it("gives a member listed twice their most privileged meeting role", () => {
    const doc = change(newMeeting(), (d) => {
      addParticipant(d, { fullName: "Nguyễn Văn An", position: "", role: "observer", memberId: "m1" }, NOW);
      addParticipant(d, { fullName: "Nguyễn Văn An", position: "", role: "chair", memberId: "m1" }, NOW);
      addParticipant(d, { fullName: "Khách", position: "", role: "participant" }, NOW);
    });
    expect([...meetingRolesByMember(doc)]).toEqual([["m1", "chair"]]);
    // Malformed entries written by a tampered client cost only themselves.
    const poisoned = change(doc, (d) => {
      (d.participants as Record<string, unknown>).bad = null;
      (d.participants as Record<string, unknown>).worse = { memberId: "m2", role: 42 };
    });
    expect([...meetingRolesByMember(poisoned)]).toEqual([["m1", "chair"]]);
  });

  const view = meetingView(newMeeting());

  it("tells upcoming from past by the end instant", () => {
    expect(isUpcoming(view, Date.parse("2026-12-03T04:29:59.000Z"))).toBe(true);
    expect(isUpcoming(view, Date.parse("2026-12-03T04:30:01.000Z"))).toBe(false);
  });

  it("filters without regard to diacritics, case or Unicode form", () => {
    expect(matchesFilter(view, "ubnd QUAN thuong ky")).toBe(true);
    expect(matchesFilter(view, "Thường kỳ".normalize("NFD"))).toBe(true);
    expect(matchesFilter(view, "binh thanh")).toBe(true); // issuing body
    expect(matchesFilter(view, "kết luận")).toBe(false);
    expect(matchesFilter(view, "   ")).toBe(true);
    expect(matchesFilter({ ...view, agenda: [{ title: "Đề án chỉnh trang đô thị" }] }, "de an do thi")).toBe(
      true,
    );
  });

  it("sorts upcoming meetings soonest first, then past ones most recent first", () => {
    const m = (startsAt: string, endsAt: string) => ({ startsAt, endsAt });
    const sorted = sortMeetingsForList(
      [
        m("2026-11-01T01:00:00.000Z", "2026-11-01T02:00:00.000Z"),
        m("2026-12-10T01:00:00.000Z", "2026-12-10T02:00:00.000Z"),
        m("2026-11-20T01:00:00.000Z", "2026-11-20T02:00:00.000Z"),
        m("2026-12-01T01:00:00.000Z", "2026-12-01T02:00:00.000Z"),
      ],
      NOW,
    );
    expect(sorted.map((s) => s.startsAt.slice(0, 10))).toEqual([
      "2026-12-01",
      "2026-12-10",
      "2026-11-20",
      "2026-11-01",
    ]);
  });
});
