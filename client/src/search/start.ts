/**
 * Starts offline search indexing with this device's paper store (state/blobs.ts): loaded on demand
 * from main.tsx so that pdf.js and the index stay out of the first paint.
 */
import { getLocalPaper, listLocalPapers, onPaperStored } from "../state/blobs.ts";
import { startPaperIndexing } from "../state/paper-search.ts";

/** Indexes the papers already on the device and every paper stored from now on (idempotent). */
export function startIndexing(): Promise<void> {
  return startPaperIndexing({ getLocalPaper, listLocalPapers, onPaperStored });
}
