import { describe, expect, test } from "vitest";
import { conclusionNoticeDocument } from "./conclusion-notice.ts";
import { minutesDocument, thresholdPhrase, voteBlocks } from "./minutes.ts";
import type { AdministrativeDocument } from "./model.ts";
import { sampleMinutesInput, sampleNoticeInput, TALLY } from "./test-support.ts";

function texts(doc: AdministrativeDocument): string[] {
  return doc.body.map((b) => b.runs.map((r) => r.text).join(""));
}

describe("conclusion notice", () => {
  test("type TB, summary, opening from the meeting, numbered sections, closing with ./.", () => {
    const doc = conclusionNoticeDocument({
      ...sampleNoticeInput(0),
      sections: [
        { heading: "Về kế hoạch năm 2027", text: "Thống nhất thông qua.\n- Giao Phòng Nội vụ theo dõi." },
        { heading: "2) Về chống ngập", text: "Khẩn trương triển khai." },
        { heading: null, text: "Các nội dung khác thực hiện theo quy định." },
      ],
    });
    expect(doc.typeCode).toBe("TB");
    expect(doc.typeName).toBe("Thông báo");
    expect(doc.summary).toBe(
      "Kết luận của Chủ tịch Ủy ban nhân dân quận Nguyễn\u00a0Văn\u00a0An tại cuộc họp Giao ban tháng 12 năm 2026",
    );
    expect(texts(doc)).toEqual([
      "Ngày 03 tháng 12 năm 2026, tại Hội trường A, trụ sở Ủy ban nhân dân quận, Chủ tịch Ủy ban nhân dân quận Nguyễn Văn An chủ trì cuộc họp Giao ban tháng 12 năm 2026.",
      "Tham dự cuộc họp có các Phó Chủ tịch Ủy ban nhân dân quận; lãnh đạo các phòng, ban chuyên môn thuộc quận.",
      "Sau khi nghe báo cáo và ý kiến của các đại biểu dự họp, Chủ tịch Ủy ban nhân dân quận Nguyễn Văn An kết luận như sau:",
      "1. Về kế hoạch năm 2027",
      "Thống nhất thông qua.",
      "- Giao Phòng Nội vụ theo dõi.",
      "2) Về chống ngập",
      "Khẩn trương triển khai.",
      "Các nội dung khác thực hiện theo quy định.",
      "Ủy ban nhân dân quận Bình Thạnh thông báo để các cơ quan, đơn vị liên quan biết, thực hiện./.",
    ]);
    expect(doc.body.map((b) => b.kind)).toEqual([
      "paragraph",
      "paragraph",
      "paragraph",
      "heading",
      "paragraph",
      "item",
      "heading",
      "paragraph",
      "paragraph",
      "paragraph",
    ]);
    expect(doc.signatures).toHaveLength(1);
  });

  test("a given introduction, summary and closing replace the defaults", () => {
    const doc = conclusionNoticeDocument({
      ...sampleNoticeInput(0),
      introduction: "Ngày 03/12/2026, Ủy ban nhân dân quận họp.",
      summary: "Kết luận cuộc họp giao ban",
      closing: "Văn phòng thông báo.",
    });
    expect(doc.summary).toBe("Kết luận cuộc họp giao ban");
    expect(texts(doc)).toEqual(["Ngày 03/12/2026, Ủy ban nhân dân quận họp.", "Văn phòng thông báo./."]);
  });
});

describe("minutes", () => {
  test("type BB; chair and secretary taken from attendance; secretary signs left, chair right", () => {
    const doc = minutesDocument(sampleMinutesInput());
    expect(doc.typeCode).toBe("BB");
    expect(doc.summary).toBe("Cuộc họp Giao ban tháng 12 năm 2026");
    expect(doc.signatures).toEqual([
      { authority: ["Thư ký"], fullName: "Trần Thị Bích Ngọc" },
      { authority: ["Chủ trì"], fullName: "Nguyễn Văn An" },
    ]);
    const t = texts(doc);
    expect(t).toContain("Chủ trì: Nguyễn Văn An, Chủ tịch UBND quận.");
    expect(t).toContain("Thư ký: Trần Thị Bích Ngọc, Chánh Văn phòng.");
    expect(t.at(-1)).toBe("Cuộc họp kết thúc vào lúc 11 giờ 15 phút cùng ngày./.");
  });

  test("opinions and votes of an item no longer on the agenda go under 'Nội dung khác'", () => {
    const input = sampleMinutesInput();
    const doc = minutesDocument({
      ...input,
      votes: [...input.votes, { agendaItemId: "gone", title: "Vấn đề đã rút", result: TALLY }],
    });
    const t = texts(doc);
    expect(t).toContain("3. Nội dung khác");
    expect(t.indexOf("Biểu quyết: Vấn đề đã rút.")).toBeGreaterThan(t.indexOf("3. Nội dung khác"));
  });

  test("a meeting ending on another day says the date", () => {
    const doc = minutesDocument({ ...sampleMinutesInput(), endedAt: "2026-12-03T18:00:00.000Z" });
    expect(texts(doc).at(-1)).toBe("Cuộc họp kết thúc vào lúc 01 giờ 00 phút, ngày 04 tháng 12 năm 2026./.");
  });

  test("threshold phrases", () => {
    expect(thresholdPhrase({ numerator: 1, denominator: 2 }, true)).toBe("quá nửa");
    expect(thresholdPhrase({ numerator: 2, denominator: 4 }, false)).toBe("ít nhất một nửa");
    expect(thresholdPhrase({ numerator: 2, denominator: 3 }, false)).toBe("ít nhất hai phần ba");
    expect(thresholdPhrase({ numerator: 3, denominator: 5 }, true)).toBe("trên 3/5");
  });

  test("vote outcomes: no quorum, chair's tie-break, provisional", () => {
    const last = (blocks: ReturnType<typeof voteBlocks>) =>
      blocks
        .at(-1)!
        .runs.map((r) => r.text)
        .join("");
    expect(
      last(
        voteBlocks({
          agendaItemId: "a1",
          title: "X",
          result: {
            ...TALLY,
            outcome: "no_quorum",
            decidedBy: null,
            quorum: { required: 4, present: 2, met: false },
          },
        }),
      ),
    ).toBe("Kết quả: KHÔNG ĐỦ SỐ THÀNH VIÊN CÓ MẶT ĐỂ BIỂU QUYẾT.");
    expect(
      last(
        voteBlocks({ agendaItemId: "a1", title: "X", result: { ...TALLY, decidedBy: "chair_tie_break" } }),
      ),
    ).toContain("quyết định theo bên có biểu quyết của chủ tọa");
    expect(last(voteBlocks({ agendaItemId: "a1", title: "X", result: { ...TALLY, final: false } }))).toBe(
      "Kết quả: THÔNG QUA (kết quả tạm thời, biểu quyết chưa kết thúc).",
    );
  });
});
