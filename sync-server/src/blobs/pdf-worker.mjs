/**
 * Worker thread for pdf-validate.ts: opens PDFs with pdf.js (legacy build, as Node needs) away from
 * the relay's event loop. Plain JavaScript on purpose: a worker thread is started by Node itself, so
 * under vitest or tsx it gets no TypeScript transform.
 *
 * Out, once pdf.js is loaded: { ready: true }
 * In:  { id: number, bytes: Uint8Array }
 * Out: { id, ok: true, pages: number } | { id, ok: false, name: string, message: string }
 *      (name is the pdf.js exception's name, e.g. "PasswordException", "InvalidPDFException")
 */
import { parentPort } from "node:worker_threads";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

if (!parentPort) throw new Error("pdf-worker.mjs must run as a worker thread");
const port = parentPort;

port.on("message", async (/** @type {{ id: number, bytes: Uint8Array }} */ job) => {
  /** @type {import("pdfjs-dist/legacy/build/pdf.mjs").PDFDocumentProxy | undefined} */
  let doc;
  try {
    // No fonts, cMaps or rendering are needed to check structure; eval stays off (untrusted input).
    doc = await getDocument({
      data: job.bytes,
      isEvalSupported: false,
      disableFontFace: true,
      stopAtErrors: false,
      verbosity: 0,
    }).promise;
    // Walking the page tree proves every page object is reachable (numPages alone only reads /Count).
    for (let n = 1; n <= doc.numPages; n++) await doc.getPage(n);
    port.postMessage({ id: job.id, ok: true, pages: doc.numPages });
  } catch (err) {
    const e = /** @type {{ name?: unknown, message?: unknown }} */ (err ?? {});
    port.postMessage({
      id: job.id,
      ok: false,
      name: typeof e.name === "string" ? e.name : "Error",
      message: typeof e.message === "string" ? e.message : String(err),
    });
  } finally {
    await doc?.destroy().catch(() => undefined);
  }
});

port.postMessage({ ready: true });
