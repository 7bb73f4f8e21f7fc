/** Editing an annotation entry in place, wherever it lives (private or shared). */
import { type Doc, updateText } from "@automerge/automerge";
import { DomainError, ReasonCode } from "../errors.ts";
import { parseInput } from "../meeting-run/entries.ts";
import { imm } from "../schema/immutable.ts";
import { instant } from "../time.ts";
import { geometryToEntry, quoteToEntry } from "./entries.ts";
import { type AnnotationPatch, annotationPatchSchema } from "./schemas.ts";
import { type AnnotationEntry, AnnotationKind, AnnotationRefusal } from "./types.ts";

/**
 * Applies a patch to a live entry at `path` (from the document root). Each field is its own
 * property, so two devices changing different fields both win; the text merges character-wise;
 * geometry and quote are replaced whole (last writer wins: never half of two drawings).
 * @throws DomainError(invalid_input) for a bad patch, or geometry of another kind (reason kind_mismatch)
 */
export function applyAnnotationPatch(
  root: unknown,
  path: readonly string[],
  entry: AnnotationEntry,
  patch: AnnotationPatch,
  now: number,
): void {
  const p = parseInput(annotationPatchSchema, patch);
  const kind = entry.kind.val;
  if (p.geometry && p.geometry.kind !== kind) {
    throw new DomainError(
      ReasonCode.InvalidInput,
      `geometry: a ${p.geometry.kind} for a ${kind} annotation`,
      {
        reason: AnnotationRefusal.KindMismatch,
      },
    );
  }
  if (p.quote && kind !== AnnotationKind.TextHighlight) {
    throw new DomainError(ReasonCode.InvalidInput, "quote: only text highlights have a quote");
  }
  if (p.color !== undefined && entry.color.val !== p.color) entry.color = imm(p.color);
  if (p.text !== undefined && p.text !== entry.text)
    updateText(root as Doc<unknown>, [...path, "text"], p.text);
  if (p.geometry) entry.geometry = geometryToEntry(p.geometry);
  if (p.quote) entry.quote = quoteToEntry(p.quote);
  entry.updatedAt = imm(instant(now));
}
