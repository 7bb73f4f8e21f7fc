import { For, type JSX, Match, onMount, Show, Switch } from "solid-js";
import { formatDateTime, instant } from "../../../../shared/src/index.ts";
import { useI18n } from "../../i18n/index.ts";
import type { AccessEnded } from "../../state/session.ts";
import { LanguageSwitch } from "../shell/LanguageSwitch.tsx";
import { EndedIcon } from "./icons.tsx";

/**
 * The full-screen "Quyền truy cập của thiết bị này đã kết thúc" state: why (the relay's reason, or a
 * sign-out), whether local meeting data was erased (with progress, and a retry when another tab held
 * the database open), and "Đăng nhập lại". Nothing else of the app is reachable from here.
 */
export function AccessEndedView(props: {
  ended: AccessEnded;
  onSignInAgain: () => void;
  onRetryErase: () => void;
}): JSX.Element {
  const { t } = useI18n();
  let heading: HTMLHeadingElement | undefined;
  // Access can end in the middle of anything: move focus (and screen readers) to the news.
  onMount(() => heading?.focus());
  return (
    <div class="fullscreen-state">
      <header class="fullscreen-header">
        <span class="fullscreen-brand">
          <img src="/logo.svg" alt="" width="32" height="32" />
          {t("app.name")}
        </span>
        <LanguageSwitch class="fullscreen-language" />
      </header>
      <main id="main" class="fullscreen-main" tabindex="-1">
        <section class="fullscreen-card card access-ended" aria-labelledby="access-ended-title">
          <EndedIcon />
          <h1 id="access-ended-title" ref={heading} tabindex="-1">
            {t("ended.title")}
          </h1>
          <p class="access-ended-reason" data-reason={props.ended.reason}>
            {t(`ended.reason.${props.ended.reason}`)}
          </p>
          <Switch>
            <Match when={props.ended.wipe && props.ended.phase === "erasing"}>
              <p class="notice notice-info" role="status">
                {t("ended.erasing")}
              </p>
            </Match>
            <Match when={props.ended.wipe && props.ended.phase === "done"}>
              <p class="notice notice-success access-ended-erased" role="status">
                {t("ended.erased")}
              </p>
            </Match>
            <Match when={props.ended.wipe && props.ended.phase === "failed"}>
              <div class="notice notice-danger" role="alert">
                <p>{t("ended.eraseFailed")}</p>
                <Show when={props.ended.problems.length > 0}>
                  <ul class="issue-list">
                    <For each={props.ended.problems}>{(problem) => <li>{problem}</li>}</For>
                  </ul>
                </Show>
                <button type="button" class="button" onClick={() => props.onRetryErase()}>
                  {t("ended.retryErase")}
                </button>
              </div>
            </Match>
            <Match when={!props.ended.wipe}>
              <p class="notice notice-info">{t("ended.kept")}</p>
            </Match>
          </Switch>
          <p class="fullscreen-meta">
            {t("ended.stopped")} {t("ended.when", { time: formatDateTime(instant(props.ended.at)) })}
          </p>
          <div class="form-actions">
            <button
              type="button"
              class="button button-primary"
              disabled={props.ended.phase === "erasing"}
              onClick={() => props.onSignInAgain()}
            >
              {t("ended.signInAgain")}
            </button>
          </div>
          <p class="field-hint">{t("ended.signInHint")}</p>
        </section>
      </main>
    </div>
  );
}
