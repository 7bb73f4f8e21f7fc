import type { PDFDocumentProxy, RenderTask } from "pdfjs-dist";
import { createEffect, createSignal, For, type JSX, on, onCleanup, onMount } from "solid-js";
import { type PageBox, pageViewport, type Rotation } from "../../../../shared/src/annotations/viewport.ts";
import { useI18n } from "../../i18n/index.ts";
import { outputScaleFor } from "./layout.ts";

/** pdfjs-dist `AnnotationMode.ENABLE`: forms and annotations drawn into the canvas, as on the page. */
const ANNOTATION_MODE_ENABLE = 1;

/** Width of a thumbnail in CSS pixels. */
const THUMB_WIDTH = 96;

/**
 * The thumbnails sidebar: one button per page (a list in a navigation landmark), each drawn only when
 * scrolled into the sidebar's view and at most once per rotation. The current page's button has
 * `aria-current="page"`.
 */
export function Thumbnails(props: {
  pdf: PDFDocumentProxy;
  boxes: readonly PageBox[];
  extraRotation: Rotation;
  current: number;
  onSelect: (page: number) => void;
}): JSX.Element {
  const { t } = useI18n();
  let list!: HTMLOListElement;
  let observer: IntersectionObserver | undefined;
  onMount(() => {
    observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (entry.isIntersecting) (entry.target as HTMLElement).dispatchEvent(new Event("thumb-visible"));
        }
      },
      { root: list, rootMargin: "200px 0px" },
    );
    for (const el of list.querySelectorAll("[data-thumb]")) observer.observe(el);
  });
  onCleanup(() => observer?.disconnect());

  return (
    <nav class="pdf-thumbnails" aria-label={t("viewer.thumbnails")}>
      <ol ref={list}>
        <For each={props.boxes}>
          {(box, index) => (
            <Thumbnail
              pdf={props.pdf}
              box={box}
              pageNumber={index() + 1}
              extraRotation={props.extraRotation}
              current={props.current === index() + 1}
              onSelect={props.onSelect}
              observe={(el) => observer?.observe(el)}
              label={t("viewer.thumbnailLabel", { page: index() + 1 })}
            />
          )}
        </For>
      </ol>
    </nav>
  );
}

function Thumbnail(props: {
  pdf: PDFDocumentProxy;
  box: PageBox;
  pageNumber: number;
  extraRotation: Rotation;
  current: boolean;
  label: string;
  onSelect: (page: number) => void;
  observe: (el: Element) => void;
}): JSX.Element {
  let button!: HTMLButtonElement;
  let canvas!: HTMLCanvasElement;
  const [drawnRotation, setDrawnRotation] = createSignal<Rotation | undefined>();
  let task: RenderTask | undefined;
  const size = () => {
    const v = pageViewport(props.box, { scale: 1, extraRotation: props.extraRotation });
    return { width: THUMB_WIDTH, height: Math.round((THUMB_WIDTH * v.height) / v.width) };
  };
  const draw = async () => {
    const rotation = props.extraRotation;
    if (drawnRotation() === rotation) return;
    setDrawnRotation(rotation);
    try {
      const page = await props.pdf.getPage(props.pageNumber);
      const base = page.getViewport({ scale: 1, rotation: (page.rotate + rotation) % 360 });
      const vp = page.getViewport({
        scale: THUMB_WIDTH / base.width,
        rotation: (page.rotate + rotation) % 360,
      });
      const ratio = outputScaleFor(vp.width, vp.height, globalThis.devicePixelRatio || 1);
      canvas.width = Math.max(1, Math.floor(vp.width * ratio));
      canvas.height = Math.max(1, Math.floor(vp.height * ratio));
      task?.cancel();
      task = page.render({
        annotationMode: ANNOTATION_MODE_ENABLE,
        canvas,
        viewport: vp,
        ...(ratio === 1 ? {} : { transform: [ratio, 0, 0, ratio, 0, 0] }),
      });
      await task.promise;
    } catch {
      // A thumbnail that cannot be drawn stays a blank numbered button; the page itself says why.
    }
  };
  // Redraw a drawn thumbnail when the reader rotates; undrawn ones draw when they scroll into view.
  createEffect(
    on(
      () => props.extraRotation,
      () => {
        if (drawnRotation() !== undefined) void draw();
      },
      { defer: true },
    ),
  );
  onMount(() => {
    button.addEventListener("thumb-visible", () => void draw());
    props.observe(button);
  });
  onCleanup(() => {
    task?.cancel();
    canvas.width = 0;
    canvas.height = 0;
  });
  return (
    <li>
      <button
        ref={button}
        type="button"
        data-thumb
        class="pdf-thumbnail"
        classList={{ current: props.current }}
        aria-current={props.current ? "page" : undefined}
        aria-label={props.label}
        onClick={() => props.onSelect(props.pageNumber)}
      >
        <canvas
          ref={canvas}
          style={{ width: `${size().width}px`, height: `${size().height}px` }}
          width={size().width}
          height={size().height}
        />
        <span aria-hidden="true">{props.pageNumber}</span>
      </button>
    </li>
  );
}
