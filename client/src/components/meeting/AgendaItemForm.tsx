import { createSignal, createUniqueId, Show } from "solid-js";
import type { AgendaItemInput } from "../../../../shared/src/index.ts";
import { useMeetingsText } from "./i18n.ts";

type AgendaFormKey = "agenda.titleRequired" | "agenda.minutesInvalid";

/** Checks the agenda item fields as typed; returns the input or the errors (i18n keys). */
export function validateAgendaItemForm(values: {
  title: string;
  presenter: string;
  plannedMinutes: string;
  description: string;
}):
  | { ok: true; input: AgendaItemInput }
  | { ok: false; errors: Partial<Record<"title" | "plannedMinutes", AgendaFormKey>> } {
  const errors: Partial<Record<"title" | "plannedMinutes", AgendaFormKey>> = {};
  if (!values.title.trim()) errors.title = "agenda.titleRequired";
  const minutesText = values.plannedMinutes.trim();
  const minutes = minutesText === "" ? 0 : Number(minutesText);
  if (!/^\d*$/.test(minutesText) || !Number.isInteger(minutes) || minutes < 0 || minutes > 1440) {
    errors.plannedMinutes = "agenda.minutesInvalid";
  }
  if (errors.title || errors.plannedMinutes) return { ok: false, errors };
  return {
    ok: true,
    input: {
      title: values.title.trim(),
      presenter: values.presenter.trim(),
      plannedMinutes: minutes,
      description: values.description.trim(),
    },
  };
}

export interface AgendaItemFormProps {
  /** Heading text ("Thêm nội dung" / "Sửa nội dung"). */
  heading: string;
  initial?: Partial<AgendaItemInput>;
  /** Saves the validated input; the caller closes the form and shows any action error. */
  onSubmit: (input: AgendaItemInput) => void;
  onCancel: () => void;
}

/** Add / edit form of one agenda item, with inline messages tied to their fields. */
export function AgendaItemForm(props: AgendaItemFormProps) {
  const { t } = useMeetingsText();
  const uid = createUniqueId();
  const id = (name: string) => `agenda-${uid}-${name}`;
  const [title, setTitle] = createSignal(props.initial?.title ?? "");
  const [presenter, setPresenter] = createSignal(props.initial?.presenter ?? "");
  const [minutes, setMinutes] = createSignal(String(props.initial?.plannedMinutes ?? ""));
  const [description, setDescription] = createSignal(props.initial?.description ?? "");
  const [errors, setErrors] = createSignal<Partial<Record<"title" | "plannedMinutes", AgendaFormKey>>>({});
  let titleInput: HTMLInputElement | undefined;
  let minutesInput: HTMLInputElement | undefined;

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const result = validateAgendaItemForm({
      title: title(),
      presenter: presenter(),
      plannedMinutes: minutes(),
      description: description(),
    });
    if (!result.ok) {
      setErrors(result.errors);
      (result.errors.title ? titleInput : minutesInput)?.focus();
      return;
    }
    setErrors({});
    props.onSubmit(result.input);
  };

  return (
    <form
      class="agenda-form"
      aria-labelledby={id("heading")}
      noValidate
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          props.onCancel();
        }
      }}
    >
      <h3 id={id("heading")} class="agenda-form-heading">
        {props.heading}
      </h3>
      <div class="field">
        <label for={id("title")}>{t("agenda.title")}</label>
        <input
          ref={titleInput}
          id={id("title")}
          name="title"
          type="text"
          required
          autocomplete="off"
          value={title()}
          aria-invalid={errors().title ? "true" : undefined}
          aria-describedby={errors().title ? id("title-error") : undefined}
          onInput={(e) => setTitle(e.currentTarget.value)}
        />
        <Show when={errors().title}>
          {(key) => (
            <p id={id("title-error")} class="field-error">
              {t(key())}
            </p>
          )}
        </Show>
      </div>
      <div class="field-row">
        <div class="field">
          <label for={id("presenter")}>{t("agenda.presenterLabel")}</label>
          <input
            id={id("presenter")}
            name="presenter"
            type="text"
            autocomplete="off"
            value={presenter()}
            onInput={(e) => setPresenter(e.currentTarget.value)}
          />
        </div>
        <div class="field field-narrow">
          <label for={id("minutes")}>{t("agenda.plannedMinutes")}</label>
          <input
            ref={minutesInput}
            id={id("minutes")}
            name="plannedMinutes"
            type="text"
            inputmode="numeric"
            autocomplete="off"
            value={minutes()}
            aria-invalid={errors().plannedMinutes ? "true" : undefined}
            aria-describedby={errors().plannedMinutes ? id("minutes-error") : undefined}
            onInput={(e) => setMinutes(e.currentTarget.value)}
          />
          <Show when={errors().plannedMinutes}>
            {(key) => (
              <p id={id("minutes-error")} class="field-error">
                {t(key())}
              </p>
            )}
          </Show>
        </div>
      </div>
      <div class="field">
        <label for={id("description")}>{t("agenda.description")}</label>
        <textarea
          id={id("description")}
          name="description"
          rows={3}
          value={description()}
          onInput={(e) => setDescription(e.currentTarget.value)}
        />
      </div>
      <div class="form-actions">
        <button type="submit" class="button button-primary">
          {t("agenda.save")}
        </button>
        <button type="button" class="button" onClick={() => props.onCancel()}>
          {t("agenda.cancel")}
        </button>
      </div>
    </form>
  );
}
