import { A } from "@solidjs/router";
import { For, type JSX, Show } from "solid-js";
import type { TaskView } from "../../../../shared/src/index.ts";
import { useI18n } from "../../i18n/index.ts";
import { classOf, type Directory, displayDate, leadText } from "./format.ts";

/** A list of tasks: title (link to the task page), class badge, lead, due date, percent. */
export function TaskList(props: { tasks: readonly TaskView[]; now: number; dir: Directory }): JSX.Element {
  const { t } = useI18n();
  return (
    <Show when={props.tasks.length > 0} fallback={<p class="empty-state">{t("task.empty")}</p>}>
      <ul class="task-list">
        <For each={props.tasks}>
          {(task) => {
            const cls = () => classOf(task, props.now);
            return (
              <li class="task-item card">
                <A href={`/tasks/${task.id}`}>{task.title}</A>
                <p class="task-meta">
                  <span class={`task-badge ${cls()}`}>{t(`task.statusClass.${cls()}`)}</span>
                  <span>{t(`task.status.${task.status}`)}</span>
                  <span>
                    {t("task.lead")}: {leadText(t, task, props.dir)}
                  </span>
                  <span>{t("task.dueValue", { date: displayDate(task.dueDate) })}</span>
                  <Show when={task.percent > 0 && task.status !== "done"}>
                    <span>{t("task.percent", { percent: task.percent })}</span>
                  </Show>
                  <Show when={task.priority !== "normal"}>
                    <span>{t(`task.priority.${task.priority}`)}</span>
                  </Show>
                  <Show when={task.category}>
                    <span>{task.category}</span>
                  </Show>
                </p>
              </li>
            );
          }}
        </For>
      </ul>
    </Show>
  );
}

/** The navigation between task views (a list of links; the current one has aria-current="page"). */
export function TaskTabs(props: { current: string }): JSX.Element {
  const { t } = useI18n();
  const links = [
    { href: "/tasks", key: "mine", label: t("task.mine") },
    { href: "/tasks?view=assigned", key: "assigned", label: t("task.assignedByMe") },
    { href: "/tasks?view=unit", key: "unit", label: t("task.byUnit") },
    { href: "/tasks?view=all", key: "all", label: t("task.all") },
    { href: "/tasks/stats", key: "stats", label: t("task.stats") },
    { href: "/tasks/calendar", key: "calendar", label: t("task.calendar") },
  ];
  return (
    <nav aria-label={t("task.views")}>
      <ul class="task-tabs">
        <For each={links}>
          {(l) => (
            <li>
              <a href={l.href} aria-current={props.current === l.key ? "page" : undefined}>
                {l.label}
              </a>
            </li>
          )}
        </For>
      </ul>
    </nav>
  );
}
