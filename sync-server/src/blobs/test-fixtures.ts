/** Test support: the shared PDF fixtures (../shared/fixtures/pdfs beside the repo) and made-up PDFs. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** sync-server/src/blobs → repo root → its parent, where the shared folder lies beside the repo. */
const FIXTURES_URL = new URL("../../../../shared/fixtures/pdfs/", import.meta.url);

/**
 * The fixtures folder. @throws Error saying where it was looked for, when missing: the tests need the
 * project's shared/ folder next to the repository (as on developer machines and in CI).
 */
export function fixturesDir(): string {
  const dir = fileURLToPath(FIXTURES_URL);
  if (!existsSync(path.join(dir, "MANIFEST.md"))) {
    throw new Error(
      `PDF fixtures not found at ${dir} (expected shared/fixtures/pdfs/MANIFEST.md beside the repository)`,
    );
  }
  return dir;
}

/** Names of every *.pdf fixture, sorted. */
export function fixtureNames(): string[] {
  return readdirSync(fixturesDir())
    .filter((f) => f.endsWith(".pdf"))
    .sort();
}

export function readFixture(name: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(path.join(fixturesDir(), name)));
}

/**
 * A valid PDF with `pages` empty pages in a flat page tree: small on disk, but pdf.js has to walk every
 * page object, so a large count makes a file that is slow to check.
 */
export function makeManyPagePdf(pages: number): Uint8Array<ArrayBuffer> {
  const parts: string[] = ["%PDF-1.7\n"];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  const add = (body: string) => {
    offsets.push(length);
    const obj = `${offsets.length} 0 obj\n${body}\nendobj\n`;
    parts.push(obj);
    length += obj.length;
  };
  add("<< /Type /Catalog /Pages 2 0 R >>");
  const kids = Array.from({ length: pages }, (_, i) => `${i + 3} 0 R`).join(" ");
  add(`<< /Type /Pages /Count ${pages} /Kids [${kids}] >>`);
  for (let i = 0; i < pages; i++) add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>");
  const xref = [
    `xref\n0 ${offsets.length + 1}\n`,
    "0000000000 65535 f \n",
    ...offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`),
    `trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`,
  ].join("");
  return new TextEncoder().encode(parts.join("") + xref);
}
