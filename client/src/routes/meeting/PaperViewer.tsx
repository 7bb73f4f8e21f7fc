import { A, useNavigate, useParams, useSearchParams } from "@solidjs/router";
import {
  createEffect,
  createMemo,
  createResource,
  createSignal,
  type JSX,
  lazy,
  Match,
  on,
  onCleanup,
  Show,
  Suspense,
  Switch,
} from "solid-js";
import {
  allPaperVersions,
  currentVersionOf,
  paperById,
  paperVersions,
} from "../../../../shared/src/meeting/papers.ts";
import { usePaperAnnotator } from "../../components/annotations/PaperAnnotator.tsx";
import { DocStateNotice } from "../../components/meeting/DocStateNotice.tsx";
import { useCurrentMeeting } from "../../components/meeting/MeetingLayout.tsx";
import type { PdfViewerControls } from "../../components/viewer/PdfViewer.tsx";
import { useI18n } from "../../i18n/index.ts";
import { getLocalPaper, onPaperStored } from "../../state/blobs.ts";
import { createDocSignal, meetingPath } from "../../state/meetings.ts";
import { addUnlockedText } from "../../state/paper-search.ts";
import { meetingPaperState } from "../../state/paper-sync.ts";
import { recordPaperOpened } from "../../state/papers.ts";

// pdf.js and the viewer load only when a paper is opened (precached, so offline too).
const PdfViewer = lazy(() => import("../../components/viewer/PdfViewer.tsx"));

/**
 * "/meetings/:id/papers/:paperId?page=N&q=…": one paper of the meeting in the PDF viewer. The bytes
 * come ONLY from this device's store (`getLocalPaper`); when they are not there yet the page says so
 * and opens the paper by itself once the background download stores it. Opening records the member's
 * "opened" receipt. `?page=` and `?q=` open at that page with the hits highlighted, and follow the
 * reader (replace, not push, so Back leaves the viewer).
 */
export default function PaperViewerPage(): JSX.Element {
  const { t } = useI18n();
  const params = useParams<{ id: string; paperId: string }>();
  const [search, setSearch] = useSearchParams<{ page?: string; q?: string }>();
  const source = useCurrentMeeting();
  const doc = createMemo(() => {
    const handle = source()?.handle();
    return handle ? createDocSignal(handle) : undefined;
  });
  const docLoaded = () => doc()?.() !== undefined;
  const paper = createMemo(() => {
    const d = doc()?.();
    return d ? paperById(d, params.paperId) : undefined;
  });
  const current = createMemo(() => {
    const d = doc()?.();
    return d ? currentVersionOf(d, params.paperId) : undefined;
  });
  const hash = createMemo(() => paper()?.hash);
  const [stored, setStored] = createSignal(0);
  const unsubscribe = onPaperStored((h) => {
    if (h === hash()) setStored((n) => n + 1);
  });
  onCleanup(unsubscribe);
  const [bytes] = createResource(
    () => (hash() ? { hash: hash()!, stored: stored() } : undefined),
    async ({ hash }) => {
      const blob = await getLocalPaper(hash);
      return blob ? new Uint8Array(await blob.arrayBuffer()) : null;
    },
  );
  /** The meeting's download progress (its files in bytes), while a download runs. */
  const downloadPercent = () => {
    const state = meetingPaperState(source()?.state.documentId ?? "");
    if (!state?.downloading || state.bytes === 0) return undefined;
    return Math.floor((state.localBytes / state.bytes) * 100);
  };
  // Read the query string once: the viewer then owns page and query, and reports them back.
  const initialPage = Number(search.page) || 1;
  const initialQuery = search.q ?? "";
  const papersPath = () => `${meetingPath(params.id)}/papers`;

  // Browsers limit history.replaceState to about 100 calls per 10 s: follow the page once scrolling settles.
  let pageTimer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(pageTimer));
  const rememberPage = (page: number) => {
    clearTimeout(pageTimer);
    pageTimer = setTimeout(
      () => setSearch({ page: page > 1 ? String(page) : undefined }, { replace: true }),
      600,
    );
  };

  // Annotations (issue 5): toolbar, a layer over each page, the side panel.
  const navigate = useNavigate();
  let viewerControls: PdfViewerControls | undefined;
  const annotator = usePaperAnnotator({
    source,
    paper,
    versions: () => {
      const d = doc()?.();
      const p = paper();
      return d && p ? paperVersions(d, p.seriesId) : [];
    },
    fileName: (h) => {
      const d = doc()?.();
      return d ? allPaperVersions(d).find((v) => v.hash === h)?.name : undefined;
    },
    goToPage: (pageIndex) => viewerControls?.goToPage(pageIndex + 1),
    openFile: (h, pageIndex) => {
      const d = doc()?.();
      const target = d ? allPaperVersions(d).find((v) => v.hash === h && !v.deletedAt) : undefined;
      if (target) navigate(`${papersPath()}/${encodeURIComponent(target.id)}?page=${pageIndex + 1}`);
    },
  });

  let opened = false;
  createEffect(
    on(
      () => params.paperId,
      () => {
        opened = false;
      },
    ),
  );
  const onOpened = () => {
    const handle = source()?.handle();
    if (opened || !handle) return;
    opened = true;
    void recordPaperOpened(handle, params.paperId);
  };

  /**
   * The meeting is not on this device (an uninvited member, or not synced yet) or is damaged: say so
   * as the overview does, with no viewer, annotation tools or exports.
   */
  const blocked = () => {
    const status = source()?.state.status;
    return status === "unavailable" || status === "invalid";
  };

  return (
    <Show
      when={!blocked()}
      fallback={
        <section class="paper-viewer-page" aria-labelledby="paper-heading">
          <p class="back-link">
            <A href={papersPath()}>
              <span aria-hidden="true">←</span>
              {t("paperViewer.back")}
            </A>
          </p>
          <h1 id="paper-heading">{t("paperViewer.unavailableTitle")}</h1>
          <DocStateNotice state={source()!.state} />
        </section>
      }
    >
      <section class="paper-viewer-page" aria-labelledby="paper-heading">
        <div class="paper-viewer-head">
          <p class="back-link">
            <A href={papersPath()}>
              <span aria-hidden="true">←</span>
              {t("paperViewer.back")}
            </A>
          </p>
          <h1 id="paper-heading">{paper()?.name ?? t("paperViewer.loading")}</h1>
          <Show when={paper()}>
            {(p) => (
              <p class="paper-viewer-meta">
                {t("paperViewer.version", { version: p().version })}
                <Show when={p().pages}>{(n) => <> · {t("paperViewer.pages", { count: n() })}</>}</Show>
              </p>
            )}
          </Show>
        </div>
        <Show when={current() && paper() && current()!.id !== paper()!.id}>
          <p class="notice notice-info" role="status">
            {t("paperViewer.newVersion")}{" "}
            <A href={`${papersPath()}/${encodeURIComponent(current()!.id)}`}>
              {t("paperViewer.openNewVersion")}
            </A>
          </p>
        </Show>
        <div class="paper-annotated">
          <div class="paper-annotated-main">
            {annotator.toolbar()}
            <Switch>
              <Match when={docLoaded() && !paper()}>
                <p class="notice notice-warning" role="alert">
                  {t("paperViewer.notFound")}
                </p>
              </Match>
              <Match when={bytes.error}>
                <p class="notice notice-danger" role="alert">
                  {t("paperViewer.readError")}
                </p>
              </Match>
              <Match when={bytes() === null}>
                <div class="notice notice-info" role="status">
                  <p>{t("paperViewer.notLocal")}</p>
                  <Show when={downloadPercent()}>
                    {(percent) => (
                      <>
                        <progress
                          max="100"
                          value={percent()}
                          aria-label={t("paperViewer.downloading", { percent: percent() })}
                        />
                        <p>{t("paperViewer.downloading", { percent: percent() })}</p>
                      </>
                    )}
                  </Show>
                </div>
              </Match>
              <Match when={bytes()} keyed>
                {(data) => (
                  <Suspense fallback={<p role="status">{t("viewer.loadingViewer")}</p>}>
                    <PdfViewer
                      data={data}
                      name={paper()?.name ?? ""}
                      initialPage={Number(search.page) || initialPage}
                      initialQuery={initialQuery}
                      onOpened={onOpened}
                      onPageChange={rememberPage}
                      onProtectedText={(pages) => {
                        const h = hash();
                        if (h) void addUnlockedText(h, pages);
                      }}
                      onQueryChange={(q) => setSearch({ q: q || undefined }, { replace: true })}
                      renderPageOverlay={annotator.renderPageOverlay}
                      onTextSelection={annotator.onTextSelection}
                      controls={(api) => {
                        viewerControls = api;
                      }}
                    />
                  </Suspense>
                )}
              </Match>
              <Match when={true}>
                <p role="status">{t("paperViewer.loading")}</p>
              </Match>
            </Switch>
          </div>
          {annotator.panel()}
        </div>
      </section>
    </Show>
  );
}
