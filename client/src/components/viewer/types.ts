/**
 * What the PDF viewer offers to what is built on it (annotations, issue 5): a per-page overlay slot and
 * text selections in PDF user space. Coordinates follow shared/src/annotations (geometry.ts,
 * viewport.ts): PDF user space is the page's own coordinate system (points, origin bottom-left, y up,
 * before the page's /Rotate); overlay space is CSS pixels from the top-left corner of the page as shown
 * (after rotation and zoom), y down.
 */
import type { JSX } from "solid-js";
import type { Point, Quad } from "../../../../shared/src/annotations/geometry.ts";
import type { Viewport } from "../../../../shared/src/annotations/viewport.ts";

/** pdf.js's PageViewport, as `page.getViewport({ scale, rotation })` returns it. */
export type PdfJsViewport = import("pdfjs-dist").PageViewport;

/**
 * Given to `renderPageOverlay` for each page near the viewport, again whenever zoom or rotation
 * changes (the overlay is re-created then).
 */
export interface PageOverlayContext {
  /** 1-based page number. */
  readonly pageNumber: number;
  /** pdf.js's viewport of the page at the current scale and rotation. */
  readonly viewport: PdfJsViewport;
  /** The same viewport as plain data (shared/src/annotations/viewport.ts), for its converters. */
  readonly geometry: Viewport;
  /** Size of the page (and of the overlay element) in CSS pixels. */
  readonly cssWidth: number;
  readonly cssHeight: number;
  /** CSS pixels per PDF point (zoom × 96/72). */
  readonly scale: number;
  /** Total rotation on screen: the page's /Rotate plus the reader's, clockwise degrees. */
  readonly rotation: 0 | 90 | 180 | 270;
  /** PDF user space → overlay CSS pixels (top-left origin of the page as shown). */
  toOverlay(point: Point): Point;
  /** Overlay CSS pixels → PDF user space. */
  toPdf(point: Point): Point;
}

/** A text selection inside one page of the viewer. */
export interface TextSelection {
  /** 1-based page number where the selection starts (a selection is clipped to that page). */
  readonly pageNumber: number;
  /** The selected text as the browser reports it (NFC-normalised). */
  readonly text: string;
  /**
   * One quad per line of the selection, in PDF user space: corners UL, UR, LL, LR as the reader sees
   * them (shared/src/annotations/geometry.ts `Quad`, the PDF QuadPoints order).
   */
  readonly quads: readonly Quad[];
}

export type PageOverlayRenderer = (ctx: PageOverlayContext) => JSX.Element;
