import { describe, expect, it } from "vitest";
import { PDF_TO_CSS_UNITS } from "../../../../shared/src/annotations/viewport.ts";
import {
  currentPageAt,
  MAX_CANVAS_PIXELS,
  outputScaleFor,
  pagesNear,
  percentOf,
  scaleFor,
  stepZoom,
} from "./layout.ts";

const A4 = { width: 595, height: 842 };

describe("zoom", () => {
  it("fits the width, the whole page, or a percentage of actual size", () => {
    expect(scaleFor({ kind: "fit-width" }, A4, { width: 1190, height: 600 })).toBeCloseTo(2);
    expect(scaleFor({ kind: "fit-page" }, A4, { width: 1190, height: 842 })).toBeCloseTo(1);
    expect(scaleFor({ kind: "percent", percent: 100 }, A4, { width: 10, height: 10 })).toBeCloseTo(
      PDF_TO_CSS_UNITS,
    );
    expect(percentOf(PDF_TO_CSS_UNITS * 1.5)).toBe(150);
  });

  it("steps through the zoom levels and stays within bounds", () => {
    expect(stepZoom(100, 1)).toBe(110);
    expect(stepZoom(100, -1)).toBe(90);
    expect(stepZoom(104, -1)).toBe(100);
    expect(stepZoom(400, 1)).toBe(500);
    expect(stepZoom(25, -1)).toBe(10);
  });
});

describe("canvas size on mobile", () => {
  it("keeps the device pixel ratio while the canvas is small", () => {
    expect(outputScaleFor(800, 1100, 2)).toBe(2);
  });

  it("lowers the resolution of a huge page to stay under 16.7 M pixels", () => {
    // Fixture issue14497.pdf: an A0 plan (3370 × 2384 pt) at 400 % on a 2× tablet.
    const w = 3370 * PDF_TO_CSS_UNITS * 4;
    const h = 2384 * PDF_TO_CSS_UNITS * 4;
    const ratio = outputScaleFor(w, h, 2);
    expect(ratio).toBeLessThan(1);
    expect(Math.floor(w * ratio) * Math.floor(h * ratio)).toBeLessThanOrEqual(MAX_CANVAS_PIXELS);
    expect(Math.max(w, h) * ratio).toBeLessThanOrEqual(32_767);
  });
});

describe("virtualisation", () => {
  const heights = Array.from({ length: 100 }, () => 1000);
  const offsets = heights.map((_, i) => 16 + i * 1016);

  it("renders only the pages near the visible band", () => {
    expect(pagesNear(offsets, heights, 0, 800, 0)).toEqual([1]);
    expect(pagesNear(offsets, heights, 50_000, 800, 800)).toEqual([49, 50, 51]);
    expect(pagesNear(offsets, heights, 200_000, 800, 800)).toEqual([]);
  });

  it("knows the current page", () => {
    expect(currentPageAt(offsets, 0, 800)).toBe(1);
    expect(currentPageAt(offsets, 16 + 9 * 1016, 800)).toBe(10);
    expect(currentPageAt([], 0, 800)).toBe(1);
  });
});
