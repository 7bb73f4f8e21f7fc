import type { MeetingStatus } from "../../../../shared/src/index.ts";
import { useMeetingsText } from "./i18n.ts";

/** The meeting's status as a coloured badge (colour is never the only cue: the text says it). */
export function StatusBadge(props: { status: MeetingStatus }) {
  const { t } = useMeetingsText();
  return <span class={`status-badge status-${props.status}`}>{t(`status.${props.status}`)}</span>;
}
