import { cleanup, fireEvent, render, screen } from "@solidjs/testing-library";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type AnnotationGeometry,
  PDF_TO_CSS_UNITS,
  pageViewport,
  toViewportPoint,
} from "../../../../shared/src/index.ts";
import { AnnotationLayer, type DrawnAnnotation } from "./AnnotationLayer.tsx";

afterEach(cleanup);

/** A4 landscape shown turned a quarter (portrait on screen) at 150 %. */
const VIEWPORT = pageViewport(
  { view: [0, 0, 842, 595], rotate: 0 },
  { scale: 1.5 * PDF_TO_CSS_UNITS, extraRotation: 90 },
);

function pointer(el: Element, type: string, x: number, y: number, extra: Record<string, unknown> = {}) {
  const event = new MouseEvent(type, { bubbles: true, cancelable: true, clientX: x, clientY: y, button: 0 });
  Object.assign(event, { pointerId: 1, pointerType: "mouse", pressure: 0.5, ...extra });
  fireEvent(el, event);
}

const NOTE: DrawnAnnotation = {
  id: "n1",
  kind: "note",
  color: "yellow",
  geometry: { kind: "note", point: [100, 500] },
  text: "Cần bổ sung số liệu",
  owner: "private",
};

describe("AnnotationLayer", () => {
  it("turns a drag into a rectangle in PDF user space, whatever the page's rotation", () => {
    const created: AnnotationGeometry[] = [];
    render(() => (
      <AnnotationLayer
        pageIndex={0}
        viewport={VIEWPORT}
        annotations={[]}
        tool="area_highlight"
        color="green"
        onCreate={(g) => created.push(g)}
        onSelect={() => {}}
      />
    ));
    const layer = screen.getByRole("group", { name: "Ghi chú trên trang 1" });
    pointer(layer, "pointerdown", 40, 60);
    pointer(layer, "pointermove", 140, 260);
    pointer(layer, "pointerup", 140, 260);
    expect(created).toHaveLength(1);
    const g = created[0]!;
    if (g.kind !== "area_highlight") throw new Error(g.kind);
    // Back on screen, the rectangle's corners are where the drag began and ended.
    const corners = [
      toViewportPoint(VIEWPORT, [g.rect[0], g.rect[1]]),
      toViewportPoint(VIEWPORT, [g.rect[2], g.rect[3]]),
    ];
    const xs = corners.map((c) => c[0]).sort((a, b) => a - b);
    const ys = corners.map((c) => c[1]).sort((a, b) => a - b);
    expect(xs[0]).toBeCloseTo(40, 6);
    expect(xs[1]).toBeCloseTo(140, 6);
    expect(ys[0]).toBeCloseTo(60, 6);
    expect(ys[1]).toBeCloseTo(260, 6);
  });

  it("draws ink with the pen's pressure and a thickness in user space", () => {
    const created: AnnotationGeometry[] = [];
    render(() => (
      <AnnotationLayer
        pageIndex={2}
        viewport={VIEWPORT}
        annotations={[]}
        tool="ink"
        color="red"
        onCreate={(g) => created.push(g)}
        onSelect={() => {}}
      />
    ));
    const layer = screen.getByRole("group", { name: "Ghi chú trên trang 3" });
    pointer(layer, "pointerdown", 10, 10, { pointerType: "pen", pressure: 0.2 });
    pointer(layer, "pointermove", 20, 15, { pointerType: "pen", pressure: 0.6 });
    pointer(layer, "pointermove", 30, 25, { pointerType: "pen", pressure: 0.9 });
    pointer(layer, "pointerup", 30, 25, { pointerType: "pen" });
    const g = created[0]!;
    if (g.kind !== "ink") throw new Error(g.kind);
    expect(g.strokes[0]!.points).toHaveLength(6);
    expect(g.strokes[0]!.pressures).toEqual([0.2, 0.6, 0.9]);
    // 2.5 CSS px at 150 %: 2.5 / (1.5 × 96/72) user-space units.
    expect(g.thickness).toBeCloseTo(2.5 / (1.5 * PDF_TO_CSS_UNITS), 6);
  });

  it("places a note with the keyboard and opens an annotation with Enter", () => {
    const created: AnnotationGeometry[] = [];
    const onSelect = vi.fn();
    const { unmount } = render(() => (
      <AnnotationLayer
        pageIndex={0}
        viewport={VIEWPORT}
        annotations={[]}
        tool="note"
        color="yellow"
        onCreate={(g) => created.push(g)}
        onSelect={onSelect}
      />
    ));
    fireEvent.keyDown(screen.getByRole("group"), { key: "Enter" });
    expect(created[0]).toMatchObject({ kind: "note" });
    unmount();

    render(() => (
      <AnnotationLayer
        pageIndex={0}
        viewport={VIEWPORT}
        annotations={[NOTE]}
        tool="select"
        color="yellow"
        onCreate={() => {}}
        onSelect={onSelect}
      />
    ));
    const note = screen.getByRole("button", { name: "Ghi chú: Cần bổ sung số liệu" });
    expect(note.getAttribute("tabindex")).toBe("0");
    fireEvent.keyDown(note, { key: "Enter" });
    expect(onSelect).toHaveBeenCalledWith("n1");
  });
});
