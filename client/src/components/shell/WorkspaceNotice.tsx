import { type JSX, Match, Switch } from "solid-js";
import { useI18n } from "../../i18n/index.ts";
import { retryWorkspace, workspaceReplacedOnRelay, workspaceState } from "../../state/workspace.ts";

/**
 * A banner under the header when the workspace document cannot be used normally: not yet available on
 * this device, damaged (never written to), written by a newer app (read-only), older and waiting for
 * the relay's migration (read-only), or replaced on the relay.
 */
export function WorkspaceNotice(): JSX.Element {
  const { t } = useI18n();
  const unavailable = () => {
    const s = workspaceState();
    return s.kind === "unavailable" ? s : undefined;
  };
  const readOnlyReason = () => {
    const s = workspaceState();
    return s.kind === "ready" && s.readOnly ? s.reason : null;
  };
  const retry = () => {
    retryWorkspace().catch(() => {}); // the state says why it failed
  };
  return (
    <Switch>
      <Match when={unavailable()}>
        {(state) => (
          <div class="notice notice-warning shell-notice" role="alert">
            <p>{state().reason === "no-session" ? t("workspace.noSession") : t("workspace.notFound")}</p>
            <button type="button" class="button" onClick={retry}>
              {t("workspace.retry")}
            </button>
          </div>
        )}
      </Match>
      <Match when={workspaceState().kind === "invalid"}>
        <div class="notice notice-danger shell-notice" role="alert">
          <p>{t("workspace.invalid")}</p>
        </div>
      </Match>
      <Match when={readOnlyReason() === "newer"}>
        <div class="notice notice-warning shell-notice" role="status">
          <p>{t("workspace.newer")}</p>
        </div>
      </Match>
      <Match when={readOnlyReason() === "older"}>
        <div class="notice notice-info shell-notice" role="status">
          <p>{t("workspace.older")}</p>
        </div>
      </Match>
      <Match when={workspaceReplacedOnRelay()}>
        <div class="notice notice-info shell-notice">
          <p>{t("workspace.replaced")}</p>
          <button type="button" class="button" onClick={() => window.location.reload()}>
            {t("update.reload")}
          </button>
        </div>
      </Match>
    </Switch>
  );
}
