/**
 * Messages between the app and the text-extraction worker (extract.worker.ts). One request per file;
 * the worker answers with the same `id`.
 */

/** Ask the worker for the text of every page of a PDF. The bytes are transferred (not copied). */
export interface ExtractRequest {
  readonly type: "extract";
  readonly id: number;
  readonly bytes: ArrayBuffer;
  /** The app's origin, where pdf.js's cMaps and standard fonts are served (/pdfjs/…). */
  readonly origin: string;
}

/**
 * Why a file has no extracted text: protected by a password (it is only unlocked in the viewer, and
 * the password is never kept), damaged / not a PDF, or anything else.
 */
export type ExtractFailure = "password" | "damaged" | "failed";

export type ExtractResponse =
  | { readonly type: "extracted"; readonly id: number; readonly pages: string[] }
  | {
      readonly type: "failed";
      readonly id: number;
      readonly reason: ExtractFailure;
      readonly message: string;
    };
