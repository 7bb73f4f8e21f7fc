/**
 * pdf.js for the app: loaded on demand (its chunk and worker are precached, so this works offline),
 * with cMaps, standard fonts and wasm decoders from our own origin (/pdfjs/…, copied and precached by
 * vite.config.ts). Vietnamese PDFs with non-embedded or CID fonts need them; no CDN is reachable
 * offline.
 */
import type { getDocument as GetDocument, PDFDocumentLoadingTask } from "pdfjs-dist";

export type PdfJs = typeof import("pdfjs-dist");

let loading: Promise<PdfJs> | undefined;

/** Loads pdf.js once (main thread) and points it at its worker. Rejects if the chunk cannot load. */
export function loadPdfJs(): Promise<PdfJs> {
  loading ??= (async () => {
    const [pdfjs, worker] = await Promise.all([
      import("pdfjs-dist"),
      import("pdfjs-dist/build/pdf.worker.min.mjs?url"),
    ]);
    pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
    return pdfjs;
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/**
 * The resource URLs pdf.js needs, absolute (a worker resolves relative URLs against its own script).
 * `origin` defaults to the page's (or worker's) own origin.
 */
export function pdfjsResources(origin: string = globalThis.location.origin): {
  cMapUrl: string;
  cMapPacked: true;
  standardFontDataUrl: string;
  wasmUrl: string;
} {
  return {
    cMapUrl: `${origin}/pdfjs/cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${origin}/pdfjs/standard_fonts/`,
    wasmUrl: `${origin}/pdfjs/wasm/`,
  };
}

/** Why a file could not be opened, as the viewer tells the reader. */
export type PdfOpenFailure =
  /** Not a PDF, truncated or damaged beyond repair (pdf.js InvalidPDFException, FormatError). */
  | "damaged"
  /** The reader cancelled the password prompt. */
  | "cancelled"
  /** Anything else (out of memory, a pdf.js bug): the message is kept for support. */
  | "failed";

/** Maps an exception from `getDocument(…).promise` to a {@link PdfOpenFailure}. */
export function classifyOpenError(error: unknown): PdfOpenFailure {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === "InvalidPDFException" || name === "FormatError" || name === "MissingPDFException")
    return "damaged";
  if (name === "AbortException") return "cancelled";
  return "failed";
}

/**
 * Parameters for `getDocument` shared by the viewer, the text extractor and the bench: the bytes
 * (pdf.js takes ownership of the buffer, so pass a copy you do not need), our resource URLs, no eval.
 */
export function documentParams(data: Uint8Array, origin?: string): Parameters<typeof GetDocument>[0] {
  return {
    data,
    ...pdfjsResources(origin),
    isEvalSupported: false,
    // Forms are shown as drawn; the app does not fill them in.
    enableXfa: false,
    verbosity: 0,
  };
}

/** What a password prompt answers: the password (NFC-normalised by the caller) or null to cancel. */
export type PasswordAnswer = string | null;

/**
 * Opens a document, asking `askPassword` each time pdf.js needs a password (`wrong` is true after an
 * incorrect one). Cancelling (null) destroys the loading task, so the returned promise rejects at once
 * with an AbortException-named error instead of hanging. The password is NFC-normalised (pdf.js 5.6
 * rejects the decomposed spelling of "Họp-2026": fixtures MANIFEST) and never stored anywhere.
 */
export function openDocument(
  pdfjs: PdfJs,
  data: Uint8Array,
  askPassword: (wrong: boolean) => Promise<PasswordAnswer>,
): { task: PDFDocumentLoadingTask; promise: PDFDocumentLoadingTask["promise"] } {
  const task = pdfjs.getDocument(documentParams(data));
  let cancelled = false;
  task.onPassword = (update: (password: string) => void, reason: number) => {
    void askPassword(reason === pdfjs.PasswordResponses.INCORRECT_PASSWORD).then((answer) => {
      if (answer === null) {
        cancelled = true;
        void task.destroy();
        return;
      }
      update(answer.normalize("NFC"));
    });
  };
  const promise = task.promise.catch((error: unknown) => {
    if (cancelled) {
      const abort = new Error("password prompt cancelled");
      abort.name = "AbortException";
      throw abort;
    }
    throw error;
  }) as PDFDocumentLoadingTask["promise"];
  return { task, promise };
}
