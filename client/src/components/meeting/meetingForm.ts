/**
 * The meeting form's values and their validation, kept free of Solid so it is easy to test.
 *
 * Users see and type dates as dd/MM/yyyy and times as 24-hour HH:mm (GLOSSARY.md); the form turns them
 * into UTC instants in the meeting's time zone with shared's `zonedToUtc`. Error values are i18n keys.
 */
import {
  MeetingKind as Kinds,
  type MeetingKind,
  type MeetingRole,
  type MeetingView,
  type NewMeetingInput,
  utcToZonedParts,
  zonedToUtc,
} from "../../../../shared/src/index.ts";
import { MEETING_TEXT_LIMITS } from "../../../../shared/src/meeting/changes.ts";

/** The member choice of a name-only guest (same value as ParticipantFields' GUEST). */
const GUEST = "guest";

/**
 * One participant row of the create form. `key` only keeps rows apart in the UI. `memberId`: a
 * directory member's id, "guest" for a name-only guest, or "" while nothing is chosen.
 */
export interface ParticipantRow {
  key: number;
  memberId: string;
  fullName: string;
  position: string;
  role: MeetingRole;
}

/** The raw text of every field, as typed. */
export interface MeetingFormValues {
  title: string;
  issuingBody: string;
  kind: MeetingKind;
  /** dd/MM/yyyy */
  date: string;
  /** dd/MM/yyyy, empty when the meeting ends on its start day. */
  endDate: string;
  /** HH:mm */
  startTime: string;
  /** HH:mm */
  endTime: string;
  location: string;
  onlineLink: string;
  participants: ParticipantRow[];
}

/** i18n keys of the form's messages. */
export type FormMessageKey =
  | "form.titleRequired"
  | "form.titleTooLong"
  | "form.issuingBodyTooLong"
  | "form.locationTooLong"
  | "form.dateInvalid"
  | "form.dateNotReal"
  | "form.timeInvalid"
  | "form.endBeforeStart"
  | "form.linkInvalid"
  | "form.participantNameRequired"
  | "form.memberRequired";

/** Field name → message key. Participant fields are "participants.<key>.fullName" / ".memberId". */
export type FieldErrors = Record<string, FormMessageKey>;

/** The order fields appear in, for focusing the first invalid one. */
export const FIELD_ORDER = [
  "title",
  "issuingBody",
  "kind",
  "date",
  "startTime",
  "endTime",
  "endDate",
  "location",
  "onlineLink",
];

/** Blank values for a new meeting. */
export function emptyMeetingForm(issuingBody = ""): MeetingFormValues {
  return {
    title: "",
    issuingBody,
    kind: Kinds.Regular,
    date: "",
    endDate: "",
    startTime: "",
    endTime: "",
    location: "",
    onlineLink: "",
    participants: [],
  };
}

/** Parses "dd/MM/yyyy" (also d/M/yyyy, "." or "-" as separators) into "yyyy-MM-dd"; null if not a real date. */
export function parseDisplayDate(text: string): string | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || y < 1900 || y > 2999) return null;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > daysInMonth) return null;
  return `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Which message a date that did not parse gets: the wrong shape, or a day that does not exist (31/02). */
function dateError(text: string): "form.dateInvalid" | "form.dateNotReal" {
  return /^\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\s*$/.test(text) ? "form.dateNotReal" : "form.dateInvalid";
}

/** "yyyy-MM-dd" → "dd/MM/yyyy". */
export function toDisplayDate(isoDate: string): string {
  const [y, m, d] = isoDate.split("-");
  return `${d}/${m}/${y}`;
}

/** Parses a 24-hour time "HH:mm" (also "H:mm", "HHhmm", "HH.mm") into "HH:mm"; null if invalid. */
export function parseTime(text: string): string | null {
  const m = /^\s*(\d{1,2})\s*[:hH.]\s*(\d{2})\s*$/.exec(text);
  if (!m) return null;
  const [h, mi] = [Number(m[1]), Number(m[2])];
  if (h > 23 || mi > 59) return null;
  return `${String(h).padStart(2, "0")}:${String(mi).padStart(2, "0")}`;
}

/** True for an absolute http(s) URL with a host. */
export function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text.trim());
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** The form's values for an existing meeting (times shown in the meeting's zone). */
export function formValuesFromView(view: MeetingView): MeetingFormValues {
  const start = utcToZonedParts(view.startsAt, view.timeZone);
  const end = utcToZonedParts(view.endsAt, view.timeZone);
  return {
    title: view.title,
    issuingBody: view.issuingBody,
    kind: view.kind,
    date: toDisplayDate(start.date),
    endDate: end.date === start.date ? "" : toDisplayDate(end.date),
    startTime: start.time,
    endTime: end.time,
    location: view.location,
    onlineLink: view.onlineLink ?? "",
    participants: [],
  };
}

/** A participant that passed the form's checks; `memberId` null for a name-only guest. */
export interface ValidParticipant {
  fullName: string;
  position: string;
  role: MeetingRole;
  memberId: string | null;
}

export type FormValidation =
  | { ok: true; input: NewMeetingInput; participants: ValidParticipant[] }
  | { ok: false; errors: FieldErrors };

/**
 * Checks the form and builds the domain input. Participant rows with nothing chosen are ignored; a row
 * where "guest" was chosen needs a name (it is not silently dropped).
 * @param timeZone IANA zone the typed wall-clock times are in
 */
export function validateMeetingForm(values: MeetingFormValues, timeZone: string): FormValidation {
  const errors: FieldErrors = {};
  if (!values.title.trim()) errors.title = "form.titleRequired";
  else if (values.title.trim().length > MEETING_TEXT_LIMITS.title) errors.title = "form.titleTooLong";
  if (values.issuingBody.trim().length > MEETING_TEXT_LIMITS.issuingBody) {
    errors.issuingBody = "form.issuingBodyTooLong";
  }
  if (values.location.trim().length > MEETING_TEXT_LIMITS.location) errors.location = "form.locationTooLong";
  const date = parseDisplayDate(values.date);
  if (!date) errors.date = dateError(values.date);
  const endDate = values.endDate.trim() ? parseDisplayDate(values.endDate) : date;
  if (values.endDate.trim() && !endDate) errors.endDate = dateError(values.endDate);
  const startTime = parseTime(values.startTime);
  if (!startTime) errors.startTime = "form.timeInvalid";
  const endTime = parseTime(values.endTime);
  if (!endTime) errors.endTime = "form.timeInvalid";
  const link = values.onlineLink.trim();
  if (link && !isWebUrl(link)) errors.onlineLink = "form.linkInvalid";

  let startsAt: string | undefined;
  let endsAt: string | undefined;
  if (date && endDate && startTime && endTime) {
    startsAt = zonedToUtc(date, startTime, timeZone);
    endsAt = zonedToUtc(endDate, endTime, timeZone);
    if (Date.parse(endsAt) <= Date.parse(startsAt)) errors.endTime = "form.endBeforeStart";
  }

  const participants: ValidParticipant[] = [];
  for (const row of values.participants) {
    if (row.memberId === "") continue;
    if (row.memberId === GUEST) {
      if (!row.fullName.trim()) {
        errors[`participants.${row.key}.fullName`] = "form.participantNameRequired";
        continue;
      }
      participants.push({
        fullName: row.fullName.trim(),
        position: row.position.trim(),
        role: row.role,
        memberId: null,
      });
      continue;
    }
    if (!row.fullName.trim()) {
      errors[`participants.${row.key}.memberId`] = "form.memberRequired";
      continue;
    }
    participants.push({
      fullName: row.fullName.trim(),
      position: row.position.trim(),
      role: row.role,
      memberId: row.memberId,
    });
  }

  if (Object.keys(errors).length > 0 || !startsAt || !endsAt) return { ok: false, errors };
  return {
    ok: true,
    input: {
      title: values.title.trim(),
      issuingBody: values.issuingBody.trim(),
      kind: values.kind,
      startsAt,
      endsAt,
      timeZone,
      location: values.location.trim(),
      onlineLink: link ? link : null,
    },
    participants,
  };
}

/**
 * The fields of `next` that differ from `current`, so an edit writes only what the user changed and
 * keeps concurrent edits of other fields.
 */
export function changedDetails(current: MeetingView, next: NewMeetingInput): Partial<NewMeetingInput> {
  const patch: Partial<NewMeetingInput> = {};
  if (next.title !== current.title) patch.title = next.title;
  if (next.issuingBody !== current.issuingBody) patch.issuingBody = next.issuingBody;
  if (next.kind !== current.kind) patch.kind = next.kind;
  if (next.startsAt !== current.startsAt) patch.startsAt = next.startsAt;
  if (next.endsAt !== current.endsAt) patch.endsAt = next.endsAt;
  if (next.timeZone !== current.timeZone) patch.timeZone = next.timeZone;
  if (next.location !== current.location) patch.location = next.location;
  if (next.onlineLink !== current.onlineLink) patch.onlineLink = next.onlineLink;
  return patch;
}
