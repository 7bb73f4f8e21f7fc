/**
 * Plane geometry of annotations in PDF user space (ISO 32000-1 §8.3.2.3: origin at the page's
 * bottom-left as the content stream sees it, y up, 1 unit = 1/72 inch × UserUnit). Nothing here knows
 * about screens; viewport.ts converts to and from CSS pixels.
 */

/** A point `[x, y]`. */
export type Point = readonly [x: number, y: number];

/**
 * A rectangle `[x1, y1, x2, y2]`. Normalised (as pdf.js `Util.normalizeRect`) when x1 ≤ x2 and
 * y1 ≤ y2; every rectangle this module returns is.
 */
export type Rect = readonly [x1: number, y1: number, x2: number, y2: number];

/**
 * A quadrilateral as 8 numbers in the de-facto QuadPoints order pdf.js and Acrobat use (ISO 32000-1
 * §12.5.6.10 is ambiguous; see pdf.js `getQuadPoints`): upper-left, upper-right, lower-left,
 * lower-right, where "upper" and "left" are as the text reads (the quad of rotated text is rotated).
 */
export type Quad = readonly [
  ulx: number,
  uly: number,
  urx: number,
  ury: number,
  llx: number,
  lly: number,
  lrx: number,
  lry: number,
];

/** An affine transform `[a, b, c, d, e, f]`: (x, y) → (a·x + c·y + e, b·x + d·y + f), as in PDF and pdf.js. */
export type Matrix = readonly [a: number, b: number, c: number, d: number, e: number, f: number];

/** Applies a transform to a point (pdf.js `Util.applyTransform`). */
export function applyTransform(m: Matrix, p: Point): Point {
  return [p[0] * m[0] + p[1] * m[2] + m[4], p[0] * m[1] + p[1] * m[3] + m[5]];
}

/**
 * Applies the inverse of a transform to a point, with pdf.js `Util.applyInverseTransform`'s formula
 * (so results agree with `viewport.convertToPdfPoint` to the last bit).
 * @throws RangeError for a singular transform
 */
export function applyInverseTransform(m: Matrix, p: Point): Point {
  const det = m[0] * m[3] - m[1] * m[2];
  if (det === 0) throw new RangeError("singular transform");
  return [
    (p[0] * m[3] - p[1] * m[2] + m[2] * m[5] - m[4] * m[3]) / det,
    (-p[0] * m[1] + p[1] * m[0] + m[4] * m[1] - m[5] * m[0]) / det,
  ];
}

/** `m1 × m2`: first `m2`, then `m1` (pdf.js `Util.transform`). */
export function multiplyTransforms(m1: Matrix, m2: Matrix): Matrix {
  return [
    m1[0] * m2[0] + m1[2] * m2[1],
    m1[1] * m2[0] + m1[3] * m2[1],
    m1[0] * m2[2] + m1[2] * m2[3],
    m1[1] * m2[2] + m1[3] * m2[3],
    m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
    m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
  ];
}

/** The rectangle with its corners ordered so that x1 ≤ x2 and y1 ≤ y2 (pdf.js `Util.normalizeRect`). */
export function normalizeRect(r: Rect): Rect {
  return [Math.min(r[0], r[2]), Math.min(r[1], r[3]), Math.max(r[0], r[2]), Math.max(r[1], r[3])];
}

/** The normalised rectangle spanned by two opposite corners (a drag from `a` to `b`). */
export function rectFromPoints(a: Point, b: Point): Rect {
  return normalizeRect([a[0], a[1], b[0], b[1]]);
}

/** The smallest rectangle holding every point; null for none. */
export function boundsOfPoints(points: Iterable<Point>): Rect | null {
  let x1 = Number.POSITIVE_INFINITY;
  let y1 = Number.POSITIVE_INFINITY;
  let x2 = Number.NEGATIVE_INFINITY;
  let y2 = Number.NEGATIVE_INFINITY;
  for (const [x, y] of points) {
    if (x < x1) x1 = x;
    if (y < y1) y1 = y;
    if (x > x2) x2 = x;
    if (y > y2) y2 = y;
  }
  return x1 <= x2 ? [x1, y1, x2, y2] : null;
}

/** The smallest rectangle holding all of them; null for none. */
export function unionRects(rects: Iterable<Rect>): Rect | null {
  const corners: Point[] = [];
  for (const r of rects) corners.push([r[0], r[1]], [r[2], r[3]]);
  return boundsOfPoints(corners);
}

/** Width and height of a rectangle (normalised or not). */
export function rectSize(r: Rect): { width: number; height: number } {
  return { width: Math.abs(r[2] - r[0]), height: Math.abs(r[3] - r[1]) };
}

/** The four corners of a quad, in order UL, UR, LL, LR. */
export function quadCorners(q: Quad): [Point, Point, Point, Point] {
  return [
    [q[0], q[1]],
    [q[2], q[3]],
    [q[4], q[5]],
    [q[6], q[7]],
  ];
}

/** Builds a quad from its corners UL, UR, LL, LR. */
export function quadFromCorners(ul: Point, ur: Point, ll: Point, lr: Point): Quad {
  return [ul[0], ul[1], ur[0], ur[1], ll[0], ll[1], lr[0], lr[1]];
}

/** The quad of an upright rectangle in y-up space (PDF user space): UL = (x1, y2) … LR = (x2, y1). */
export function rectToQuad(r: Rect): Quad {
  const [x1, y1, x2, y2] = normalizeRect(r);
  return [x1, y2, x2, y2, x1, y1, x2, y1];
}

/** The bounding rectangle of a quad. */
export function quadBounds(q: Quad): Rect {
  return boundsOfPoints(quadCorners(q))!;
}

/** Applies a transform to every corner of a quad (the order of corners is kept). */
export function transformQuad(m: Matrix, q: Quad): Quad {
  const [ul, ur, ll, lr] = quadCorners(q).map((p) => applyTransform(m, p)) as [Point, Point, Point, Point];
  return quadFromCorners(ul, ur, ll, lr);
}

/** True when the point lies in the rectangle grown by `tolerance` on every side. */
export function pointInRect(r: Rect, p: Point, tolerance = 0): boolean {
  const [x1, y1, x2, y2] = normalizeRect(r);
  return p[0] >= x1 - tolerance && p[0] <= x2 + tolerance && p[1] >= y1 - tolerance && p[1] <= y2 + tolerance;
}

/** Distance from `p` to the segment `a`–`b`. */
export function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/**
 * True when `p` lies inside the quad or within `tolerance` of its edges. Works for quads of any
 * rotation and either winding (the quad is read as the polygon UL → UR → LR → LL).
 */
export function pointInQuad(q: Quad, p: Point, tolerance = 0): boolean {
  const [ul, ur, ll, lr] = quadCorners(q);
  const polygon = [ul, ur, lr, ll];
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  if (inside || tolerance <= 0) return inside;
  return polygon.some((a, i) => distanceToSegment(p, a, polygon[(i + 1) % polygon.length]!) <= tolerance);
}

/**
 * Distance from `p` to a polyline given as flat coordinates `[x0, y0, x1, y1, …]`; a single point is
 * a dot. Infinity for no points.
 */
export function distanceToPolyline(points: readonly number[], p: Point): number {
  if (points.length < 2) return Number.POSITIVE_INFINITY;
  if (points.length < 4) return Math.hypot(p[0] - points[0]!, p[1] - points[1]!);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i + 3 < points.length; i += 2) {
    const d = distanceToSegment(p, [points[i]!, points[i + 1]!], [points[i + 2]!, points[i + 3]!]);
    if (d < best) best = d;
  }
  return best;
}
