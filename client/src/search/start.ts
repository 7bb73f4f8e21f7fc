/**
 * Starts offline search indexing with this device's paper store (state/blobs.ts): loaded on demand
 * from main.tsx so that pdf.js and the index stay out of the first paint. Only a signed-in device
 * indexes, and indexing stops for good when access ends (the erase must not race with it).
 */
import { createEffect, createRoot } from "solid-js";
import { getLocalPaper, listLocalPapers, onPaperStored } from "../state/blobs.ts";
import { startPaperIndexing, stopPaperIndexing } from "../state/paper-search.ts";
import { accessState } from "../state/session.ts";

/** Indexes the papers already on the device and every paper stored from now on (idempotent). */
export function startIndexing(): void {
  createRoot(() => {
    createEffect(() => {
      const kind = accessState().kind;
      if (kind === "ended" || kind === "signed-out") stopPaperIndexing();
      else if (kind === "active") void startPaperIndexing({ getLocalPaper, listLocalPapers, onPaperStored });
    });
  });
}
