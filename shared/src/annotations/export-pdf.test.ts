import { describe, expect, it } from "vitest";
import { drawAnnotationsIntoPdf, PdfExportError } from "./export-pdf.ts";
import { annotationSummary } from "./summary.ts";
import { fileHash, makePdf, openBytes } from "./test-support.ts";
import { type AnnotationGeometry, AnnotationKind, type AnnotationView } from "./types.ts";

const AT = "2026-12-05T01:30:00.000Z";

function view(id: string, pageIndex: number, geometry: AnnotationGeometry, text = ""): AnnotationView {
  return {
    id,
    kind: geometry.kind,
    meetingId: "m1",
    fileId: fileHash(1),
    pageIndex,
    color: "yellow",
    geometry,
    quote:
      geometry.kind === AnnotationKind.TextHighlight ? { exact: "Ủy ban", prefix: "", suffix: "" } : null,
    text,
    carriedFrom: null,
    createdAt: AT,
    updatedAt: AT,
    deletedAt: null,
  };
}

const ANNOTATIONS: AnnotationView[] = [
  view("a", 0, { kind: AnnotationKind.TextHighlight, quads: [[100, 700, 200, 700, 100, 688, 200, 688]] }),
  view("b", 1, { kind: AnnotationKind.AreaHighlight, rect: [50, 50, 150, 120] }, "Vùng cần xem lại"),
  view("c", 1, { kind: AnnotationKind.Note, point: [300, 400] }, "Đề nghị bổ sung số liệu quý IV"),
  view("d", 0, {
    kind: AnnotationKind.Ink,
    strokes: [{ points: [10, 10, 20, 30, 40, 35], pressures: null }],
    thickness: 2,
  }),
  // A page this file does not have (another version's): skipped, not an error.
  view("e", 7, { kind: AnnotationKind.Note, point: [1, 1] }, "x"),
];

describe("drawAnnotationsIntoPdf", () => {
  it("adds the drawings to the pages and the comments as PDF sticky notes, on rotated pages too", async () => {
    const original = makePdf(["/MediaBox [0 0 595 842]", "/MediaBox [0 0 595 842] /Rotate 90"]);
    const out = await drawAnnotationsIntoPdf(original, ANNOTATIONS, { author: "Trần Thị Mai" });
    const pdf = await openBytes(out);
    try {
      expect(pdf.numPages).toBe(2);
      const p1 = await pdf.getPage(1);
      const p2 = await pdf.getPage(2);
      expect(p2.rotate).toBe(90);
      // The drawings are page content: the operator list grows beyond the original one-rectangle page.
      const ops1 = await p1.getOperatorList();
      expect(ops1.fnArray.length).toBeGreaterThan(6);
      expect(await p1.getAnnotations()).toHaveLength(0);
      const notes = await p2.getAnnotations();
      expect(notes.map((n) => [n.subtype, n.contentsObj?.str, n.titleObj?.str])).toEqual([
        ["Text", "Vùng cần xem lại", "Trần Thị Mai"],
        ["Text", "Đề nghị bổ sung số liệu quý IV", "Trần Thị Mai"],
      ]);
      // The note's sticky note sits at its point, in user space (not turned by /Rotate).
      expect(notes[1]!.rect[0]).toBeCloseTo(308, 0);
    } finally {
      await pdf.destroy();
    }
    // The original bytes are untouched.
    expect(new TextDecoder().decode(original)).not.toContain("/Annots");
  });

  it("refuses bytes that are not a PDF with a PdfExportError", async () => {
    await expect(
      drawAnnotationsIntoPdf(new TextEncoder().encode("not a pdf at all"), []),
    ).rejects.toBeInstanceOf(PdfExportError);
  });
});

describe("annotationSummary", () => {
  it("lists annotations in page order with quote, note and times as HH:mm dd/MM/yyyy in Hanoi time", () => {
    const text = annotationSummary(
      ANNOTATIONS.slice(0, 3).map((a) => ({ ...a, visibility: "private" as const })),
      {
        title: "Ghi chú của tôi — Tờ trình",
        exported: "Xuất lúc 05/12/2026 08:30",
        empty: "Không có ghi chú nào.",
        page: (p) => `Trang ${p}`,
        kind: (k) => k,
        color: (c) => c,
        quote: "Đoạn chữ",
        note: "Ghi chú",
        replies: "Trả lời",
        visibility: (v) => (v === "private" ? "Riêng tư" : "Đã chia sẻ"),
      },
    );
    const lines = text.split("\n");
    expect(lines[0]).toBe("Ghi chú của tôi — Tờ trình");
    expect(lines[3]).toBe("1. Trang 1 · text_highlight · yellow · Riêng tư · 08:30 05/12/2026");
    expect(lines[4]).toBe("   Đoạn chữ: “Ủy ban”");
    expect(text).toContain("   Ghi chú: Đề nghị bổ sung số liệu quý IV");
    expect(text.indexOf("Trang 1")).toBeLessThan(text.indexOf("Trang 2"));
  });
});
