import { A } from "@solidjs/router";
import { createMemo, For, Show } from "solid-js";
import {
  type AgendaItemView,
  formatDate,
  PAPER_KINDS,
  type PaperKind,
  type PaperView,
} from "../../../../shared/src/index.ts";
import { useI18n } from "../../i18n/index.ts";
import { formatBytes } from "./format.ts";

/** What the list needs to know about each paper besides the paper itself. */
export interface PaperListContext {
  /** `/meetings/<documentId>` */
  readonly basePath: string;
  readonly timeZone: string;
  readonly agenda: readonly AgendaItemView[];
  /** Every version of a paper's series, oldest first. */
  readonly versionsOf: (seriesId: string) => readonly PaperView[];
  readonly isLocal: (hash: string) => boolean;
  /** The member opened an older version and not this one. */
  readonly hasNewVersion: (paperId: string) => boolean;
  readonly isOpened: (paperId: string) => boolean;
  /** Editors get replace / move / remove. */
  readonly canEdit: boolean;
  readonly onReplace: (paper: PaperView, file: File) => void;
  readonly onMove: (paper: PaperView, placement: { kind: PaperKind; agendaItemId: string | null }) => void;
  readonly onRemove: (paper: PaperView) => void;
}

/**
 * The meeting's papers grouped by where they belong: the whole meeting, then each agenda item in
 * agenda order. Each paper (its current version) links to the viewer and says its kind, pages, size,
 * whether it is password-protected, on this device, new since the member last read it; earlier
 * versions stay listed (and readable) under a disclosure.
 */
export function PaperList(props: { papers: readonly PaperView[]; context: PaperListContext }) {
  const { t } = useI18n();
  const groups = createMemo(() => {
    const live = new Set(props.context.agenda.map((a) => a.id));
    const whole = props.papers.filter((p) => !p.agendaItemId || !live.has(p.agendaItemId));
    return [
      { id: "", title: t("papers.wholeMeeting"), papers: whole, number: 0 },
      ...props.context.agenda.map((a, i) => ({
        id: a.id,
        title: a.title,
        number: i + 1,
        papers: props.papers.filter((p) => p.agendaItemId === a.id),
      })),
    ];
  });
  return (
    <div class="paper-groups">
      <For each={groups()}>
        {(g) => (
          <section class="paper-group" aria-labelledby={`paper-group-${g.id || "meeting"}`}>
            <h2 id={`paper-group-${g.id || "meeting"}`}>
              <Show when={g.number > 0}>
                <span class="agenda-number">{g.number}</span>{" "}
              </Show>
              {g.title}
            </h2>
            <Show
              when={g.papers.length > 0}
              fallback={<p class="hint">{g.number > 0 ? t("papers.noneForItem") : t("papers.none")}</p>}
            >
              <ul class="paper-list">
                <For each={g.papers}>{(p) => <PaperRow paper={p} context={props.context} />}</For>
              </ul>
            </Show>
          </section>
        )}
      </For>
    </div>
  );
}

function PaperRow(props: { paper: PaperView; context: PaperListContext }) {
  const { t, intlLocale } = useI18n();
  const p = () => props.paper;
  const ctx = () => props.context;
  const older = createMemo(() =>
    ctx()
      .versionsOf(p().seriesId)
      .filter((v) => v.id !== p().id)
      .reverse(),
  );
  const href = (v: PaperView) => `${ctx().basePath}/papers/${v.id}`;
  return (
    <li class="paper" classList={{ "has-new-version": ctx().hasNewVersion(p().id) }}>
      <div class="paper-main">
        <A class="paper-name" href={href(p())}>
          {p().name}
        </A>
        <Show when={ctx().hasNewVersion(p().id)}>
          <span class="paper-badge badge-new">{t("papers.newVersion")}</span>
        </Show>
        <Show when={p().passwordProtected}>
          <span class="paper-badge badge-password">{t("papers.passwordProtected")}</span>
        </Show>
      </div>
      <p class="paper-meta">
        <span>{t(`papers.kind.${p().kind}`)}</span>
        <Show when={p().version > 1}>
          <span>{t("papers.version", { version: p().version })}</span>
        </Show>
        <Show when={p().pages !== null}>
          <span>{t("papers.pages", { pages: p().pages ?? 0 })}</span>
        </Show>
        <span>{formatBytes(p().size, intlLocale())}</span>
        <span>{t("papers.addedOn", { date: formatDate(p().addedAt, ctx().timeZone) })}</span>
        <span class={ctx().isLocal(p().hash) ? "on-device" : "not-on-device"}>
          {ctx().isLocal(p().hash) ? t("papers.onDevice") : t("papers.notOnDevice")}
        </span>
        <span>{ctx().isOpened(p().id) ? t("papers.opened") : t("papers.notOpened")}</span>
      </p>
      <Show when={older().length > 0}>
        <details class="paper-versions">
          <summary>{t("papers.olderVersions", { count: older().length })}</summary>
          <ul>
            <For each={older()}>
              {(v) => (
                <li>
                  <A href={href(v)}>
                    {t("papers.version", { version: v.version })}: {v.name}
                  </A>{" "}
                  <span class="hint">{formatDate(v.addedAt, ctx().timeZone)}</span>
                </li>
              )}
            </For>
          </ul>
        </details>
      </Show>
      <Show when={ctx().canEdit}>
        <div class="paper-actions">
          <label class="file-button">
            <span>{t("papers.replace")}</span>
            <input
              type="file"
              accept="application/pdf,.pdf"
              aria-label={t("papers.replaceLabel", { name: p().name })}
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                e.currentTarget.value = "";
                if (file) ctx().onReplace(p(), file);
              }}
            />
          </label>
          <select
            aria-label={t("papers.moveLabel", { name: p().name })}
            value={p().agendaItemId ?? ""}
            onChange={(e) =>
              ctx().onMove(p(), { kind: p().kind, agendaItemId: e.currentTarget.value || null })
            }
          >
            <option value="">{t("papers.wholeMeeting")}</option>
            <For each={ctx().agenda}>
              {(a, i) => (
                <option value={a.id}>
                  {i() + 1}. {a.title}
                </option>
              )}
            </For>
          </select>
          <select
            aria-label={t("papers.attach.kindLabel")}
            value={p().kind}
            onChange={(e) =>
              ctx().onMove(p(), { kind: e.currentTarget.value as PaperKind, agendaItemId: p().agendaItemId })
            }
          >
            <For each={PAPER_KINDS}>{(k) => <option value={k}>{t(`papers.kind.${k}`)}</option>}</For>
          </select>
          <button type="button" class="button button-danger button-small" onClick={() => ctx().onRemove(p())}>
            {t("papers.remove")}
          </button>
        </div>
      </Show>
    </li>
  );
}
