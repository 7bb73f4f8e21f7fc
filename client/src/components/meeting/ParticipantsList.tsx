import { createSignal, For, Show } from "solid-js";
import { MeetingRole, type ParticipantInput, type ParticipantView } from "../../../../shared/src/index.ts";
import { errorMessage } from "./errors.ts";
import { useMeetingsText } from "./i18n.ts";
import { ParticipantFields, type ParticipantFieldValues } from "./ParticipantFields.tsx";

/** The meeting's participants (thành phần dự họp) with their roles; add and remove when writable. */
export function ParticipantsList(props: {
  participants: readonly ParticipantView[];
  readOnly: boolean;
  /** Write through data/actions.ts; may throw an ActionError. */
  onAdd: (input: ParticipantInput) => void;
  onRemove: (id: string) => void;
}) {
  const { t } = useMeetingsText();
  const blank = (): ParticipantFieldValues => ({ fullName: "", position: "", role: MeetingRole.Participant });
  const [adding, setAdding] = createSignal(false);
  const [draft, setDraft] = createSignal(blank());
  const [nameError, setNameError] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  let addButton: HTMLButtonElement | undefined;
  let nameInput: HTMLInputElement | undefined;

  const run = (action: () => void): boolean => {
    try {
      action();
      setError(undefined);
      return true;
    } catch (e) {
      setError(errorMessage(t, e));
      return false;
    }
  };

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const value = draft();
    if (!value.fullName.trim()) {
      setNameError(t("form.participantNameRequired"));
      nameInput?.focus();
      return;
    }
    setNameError(undefined);
    const input = { fullName: value.fullName.trim(), position: value.position.trim(), role: value.role };
    if (run(() => props.onAdd(input))) {
      setDraft(blank());
      setAdding(false);
      queueMicrotask(() => addButton?.focus());
    }
  };

  return (
    <section class="participants" aria-labelledby="participants-heading">
      <div class="section-header">
        <h2 id="participants-heading">{t("meeting.participants")}</h2>
        <p class="section-count">{t("meeting.participantCount", { count: props.participants.length })}</p>
      </div>
      <Show when={error()}>
        <p class="action-error" role="alert">
          {error()}
        </p>
      </Show>
      <Show
        when={props.participants.length > 0}
        fallback={<p class="empty-state">{t("meeting.noParticipants")}</p>}
      >
        <ul class="participant-list">
          <For each={props.participants}>
            {(p) => (
              <li class="participant">
                <div class="participant-text">
                  <span class="participant-name">{p.fullName}</span>
                  <span class="participant-meta">
                    <span class={`role-badge role-${p.role}`}>{t(`role.${p.role}`)}</span>
                    <Show when={p.position}>
                      <span class="participant-position">{p.position}</span>
                    </Show>
                  </span>
                </div>
                <Show when={!props.readOnly}>
                  <button
                    type="button"
                    class="button button-small button-quiet"
                    aria-label={t("meeting.removeParticipant", { name: p.fullName })}
                    onClick={() => run(() => props.onRemove(p.id))}
                  >
                    <span aria-hidden="true">✕</span>
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={!props.readOnly}>
        <Show
          when={adding()}
          fallback={
            <button
              ref={addButton}
              type="button"
              class="button"
              onClick={() => {
                setAdding(true);
                queueMicrotask(() => nameInput?.focus());
              }}
            >
              <span aria-hidden="true">+ </span>
              {t("meeting.addParticipant")}
            </button>
          }
        >
          <form class="participant-add" aria-label={t("meeting.addParticipant")} noValidate onSubmit={submit}>
            <ParticipantFields
              idPrefix="participant-new"
              value={draft()}
              onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))}
              nameError={nameError()}
              nameRef={(el) => {
                nameInput = el;
              }}
            />
            <div class="form-actions">
              <button type="submit" class="button button-primary">
                {t("meeting.addParticipant")}
              </button>
              <button
                type="button"
                class="button"
                onClick={() => {
                  setAdding(false);
                  setNameError(undefined);
                  queueMicrotask(() => addButton?.focus());
                }}
              >
                {t("form.cancel")}
              </button>
            </div>
          </form>
        </Show>
      </Show>
    </section>
  );
}
