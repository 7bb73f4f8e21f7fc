import fontkit from "@pdf-lib/fontkit";
import { decodePDFRawStream, PDFDict, PDFDocument, PDFName, PDFRawStream, type PDFRef } from "pdf-lib";
import { beforeAll, describe, expect, test } from "vitest";
import { conclusionNoticeDocument } from "./conclusion-notice.ts";
import { unsupportedCharacters, withoutUnsupportedCharacters } from "./coverage.ts";
import type { DocumentFonts } from "./fonts.ts";
import { MARGIN_MM, PT_PER_MM } from "./geometry.ts";
import { minutesDocument } from "./minutes.ts";
import type { AdministrativeDocument } from "./model.ts";
import { renderDocumentPdf } from "./pdf.ts";
import {
  LONG_PARAGRAPH,
  NOW,
  type PageText,
  pdfText,
  sampleMinutesInput,
  sampleNoticeInput,
  testFonts,
} from "./test-support.ts";
import { NATIONAL_MOTTO, NATIONAL_TITLE } from "./text.ts";

/** White space collapsed (no-break spaces too) and NFC, as text is compared after extraction. */
function flat(text: string): string {
  return text.normalize("NFC").replace(/\s+/gu, " ").trim();
}

/** The body of a document model as one string. */
function bodyText(doc: AdministrativeDocument): string {
  return flat(doc.body.map((b) => b.runs.map((r) => r.text).join("")).join(" "));
}

let fonts: DocumentFonts;
let notice: AdministrativeDocument;
let noticePdf: Uint8Array;
let noticeText: { pages: PageText[]; fonts: string[] };

beforeAll(async () => {
  fonts = await testFonts();
  notice = conclusionNoticeDocument(sampleNoticeInput());
  noticePdf = await renderDocumentPdf(notice, fonts, { now: NOW });
  noticeText = await pdfText(noticePdf);
}, 60_000);

describe("conclusion notice PDF", () => {
  test("pdf.js reads the header lines, number and symbol, place and date, and title on page 1", () => {
    const page1 = noticeText.pages[0]!.body;
    expect(page1).toContain("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH ỦY BAN NHÂN DÂN QUẬN BÌNH THẠNH");
    expect(page1).toContain(NATIONAL_TITLE);
    expect(page1).toContain(NATIONAL_MOTTO);
    expect(page1).toContain("Số: 05/TB-UBND");
    expect(page1).toContain("Bình Thạnh, ngày 05 tháng 12 năm 2026");
    expect(page1).toContain(
      "THÔNG BÁO Kết luận của Chủ tịch Ủy ban nhân dân quận Nguyễn Văn An tại cuộc họp Giao ban tháng 12 năm 2026",
    );
  });

  test("the Vietnamese body comes out intact and in order across page breaks", () => {
    expect(noticeText.pages.length).toBeGreaterThanOrEqual(3);
    const all = noticeText.pages.map((p) => p.body).join(" ");
    expect(all).toContain(bodyText(notice));
    expect(all).toContain(flat(LONG_PARAGRAPH));
    expect(all).toContain("1. Tình hình thực hiện kế hoạch phát triển kinh tế - xã hội năm 2026");
    expect(all).toContain("thông báo để các cơ quan, đơn vị liên quan biết, thực hiện./.");
    for (const ch of ["ỷ", "ữ", "ặ", "ễ", "ộ", "đ", "Đ", "Ư", "ơ"]) expect(all).toContain(ch);
  });

  test("page numbers from page 2, centred in the top margin; none on page 1", () => {
    expect(noticeText.pages.map((p) => p.topMargin)).toEqual(
      noticeText.pages.map((_, i) => (i === 0 ? "" : String(i + 1))),
    );
  });

  test("signature block and recipients close the document", () => {
    const last = noticeText.pages.at(-1)!.body;
    expect(last).toContain("TL. CHỦ TỊCH CHÁNH VĂN PHÒNG");
    expect(last).toContain("Trần Thị Bích Ngọc");
    expect(last).toContain("Nơi nhận: - Thường trực Quận ủy; - Thường trực HĐND quận;");
    expect(last).toContain("- Lưu: VT.");
  });

  test("A4 pages; text stays inside the margins (justified lines do not overflow)", async () => {
    const pdf = await PDFDocument.load(noticePdf);
    for (const page of pdf.getPages()) {
      expect(page.getWidth()).toBeCloseTo(595.28, 1);
      expect(page.getHeight()).toBeCloseTo(841.89, 1);
    }
    const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const doc = await pdfjs.getDocument({ data: noticePdf.slice(), isEvalSupported: false }).promise;
    const left = MARGIN_MM.left * PT_PER_MM;
    const right = 595.28 - MARGIN_MM.right * PT_PER_MM;
    const bottom = MARGIN_MM.bottom * PT_PER_MM;
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      for (const item of content.items) {
        if (!("str" in item) || !item.str.trim()) continue;
        const [x, y] = [item.transform[4], item.transform[5]];
        expect(x).toBeGreaterThanOrEqual(left - 0.5);
        expect(x + item.width).toBeLessThanOrEqual(right + 0.5);
        expect(y).toBeGreaterThanOrEqual(bottom - 0.5);
      }
    }
    await doc.destroy();
  });

  test("the four faces are embedded as subsets, and pdf.js loads them from the file", async () => {
    expect(noticeText.fonts).toEqual([
      "HPSORA+Tinos-Regular",
      "HPSORB+Tinos-Bold",
      "HPSORC+Tinos-Italic",
      "HPSORD+Tinos-BoldItalic",
    ]);
    const pdf = await PDFDocument.load(noticePdf);
    const descriptors = pdf.context
      .enumerateIndirectObjects()
      .map(([, obj]) => obj)
      .filter(
        (obj): obj is PDFDict =>
          obj instanceof PDFDict && obj.get(PDFName.of("Type")) === PDFName.of("FontDescriptor"),
      );
    expect(descriptors).toHaveLength(4);
    for (const d of descriptors) expect(d.get(PDFName.of("FontFile2"))).toBeDefined();
    // Subsets: a few kilobytes each, not the 0.5 MB files.
    expect(noticePdf.length).toBeLessThan(120_000);
  });

  test("glyph outlines survive subsetting (no blank or garbled letters)", async () => {
    const pdf = await PDFDocument.load(noticePdf);
    let checked = 0;
    for (const [, obj] of pdf.context.enumerateIndirectObjects()) {
      if (!(obj instanceof PDFDict) || obj.get(PDFName.of("Type")) !== PDFName.of("FontDescriptor")) continue;
      const file = pdf.context.lookup(obj.get(PDFName.of("FontFile2")) as PDFRef);
      if (!(file instanceof PDFRawStream)) throw new Error("FontFile2 is not a stream");
      const font = fontkit.create(decodePDFRawStream(file).decode());
      let blank = 0;
      for (let gid = 1; gid < font.numGlyphs; gid++) {
        if (font.getGlyph(gid).path.toSVG() === "") blank++;
      }
      // Only the space and the no-break space have no outline.
      expect(blank).toBeLessThanOrEqual(2);
      expect(font.numGlyphs).toBeGreaterThan(5);
      checked++;
    }
    expect(checked).toBe(4);
  });

  test("every character of the sample can be drawn; emoji and CJK are reported", () => {
    expect(unsupportedCharacters(notice, fonts)).toEqual([]);
    const odd = { ...notice, summary: `${notice.summary} 😀 中` };
    expect(unsupportedCharacters(odd, fonts)).toEqual(["😀", "中"]);
  });

  test("characters the font cannot draw are left out of the PDF and named, never printed as boxes", async () => {
    const odd: AdministrativeDocument = {
      ...notice,
      place: "Bình Thạnh 😀",
      summary: `${notice.summary} 👍🏽 中`,
      body: [{ kind: "paragraph", runs: [{ text: "Đồng ý 👨‍👩‍👧 thông qua ❤️ đề án." }] }, ...notice.body],
    };
    const { doc, omitted } = withoutUnsupportedCharacters(odd, fonts);
    // Each visible character once, in order; the skin tone, joiners and variation selector silently.
    expect(omitted).toEqual(["😀", "👍", "中", "👨", "👩", "👧", "❤"]);
    expect(doc.place).toBe("Bình Thạnh");
    expect(doc.summary).toBe(notice.summary);
    expect(unsupportedCharacters(doc, fonts)).toEqual([]);
    const text = (await pdfText(await renderDocumentPdf(doc, fonts, { now: NOW }))).pages
      .map((p) => p.body)
      .join(" ");
    expect(text).toContain("Bình Thạnh, ngày 05 tháng 12 năm 2026");
    expect(text).toContain("Đồng ý thông qua đề án.");
    for (const gone of ["😀", "👍", "中", "❤", "\u200d", "\ufe0f"]) expect(text).not.toContain(gone);
    // A document the font covers comes back as it was.
    expect(withoutUnsupportedCharacters(notice, fonts)).toEqual({ doc: notice, omitted: [] });
  });

  test("metadata: title, language and the given clock, not the machine's", async () => {
    const pdf = await PDFDocument.load(noticePdf, { updateMetadata: false });
    expect(pdf.getTitle()).toContain("THÔNG BÁO Kết luận của Chủ tịch");
    expect(pdf.getAuthor()).toBe("Ủy ban nhân dân quận Bình Thạnh");
    expect(pdf.getCreationDate()?.getTime()).toBe(NOW);
    expect(pdf.getModificationDate()?.getTime()).toBe(NOW);
  });

  test("decomposed (NFD) input comes out composed (NFC)", async () => {
    const input = sampleNoticeInput(1);
    const nfd = conclusionNoticeDocument({
      ...input,
      sections: [{ heading: "Về chống ngập".normalize("NFD"), text: LONG_PARAGRAPH.normalize("NFD") }],
    });
    const { pages } = await pdfText(await renderDocumentPdf(nfd, fonts, { now: NOW }));
    const all = pages.map((p) => p.body).join(" ");
    expect(all).toContain(flat(LONG_PARAGRAPH));
    expect(all).toContain("1. Về chống ngập");
  });

  test("a draft has a blank number", async () => {
    const draft = conclusionNoticeDocument({ ...sampleNoticeInput(1), number: null });
    const { pages } = await pdfText(await renderDocumentPdf(draft, fonts, { now: NOW }));
    expect(pages[0]!.body).toContain("Số: /TB-UBND");
  });
});

describe("minutes PDF", () => {
  let minutes: AdministrativeDocument;
  let text: string;
  let pages: PageText[];

  beforeAll(async () => {
    minutes = minutesDocument(sampleMinutesInput());
    const result = await pdfText(await renderDocumentPdf(minutes, fonts, { now: NOW }));
    pages = result.pages;
    text = pages.map((p) => p.body).join(" ");
  }, 60_000);

  test("header, number and title", () => {
    expect(pages[0]!.body).toContain("Số: 12/BB-UBND");
    expect(pages[0]!.body).toContain("Bình Thạnh, ngày 03 tháng 12 năm 2026");
    expect(pages[0]!.body).toContain("BIÊN BẢN Cuộc họp Giao ban tháng 12 năm 2026");
  });

  test("attendance, agenda, opinion summaries and vote results, intact", () => {
    expect(text).toContain(bodyText(minutes));
    expect(text).toContain("Thời gian bắt đầu: 08 giờ 00 phút, ngày 03 tháng 12 năm 2026.");
    expect(text).toContain("- Phạm Thị Ửng, Trưởng phòng Tài chính - Kế hoạch (trực tuyến);");
    expect(text).toContain("- Võ Quốc Việt, Trưởng phòng Quản lý đô thị (lý do: đi công tác);");
    expect(text).toContain("- Đặng Thị Yến, Trưởng phòng Nội vụ (cử Hồ Văn Lợi dự thay);");
    expect(text).toContain("Số thành viên tham dự: 3/5, đủ số lượng theo quy định");
    expect(text).toContain(
      "2. Dự thảo Kế hoạch chỉnh trang đô thị và chống ngập năm 2027 (trình bày: Trưởng phòng Quản lý đô thị).",
    );
    expect(text).toContain(
      "- Lê Hữu Đức (Phó Chủ tịch UBND quận) (đồng ý): Đồng ý; đề nghị bổ sung lộ trình",
    );
    expect(text).toContain(
      "Số phiếu: Tán thành 3 (60%); Không tán thành 1 (20%); Không biểu quyết 0 (0%); chưa biểu quyết 1.",
    );
    expect(text).toContain(
      "Quy tắc: thông qua khi số phiếu tán thành quá nửa tổng số thành viên (5), tức ít nhất 3 phiếu",
    );
    expect(text).toContain("Kết quả: THÔNG QUA.");
    expect(text).toContain("Cuộc họp kết thúc vào lúc 11 giờ 15 phút cùng ngày./.");
  });

  test("secretary and chair sign, recipients below", () => {
    const last = pages.at(-1)!.body;
    expect(last).toContain("THƯ KÝ Trần Thị Bích Ngọc CHỦ TRÌ Nguyễn Văn An");
    expect(last).toContain(
      "Nơi nhận: - Chủ tịch, các Phó Chủ tịch UBND quận; - Các thành viên dự họp; - Lưu: VT.",
    );
  });
});
