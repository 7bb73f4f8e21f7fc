/// <reference lib="webworker" />
/**
 * The text-extraction worker: opens a PDF with pdf.js inside this worker (pdf.js's own worker code runs
 * here too, as its "fake worker", so nothing of it touches the page's thread), reads every page's
 * `getTextContent()` and joins the items with shared/'s `joinTextItems` — the same text the relay and
 * the search bench see.
 */
import { joinTextItems } from "../../../shared/src/search/text-items.ts";
import type { ExtractFailure, ExtractRequest, ExtractResponse } from "./extract-protocol.ts";

declare const self: DedicatedWorkerGlobalScope;

type PdfJs = typeof import("pdfjs-dist");
let pdfjs: Promise<PdfJs> | undefined;

function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= (async () => {
    const { default: workerUrl } = await import("pdfjs-dist/build/pdf.worker.min.mjs?url");
    // pdf.js runs its worker side in this thread when it finds the handler here.
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = await import(/* @vite-ignore */ workerUrl);
    return import("pdfjs-dist");
  })();
  return pdfjs;
}

function failureOf(error: unknown): ExtractFailure {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === "PasswordException") return "password";
  if (name === "InvalidPDFException" || name === "FormatError") return "damaged";
  return "failed";
}

async function extract(request: ExtractRequest): Promise<ExtractResponse> {
  const lib = await loadPdfJs();
  const doc = await lib.getDocument({
    data: new Uint8Array(request.bytes),
    cMapUrl: `${request.origin}/pdfjs/cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${request.origin}/pdfjs/standard_fonts/`,
    wasmUrl: `${request.origin}/pdfjs/wasm/`,
    isEvalSupported: false,
    disableFontFace: true,
    isOffscreenCanvasSupported: false,
    // pdf.js would read `document.baseURI` to decide this; a worker has no document.
    useWorkerFetch: true,
    verbosity: 0,
  }).promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      pages.push(joinTextItems((await page.getTextContent()).items));
      page.cleanup();
    }
    return { type: "extracted", id: request.id, pages };
  } finally {
    await doc.destroy();
  }
}

self.addEventListener("message", (event: MessageEvent<ExtractRequest>) => {
  const request = event.data;
  if (request?.type !== "extract") return;
  extract(request).then(
    (response) => self.postMessage(response),
    (error: unknown) =>
      self.postMessage({
        type: "failed",
        id: request.id,
        reason: failureOf(error),
        message: String((error as Error | null)?.message ?? error),
      } satisfies ExtractResponse),
  );
});
