import { createMemo, createSignal, For, type JSX, Show } from "solid-js";
import {
  type NewTaskInput,
  TASK_PRIORITIES,
  type TaskId,
  type TaskPriority,
} from "../../../../shared/src/index.ts";
import { useI18n } from "../../i18n/index.ts";
import { ActionError } from "../../state/actions.ts";
import { createTask, ledgerTasks } from "../../state/tasks.ts";
import { parseDisplayDate, parseTime } from "../meeting/meetingForm.ts";
import { defaultDueDate, directory, displayDate } from "./format.ts";

/** Where a task made from a conclusion passage comes from (see shared `taskSourceInputSchema`). */
export type TaskSourceInput = NonNullable<NewTaskInput["source"]>;

/**
 * The "giao việc" form: title, exactly one lead (unit or person), due date (default in 7 days), then
 * optional priority, category, supporting units and details. Three taps from any page: "Giao việc" in
 * the header, pick the lead, "Giao việc". Writes through state/tasks.ts (offline works).
 */
export function TaskForm(props: {
  source?: TaskSourceInput;
  initialTitle?: string;
  onCreated: (taskId: TaskId) => void;
  onCancel?: () => void;
}): JSX.Element {
  const { t } = useI18n();
  const dir = createMemo(() => directory());
  const [title, setTitle] = createSignal(props.initialTitle ?? "");
  const [lead, setLead] = createSignal("");
  const [due, setDue] = createSignal(displayDate(defaultDueDate()));
  const [time, setTime] = createSignal("");
  const [priority, setPriority] = createSignal<TaskPriority>("normal");
  const [category, setCategory] = createSignal("");
  const [description, setDescription] = createSignal("");
  const [support, setSupport] = createSignal<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [failure, setFailure] = createSignal("");
  const categories = createMemo(() => [
    ...new Set(
      ledgerTasks()
        .map((x) => x.view.category)
        .filter((c) => c !== ""),
    ),
  ]);

  const submit = (e: Event) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!title().trim()) problems.title = t("task.titleRequired");
    const [kind, id] = lead().split(":", 2) as ["unit" | "member", string];
    if (!lead()) problems.lead = t("task.leadRequired");
    const dueDate = parseDisplayDate(due());
    if (!dueDate) problems.due = t("task.dateInvalid");
    const dueTime = time().trim() ? parseTime(time()) : null;
    if (time().trim() && !dueTime) problems.time = t("task.dateInvalid");
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      document.getElementById(`task-${Object.keys(problems)[0]}`)?.focus();
      return;
    }
    try {
      const taskId = createTask({
        title: title(),
        description: description(),
        lead: { kind, id },
        supportUnitIds: [...support()].filter((u) => !(kind === "unit" && u === id)),
        dueDate: dueDate!,
        dueTime,
        priority: priority(),
        category: category().trim(),
        source: props.source ?? null,
      });
      props.onCreated(taskId);
    } catch (error) {
      setFailure(
        error instanceof ActionError
          ? error.code === "read_only"
            ? t("task.notAllowed")
            : t(error.messageKey)
          : String(error),
      );
    }
  };

  const err = (field: string) => errors()[field];
  const described = (field: string, hint?: boolean) =>
    [hint ? `task-${field}-hint` : "", err(field) ? `task-${field}-error` : ""].filter(Boolean).join(" ") ||
    undefined;

  return (
    <form class="task-form card" onSubmit={submit} noValidate aria-describedby="task-form-intro">
      <p id="task-form-intro" class="field-hint">
        {t("task.formIntro")}
      </p>
      <Show when={props.source}>
        {(source) => (
          <blockquote class="notice notice-info">
            <strong>{t("task.sourceQuote")}: </strong>
            {source().passage.quote}
          </blockquote>
        )}
      </Show>
      <div class="field">
        <label for="task-title">{t("task.titleLabel")}</label>
        <textarea
          id="task-title"
          rows={2}
          required
          aria-required="true"
          aria-invalid={err("title") ? "true" : undefined}
          aria-describedby={described("title")}
          value={title()}
          onInput={(e) => setTitle(e.currentTarget.value)}
        />
        <Show when={err("title")}>
          <p id="task-title-error" class="field-error">
            {err("title")}
          </p>
        </Show>
      </div>
      <div class="field">
        <label for="task-lead">{t("task.leadLabel")}</label>
        <select
          id="task-lead"
          required
          aria-required="true"
          aria-invalid={err("lead") ? "true" : undefined}
          aria-describedby={described("lead")}
          value={lead()}
          onChange={(e) => setLead(e.currentTarget.value)}
        >
          <option value="">{t("task.leadPlaceholder")}</option>
          <optgroup label={t("task.leadUnits")}>
            <For each={dir().units.filter((u) => !u.disabled)}>
              {(u) => <option value={`unit:${u.id}`}>{u.name}</option>}
            </For>
          </optgroup>
          <optgroup label={t("task.leadMembers")}>
            <For each={dir().members.filter((m) => !m.disabled)}>
              {(m) => (
                <option value={`member:${m.id}`}>
                  {m.fullName}
                  {m.position ? ` — ${m.position}` : ""}
                </option>
              )}
            </For>
          </optgroup>
        </select>
        <Show when={err("lead")}>
          <p id="task-lead-error" class="field-error">
            {err("lead")}
          </p>
        </Show>
      </div>
      <div class="field-row">
        <div class="field">
          <label for="task-due">{t("task.dueDateLabel")}</label>
          <input
            id="task-due"
            type="text"
            inputmode="numeric"
            placeholder="dd/mm/yyyy"
            aria-invalid={err("due") ? "true" : undefined}
            aria-describedby={described("due", true)}
            value={due()}
            onInput={(e) => setDue(e.currentTarget.value)}
          />
          <p id="task-due-hint" class="field-hint">
            {t("task.dueDateHint")}
          </p>
          <Show when={err("due")}>
            <p id="task-due-error" class="field-error">
              {err("due")}
            </p>
          </Show>
        </div>
        <div class="field">
          <label for="task-time">{t("task.dueTimeLabel")}</label>
          <input
            id="task-time"
            type="text"
            inputmode="numeric"
            placeholder="HH:mm"
            aria-invalid={err("time") ? "true" : undefined}
            aria-describedby={described("time")}
            value={time()}
            onInput={(e) => setTime(e.currentTarget.value)}
          />
          <Show when={err("time")}>
            <p id="task-time-error" class="field-error">
              {err("time")}
            </p>
          </Show>
        </div>
        <div class="field">
          <label for="task-priority">{t("task.priorityLabel")}</label>
          <select
            id="task-priority"
            value={priority()}
            onChange={(e) => setPriority(e.currentTarget.value as TaskPriority)}
          >
            <For each={TASK_PRIORITIES}>{(p) => <option value={p}>{t(`task.priority.${p}`)}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="task-category">{t("task.categoryLabel")}</label>
          <input
            id="task-category"
            type="text"
            list="task-categories"
            value={category()}
            onInput={(e) => setCategory(e.currentTarget.value)}
          />
          <datalist id="task-categories">
            <For each={categories()}>{(c) => <option value={c} />}</For>
          </datalist>
        </div>
      </div>
      <details>
        <summary>
          {t("task.supportLabel")} · {t("task.descriptionLabel")}
        </summary>
        <fieldset class="field">
          <legend>{t("task.supportLabel")}</legend>
          <For each={dir().units.filter((u) => !u.disabled)}>
            {(u) => (
              <label>
                <input
                  type="checkbox"
                  checked={support().has(u.id)}
                  disabled={lead() === `unit:${u.id}`}
                  onChange={(e) => {
                    const next = new Set(support());
                    if (e.currentTarget.checked) next.add(u.id);
                    else next.delete(u.id);
                    setSupport(next);
                  }}
                />{" "}
                {u.name}
              </label>
            )}
          </For>
        </fieldset>
        <div class="field">
          <label for="task-description">{t("task.descriptionLabel")}</label>
          <textarea
            id="task-description"
            value={description()}
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
        </div>
      </details>
      <Show when={failure()}>
        <p class="notice notice-danger" role="alert">
          {failure()}
        </p>
      </Show>
      <div class="task-actions">
        <button type="submit" class="button button-primary">
          {t("task.submit")}
        </button>
        <Show when={props.onCancel}>
          <button type="button" class="button" onClick={() => props.onCancel?.()}>
            {t("task.cancel")}
          </button>
        </Show>
      </div>
    </form>
  );
}
