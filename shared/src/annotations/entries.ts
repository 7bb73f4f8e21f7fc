/** Conversions between annotation entries as stored and plain views; container access. */
import type { ParticipationDoc } from "../participation/participation.ts";
import type { PrivateDoc } from "../private/private.ts";
import { imm } from "../schema/immutable.ts";
import type { Point, Quad, Rect } from "./geometry.ts";
import { normalizeRect } from "./geometry.ts";
import type { TextQuote } from "./quote.ts";
import type { PlainAnnotationEntry, PlainSharedAnnotationEntry } from "./schemas.ts";
import {
  type AnnotationGeometry,
  AnnotationKind,
  type AnnotationView,
  type GeometryEntry,
  type PrivateAnnotationEntry,
  type PrivateAnnotationView,
  type QuoteEntry,
  type SharedAnnotationsEntry,
  type SharedAnnotationView,
} from "./types.ts";

/** The private document's `annotations` container, typed. */
export function privateAnnotationsOf(doc: PrivateDoc): Record<string, PrivateAnnotationEntry> {
  return doc.annotations as unknown as Record<string, PrivateAnnotationEntry>;
}

/** The participation document's `sharedAnnotations` container, typed. */
export function sharedAnnotationsOf(doc: ParticipationDoc): Record<string, SharedAnnotationsEntry> {
  return doc.sharedAnnotations as unknown as Record<string, SharedAnnotationsEntry>;
}

/**
 * Coordinates are stored to 1/1000 of a unit (0.35 µm on paper): far below what anyone can see, and
 * it keeps documents with thousands of annotations small.
 */
export function roundCoordinate(value: number): number {
  return Math.round(value * 1000) / 1000 || 0;
}

/** Geometry as stored (rounded, rectangles normalised, no kind). */
export function geometryToEntry(g: AnnotationGeometry): GeometryEntry {
  const round = (values: readonly number[]) => values.map(roundCoordinate);
  switch (g.kind) {
    case AnnotationKind.TextHighlight:
      return { quads: g.quads.map((q) => round(q)) };
    case AnnotationKind.AreaHighlight:
      return { rect: round(normalizeRect(g.rect)) };
    case AnnotationKind.Note:
      return { point: round(g.point) };
    case AnnotationKind.Ink:
      return {
        strokes: g.strokes.map((s) => ({
          points: round(s.points),
          pressures: s.pressures === null ? null : round(s.pressures),
        })),
        thickness: roundCoordinate(g.thickness),
      };
  }
}

/** Geometry of a parsed entry (the schema guarantees the kind's fields are there). */
export function geometryFromEntry(
  kind: AnnotationKind,
  g: PlainAnnotationEntry["geometry"],
): AnnotationGeometry {
  switch (kind) {
    case AnnotationKind.TextHighlight:
      return { kind, quads: g.quads as Quad[] };
    case AnnotationKind.AreaHighlight:
      return { kind, rect: g.rect as Rect };
    case AnnotationKind.Note:
      return { kind, point: g.point as Point };
    case AnnotationKind.Ink:
      return { kind, strokes: g.strokes ?? [], thickness: g.thickness ?? 1 };
  }
}

export function quoteToEntry(q: TextQuote): QuoteEntry {
  return { exact: imm(q.exact), prefix: imm(q.prefix), suffix: imm(q.suffix) };
}

function baseView(e: PlainAnnotationEntry | PlainSharedAnnotationEntry): AnnotationView {
  return {
    id: e.id,
    kind: e.kind,
    meetingId: e.meetingId,
    fileId: e.fileId,
    pageIndex: e.pageIndex,
    color: e.color,
    geometry: geometryFromEntry(e.kind, e.geometry),
    quote: e.quote,
    text: e.text,
    carriedFrom: e.carriedFrom,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    deletedAt: e.deletedAt,
  };
}

export function privateView(e: PlainAnnotationEntry): PrivateAnnotationView {
  return { ...baseView(e), sharedAt: e.sharedAt };
}

export function sharedView(e: PlainSharedAnnotationEntry): SharedAnnotationView {
  return { ...baseView(e), memberId: e.memberId, sharedAt: e.sharedAt, unsharedAt: e.unsharedAt };
}
