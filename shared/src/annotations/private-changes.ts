/**
 * Change functions on the member's private document (call inside `handle.change`; `now` = ms since
 * the epoch; a failed precondition throws DomainError and rolls the change back).
 *
 * Two devices of one member editing the same annotation offline merge field by field: colour, text
 * (character-wise), geometry (whole, last writer wins), and a delete on one device wins over an edit
 * on the other (the edit is kept inside the deleted entry, restorable).
 */
import { updateText } from "@automerge/automerge";
import type { z } from "zod";
import { DomainError, ReasonCode } from "../errors.ts";
import { newId } from "../ids.ts";
import { parseInput } from "../meeting-run/entries.ts";
import type { PrivateDoc } from "../private/private.ts";
import { imm, str } from "../schema/immutable.ts";
import { instant } from "../time.ts";
import { carriedAnnotationId } from "./carry-over.ts";
import { geometryToEntry, privateAnnotationsOf, quoteToEntry } from "./entries.ts";
import { applyAnnotationPatch } from "./patch.ts";
import type { TextQuote } from "./quote.ts";
import { type AnnotationPatch, type NewAnnotationInput, newAnnotationInputSchema } from "./schemas.ts";
import {
  type AnnotationGeometry,
  type AnnotationId,
  AnnotationKind,
  AnnotationRefusal,
  type AnnotationView,
  type PrivateAnnotationEntry,
  type SharedAnnotationView,
} from "./types.ts";

function container(doc: PrivateDoc): Record<string, PrivateAnnotationEntry> {
  const annotations = privateAnnotationsOf(doc);
  if (!annotations) {
    throw new DomainError(
      ReasonCode.InvalidDocument,
      "private document has no annotations container (not migrated)",
    );
  }
  return annotations;
}

function existing(doc: PrivateDoc, id: string): PrivateAnnotationEntry {
  const entry = container(doc)[id];
  if (!entry) throw new DomainError(ReasonCode.NotFound, `annotation ${id}`);
  return entry;
}

/** A live private annotation the member may edit here (not deleted, not moved to the shared place). */
function editable(doc: PrivateDoc, id: string): PrivateAnnotationEntry {
  const entry = existing(doc, id);
  if (entry.deletedAt) throw new DomainError(ReasonCode.Deleted, `annotation ${id} was deleted`);
  if (entry.sharedAt) {
    throw new DomainError(ReasonCode.InvalidTransition, `annotation ${id} is shared: edit the shared one`, {
      reason: AnnotationRefusal.AlreadyShared,
    });
  }
  return entry;
}

/**
 * Adds a private annotation. Returns its id.
 * @throws DomainError(invalid_input) for bad input (a text highlight without its quote…);
 *   DomainError(invalid_document) before the private document's v1 migration
 */
export function addAnnotation(doc: PrivateDoc, input: NewAnnotationInput, now: number): AnnotationId {
  const a = parseInput(newAnnotationInputSchema, input);
  const annotations = container(doc);
  const id = newId<AnnotationId>();
  const at = imm(instant(now));
  annotations[id] = {
    id: imm(id),
    kind: imm(a.geometry.kind),
    meetingId: imm(a.meetingId),
    fileId: imm(a.fileId),
    pageIndex: a.pageIndex,
    color: imm(a.color),
    geometry: geometryToEntry(a.geometry),
    quote: a.quote ? quoteToEntry(a.quote) : null,
    text: a.text ?? "",
    carriedFrom: null,
    createdAt: at,
    updatedAt: at,
    deletedAt: null,
    sharedAt: null,
  };
  return id;
}

/**
 * Edits a private annotation: colour, text, geometry (same kind), quote (text highlights).
 * @throws DomainError(not_found | deleted | invalid_input); invalid_transition (reason
 *   already_shared) once it was shared
 */
export function editAnnotation(doc: PrivateDoc, id: AnnotationId, patch: AnnotationPatch, now: number): void {
  applyAnnotationPatch(doc, ["annotations", id], editable(doc, id), patch, now);
}

/**
 * Deletes a private annotation (soft; deleting twice changes nothing).
 * @throws DomainError(not_found); invalid_transition (reason already_shared): delete the shared one
 */
export function deleteAnnotation(doc: PrivateDoc, id: AnnotationId, now: number): void {
  const entry = existing(doc, id);
  if (entry.sharedAt && !entry.deletedAt) {
    throw new DomainError(ReasonCode.InvalidTransition, `annotation ${id} is shared: delete the shared one`, {
      reason: AnnotationRefusal.AlreadyShared,
    });
  }
  if (!entry.deletedAt) entry.deletedAt = imm(instant(now));
}

/** Undoes a delete (an edit made meanwhile on another device reappears with it). @throws DomainError(not_found) */
export function restoreAnnotation(doc: PrivateDoc, id: AnnotationId, now: number): void {
  const entry = existing(doc, id);
  if (entry.deletedAt) entry.deletedAt = null;
  entry.updatedAt = imm(instant(now));
}

/**
 * Second half of sharing (after `shareAnnotation` wrote the shared copy): marks the private entry
 * as moved, so it is no longer shown or edited as private. Idempotent.
 * @throws DomainError(not_found)
 */
export function markAnnotationShared(doc: PrivateDoc, id: AnnotationId, now: number): void {
  const entry = existing(doc, id);
  if (!entry.sharedAt) entry.sharedAt = imm(instant(now));
}

/**
 * Second half of unsharing (after `unshareAnnotation`): the annotation becomes private again with
 * the shared copy's content — unless the private entry was edited later (on a device that had not
 * yet seen the share), in which case the newer private content is kept. Creates the entry if this
 * private document never had it.
 * @throws DomainError(invalid_input, reason not_own_document) for another member's annotation
 */
export function restoreUnsharedAnnotation(doc: PrivateDoc, shared: SharedAnnotationView, now: number): void {
  if (str(doc.memberId) !== shared.memberId) {
    throw new DomainError(ReasonCode.InvalidInput, `annotation ${shared.id} is another member's`, {
      reason: AnnotationRefusal.NotOwnDocument,
    });
  }
  const annotations = container(doc);
  const entry = annotations[shared.id];
  if (!entry) {
    annotations[shared.id] = {
      id: imm(shared.id as AnnotationId),
      kind: imm(shared.kind),
      meetingId: imm(shared.meetingId),
      fileId: imm(shared.fileId),
      pageIndex: shared.pageIndex,
      color: imm(shared.color),
      geometry: geometryToEntry(shared.geometry),
      quote: shared.quote ? quoteToEntry(shared.quote) : null,
      text: shared.text,
      carriedFrom: shared.carriedFrom
        ? { fileId: imm(shared.carriedFrom.fileId), annotationId: imm(shared.carriedFrom.annotationId) }
        : null,
      createdAt: imm(shared.createdAt),
      updatedAt: imm(instant(now)),
      deletedAt: null,
      sharedAt: null,
    };
    return;
  }
  const privateIsNewer = Date.parse(str(entry.updatedAt)!) > Date.parse(shared.updatedAt);
  if (!privateIsNewer) {
    if (entry.color.val !== shared.color) entry.color = imm(shared.color);
    if (entry.text !== shared.text) updateText(doc, ["annotations", shared.id, "text"], shared.text);
    entry.geometry = geometryToEntry(shared.geometry);
    entry.quote = shared.quote ? quoteToEntry(shared.quote) : null;
    entry.pageIndex = shared.pageIndex;
    entry.fileId = imm(shared.fileId);
  }
  entry.sharedAt = null;
  entry.updatedAt = imm(instant(now));
}

/** A carried-over annotation as the client places it in a new version. */
export interface CarryOverInput {
  /** The annotation in the old version. */
  readonly from: AnnotationView;
  /** The new version's file id (SHA-256). */
  readonly fileId: string;
  readonly pageIndex: number;
  /** Where it goes: for a text highlight, `quadsForTextRange` of the matched range. */
  readonly geometry: AnnotationGeometry;
  /** For a text highlight: the quote as it reads in the new version (`QuoteMatch.quote`). */
  readonly quote?: TextQuote | null;
}

/**
 * The new annotation a carry-over makes, checked like a new one: same kind (the geometry must be of the
 * annotation's kind), colour, text and, for a text highlight, the quote as found in the new version.
 * Shared by the private and the shared carry-over.
 * @throws DomainError(invalid_input) for bad geometry or a kind that differs from the old one
 */
export function carriedOverInput(input: CarryOverInput): z.output<typeof newAnnotationInputSchema> {
  if (input.geometry.kind !== input.from.kind) {
    throw new DomainError(ReasonCode.InvalidInput, "geometry: not of the annotation's kind", {
      reason: AnnotationRefusal.KindMismatch,
    });
  }
  return parseInput(newAnnotationInputSchema, {
    meetingId: input.from.meetingId,
    fileId: input.fileId,
    pageIndex: input.pageIndex,
    color: input.from.color,
    geometry: input.geometry,
    quote: input.from.kind === AnnotationKind.TextHighlight ? (input.quote ?? input.from.quote) : null,
    text: input.from.text,
  });
}

/**
 * Places a carried-over copy of a private annotation in a new version (the old one stays on the old
 * version). Its id is derived from the old id and the new file, so two devices carrying over the
 * same annotation write the same entry, not two; doing it again changes nothing. Returns the id.
 * @throws DomainError(invalid_input) for bad geometry or a kind that differs from the old one
 */
export function carryOverAnnotation(doc: PrivateDoc, input: CarryOverInput, now: number): AnnotationId {
  const id = carriedAnnotationId(input.from.id, input.fileId);
  const annotations = container(doc);
  if (annotations[id]) return id;
  const a = carriedOverInput(input);
  const at = imm(instant(now));
  annotations[id] = {
    id: imm(id),
    kind: imm(a.geometry.kind),
    meetingId: imm(a.meetingId),
    fileId: imm(a.fileId),
    pageIndex: a.pageIndex,
    color: imm(a.color),
    geometry: geometryToEntry(a.geometry),
    quote: a.quote ? quoteToEntry(a.quote) : null,
    text: a.text ?? "",
    carriedFrom: { fileId: imm(input.from.fileId), annotationId: imm(input.from.id) },
    createdAt: at,
    updatedAt: at,
    deletedAt: null,
    sharedAt: null,
  };
  return id;
}
