import { createSignal, For, Show } from "solid-js";
import {
  MeetingRole,
  type MemberView,
  type ParticipantInput,
  type ParticipantView,
} from "../../../../shared/src/index.ts";
import { errorMessage } from "./errors.ts";
import { useMeetingsText } from "./i18n.ts";
import { GUEST, ParticipantFields, type ParticipantFieldValues } from "./ParticipantFields.tsx";

/**
 * The meeting's participants (thành phần dự họp) with their roles; add (a directory member, or a
 * name-only guest, who gets no access) and remove when writable.
 */
export function ParticipantsList(props: {
  participants: readonly ParticipantView[];
  /** The workspace directory, to pick participants from. */
  members: readonly MemberView[];
  readOnly: boolean;
  /** Write through state/actions.ts; may throw an ActionError. */
  onAdd: (input: ParticipantInput) => void;
  onRemove: (id: string) => void;
}) {
  const { t } = useMeetingsText();
  const blank = (): ParticipantFieldValues => ({
    memberId: props.members.length > 0 ? "" : GUEST,
    fullName: "",
    position: "",
    role: MeetingRole.Participant,
  });
  const [adding, setAdding] = createSignal(false);
  const [draft, setDraft] = createSignal(blank());
  const [nameError, setNameError] = createSignal<string>();
  const [memberError, setMemberError] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  let addButton: HTMLButtonElement | undefined;
  let nameInput: HTMLInputElement | undefined;
  let memberSelect: HTMLSelectElement | undefined;
  const taken = () => new Set(props.participants.flatMap((p) => (p.memberId ? [p.memberId] : [])));

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
    setMemberError(undefined);
    setNameError(undefined);
    if (value.memberId === "") {
      setMemberError(t("form.memberRequired"));
      memberSelect?.focus();
      return;
    }
    if (!value.fullName.trim()) {
      setNameError(t("form.participantNameRequired"));
      nameInput?.focus();
      return;
    }
    const input: ParticipantInput = {
      fullName: value.fullName.trim(),
      position: value.position.trim(),
      role: value.role,
      memberId: value.memberId === GUEST ? null : value.memberId,
    };
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
                    <Show when={!p.memberId}>
                      <span class="role-badge role-guest" title={t("meeting.guestNoAccess")}>
                        {t("meeting.guest")}
                        <span class="visually-hidden">: {t("meeting.guestNoAccess")}</span>
                      </span>
                    </Show>
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
                setDraft(blank());
                setAdding(true);
                queueMicrotask(() => memberSelect?.focus());
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
              members={props.members}
              taken={taken()}
              onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))}
              memberError={memberError()}
              nameError={nameError()}
              firstRef={(el) => {
                memberSelect = el;
              }}
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
                  setMemberError(undefined);
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
