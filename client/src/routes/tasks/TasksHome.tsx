import { A, useSearchParams } from "@solidjs/router";
import { createMemo, createSignal, For, Show } from "solid-js";
import {
  assignedBy,
  byUnit,
  filterTasks,
  myTasks,
  TASK_STATUS_CLASSES,
  type TaskStatusClass,
  type TaskView,
  VIETNAM_CALENDAR,
} from "../../../../shared/src/index.ts";
import { createMinuteClock, directory } from "../../components/tasks/format.ts";
import { TaskList, TaskTabs } from "../../components/tasks/TaskList.tsx";
import { useI18n } from "../../i18n/index.ts";
import { currentSession } from "../../state/session.ts";
import { ledgers, ledgerTasks, memberUnitIds } from "../../state/tasks.ts";
import "../../components/tasks/tasks.css";

type View = "mine" | "assigned" | "unit" | "all";

/**
 * The task ledger's lists: "Việc của tôi" (led by me or my unit, or supported by my unit), "Việc tôi
 * giao", "Theo đơn vị" (choose a unit), "Tất cả"; a search box and filters by report class (overdue is
 * derived at the current minute), unit and category. Sorted by due date.
 */
export default function TasksHome() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const view = (): View => {
    const v = params.view;
    return v === "assigned" || v === "unit" || v === "all" ? v : "mine";
  };
  const now = createMinuteClock();
  const dir = createMemo(() => directory());
  const [text, setText] = createSignal("");
  const [cls, setCls] = createSignal<TaskStatusClass | "">("");
  const [unit, setUnit] = createSignal(memberUnitIds()[0] ?? "");
  const [category, setCategory] = createSignal("");

  const views = createMemo<TaskView[]>(() => ledgerTasks().map((x) => x.view));
  const categories = createMemo(() =>
    [
      ...new Set(
        views()
          .map((v) => v.category)
          .filter(Boolean),
      ),
    ].sort(),
  );
  const shown = createMemo(() => {
    const s = currentSession();
    const all = views();
    let base: TaskView[];
    switch (view()) {
      case "mine":
        base = s ? myTasks(all, s.memberId, memberUnitIds()) : [];
        break;
      case "assigned":
        base = s ? assignedBy(all, s.memberId) : [];
        break;
      case "unit":
        base = unit() ? byUnit(all, unit()) : [];
        break;
      default:
        base = all;
    }
    return filterTasks(
      base,
      {
        text: text(),
        classes: cls() ? [cls() as TaskStatusClass] : [],
        categories: category() ? [category()] : [],
      },
      now(),
      VIETNAM_CALENDAR,
    );
  });

  return (
    <section aria-labelledby="tasks-heading">
      <header class="page-header">
        <h1 id="tasks-heading">{t("task.heading")}</h1>
        <A href="/tasks/new" class="button button-primary">
          {t("task.newTask")}
        </A>
      </header>
      <TaskTabs current={view()} />
      <Show when={ledgers().length === 0}>
        <p class="notice notice-info" role="status">
          {t("task.noLedger")}
        </p>
      </Show>
      <div class="task-filters">
        <div class="field">
          <label for="task-search">{t("task.search")}</label>
          <input
            id="task-search"
            type="search"
            aria-describedby="task-search-hint"
            value={text()}
            onInput={(e) => setText(e.currentTarget.value)}
          />
          <p id="task-search-hint" class="field-hint">
            {t("task.searchHint")}
          </p>
        </div>
        <div class="field">
          <label for="task-filter-class">{t("task.filterStatus")}</label>
          <select
            id="task-filter-class"
            value={cls()}
            onChange={(e) => setCls(e.currentTarget.value as TaskStatusClass | "")}
          >
            <option value="">{t("task.filterAny")}</option>
            <For each={TASK_STATUS_CLASSES}>
              {(c) => <option value={c}>{t(`task.statusClass.${c}`)}</option>}
            </For>
          </select>
        </div>
        <Show when={view() === "unit"}>
          <div class="field">
            <label for="task-filter-unit">{t("task.filterUnit")}</label>
            <select id="task-filter-unit" value={unit()} onChange={(e) => setUnit(e.currentTarget.value)}>
              <option value="">{t("task.leadPlaceholder")}</option>
              <For each={dir().units}>{(u) => <option value={u.id}>{u.name}</option>}</For>
            </select>
          </div>
        </Show>
        <div class="field">
          <label for="task-filter-category">{t("task.filterCategory")}</label>
          <select
            id="task-filter-category"
            value={category()}
            onChange={(e) => setCategory(e.currentTarget.value)}
          >
            <option value="">{t("task.filterAny")}</option>
            <For each={categories()}>{(c) => <option value={c}>{c}</option>}</For>
          </select>
        </div>
      </div>
      <p role="status" aria-live="polite">
        {t("task.count", { count: shown().length })}
      </p>
      <TaskList tasks={shown()} now={now()} dir={dir()} />
    </section>
  );
}
