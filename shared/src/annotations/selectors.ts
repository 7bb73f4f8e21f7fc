/** Selectors: annotations and threads as plain data, for the viewer, the panel and export. */

import type { MeetingDoc } from "../meeting/types.ts";
import { cmp, entryKey, participantNames, readEntries } from "../meeting-run/entries.ts";
import type { ParticipationDoc } from "../participation/participation.ts";
import type { PrivateDoc } from "../private/private.ts";
import { privateAnnotationsOf, privateView, sharedAnnotationsOf, sharedView } from "./entries.ts";
import {
  annotationReplyEntrySchema,
  privateAnnotationEntrySchema,
  sharedAnnotationEntrySchema,
} from "./schemas.ts";
import type {
  AnnotationColor,
  AnnotationKind,
  AnnotationReplyView,
  AnnotationView,
  PrivateAnnotationView,
  SharedAnnotationView,
} from "./types.ts";

/** Every private annotation that parses, deleted and moved ones included. */
export function allPrivateAnnotations(doc: PrivateDoc): PrivateAnnotationView[] {
  return readEntries(privateAnnotationsOf(doc), privateAnnotationEntrySchema, (e) => e.id).map(privateView);
}

/** Every shared annotation entry that parses and sits under its author's key, withdrawn and deleted included. */
export function allSharedAnnotations(doc: ParticipationDoc): SharedAnnotationView[] {
  return readEntries(sharedAnnotationsOf(doc), sharedAnnotationEntrySchema, (e) =>
    entryKey(e.memberId, e.id),
  ).map(sharedView);
}

/** Every reply that parses and sits under its author's key, deleted ones included (text ""). */
export function allAnnotationReplies(doc: ParticipationDoc): AnnotationReplyView[] {
  return readEntries(sharedAnnotationsOf(doc), annotationReplyEntrySchema, (e) =>
    entryKey(e.memberId, e.id),
  ).map((e) => ({
    id: e.id,
    memberId: e.memberId,
    annotationMemberId: e.annotationMemberId,
    annotationId: e.annotationId,
    text: e.deletedAt ? "" : e.text,
    createdAt: e.createdAt,
    editedAt: e.editedAt,
    deleted: e.deletedAt !== null,
  }));
}

/** A live shared annotation: neither deleted nor withdrawn. */
export function isLiveShared(a: SharedAnnotationView): boolean {
  return a.deletedAt === null && a.unsharedAt === null;
}

/** Reading order on a page set: page, then top to bottom (y down the page), then left to right, then id. */
function byPosition(a: AnnotationView, b: AnnotationView): number {
  const [ax, ay] = anchorPoint(a);
  const [bx, by] = anchorPoint(b);
  return a.pageIndex - b.pageIndex || by - ay || ax - bx || cmp(a.id, b.id);
}

/** Top-left-most point of an annotation's geometry (user space, y up). */
function anchorPoint(a: AnnotationView): [number, number] {
  const g = a.geometry;
  switch (g.kind) {
    case "text_highlight": {
      const q = g.quads[0]!;
      return [Math.min(q[0], q[4]), Math.max(q[1], q[3])];
    }
    case "area_highlight":
      return [g.rect[0], g.rect[3]];
    case "note":
      return [g.point[0], g.point[1]];
    case "ink":
      return [g.strokes[0]?.points[0] ?? 0, g.strokes[0]?.points[1] ?? 0];
  }
}

/** One of my annotations, wherever it lives. */
export type MyAnnotationView = AnnotationView & {
  readonly visibility: "private" | "shared";
  /** Shared ones: when. */
  readonly sharedAt: string | null;
};

/**
 * The member's own live annotations: private ones (not moved) and, given the participation
 * document, the shared ones they wrote — each once, in page order. Optionally of one file.
 *
 * A private entry marked shared whose shared copy is missing or withdrawn (the two documents change
 * separately; one of the two writes may not have arrived yet) is shown as private rather than lost;
 * a shared copy wins over a private entry with the same id.
 */
export function myAnnotations(
  privateDoc: PrivateDoc,
  participation: ParticipationDoc | null,
  memberId: string,
  options: { fileId?: string } = {},
): MyAnnotationView[] {
  const inScope = (a: AnnotationView) => options.fileId === undefined || a.fileId === options.fileId;
  const shared = participation
    ? allSharedAnnotations(participation).filter((a) => a.memberId === memberId)
    : [];
  const liveShared = new Map(shared.filter(isLiveShared).map((a) => [a.id, a]));
  const sharedById = new Map(shared.map((a) => [a.id, a]));
  const out: MyAnnotationView[] = [];
  for (const a of allPrivateAnnotations(privateDoc)) {
    if (a.deletedAt !== null || liveShared.has(a.id) || !inScope(a)) continue;
    if (a.sharedAt !== null) {
      // Moved. Shown as private only when the participation document says the move did not happen
      // (no shared copy yet) or was undone (withdrawn, not deleted).
      const copy = sharedById.get(a.id);
      if (participation === null || copy?.deletedAt) continue;
    }
    out.push({ ...a, visibility: "private", sharedAt: null });
  }
  for (const a of liveShared.values()) {
    if (inScope(a)) out.push({ ...a, visibility: "shared", sharedAt: a.sharedAt });
  }
  return out.sort(byPosition);
}

/** A shared annotation as everyone sees it, with its author's name and its thread's size. */
export interface SharedAnnotationListItem extends SharedAnnotationView {
  /** "" when the author is not (or no longer) linked to a participant. */
  readonly authorName: string;
  readonly replyCount: number;
}

/** The ids an annotation's thread gathers replies from: itself and the versions it was carried from (same author). */
function lineage(a: SharedAnnotationView, byKey: Map<string, SharedAnnotationView>): string[] {
  const ids = [a.id];
  let current: SharedAnnotationView | undefined = a;
  while (current?.carriedFrom && ids.length < 50) {
    ids.push(current.carriedFrom.annotationId);
    current = byKey.get(entryKey(a.memberId, current.carriedFrom.annotationId));
  }
  return ids;
}

/** Status of a thread's annotation. "unshared": its author took it back. */
export type SharedAnnotationStatus = "live" | "deleted" | "unshared";

/** A shared annotation and its replies (oldest first). */
export interface AnnotationThread {
  readonly annotation: SharedAnnotationListItem;
  readonly status: SharedAnnotationStatus;
  readonly replies: readonly (AnnotationReplyView & { readonly authorName: string })[];
}

/**
 * The threads on shared annotations of the meeting (optionally of one file), in page order. A
 * deleted or withdrawn annotation's content is blanked (text "", no quote) and its thread is kept
 * only while it has live replies ("note deleted"); see the rule in shared-changes.ts.
 *
 * @param meeting for authors' names (null: names "")
 */
export function annotationThreads(
  participation: ParticipationDoc,
  meeting: MeetingDoc | null,
  options: { fileId?: string } = {},
): AnnotationThread[] {
  const people = meeting ? participantNames(meeting) : new Map<string, { fullName: string }>();
  const name = (memberId: string) => people.get(memberId)?.fullName ?? "";
  const annotations = allSharedAnnotations(participation);
  const byKey = new Map(annotations.map((a) => [entryKey(a.memberId, a.id), a]));
  const replies = new Map<string, AnnotationReplyView[]>();
  for (const r of allAnnotationReplies(participation)) {
    if (r.deleted) continue;
    const key = entryKey(r.annotationMemberId, r.annotationId);
    replies.set(key, [...(replies.get(key) ?? []), r]);
  }
  const threads: AnnotationThread[] = [];
  for (const a of annotations) {
    if (options.fileId !== undefined && a.fileId !== options.fileId) continue;
    const status: SharedAnnotationStatus = a.deletedAt ? "deleted" : a.unsharedAt ? "unshared" : "live";
    const own = lineage(a, byKey).flatMap((id) => replies.get(entryKey(a.memberId, id)) ?? []);
    own.sort((x, y) => Date.parse(x.createdAt) - Date.parse(y.createdAt) || cmp(x.id, y.id));
    if (status !== "live" && own.length === 0) continue;
    const shown = status === "live" ? a : { ...a, text: "", quote: null };
    threads.push({
      annotation: { ...shown, authorName: name(a.memberId), replyCount: own.length },
      status,
      replies: own.map((r) => ({ ...r, authorName: name(r.memberId) })),
    });
  }
  return threads.sort((x, y) => byPosition(x.annotation, y.annotation));
}

/** Live shared annotations to draw (optionally of one file), with names and reply counts, in page order. */
export function sharedAnnotations(
  participation: ParticipationDoc,
  meeting: MeetingDoc | null,
  options: { fileId?: string } = {},
): SharedAnnotationListItem[] {
  return annotationThreads(participation, meeting, options)
    .filter((t) => t.status === "live")
    .map((t) => t.annotation);
}

/** Panel filters; every given field must match. */
export interface AnnotationFilter {
  readonly fileId?: string;
  readonly pageIndex?: number;
  readonly kind?: AnnotationKind;
  readonly color?: AnnotationColor;
  /** Author (shared annotations; private ones are the viewer's own). */
  readonly memberId?: string;
}

/** Annotations matching a filter (the panel: by file, page, kind, colour, author). */
export function filterAnnotations<T extends AnnotationView & { readonly memberId?: string }>(
  annotations: readonly T[],
  filter: AnnotationFilter,
): T[] {
  return annotations.filter(
    (a) =>
      (filter.fileId === undefined || a.fileId === filter.fileId) &&
      (filter.pageIndex === undefined || a.pageIndex === filter.pageIndex) &&
      (filter.kind === undefined || a.kind === filter.kind) &&
      (filter.color === undefined || a.color === filter.color) &&
      (filter.memberId === undefined || a.memberId === filter.memberId),
  );
}

/** Counts per colour (for the panel's colour filter chips). */
export function countByColor(
  annotations: readonly AnnotationView[],
): Partial<Record<AnnotationColor, number>> {
  const counts: Partial<Record<AnnotationColor, number>> = {};
  for (const a of annotations) counts[a.color] = (counts[a.color] ?? 0) + 1;
  return counts;
}
