/**
 * Test support: the shared PDF fixtures (../shared/fixtures/pdfs beside the repository) opened with
 * pdf.js in Node, and small made-up PDFs. pdf.js reads `file:` URLs itself, so shared/ needs no node:fs.
 */
import { getDocument, type PDFDocumentProxy } from "pdfjs-dist/legacy/build/pdf.mjs";

/** shared/src/annotations → repository root → its parent, where the shared folder lies. */
const FIXTURES = new URL("../../../../shared/fixtures/pdfs/", import.meta.url);

const OPTIONS = { isEvalSupported: false, disableFontFace: true, verbosity: 0 } as const;

/** Opens a fixture by file name (MANIFEST.md). Destroy it when done. */
export function openFixture(name: string): Promise<PDFDocumentProxy> {
  return getDocument({ url: new URL(name, FIXTURES), ...OPTIONS }).promise;
}

/** Opens PDF bytes. Destroy it when done. */
export function openBytes(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  return getDocument({ data: bytes.slice(), ...OPTIONS }).promise;
}

/**
 * A PDF whose pages have the given page dictionary entries (e.g. "/MediaBox [100 200 712 992]
 * /Rotate 90"), each with a one-line content stream, in a flat page tree.
 */
export function makePdf(pageEntries: readonly string[]): Uint8Array {
  const parts: string[] = ["%PDF-1.7\n"];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  const add = (body: string) => {
    offsets.push(length);
    const obj = `${offsets.length} 0 obj\n${body}\nendobj\n`;
    parts.push(obj);
    length += obj.length;
  };
  const n = pageEntries.length;
  add("<< /Type /Catalog /Pages 2 0 R >>");
  add(`<< /Type /Pages /Count ${n} /Kids [${pageEntries.map((_, i) => `${i + 3} 0 R`).join(" ")}] >>`);
  for (const [i, entries] of pageEntries.entries()) {
    add(`<< /Type /Page /Parent 2 0 R ${entries} /Contents ${n + 3 + i} 0 R >>`);
  }
  for (let i = 0; i < n; i++) {
    const stream = "0 0 1 rg 10 10 50 50 re f";
    add(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  }
  const xref = [
    `xref\n0 ${offsets.length + 1}\n`,
    "0000000000 65535 f \n",
    ...offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`),
    `trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`,
  ].join("");
  return new TextEncoder().encode(parts.join("") + xref);
}

/** A fake SHA-256 (64 hex digits) for file ids in tests. */
export function fileHash(n: number): string {
  return n.toString(16).padStart(64, "0");
}
