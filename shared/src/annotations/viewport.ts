/**
 * Conversions between PDF user space and viewport space (CSS pixels of the rendered page, origin at
 * its top-left, y down), for any scale, rotation and view box. The math mirrors pdf.js's
 * `PageViewport` (pdfjs-dist 5.6.205, src/display/display_utils.js) line for line, so that a point
 * converted here and by `page.getViewport(…).convertToViewportPoint` agree to the last bit — but it
 * runs without pdf.js objects (in tests, in workers, on the relay).
 */
import {
  applyInverseTransform,
  applyTransform,
  type Matrix,
  normalizeRect,
  type Point,
  type Quad,
  quadFromCorners,
  type Rect,
  transformQuad,
} from "./geometry.ts";

/**
 * CSS pixels per PDF point: pdf.js's viewer shows "100 %" as `scale = zoom × PDF_TO_CSS_UNITS`
 * (96 dpi CSS pixels over 72 dpi points; pdf.js `PixelsPerInch.PDF_TO_CSS_UNITS`).
 */
export const PDF_TO_CSS_UNITS = 96 / 72;

/** A rotation of the page on screen, clockwise, in degrees. */
export type Rotation = 0 | 90 | 180 | 270;

/** What a page says about its own geometry (pdf.js `PDFPageProxy`: `view`, `rotate`, `userUnit`). */
export interface PageBox {
  /**
   * The visible area in user space, `[x1, y1, x2, y2]`: the CropBox clipped to the MediaBox (pdf.js
   * `page.view`). Its origin need not be (0, 0).
   */
  readonly view: Rect;
  /** The page's own /Rotate (a multiple of 90, clockwise). */
  readonly rotate: number;
  /** /UserUnit: size of one user-space unit in points (default 1, ISO 32000-1 §14.11.2.1). */
  readonly userUnit?: number;
}

/** Input of {@link createViewport}: exactly what pdf.js's `PageViewport` constructor takes. */
export interface ViewportParameters {
  readonly viewBox: Rect;
  readonly userUnit?: number;
  /** CSS pixels per user-space unit (before `userUnit`). */
  readonly scale: number;
  /** Total rotation, clockwise degrees, any multiple of 90 (negative and ≥ 360 allowed). */
  readonly rotation: number;
  readonly offsetX?: number;
  readonly offsetY?: number;
  /** Keep y up (pdf.js `dontFlip`; not used for display). */
  readonly dontFlip?: boolean;
}

/** A page as laid out on screen: user space → CSS pixels. Plain data, safe to copy. */
export interface Viewport {
  readonly viewBox: Rect;
  readonly userUnit: number;
  readonly scale: number;
  /** Total rotation, normalised to 0, 90, 180 or 270. */
  readonly rotation: Rotation;
  readonly offsetX: number;
  readonly offsetY: number;
  /** User space → viewport (pdf.js `viewport.transform`). */
  readonly transform: Matrix;
  /** Size of the rendered page in CSS pixels. */
  readonly width: number;
  readonly height: number;
}

/**
 * Normalises a rotation to 0, 90, 180 or 270 as pdf.js does (`rotation % 360`, plus 360 if negative).
 * @throws RangeError when it is not a multiple of 90
 */
export function normalizeRotation(rotation: number): Rotation {
  let r = rotation % 360;
  if (r < 0) r += 360;
  if (r !== 0 && r !== 90 && r !== 180 && r !== 270) {
    throw new RangeError(`rotation must be a multiple of 90 degrees, got ${rotation}`);
  }
  return r;
}

/**
 * The viewport for the given parameters — pdf.js `new PageViewport(params)`.
 * @throws RangeError for a rotation that is not a multiple of 90, or a scale that is not positive
 */
export function createViewport(params: ViewportParameters): Viewport {
  const { viewBox, userUnit = 1, offsetX = 0, offsetY = 0, dontFlip = false } = params;
  if (!(params.scale > 0) || !(userUnit > 0)) throw new RangeError("scale and userUnit must be positive");
  const rotation = normalizeRotation(params.rotation);
  const scale = params.scale * userUnit;
  const centerX = (viewBox[2] + viewBox[0]) / 2;
  const centerY = (viewBox[3] + viewBox[1]) / 2;
  let [rotateA, rotateB, rotateC, rotateD] = ROTATE[rotation];
  if (dontFlip) {
    rotateC = -rotateC;
    rotateD = -rotateD;
  }
  let offsetCanvasX: number;
  let offsetCanvasY: number;
  let width: number;
  let height: number;
  if (rotateA === 0) {
    offsetCanvasX = Math.abs(centerY - viewBox[1]) * scale + offsetX;
    offsetCanvasY = Math.abs(centerX - viewBox[0]) * scale + offsetY;
    width = (viewBox[3] - viewBox[1]) * scale;
    height = (viewBox[2] - viewBox[0]) * scale;
  } else {
    offsetCanvasX = Math.abs(centerX - viewBox[0]) * scale + offsetX;
    offsetCanvasY = Math.abs(centerY - viewBox[1]) * scale + offsetY;
    width = (viewBox[2] - viewBox[0]) * scale;
    height = (viewBox[3] - viewBox[1]) * scale;
  }
  const transform: Matrix = [
    rotateA * scale,
    rotateB * scale,
    rotateC * scale,
    rotateD * scale,
    offsetCanvasX - rotateA * scale * centerX - rotateC * scale * centerY,
    offsetCanvasY - rotateB * scale * centerX - rotateD * scale * centerY,
  ];
  return {
    viewBox: [viewBox[0], viewBox[1], viewBox[2], viewBox[3]],
    userUnit,
    scale: params.scale,
    rotation,
    offsetX,
    offsetY,
    transform,
    width,
    height,
  };
}

/** pdf.js's rotation matrices (a, b, c, d) per normalised rotation, with y flipped. */
const ROTATE: Record<Rotation, readonly [number, number, number, number]> = {
  0: [1, 0, 0, -1],
  90: [0, 1, 1, 0],
  180: [-1, 0, 0, 1],
  270: [0, -1, -1, 0],
};

/** The page's own /Rotate plus the reader's extra rotation, normalised (what the viewer passes to pdf.js). */
export function totalRotation(pageRotate: number, extraRotation = 0): Rotation {
  return normalizeRotation(pageRotate + extraRotation);
}

/**
 * The viewport of a page as the viewer shows it: `scale` CSS pixels per point (use
 * `zoom × PDF_TO_CSS_UNITS` for pdf.js's notion of zoom), turned by the page's /Rotate plus the
 * reader's `extraRotation` — pdf.js `page.getViewport({scale, rotation: page.rotate + extraRotation})`.
 */
export function pageViewport(
  page: PageBox,
  options: { scale: number; extraRotation?: number; offsetX?: number; offsetY?: number },
): Viewport {
  return createViewport({
    viewBox: page.view,
    userUnit: page.userUnit ?? 1,
    scale: options.scale,
    rotation: totalRotation(page.rotate, options.extraRotation ?? 0),
    offsetX: options.offsetX ?? 0,
    offsetY: options.offsetY ?? 0,
  });
}

/** User space → viewport (pdf.js `viewport.convertToViewportPoint`). */
export function toViewportPoint(viewport: Viewport, p: Point): Point {
  return applyTransform(viewport.transform, p);
}

/** Viewport → user space (pdf.js `viewport.convertToPdfPoint`). */
export function toPdfPoint(viewport: Viewport, p: Point): Point {
  return applyInverseTransform(viewport.transform, p);
}

/** A user-space rectangle as a normalised viewport rectangle `[left, top, right, bottom]`. */
export function toViewportRect(viewport: Viewport, r: Rect): Rect {
  const a = toViewportPoint(viewport, [r[0], r[1]]);
  const b = toViewportPoint(viewport, [r[2], r[3]]);
  return normalizeRect([a[0], a[1], b[0], b[1]]);
}

/** A viewport rectangle (any corner order) as a normalised user-space rectangle. */
export function toPdfRect(viewport: Viewport, r: Rect): Rect {
  const a = toPdfPoint(viewport, [r[0], r[1]]);
  const b = toPdfPoint(viewport, [r[2], r[3]]);
  return normalizeRect([a[0], a[1], b[0], b[1]]);
}

/** A user-space quad in viewport coordinates (corners keep their roles). */
export function quadToViewport(viewport: Viewport, q: Quad): Quad {
  return transformQuad(viewport.transform, q);
}

/** A viewport quad in user space. */
export function quadToPdf(viewport: Viewport, q: Quad): Quad {
  const t = viewport.transform;
  const c = (x: number, y: number) => applyInverseTransform(t, [x, y]);
  return quadFromCorners(c(q[0], q[1]), c(q[2], q[3]), c(q[4], q[5]), c(q[6], q[7]));
}

/** User-space units per CSS pixel: turns a tolerance in pixels into one for hit testing in user space. */
export function pdfUnitsPerPixel(viewport: Viewport): number {
  return 1 / (viewport.scale * viewport.userUnit);
}

/** A rectangle in CSS pixels relative to the page's top-left, as a DOMRect gives it. */
export interface ViewportBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The user-space quad of a screen rectangle (one rectangle of a text-layer selection): its corners
 * as the reader sees them (top-left → UL …), so text that reads upright on screen gets the usual
 * quad whatever the rotation.
 */
export function quadFromViewportBox(viewport: Viewport, box: ViewportBox): Quad {
  const left = box.x;
  const top = box.y;
  const right = box.x + box.width;
  const bottom = box.y + box.height;
  const c = (x: number, y: number) => toPdfPoint(viewport, [x, y]);
  return quadFromCorners(c(left, top), c(right, top), c(left, bottom), c(right, bottom));
}

/**
 * The quads of a text selection: `range.getClientRects()` of a selection in pdf.js's text layer,
 * made relative to the page's top-left (subtract the page element's `getBoundingClientRect()`).
 *
 * Browsers report one rectangle per text span and line, often overlapping and with empty ones at
 * line ends; so rectangles smaller than `minSize` pixels are dropped, those inside another are
 * dropped, and those on one line (vertical overlap ≥ half the smaller height) that touch or nearly
 * touch (gap ≤ `joinGap` × height) are joined. Then each becomes a quad in user space.
 */
export function quadsFromSelectionBoxes(
  viewport: Viewport,
  boxes: Iterable<ViewportBox>,
  options: { minSize?: number; joinGap?: number } = {},
): Quad[] {
  const minSize = options.minSize ?? 0.5;
  const joinGap = options.joinGap ?? 0.3;
  const rects = [...boxes]
    .filter((b) => b.width >= minSize && b.height >= minSize)
    .map((b): Rect => [b.x, b.y, b.x + b.width, b.y + b.height]);
  const eps = 0.5;
  const kept = rects.filter(
    (r, i) =>
      !rects.some(
        (o, j) =>
          j !== i &&
          o[0] - eps <= r[0] &&
          o[1] - eps <= r[1] &&
          o[2] + eps >= r[2] &&
          o[3] + eps >= r[3] &&
          // Of two equal rectangles keep the first.
          !(
            j > i &&
            Math.abs(o[0] - r[0]) + Math.abs(o[1] - r[1]) + Math.abs(o[2] - r[2]) + Math.abs(o[3] - r[3]) <=
              4 * eps
          ),
      ),
  );
  // Group into lines (vertical overlap of at least half the smaller height), then join along each line.
  const lines: Rect[][] = [];
  for (const r of kept.sort((a, b) => a[1] + a[3] - (b[1] + b[3]))) {
    const line = lines.find((l) => {
      const top = Math.min(...l.map((o) => o[1]));
      const bottom = Math.max(...l.map((o) => o[3]));
      return Math.min(bottom, r[3]) - Math.max(top, r[1]) >= Math.min(bottom - top, r[3] - r[1]) / 2;
    });
    if (line) line.push(r);
    else lines.push([r]);
  }
  const joined: Rect[] = [];
  for (const line of lines) {
    line.sort((a, b) => a[0] - b[0]);
    let current = line[0]!;
    for (const r of line.slice(1)) {
      const height = Math.min(current[3] - current[1], r[3] - r[1]);
      if (r[0] - current[2] <= joinGap * height) {
        current = [
          current[0],
          Math.min(current[1], r[1]),
          Math.max(current[2], r[2]),
          Math.max(current[3], r[3]),
        ];
      } else {
        joined.push(current);
        current = r;
      }
    }
    joined.push(current);
  }
  return joined.map((r) =>
    quadFromViewportBox(viewport, { x: r[0], y: r[1], width: r[2] - r[0], height: r[3] - r[1] }),
  );
}
