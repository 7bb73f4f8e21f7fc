import { A } from "@solidjs/router";
import { For, Match, Show, Switch } from "solid-js";
import type { MeetingState } from "../../state/meetings.ts";
import { useMeetingsText } from "./i18n.ts";

/**
 * What to show instead of (or above) a meeting that is not plainly editable: loading, not on this
 * device yet, damaged (with the validator's details; never written to), newer than this app
 * (read-only, "Cập nhật ứng dụng"), or older and waiting for the relay's migration (read-only, "Đang chờ
 * máy chủ cập nhật dữ liệu").
 */
export function DocStateNotice(props: { state: Pick<MeetingState, "status" | "issues"> }) {
  const { t } = useMeetingsText();
  return (
    <Switch>
      <Match when={props.state.status === "loading"}>
        <p class="notice notice-info doc-state" role="status">
          {t("docState.loading")}
        </p>
      </Match>
      <Match when={props.state.status === "unavailable"}>
        <div class="notice notice-info doc-state" role="status">
          <p>{t("docState.unavailable")}</p>
          <A href="/" class="button">
            {t("docState.backToList")}
          </A>
        </div>
      </Match>
      <Match when={props.state.status === "invalid"}>
        <div class="notice notice-danger doc-state" role="alert">
          <h2>{t("docState.invalidTitle")}</h2>
          <p>{t("docState.invalidBody")}</p>
          <Show when={props.state.issues.length > 0}>
            <details>
              <summary>{t("docState.invalidIssues")}</summary>
              <ul class="issue-list">
                <For each={props.state.issues}>
                  {(issue) => (
                    <li>
                      <code>{issue.path || "/"}</code>: {issue.message}
                    </li>
                  )}
                </For>
              </ul>
            </details>
          </Show>
          <A href="/" class="button">
            {t("docState.backToList")}
          </A>
        </div>
      </Match>
      <Match when={props.state.status === "older"}>
        <div class="notice notice-info doc-state" role="status">
          <h2>{t("docState.olderTitle")}</h2>
          <p>{t("docState.olderBody")}</p>
        </div>
      </Match>
      <Match when={props.state.status === "newer"}>
        <div class="notice notice-warning doc-state" role="status">
          <h2>{t("docState.newerTitle")}</h2>
          <p>{t("docState.newerBody")}</p>
        </div>
      </Match>
    </Switch>
  );
}
