import { A, useParams } from "@solidjs/router";
import { createMemo, createSignal, For, type JSX, Show } from "solid-js";
import type { TaskView } from "../../../../shared/src/index.ts";
import { formatDateTime } from "../../../../shared/src/index.ts";
import { isWebUrl, parseDisplayDate } from "../../components/meeting/meetingForm.ts";
import {
  classOf,
  createMinuteClock,
  directory,
  displayDate,
  leadText,
  linkify,
  taskRights,
} from "../../components/tasks/format.ts";
import { useI18n } from "../../i18n/index.ts";
import { ActionError } from "../../state/actions.ts";
import { meetingPath } from "../../state/meetings.ts";
import {
  decideExtension,
  deleteTask,
  findTask,
  ledgerTasks,
  markTaskDone,
  reopenTask,
  reportProgress,
  requestExtension,
  restoreTask,
  startTask,
} from "../../state/tasks.ts";
import "../../components/tasks/tasks.css";

/** Text with http(s) links made clickable (progress reports carry attachments as links). */
function Linked(props: { text: string }): JSX.Element {
  return (
    <For each={linkify(props.text)}>
      {(part) =>
        part.href ? (
          <a href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        ) : (
          part.text
        )
      }
    </For>
  );
}

/**
 * One task: its details, class (overdue derived now), actions by right (lead side: start, report,
 * done, ask for more time; assigner side: reopen, decide extensions, delete/restore), progress reports,
 * extension requests and the full history. Every action writes offline and syncs later.
 */
export default function TaskPage() {
  const { t } = useI18n();
  const params = useParams();
  const now = createMinuteClock();
  const dir = createMemo(() => directory());
  const task = createMemo<TaskView | undefined>(() => {
    ledgerTasks();
    return findTask(params.id ?? "")?.view;
  });
  const [message, setMessage] = createSignal<{ kind: "ok" | "error"; text: string } | null>(null);
  const run = (fn: () => void) => {
    try {
      fn();
      setMessage({ kind: "ok", text: t("task.saved") });
    } catch (error) {
      setMessage({
        kind: "error",
        text:
          error instanceof ActionError
            ? error.code === "read_only"
              ? t("task.notAllowed")
              : t(error.messageKey)
            : String(error),
      });
    }
  };

  return (
    <Show
      when={task()}
      fallback={
        <section>
          <p class="notice notice-warning" role="status">
            {t("task.notFound")}
          </p>
          <A href="/tasks">{t("task.back")}</A>
        </section>
      }
    >
      {(view) => <TaskDetails view={view()} now={now()} dir={dir()} run={run} message={message()} />}
    </Show>
  );
}

function TaskDetails(props: {
  view: TaskView;
  now: number;
  dir: ReturnType<typeof directory>;
  run: (fn: () => void) => void;
  message: { kind: "ok" | "error"; text: string } | null;
}): JSX.Element {
  const { t } = useI18n();
  const v = () => props.view;
  const rights = () => taskRights(v());
  const cls = () => classOf(v(), props.now);
  const open = () => v().status !== "done" && !v().deletedAt;
  const [doneNote, setDoneNote] = createSignal("");
  const [reason, setReason] = createSignal("");
  const [reportText, setReportText] = createSignal("");
  const [reportPercent, setReportPercent] = createSignal(0);
  const [reportLinks, setReportLinks] = createSignal("");
  const [extDate, setExtDate] = createSignal("");
  const [extReason, setExtReason] = createSignal("");
  const [formError, setFormError] = createSignal("");

  const submitReport = (e: Event) => {
    e.preventDefault();
    const links = reportLinks()
      .split(/\s+/)
      .map((l) => l.trim())
      .filter(Boolean);
    if (links.some((l) => !isWebUrl(l))) return setFormError(t("task.linkInvalid"));
    if (!reportText().trim() && links.length === 0) return setFormError(t("task.progressNeedsText"));
    setFormError("");
    const text = [reportText().trim(), ...links].filter(Boolean).join("\n");
    props.run(() => reportProgress(v().id, { text, percent: reportPercent() }));
    setReportText("");
    setReportLinks("");
  };
  const submitExtension = (e: Event) => {
    e.preventDefault();
    const date = parseDisplayDate(extDate());
    if (!date) return setFormError(t("task.dateInvalid"));
    if (!extReason().trim()) return setFormError(t("task.reasonRequired"));
    setFormError("");
    props.run(() => requestExtension(v().id, { requestedDueDate: date, reason: extReason() }));
  };
  const who = (id: string) => props.dir.memberName(id);

  return (
    <article aria-labelledby="task-heading">
      <p>
        <A href="/tasks">← {t("task.back")}</A>
      </p>
      <header class="page-header">
        <h1 id="task-heading">{v().title}</h1>
        <span class={`task-badge ${cls()}`}>{t(`task.statusClass.${cls()}`)}</span>
      </header>
      <Show when={v().deletedAt}>
        <p class="notice notice-warning">{t("task.deletedNote")}</p>
      </Show>
      <dl class="task-details">
        <dt>{t("task.filterStatus")}</dt>
        <dd>
          {t(`task.status.${v().status}`)}
          <Show when={v().status !== "done" && v().percent > 0}>
            {" "}
            · {t("task.percent", { percent: v().percent })}
          </Show>
        </dd>
        <dt>{t("task.lead")}</dt>
        <dd>{leadText(t, v(), props.dir)}</dd>
        <Show when={v().supportUnitIds.length > 0}>
          <dt>{t("task.support")}</dt>
          <dd>
            {v()
              .supportUnitIds.map((u) => props.dir.unitName(u))
              .join(", ")}
          </dd>
        </Show>
        <dt>{t("task.assigner")}</dt>
        <dd>{who(v().assignerMemberId)}</dd>
        <dt>{t("task.due")}</dt>
        <dd>
          {v().extended
            ? t("task.dueExtended", {
                date: displayDate(v().dueDate),
                original: displayDate(v().assignedDueDate),
              })
            : displayDate(v().dueDate)}
          {v().dueTime ? ` ${v().dueTime}` : ""}
        </dd>
        <dt>{t("task.priorityLabel")}</dt>
        <dd>{t(`task.priority.${v().priority}`)}</dd>
        <Show when={v().category}>
          <dt>{t("task.category")}</dt>
          <dd>{v().category}</dd>
        </Show>
        <Show when={v().description}>
          <dt>{t("task.descriptionLabel")}</dt>
          <dd style={{ "white-space": "pre-wrap" }}>{v().description}</dd>
        </Show>
        <Show when={v().source}>
          {(source) => (
            <>
              <dt>{t("task.fromMeeting")}</dt>
              <dd>
                <blockquote>{source().passage.quote}</blockquote>
                <A href={`${meetingPath(source().meetingUrl)}/conclusion`}>{t("task.openMeeting")}</A>
              </dd>
            </>
          )}
        </Show>
      </dl>

      <div aria-live="polite" role="status">
        <Show when={props.message}>
          {(m) => (
            <p class={`notice ${m().kind === "ok" ? "notice-success" : "notice-danger"}`}>{m().text}</p>
          )}
        </Show>
        <Show when={formError()}>
          <p class="notice notice-danger">{formError()}</p>
        </Show>
      </div>

      <Show when={rights().any && !v().deletedAt}>
        <div class="task-actions">
          <Show when={v().status === "not_started"}>
            <button type="button" class="button" onClick={() => props.run(() => startTask(v().id))}>
              {t("task.start")}
            </button>
          </Show>
          <Show when={open()}>
            <div class="field">
              <label for="task-done-note">{t("task.doneNote")}</label>
              <input
                id="task-done-note"
                type="text"
                value={doneNote()}
                onInput={(e) => setDoneNote(e.currentTarget.value)}
              />
            </div>
            <button
              type="button"
              class="button button-primary"
              onClick={() => props.run(() => markTaskDone(v().id, doneNote()))}
            >
              {t("task.markDone")}
            </button>
          </Show>
          <Show when={v().status === "done" && rights().assigner}>
            <div class="field">
              <label for="task-reopen-reason">{t("task.reopenReason")}</label>
              <input
                id="task-reopen-reason"
                type="text"
                value={reason()}
                onInput={(e) => setReason(e.currentTarget.value)}
              />
            </div>
            <button
              type="button"
              class="button"
              onClick={() => {
                if (!reason().trim()) return setFormError(t("task.reasonRequired"));
                props.run(() => reopenTask(v().id, reason()));
              }}
            >
              {t("task.reopen")}
            </button>
          </Show>
        </div>
      </Show>
      <Show when={rights().assigner}>
        <div class="task-actions">
          <Show
            when={v().deletedAt}
            fallback={
              <button
                type="button"
                class="button button-danger"
                onClick={() => props.run(() => deleteTask(v().id))}
              >
                {t("task.remove")}
              </button>
            }
          >
            <button type="button" class="button" onClick={() => props.run(() => restoreTask(v().id))}>
              {t("task.restore")}
            </button>
          </Show>
        </div>
      </Show>

      <section class="task-section" aria-labelledby="progress-heading">
        <h2 id="progress-heading">{t("task.progressHeading")}</h2>
        <Show when={v().progressReports.length > 0} fallback={<p>{t("task.progressEmpty")}</p>}>
          <ul>
            <For each={v().progressReports}>
              {(r) => (
                <li>
                  <strong>
                    {formatDateTime(r.at)} · {who(r.byMemberId)} · {t("task.percent", { percent: r.percent })}
                  </strong>
                  <p style={{ "white-space": "pre-wrap" }}>
                    <Linked text={r.text} />
                  </p>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <Show when={open() && rights().any}>
          <form class="card" onSubmit={submitReport}>
            <div class="field">
              <label for="report-text">{t("task.progressText")}</label>
              <textarea
                id="report-text"
                value={reportText()}
                onInput={(e) => setReportText(e.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for="report-percent">{t("task.progressPercent")}</label>
              <input
                id="report-percent"
                type="number"
                min="0"
                max="100"
                step="5"
                value={reportPercent()}
                onInput={(e) =>
                  setReportPercent(Math.max(0, Math.min(100, Math.round(Number(e.currentTarget.value) || 0))))
                }
              />
            </div>
            <div class="field">
              <label for="report-links">{t("task.progressLinks")}</label>
              <textarea
                id="report-links"
                rows={2}
                aria-describedby="report-links-hint"
                value={reportLinks()}
                onInput={(e) => setReportLinks(e.currentTarget.value)}
              />
              <p id="report-links-hint" class="field-hint">
                {t("task.progressLinksHint")}
              </p>
            </div>
            <button type="submit" class="button">
              {t("task.progressSubmit")}
            </button>
          </form>
        </Show>
      </section>

      <section class="task-section" aria-labelledby="extension-heading">
        <h2 id="extension-heading">{t("task.extensionHeading")}</h2>
        <ul>
          <For each={v().extensions}>
            {(x) => (
              <li>
                {t("task.extensionPending", {
                  date: displayDate(x.requestedDueDate),
                  name: who(x.byMemberId),
                })}{" "}
                — {x.reason} · <strong>{t(`task.extensionState.${x.state}`)}</strong>
                <Show when={x.state === "pending" && rights().assigner && open()}>
                  <span class="task-actions">
                    <button
                      type="button"
                      class="button button-small"
                      onClick={() => props.run(() => decideExtension(v().id, x.id, { approved: true }))}
                    >
                      {t("task.extensionApprove")}
                    </button>
                    <button
                      type="button"
                      class="button button-small"
                      onClick={() => props.run(() => decideExtension(v().id, x.id, { approved: false }))}
                    >
                      {t("task.extensionRefuse")}
                    </button>
                  </span>
                </Show>
              </li>
            )}
          </For>
        </ul>
        <Show when={open() && rights().any && !v().pendingExtension}>
          <form class="card" onSubmit={submitExtension}>
            <div class="field">
              <label for="ext-date">{t("task.extensionDate")}</label>
              <input
                id="ext-date"
                type="text"
                inputmode="numeric"
                placeholder="dd/mm/yyyy"
                value={extDate()}
                onInput={(e) => setExtDate(e.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for="ext-reason">{t("task.extensionReason")}</label>
              <input
                id="ext-reason"
                type="text"
                value={extReason()}
                onInput={(e) => setExtReason(e.currentTarget.value)}
              />
            </div>
            <button type="submit" class="button">
              {t("task.extensionSubmit")}
            </button>
          </form>
        </Show>
      </section>

      <section class="task-section" aria-labelledby="history-heading">
        <h2 id="history-heading">{t("task.historyHeading")}</h2>
        <ol class="task-history">
          <For each={v().history}>
            {(e) => (
              <li>
                {formatDateTime(e.at)} · {t(`task.event.${e.type}`)} · {who(e.byMemberId)}
                <Show when={e.text}>: {e.text}</Show>
              </li>
            )}
          </For>
        </ol>
      </section>
    </article>
  );
}
