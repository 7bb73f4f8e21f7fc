/**
 * "My annotations drawn in": a copy of a paper's PDF with the member's annotations drawn on its pages
 * (pdf-lib). Positions are already in PDF user space, so they are drawn as they are, whatever the
 * page's /Rotate or crop box. Highlights are translucent with the Multiply blend mode (text stays
 * readable), ink is stroked, and notes (and any highlight or drawing with a comment) also get a
 * standard PDF text annotation (ISO 32000-1 §12.5.6.4, a "sticky note") carrying the text, so every
 * PDF reader shows it.
 *
 * Not re-exported from the annotations barrel: it pulls in pdf-lib, which the client loads on demand.
 */
import {
  BlendMode,
  LineCapStyle,
  PDFContentStream,
  PDFDocument,
  PDFHexString,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  type RGB,
  rgb,
} from "pdf-lib";
import { type Point, type Quad, quadBounds, rectToQuad } from "./geometry.ts";
import { ANNOTATION_PALETTE, type AnnotationColor, AnnotationKind, type AnnotationView } from "./types.ts";

/** Why an export failed: the original bytes are not a PDF pdf-lib can read (or are encrypted). */
export class PdfExportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PdfExportError";
  }
}

function colorOf(c: AnnotationColor): RGB {
  const hex = ANNOTATION_PALETTE[c];
  return rgb(
    Number.parseInt(hex.slice(1, 3), 16) / 255,
    Number.parseInt(hex.slice(3, 5), 16) / 255,
    Number.parseInt(hex.slice(5, 7), 16) / 255,
  );
}

/** SVG path of a quad for pdf-lib's drawSvgPath (which flips y: user y → -y). */
function quadPath(q: Quad): string {
  return `M${q[0]} ${-q[1]} L${q[2]} ${-q[3]} L${q[6]} ${-q[7]} L${q[4]} ${-q[5]} Z`;
}

function inkPath(points: readonly number[]): string {
  let d = "";
  for (let i = 0; i + 1 < points.length; i += 2)
    d += `${i === 0 ? "M" : "L"}${points[i]} ${-points[i + 1]!} `;
  return points.length === 2 ? `${d}l0.01 0` : d;
}

/** Where a comment's sticky note goes: the annotation's top-left (user space, y up). */
function anchorOf(a: AnnotationView): Point {
  const g = a.geometry;
  switch (g.kind) {
    case AnnotationKind.TextHighlight: {
      const b = quadBounds(g.quads[0]!);
      return [b[0], b[3]];
    }
    case AnnotationKind.AreaHighlight:
      return [Math.min(g.rect[0], g.rect[2]), Math.max(g.rect[1], g.rect[3])];
    case AnnotationKind.Note:
      return g.point;
    case AnnotationKind.Ink:
      return [g.strokes[0]?.points[0] ?? 0, g.strokes[0]?.points[1] ?? 0];
  }
}

/** Keeps the page's own content from leaving its graphics state (a transform, a colour) to ours. */
function isolateExistingContent(doc: PDFDocument, page: PDFPage): void {
  page.node.normalize();
  const start = doc.context.register(PDFContentStream.of(doc.context.obj({}), [pushGraphicsState()]));
  const end = doc.context.register(PDFContentStream.of(doc.context.obj({}), [popGraphicsState()]));
  page.node.wrapContentStreams(start, end);
}

const NOTE_SIZE = 16;

function addStickyNote(doc: PDFDocument, page: PDFPage, at: Point, a: AnnotationView, author: string): void {
  const [x, y] = at;
  const c = colorOf(a.color);
  const dict = doc.context.obj({
    Type: "Annot",
    Subtype: "Text",
    Rect: [x, y - NOTE_SIZE, x + NOTE_SIZE, y],
    Contents: PDFHexString.fromText(a.text),
    T: PDFHexString.fromText(author),
    Name: "Comment",
    C: [c.red, c.green, c.blue],
    F: 4,
    Open: false,
  });
  page.node.addAnnot(doc.context.register(dict));
}

/**
 * Draws annotations into a copy of a PDF and returns the new file's bytes. Annotations on pages the
 * file does not have are skipped (they belong to another version); the original is not changed.
 *
 * @param original the paper's bytes (from the local paper store)
 * @param annotations annotations of this file (`fileId` is not checked here), any kinds
 * @param options `author`: name written as each sticky note's author (PDF /T)
 * @throws PdfExportError when the bytes are not a readable PDF (damaged, not a PDF, encrypted)
 */
export async function drawAnnotationsIntoPdf(
  original: Uint8Array | ArrayBuffer,
  annotations: readonly AnnotationView[],
  options: { author?: string } = {},
): Promise<Uint8Array> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(original, { updateMetadata: false });
  } catch (error) {
    throw new PdfExportError(
      `not a readable PDF: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
  const pages = doc.getPages();
  const isolated = new Set<number>();
  const author = options.author ?? "";
  for (const a of annotations) {
    const page = pages[a.pageIndex];
    if (!page || a.deletedAt) continue;
    if (!isolated.has(a.pageIndex)) {
      isolateExistingContent(doc, page);
      isolated.add(a.pageIndex);
    }
    const color = colorOf(a.color);
    const g = a.geometry;
    switch (g.kind) {
      case AnnotationKind.TextHighlight:
        for (const q of g.quads) {
          page.drawSvgPath(quadPath(q), { color, opacity: 0.4, blendMode: BlendMode.Multiply });
        }
        break;
      case AnnotationKind.AreaHighlight:
        page.drawSvgPath(quadPath(rectToQuad(g.rect)), {
          color,
          opacity: 0.3,
          borderColor: color,
          borderWidth: 1,
          borderOpacity: 0.9,
          blendMode: BlendMode.Multiply,
        });
        break;
      case AnnotationKind.Ink:
        for (const s of g.strokes) {
          page.drawSvgPath(inkPath(s.points), {
            borderColor: color,
            borderWidth: g.thickness,
            borderLineCap: LineCapStyle.Round,
          });
        }
        break;
      case AnnotationKind.Note: {
        const [x, y] = g.point;
        page.drawRectangle({
          x: x - NOTE_SIZE / 2,
          y: y - NOTE_SIZE / 2,
          width: NOTE_SIZE,
          height: NOTE_SIZE,
          color,
          borderColor: rgb(0.2, 0.2, 0.2),
          borderWidth: 0.8,
        });
        break;
      }
    }
    if (a.text.trim() !== "") {
      const at: Point =
        g.kind === AnnotationKind.Note
          ? [g.point[0] + NOTE_SIZE / 2, g.point[1] + NOTE_SIZE / 2]
          : anchorOf(a);
      addStickyNote(doc, page, at, a, author);
    }
  }
  return doc.save();
}
