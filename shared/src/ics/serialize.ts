import { createEvents, type EventAttributes, type HeaderAttributes } from "ics";
import { DomainError, ReasonCode } from "../errors.ts";

/*
 * iCalendar (RFC 5545) through the `ics` library, which writes the components, escapes TEXT values
 * (backslash, comma, semicolon, newline; § 3.3.11) and validates the fields. Two things are added here:
 * DTSTAMP from the caller's clock instead of the library's `Date.now()`, and folding by octets.
 */

/** PRODID of every file HọpSố writes (§ 3.7.3; ASCII so every client shows it). */
export const PRODUCT_ID = "-//HopSo//HopSo Meetings//VI";

/** One event as the `ics` library takes it, plus DTSTAMP (the library accepts `timestamp` but does not type it). */
export type IcsEvent = EventAttributes & { readonly timestamp: number };

/**
 * Folds content lines at 75 octets (§ 3.1: "Lines of text SHOULD NOT be longer than 75 octets"),
 * continuing with CRLF and one space, never inside a UTF-8 sequence. The library folds at 75
 * characters, which for Vietnamese (2–3 octets a letter) gives lines of up to 200 octets.
 */
export function foldLines(ics: string): string {
  const unfolded = ics.replace(/\r\n[ \t]/gu, "");
  return unfolded
    .split("\r\n")
    .map((line) => {
      let out = "";
      let octets = 0;
      for (const ch of line) {
        const cp = ch.codePointAt(0)!;
        const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        if (octets + size > 75) {
          out += "\r\n ";
          octets = 1;
        }
        out += ch;
        octets += size;
      }
      return out;
    })
    .join("\r\n");
}

/** NFC (one code point per Vietnamese letter, as calendars expect), trimmed. */
export function icsText(text: string): string {
  return text.normalize("NFC").trim();
}

/**
 * A VCALENDAR with the events (METHOD:PUBLISH: a file to import or subscribe to, not an iTIP request).
 * @throws DomainError(invalid_input) when the library refuses a field (e.g. a URL that is not absolute)
 */
export function calendarFile(events: readonly IcsEvent[], header: HeaderAttributes = {}): string {
  const { error, value } = createEvents([...events], { productId: PRODUCT_ID, method: "PUBLISH", ...header });
  if (error || value === null) {
    throw new DomainError(ReasonCode.InvalidInput, `ics: ${error?.message ?? "no output"}`);
  }
  return foldLines(value);
}

/** A UTC ISO instant ("…Z") as ms for the library; a RangeError for anything else. */
export function utcMs(instant: string): number {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`invalid instant: ${instant}`);
  return ms;
}
