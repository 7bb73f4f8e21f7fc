import type { PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { geometryToEntry } from "./entries.ts";
import { type Point, type Quad, quadBounds, type Rect } from "./geometry.ts";
import { makePdf, openBytes, openFixture } from "./test-support.ts";
import { itemQuad } from "./text-quads.ts";
import {
  createViewport,
  normalizeRotation,
  type PageBox,
  PDF_TO_CSS_UNITS,
  pageViewport,
  quadFromViewportBox,
  quadsFromSelectionBoxes,
  quadToPdf,
  quadToViewport,
  toPdfPoint,
  toPdfRect,
  toViewportPoint,
  toViewportRect,
} from "./viewport.ts";

interface NamedPage {
  name: string;
  page: PDFPageProxy;
}

const docs: { destroy(): Promise<void> }[] = [];
const pages: NamedPage[] = [];

beforeAll(async () => {
  for (const [file, numbers] of [
    ["rotation.pdf", [1, 2]],
    ["issue14497.pdf", [1]],
    ["issue5747.pdf", [1]],
    ["vn-luat-thu-do-2012.pdf", [1]],
  ] as const) {
    const doc = await openFixture(file);
    docs.push(doc);
    for (const n of numbers) pages.push({ name: `${file} p${n}`, page: await doc.getPage(n) });
  }
  // View boxes with non-zero and negative origins, a CropBox inside the MediaBox, and a UserUnit.
  const made = await openBytes(
    makePdf([
      "/MediaBox [100 200 712 992]",
      "/MediaBox [-50 -80 562 712] /Rotate 90",
      "/MediaBox [0 0 900 700] /CropBox [120 40 700 650] /Rotate 270",
      "/MediaBox [10 20 310 420] /UserUnit 2.5 /Rotate 180",
    ]),
  );
  docs.push(made);
  for (let n = 1; n <= made.numPages; n++) pages.push({ name: `made p${n}`, page: await made.getPage(n) });
});

afterAll(async () => {
  for (const doc of docs) await doc.destroy();
});

function box(page: PDFPageProxy): PageBox {
  const [x1, y1, x2, y2] = page.view as [number, number, number, number];
  return { view: [x1, y1, x2, y2], rotate: page.rotate, userUnit: page.userUnit };
}

/** Points over the page's view: corners, centre and a grid. */
function samplePoints(view: Rect): Point[] {
  const out: Point[] = [];
  for (const fx of [0, 0.13, 0.5, 0.77, 1]) {
    for (const fy of [0, 0.29, 0.5, 0.91, 1]) {
      out.push([view[0] + fx * (view[2] - view[0]), view[1] + fy * (view[3] - view[1])]);
    }
  }
  out.push([view[0] - 17.5, view[3] + 3.25]);
  return out;
}

/** Each number close to its counterpart, to `digits` decimals. */
function expectClose(
  actual: readonly number[],
  expected: readonly number[],
  digits: number,
  label?: string,
): void {
  expect(actual.length, label).toBe(expected.length);
  for (const [i, v] of actual.entries()) expect(v, label).toBeCloseTo(expected[i]!, digits);
}

const SCALES = [0.5, 1, PDF_TO_CSS_UNITS, 2.5 * PDF_TO_CSS_UNITS, 3.7];
const EXTRA_ROTATIONS = [0, 90, 180, 270, -90, 450];

describe("viewport conversions agree with pdf.js's PageViewport", () => {
  it("has the fixtures' geometry as MANIFEST.md states it", () => {
    const byName = new Map(pages.map((p) => [p.name, p.page]));
    const size = (name: string) => {
      const vp = pageViewport(box(byName.get(name)!), { scale: 1 });
      return [Math.round(vp.width), Math.round(vp.height)];
    };
    expect(size("rotation.pdf p1")).toEqual([612, 792]);
    expect(size("rotation.pdf p2")).toEqual([792, 612]);
    expect(byName.get("rotation.pdf p2")!.rotate).toBe(90);
    expect(size("issue14497.pdf p1")).toEqual([3370, 2384]);
    expect(size("issue5747.pdf p1")).toEqual([420, 595]);
    expect(byName.get("made p1")!.view).toEqual([100, 200, 712, 992]);
    expect(byName.get("made p3")!.view).toEqual([120, 40, 700, 650]);
    expect(byName.get("made p4")!.userUnit).toBe(2.5);
  });

  it("gives the same transform, size and points for every page, scale and rotation (within 1e-6)", () => {
    let checked = 0;
    for (const { name, page } of pages) {
      const pageBox = box(page);
      for (const scale of SCALES) {
        for (const extra of EXTRA_ROTATIONS) {
          const theirs = page.getViewport({ scale, rotation: page.rotate + extra });
          const ours = pageViewport(pageBox, { scale, extraRotation: extra });
          const label = `${name} scale ${scale} +${extra}°`;
          expect(ours.width, label).toBeCloseTo(theirs.width, 6);
          expect(ours.height, label).toBeCloseTo(theirs.height, 6);
          expectClose(ours.transform, theirs.transform, 6, label);
          for (const p of samplePoints(pageBox.view)) {
            const [vx, vy] = theirs.convertToViewportPoint(p[0], p[1]) as [number, number];
            const mine = toViewportPoint(ours, p);
            expect(Math.abs(mine[0] - vx) + Math.abs(mine[1] - vy), label).toBeLessThan(1e-6);
            // Viewport → PDF both ways, and the round trip.
            const [px, py] = theirs.convertToPdfPoint(vx, vy) as [number, number];
            const back = toPdfPoint(ours, mine);
            expect(Math.abs(back[0] - px) + Math.abs(back[1] - py), label).toBeLessThan(1e-6);
            expect(Math.abs(back[0] - p[0]) + Math.abs(back[1] - p[1]), label).toBeLessThan(1e-6);
            checked++;
          }
          const rect: Rect = [
            pageBox.view[0] + 10,
            pageBox.view[1] + 20,
            pageBox.view[0] + 110,
            pageBox.view[1] + 70,
          ];
          const [a, b, c, d] = theirs.convertToViewportRectangle([...rect]) as [
            number,
            number,
            number,
            number,
          ];
          const mineRect = toViewportRect(ours, rect);
          const expected = [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
          expectClose(mineRect, expected, 6, label);
          expectClose(toPdfRect(ours, mineRect), rect, 6, label);
        }
      }
    }
    expect(checked).toBeGreaterThan(5000);
  });

  it("honours offsets and dontFlip as pdf.js does", () => {
    const { page } = pages.find((p) => p.name === "made p2")!;
    const theirs = page.getViewport({ scale: 1.5, rotation: 270, offsetX: 12, offsetY: -7, dontFlip: true });
    const ours = createViewport({
      viewBox: box(page).view,
      scale: 1.5,
      rotation: 270,
      offsetX: 12,
      offsetY: -7,
      dontFlip: true,
    });
    expectClose(ours.transform, theirs.transform, 9);
  });

  it("puts the page's top-left corner where the rotation turns it", () => {
    const portrait: PageBox = { view: [0, 0, 612, 792], rotate: 0 };
    const topLeft: Point = [0, 792];
    const at = (rotation: number) =>
      toViewportPoint(pageViewport(portrait, { scale: 1, extraRotation: rotation }), topLeft);
    expect(at(0)).toEqual([0, 0]);
    expect(at(90)).toEqual([792, 0]);
    expect(at(180)).toEqual([612, 792]);
    expect(at(270)).toEqual([0, 612]);
  });

  it("refuses rotations that are not quarter turns", () => {
    expect(normalizeRotation(-90)).toBe(270);
    expect(normalizeRotation(720)).toBe(0);
    expect(() => normalizeRotation(45)).toThrow(RangeError);
    expect(() => createViewport({ viewBox: [0, 0, 1, 1], scale: 0, rotation: 0 })).toThrow(RangeError);
  });
});

describe("the same words within 2 px at 100 % vs 250 % rotated 90° (pure)", () => {
  // rotation.pdf p2 (/Rotate 90): the first line as pdf.js getTextContent gives it.
  const page: PageBox = { view: [0, 0, 612, 792], rotate: 90 };
  const line = {
    str: "This is my second page. It will have a landscape layout.",
    width: 270.8808,
    height: 12,
    transform: [0, 12, -12, 0, 101.04, 72],
    fontName: "g_d0_f1",
  };
  const style = { ascent: 0.891, descent: -0.216, vertical: false };
  const start = line.str.indexOf("landscape layout");
  const end = start + "landscape layout".length;
  const words = itemQuad(line, style, start, end)!;

  /** What a browser reports for a selection of the words: their box on screen, snapped to 1/64 px. */
  const selectionBox = (q: Quad) => {
    const [l, t, r, b] = quadBounds(q).map((v) => Math.round(v * 64) / 64) as [
      number,
      number,
      number,
      number,
    ];
    return { x: l, y: t, width: r - l, height: b - t };
  };

  it("annotated at 100 %, shown at 250 % turned a further 90°, and at every other zoom and turn", () => {
    const at100 = pageViewport(page, { scale: PDF_TO_CSS_UNITS });
    const selected = quadsFromSelectionBoxes(at100, [selectionBox(quadToViewport(at100, words))]);
    expect(selected).toHaveLength(1);
    // Stored as the documents store it (rounded to 1/1000 unit).
    const stored = geometryToEntry({ kind: "text_highlight", quads: selected }).quads![0] as unknown as Quad;
    for (const zoom of [0.5, 1, 2.5, 4]) {
      for (const extra of [0, 90, 180, 270]) {
        const view = pageViewport(page, { scale: zoom * PDF_TO_CSS_UNITS, extraRotation: extra });
        const drawn = quadBounds(quadToViewport(view, stored));
        const truth = quadBounds(quadToViewport(view, words));
        const worst = Math.max(...drawn.map((v, i) => Math.abs(v - truth[i]!)));
        expect(worst, `${zoom * 100} % +${extra}°`).toBeLessThan(2);
      }
    }
    const at250 = pageViewport(page, { scale: 2.5 * PDF_TO_CSS_UNITS, extraRotation: 90 });
    expect(at250.rotation).toBe(180);
  });

  it("keeps the quad's corners in reading order through a viewport round trip", () => {
    const vp = pageViewport(page, { scale: 2, extraRotation: 90 });
    const back = quadToPdf(vp, quadToViewport(vp, words));
    expectClose(back, words, 9);
    // On screen the words read upright at the page's own rotation: UL is left of UR and above LL.
    const upright = quadToViewport(pageViewport(page, { scale: 1 }), words);
    expect(upright[0]).toBeLessThan(upright[2]);
    expect(upright[1]).toBeLessThan(upright[5]);
  });
});

describe("quadsFromSelectionBoxes", () => {
  const vp = pageViewport({ view: [0, 0, 612, 792], rotate: 0 }, { scale: 1 });

  it("drops empty and contained boxes and joins pieces of one line", () => {
    const quads = quadsFromSelectionBoxes(vp, [
      { x: 100, y: 100, width: 50, height: 12 },
      { x: 150.5, y: 100.5, width: 60, height: 11 },
      { x: 120, y: 101, width: 10, height: 10 },
      { x: 210, y: 100, width: 0, height: 12 },
      { x: 90, y: 118, width: 200, height: 12 },
    ]);
    expect(quads).toHaveLength(2);
    expect(quadBounds(quads[0]!)).toEqual([100, 792 - 112, 210.5, 792 - 100]);
    expect(quadBounds(quads[1]!)).toEqual([90, 792 - 130, 290, 792 - 118]);
  });

  it("keeps words far apart on one line separate (two columns)", () => {
    const quads = quadsFromSelectionBoxes(vp, [
      { x: 300, y: 50, width: 40, height: 12 },
      { x: 50, y: 50, width: 40, height: 12 },
    ]);
    expect(quads.map((q) => quadBounds(q)[0])).toEqual([50, 300]);
  });

  it("maps a box's screen corners to user space on a rotated page", () => {
    const rotated = pageViewport({ view: [0, 0, 612, 792], rotate: 90 }, { scale: 2 });
    const quad = quadFromViewportBox(rotated, { x: 20, y: 40, width: 100, height: 24 });
    expect(toViewportPoint(rotated, [quad[0], quad[1]])).toEqual([20, 40]);
    expect(toViewportPoint(rotated, [quad[6], quad[7]])).toEqual([120, 64]);
  });
});

describe("landscape and rotated pages: a point drawn on screen stays on the same spot of the page", () => {
  // Landscape A4 (842 × 595), a portrait page shown landscape by /Rotate 90 with a crop box whose
  // origin is not (0, 0), and a /Rotate 270 scan (issue5747.pdf's geometry).
  const PAGES: PageBox[] = [
    { view: [0, 0, 842, 595], rotate: 0 },
    { view: [36, 48, 631, 890], rotate: 90 },
    { view: [0, 0, 595, 420], rotate: 270 },
  ];

  it("maps the reader's top-left corner to the page's visible top-left corner in user space", () => {
    for (const page of PAGES) {
      for (const extra of [0, 90, 180, 270]) {
        const vp = pageViewport(page, { scale: 1.5, extraRotation: extra });
        const corners = [toPdfPoint(vp, [0, 0]), toPdfPoint(vp, [vp.width, vp.height])];
        // Both corners are corners of the view box, whatever the rotation.
        for (const [x, y] of corners) {
          expect([page.view[0], page.view[2]].some((v) => Math.abs(v - x) < 1e-9)).toBe(true);
          expect([page.view[1], page.view[3]].some((v) => Math.abs(v - y) < 1e-9)).toBe(true);
        }
        // A landscape page shown turned a quarter is portrait on screen, and the reverse.
        const wide = page.view[2] - page.view[0] > page.view[3] - page.view[1];
        const turned = (page.rotate + extra) % 180 !== 0;
        expect(vp.width > vp.height).toBe(wide !== turned);
      }
    }
  });

  it("puts a pointer position drawn at 100 % back within 0.01 px at 250 % with any further rotation", () => {
    for (const page of PAGES) {
      const drawn = pageViewport(page, { scale: PDF_TO_CSS_UNITS });
      const pointer: [number, number] = [drawn.width * 0.31, drawn.height * 0.77];
      const user = toPdfPoint(drawn, pointer);
      for (const extra of [90, 180, 270]) {
        const shown = pageViewport(page, { scale: 2.5 * PDF_TO_CSS_UNITS, extraRotation: extra });
        const [x, y] = toViewportPoint(shown, user);
        // The same spot, expressed as fractions of the page as the reader sees it, turned by `extra`.
        const fx = pointer[0] / drawn.width;
        const fy = pointer[1] / drawn.height;
        const expected: Record<number, [number, number]> = {
          90: [(1 - fy) * shown.width, fx * shown.height],
          180: [(1 - fx) * shown.width, (1 - fy) * shown.height],
          270: [fy * shown.width, (1 - fx) * shown.height],
        };
        expect(Math.abs(x - expected[extra]![0])).toBeLessThan(0.01);
        expect(Math.abs(y - expected[extra]![1])).toBeLessThan(0.01);
      }
    }
  });
});
