/**
 * Pure layout arithmetic of the PDF viewer: zoom modes to scales, canvas sizes under mobile limits,
 * which pages are near the viewport. No DOM, unit-tested.
 */
import { PDF_TO_CSS_UNITS } from "../../../../shared/src/annotations/viewport.ts";

/** How the reader zoomed: to the container's width, to a whole page, or a percentage (100 = actual size). */
export type ZoomMode =
  | { readonly kind: "fit-width" }
  | { readonly kind: "fit-page" }
  | { readonly kind: "percent"; readonly percent: number };

/** Zoom percentages the +/- buttons and keys step through. */
export const ZOOM_STEPS = [25, 33, 50, 67, 75, 90, 100, 110, 125, 150, 175, 200, 250, 300, 400] as const;
export const MIN_ZOOM_PERCENT = 10;
export const MAX_ZOOM_PERCENT = 500;

/**
 * Largest canvas we allocate, in device pixels: iOS Safari refuses canvases above 16,777,216 pixels
 * (4096 × 4096), and big canvases are what exhausts a tablet's memory. A page that would need more is
 * rendered at a lower resolution (slightly blurry when zoomed far in) instead of failing.
 */
export const MAX_CANVAS_PIXELS = 16_777_216;
/** Largest canvas side most browsers accept. */
export const MAX_CANVAS_SIDE = 32_767;

/** Size in PDF points of a page as displayed (after its /Rotate and the reader's rotation). */
export interface PageSize {
  readonly width: number;
  readonly height: number;
}

/**
 * CSS pixels per PDF point for a zoom mode. `available` is the room for one page in CSS pixels
 * (container minus padding); `page` is the reference page's displayed size in points.
 */
export function scaleFor(
  zoom: ZoomMode,
  page: PageSize,
  available: { width: number; height: number },
): number {
  if (zoom.kind === "percent") return (clampPercent(zoom.percent) / 100) * PDF_TO_CSS_UNITS;
  const byWidth = Math.max(available.width, 50) / page.width;
  if (zoom.kind === "fit-width") return byWidth;
  return Math.min(byWidth, Math.max(available.height, 50) / page.height);
}

/** The zoom percentage a scale corresponds to (what the zoom box shows), rounded. */
export function percentOf(scale: number): number {
  return Math.round((scale / PDF_TO_CSS_UNITS) * 100);
}

export function clampPercent(percent: number): number {
  return Math.min(MAX_ZOOM_PERCENT, Math.max(MIN_ZOOM_PERCENT, percent));
}

/** The next zoom step above (`+1`) or below (`-1`) the current percentage. */
export function stepZoom(currentPercent: number, direction: 1 | -1): number {
  if (direction > 0) return ZOOM_STEPS.find((s) => s > currentPercent + 0.5) ?? MAX_ZOOM_PERCENT;
  return [...ZOOM_STEPS].reverse().find((s) => s < currentPercent - 0.5) ?? MIN_ZOOM_PERCENT;
}

/**
 * Device pixels per CSS pixel to render a canvas of `cssWidth` × `cssHeight` with: the screen's
 * `devicePixelRatio`, lowered so the canvas stays within {@link MAX_CANVAS_PIXELS} and
 * {@link MAX_CANVAS_SIDE} (fixture issue14497.pdf is an A0 plan: at 400 % it would need ~250 M pixels).
 */
export function outputScaleFor(
  cssWidth: number,
  cssHeight: number,
  devicePixelRatio: number,
  maxPixels: number = MAX_CANVAS_PIXELS,
): number {
  let ratio = devicePixelRatio > 0 ? devicePixelRatio : 1;
  const area = cssWidth * cssHeight;
  if (area * ratio * ratio > maxPixels) ratio = Math.sqrt(maxPixels / area);
  const side = Math.max(cssWidth, cssHeight);
  if (side * ratio > MAX_CANVAS_SIDE) ratio = MAX_CANVAS_SIDE / side;
  return ratio;
}

/**
 * Pages (1-based, ascending) whose boxes come within `margin` CSS pixels of the visible band
 * [`top`, `top + height`] of the scroll container. `offsets[i]` is the top of page i + 1 and
 * `heights[i]` its height. Binary search: fine for documents of thousands of pages.
 */
export function pagesNear(
  offsets: readonly number[],
  heights: readonly number[],
  top: number,
  height: number,
  margin: number,
): number[] {
  const from = top - margin;
  const to = top + height + margin;
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid]! + heights[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  const pages: number[] = [];
  for (let i = lo; i < offsets.length && offsets[i]! <= to; i++) pages.push(i + 1);
  return pages;
}

/** The page (1-based) that holds the middle of the visible band, or the nearest one. */
export function currentPageAt(offsets: readonly number[], top: number, height: number): number {
  if (offsets.length === 0) return 1;
  const probe = top + Math.min(height / 3, 200);
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= probe) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
