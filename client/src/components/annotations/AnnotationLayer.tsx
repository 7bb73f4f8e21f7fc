import { createSignal, For, type JSX, Match, Show, Switch } from "solid-js";
import {
  ANNOTATION_PALETTE,
  type AnnotationColor,
  type AnnotationGeometry,
  AnnotationKind,
  type Point,
  type Quad,
  quadToViewport,
  rectFromPoints,
  rectToQuad,
  toPdfPoint,
  toViewportPoint,
  type Viewport,
} from "../../../../shared/src/index.ts";
import { useI18n } from "../../i18n/index.ts";
import type { AnnotationTool } from "./tools.ts";

/** One annotation as the layer draws it. */
export interface DrawnAnnotation {
  readonly id: string;
  readonly kind: AnnotationKind;
  readonly color: AnnotationColor;
  readonly geometry: AnnotationGeometry;
  readonly text: string;
  /** Mine and private, mine and shared, or someone else's shared one. */
  readonly owner: "private" | "shared" | "others";
}

/** The page's transform as the layer needs it: pdf.js's `PageViewport` and shared's `Viewport` both fit. */
export type LayerViewport = Pick<Viewport, "transform" | "width" | "height">;

export interface AnnotationLayerProps {
  /** 0-based page index (labels show it 1-based). */
  readonly pageIndex: number;
  /** The page at the current zoom and rotation: user space → CSS pixels of the page box. */
  readonly viewport: LayerViewport;
  readonly annotations: readonly DrawnAnnotation[];
  readonly tool: AnnotationTool;
  readonly color: AnnotationColor;
  readonly selectedId?: string | null;
  /** A new annotation drawn on this page (geometry in PDF user space). */
  readonly onCreate: (geometry: AnnotationGeometry) => void;
  readonly onSelect: (id: string) => void;
}

/** Pixels a note icon measures on screen at any zoom. */
const NOTE_SIZE = 24;
/** Smallest area highlight, in CSS pixels (a tap is not a rectangle). */
const MIN_AREA = 4;
/** Default ink thickness in CSS pixels at the zoom it is drawn (stored in user space). */
const INK_WIDTH = 2.5;

function polygon(q: Quad): string {
  // Corners UL, UR, LR, LL around the quad.
  return `${q[0]},${q[1]} ${q[2]},${q[3]} ${q[6]},${q[7]} ${q[4]},${q[5]}`;
}

function inkPath(viewport: LayerViewport, points: readonly number[]): string {
  let d = "";
  for (let i = 0; i + 1 < points.length; i += 2) {
    const [x, y] = toViewportPoint(viewport as Viewport, [points[i]!, points[i + 1]!]);
    d += `${i === 0 ? "M" : "L"}${x.toFixed(2)} ${y.toFixed(2)}`;
  }
  // A single point (a tap) still shows as a dot.
  return points.length === 2 ? `${d}l0.01 0` : d;
}

/** CSS pixels per user-space unit of this viewport (any rotation). */
function pixelsPerUnit(viewport: LayerViewport): number {
  const [a, b] = viewport.transform;
  return Math.hypot(a, b);
}

/**
 * The annotations of one page, drawn in an SVG over the rendered page (pdf.js canvas and text layer),
 * from positions in PDF user space through the page's viewport: they sit on the same words at any
 * zoom, rotation or screen. With a drawing tool active the layer takes pointer input (mouse, pen and
 * finger through pointer events; `touch-action: none` so a finger draws instead of scrolling) and
 * turns it back into user space; otherwise only the annotations themselves take clicks, so the text
 * layer below stays selectable. Each annotation is a button (Enter or Space opens it in the panel).
 */
export function AnnotationLayer(props: AnnotationLayerProps): JSX.Element {
  const { t } = useI18n();
  const [dragStart, setDragStart] = createSignal<Point | null>(null);
  const [dragNow, setDragNow] = createSignal<Point | null>(null);
  const [stroke, setStroke] = createSignal<{ points: number[]; pressures: number[] | null } | null>(null);
  let svg: SVGSVGElement | undefined;

  const vp = () => props.viewport as Viewport;
  const drawing = () => props.tool === "area_highlight" || props.tool === "note" || props.tool === "ink";

  const local = (e: PointerEvent): Point => {
    const box = svg!.getBoundingClientRect();
    // The SVG may be scaled by CSS (pinch zoom before the re-render): map back to its own pixels.
    const sx = box.width > 0 ? props.viewport.width / box.width : 1;
    const sy = box.height > 0 ? props.viewport.height / box.height : 1;
    return [(e.clientX - box.left) * sx, (e.clientY - box.top) * sy];
  };

  const onPointerDown = (e: PointerEvent) => {
    if (!drawing() || (e.pointerType === "mouse" && e.button !== 0)) return;
    e.preventDefault();
    svg!.setPointerCapture?.(e.pointerId);
    const p = local(e);
    if (props.tool === "area_highlight") {
      setDragStart(p);
      setDragNow(p);
    } else if (props.tool === "ink") {
      const [x, y] = toPdfPoint(vp(), p);
      setStroke({ points: [x, y], pressures: e.pointerType === "pen" ? [e.pressure] : null });
    }
  };

  const onPointerMove = (e: PointerEvent) => {
    if (props.tool === "area_highlight" && dragStart()) setDragNow(local(e));
    const current = stroke();
    if (props.tool === "ink" && current) {
      const events = typeof e.getCoalescedEvents === "function" ? e.getCoalescedEvents() : [e];
      const points = [...current.points];
      const pressures = current.pressures ? [...current.pressures] : null;
      for (const ev of events.length > 0 ? events : [e]) {
        const [x, y] = toPdfPoint(vp(), local(ev));
        points.push(x, y);
        pressures?.push(ev.pressure);
      }
      setStroke({ points, pressures });
    }
  };

  const onPointerUp = (e: PointerEvent) => {
    if (!drawing()) return;
    const p = local(e);
    if (props.tool === "note") {
      props.onCreate({ kind: AnnotationKind.Note, point: toPdfPoint(vp(), p) });
    } else if (props.tool === "area_highlight") {
      const start = dragStart();
      setDragStart(null);
      setDragNow(null);
      if (start && Math.abs(p[0] - start[0]) >= MIN_AREA && Math.abs(p[1] - start[1]) >= MIN_AREA) {
        props.onCreate({
          kind: AnnotationKind.AreaHighlight,
          rect: rectFromPoints(toPdfPoint(vp(), start), toPdfPoint(vp(), p)),
        });
      }
    } else if (props.tool === "ink") {
      const s = stroke();
      setStroke(null);
      if (s) {
        props.onCreate({
          kind: AnnotationKind.Ink,
          strokes: [s],
          thickness: INK_WIDTH / pixelsPerUnit(props.viewport),
        });
      }
    }
  };

  const onPointerCancel = () => {
    setDragStart(null);
    setDragNow(null);
    setStroke(null);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    // Keyboard users place a note in the middle of the page.
    if (props.tool === "note" && (e.key === "Enter" || e.key === " ") && e.target === svg) {
      e.preventDefault();
      const centre: Point = [props.viewport.width / 2, props.viewport.height / 2];
      props.onCreate({ kind: AnnotationKind.Note, point: toPdfPoint(vp(), centre) });
    }
  };

  const label = (a: DrawnAnnotation) =>
    t("annot.itemLabel", { kind: t(`annot.kind.${a.kind}`), text: a.text });
  const activate = (a: DrawnAnnotation) => (e: KeyboardEvent | MouseEvent) => {
    if (e instanceof KeyboardEvent && e.key !== "Enter" && e.key !== " ") return;
    if (drawing()) return;
    e.preventDefault();
    e.stopPropagation();
    props.onSelect(a.id);
  };

  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG cannot be a fieldset; it groups the page's annotations
    <svg
      ref={svg}
      class="annotation-layer"
      classList={{ drawing: drawing(), [`tool-${props.tool}`]: true }}
      width={props.viewport.width}
      height={props.viewport.height}
      viewBox={`0 0 ${props.viewport.width} ${props.viewport.height}`}
      role="group"
      aria-label={t("annot.layerLabel", { page: props.pageIndex + 1 })}
      tabindex={props.tool === "note" ? 0 : undefined}
      data-page-index={props.pageIndex}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerCancel}
      onKeyDown={onKeyDown}
    >
      <For each={props.annotations}>
        {(a) => {
          const fill = () => ANNOTATION_PALETTE[a.color];
          return (
            // biome-ignore lint/a11y/useSemanticElements: SVG has no <button>; this shape acts as one (Enter, Space, click)
            <g
              class="annotation"
              classList={{
                selected: props.selectedId === a.id,
                [`owner-${a.owner}`]: true,
                [`kind-${a.kind}`]: true,
              }}
              role="button"
              tabindex={drawing() ? -1 : 0}
              aria-label={label(a)}
              aria-pressed={props.selectedId === a.id}
              data-annotation-id={a.id}
              onClick={activate(a)}
              onKeyDown={activate(a)}
            >
              <Switch>
                <Match when={a.geometry.kind === AnnotationKind.TextHighlight && a.geometry}>
                  {(g) => (
                    <For each={(g() as { quads: readonly Quad[] }).quads}>
                      {(q) => (
                        <polygon class="highlight" points={polygon(quadToViewport(vp(), q))} fill={fill()} />
                      )}
                    </For>
                  )}
                </Match>
                <Match when={a.geometry.kind === AnnotationKind.AreaHighlight && a.geometry}>
                  {(g) => (
                    <polygon
                      class="area"
                      points={polygon(
                        quadToViewport(
                          vp(),
                          rectToQuad((g() as { rect: readonly [number, number, number, number] }).rect),
                        ),
                      )}
                      fill={fill()}
                      stroke={fill()}
                    />
                  )}
                </Match>
                <Match when={a.geometry.kind === AnnotationKind.Note && a.geometry}>
                  {(g) => {
                    const at = () => toViewportPoint(vp(), (g() as { point: Point }).point);
                    return (
                      <g
                        class="note"
                        transform={`translate(${at()[0] - NOTE_SIZE / 2} ${at()[1] - NOTE_SIZE / 2})`}
                      >
                        <rect width={NOTE_SIZE} height={NOTE_SIZE} rx={3} fill={fill()} stroke="#333" />
                        <path d="M5 8h14M5 12h14M5 16h9" stroke="#222" stroke-width={1.6} fill="none" />
                      </g>
                    );
                  }}
                </Match>
                <Match when={a.geometry.kind === AnnotationKind.Ink && a.geometry}>
                  {(g) => {
                    const ink = () =>
                      g() as { strokes: readonly { points: readonly number[] }[]; thickness: number };
                    return (
                      <For each={ink().strokes}>
                        {(s) => (
                          <path
                            class="ink"
                            d={inkPath(props.viewport, s.points)}
                            stroke={fill()}
                            stroke-width={Math.max(1, ink().thickness * pixelsPerUnit(props.viewport))}
                          />
                        )}
                      </For>
                    );
                  }}
                </Match>
              </Switch>
            </g>
          );
        }}
      </For>
      <Show when={dragStart() && dragNow()}>
        <rect
          class="draft"
          x={Math.min(dragStart()![0], dragNow()![0])}
          y={Math.min(dragStart()![1], dragNow()![1])}
          width={Math.abs(dragNow()![0] - dragStart()![0])}
          height={Math.abs(dragNow()![1] - dragStart()![1])}
          fill={ANNOTATION_PALETTE[props.color]}
        />
      </Show>
      <Show when={stroke()}>
        {(s) => (
          <path
            class="ink draft"
            d={inkPath(props.viewport, s().points)}
            stroke={ANNOTATION_PALETTE[props.color]}
            stroke-width={INK_WIDTH}
          />
        )}
      </Show>
    </svg>
  );
}
