import { createResource, createSignal, type JSX, Show } from "solid-js";
import { useI18n } from "../../i18n/index.ts";
import { ApiError, api } from "../../state/api.ts";

/**
 * The member's private ICS feed link for calendar apps: create (shows the URL once; the relay keeps only
 * its hash), revoke. Needs the relay: offline it says so.
 */
export function TaskFeed(): JSX.Element {
  const { t } = useI18n();
  const [status, { refetch }] = createResource(() =>
    api<{ active: boolean; createdAt: string | null }>("/api/tasks/feed").catch(() => null),
  );
  const [url, setUrl] = createSignal("");
  const [message, setMessage] = createSignal("");
  const fail = (error: unknown) =>
    setMessage(
      error instanceof ApiError && error.offline
        ? t("taskCalendar.feedOffline")
        : t("taskCalendar.feedError"),
    );
  const create = async () => {
    try {
      const body = await api<{ url: string }>("/api/tasks/feed", { method: "POST" });
      setUrl(body.url);
      setMessage("");
      void refetch();
    } catch (error) {
      fail(error);
    }
  };
  const revoke = async () => {
    try {
      await api("/api/tasks/feed", { method: "DELETE" });
      setUrl("");
      setMessage(t("taskCalendar.feedRevoked"));
      void refetch();
    } catch (error) {
      fail(error);
    }
  };
  return (
    <section class="task-section card" aria-labelledby="feed-heading">
      <h2 id="feed-heading">{t("taskCalendar.feedHeading")}</h2>
      <p>{t("taskCalendar.feedIntro")}</p>
      <Show when={url()}>
        <div class="field">
          <label for="feed-url">{t("taskCalendar.feedUrl")}</label>
          <input id="feed-url" type="text" readonly value={url()} onFocus={(e) => e.currentTarget.select()} />
        </div>
      </Show>
      <div class="task-actions">
        <button type="button" class="button" onClick={() => void create()}>
          {t("taskCalendar.feedCreate")}
        </button>
        <Show when={status()?.active}>
          <button type="button" class="button button-danger" onClick={() => void revoke()}>
            {t("taskCalendar.feedRevoke")}
          </button>
        </Show>
      </div>
      <p role="status" aria-live="polite">
        {message()}
      </p>
    </section>
  );
}
