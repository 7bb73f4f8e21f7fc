import { For, type JSX, Show } from "solid-js";
import { MEETING_ROLES, type MeetingRole, type MemberView } from "../../../../shared/src/index.ts";
import { useMeetingsText } from "./i18n.ts";

/** The member choice of a name-only guest (không có trong danh bạ). */
export const GUEST = "guest";

export interface ParticipantFieldValues {
  /** A directory member's id, {@link GUEST}, or "" while nothing is chosen. */
  memberId: string;
  /** For a guest: typed. For a member: copied from the directory when chosen. */
  fullName: string;
  position: string;
  role: MeetingRole;
}

/** "Nguyễn Văn An — Chủ tịch, Văn phòng UBND" for the member list. */
export function memberLabel(member: MemberView): string {
  const details = [member.position, member.unitName].filter(Boolean).join(", ");
  return details ? `${member.fullName} — ${details}` : member.fullName;
}

/** The values after choosing `memberId` in the member list (name and position from the directory). */
export function chooseMember(
  value: ParticipantFieldValues,
  memberId: string,
  members: readonly MemberView[],
): ParticipantFieldValues {
  if (memberId === GUEST) {
    const wasMember = value.memberId !== GUEST && value.memberId !== "";
    return { ...value, memberId, ...(wasMember ? { fullName: "", position: "" } : {}) };
  }
  const member = members.find((m) => m.id === memberId);
  return member
    ? { ...value, memberId, fullName: member.fullName, position: member.position }
    : { ...value, memberId: "", fullName: "", position: "" };
}

/**
 * One participant: a member picked from the workspace directory (they get access to the meeting with
 * the chosen meeting role), or a name-only guest outside the directory (recorded by name; no access on
 * HọpSố — said next to the fields). `idPrefix` makes the ids unique on the page; errors are shown under
 * their field and tied to it with aria-describedby.
 */
export function ParticipantFields(props: {
  idPrefix: string;
  value: ParticipantFieldValues;
  onChange: (next: Partial<ParticipantFieldValues>) => void;
  /** Directory members (disabled ones are not offered). */
  members: readonly MemberView[];
  /** Members already invited (not offered again). */
  taken?: ReadonlySet<string>;
  memberError?: string | undefined;
  nameError?: string | undefined;
  /** Receives the first control (the member list), to move focus there. */
  firstRef?: (el: HTMLSelectElement) => void;
  nameRef?: (el: HTMLInputElement) => void;
}): JSX.Element {
  const { t } = useMeetingsText();
  const id = (name: string) => `${props.idPrefix}-${name}`;
  const offered = () =>
    props.members.filter((m) => !m.disabled && (m.id === props.value.memberId || !props.taken?.has(m.id)));
  const chosen = () => props.members.find((m) => m.id === props.value.memberId);
  const isGuest = () => props.value.memberId === GUEST;
  const memberDescribedBy = () =>
    [
      chosen() ? id("member-details") : "",
      props.members.length === 0 ? id("member-empty") : "",
      props.memberError ? id("member-error") : "",
    ]
      .filter(Boolean)
      .join(" ") || undefined;

  return (
    <div class="participant-fields" classList={{ "is-guest": isGuest() }}>
      <div class="field participant-member">
        <label for={id("member")}>{t("form.participantMember")}</label>
        <select
          ref={props.firstRef}
          id={id("member")}
          name={id("member")}
          value={props.value.memberId}
          aria-invalid={props.memberError ? "true" : undefined}
          aria-describedby={memberDescribedBy()}
          onChange={(e) => props.onChange(chooseMember(props.value, e.currentTarget.value, props.members))}
        >
          <option value="">{t("form.chooseMember")}</option>
          <For each={offered()}>{(m) => <option value={m.id}>{memberLabel(m)}</option>}</For>
          <option value={GUEST}>{t("form.guestOption")}</option>
        </select>
        <Show when={chosen()}>
          {(m) => (
            <p id={id("member-details")} class="field-hint">
              {[m().position, m().unitName].filter(Boolean).join(", ") || m().fullName}
            </p>
          )}
        </Show>
        <Show when={props.members.length === 0}>
          <p id={id("member-empty")} class="field-hint">
            {t("form.noDirectory")}
          </p>
        </Show>
        <Show when={props.memberError}>
          <p id={id("member-error")} class="field-error">
            {props.memberError}
          </p>
        </Show>
      </div>
      <Show when={isGuest()}>
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
            aria-describedby={[id("guest-note"), props.nameError ? id("name-error") : ""]
              .filter(Boolean)
              .join(" ")}
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
      </Show>
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
      <Show when={isGuest()}>
        <p id={id("guest-note")} class="participant-guest-note">
          {t("form.guestNote")}
        </p>
      </Show>
    </div>
  );
}
