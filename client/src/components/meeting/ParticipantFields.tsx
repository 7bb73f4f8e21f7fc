import { For, Show } from "solid-js";
import { MEETING_ROLES, type MeetingRole } from "../../../../shared/src/index.ts";
import { useMeetingsText } from "./i18n.ts";

export interface ParticipantFieldValues {
  fullName: string;
  position: string;
  role: MeetingRole;
}

/**
 * Name, position and role of one participant. `idPrefix` makes the ids unique on the page;
 * `nameError` is shown under the name and tied to it with aria-describedby.
 */
export function ParticipantFields(props: {
  idPrefix: string;
  value: ParticipantFieldValues;
  onChange: (patch: Partial<ParticipantFieldValues>) => void;
  nameError?: string | undefined;
  nameRef?: (el: HTMLInputElement) => void;
}) {
  const { t } = useMeetingsText();
  const id = (name: string) => `${props.idPrefix}-${name}`;
  return (
    <div class="participant-fields">
      <div class="field">
        <label for={id("name")}>{t("form.participantName")}</label>
        <input
          ref={props.nameRef}
          id={id("name")}
          name={id("name")}
          type="text"
          autocomplete="off"
          value={props.value.fullName}
          aria-invalid={props.nameError ? "true" : undefined}
          aria-describedby={props.nameError ? id("name-error") : undefined}
          onInput={(e) => props.onChange({ fullName: e.currentTarget.value })}
        />
        <Show when={props.nameError}>
          <p id={id("name-error")} class="field-error">
            {props.nameError}
          </p>
        </Show>
      </div>
      <div class="field">
        <label for={id("position")}>{t("form.participantPosition")}</label>
        <input
          id={id("position")}
          name={id("position")}
          type="text"
          autocomplete="off"
          value={props.value.position}
          onInput={(e) => props.onChange({ position: e.currentTarget.value })}
        />
      </div>
      <div class="field field-narrow">
        <label for={id("role")}>{t("form.participantRole")}</label>
        <select
          id={id("role")}
          name={id("role")}
          value={props.value.role}
          onChange={(e) => props.onChange({ role: e.currentTarget.value as MeetingRole })}
        >
          <For each={MEETING_ROLES}>{(role) => <option value={role}>{t(`role.${role}`)}</option>}</For>
        </select>
      </div>
    </div>
  );
}
