import { createSignal, type JSX, onMount, Show } from "solid-js";
import { formatDateTime, instant } from "../../../../shared/src/index.ts";
import { useI18n } from "../../i18n/index.ts";
import type { RefreshOutcome } from "../../state/session.ts";
import { LockIcon } from "./icons.tsx";

/**
 * Shown instead of meeting data when the device has not reached the relay for longer than the
 * workspace's offline-lock period (a lost tablet that never reconnects). "Kết nối lại" asks the relay:
 * accepted → unlocked; refused → the access-ended state.
 */
export function LockScreen(props: {
  lastContactAt: number;
  days: number;
  onRetry: () => Promise<RefreshOutcome>;
}): JSX.Element {
  const { t } = useI18n();
  const [busy, setBusy] = createSignal(false);
  const [outcome, setOutcome] = createSignal<RefreshOutcome>();
  let heading: HTMLHeadingElement | undefined;
  onMount(() => heading?.focus());
  const retry = async () => {
    setBusy(true);
    setOutcome(undefined);
    try {
      setOutcome(await props.onRetry());
    } finally {
      setBusy(false);
    }
  };
  const lastTime = () =>
    props.lastContactAt > 0 ? formatDateTime(instant(props.lastContactAt)) : t("lock.never");
  return (
    <section class="lock-screen card" aria-labelledby="lock-title">
      <LockIcon />
      <h1 id="lock-title" ref={heading} tabindex="-1">
        {t("lock.title")}
      </h1>
      <p>{t("lock.body", { days: props.days, time: lastTime() })}</p>
      <div class="form-actions">
        <button type="button" class="button button-primary" disabled={busy()} onClick={() => void retry()}>
          {busy() ? t("lock.checking") : t("lock.retry")}
        </button>
      </div>
      <p role="status" class="lock-status">
        <Show when={outcome() === "offline"}>{t("lock.offline")}</Show>
        <Show when={outcome() === "error"}>{t("lock.error")}</Show>
      </p>
    </section>
  );
}
