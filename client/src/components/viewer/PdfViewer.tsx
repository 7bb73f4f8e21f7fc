import type { PDFDocumentLoadingTask, PDFDocumentProxy } from "pdfjs-dist";
import type { TextContent } from "pdfjs-dist/types/src/display/api";
import {
  batch,
  createEffect,
  createMemo,
  createSignal,
  For,
  type JSX,
  Match,
  on,
  onCleanup,
  onMount,
  Show,
  Switch,
  untrack,
} from "solid-js";
import {
  type PageBox,
  pageViewport,
  quadsFromSelectionBoxes,
  type Rotation,
} from "../../../../shared/src/annotations/viewport.ts";
import {
  DocumentSearchIndex,
  type FileSearchResult,
  joinTextItems,
} from "../../../../shared/src/search/index.ts";
import { useI18n } from "../../i18n/index.ts";
import { currentPageAt, pagesNear, percentOf, scaleFor, stepZoom, type ZoomMode } from "./layout.ts";
import { PdfPage } from "./PdfPage.tsx";
import {
  classifyOpenError,
  loadPdfJs,
  openDocument,
  type PasswordAnswer,
  type PdfJs,
  type PdfOpenFailure,
} from "./pdfjs.ts";
import { Thumbnails } from "./Thumbnails.tsx";
import type { PageOverlayRenderer, TextSelection } from "./types.ts";
import "./viewer.css";

/** Padding around the pages and the gap between them, CSS pixels (also in viewer.css). */
const PAD = 16;
const GAP = 16;
/** Pages within this many CSS pixels of the visible band are rendered; the rest hold no canvas. */
const NEAR_MARGIN = 800;
/** A horizontal touch swipe at least this long (and mostly horizontal) turns the page. */
const SWIPE_MIN = 60;

export interface PdfViewerProps {
  /** The file's bytes (read from local storage; the viewer never fetches). Copied before pdf.js gets them. */
  data: Uint8Array;
  /** File name, for labels. */
  name: string;
  /** 1-based page to open at (default 1). */
  initialPage?: number;
  /** Find query to run when the document opens; its hits are highlighted. */
  initialQuery?: string;
  /** Called with the page that holds the middle of the view, whenever it changes. */
  onPageChange?: (page: number) => void;
  /** Called once the document is open (for "opened" receipts). */
  onOpened?: (info: { pageCount: number }) => void;
  /**
   * Called once with the raw text of every page after a password-protected file was opened with its
   * password (for the search index: without the password the text cannot be extracted elsewhere). The
   * password itself is never passed on.
   */
  onProtectedText?: (pages: string[]) => void;
  /** Called when the find query changes (to keep `?q=` in the address). */
  onQueryChange?: (query: string) => void;
  /**
   * Overlay slot for each page near the viewport (issue 5: annotations). The returned element is put in
   * a box exactly over the page (CSS pixels, top-left origin of the page as shown) above the text layer;
   * the box has `pointer-events: none` so text selection still works — give interactive children
   * `pointer-events: auto`. Called again (re-created) when zoom or rotation changes.
   */
  renderPageOverlay?: PageOverlayRenderer;
  /**
   * Text selection in the text layer (debounced): page, selected text, and its quads in PDF user space;
   * null when the selection is cleared or leaves the document.
   */
  onTextSelection?: (selection: TextSelection | null) => void;
  /** Receives the viewer's controls once mounted (annotations: jump to an annotation's page). */
  controls?: (api: PdfViewerControls) => void;
}

/** What the page around the viewer may ask of it. */
export interface PdfViewerControls {
  /** Scrolls to a page (1-based; clamped), announcing it like the page input does. */
  goToPage(page: number): void;
}

type Status =
  | { readonly kind: "loading" }
  | { readonly kind: "password"; readonly wrong: boolean }
  | { readonly kind: "ready" }
  | { readonly kind: "error"; readonly failure: PdfOpenFailure; readonly detail?: string };

type FindState =
  | { readonly kind: "idle" }
  | { readonly kind: "searching" }
  | { readonly kind: "not_searchable" }
  | { readonly kind: "none" }
  | {
      readonly kind: "hits";
      readonly pages: ReadonlyArray<{ page: number; count: number }>;
      readonly total: number;
    };

/** The zoom list's fixed entries, in percent of the page's natural size (1 pt = 1/72 in). */
const ZOOM_PRESETS: readonly number[] = [50, 75, 100, 125, 150, 200, 300, 400];

/**
 * The PDF viewer (pdfjs-dist, loaded lazily with this module): page navigation (number input,
 * previous/next), a thumbnails sidebar, zoom (fit width, fit page, percent), rotation, a selectable text
 * layer, find in document with highlighted hits, keyboard shortcuts (PageUp/PageDown, Home/End, + and
 * −, Ctrl+F, R) and touch gestures (pinch to zoom, horizontal swipe to turn the page when the page fits).
 *
 * Only pages within {@link NEAR_MARGIN} px of the view hold a canvas; each canvas is capped at 16.7 M
 * device pixels (layout.ts), and leaving pages release theirs, so memory stays bounded on tablets.
 *
 * Password-protected files show a prompt ("wrong password" after a bad one); Cancel ends the loading
 * task at once. The password lives only in this component's closure for the duration of the open.
 * Damaged files show a clear message; nothing else on the page is affected.
 *
 * For annotations (issue 5): `renderPageOverlay(ctx)` draws over each rendered page (see
 * {@link PageOverlayContext}: page number, pdf.js viewport at the current scale and rotation, CSS size,
 * converters PDF user space ↔ overlay CSS pixels), and `onTextSelection(sel)` reports selections as
 * page, text and quads in PDF user space ({@link TextSelection}).
 */
export function PdfViewer(props: PdfViewerProps): JSX.Element {
  const { t } = useI18n();
  const [status, setStatus] = createSignal<Status>({ kind: "loading" });
  const [pdfjs, setPdfjs] = createSignal<PdfJs>();
  const [pdf, setPdf] = createSignal<PDFDocumentProxy>();
  const [boxes, setBoxes] = createSignal<PageBox[]>([]);
  const [zoom, setZoom] = createSignal<ZoomMode>({ kind: "fit-width" });
  const [rotation, setRotation] = createSignal<Rotation>(0);
  const [size, setSize] = createSignal({ width: 800, height: 600 });
  const [scrollTop, setScrollTop] = createSignal(0);
  // Thumbnails show beside the pages on wide screens only; crossing 900 px (a tablet turned, a window
  // resized) folds them away or brings them back, and the reader's button still toggles them.
  const wideQuery = globalThis.matchMedia?.("(min-width: 900px)");
  const [sidebar, setSidebar] = createSignal(wideQuery?.matches ?? true);
  const onWideChange = (event: MediaQueryListEvent) => setSidebar(event.matches);
  wideQuery?.addEventListener?.("change", onWideChange);
  onCleanup(() => wideQuery?.removeEventListener?.("change", onWideChange));
  const [announcement, setAnnouncement] = createSignal("");
  const [pageInput, setPageInput] = createSignal("1");
  const [pinch, setPinch] = createSignal<{ ratio: number; originX: number; originY: number }>();
  const [findQuery, setFindQuery] = createSignal(props.initialQuery ?? "");
  const [activeQuery, setActiveQuery] = createSignal("");
  const [findState, setFindState] = createSignal<FindState>({ kind: "idle" });
  const [hitIndex, setHitIndex] = createSignal(-1);
  const [passwordError, setPasswordError] = createSignal("");
  let scroller: HTMLDivElement | undefined;
  let findInput: HTMLInputElement | undefined;
  let passwordInput: HTMLInputElement | undefined;
  let root!: HTMLElement;
  let task: PDFDocumentLoadingTask | undefined;
  let answerPassword: ((answer: PasswordAnswer) => void) | undefined;
  let disposed = false;
  let pendingInitialPage = Math.max(1, Math.floor(props.initialPage ?? 1));

  // ---------------------------------------------------------------- opening
  const textCache = new Map<number, Promise<TextContent>>();
  const textContent = (n: number): Promise<TextContent> => {
    let p = textCache.get(n);
    if (!p) {
      const doc = pdf();
      if (!doc) return Promise.reject(new Error("no document"));
      p = doc.getPage(n).then((page) => page.getTextContent());
      textCache.set(n, p);
      p.catch(() => textCache.delete(n));
    }
    return p;
  };

  /**
   * User Timing marks for bench/viewer.ts: "hopso:viewer:open" when the viewer starts opening the bytes,
   * "hopso:viewer:first-page" when the first page's canvas is drawn.
   */
  let firstPageMarked = false;
  const onPageRendered = () => {
    if (firstPageMarked) return;
    firstPageMarked = true;
    performance.mark("hopso:viewer:first-page");
  };

  const open = async () => {
    performance.mark("hopso:viewer:open");
    setStatus({ kind: "loading" });
    try {
      const lib = await loadPdfJs();
      if (disposed) return;
      setPdfjs(lib);
      let protectedFile = false;
      const opening = openDocument(lib, props.data.slice(), (wrong) => {
        protectedFile = true;
        setStatus({ kind: "password", wrong });
        setPasswordError(wrong ? t("viewer.passwordWrong") : "");
        queueMicrotask(() => passwordInput?.focus());
        return new Promise<PasswordAnswer>((resolve) => {
          answerPassword = resolve;
        });
      });
      task = opening.task;
      const doc = await opening.promise;
      if (disposed) {
        void doc.destroy();
        return;
      }
      const first = await doc.getPage(1);
      const firstBox: PageBox = {
        view: first.view as unknown as PageBox["view"],
        rotate: first.rotate,
        userUnit: first.userUnit,
      };
      batch(() => {
        setPdf(doc);
        setBoxes(Array.from({ length: doc.numPages }, () => firstBox));
        setStatus({ kind: "ready" });
      });
      setAnnouncement(t("viewer.opened", { name: props.name, count: doc.numPages }));
      props.onOpened?.({ pageCount: doc.numPages });
      if (findQuery().trim()) void runFind(findQuery(), true);
      if (protectedFile && props.onProtectedText) {
        const report = props.onProtectedText;
        void pageTexts().then(report, () => undefined);
      }
      // The other pages' sizes, in the background (most documents have one size; some mix).
      const all: PageBox[] = [firstBox];
      for (let n = 2; n <= doc.numPages; n++) {
        const page = await doc.getPage(n);
        if (disposed || pdf() !== doc) return;
        all.push({
          view: page.view as unknown as PageBox["view"],
          rotate: page.rotate,
          userUnit: page.userUnit,
        });
      }
      if (all.some((b) => b.rotate !== firstBox.rotate || b.view.some((v, i) => v !== firstBox.view[i])))
        setBoxes(all);
    } catch (error) {
      if (disposed) return;
      const failure = classifyOpenError(error);
      setStatus({ kind: "error", failure, detail: String((error as Error | null)?.message ?? error) });
    }
  };

  onMount(() => void open());
  onCleanup(() => {
    disposed = true;
    answerPassword?.(null);
    void task?.destroy();
    void pdf()?.destroy();
  });

  const submitPassword = (event: SubmitEvent) => {
    event.preventDefault();
    const value = passwordInput?.value ?? "";
    if (!value) {
      setPasswordError(t("viewer.passwordRequired"));
      passwordInput?.focus();
      return;
    }
    if (passwordInput) passwordInput.value = "";
    setStatus({ kind: "loading" });
    const answer = answerPassword;
    answerPassword = undefined;
    answer?.(value);
  };
  const cancelPassword = () => {
    const answer = answerPassword;
    answerPassword = undefined;
    answer?.(null);
  };

  // ---------------------------------------------------------------- layout
  /** Fit modes fit the widest (and tallest) page, so no page of a mixed document needs sideways scrolling. */
  const scale = createMemo(() => {
    let width = 0;
    let height = 0;
    for (const box of boxes()) {
      const v = pageViewport(box, { scale: 1, extraRotation: rotation() });
      width = Math.max(width, v.width);
      height = Math.max(height, v.height);
    }
    if (width === 0) return 1;
    const room = size();
    return scaleFor(
      zoom(),
      { width, height },
      { width: room.width - 2 * PAD, height: room.height - 2 * PAD },
    );
  });
  const layout = createMemo(() => {
    const s = scale();
    const rot = rotation();
    const widths: number[] = [];
    const heights: number[] = [];
    const offsets: number[] = [];
    let y = PAD;
    for (const box of boxes()) {
      const v = pageViewport(box, { scale: s, extraRotation: rot });
      offsets.push(y);
      widths.push(Math.floor(v.width));
      heights.push(Math.floor(v.height));
      y += Math.floor(v.height) + GAP;
    }
    return { widths, heights, offsets };
  });
  const near = createMemo(() => {
    const l = layout();
    return new Set(pagesNear(l.offsets, l.heights, scrollTop(), size().height, NEAR_MARGIN));
  });
  const currentPage = createMemo(() => currentPageAt(layout().offsets, scrollTop(), size().height));
  const pageCount = () => boxes().length;

  createEffect(
    on(currentPage, (page) => {
      if (document.activeElement?.id !== pageInputId) setPageInput(String(page));
      props.onPageChange?.(page);
    }),
  );

  // Keep the reader's place when the layout changes (zoom, rotation, page sizes).
  createEffect(
    on(layout, (l, previous) => {
      if (!scroller) return;
      if (!previous || previous.offsets.length === 0) {
        if (l.offsets.length > 0) goToPage(pendingInitialPage, false);
        return;
      }
      const page = untrack(currentPage);
      const i = page - 1;
      const before = previous.offsets[i] ?? 0;
      const fraction = (scroller.scrollTop - before) / Math.max(1, previous.heights[i] ?? 1);
      const xFraction =
        scroller.scrollWidth > scroller.clientWidth ? scroller.scrollLeft / scroller.scrollWidth : 0;
      scroller.scrollTop = (l.offsets[i] ?? 0) + fraction * (l.heights[i] ?? 0);
      scroller.scrollLeft = xFraction * scroller.scrollWidth;
      setScrollTop(scroller.scrollTop);
    }),
  );

  /** Scrolls so that `page` starts at the top of the view. */
  function goToPage(page: number, announce = true): void {
    const n = Math.min(Math.max(1, Math.round(page)), Math.max(1, pageCount()));
    const top = layout().offsets[n - 1];
    if (!scroller || top === undefined) {
      pendingInitialPage = n;
      return;
    }
    scroller.scrollTop = top - PAD / 2;
    setScrollTop(scroller.scrollTop);
    setPageInput(String(n));
    if (announce) setAnnouncement(t("viewer.pageAnnounce", { page: n, count: pageCount() }));
  }

  props.controls?.({ goToPage: (page) => goToPage(page) });

  const setPercent = (percent: number) => setZoom({ kind: "percent", percent });
  const zoomBy = (direction: 1 | -1) => setPercent(stepZoom(percentOf(scale()), direction));
  const rotate = () => {
    const next = ((rotation() + 90) % 360) as Rotation;
    setRotation(next);
    setAnnouncement(t("viewer.rotated", { degrees: next }));
  };

  // ---------------------------------------------------------------- scroller, resize, gestures
  const pageInputId = `pdf-page-input-${Math.random().toString(36).slice(2, 8)}`;
  let frame = 0;
  const onScroll = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (scroller) setScrollTop(scroller.scrollTop);
    });
  };
  const attachScroller = (el: HTMLDivElement) => {
    scroller = el;
    const observer = new ResizeObserver(() => setSize({ width: el.clientWidth, height: el.clientHeight }));
    observer.observe(el);
    setSize({ width: el.clientWidth, height: el.clientHeight });
    onCleanup(() => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    });
  };

  const touches = new Map<number, { x: number; y: number; startX: number; startY: number; at: number }>();
  let pinchStart: { distance: number; percent: number } | undefined;
  const distance = () => {
    const [a, b] = [...touches.values()];
    return a && b ? Math.hypot(a.x - b.x, a.y - b.y) : 0;
  };
  const onPointerDown = (e: PointerEvent) => {
    if (e.pointerType !== "touch") return;
    touches.set(e.pointerId, {
      x: e.clientX,
      y: e.clientY,
      startX: e.clientX,
      startY: e.clientY,
      at: e.timeStamp,
    });
    if (touches.size === 2) pinchStart = { distance: distance(), percent: percentOf(scale()) };
  };
  const onPointerMove = (e: PointerEvent) => {
    const touch = touches.get(e.pointerId);
    if (!touch) return;
    touch.x = e.clientX;
    touch.y = e.clientY;
    if (pinchStart && touches.size === 2 && scroller) {
      const [a, b] = [...touches.values()];
      const rect = scroller.getBoundingClientRect();
      setPinch({
        ratio: distance() / Math.max(1, pinchStart.distance),
        originX: (a!.x + b!.x) / 2 - rect.left + scroller.scrollLeft,
        originY: (a!.y + b!.y) / 2 - rect.top + scroller.scrollTop,
      });
      e.preventDefault();
    }
  };
  const onPointerUp = (e: PointerEvent) => {
    const touch = touches.get(e.pointerId);
    if (!touch) return;
    touches.delete(e.pointerId);
    if (pinchStart) {
      if (touches.size < 2) {
        const ratio = pinch()?.ratio ?? 1;
        const start = pinchStart;
        pinchStart = undefined;
        setPinch(undefined);
        if (Math.abs(ratio - 1) > 0.05) setPercent(Math.round(start.percent * ratio));
      }
      return;
    }
    if (e.type !== "pointerup") return;
    const dx = e.clientX - touch.startX;
    const dy = e.clientY - touch.startY;
    const fits = scroller ? scroller.scrollWidth <= scroller.clientWidth + 1 : true;
    if (
      fits &&
      Math.abs(dx) >= SWIPE_MIN &&
      Math.abs(dy) < Math.abs(dx) / 2 &&
      e.timeStamp - touch.at < 800
    ) {
      goToPage(currentPage() + (dx < 0 ? 1 : -1));
    }
  };
  const touchAction = () => {
    scrollTop();
    layout();
    return scroller && scroller.scrollWidth > scroller.clientWidth + 1 ? "pan-x pan-y" : "pan-y";
  };

  // ---------------------------------------------------------------- keyboard
  const isTyping = (target: EventTarget | null) =>
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  const onKeyDown = (e: KeyboardEvent) => {
    if (status().kind !== "ready") return;
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "f") {
      e.preventDefault();
      findInput?.focus();
      findInput?.select();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
    const actions: Record<string, () => void> = {
      PageDown: () => goToPage(currentPage() + 1),
      PageUp: () => goToPage(currentPage() - 1),
      Home: () => goToPage(1),
      End: () => goToPage(pageCount()),
      "+": () => zoomBy(1),
      "=": () => zoomBy(1),
      "-": () => zoomBy(-1),
      r: rotate,
      R: rotate,
    };
    const action = actions[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };
  // Ctrl+F anywhere on the page while the viewer is shown goes to its find box, not the browser's.
  const onDocumentKeyDown = (e: KeyboardEvent) => {
    if (!root.contains(e.target as Node) && (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "f")
      onKeyDown(e);
  };
  onMount(() => document.addEventListener("keydown", onDocumentKeyDown));
  onCleanup(() => document.removeEventListener("keydown", onDocumentKeyDown));

  // ---------------------------------------------------------------- find in document
  let texts: Promise<string[]> | undefined;
  /** Raw text of every page (pdf.js text items joined as the search index joins them), read once. */
  const pageTexts = () => {
    texts ??= (async () => {
      const doc = pdf();
      if (!doc) throw new Error("no document");
      const pages: string[] = [];
      for (let n = 1; n <= doc.numPages; n++) pages.push(joinTextItems((await textContent(n)).items));
      return pages;
    })();
    return texts;
  };
  let index: Promise<DocumentSearchIndex> | undefined;
  const FILE_ID = "document";
  const buildIndex = () => {
    index ??= pageTexts().then((pages) => {
      const built = new DocumentSearchIndex();
      built.add({ fileId: FILE_ID, name: props.name, pages });
      return built;
    });
    return index;
  };
  let findRun = 0;
  const runFind = async (query: string, fromInitialPage = false) => {
    const mine = ++findRun;
    const q = query.trim();
    props.onQueryChange?.(q);
    if (!q) {
      batch(() => {
        setActiveQuery("");
        setFindState({ kind: "idle" });
        setHitIndex(-1);
      });
      return;
    }
    setFindState({ kind: "searching" });
    let result: FileSearchResult;
    try {
      result = (await buildIndex()).searchFile(FILE_ID, q);
    } catch {
      result = { status: "not_indexed" };
    }
    if (mine !== findRun) return;
    if (result.status === "not_searchable") {
      batch(() => {
        setActiveQuery("");
        setFindState({ kind: "not_searchable" });
        setHitIndex(-1);
      });
      setAnnouncement(t("viewer.findNoText"));
      return;
    }
    const pages =
      result.status === "ok" ? result.hits.map((h) => ({ page: h.page, count: h.matches.length })) : [];
    const total = pages.reduce((sum, p) => sum + p.count, 0);
    if (total === 0) {
      batch(() => {
        setActiveQuery(q);
        setFindState({ kind: "none" });
        setHitIndex(-1);
      });
      setAnnouncement(t("viewer.findNone"));
      return;
    }
    // From `?page=`: the first hit on or after that page; otherwise the first hit after the current page.
    const from = fromInitialPage ? pendingInitialPage : currentPage();
    let first = 0;
    let seen = 0;
    for (const p of pages) {
      if (p.page >= from) {
        first = seen;
        break;
      }
      seen += p.count;
    }
    batch(() => {
      setActiveQuery(q);
      setFindState({ kind: "hits", pages, total });
      selectHit(first);
    });
  };
  let findTimer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(findTimer));
  const onFindInput = (value: string) => {
    setFindQuery(value);
    clearTimeout(findTimer);
    findTimer = setTimeout(() => void runFind(value), 250);
  };
  /** The hit's page and its index among that page's hits. */
  const hitLocation = createMemo(() => {
    const state = findState();
    const i = hitIndex();
    if (state.kind !== "hits" || i < 0) return undefined;
    let rest = i;
    for (const p of state.pages) {
      if (rest < p.count) return { page: p.page, k: rest };
      rest -= p.count;
    }
    return undefined;
  });
  function selectHit(i: number): void {
    const state = findState();
    if (state.kind !== "hits") return;
    const n = ((i % state.total) + state.total) % state.total;
    setHitIndex(n);
    const loc = hitLocation();
    if (loc && loc.page !== currentPage()) goToPage(loc.page, false);
    setAnnouncement(t("viewer.findCount", { current: n + 1, total: state.total, pages: state.pages.length }));
  }
  const findMessage = () => {
    const state = findState();
    switch (state.kind) {
      case "searching":
        return t("viewer.finding");
      case "not_searchable":
        return t("viewer.findNoText");
      case "none":
        return t("viewer.findNone");
      case "hits":
        return t("viewer.findCount", {
          current: hitIndex() + 1,
          total: state.total,
          pages: state.pages.length,
        });
      default:
        return "";
    }
  };

  // ---------------------------------------------------------------- text selection
  let selectionTimer: ReturnType<typeof setTimeout> | undefined;
  let lastSelection: string | null = null;
  const reportSelection = () => {
    const report = props.onTextSelection;
    if (!report) return;
    const sel = document.getSelection();
    const range = sel && sel.rangeCount > 0 && !sel.isCollapsed ? sel.getRangeAt(0) : undefined;
    const start = range?.startContainer;
    const startEl = start instanceof Element ? start : start?.parentElement;
    const pageEl = startEl?.closest<HTMLElement>(".pdf-page");
    const pageNumber = Number(pageEl?.dataset.pageNumber);
    if (!range || !pageEl || !root.contains(pageEl) || !pageNumber) {
      if (lastSelection !== null) report(null);
      lastSelection = null;
      return;
    }
    const box = boxes()[pageNumber - 1];
    if (!box) return;
    const vp = pageViewport(box, { scale: scale(), extraRotation: rotation() });
    const origin = pageEl.getBoundingClientRect();
    const rects = [...range.getClientRects()]
      .filter(
        (r) =>
          r.bottom > origin.top && r.top < origin.bottom && r.right > origin.left && r.left < origin.right,
      )
      .map((r) => ({ x: r.left - origin.left, y: r.top - origin.top, width: r.width, height: r.height }));
    const text = sel!.toString().normalize("NFC").trim();
    const key = `${pageNumber}:${text}:${rects.length}`;
    if (key === lastSelection) return;
    lastSelection = key;
    report({ pageNumber, text, quads: quadsFromSelectionBoxes(vp, rects) });
  };
  const onSelectionChange = () => {
    clearTimeout(selectionTimer);
    selectionTimer = setTimeout(reportSelection, 150);
  };
  onMount(() => document.addEventListener("selectionchange", onSelectionChange));
  onCleanup(() => {
    document.removeEventListener("selectionchange", onSelectionChange);
    clearTimeout(selectionTimer);
  });

  // ---------------------------------------------------------------- view
  const zoomValue = () => {
    const z = zoom();
    if (z.kind !== "percent") return z.kind;
    const percent = percentOf(scale());
    return ZOOM_PRESETS.includes(percent) ? String(percent) : "percent";
  };
  /** The current percent gets its own entry only when no preset says it already (no "100%" twice). */
  const customPercent = () => !ZOOM_PRESETS.includes(percentOf(scale()));
  const pages = createMemo(() => boxes().map((_, i) => i + 1));

  return (
    <section
      ref={root}
      class="pdf-viewer"
      classList={{ "with-sidebar": sidebar() && status().kind === "ready" }}
      aria-label={t("viewer.regionLabel", { name: props.name })}
      onKeyDown={onKeyDown}
    >
      <p class="visually-hidden" role="status" aria-live="polite">
        {announcement()}
      </p>
      <Switch>
        <Match when={status().kind === "loading"}>
          <p class="pdf-viewer-message" role="status">
            {t("viewer.loading")}
          </p>
        </Match>
        <Match when={status().kind === "password"}>
          <form class="pdf-password card" aria-labelledby="pdf-password-title" onSubmit={submitPassword}>
            <h2 id="pdf-password-title">{t("viewer.passwordTitle")}</h2>
            <p>{t("viewer.passwordIntro")}</p>
            <label for="pdf-password">{t("viewer.passwordLabel")}</label>
            <input
              id="pdf-password"
              ref={passwordInput}
              type="password"
              autocomplete="off"
              aria-invalid={passwordError() ? "true" : undefined}
              aria-describedby={passwordError() ? "pdf-password-error" : undefined}
            />
            <Show when={passwordError()}>
              <p id="pdf-password-error" class="field-error" role="alert">
                {passwordError()}
              </p>
            </Show>
            <div class="pdf-password-actions">
              <button type="submit" class="button button-primary">
                {t("viewer.passwordOpen")}
              </button>
              <button type="button" class="button" onClick={cancelPassword}>
                {t("viewer.passwordCancel")}
              </button>
            </div>
          </form>
        </Match>
        <Match when={status().kind === "error" && (status() as Extract<Status, { kind: "error" }>)}>
          {(error) => (
            <div class="notice" classList={{ "notice-danger": error().failure !== "cancelled" }} role="alert">
              <p>
                {error().failure === "damaged"
                  ? t("viewer.damaged")
                  : error().failure === "cancelled"
                    ? t("viewer.cancelled")
                    : t("viewer.failed")}
              </p>
              <Show when={error().failure !== "damaged"}>
                <button type="button" class="button" onClick={() => void open()}>
                  {error().failure === "cancelled" ? t("viewer.enterPassword") : t("viewer.retry")}
                </button>
              </Show>
            </div>
          )}
        </Match>
      </Switch>
      <Show when={status().kind === "ready" && pdf()}>
        {(doc) => (
          <>
            <div class="pdf-toolbar" role="toolbar" aria-label={t("viewer.toolbarLabel")}>
              <button
                type="button"
                class="button pdf-tool"
                aria-pressed={sidebar()}
                aria-label={sidebar() ? t("viewer.hideThumbnails") : t("viewer.showThumbnails")}
                title={sidebar() ? t("viewer.hideThumbnails") : t("viewer.showThumbnails")}
                onClick={() => setSidebar(!sidebar())}
              >
                <span aria-hidden="true">▤</span>
              </button>
              <div class="pdf-tool-group">
                <button
                  type="button"
                  class="button pdf-tool"
                  aria-label={t("viewer.previous")}
                  title={t("viewer.previous")}
                  disabled={currentPage() <= 1}
                  onClick={() => goToPage(currentPage() - 1)}
                >
                  <span aria-hidden="true">‹</span>
                </button>
                <form
                  class="pdf-page-form"
                  onSubmit={(e) => {
                    e.preventDefault();
                    const n = Number(pageInput());
                    if (Number.isFinite(n)) goToPage(n);
                    else setPageInput(String(currentPage()));
                  }}
                >
                  <label for={pageInputId} class="visually-hidden">
                    {t("viewer.pageLabel")}
                  </label>
                  <input
                    id={pageInputId}
                    class="pdf-page-input"
                    inputMode="numeric"
                    type="text"
                    size={4}
                    value={pageInput()}
                    onInput={(e) => setPageInput(e.currentTarget.value)}
                    onBlur={() => setPageInput(String(currentPage()))}
                  />
                  <span class="pdf-page-count">{t("viewer.pageOf", { count: pageCount() })}</span>
                </form>
                <button
                  type="button"
                  class="button pdf-tool"
                  aria-label={t("viewer.next")}
                  title={t("viewer.next")}
                  disabled={currentPage() >= pageCount()}
                  onClick={() => goToPage(currentPage() + 1)}
                >
                  <span aria-hidden="true">›</span>
                </button>
              </div>
              <div class="pdf-tool-group">
                <button
                  type="button"
                  class="button pdf-tool"
                  aria-label={t("viewer.zoomOut")}
                  title={t("viewer.zoomOut")}
                  onClick={() => zoomBy(-1)}
                >
                  <span aria-hidden="true">−</span>
                </button>
                <label class="visually-hidden" for={`${pageInputId}-zoom`}>
                  {t("viewer.zoomLabel")}
                </label>
                <select
                  id={`${pageInputId}-zoom`}
                  class="pdf-zoom"
                  value={zoomValue()}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    if (v === "fit-width" || v === "fit-page") setZoom({ kind: v });
                    else if (v !== "percent") setPercent(Number(v));
                  }}
                >
                  <option value="fit-width">{t("viewer.fitWidth")}</option>
                  <option value="fit-page">{t("viewer.fitPage")}</option>
                  {/* Always in the list (hidden when a preset says the same), so the select can show it the
                      moment the zoom leaves the presets: an option added after the value is set would
                      leave the list showing its first entry ("fit width") at 250 %. */}
                  <option value="percent" hidden={!customPercent()}>
                    {t("viewer.percent", { percent: percentOf(scale()) })}
                  </option>
                  <For each={ZOOM_PRESETS}>
                    {(p) => <option value={String(p)}>{t("viewer.percent", { percent: p })}</option>}
                  </For>
                </select>
                <button
                  type="button"
                  class="button pdf-tool"
                  aria-label={t("viewer.zoomIn")}
                  title={t("viewer.zoomIn")}
                  onClick={() => zoomBy(1)}
                >
                  <span aria-hidden="true">+</span>
                </button>
              </div>
              <button
                type="button"
                class="button pdf-tool"
                aria-label={t("viewer.rotate")}
                title={t("viewer.rotate")}
                onClick={rotate}
              >
                <span aria-hidden="true">⟳</span>
              </button>
              {/* biome-ignore lint/a11y/useSemanticElements: a form with role "search" is the search landmark; Solid's JSX has no <search> element */}
              <form
                class="pdf-find"
                role="search"
                aria-label={t("viewer.findLabel")}
                onSubmit={(e) => {
                  e.preventDefault();
                  if (activeQuery() === findQuery().trim() && findState().kind === "hits")
                    selectHit(hitIndex() + 1);
                  else void runFind(findQuery());
                }}
              >
                <input
                  ref={findInput}
                  type="search"
                  aria-label={t("viewer.findLabel")}
                  placeholder={t("viewer.findPlaceholder")}
                  value={findQuery()}
                  onInput={(e) => onFindInput(e.currentTarget.value)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter" && e.shiftKey) {
                      e.preventDefault();
                      selectHit(hitIndex() - 1);
                    } else if (e.key === "Escape") {
                      onFindInput("");
                    }
                  }}
                />
                <button
                  type="button"
                  class="button pdf-tool"
                  aria-label={t("viewer.findPrevious")}
                  title={t("viewer.findPrevious")}
                  disabled={findState().kind !== "hits"}
                  onClick={() => selectHit(hitIndex() - 1)}
                >
                  <span aria-hidden="true">↑</span>
                </button>
                <button
                  type="button"
                  class="button pdf-tool"
                  aria-label={t("viewer.findNext")}
                  title={t("viewer.findNext")}
                  disabled={findState().kind !== "hits"}
                  onClick={() => selectHit(hitIndex() + 1)}
                >
                  <span aria-hidden="true">↓</span>
                </button>
                <span class="pdf-find-status" data-state={findState().kind}>
                  {findMessage()}
                </span>
              </form>
            </div>
            <p class="visually-hidden">{t("viewer.shortcuts")}</p>
            <div class="pdf-body">
              <Show when={sidebar()}>
                <Thumbnails
                  pdf={doc()}
                  boxes={boxes()}
                  extraRotation={rotation()}
                  current={currentPage()}
                  onSelect={(n) => goToPage(n)}
                />
              </Show>
              <div
                ref={attachScroller}
                class="pdf-scroller"
                tabindex="0"
                aria-label={t("viewer.pagesLabel")}
                role="document"
                style={{ "touch-action": touchAction() }}
                onScroll={onScroll}
                onPointerDown={onPointerDown}
                onPointerMove={onPointerMove}
                onPointerUp={onPointerUp}
                onPointerCancel={onPointerUp}
              >
                <div
                  class="pdf-pages"
                  style={{
                    transform: pinch() ? `scale(${pinch()!.ratio})` : undefined,
                    "transform-origin": pinch() ? `${pinch()!.originX}px ${pinch()!.originY}px` : undefined,
                  }}
                >
                  <For each={pages()}>
                    {(n) => (
                      <PdfPage
                        pdfjs={pdfjs()!}
                        pdf={doc()}
                        pageNumber={n}
                        scale={scale()}
                        extraRotation={rotation()}
                        cssWidth={layout().widths[n - 1] ?? 0}
                        cssHeight={layout().heights[n - 1] ?? 0}
                        near={near().has(n)}
                        textContent={textContent}
                        query={activeQuery()}
                        selectedHit={hitLocation()?.page === n ? hitLocation()!.k : -1}
                        renderOverlay={props.renderPageOverlay}
                        onRendered={onPageRendered}
                      />
                    )}
                  </For>
                </div>
              </div>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}

export default PdfViewer;
