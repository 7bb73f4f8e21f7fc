/*
 * Page geometry and type sizes of Decree 30/2020/NĐ-CP, appendix I, part I (paper and margins) and
 * part II (each element's size and style), in PostScript points (1 mm = 72 / 25.4 pt). Where the
 * decree gives a range, the value chosen is noted; the HTML renderer uses the same numbers.
 */

/** Points per millimetre. */
export const PT_PER_MM = 72 / 25.4;

/** A4 portrait (§ I.2: 210 mm × 297 mm). */
export const PAGE_WIDTH_MM = 210;
export const PAGE_HEIGHT_MM = 297;

/** Margins (§ I.5: top 20–25, bottom 20–25, left 30–35, right 15–20 mm): the smallest of each range. */
export const MARGIN_MM = { top: 20, bottom: 20, left: 30, right: 15 } as const;

/** Type sizes in points (§ II; chosen inside the decree's ranges). */
export const SIZE = {
  /** Superior body and issuing body (12–13). */
  issuer: 13,
  /** "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (12–13). */
  nationalTitle: 13,
  /** "Độc lập - Tự do - Hạnh phúc" (13–14). */
  motto: 14,
  /** "Số: …" (13). */
  number: 13,
  /** Place and date, italic (13–14). */
  placeDate: 14,
  /** Type name and summary, bold (13–14; type name 13–14). */
  title: 14,
  /** Body text (13–14). */
  body: 14,
  /** Signature block, bold (13–14). */
  signature: 14,
  /** "Nơi nhận:", bold italic (12). */
  recipientsLabel: 12,
  /** Recipient entries (11). */
  recipients: 11,
  /** Page numbers from page 2, centred in the top margin (13–14). */
  pageNumber: 13,
} as const;

/** Body line height as a multiple of the size (§ II.8: single to 1.5 lines). */
export const BODY_LINE_HEIGHT = 1.25;
/** Space after a body paragraph in points (§ II.8: at least 6 pt). */
export const PARAGRAPH_SPACING = 6;
/** First-line indent of a paragraph (§ II.8: 1–1.27 cm). */
export const FIRST_LINE_INDENT_MM = 10;
/** Room left for the handwritten signature and seal between the position and the name. */
export const SIGNATURE_SPACE_MM = 25;
