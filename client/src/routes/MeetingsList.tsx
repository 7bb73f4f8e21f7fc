import { A } from "@solidjs/router";
import { createMemo, createSignal, For, Match, Show, Switch } from "solid-js";
import { isUpcoming, matchesFilter, sortMeetingsForList } from "../../../shared/src/index.ts";
import { useMeetingsText } from "../components/meeting/i18n.ts";
import { MeetingCard } from "../components/meeting/MeetingCard.tsx";
import { InvitationsPanel } from "../components/run/InvitationsPanel.tsx";
import { createNow, type MeetingSource, useMeetings } from "../state/meetings.ts";
import { mayCreateMeetings } from "../state/permissions.ts";
import "../components/meeting/meeting.css";

type Tab = "upcoming" | "past";
const TABS: readonly Tab[] = ["upcoming", "past"];

/**
 * Meetings of the workspace: "Sắp tới" (not yet ended) and "Đã qua" tabs, a diacritics-insensitive
 * text filter, and a card per meeting. Documents that cannot be read yet (still loading, damaged)
 * appear under "Sắp tới" with the reason; meetings this member may not read are not shown.
 */
export default function MeetingsList() {
  const { t } = useMeetingsText();
  const list = useMeetings();
  const now = createNow();
  const [tab, setTab] = createSignal<Tab>("upcoming");
  const [filter, setFilter] = createSignal("");
  const tabRefs: Partial<Record<Tab, HTMLButtonElement>> = {};

  const groups = createMemo(() => {
    const readable: { source: MeetingSource; view: NonNullable<MeetingSource["state"]["view"]> }[] = [];
    const unreadable: MeetingSource[] = [];
    for (const source of list.meetings()) {
      // The workspace lists every meeting, but the relay sends a member only the meetings they may
      // read: the others stay unavailable here and are not shown (nor is a meeting no peer has yet).
      if (source.state.status === "unavailable") continue;
      const view = source.state.view;
      if (view) readable.push({ source, view });
      else unreadable.push(source);
    }
    const text = filter();
    const matching = readable.filter((r) => matchesFilter(r.view, text));
    const sorted = sortMeetingsForList(
      matching.map((r) => ({ ...r, startsAt: r.view.startsAt, endsAt: r.view.endsAt })),
      now(),
    );
    return {
      upcoming: sorted.filter((r) => isUpcoming(r.view, now())).map((r) => r.source),
      past: sorted.filter((r) => !isUpcoming(r.view, now())).map((r) => r.source),
      unreadable: text.trim() ? [] : unreadable,
    };
  });

  const shown = () => (tab() === "upcoming" ? [...groups().upcoming, ...groups().unreadable] : groups().past);

  const onTabKey = (e: KeyboardEvent) => {
    const index = TABS.indexOf(tab());
    let next: Tab | undefined;
    if (e.key === "ArrowRight" || e.key === "ArrowLeft") next = TABS[(index + 1) % TABS.length];
    else if (e.key === "Home") next = TABS[0];
    else if (e.key === "End") next = TABS[TABS.length - 1];
    if (!next) return;
    e.preventDefault();
    setTab(next);
    tabRefs[next]?.focus();
  };

  return (
    <div class="meetings-page">
      <div class="page-header">
        <h1>{t("list.heading")}</h1>
        <Show when={mayCreateMeetings() && list.workspaceStatus() === "ok"}>
          <A href="/meetings/new" class="button button-primary">
            <span aria-hidden="true">+ </span>
            {t("list.create")}
          </A>
        </Show>
      </div>

      <Switch>
        <Match when={list.workspaceStatus() === "loading"}>
          <p class="empty-state" role="status">
            {t("list.loading")}
          </p>
        </Match>
        <Match when={list.workspaceStatus() === "invalid"}>
          <div class="notice notice-danger doc-state" role="alert">
            <p>{t("error.invalid_document")}</p>
          </div>
        </Match>
        <Match when={list.workspaceStatus() === "unavailable"}>
          <div class="notice notice-info doc-state" role="status">
            <p>{t("list.workspaceUnavailable")}</p>
          </div>
        </Match>
        <Match when={true}>
          <InvitationsPanel meetings={list.meetings()} />
          <div class="list-controls">
            <div class="segmented" role="tablist" aria-label={t("list.tabsLabel")}>
              <For each={TABS}>
                {(name) => (
                  <button
                    ref={(el) => {
                      tabRefs[name] = el;
                    }}
                    type="button"
                    role="tab"
                    id={`meetings-tab-${name}`}
                    aria-selected={tab() === name}
                    aria-controls="meetings-panel"
                    tabIndex={tab() === name ? 0 : -1}
                    class="segmented-option"
                    onClick={() => setTab(name)}
                    onKeyDown={onTabKey}
                  >
                    {t(`list.${name}`)}
                    <span class="segmented-count">{groups()[name].length}</span>
                  </button>
                )}
              </For>
            </div>
            <div class="field filter-field">
              <label for="meetings-filter" class="visually-hidden">
                {t("list.filterLabel")}
              </label>
              <input
                id="meetings-filter"
                type="search"
                placeholder={t("list.filterPlaceholder")}
                autocomplete="off"
                value={filter()}
                onInput={(e) => setFilter(e.currentTarget.value)}
              />
            </div>
          </div>

          <div id="meetings-panel" role="tabpanel" aria-labelledby={`meetings-tab-${tab()}`} tabIndex={-1}>
            <Show
              when={shown().length > 0}
              fallback={
                <div class="empty-state">
                  <Show
                    when={filter().trim()}
                    fallback={
                      <>
                        <p>{tab() === "upcoming" ? t("list.emptyUpcoming") : t("list.emptyPast")}</p>
                        <Show when={list.meetings().length === 0 && mayCreateMeetings()}>
                          <p>{t("list.emptyHint")}</p>
                        </Show>
                      </>
                    }
                  >
                    <p>{t("list.emptyFiltered", { filter: filter().trim() })}</p>
                    <button type="button" class="button" onClick={() => setFilter("")}>
                      {t("list.clearFilter")}
                    </button>
                  </Show>
                </div>
              }
            >
              <p class="visually-hidden" role="status">
                {t("list.count", { count: shown().length })}
              </p>
              <ul class="meeting-cards">
                <For each={shown()}>{(source) => <MeetingCard state={source.state} />}</For>
              </ul>
            </Show>
          </div>
        </Match>
      </Switch>
    </div>
  );
}
