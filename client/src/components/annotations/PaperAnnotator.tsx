import {
  type Accessor,
  createEffect,
  createMemo,
  createSignal,
  For,
  type JSX,
  on,
  onCleanup,
  Show,
} from "solid-js";
import {
  type AnnotationColor,
  type AnnotationGeometry,
  AnnotationKind,
  annotationSummary,
  type CarryOverInput,
  formatDateTime,
  type MyAnnotationView,
  type NotPlacedReason,
  type PaperView,
  participantOfMember,
  planCarryOver,
  type Quad,
  quadsForTextRange,
  quoteForSelection,
  type TextQuote,
  unplacedAnnotations,
  type Viewport,
} from "../../../../shared/src/index.ts";
import { useI18n } from "../../i18n/index.ts";
import type { ActionError } from "../../state/actions.ts";
import { type MeetingAnnotations, useMeetingAnnotations } from "../../state/annotation-docs.ts";
import { type AnnotationPlace, addAnnotation, carryOverMyAnnotations } from "../../state/annotations.ts";
import { getLocalPaper, onPaperStored } from "../../state/blobs.ts";
import type { MeetingSource } from "../../state/meetings.ts";
import { AnnotationLayer, type DrawnAnnotation } from "./AnnotationLayer.tsx";
import { AnnotationPanel } from "./AnnotationPanel.tsx";
import { AnnotationToolbar } from "./AnnotationToolbar.tsx";
import { downloadFile, exportFileName } from "./download.ts";
import {
  allPageContents,
  pageTextContent,
  rawPageTexts,
  release,
  retain,
  textLayerMeasure,
} from "./pdf-text.ts";
import type { AnnotationTool } from "./tools.ts";
import "./annotations.css";

/** What the viewer gives the overlay of one page (components/viewer/types.ts PageOverlayContext). */
export interface OverlayPage {
  /** 1-based. */
  readonly pageNumber: number;
  /** The page's viewport at the current zoom and rotation, as plain data. */
  readonly geometry: Viewport;
}

/** A text selection in the viewer (components/viewer/types.ts TextSelection). */
export interface ViewerSelection {
  readonly pageNumber: number;
  readonly text: string;
  readonly quads: readonly Quad[];
}

export interface PaperAnnotatorOptions {
  readonly source: Accessor<MeetingSource | undefined>;
  /** The paper version open in the viewer. */
  readonly paper: Accessor<PaperView | undefined>;
  /** Every version of its series (any order). */
  readonly versions: Accessor<readonly PaperView[]>;
  /** Name of a file of this meeting by its hash (for the meeting-wide list). */
  readonly fileName: (hash: string) => string | undefined;
  /** Shows a page (0-based) of the open version. */
  readonly goToPage: (pageIndex: number) => void;
  /** Opens another file of the meeting (by hash) at a page (0-based). */
  readonly openFile: (hash: string, pageIndex: number) => void;
}

/** A could-not-be-placed entry: the old annotation and why. */
interface Unplaced {
  readonly annotation: MyAnnotationView;
  readonly reason: NotPlacedReason | "old_unavailable";
}

/**
 * Annotations on the paper open in the viewer: the toolbar, the layer drawn over each page (through
 * the viewer's overlay slot), creation from text selections and pointer input, the side panel,
 * carry-over from the previous version with its "could not be placed" list, and export. Returns the
 * pieces for the viewer page to place; all writes go through state/annotations.ts.
 */
export function usePaperAnnotator(options: PaperAnnotatorOptions): {
  toolbar: () => JSX.Element;
  panel: () => JSX.Element;
  renderPageOverlay: (page: OverlayPage) => JSX.Element;
  onTextSelection: (selection: ViewerSelection | null) => void;
  data: MeetingAnnotations;
} {
  const { t } = useI18n();
  const data = useMeetingAnnotations(options.source);
  const [tool, setTool] = createSignal<AnnotationTool>("select");
  const [color, setColor] = createSignal<AnnotationColor>("yellow");
  const [selectedId, setSelectedId] = createSignal<string | null>(null);
  const [editRequest, setEditRequest] = createSignal<string | null>(null);
  const [error, setError] = createSignal("");
  const fileId = () => options.paper()?.hash;

  createEffect(
    on(fileId, (hash) => {
      if (!hash) return;
      retain(hash);
      onCleanup(() => release(hash));
    }),
  );

  const report = (e: unknown) => {
    const code = (e as ActionError | undefined)?.code ?? "unknown";
    setError(t(`annot.error.${code}` as "annot.error.unknown") ?? t("annot.error.unknown"));
  };

  const drawnByPage = createMemo(() => {
    const hash = fileId();
    const map = new Map<number, DrawnAnnotation[]>();
    if (!hash) return map;
    const push = (pageIndex: number, a: DrawnAnnotation) => {
      const list = map.get(pageIndex) ?? [];
      list.push(a);
      map.set(pageIndex, list);
    };
    const me = data.handles().memberId;
    for (const a of data.mine()) {
      if (a.fileId === hash)
        push(a.pageIndex, { ...a, owner: a.visibility === "shared" ? "shared" : "private" });
    }
    for (const th of data.threads()) {
      const a = th.annotation;
      if (th.status === "live" && a.fileId === hash && a.memberId !== me)
        push(a.pageIndex, { ...a, owner: "others" });
    }
    return map;
  });

  const create = (pageIndex: number, geometry: AnnotationGeometry, quote: TextQuote | null = null) => {
    const meetingId = options.source()?.state.view?.id;
    const hash = fileId();
    if (!meetingId || !hash) return undefined;
    setError("");
    try {
      const id = addAnnotation(data.handles(), {
        meetingId,
        fileId: hash,
        pageIndex,
        color: color(),
        geometry,
        quote,
      });
      setSelectedId(id);
      return id;
    } catch (e) {
      report(e);
      return undefined;
    }
  };

  const renderPageOverlay = (page: OverlayPage): JSX.Element => {
    const pageIndex = page.pageNumber - 1;
    return (
      <AnnotationLayer
        pageIndex={pageIndex}
        viewport={page.geometry}
        annotations={drawnByPage().get(pageIndex) ?? []}
        tool={data.ready() ? tool() : "select"}
        color={color()}
        selectedId={selectedId()}
        onSelect={setSelectedId}
        onCreate={(geometry) => {
          const id = create(pageIndex, geometry);
          // A note is written at once, then its text is typed in the panel.
          if (id && geometry.kind === AnnotationKind.Note) setEditRequest(id);
        }}
      />
    );
  };

  const onTextSelection = (selection: ViewerSelection | null) => {
    const hash = fileId();
    if (!selection || tool() !== "text_highlight" || !hash || selection.quads.length === 0) return;
    const pageIndex = selection.pageNumber - 1;
    void pageTextContent(hash, pageIndex)
      .then((content) => quoteForSelection(content, selection.text, selection.quads).quote)
      .catch(() => ({ exact: selection.text.replace(/\s+/gu, " ").trim(), prefix: "", suffix: "" }))
      .then((quote) => {
        if (!quote.exact) return;
        create(pageIndex, { kind: AnnotationKind.TextHighlight, quads: selection.quads }, quote);
        globalThis.getSelection?.()?.removeAllRanges();
      });
  };

  // ---- carry-over from the previous version ----
  const previous = createMemo(() => {
    const p = options.paper();
    if (!p || p.version <= 1) return undefined;
    return options
      .versions()
      .filter((v) => v.version < p.version && !v.deletedAt)
      .sort((a, b) => b.version - a.version)[0];
  });
  const [unplaced, setUnplaced] = createSignal<readonly Unplaced[]>([]);
  const [placedCount, setPlacedCount] = createSignal(0);
  const attempted = new Set<string>();
  // A version whose bytes arrive later (background download) gets its carry-over then.
  const [arrivals, setArrivals] = createSignal(0);
  onCleanup(
    onPaperStored((hash) => {
      if (hash === options.paper()?.hash || hash === previous()?.hash) setArrivals((n) => n + 1);
    }),
  );

  createEffect(() => {
    arrivals();
    const old = previous();
    const current = options.paper();
    if (!old || !current || !data.ready()) return;
    const mine = data.mine();
    const waiting = unplacedAnnotations(mine, old.hash, current.hash) as MyAnnotationView[];
    const key = `${old.hash}>${current.hash}:${waiting.map((a) => a.id).join(",")}`;
    if (waiting.length === 0) {
      setUnplaced([]);
      return;
    }
    if (attempted.has(key)) return;
    attempted.add(key);
    void carryOver(old, current, waiting).then((done) => {
      if (!done) attempted.delete(key);
    });
  });

  /** Carries `waiting` over from `old` to `current`; false when the new version is not readable yet. */
  async function carryOver(
    old: PaperView,
    current: PaperView,
    waiting: readonly MyAnnotationView[],
  ): Promise<boolean> {
    let newContents: Awaited<ReturnType<typeof allPageContents>>;
    let oldPages: string[] | undefined;
    try {
      newContents = await allPageContents(current.hash);
    } catch {
      return false; // not on this device yet (or unreadable): tried again when its bytes arrive
    }
    try {
      retain(old.hash);
      oldPages = rawPageTexts(await allPageContents(old.hash));
    } catch {
      // Without the old text (not on this device, unreadable), only text highlights — which carry
      // their quote — can be placed; the others are listed with the reason.
      oldPages = undefined;
    } finally {
      release(old.hash);
    }
    const plan = planCarryOver(waiting, { oldPages, newPages: rawPageTexts(newContents) });
    const writes: (CarryOverInput & { place: AnnotationPlace })[] = [];
    const failed: Unplaced[] = [];
    for (const p of plan) {
      const a = p.annotation as MyAnnotationView;
      if (p.status === "not_placed") {
        failed.push({
          annotation: a,
          reason:
            oldPages === undefined && a.kind !== AnnotationKind.TextHighlight ? "old_unavailable" : p.reason,
        });
        continue;
      }
      let geometry = p.geometry;
      if (!geometry && p.range) {
        const content = newContents[p.pageIndex]!;
        const measure = textLayerMeasure(content);
        const quads = quadsForTextRange(content, p.range, measure ? { measure } : {});
        if (quads.length > 0) geometry = { kind: AnnotationKind.TextHighlight, quads };
      }
      if (!geometry) {
        failed.push({ annotation: a, reason: "quote_not_found" });
        continue;
      }
      writes.push({
        from: a,
        fileId: current.hash,
        pageIndex: p.pageIndex,
        geometry,
        quote: p.quote,
        place: a.visibility,
      });
    }
    try {
      if (writes.length > 0) carryOverMyAnnotations(data.handles(), writes);
      setPlacedCount((n) => n + writes.length);
    } catch (e) {
      report(e);
    }
    setUnplaced(failed);
    return true;
  }

  // ---- export ----
  const [exportStatus, setExportStatus] = createSignal("");
  const myName = () => {
    const meeting = data.meetingDoc();
    try {
      return meeting ? participantOfMember(meeting, data.handles().memberId).fullName : "";
    } catch {
      return "";
    }
  };
  const mineHere = () => data.mine().filter((a) => a.fileId === fileId());

  async function exportPdf() {
    const p = options.paper();
    if (!p) return;
    setExportStatus(t("annot.export.working"));
    const blob = await getLocalPaper(p.hash).catch(() => undefined);
    if (!blob) {
      setExportStatus(t("annot.export.noPaper"));
      return;
    }
    try {
      const { drawAnnotationsIntoPdf } = await import("../../../../shared/src/annotations/export-pdf.ts");
      const bytes = await drawAnnotationsIntoPdf(await blob.arrayBuffer(), mineHere(), { author: myName() });
      downloadFile(
        exportFileName(p.name, "ghi chú", "pdf"),
        bytes as Uint8Array<ArrayBuffer>,
        "application/pdf",
      );
      setExportStatus(t("annot.export.done"));
    } catch {
      setExportStatus(t("annot.export.failed"));
    }
  }

  function exportText() {
    const p = options.paper();
    if (!p) return;
    const threads = new Map(data.threads().map((th) => [th.annotation.id, th]));
    const text = annotationSummary(
      mineHere().map((a) => ({ ...a, replies: threads.get(a.id)?.replies ?? [] })),
      {
        title: t("annot.export.summaryTitle", { name: p.name }),
        exported: t("annot.export.summaryExported", { time: formatDateTime(new Date().toISOString()) }),
        empty: t("annot.export.summaryEmpty"),
        page: (page) => t("annot.panel.page", { page }),
        kind: (kind) => t(`annot.kind.${kind}`),
        color: (c) => t(`annot.color.${c}`),
        quote: t("annot.export.summaryQuote"),
        note: t("annot.export.summaryNote"),
        replies: t("annot.export.summaryReplies"),
        visibility: (v) => (v === "shared" ? t("annot.panel.sharedBadge") : t("annot.panel.private")),
      },
    );
    downloadFile(exportFileName(p.name, "ghi chú", "txt"), text, "text/plain;charset=utf-8");
    setExportStatus(t("annot.export.done"));
  }

  const panel = () => (
    <AnnotationPanel
      data={data}
      fileId={fileId()}
      fileName={options.fileName}
      selectedId={selectedId()}
      onSelect={setSelectedId}
      editRequest={editRequest()}
      onEditRequestHandled={() => setEditRequest(null)}
      onJump={(hash, pageIndex) =>
        hash === fileId() ? options.goToPage(pageIndex) : options.openFile(hash, pageIndex)
      }
    >
      <Show when={unplaced().length > 0 && previous()}>
        {(old) => (
          <section class="carry-over" aria-labelledby="carry-over-heading">
            <h3 id="carry-over-heading">{t("annot.carry.heading")}</h3>
            <p>{t("annot.carry.intro", { count: unplaced().length })}</p>
            <ul>
              <For each={unplaced()}>
                {(u) => (
                  <li data-annotation-id={u.annotation.id}>
                    <span class="item-kind">{t(`annot.kind.${u.annotation.kind}`)}</span> ·{" "}
                    {t("annot.panel.page", { page: u.annotation.pageIndex + 1 })}
                    <Show when={u.annotation.quote?.exact || u.annotation.text}>
                      <blockquote class="item-quote">
                        {u.annotation.quote?.exact || u.annotation.text}
                      </blockquote>
                    </Show>
                    <p class="item-note">{t(`annot.carry.reason.${u.reason}`)}</p>
                    <button
                      type="button"
                      class="button button-small"
                      onClick={() => options.openFile(old().hash, u.annotation.pageIndex)}
                    >
                      {t("annot.carry.openOld")}
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </section>
        )}
      </Show>
      <Show when={placedCount() > 0}>
        <p class="panel-note" role="status">
          {t("annot.carry.placed", { count: placedCount() })}
        </p>
      </Show>
      <section class="annotation-export" aria-labelledby="annotation-export-heading">
        <h3 id="annotation-export-heading">{t("annot.export.heading")}</h3>
        <div class="item-actions">
          <button type="button" class="button button-small" onClick={() => void exportPdf()}>
            {t("annot.export.pdf")}
          </button>
          <button type="button" class="button button-small" onClick={exportText}>
            {t("annot.export.text")}
          </button>
        </div>
        <p class="panel-note" role="status" aria-live="polite">
          {exportStatus()}
        </p>
      </section>
    </AnnotationPanel>
  );

  const toolbar = () => (
    <>
      <AnnotationToolbar
        tool={tool()}
        color={color()}
        onTool={setTool}
        onColor={setColor}
        enabled={data.ready()}
      />
      <Show when={error()}>
        <p class="panel-error" role="alert">
          {error()}
        </p>
      </Show>
    </>
  );

  return { toolbar, panel, renderPageOverlay, onTextSelection, data };
}
