import { createSignal, createUniqueId, For, type JSX, Show } from "solid-js";
import { createStore, produce } from "solid-js/store";
import {
  MEETING_KINDS,
  type MeetingKind,
  MeetingRole,
  type MemberView,
  type NewMeetingInput,
} from "../../../../shared/src/index.ts";
import { MEETING_TEXT_LIMITS } from "../../../../shared/src/meeting/changes.ts";
import { errorMessage } from "./errors.ts";
import { useMeetingsText } from "./i18n.ts";
import {
  FIELD_ORDER,
  type FieldErrors,
  type MeetingFormValues,
  parseDisplayDate,
  parseTime,
  toDisplayDate,
  type ValidParticipant,
  validateMeetingForm,
} from "./meetingForm.ts";
import { GUEST, ParticipantFields } from "./ParticipantFields.tsx";

export interface MeetingDetailsFormProps {
  mode: "create" | "edit";
  initial: MeetingFormValues;
  /** IANA zone the typed times are in (the meeting's zone when editing). */
  timeZone: string;
  /** The workspace directory, to pick participants from (create mode). */
  members?: readonly MemberView[];
  /**
   * Saves through state/actions.ts. May throw (an ActionError is shown at the top of the form) or
   * return a promise.
   */
  onSubmit: (result: { input: NewMeetingInput; participants: ValidParticipant[] }) => void | Promise<void>;
  onCancel: () => void;
}

type TextField =
  | "title"
  | "issuingBody"
  | "date"
  | "endDate"
  | "startTime"
  | "endTime"
  | "location"
  | "onlineLink";

/**
 * Create / edit form of a meeting's details. Dates are typed as dd/MM/yyyy and times as 24-hour HH:mm
 * (text inputs: native date/time pickers show the browser's locale format, which may be MM/dd or
 * AM/PM). Messages appear inline and are tied to their field with aria-describedby; on a failed submit
 * a summary is announced and focus moves to the first field to fix.
 */
export function MeetingDetailsForm(props: MeetingDetailsFormProps) {
  const { t } = useMeetingsText();
  const uid = createUniqueId();
  const id = (name: string) => `meeting-${uid}-${name}`;
  const [values, setValues] = createStore<MeetingFormValues>(structuredClone(props.initial));
  const [errors, setErrors] = createSignal<FieldErrors>({});
  const [submitError, setSubmitError] = createSignal<string>();
  const [saving, setSaving] = createSignal(false);
  let nextKey = values.participants.reduce((max, p) => Math.max(max, p.key), 0) + 1;
  let formRef: HTMLFormElement | undefined;
  let summaryRef: HTMLDivElement | undefined;

  const set = (field: TextField, value: string) => setValues(field, value);

  const describedBy = (field: string, hint?: boolean) =>
    [hint ? id(`${field}-hint`) : "", errors()[field] ? id(`${field}-error`) : ""]
      .filter(Boolean)
      .join(" ") || undefined;

  const fieldError = (field: string) => (
    <Show when={errors()[field]}>
      {(key) => (
        <p id={id(`${field}-error`)} class="field-error">
          {t(key())}
        </p>
      )}
    </Show>
  );

  const textInput = (
    field: TextField,
    label: string,
    extra: JSX.InputHTMLAttributes<HTMLInputElement> & {
      /** Text under the field (tied with aria-describedby); a function to follow what is typed. */
      hint?: string | (() => string);
      required?: boolean;
      narrow?: boolean;
    } = {},
  ) => {
    const { hint, narrow, ...attrs } = extra;
    return (
      <div class="field" classList={{ "field-narrow": narrow }}>
        <label for={id(field)}>
          {label}
          <Show when={attrs.required}>
            <span class="required-mark" aria-hidden="true">
              {" "}
              *
            </span>
          </Show>
        </label>
        <input
          type="text"
          autocomplete="off"
          {...attrs}
          id={id(field)}
          name={field}
          value={values[field]}
          aria-invalid={errors()[field] ? "true" : undefined}
          aria-describedby={describedBy(field, Boolean(hint))}
          onInput={(e) => set(field, e.currentTarget.value)}
        />
        <Show when={hint}>
          <p id={id(`${field}-hint`)} class="field-hint">
            {typeof hint === "function" ? hint() : hint}
          </p>
        </Show>
        {fieldError(field)}
      </div>
    );
  };

  // Tidy what was typed once the user leaves a date/time field: "5/12/2026" → "05/12/2026", "9h30" → "09:30".
  const normalizeDate = (field: "date" | "endDate") => {
    const parsed = parseDisplayDate(values[field]);
    if (parsed) set(field, toDisplayDate(parsed));
  };
  const normalizeTime = (field: "startTime" | "endTime") => {
    const parsed = parseTime(values[field]);
    if (parsed) set(field, parsed);
  };

  const focusFirstError = (errs: FieldErrors) => {
    const order = [
      ...FIELD_ORDER,
      ...values.participants.flatMap((p) => [
        `participants.${p.key}.memberId`,
        `participants.${p.key}.fullName`,
      ]),
    ];
    const first = order.find((f) => errs[f]);
    const el = first
      ? formRef?.querySelector<HTMLElement>(
          `[name="${first.startsWith("participants.") ? participantName(first) : first}"]`,
        )
      : null;
    (el ?? summaryRef)?.focus();
  };
  /** "participants.<key>.fullName" → the name input, ".memberId" → the member list. */
  const participantName = (errorKey: string) => {
    const [, key, field] = errorKey.split(".");
    return `${id("p")}-${key}-${field === "memberId" ? "member" : "name"}`;
  };
  const members = () => props.members ?? [];
  const takenExcept = (key: number) =>
    new Set(values.participants.filter((p) => p.key !== key && p.memberId !== GUEST).map((p) => p.memberId));

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (saving()) return;
    setSubmitError(undefined);
    const result = validateMeetingForm(values, props.timeZone);
    if (!result.ok) {
      setErrors(result.errors);
      queueMicrotask(() => focusFirstError(result.errors));
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      await props.onSubmit({ input: result.input, participants: result.participants });
    } catch (e) {
      setSubmitError(errorMessage(t, e));
      queueMicrotask(() => summaryRef?.focus());
    } finally {
      setSaving(false);
    }
  };

  const errorCount = () => Object.keys(errors()).length;

  return (
    <form ref={formRef} class="meeting-form" noValidate onSubmit={submit} aria-describedby={id("summary")}>
      <div id={id("summary")} ref={summaryRef} tabIndex={-1} class="form-summary">
        <Show when={errorCount() > 0}>
          <p class="form-error-summary" role="alert">
            {t("form.errorSummary", { count: errorCount() })}
          </p>
        </Show>
        <Show when={submitError()}>
          <p class="form-error-summary" role="alert">
            {submitError()}
          </p>
        </Show>
      </div>

      <fieldset class="form-section">
        <legend class="visually-hidden">{t("meeting.details")}</legend>
        {textInput("title", t("form.title"), {
          required: true,
          "aria-required": "true",
          hint: () =>
            t("form.titleCount", { count: values.title.trim().length, max: MEETING_TEXT_LIMITS.title }),
        })}
        <div class="field-row">
          {textInput("issuingBody", t("form.issuingBody"))}
          <div class="field">
            <label for={id("kind")}>{t("form.kind")}</label>
            <select
              id={id("kind")}
              name="kind"
              value={values.kind}
              onChange={(e) => setValues("kind", e.currentTarget.value as MeetingKind)}
            >
              <For each={MEETING_KINDS}>{(kind) => <option value={kind}>{t(`kind.${kind}`)}</option>}</For>
            </select>
          </div>
        </div>
        <div class="field-row">
          {textInput("date", t("form.date"), {
            required: true,
            "aria-required": "true",
            inputmode: "numeric",
            placeholder: "dd/mm/yyyy",
            hint: t("form.dateHint"),
            onBlur: () => normalizeDate("date"),
          })}
          {textInput("startTime", t("form.startTime"), {
            required: true,
            "aria-required": "true",
            inputmode: "numeric",
            placeholder: "HH:mm",
            hint: t("form.timeHint"),
            onBlur: () => normalizeTime("startTime"),
          })}
          {textInput("endTime", t("form.endTime"), {
            required: true,
            "aria-required": "true",
            inputmode: "numeric",
            placeholder: "HH:mm",
            hint: t("form.timeHint"),
            onBlur: () => normalizeTime("endTime"),
          })}
        </div>
        {textInput("endDate", t("form.endDate"), {
          inputmode: "numeric",
          placeholder: "dd/mm/yyyy",
          hint: t("form.endDateHint"),
          narrow: true,
          onBlur: () => normalizeDate("endDate"),
        })}
        {textInput("location", t("form.location"))}
        {textInput("onlineLink", t("form.onlineLink"), {
          type: "url",
          inputmode: "url",
          placeholder: "https://",
          hint: t("form.onlineLinkHint"),
        })}
      </fieldset>

      <Show when={props.mode === "create"}>
        <fieldset class="form-section participants-editor">
          <legend>{t("form.participants")}</legend>
          <ol class="participant-rows">
            <For each={values.participants}>
              {(row, index) => (
                <li>
                  <fieldset class="participant-row">
                    <legend class="participant-row-label">
                      {t("form.participantNumber", { n: index() + 1 })}
                    </legend>
                    <ParticipantFields
                      idPrefix={`${id("p")}-${row.key}`}
                      value={row}
                      members={members()}
                      taken={takenExcept(row.key)}
                      memberError={
                        errors()[`participants.${row.key}.memberId`] ? t("form.memberRequired") : undefined
                      }
                      onChange={(patch) =>
                        setValues(
                          "participants",
                          (p) => p.key === row.key,
                          produce((p) => Object.assign(p, patch)),
                        )
                      }
                      nameError={
                        errors()[`participants.${row.key}.fullName`]
                          ? t("form.participantNameRequired")
                          : undefined
                      }
                    />
                    <button
                      type="button"
                      class="button button-small button-quiet"
                      onClick={() => setValues("participants", (ps) => ps.filter((p) => p.key !== row.key))}
                    >
                      {t("form.removeParticipant", { n: index() + 1 })}
                    </button>
                  </fieldset>
                </li>
              )}
            </For>
          </ol>
          <button
            type="button"
            class="button"
            onClick={() => {
              const key = nextKey++;
              setValues("participants", (ps) => [
                ...ps,
                {
                  key,
                  memberId: members().length > 0 ? "" : GUEST,
                  fullName: "",
                  position: "",
                  role: ps.length === 0 ? MeetingRole.Chair : MeetingRole.Participant,
                },
              ]);
              queueMicrotask(() => document.getElementById(`${id("p")}-${key}-member`)?.focus());
            }}
          >
            <span aria-hidden="true">+ </span>
            {t("form.addParticipant")}
          </button>
        </fieldset>
      </Show>

      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={saving()}>
          {saving() ? t("form.saving") : props.mode === "create" ? t("form.create") : t("form.save")}
        </button>
        <button type="button" class="button" onClick={() => props.onCancel()}>
          {t("form.cancel")}
        </button>
      </div>
    </form>
  );
}
