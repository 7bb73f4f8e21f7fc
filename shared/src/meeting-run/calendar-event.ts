import type { MeetingView } from "../meeting/selectors.ts";
import { MeetingStatus } from "../meeting/types.ts";

/**
 * What a calendar file (.ics, RFC 5545) of an invitation needs, as plain data. Turning it into iCalendar
 * text (line folding, escaping, CRLF, VEVENT) is left to a later step with a library or a small
 * serializer — see the report; nothing here depends on one.
 */
export interface CalendarEventInput {
  /** Stable across updates so a calendar replaces the event (RFC 5545 § 3.8.4.7): `${meetingId}@hopso`. */
  readonly uid: string;
  readonly title: string;
  /** UTC instants, ISO 8601 ("…Z"); write them as UTC DATE-TIME values (§ 3.3.5, form 2). */
  readonly start: string;
  readonly end: string;
  /** The meeting's IANA zone, for a client that prefers TZID-local times. */
  readonly timeZone: string;
  /** The meeting place; the online link when there is no place. */
  readonly location: string;
  /** Link that opens the meeting in the app (§ 3.8.4.6 URL). */
  readonly url: string;
  /** Plain text: the agenda with presenters and planned minutes, the online link, the app link. */
  readonly description: string;
  readonly organizer: { readonly name: string; readonly email: string | null };
  /**
   * Revision (§ 3.8.7.4 SEQUENCE, must grow with each update): whole seconds from the meeting's creation
   * to its last update, so it grows whenever the details change without anyone keeping a counter.
   */
  readonly sequence: number;
  /** § 3.8.7.3 LAST-MODIFIED, UTC ISO. */
  readonly lastModified: string;
  /** § 3.8.1.11: a draft is tentative; a sent meeting is confirmed. */
  readonly status: "TENTATIVE" | "CONFIRMED";
}

/** The words of the description (Vietnamese by default: the file leaves the app, so the UI catalog cannot reach it). */
export interface CalendarLabels {
  readonly agenda: string;
  readonly minutes: string;
  readonly onlineLink: string;
  readonly openInApp: string;
}

export const VI_CALENDAR_LABELS: CalendarLabels = {
  agenda: "Chương trình họp",
  minutes: "phút",
  onlineLink: "Họp trực tuyến",
  openInApp: "Xem trong HọpSố",
};

/**
 * The calendar event of a meeting's invitation (giấy mời) for one organizer, as input to an .ics step.
 *
 * @param view the meeting (`meetingView`)
 * @param organizer who sends it (usually the issuing body's secretary)
 * @param url the meeting's address in the app
 */
export function invitationCalendarEvent(
  view: MeetingView,
  organizer: { readonly name: string; readonly email: string | null },
  url: string,
  labels: CalendarLabels = VI_CALENDAR_LABELS,
): CalendarEventInput {
  const lines: string[] = [];
  if (view.agenda.length > 0) {
    lines.push(`${labels.agenda}:`);
    view.agenda.forEach((item, i) => {
      const presenter = item.presenter.trim() ? ` (${item.presenter.trim()})` : "";
      lines.push(`${i + 1}. ${item.title}${presenter} — ${item.plannedMinutes} ${labels.minutes}`);
    });
  }
  if (view.onlineLink) lines.push("", `${labels.onlineLink}: ${view.onlineLink}`);
  lines.push("", `${labels.openInApp}: ${url}`);
  return {
    uid: `${view.id}@hopso`,
    title: view.title,
    start: view.startsAt,
    end: view.endsAt,
    timeZone: view.timeZone,
    location: view.location.trim() || (view.onlineLink ?? ""),
    url,
    description: lines.join("\n").trim(),
    organizer: { name: organizer.name, email: organizer.email },
    sequence: Math.max(0, Math.floor((Date.parse(view.updatedAt) - Date.parse(view.createdAt)) / 1000)),
    lastModified: view.updatedAt,
    status: view.status === MeetingStatus.Draft ? "TENTATIVE" : "CONFIRMED",
  };
}
