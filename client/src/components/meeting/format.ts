import { formatDate, formatTime, type MeetingView } from "../../../../shared/src/index.ts";
import type { MeetingsText } from "./i18n.ts";

/** "08:00–11:30, 05/12/2026" in the meeting's zone (or both dates when it spans days). */
export function formatMeetingTime(
  t: MeetingsText,
  view: Pick<MeetingView, "startsAt" | "endsAt" | "timeZone">,
): string {
  const startDate = formatDate(view.startsAt, view.timeZone);
  const endDate = formatDate(view.endsAt, view.timeZone);
  const start = formatTime(view.startsAt, view.timeZone);
  const end = formatTime(view.endsAt, view.timeZone);
  if (startDate === endDate) return t("meeting.timeRange", { date: startDate, start, end });
  return t("meeting.timeRangeMultiDay", { startDate, start, endDate, end });
}

/** Planned minutes as "45 phút" or "2 giờ 15 phút". */
export function formatMinutes(t: MeetingsText, minutes: number): string {
  if (minutes < 60) return t("agenda.minutes", { minutes });
  return t("agenda.hoursMinutes", { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}
