/**
 * Text extraction from PDFs in Node with pdf.js (legacy build, as STACK.md requires in Node), for
 * tests, benches and tools. It runs pdf.js on the calling thread, so the relay must not call it on
 * the request path (validation on upload runs in a worker: pdf-validate.ts). The client extracts in
 * its own pdf.js worker; both join text items with the same `joinTextItems` from shared/.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { joinTextItems } from "../../../shared/src/search/index.ts";

const PDFJS_DIR = path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));

/**
 * pdf.js's bundled CMaps and standard font data, as local folders (with the trailing separator pdf.js
 * expects). Without CMaps, non-embedded CJK fonts yield no text at all (MANIFEST: issue3521.pdf).
 */
export const PDFJS_RESOURCES = {
  cMapUrl: path.join(PDFJS_DIR, "cmaps") + path.sep,
  standardFontDataUrl: path.join(PDFJS_DIR, "standard_fonts") + path.sep,
} as const;

export interface ExtractOptions {
  /** For a password-protected file. NFC-normalised first: pdf.js 5.6 rejects the NFD spelling. */
  readonly password?: string;
}

/**
 * Raw text of every page (index 0 is page 1; "" for a page without text).
 * @throws pdf.js exceptions as they are: `PasswordException` (missing or wrong password, `code` 1 or 2),
 * `InvalidPDFException`…
 */
export async function extractPdfText(bytes: Uint8Array, options: ExtractOptions = {}): Promise<string[]> {
  const doc = await getDocument({
    // pdf.js takes ownership of (and may detach) the buffer it is given.
    data: bytes.slice(),
    ...PDFJS_RESOURCES,
    cMapPacked: true,
    isEvalSupported: false,
    disableFontFace: true,
    verbosity: 0,
    ...(options.password === undefined ? {} : { password: options.password.normalize("NFC") }),
  }).promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      pages.push(joinTextItems((await page.getTextContent()).items));
      page.cleanup();
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}
