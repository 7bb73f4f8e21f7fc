import type { LocalDate } from "../calendar/local-date.ts";

/*
 * The plain model of an administrative document (văn bản hành chính) in the layout of Decree
 * 30/2020/NĐ-CP on clerical work, appendix I. It knows nothing of meetings or Automerge: composers
 * (conclusion-notice.ts, minutes.ts) build it from plain views, renderers (pdf.ts, html.ts) draw it.
 * Text is any Unicode; renderers normalize it to NFC (the font has precomposed Vietnamese letters).
 */

/** One of the four faces of the document's font. */
export type FontFace = "regular" | "bold" | "italic" | "boldItalic";

/** A piece of text in one face. */
export interface TextRun {
  readonly text: string;
  readonly face?: FontFace;
}

/**
 * A block of the body (phần nội dung):
 * - paragraph: justified, first-line indent (Decree 30 appendix I § II.8: 1–1.27 cm);
 * - heading: a bold line or lines, indented like a paragraph (e.g. "1. Về dự thảo đề án…");
 * - item: a list entry ("- …", "+ …") indented like a paragraph, justified, no extra indent.
 */
export interface BodyBlock {
  readonly kind: "paragraph" | "heading" | "item";
  readonly runs: readonly TextRun[];
}

/** The issuing body (cơ quan, tổ chức ban hành) and its direct superior (cơ quan chủ quản), if any. */
export interface Issuer {
  /** Printed upper-case, regular weight, above the issuing body; null when there is none. */
  readonly superior: string | null;
  /** Printed upper-case and bold, e.g. "Ủy ban nhân dân quận Bình Thạnh". */
  readonly name: string;
  /** Abbreviation used in the symbol, e.g. "UBND" in "Số: 05/TB-UBND". */
  readonly code: string;
}

/** A signature block (quyền hạn, chức vụ, họ tên của người ký). */
export interface SignatureBlock {
  /**
   * Lines above the signature, printed upper-case and bold: the capacity and position, e.g.
   * ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] or ["THƯ KÝ"].
   */
  readonly authority: readonly string[];
  /** Full name of the signer (bold, normal case); "" leaves the line for a handwritten name. */
  readonly fullName: string;
}

/** An administrative document ready to render. */
export interface AdministrativeDocument {
  readonly issuer: Issuer;
  /** Number in the register; null for a draft (the number is left blank for the clerk). */
  readonly number: number | null;
  /** Abbreviation of the document type: "TB" (thông báo), "BB" (biên bản)… */
  readonly typeCode: string;
  /** Place name (địa danh), e.g. "Bình Thạnh". */
  readonly place: string;
  /** Date of issue in the local calendar. */
  readonly date: LocalDate;
  /** Document type name (tên loại), printed upper-case and bold: "THÔNG BÁO", "BIÊN BẢN". */
  readonly typeName: string;
  /** Summary (trích yếu), bold, under the type name. */
  readonly summary: string;
  readonly body: readonly BodyBlock[];
  /**
   * One or two. One block is drawn on the right with "Nơi nhận" on its left; two (e.g. secretary and
   * chair of minutes) are drawn left and right with "Nơi nhận" below them.
   */
  readonly signatures: readonly SignatureBlock[];
  /** Recipients (nơi nhận), one per entry without the leading dash, e.g. "Như trên", "Lưu: VT". */
  readonly recipients: readonly string[];
}

/** Shorthand for a paragraph of plain text. */
export function paragraph(text: string): BodyBlock {
  return { kind: "paragraph", runs: [{ text }] };
}

/** Shorthand for a bold heading. */
export function heading(text: string): BodyBlock {
  return { kind: "heading", runs: [{ text, face: "bold" }] };
}

/** Shorthand for a list entry. */
export function item(text: string): BodyBlock {
  return { kind: "item", runs: [{ text }] };
}

/** Shorthand for a paragraph that starts with a bold label ("Địa điểm: …"). */
export function labelled(label: string, text: string): BodyBlock {
  return {
    kind: "paragraph",
    runs: [{ text: label, face: "bold" }, { text: ` ${text}` }],
  };
}
