import {
  beginText,
  endText,
  PDFDocument,
  type PDFFont,
  type PDFHexString,
  type PDFName,
  type PDFPage,
  rgb,
  setFillingRgbColor,
  setFontAndSize,
  setTextMatrix,
  showText,
} from "pdf-lib";
import { type DocumentFonts, patchedFontkit } from "./fonts.ts";
import { numberAndSymbol, placeAndDate } from "./format.ts";
import {
  BODY_LINE_HEIGHT,
  FIRST_LINE_INDENT_MM,
  MARGIN_MM,
  PAGE_HEIGHT_MM,
  PAGE_WIDTH_MM,
  PARAGRAPH_SPACING,
  PT_PER_MM,
  SIGNATURE_SPACE_MM,
  SIZE,
} from "./geometry.ts";
import { breakLines, type Line, type Measure, type Word, wordsOf } from "./layout.ts";
import type { AdministrativeDocument, BodyBlock, FontFace, SignatureBlock } from "./model.ts";
import { NATIONAL_MOTTO, NATIONAL_TITLE, RECIPIENTS_LABEL, recipientLines, upper } from "./text.ts";

/** What {@link renderDocumentPdf} needs besides the document. */
export interface PdfOptions {
  /** Clock reading (ms since the Unix epoch) written as the file's creation and modification date. */
  readonly now: number;
}

const FACES: readonly FontFace[] = ["regular", "bold", "italic", "boldItalic"];
/** Subset tags (six capital letters + "+", ISO 32000-1 § 9.6.4); fixed so output does not vary by run. */
const SUBSET_NAMES: Readonly<Record<FontFace, string>> = {
  regular: "HPSORA+Tinos-Regular",
  bold: "HPSORB+Tinos-Bold",
  italic: "HPSORC+Tinos-Italic",
  boldItalic: "HPSORD+Tinos-BoldItalic",
};

/** Names of the faces in a page's font resources. */
const RESOURCE_TAGS: Readonly<Record<FontFace, string>> = {
  regular: "R",
  bold: "B",
  italic: "I",
  boldItalic: "BI",
};

const mm = (v: number) => v * PT_PER_MM;
const PAGE_W = mm(PAGE_WIDTH_MM);
const PAGE_H = mm(PAGE_HEIGHT_MM);
const LEFT = mm(MARGIN_MM.left);
const RIGHT = PAGE_W - mm(MARGIN_MM.right);
const TOP = PAGE_H - mm(MARGIN_MM.top);
const BOTTOM = mm(MARGIN_MM.bottom);
const WIDTH = RIGHT - LEFT;
const RULE = 0.6;
/** Space between two list entries, in points (paragraphs get PARAGRAPH_SPACING). */
const ITEM_SPACING = 2;
const BLACK = rgb(0, 0, 0);

/** Distance from the top of a line box to its baseline (Tinos: ascent 0.891 em, descent 0.216 em). */
function baselineOffset(size: number, lineHeight: number): number {
  return (lineHeight - size * 1.107) / 2 + size * 0.891;
}

/** Draws onto pages top to bottom, adding pages (numbered from 2, § II.10) as needed. */
class Writer {
  page!: PDFPage;
  /** Top of the free space on the current page. */
  y = TOP;
  pages = 0;
  private fontKeys = new Map<FontFace, PDFName>();
  /** Widths at 1 pt by face and text: syllables repeat a lot, and fontkit's layout is the slow part. */
  private readonly widths = new Map<string, number>();
  private readonly encoded = new Map<string, PDFHexString>();

  constructor(
    private readonly pdf: PDFDocument,
    private readonly fonts: Readonly<Record<FontFace, PDFFont>>,
  ) {
    this.newPage();
  }

  /** The glyph codes of `text` in the face's subset; cached like widths (a subset's codes never change). */
  private encode(face: FontFace, text: string): PDFHexString {
    const key = `${face}\u0000${text}`;
    let hex = this.encoded.get(key);
    if (!hex) {
      hex = this.fonts[face].encodeText(text);
      this.encoded.set(key, hex);
    }
    return hex;
  }

  readonly measure: Measure = (text, face, size) => {
    const key = `${face}\u0000${text}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      w = this.fonts[face].widthOfTextAtSize(text, 1);
      this.widths.set(key, w);
    }
    return w * size;
  };

  newPage(): void {
    this.page = this.pdf.addPage([PAGE_W, PAGE_H]);
    this.fontKeys = new Map();
    this.pages++;
    this.y = TOP;
    if (this.pages > 1) {
      const label = String(this.pages);
      const w = this.measure(label, "regular", SIZE.pageNumber);
      this.text(
        [{ x: (PAGE_W - w) / 2, segments: [{ text: label, face: "regular" }] }],
        PAGE_H - mm(12),
        SIZE.pageNumber,
      );
    }
  }

  /** Starts a new page unless `height` points fit above the bottom margin. */
  ensure(height: number): void {
    if (this.y - height < BOTTOM - 0.01) this.newPage();
  }

  private key(face: FontFace): PDFName {
    let key = this.fontKeys.get(face);
    if (!key) {
      key = this.page.node.newFontDictionary(RESOURCE_TAGS[face], this.fonts[face].ref);
      this.fontKeys.set(face, key);
    }
    return key;
  }

  /** One text object: each piece positioned on the baseline (words of a justified line, a centred line…). */
  text(
    pieces: readonly { x: number; segments: readonly { text: string; face: FontFace }[] }[],
    baseline: number,
    size: number,
  ): void {
    const ops = [beginText(), setFillingRgbColor(0, 0, 0)];
    let face: FontFace | null = null;
    for (const piece of pieces) {
      let x = piece.x;
      for (const seg of piece.segments) {
        if (seg.face !== face) {
          face = seg.face;
          ops.push(setFontAndSize(this.key(face), size));
        }
        ops.push(setTextMatrix(1, 0, 0, 1, x, baseline), showText(this.encode(face, seg.text)));
        x += this.measure(seg.text, seg.face, size);
      }
    }
    ops.push(endText());
    this.page.pushOperators(...ops);
  }

  rule(x1: number, x2: number, y: number): void {
    this.page.drawLine({ start: { x: x1, y }, end: { x: x2, y }, thickness: RULE, color: BLACK });
  }

  /** Draws a line's words, spread to `width` (justified) unless it is a paragraph's last line. */
  drawLine(line: Line, x0: number, width: number, baseline: number, size: number): void {
    const n = line.words.length;
    const gap =
      !line.last && n > 1 ? (width - line.indent - line.width) / (n - 1) : this.measure(" ", "regular", size);
    let x = x0 + line.indent;
    const pieces = line.words.map((word: Word) => {
      const piece = { x, segments: word.segments };
      x += word.width + gap;
      return piece;
    });
    this.text(pieces, baseline, size);
  }

  /** Lines of one face and size, centred on `cx` at consecutive baselines from `baseline`; returns the last baseline. */
  centered(
    lines: readonly string[],
    face: FontFace,
    size: number,
    cx: number,
    baseline: number,
    lineHeight: number,
  ): number {
    let b = baseline;
    lines.forEach((text, i) => {
      b = baseline - i * lineHeight;
      const w = this.measure(text, face, size);
      this.text([{ x: cx - w / 2, segments: [{ text, face }] }], b, size);
    });
    return b;
  }

  /**
   * Wraps centred text into as few lines as `width` allows, made as even as possible ("ỦY BAN NHÂN DÂN /
   * THÀNH PHỐ HỒ CHÍ MINH" rather than "ỦY BAN NHÂN DÂN THÀNH / PHỐ HỒ CHÍ MINH"), as a typist would.
   */
  wrapBalanced(text: string, face: FontFace, size: number, width: number): string[] {
    const greedy = this.wrap(text, face, size, width);
    if (greedy.length <= 1) return greedy;
    let lo = 0;
    let hi = width;
    for (let i = 0; i < 16; i++) {
      const mid = (lo + hi) / 2;
      if (this.wrap(text, face, size, mid).length <= greedy.length) hi = mid;
      else lo = mid;
    }
    return this.wrap(text, face, size, hi);
  }

  /** Wraps plain text of one face into lines no wider than `width`. */
  wrap(text: string, face: FontFace, size: number, width: number): string[] {
    const words = wordsOf([{ text, face }], size, this.measure);
    if (words.length === 0) return [];
    return breakLines(words, width, this.measure(" ", face, size), 0, size, this.measure).map((l) =>
      l.words.map((w) => w.segments.map((s) => s.text).join("")).join(" "),
    );
  }
}

/** The two header columns (§ II.1–2, 4): issuing body on the left, national title and motto on the right. */
interface Columns {
  readonly leftCx: number;
  readonly leftWidth: number;
  readonly rightCx: number;
  readonly rightWidth: number;
}

function columns(w: Writer, doc: AdministrativeDocument): Columns {
  const rightWidth =
    Math.max(
      w.measure(NATIONAL_TITLE, "bold", SIZE.nationalTitle),
      w.measure(NATIONAL_MOTTO, "bold", SIZE.motto),
      w.measure(placeAndDate(doc.place, doc.date), "italic", SIZE.placeDate),
    ) + 12;
  const leftWidth = WIDTH - rightWidth;
  return { leftCx: LEFT + leftWidth / 2, leftWidth, rightCx: RIGHT - rightWidth / 2, rightWidth };
}

function drawHeader(w: Writer, doc: AdministrativeDocument, col: Columns): void {
  const lh = SIZE.issuer * 1.2;
  const first = TOP - SIZE.issuer * 0.891;
  const textWidth = col.leftWidth - 8;
  const superior = doc.issuer.superior
    ? w.wrapBalanced(upper(doc.issuer.superior), "regular", SIZE.issuer, textWidth)
    : [];
  const issuer = w.wrapBalanced(upper(doc.issuer.name), "bold", SIZE.issuer, textWidth);
  let b = first;
  if (superior.length > 0) b = w.centered(superior, "regular", SIZE.issuer, col.leftCx, first, lh) - lh;
  const issuerLast = w.centered(issuer, "bold", SIZE.issuer, col.leftCx, b, lh);
  // Under the issuing body: a rule 1/3 to 1/2 as long as its line, centred (§ II.2).
  const issuerWidth = Math.max(...issuer.map((l) => w.measure(l, "bold", SIZE.issuer)));
  const ruleY = issuerLast - SIZE.issuer * 0.55;
  w.rule(col.leftCx - issuerWidth * 0.2, col.leftCx + issuerWidth * 0.2, ruleY);

  w.centered([NATIONAL_TITLE], "bold", SIZE.nationalTitle, col.rightCx, first, lh);
  const mottoBaseline = first - SIZE.motto * 1.15;
  w.centered([NATIONAL_MOTTO], "bold", SIZE.motto, col.rightCx, mottoBaseline, lh);
  // Under the motto: a rule as long as the motto line (§ II.1).
  const mottoWidth = w.measure(NATIONAL_MOTTO, "bold", SIZE.motto);
  w.rule(col.rightCx - mottoWidth / 2, col.rightCx + mottoWidth / 2, mottoBaseline - SIZE.motto * 0.5);

  // Number and symbol (left) and place and date (right) share one line (§ II.3–4).
  const lineBaseline = Math.min(ruleY, mottoBaseline - SIZE.motto * 0.5) - 24;
  w.centered(
    [numberAndSymbol(doc.number, doc.typeCode, doc.issuer.code)],
    "regular",
    SIZE.number,
    col.leftCx,
    lineBaseline,
    lh,
  );
  w.centered([placeAndDate(doc.place, doc.date)], "italic", SIZE.placeDate, col.rightCx, lineBaseline, lh);
  w.y = lineBaseline - 34;
}

function drawTitle(w: Writer, doc: AdministrativeDocument): void {
  const lh = SIZE.title * 1.2;
  const cx = LEFT + WIDTH / 2;
  const typeLines = w.wrapBalanced(upper(doc.typeName), "bold", SIZE.title, WIDTH);
  const summary = w.wrapBalanced(doc.summary, "bold", SIZE.title, WIDTH * 0.85);
  let b = w.y - baselineOffset(SIZE.title, lh);
  b = w.centered(typeLines, "bold", SIZE.title, cx, b, lh);
  if (summary.length > 0) {
    b = w.centered(summary, "bold", SIZE.title, cx, b - lh, lh);
    // Under the summary: a rule 1/3 to 1/2 as long as its line, centred (§ II.5).
    const widest = Math.max(...summary.map((l) => w.measure(l, "bold", SIZE.title)));
    const half = Math.max(widest * 0.2, 30);
    w.rule(cx - half, cx + half, b - SIZE.title * 0.55);
  }
  w.y = b - SIZE.title * 0.55 - 18;
}

/**
 * Draws the body. `closingHeight` is the height of what follows (signatures, recipients): the last two
 * lines of the body go to the next page with it rather than leave it alone on a page.
 */
function drawBody(w: Writer, body: readonly BodyBlock[], closingHeight: number): void {
  const size = SIZE.body;
  const lh = size * BODY_LINE_HEIGHT;
  const indent = mm(FIRST_LINE_INDENT_MM);
  const space = w.measure(" ", "regular", size);
  const laidOut = body
    .map((block) => ({
      block,
      lines: breakLines(wordsOf(block.runs, size, w.measure), WIDTH, space, indent, size, w.measure),
    }))
    .filter(({ lines }) => lines.length > 0 && lines[0]!.words.length > 0);
  const fullPage = TOP - BOTTOM;
  laidOut.forEach(({ block, lines }, bi) => {
    // A heading keeps with the first two lines of what follows; a paragraph does not start with a lone
    // line at the foot of a page (orphan) nor leave its last line alone at the top of the next (widow).
    const next = laidOut[bi + 1];
    const keep =
      block.kind === "heading" && next
        ? lines.length + Math.min(2, next.lines.length)
        : Math.min(2, lines.length);
    w.ensure(keep * lh);
    const lastBlock = bi === laidOut.length - 1;
    lines.forEach((line, i) => {
      if (lines.length >= 3 && i === lines.length - 2) w.ensure(2 * lh);
      if (lastBlock && i === Math.max(0, lines.length - 2)) {
        const tail = Math.min(2, lines.length) * lh + PARAGRAPH_SPACING + closingHeight;
        if (tail <= fullPage) w.ensure(tail);
      }
      w.ensure(lh);
      w.drawLine(line, LEFT, WIDTH, w.y - baselineOffset(size, lh), size);
      w.y -= lh;
    });
    // List entries sit closer together than paragraphs.
    w.y -= block.kind === "item" && next?.block.kind === "item" ? ITEM_SPACING : PARAGRAPH_SPACING;
  });
}

/** Height and drawing of a signature block centred on `cx`. */
function signature(w: Writer, block: SignatureBlock, cx: number, width: number) {
  const lh = SIZE.signature * 1.2;
  const authority = block.authority.flatMap((l) => w.wrapBalanced(upper(l), "bold", SIZE.signature, width));
  const height = authority.length * lh + mm(SIGNATURE_SPACE_MM) + lh;
  return {
    height,
    draw(top: number) {
      const first = top - baselineOffset(SIZE.signature, lh);
      if (authority.length > 0) w.centered(authority, "bold", SIZE.signature, cx, first, lh);
      const nameBaseline = first - authority.length * lh - mm(SIGNATURE_SPACE_MM);
      if (block.fullName.trim())
        w.centered([block.fullName.trim()], "bold", SIZE.signature, cx, nameBaseline, lh);
    },
  };
}

/** Height and drawing of "Nơi nhận" (§ II.9) with its left edge at `x`. */
function recipients(w: Writer, entries: readonly string[], x: number, width: number) {
  const labelLh = SIZE.recipientsLabel * 1.2;
  const lh = SIZE.recipients * 1.2;
  const dash = w.measure("- ", "regular", SIZE.recipients);
  const lines = recipientLines(entries).flatMap((entry) =>
    w.wrap(entry, "regular", SIZE.recipients, width - dash).map((text, i) => ({ text, hang: i > 0 })),
  );
  const height = entries.length === 0 ? 0 : labelLh + lines.length * lh;
  return {
    height,
    draw(top: number) {
      if (entries.length === 0) return;
      const labelBaseline = top - baselineOffset(SIZE.recipientsLabel, labelLh);
      w.text(
        [{ x, segments: [{ text: RECIPIENTS_LABEL, face: "boldItalic" }] }],
        labelBaseline,
        SIZE.recipientsLabel,
      );
      lines.forEach((line, i) => {
        const baseline = labelBaseline - (i + 1) * lh;
        w.text(
          [{ x: line.hang ? x + dash : x, segments: [{ text: line.text, face: "regular" }] }],
          baseline,
          SIZE.recipients,
        );
      });
    },
  };
}

/** The closing part (signatures and recipients): its height, and drawing it at the cursor. */
function closing(w: Writer, doc: AdministrativeDocument, col: Columns): { height: number; draw(): void } {
  const before = 6;
  const sigWidth = col.rightWidth + 20;
  if (doc.signatures.length <= 1) {
    const sig = doc.signatures[0] ? signature(w, doc.signatures[0], col.rightCx, sigWidth) : null;
    const rec = recipients(w, doc.recipients, LEFT, col.leftWidth - 10);
    const height = before + Math.max(sig?.height ?? 0, rec.height);
    return {
      height,
      draw() {
        w.ensure(height);
        w.y -= before;
        sig?.draw(w.y);
        rec.draw(w.y);
        w.y -= height - before;
      },
    };
  }
  const [left, right] = doc.signatures as [SignatureBlock, SignatureBlock];
  const l = signature(w, left, col.leftCx, col.leftWidth);
  const r = signature(w, right, col.rightCx, sigWidth);
  const rec = recipients(w, doc.recipients, LEFT, WIDTH / 2);
  const sigHeight = Math.max(l.height, r.height);
  const gap = rec.height > 0 ? 18 : 0;
  const height = before + sigHeight + gap + rec.height;
  return {
    height,
    draw() {
      w.ensure(height);
      w.y -= before;
      l.draw(w.y);
      r.draw(w.y);
      w.y -= sigHeight + gap;
      rec.draw(w.y);
      w.y -= rec.height;
    },
  };
}

/**
 * Renders an administrative document as PDF in the layout of Decree 30/2020/NĐ-CP, appendix I: A4,
 * margins 20/20/30/15 mm, the two-column header with the national title and motto, number and symbol,
 * place and date, bold title and summary, justified body with first-line indent across as many pages
 * as needed, page numbers from page 2, signature block(s) and "Nơi nhận". Fonts are embedded as
 * subsets, so the file shows the same everywhere and its text can be searched and copied.
 *
 * @param fonts the four Tinos faces (see fonts.ts)
 * @returns the PDF file's bytes
 * @throws RangeError for a malformed date or number, or more than two signature blocks; whatever
 *   pdf-lib throws for unreadable fonts
 */
export async function renderDocumentPdf(
  doc: AdministrativeDocument,
  fonts: DocumentFonts,
  options: PdfOptions,
): Promise<Uint8Array> {
  if (doc.signatures.length > 2)
    throw new RangeError(`at most two signature blocks, got ${doc.signatures.length}`);
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(patchedFontkit);
  const embedded = await Promise.all(
    FACES.map((face) => pdf.embedFont(fonts[face], { subset: true, customName: SUBSET_NAMES[face] })),
  );
  const byFace = Object.fromEntries(FACES.map((face, i) => [face, embedded[i]!])) as Record<
    FontFace,
    PDFFont
  >;

  const when = new Date(options.now);
  pdf.setTitle(`${upper(doc.typeName)} ${doc.summary}`.normalize("NFC"));
  pdf.setSubject(doc.summary.normalize("NFC"));
  pdf.setAuthor(doc.issuer.name.normalize("NFC"));
  pdf.setLanguage("vi-VN");
  pdf.setCreator("HọpSố");
  pdf.setProducer("HọpSố (pdf-lib)");
  pdf.setCreationDate(when);
  pdf.setModificationDate(when);

  const w = new Writer(pdf, byFace);
  const col = columns(w, doc);
  drawHeader(w, doc, col);
  drawTitle(w, doc);
  const end = closing(w, doc, col);
  drawBody(w, doc.body, end.height);
  end.draw();
  return pdf.save();
}
