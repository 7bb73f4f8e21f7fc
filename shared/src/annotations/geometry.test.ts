import { describe, expect, it } from "vitest";
import {
  applyInverseTransform,
  applyTransform,
  distanceToPolyline,
  type Matrix,
  multiplyTransforms,
  normalizeRect,
  pointInQuad,
  pointInRect,
  type Quad,
  quadBounds,
  rectFromPoints,
  rectToQuad,
  unionRects,
} from "./geometry.ts";
import { geometryBounds, hitsGeometry } from "./hit-test.ts";

describe("rectangles and quads", () => {
  it("normalises rectangles as pdf.js does, from a drag in any direction", () => {
    expect(normalizeRect([300, 400, 100, 200])).toEqual([100, 200, 300, 400]);
    expect(rectFromPoints([50, 10], [20, 80])).toEqual([20, 10, 50, 80]);
    expect(
      unionRects([
        [0, 0, 1, 1],
        [5, -2, 6, 0.5],
      ]),
    ).toEqual([0, -2, 6, 1]);
    expect(unionRects([])).toBeNull();
  });

  it("turns an upright rectangle into a quad in QuadPoints order and back", () => {
    const q = rectToQuad([10, 20, 110, 32]);
    expect(q).toEqual([10, 32, 110, 32, 10, 20, 110, 20]);
    expect(quadBounds(q)).toEqual([10, 20, 110, 32]);
  });

  it("hit-tests a rotated quad with and without tolerance", () => {
    // A line of text running up the page (rotation.pdf p2), 12 units tall, from (100, 72) to (100, 342).
    const q: Quad = [89.2, 72, 89.2, 342, 101.2, 72, 101.2, 342];
    expect(pointInQuad(q, [95, 200])).toBe(true);
    expect(pointInQuad(q, [103, 200])).toBe(false);
    expect(pointInQuad(q, [103, 200], 2)).toBe(true);
    expect(pointInRect([0, 0, 10, 10], [10.5, 5], 0.5)).toBe(true);
  });

  it("composes and inverts transforms", () => {
    const a: Matrix = [0, 2, 2, 0, 10, -5];
    const b: Matrix = [1, 0, 0, -1, 0, 792];
    const p = [123.5, 456.25] as const;
    expect(applyTransform(multiplyTransforms(a, b), p)).toEqual(applyTransform(a, applyTransform(b, p)));
    const back = applyInverseTransform(a, applyTransform(a, p));
    expect(back[0]).toBeCloseTo(p[0], 12);
    expect(back[1]).toBeCloseTo(p[1], 12);
    expect(() => applyInverseTransform([0, 0, 0, 0, 1, 1], p)).toThrow(RangeError);
  });
});

describe("hit testing annotation geometry", () => {
  const ink = {
    kind: "ink" as const,
    strokes: [{ points: [0, 0, 100, 0, 100, 100], pressures: null }],
    thickness: 4,
  };
  const options = { tolerance: 1, noteRadius: 8 };

  it("touches ink within half its thickness plus the tolerance", () => {
    expect(distanceToPolyline(ink.strokes[0]!.points, [50, 3])).toBe(3);
    expect(hitsGeometry(ink, [50, 2.9], options)).toBe(true);
    expect(hitsGeometry(ink, [50, 3.1], options)).toBe(false);
    expect(geometryBounds(ink)).toEqual([-2, -2, 102, 102]);
  });

  it("treats a note as a square icon around its point, and a rectangle as its area", () => {
    const note = { kind: "note" as const, point: [200, 300] as const };
    expect(hitsGeometry(note, [208.5, 291], options)).toBe(true);
    expect(hitsGeometry(note, [210, 300], options)).toBe(false);
    expect(hitsGeometry({ kind: "area_highlight", rect: [0, 0, 50, 50] }, [25, 51], options)).toBe(true);
  });
});
