/**
 * The translator for the meeting components. The i18n module merges the common and meetings catalogs
 * into one flat, typed dictionary, so `t("agenda.moved", {…})` is checked against
 * ../../i18n/vi/meetings.ts.
 */
import { type Locale, type T, useI18n } from "../../i18n/index.ts";

export type MeetingsText = T;

/** The translator and current locale for meeting screens. */
export function useMeetingsText(): { t: MeetingsText; locale: () => Locale } {
  const { t, locale } = useI18n();
  return { t, locale };
}
