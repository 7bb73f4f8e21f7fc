import { A } from "@solidjs/router";
import { type Accessor, createMemo, createSignal, For, type JSX, onCleanup, onMount, Show } from "solid-js";
import type { Snippet } from "../../../../shared/src/search/index.ts";
import { useI18n } from "../../i18n/index.ts";
import {
  type PaperScopeEntry,
  paperIndexProgress,
  refreshLocalPapers,
  searchPapers,
} from "../../state/paper-search.ts";
import "./search.css";

/** The viewer's address for a hit: the paper, opened at `page` with `q` highlighted. */
export function paperViewerHref(
  entry: Pick<PaperScopeEntry, "meetingId" | "paperId">,
  page?: number,
  query?: string,
): string {
  const params = new URLSearchParams();
  if (page) params.set("page", String(page));
  if (query) params.set("q", query);
  const search = params.toString();
  return `/meetings/${entry.meetingId}/papers/${encodeURIComponent(entry.paperId)}${search ? `?${search}` : ""}`;
}

function SnippetText(props: { snippet: Snippet }): JSX.Element {
  const parts = () => {
    const { text, highlights } = props.snippet;
    const out: Array<{ text: string; hit: boolean }> = [];
    let at = 0;
    for (const h of highlights) {
      if (h.start > at) out.push({ text: text.slice(at, h.start), hit: false });
      out.push({ text: text.slice(h.start, h.end), hit: true });
      at = h.end;
    }
    if (at < text.length) out.push({ text: text.slice(at), hit: false });
    return out;
  };
  return (
    <p class="search-snippet">
      <For each={parts()}>{(part) => (part.hit ? <mark>{part.text}</mark> : part.text)}</For>
    </p>
  );
}

/**
 * Offline search over the papers in `scope` (one meeting's, or every meeting's): a search form and the
 * results — meeting (when `showMeeting`), file and page with snippets, each a link that opens the
 * viewer on that page with the hits highlighted. Says which files cannot be searched (scans without a
 * text layer), which are not on the device yet, and how far indexing has come. Searches as the reader
 * types (debounced) and on Enter.
 */
export function PaperSearch(props: {
  scope: Accessor<readonly PaperScopeEntry[]>;
  /** Accessible name of the search form. */
  label: string;
  showMeeting?: boolean;
  initialQuery?: string;
  onQueryChange?: (query: string) => void;
  /** Heading level of the results heading (default 2). */
  headingLevel?: 2 | 3;
}): JSX.Element {
  const { t } = useI18n();
  const [input, setInput] = createSignal(props.initialQuery ?? "");
  const [query, setQuery] = createSignal((props.initialQuery ?? "").trim());
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  onMount(() => void refreshLocalPapers());
  const commit = (value: string) => {
    clearTimeout(timer);
    setQuery(value.trim());
    props.onQueryChange?.(value.trim());
  };
  const result = createMemo(() => searchPapers(query(), props.scope()));
  const fileCount = () => new Set(result().hits.map((h) => `${h.entry.meetingId}/${h.entry.paperId}`)).size;
  const Heading = (p: { children: JSX.Element; id: string }) =>
    props.headingLevel === 3 ? <h3 id={p.id}>{p.children}</h3> : <h2 id={p.id}>{p.children}</h2>;
  const id = `paper-search-${Math.random().toString(36).slice(2, 8)}`;

  return (
    <div class="paper-search">
      {/* biome-ignore lint/a11y/useSemanticElements: a form with role "search" is the search landmark; Solid's JSX has no <search> element */}
      <form
        role="search"
        aria-label={props.label}
        class="paper-search-form"
        onSubmit={(e) => {
          e.preventDefault();
          commit(input());
        }}
      >
        <label for={`${id}-q`}>{props.label}</label>
        <div class="paper-search-row">
          <input
            id={`${id}-q`}
            type="search"
            value={input()}
            placeholder={t("paperSearch.placeholder")}
            aria-describedby={`${id}-hint`}
            onInput={(e) => {
              const value = e.currentTarget.value;
              setInput(value);
              clearTimeout(timer);
              timer = setTimeout(() => commit(value), 300);
            }}
          />
          <button type="submit" class="button button-primary">
            {t("paperSearch.submit")}
          </button>
        </div>
        <p id={`${id}-hint`} class="field-hint">
          {t("paperSearch.hint")}
        </p>
      </form>
      <Show when={paperIndexProgress().waiting > 0}>
        <p class="notice notice-info" role="status">
          {t("paperSearch.indexing", {
            done: paperIndexProgress().done,
            total: paperIndexProgress().done + paperIndexProgress().waiting,
          })}
        </p>
      </Show>
      <Show when={query()}>
        <section class="paper-search-results" aria-labelledby={`${id}-results`}>
          <Heading id={`${id}-results`}>{t("paperSearch.resultsLabel")}</Heading>
          <p role="status" aria-live="polite" class="paper-search-count">
            {result().totalHits > 0
              ? t("paperSearch.count", { hits: result().totalHits, files: fileCount() })
              : t("paperSearch.none", { query: query() })}
          </p>
          <Show when={result().hits.length > 0}>
            <ol class="paper-search-hits">
              <For each={result().hits}>
                {(hit) => (
                  <li class="paper-search-hit">
                    <A
                      href={paperViewerHref(hit.entry, hit.page, query())}
                      aria-label={t("paperSearch.openHit", { name: hit.entry.name, page: hit.page })}
                    >
                      <span class="paper-search-file">{hit.entry.name}</span>
                      <span class="paper-search-page">{t("paperSearch.pageHit", { page: hit.page })}</span>
                    </A>
                    <Show when={props.showMeeting}>
                      <p class="paper-search-meeting">{hit.entry.meetingTitle}</p>
                    </Show>
                    <For each={hit.snippets}>{(snippet) => <SnippetText snippet={snippet} />}</For>
                  </li>
                )}
              </For>
            </ol>
          </Show>
          <Show when={result().totalHits > result().hits.length}>
            <p>{t("paperSearch.more", { shown: result().hits.length, total: result().totalHits })}</p>
          </Show>
          <Show when={result().notSearchable.length > 0}>
            <div class="notice notice-warning">
              <p>{t("paperSearch.notSearchable")}</p>
              <ul>
                <For each={result().notSearchable}>
                  {(entry) => (
                    <li>
                      <A href={paperViewerHref(entry)}>{entry.name}</A>
                      <Show when={props.showMeeting}> — {entry.meetingTitle}</Show>
                    </li>
                  )}
                </For>
              </ul>
            </div>
          </Show>
          <Show when={result().unreadable.length > 0}>
            <p class="notice notice-warning">
              {t("paperSearch.failedFiles", { count: result().unreadable.length })}
            </p>
          </Show>
          <Show when={result().notLocal.length > 0}>
            <p class="notice notice-info">{t("paperSearch.notLocal", { count: result().notLocal.length })}</p>
          </Show>
        </section>
      </Show>
      <Show when={!query() && props.scope().length === 0}>
        <p class="empty-state">{t("paperSearch.noPapers")}</p>
      </Show>
    </div>
  );
}
