import type { PDFDocumentProxy, PDFPageProxy, RenderTask } from "pdfjs-dist";
import type { TextContent } from "pdfjs-dist/types/src/display/api";
import { createEffect, createSignal, type JSX, on, onCleanup, Show } from "solid-js";
import {
  createViewport,
  type Rotation,
  toPdfPoint,
  toViewportPoint,
} from "../../../../shared/src/annotations/viewport.ts";
import { useI18n } from "../../i18n/index.ts";
import { findInItems, HIGHLIGHT_CLASS, paintHighlights } from "./highlight.ts";
import { outputScaleFor } from "./layout.ts";
import type { PdfJs } from "./pdfjs.ts";
import type { PageOverlayContext, PageOverlayRenderer, PdfJsViewport } from "./types.ts";

/** Text content of pages, fetched once per open document (shared by the text layer and find). */
export type TextContentCache = (pageNumber: number) => Promise<TextContent>;

export interface PdfPageProps {
  pdfjs: PdfJs;
  pdf: PDFDocumentProxy;
  pageNumber: number;
  /** CSS pixels per point. */
  scale: number;
  /** The reader's extra rotation (clockwise degrees). */
  extraRotation: Rotation;
  /** Size of the page box in CSS pixels (from the layout, so the placeholder has its final size). */
  cssWidth: number;
  cssHeight: number;
  /** Render canvas and text layer (the page is near the viewport); false releases them. */
  near: boolean;
  textContent: TextContentCache;
  /** Find query to highlight on this page ("" for none). */
  query: string;
  /** Which highlight on this page is the current find result (-1: none). */
  selectedHit: number;
  renderOverlay: PageOverlayRenderer | undefined;
  /** Called after the canvas of this page was drawn (each time). */
  onRendered?: (pageNumber: number) => void;
}

/**
 * One page of the viewer: a fixed-size box that, while near the viewport, holds a canvas (capped for
 * mobile limits), pdf.js's text layer (selectable, with find highlights) and the overlay slot. When it
 * leaves, the canvas memory is released and pdf.js's per-page caches are cleaned.
 */
export function PdfPage(props: PdfPageProps): JSX.Element {
  const { t } = useI18n();
  let box!: HTMLElement;
  let canvasHost!: HTMLDivElement;
  let textHost!: HTMLDivElement;
  const [viewport, setViewport] = createSignal<PdfJsViewport>();
  const [failed, setFailed] = createSignal(false);
  const [textReady, setTextReady] = createSignal(0);
  let page: PDFPageProxy | undefined;
  let renderTask: RenderTask | undefined;
  let textLayer: InstanceType<PdfJs["TextLayer"]> | undefined;
  let generation = 0;

  const release = () => {
    generation++;
    renderTask?.cancel();
    renderTask = undefined;
    textLayer?.cancel();
    textLayer = undefined;
    for (const canvas of canvasHost.querySelectorAll("canvas")) {
      // Zero-size first: browsers free the backing store at once instead of at garbage collection.
      canvas.width = 0;
      canvas.height = 0;
      canvas.remove();
    }
    textHost.replaceChildren();
    setViewport(undefined);
    setTextReady(0);
    if (page) {
      page.cleanup();
      page = undefined;
    }
  };

  const render = async (scale: number, extraRotation: Rotation) => {
    release();
    const mine = generation;
    setFailed(false);
    try {
      const p = await props.pdf.getPage(props.pageNumber);
      if (mine !== generation) return;
      page = p;
      const vp = p.getViewport({ scale, rotation: (p.rotate + extraRotation) % 360 });
      const ratio = outputScaleFor(vp.width, vp.height, globalThis.devicePixelRatio || 1);
      const canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.floor(vp.width * ratio));
      canvas.height = Math.max(1, Math.floor(vp.height * ratio));
      canvas.style.width = `${vp.width}px`;
      canvas.style.height = `${vp.height}px`;
      canvas.setAttribute("aria-hidden", "true");
      canvasHost.append(canvas);
      setViewport(vp);
      renderTask = p.render({
        canvas,
        viewport: vp,
        // Draw form fields, signature widgets and existing annotations into the canvas as they look
        // (fixtures prefilled_f1040.pdf, vn-bxd-…): the viewer has no interactive form layer.
        annotationMode: props.pdfjs.AnnotationMode.ENABLE,
        ...(ratio === 1 ? {} : { transform: [ratio, 0, 0, ratio, 0, 0] }),
      });
      const textPromise = (async () => {
        const content = await props.textContent(props.pageNumber);
        if (mine !== generation) return;
        const layer = new props.pdfjs.TextLayer({
          textContentSource: content,
          container: textHost,
          viewport: vp,
        });
        textLayer = layer;
        await layer.render();
        if (mine !== generation) return;
        const end = document.createElement("div");
        end.className = "endOfContent";
        textHost.append(end);
        setTextReady((n) => n + 1);
      })();
      await renderTask.promise;
      if (mine === generation) props.onRendered?.(props.pageNumber);
      await textPromise;
    } catch (error) {
      if ((error as { name?: string } | null)?.name === "RenderingCancelledException") return;
      if (mine === generation) setFailed(true);
    }
  };

  createEffect(
    on(
      () => [props.near, props.scale, props.extraRotation] as const,
      ([near, scale, rotation]) => {
        if (near) void render(scale, rotation);
        else release();
      },
    ),
  );
  onCleanup(release);

  // Find highlights: painted on the text layer whenever it is (re)built or the query changes.
  createEffect(() => {
    textReady();
    const query = props.query;
    const layer = textLayer;
    if (!layer || textReady() === 0) return;
    const divs = layer.textDivs;
    const items = layer.textContentItemsStr;
    const matches = query ? findInItems(items, query) : [];
    paintHighlights(divs, items, matches);
  });
  createEffect(() => {
    textReady();
    const selected = props.selectedHit;
    const marks = [...textHost.querySelectorAll<HTMLElement>(`.${HIGHLIGHT_CLASS}`)];
    for (const m of marks) m.classList.remove("selected");
    if (selected < 0 || marks.length === 0) return;
    const mark = marks[Math.min(selected, marks.length - 1)]!;
    mark.classList.add("selected");
    mark.scrollIntoView({ block: "center", inline: "nearest" });
  });

  const overlayContext = (): PageOverlayContext | undefined => {
    const vp = viewport();
    if (!vp) return undefined;
    const geometry = createViewport({
      viewBox: vp.viewBox as unknown as [number, number, number, number],
      userUnit: vp.userUnit,
      scale: vp.scale,
      rotation: vp.rotation,
    });
    return {
      pageNumber: props.pageNumber,
      viewport: vp,
      geometry,
      cssWidth: vp.width,
      cssHeight: vp.height,
      scale: vp.scale,
      rotation: geometry.rotation,
      toOverlay: (p) => toViewportPoint(geometry, p),
      toPdf: (p) => toPdfPoint(geometry, p),
    };
  };

  return (
    <section
      ref={box}
      class="pdf-page"
      data-page-number={props.pageNumber}
      aria-label={t("viewer.pageRegion", { page: props.pageNumber })}
      style={{
        width: `${props.cssWidth}px`,
        height: `${props.cssHeight}px`,
        "--total-scale-factor": String(props.scale * (viewport()?.userUnit ?? 1)),
      }}
    >
      <div ref={canvasHost} class="pdf-canvas" />
      <div ref={textHost} class="textLayer" />
      <Show when={props.renderOverlay && overlayContext()}>
        {(ctx) => <div class="pdf-page-overlay">{props.renderOverlay!(ctx())}</div>}
      </Show>
      <Show when={failed()}>
        <p class="pdf-page-error" role="alert">
          {t("viewer.pageFailed")}
        </p>
      </Show>
    </section>
  );
}
