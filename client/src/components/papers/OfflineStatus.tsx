import { createSignal, Match, Show, Switch } from "solid-js";
import { useI18n } from "../../i18n/index.ts";
import {
  isReadyOffline,
  keepMeetingPapers,
  meetingPaperState,
  removeMeetingPapers,
  retryPaperDownloads,
} from "../../state/paper-sync.ts";
import { formatBytes } from "./format.ts";

/**
 * What a meeting card says about its papers: "N papers have a new version" when the member opened an
 * older version, and "ready offline" once every file of the meeting is on this device, or a small
 * progress bar while they download. Nothing for a meeting without papers.
 */
export function OfflineBadge(props: { documentId: string }) {
  const { t } = useI18n();
  const state = () => meetingPaperState(props.documentId);
  return (
    <>
      <Show when={(state()?.newVersions ?? 0) > 0}>
        <span class="paper-badge badge-new">
          {t("papers.newVersionCard", { count: state()!.newVersions })}
        </span>{" "}
      </Show>
      <OfflineProgress documentId={props.documentId} />
    </>
  );
}

function OfflineProgress(props: { documentId: string }) {
  const { t } = useI18n();
  const state = () => meetingPaperState(props.documentId);
  return (
    <Show when={state() && state()!.files > 0 && !state()!.removed}>
      <Switch>
        <Match when={isReadyOffline(state())}>
          <span class="offline-badge">
            <span aria-hidden="true">✓ </span>
            {t("papers.offline.ready")}
          </span>
        </Match>
        <Match when={true}>
          <span class="offline-progress-inline">
            <progress
              max={state()!.files}
              value={state()!.localFiles}
              aria-label={t("papers.offline.progressLabel")}
            />
            <span>{t("papers.offline.progress", { done: state()!.localFiles, total: state()!.files })}</span>
          </span>
        </Match>
      </Switch>
    </Show>
  );
}

/**
 * The meeting's files on this device: a progress bar while they download (bytes), "ready offline"
 * once all are here, the space they use, why a file could not be fetched (with "try again"), and for
 * a past meeting a button to remove its files from the device (and to fetch them again).
 * Changes are announced politely to screen readers.
 */
export function OfflineStatus(props: { documentId: string; past: boolean }) {
  const { t, intlLocale } = useI18n();
  const state = () => meetingPaperState(props.documentId);
  const [busy, setBusy] = createSignal(false);
  const remove = async () => {
    setBusy(true);
    try {
      await removeMeetingPapers(props.documentId);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="offline-status" aria-labelledby="offline-heading">
      <h2 id="offline-heading">{t("papers.offline.heading")}</h2>
      <div aria-live="polite">
        <Switch>
          <Match when={!state() || state()!.files === 0}>
            <p class="hint">{t("papers.offline.noFiles")}</p>
          </Match>
          <Match when={state()!.removed}>
            <p>{t("papers.offline.removed")}</p>
            <button type="button" class="button" onClick={() => keepMeetingPapers(props.documentId)}>
              {t("papers.offline.downloadAgain")}
            </button>
          </Match>
          <Match when={isReadyOffline(state())}>
            <p class="offline-ready">
              <span class="offline-badge">
                <span aria-hidden="true">✓ </span>
                {t("papers.offline.ready")}
              </span>{" "}
              {t("papers.offline.used", { size: formatBytes(state()!.localBytes, intlLocale()) })}
            </p>
          </Match>
          <Match when={true}>
            <p>
              <progress
                class="offline-progress"
                max={Math.max(1, state()!.bytes)}
                value={state()!.localBytes}
                aria-label={t("papers.offline.progressLabel")}
              />
            </p>
            <p>
              {t("papers.offline.progress", { done: state()!.localFiles, total: state()!.files })} ·{" "}
              {t("papers.offline.used", { size: formatBytes(state()!.localBytes, intlLocale()) })}
            </p>
            <Show when={state()!.error}>
              {(code) => (
                <p class="offline-error">
                  {code() === "offline"
                    ? t("papers.offline.waiting")
                    : `${t("papers.offline.failed")} ${t(`blob.${code()}`)}`}{" "}
                  <button type="button" class="button" onClick={() => retryPaperDownloads()}>
                    {t("papers.offline.retry")}
                  </button>
                </p>
              )}
            </Show>
          </Match>
        </Switch>
      </div>
      <Show when={props.past && state() && state()!.localFiles > 0 && !state()!.removed}>
        <p class="hint">{t("papers.offline.removeHint")}</p>
        <button type="button" class="button" disabled={busy()} onClick={() => void remove()}>
          {t("papers.offline.remove")}
        </button>
      </Show>
    </section>
  );
}
