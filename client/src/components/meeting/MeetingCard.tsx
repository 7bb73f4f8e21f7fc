import { A } from "@solidjs/router";
import { Match, Show, Switch } from "solid-js";
import { formatDate, formatTime } from "../../../../shared/src/index.ts";
import { type MeetingState, meetingPath } from "../../state/meetings.ts";
import { OfflineBadge } from "../papers/OfflineStatus.tsx";
import { useMeetingsText } from "./i18n.ts";
import { StatusBadge } from "./StatusBadge.tsx";

/**
 * One meeting in the list: title (the link), kind, dd/MM/yyyy and HH:mm in the meeting's zone,
 * location and status. A document that is not (yet) readable shows why instead.
 */
export function MeetingCard(props: { state: MeetingState }) {
  const { t } = useMeetingsText();
  return (
    <li class="meeting-card" classList={{ [`is-${props.state.status}`]: true }}>
      <Show
        when={props.state.view}
        fallback={
          <div class="meeting-card-body">
            <p class="meeting-card-title">
              <A href={meetingPath(props.state.documentId)}>
                <Switch fallback={t("list.loadingCard")}>
                  <Match when={props.state.status === "unavailable"}>{t("list.unavailableCard")}</Match>
                  <Match when={props.state.status === "invalid"}>{t("list.invalidCard")}</Match>
                  <Match when={props.state.status === "newer"}>{t("list.newerCard")}</Match>
                  <Match when={props.state.status === "older"}>{t("list.olderCard")}</Match>
                </Switch>
              </A>
            </p>
          </div>
        }
      >
        {(view) => (
          <div class="meeting-card-body">
            <div class="meeting-card-top">
              <span class="meeting-card-kind">{t(`kind.${view().kind}`)}</span>
              <StatusBadge status={view().status} />
            </div>
            <h3 class="meeting-card-title">
              <A href={meetingPath(props.state.documentId)}>{view().title}</A>
            </h3>
            <p class="meeting-card-when">
              <time datetime={view().startsAt}>
                <span class="meeting-card-date">{formatDate(view().startsAt, view().timeZone)}</span>
                <Show
                  when={
                    formatDate(view().endsAt, view().timeZone) !==
                    formatDate(view().startsAt, view().timeZone)
                  }
                  fallback={
                    <span class="meeting-card-time">
                      {formatTime(view().startsAt, view().timeZone)}–
                      {formatTime(view().endsAt, view().timeZone)}
                    </span>
                  }
                >
                  {/* A meeting over several days shows when it ends, date included. */}
                  <span class="meeting-card-time">{formatTime(view().startsAt, view().timeZone)}</span>
                  <span> – </span>
                  <span class="meeting-card-date">{formatDate(view().endsAt, view().timeZone)}</span>
                  <span class="meeting-card-time">{formatTime(view().endsAt, view().timeZone)}</span>
                </Show>
              </time>
            </p>
            <Show when={view().location}>
              <p class="meeting-card-location">{view().location}</p>
            </Show>
            <Show when={view().issuingBody}>
              <p class="meeting-card-body-name">{view().issuingBody}</p>
            </Show>
            <p class="meeting-card-offline">
              <OfflineBadge documentId={props.state.documentId} />
            </p>
            <Show when={props.state.status === "newer"}>
              <p class="meeting-card-note">{t("list.newerCard")}</p>
            </Show>
            <Show when={props.state.status === "older"}>
              <p class="meeting-card-note">{t("list.olderCard")}</p>
            </Show>
          </div>
        )}
      </Show>
    </li>
  );
}
