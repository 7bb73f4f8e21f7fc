import { type JSX, Show } from "solid-js";
import { useI18n } from "../../i18n/index.ts";
import {
  applyUpdate,
  dismissOfflineReady,
  type PwaUpdateState,
  postponeUpdate,
  pwaUpdateState,
} from "../../pwa/register.ts";

/**
 * Toasts of the update flow: "a new version is available" with Cập nhật / Để sau, "updated in another
 * window" with a reload button, and a one-time "ready to work offline". Nothing here reloads the page
 * unless the user presses a button. Polite live region (not role=status, which names the sync indicator).
 */
export function UpdatePrompt(props: {
  state?: PwaUpdateState;
  onApply?: () => void;
  onPostpone?: () => void;
}): JSX.Element {
  const { t } = useI18n();
  const state = () => props.state ?? pwaUpdateState;
  return (
    <div class="toast-region" aria-live="polite">
      <Show when={state().updateWaiting() && !state().updatedElsewhere()}>
        <div class="toast">
          <p>{t("update.available")}</p>
          <div class="toast-actions">
            <button
              type="button"
              class="button button-primary"
              disabled={state().applying()}
              onClick={() => (props.onApply ?? applyUpdate)()}
            >
              {state().applying() ? t("update.applying") : t("update.apply")}
            </button>
            <button
              type="button"
              class="button"
              disabled={state().applying()}
              onClick={() => (props.onPostpone ?? postponeUpdate)()}
            >
              {t("update.later")}
            </button>
          </div>
        </div>
      </Show>
      <Show when={state().updatedElsewhere()}>
        <div class="toast">
          <p>{t("update.updatedElsewhere")}</p>
          <div class="toast-actions">
            <button type="button" class="button button-primary" onClick={() => window.location.reload()}>
              {t("update.reload")}
            </button>
          </div>
        </div>
      </Show>
      <Show when={state().offlineReady() && !state().updateWaiting()}>
        <div class="toast toast-quiet">
          <p>{t("update.offlineReady")}</p>
          <div class="toast-actions">
            <button type="button" class="button button-quiet" onClick={dismissOfflineReady}>
              {t("update.dismiss")}
            </button>
          </div>
        </div>
      </Show>
    </div>
  );
}
