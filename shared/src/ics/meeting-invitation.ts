import type { CalendarEventInput } from "../meeting-run/calendar-event.ts";
import { calendarFile, type IcsEvent, icsText, utcMs } from "./serialize.ts";

/**
 * The .ics file of a meeting invitation (giấy mời): one VEVENT with the stable UID of the meeting, so a
 * calendar that imports a newer file replaces the event (RFC 5545 § 3.8.4.7) — SEQUENCE grows with
 * every update of the meeting (§ 3.8.7.4). Times are written in UTC (§ 3.3.5 form 2); the summary,
 * place and description keep their Vietnamese letters (UTF-8, NFC).
 *
 * The organizer is written only with an e-mail address: ORGANIZER's value is a cal-address (§ 3.8.4.3).
 *
 * @param event from `invitationCalendarEvent(meetingView, organizer, url)`
 * @param options.now clock reading (ms) written as DTSTAMP
 * @throws DomainError(invalid_input) for a URL or e-mail the library refuses; RangeError for a bad instant
 */
export function meetingInvitationIcs(event: CalendarEventInput, options: { readonly now: number }): string {
  const vevent: IcsEvent = {
    uid: event.uid,
    timestamp: options.now,
    title: icsText(event.title),
    start: utcMs(event.start),
    startInputType: "utc",
    startOutputType: "utc",
    end: utcMs(event.end),
    endInputType: "utc",
    endOutputType: "utc",
    ...(icsText(event.location) ? { location: icsText(event.location) } : {}),
    ...(icsText(event.description) ? { description: icsText(event.description) } : {}),
    url: event.url,
    status: event.status,
    sequence: event.sequence,
    lastModified: utcMs(event.lastModified),
    busyStatus: "BUSY",
    ...(event.organizer.email
      ? {
          organizer: {
            name: icsText(event.organizer.name).replace(/"/gu, "'"),
            email: event.organizer.email,
          },
        }
      : {}),
  };
  return calendarFile([vevent]);
}
