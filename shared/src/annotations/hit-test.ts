/** Bounds and hit testing of annotation geometry, in PDF user space. */
import {
  boundsOfPoints,
  distanceToPolyline,
  type Point,
  pointInQuad,
  pointInRect,
  quadBounds,
  type Rect,
  unionRects,
} from "./geometry.ts";
import { type AnnotationGeometry, AnnotationKind } from "./types.ts";

export interface HitTestOptions {
  /** Slack around shapes, in user-space units (a finger is ~ 8 CSS px: `8 × pdfUnitsPerPixel(viewport)`). */
  readonly tolerance: number;
  /**
   * Half the side of a note's icon, in user-space units. Icons keep their size on screen whatever the
   * zoom, so pass `iconPx / 2 × pdfUnitsPerPixel(viewport)`.
   */
  readonly noteRadius: number;
}

/** The user-space bounding rectangle of a geometry (ink grown by half its thickness; a note is a point). */
export function geometryBounds(g: AnnotationGeometry): Rect {
  switch (g.kind) {
    case AnnotationKind.TextHighlight:
      return unionRects(g.quads.map(quadBounds)) ?? [0, 0, 0, 0];
    case AnnotationKind.AreaHighlight:
      return g.rect;
    case AnnotationKind.Note:
      return [g.point[0], g.point[1], g.point[0], g.point[1]];
    case AnnotationKind.Ink: {
      const points: Point[] = [];
      for (const s of g.strokes)
        for (let i = 0; i + 1 < s.points.length; i += 2) points.push([s.points[i]!, s.points[i + 1]!]);
      const b = boundsOfPoints(points) ?? [0, 0, 0, 0];
      const half = g.thickness / 2;
      return [b[0] - half, b[1] - half, b[2] + half, b[3] + half];
    }
  }
}

/** Whether a user-space point touches the geometry. */
export function hitsGeometry(g: AnnotationGeometry, p: Point, options: HitTestOptions): boolean {
  const { tolerance } = options;
  switch (g.kind) {
    case AnnotationKind.TextHighlight:
      return g.quads.some((q) => pointInQuad(q, p, tolerance));
    case AnnotationKind.AreaHighlight:
      return pointInRect(g.rect, p, tolerance);
    case AnnotationKind.Note:
      // A square around the centre: the icon is drawn upright on screen whatever the rotation, and a
      // square turned by a quarter is the same square.
      return (
        Math.abs(p[0] - g.point[0]) <= options.noteRadius + tolerance &&
        Math.abs(p[1] - g.point[1]) <= options.noteRadius + tolerance
      );
    case AnnotationKind.Ink:
      return g.strokes.some((s) => distanceToPolyline(s.points, p) <= g.thickness / 2 + tolerance);
  }
}

/**
 * The topmost annotation on `pageIndex` under a user-space point, or null. Later entries are drawn
 * above earlier ones, and notes above everything (their icons sit on top), so they win.
 */
export function hitTest<T extends { readonly pageIndex: number; readonly geometry: AnnotationGeometry }>(
  annotations: readonly T[],
  pageIndex: number,
  p: Point,
  options: HitTestOptions,
): T | null {
  let best: T | null = null;
  for (const a of annotations) {
    if (a.pageIndex !== pageIndex || !hitsGeometry(a.geometry, p, options)) continue;
    if (
      best === null ||
      a.geometry.kind === AnnotationKind.Note ||
      best.geometry.kind !== AnnotationKind.Note
    ) {
      best = a;
    }
  }
  return best;
}
