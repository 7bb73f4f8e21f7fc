import { A } from "@solidjs/router";
import { createMemo, createSignal, For, Show } from "solid-js";
import { addDays, daysInMonth, isoWeekday, type TaskView } from "../../../../shared/src/index.ts";
import { classOf, createMinuteClock, todayLocal } from "../../components/tasks/format.ts";
import { TaskFeed } from "../../components/tasks/TaskFeed.tsx";
import { TaskTabs } from "../../components/tasks/TaskList.tsx";
import { useI18n } from "../../i18n/index.ts";
import { ledgerTasks } from "../../state/tasks.ts";
import "../../components/tasks/tasks.css";

/**
 * Due dates on a month grid (Monday first, Asia/Ho_Chi_Minh dates): each day lists the tasks due that
 * day (due date in force, extensions included) with their class colour; previous/next month buttons;
 * below, the member's private ICS feed link for other calendar apps.
 */
export default function Calendar() {
  const { t } = useI18n();
  const now = createMinuteClock();
  const today = todayLocal();
  const [month, setMonth] = createSignal({
    year: Number(today.slice(0, 4)),
    month: Number(today.slice(5, 7)),
  });
  const byDate = createMemo(() => {
    const map = new Map<string, TaskView[]>();
    for (const { view } of ledgerTasks()) {
      if (view.deletedAt) continue;
      const list = map.get(view.dueDate) ?? [];
      list.push(view);
      map.set(view.dueDate, list);
    }
    return map;
  });
  const days = createMemo(() => {
    const { year, month: m } = month();
    const first = `${year}-${String(m).padStart(2, "0")}-01`;
    const start = addDays(first, -(isoWeekday(first) - 1));
    const count = Math.ceil((isoWeekday(first) - 1 + daysInMonth(year, m)) / 7) * 7;
    return Array.from({ length: count }, (_, i) => addDays(start, i));
  });
  const shift = (delta: number) => {
    const { year, month: m } = month();
    const index = year * 12 + (m - 1) + delta;
    setMonth({ year: Math.floor(index / 12), month: (index % 12) + 1 });
  };
  const inMonth = (date: string) => Number(date.slice(5, 7)) === month().month;

  return (
    <section aria-labelledby="calendar-heading">
      <header class="page-header">
        <h1 id="calendar-heading">{t("taskCalendar.heading")}</h1>
      </header>
      <TaskTabs current="calendar" />
      <div class="task-actions">
        <button type="button" class="button" onClick={() => shift(-1)}>
          ← {t("taskCalendar.previous")}
        </button>
        <h2 aria-live="polite" style={{ margin: "0" }}>
          {t("taskCalendar.month", month())}
        </h2>
        <button type="button" class="button" onClick={() => shift(1)}>
          {t("taskCalendar.next")} →
        </button>
      </div>
      <div class="calendar-grid" aria-hidden="true">
        <For each={t("taskCalendar.weekdays").split(" ")}>{(d) => <div class="calendar-head">{d}</div>}</For>
      </div>
      <ol class="calendar-grid calendar-days">
        <For each={days()}>
          {(date) => {
            const tasks = () => byDate().get(date) ?? [];
            return (
              <li
                class={`calendar-day${inMonth(date) ? "" : " outside"}`}
                aria-label={`${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}: ${t("taskCalendar.dueCount", { count: tasks().length })}`}
                aria-current={date === today ? "date" : undefined}
              >
                <strong aria-hidden="true">{Number(date.slice(8, 10))}</strong>
                <Show when={tasks().length > 0}>
                  <ul>
                    <For each={tasks()}>
                      {(task) => (
                        <li>
                          <A href={`/tasks/${task.id}`} class={`task-badge ${classOf(task, now())}`}>
                            {task.title}
                          </A>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </li>
            );
          }}
        </For>
      </ol>
      <TaskFeed />
    </section>
  );
}
