/**
 * Page text of a paper version for annotations: `getTextContent()` of a page (to turn a selection into
 * a quote with context, and a carried-over quote into quads) and the raw text of every page (to plan a
 * carry-over). Reads the bytes from this device's paper store only; pdf.js loads on demand.
 *
 * A document is opened once per file and kept while annotations of it are on screen (`release`).
 */
import {
  joinTextItems,
  type MeasureText,
  type PositionedTextItem,
  type TextContentLike,
} from "../../../../shared/src/index.ts";
import { getLocalPaper } from "../../state/blobs.ts";
import { documentParams, loadPdfJs } from "../viewer/pdfjs.ts";

type PdfDocument = import("pdfjs-dist").PDFDocumentProxy;

/** Why page text could not be read. */
export class PaperTextError extends Error {
  constructor(
    readonly reason: "not_local" | "unreadable",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "PaperTextError";
  }
}

const open = new Map<string, { doc: Promise<PdfDocument>; users: number }>();
const contents = new Map<string, Promise<TextContentLike>>();

async function openDocument(hash: string): Promise<PdfDocument> {
  const blob = await getLocalPaper(hash);
  if (!blob) throw new PaperTextError("not_local", `paper ${hash} is not on this device`);
  const pdfjs = await loadPdfJs();
  try {
    return await pdfjs.getDocument(documentParams(new Uint8Array(await blob.arrayBuffer()))).promise;
  } catch (error) {
    throw new PaperTextError("unreadable", `paper ${hash} could not be opened`, { cause: error });
  }
}

/** Starts using a file's text (opens it on first use). Pair with {@link release}. */
export function retain(hash: string): void {
  const entry = open.get(hash);
  if (entry) {
    entry.users += 1;
    return;
  }
  const doc = openDocument(hash);
  doc.catch(() => open.delete(hash));
  open.set(hash, { doc, users: 1 });
}

/** Stops using a file's text; the last user closes the document. */
export function release(hash: string): void {
  const entry = open.get(hash);
  if (!entry) return;
  entry.users -= 1;
  if (entry.users > 0) return;
  open.delete(hash);
  for (const key of [...contents.keys()]) if (key.startsWith(`${hash}:`)) contents.delete(key);
  entry.doc.then(
    (d) => d.destroy(),
    () => {},
  );
}

function documentOf(hash: string): Promise<PdfDocument> {
  const entry = open.get(hash);
  if (entry) return entry.doc;
  // Used without retain (a one-off read): open, and let the caller's release close it.
  retain(hash);
  return open.get(hash)!.doc;
}

/**
 * `getTextContent()` of a page (0-based), cached while the file is retained.
 * @throws PaperTextError("not_local" | "unreadable")
 */
export function pageTextContent(hash: string, pageIndex: number): Promise<TextContentLike> {
  const key = `${hash}:${pageIndex}`;
  let content = contents.get(key);
  if (!content) {
    content = documentOf(hash).then(async (doc) => {
      const page = await doc.getPage(pageIndex + 1);
      return (await page.getTextContent()) as unknown as TextContentLike;
    });
    content.catch(() => contents.delete(key));
    contents.set(key, content);
  }
  return content;
}

/** Number of pages of a file. @throws PaperTextError */
export async function pageCount(hash: string): Promise<number> {
  return (await documentOf(hash)).numPages;
}

/** The text content of every page, in order. @throws PaperTextError */
export async function allPageContents(hash: string): Promise<TextContentLike[]> {
  const n = await pageCount(hash);
  const out: TextContentLike[] = [];
  for (let i = 0; i < n; i++) out.push(await pageTextContent(hash, i));
  return out;
}

/** Raw page texts (`joinTextItems`), as the carry-over plan reads them. */
export function rawPageTexts(pages: readonly TextContentLike[]): string[] {
  return pages.map((c) => joinTextItems(c.items));
}

let measuring: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null | undefined;

/**
 * Measures text the way pdf.js's text layer lays it out: each item's span is drawn in the fallback
 * font family pdf.js gives it (`styles[fontName].fontFamily`: "sans-serif", "serif"…) and stretched to
 * the item's width, so offsets inside an item are proportional to canvas `measureText` in that family.
 * Quads made with it (a carried-over highlight) sit where a reader's selection of the same words would.
 * Falls back to shared's estimate when no canvas is available.
 */
export function textLayerMeasure(content: TextContentLike): MeasureText | undefined {
  if (measuring === undefined) {
    measuring =
      typeof OffscreenCanvas === "function"
        ? new OffscreenCanvas(1, 1).getContext("2d")
        : (globalThis.document?.createElement("canvas").getContext("2d") ?? null);
  }
  const ctx = measuring;
  if (!ctx) return undefined;
  const styles = (content.styles ?? {}) as Readonly<Record<string, { fontFamily?: string }>>;
  return (text: string, item: PositionedTextItem) => {
    const family = (item.fontName && styles[item.fontName]?.fontFamily) || "sans-serif";
    ctx.font = `100px ${family}`;
    return ctx.measureText(text).width;
  };
}
