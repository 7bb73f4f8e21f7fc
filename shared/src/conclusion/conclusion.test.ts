import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import type { MeetingDoc } from "../meeting/types.ts";
import { at, CHAIR, mergeAll, SECRETARY, testMeeting } from "../meeting-run/test-support.ts";
import {
  approveConclusion,
  conclusionView,
  editConclusionSection,
  GENERAL_SECTION,
  issueConclusion,
  returnConclusionToDraft,
  startConclusionDraft,
} from "./conclusion.ts";

function started(): { doc: A.Doc<MeetingDoc>; items: string[] } {
  const { meeting, items } = testMeeting();
  const doc = A.change(meeting, (d) => void startConclusionDraft(d, at(0)));
  return { doc, items };
}

describe("draft conclusion", () => {
  it("has a section per agenda item in agenda order, and the general section last", () => {
    const { doc, items } = started();
    const view = conclusionView(doc);
    expect(view.status).toBe("draft");
    expect(view.sections.map((s) => s.agendaItemId)).toEqual([...items, null]);
    expect(view.missingAgendaItemIds).toEqual([]);
  });

  it("merges the chair's and the secretary's concurrent edits of one section", () => {
    const { doc, items } = started();
    const id = items[0]!;
    const base = A.change(doc, (d) => editConclusionSection(d, id, "Thống nhất nội dung tờ trình."));
    const chair = A.change(A.clone(base), (d) =>
      editConclusionSection(d, id, "Cơ bản thống nhất nội dung tờ trình."),
    );
    const secretary = A.change(A.clone(base), (d) =>
      editConclusionSection(d, id, "Thống nhất nội dung tờ trình. Giao Phòng Tài chính chủ trì thẩm định."),
    );
    const merged = mergeAll(chair, secretary);
    const text = conclusionView(merged).sections.find((s) => s.id === id)!.text;
    expect(text).toBe("Cơ bản thống nhất nội dung tờ trình. Giao Phòng Tài chính chủ trì thẩm định.");
    expect(conclusionView(mergeAll(secretary, chair)).sections.find((s) => s.id === id)!.text).toBe(text);
  });

  it("only the chair approves and issues; approved text is frozen until returned to draft", () => {
    const { doc } = started();
    expect(() => A.change(A.clone(doc), (d) => approveConclusion(d, SECRETARY, "secretary", at(1)))).toThrow(
      DomainError,
    );
    const approved = A.change(A.clone(doc), (d) => approveConclusion(d, CHAIR, "chair", at(1)));
    expect(conclusionView(approved).status).toBe("approved");
    expect(() => A.change(A.clone(approved), (d) => editConclusionSection(d, GENERAL_SECTION, "x"))).toThrow(
      /approved/,
    );
    const back = A.change(A.clone(approved), (d) => returnConclusionToDraft(d, "chair"));
    expect(conclusionView(back).status).toBe("draft");
    const issued = A.change(A.clone(approved), (d) =>
      issueConclusion(
        d,
        {
          number: 125,
          issuerCode: "UBND",
          place: "Bình Thạnh",
          signerName: "Nguyễn Văn Chủ",
          signerPosition: "Chủ tịch",
          recipientUnitIds: ["u-2", "u-1", "u-2"],
        },
        CHAIR,
        "chair",
        at(2),
      ),
    );
    const view = conclusionView(issued);
    expect(view.status).toBe("issued");
    expect(view.issue).toMatchObject({ number: 125, recipientUnitIds: ["u-1", "u-2"], byMemberId: CHAIR });
    expect(() =>
      A.change(A.clone(approved), (d) =>
        issueConclusion(
          d,
          {
            number: 1,
            issuerCode: "UBND",
            place: "x",
            signerName: "x",
            signerPosition: "x",
            recipientUnitIds: [],
          },
          CHAIR,
          "chair",
          at(2),
        ),
      ),
    ).toThrow(/recipientUnitIds/);
  });
});
