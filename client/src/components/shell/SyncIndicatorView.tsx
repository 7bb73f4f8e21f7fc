import { createUniqueId, type JSX, Show } from "solid-js";
import { formatDateTime } from "../../../../shared/src/time.ts";
import { useI18n } from "../../i18n/index.ts";
import type { SyncStatus } from "../../state/sync-status.ts";

/**
 * The sync indicator as a pure view of a {@link SyncStatus}: a live status line (state, and the number
 * of changes not yet on the server) and, beside it, the last synced time (HH:mm dd/MM/yyyy, Vietnam
 * time). The time sits outside the live region so screen readers are not re-told the time after every
 * edit; the state line is announced politely when it changes. Its accessible name is "Trạng thái đồng
 * bộ" / "Sync status", so tests can find it with getByRole("status", { name }).
 */
export function SyncIndicatorView(props: { status: SyncStatus }): JSX.Element {
  const { t } = useI18n();
  const labelId = `sync-label-${createUniqueId()}`;

  const headline = (): string => {
    const s = props.status;
    switch (s.kind) {
      case "offline":
        return t("sync.offline");
      case "connecting":
        return t("sync.connecting");
      case "syncing":
        return t("sync.syncing");
      case "pending":
        return t("sync.pending", { count: s.pending });
      case "synced":
        return t("sync.synced");
    }
  };
  /** The pending count when it is not the headline already. */
  const pendingNote = (): string | undefined => {
    const s = props.status;
    return s.kind !== "pending" && s.pending > 0 ? t("sync.pending", { count: s.pending }) : undefined;
  };
  const explanation = (): string | undefined => {
    const s = props.status;
    if (s.kind !== "offline") return undefined;
    return s.cause === "network" ? t("sync.offlineNetwork") : t("sync.offlineRelay");
  };
  const lastSynced = (): string => {
    const at = props.status.lastSyncedAt;
    return at === null
      ? t("sync.neverSynced")
      : t("sync.lastSynced", { time: formatDateTime(new Date(at).toISOString()) });
  };

  return (
    <div class="sync-indicator" data-state={props.status.kind} title={explanation()}>
      <span class="sync-indicator-dot" aria-hidden="true" />
      <div class="sync-indicator-text">
        <p
          class="sync-indicator-state"
          role="status"
          aria-live="polite"
          aria-atomic="true"
          aria-labelledby={labelId}
        >
          <span id={labelId} class="visually-hidden">
            {t("sync.label")}:{" "}
          </span>
          <span class="sync-indicator-headline">{headline()}</span>
          <Show when={pendingNote()}>
            {(note) => <span class="sync-indicator-pending"> · {note()}</span>}
          </Show>
          <Show when={explanation()}>{(text) => <span class="visually-hidden"> {text()}</span>}</Show>
        </p>
        <p class="sync-indicator-time">{lastSynced()}</p>
      </div>
    </div>
  );
}
