import { A, useParams } from "@solidjs/router";
import { createEffect, createMemo, For, Show } from "solid-js";
import { formatDateTime } from "../../../shared/src/index.ts";
import { directory } from "../components/tasks/format.ts";
import { useI18n } from "../i18n/index.ts";
import { markRead, notices } from "../state/notices.ts";
import { currentSession } from "../state/session.ts";
import "../components/tasks/tasks.css";

/**
 * "Thông báo": the conclusion notices sent to the member's unit (or from meetings they attended),
 * newest first, unread ones marked; opening one shows its text and records the read receipt the
 * secretary follows.
 */
export default function Inbox() {
  const { t } = useI18n();
  const params = useParams<{ id?: string }>();
  const dir = createMemo(() => directory());
  const me = () => currentSession()?.memberId ?? "";
  const open = createMemo(() => (params.id ? notices().find((n) => n.documentId === params.id) : undefined));
  createEffect(() => {
    const n = open();
    if (n) markRead(n);
  });
  return (
    <Show
      when={params.id}
      fallback={
        <section aria-labelledby="inbox-heading">
          <header class="page-header">
            <h1 id="inbox-heading">{t("inbox.heading")}</h1>
          </header>
          <Show when={notices().length > 0} fallback={<p class="empty-state">{t("inbox.empty")}</p>}>
            <ul class="task-list">
              <For each={notices()}>
                {(n) => (
                  <li class="task-item card">
                    <A href={`/inbox/${n.documentId}`}>
                      {n.view.numberAndSymbol} — {n.view.meetingTitle}
                    </A>
                    <p class="task-meta">
                      <span
                        class={`task-badge ${n.view.receipts.has(me()) ? "done_on_time" : "open_overdue"}`}
                      >
                        {n.view.receipts.has(me()) ? t("inbox.read") : t("inbox.unread")}
                      </span>
                      <span>{t("inbox.issuedOn", { date: formatDateTime(n.view.issuedAt) })}</span>
                      <span>
                        {t("inbox.toUnits", {
                          units: n.view.recipientUnitIds.map((u) => dir().unitName(u)).join(", "),
                        })}
                      </span>
                    </p>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </section>
      }
    >
      <Show when={open()} fallback={<p role="status">{t("task.notFound")}</p>}>
        {(n) => (
          <article aria-labelledby="notice-heading">
            <p>
              <A href="/inbox">← {t("inbox.back")}</A>
            </p>
            <p>
              {n().view.issuingBody} · {t("conclusionDraft.number")}: {n().view.numberAndSymbol}
            </p>
            <h1 id="notice-heading">
              {t("inbox.heading")}: {n().view.meetingTitle}
            </h1>
            <p class="task-meta">
              <span>{t("inbox.issuedOn", { date: formatDateTime(n().view.issuedAt) })}</span>
              <span>
                {t("inbox.toUnits", {
                  units: n()
                    .view.recipientUnitIds.map((u) => dir().unitName(u))
                    .join(", "),
                })}
              </span>
            </p>
            <For each={n().view.sections}>
              {(s) => (
                <section class="task-section">
                  <Show when={s.heading}>
                    <h2>{s.heading}</h2>
                  </Show>
                  <p style={{ "white-space": "pre-wrap" }}>{s.text}</p>
                </section>
              )}
            </For>
            <p>
              <strong>{n().view.signerPosition}</strong>
              <br />
              {n().view.signerName}
            </p>
          </article>
        )}
      </Show>
    </Show>
  );
}
