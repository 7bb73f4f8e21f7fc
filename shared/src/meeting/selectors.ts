import { type Imm, str } from "../schema/immutable.ts";
import { foldText } from "../text.ts";
import { byPosition } from "./ordering.ts";
import type {
  AgendaItem,
  MeetingDoc,
  MeetingKind,
  MeetingRole,
  MeetingStatus,
  Participant,
} from "./types.ts";

/** An agenda item as plain data, for display. */
export interface AgendaItemView {
  readonly id: string;
  readonly title: string;
  readonly presenter: string;
  readonly plannedMinutes: number;
  readonly description: string;
  /** Fractional-index key the agenda is sorted by (ties broken by id). */
  readonly orderKey: string;
  readonly deletedAt: string | null;
}

/** A participant as plain data. */
export interface ParticipantView {
  readonly id: string;
  readonly memberId: string | null;
  readonly fullName: string;
  readonly position: string;
  readonly role: MeetingRole;
  readonly removedAt: string | null;
}

/** A meeting as plain data: instants are ISO UTC strings, agenda sorted and without deleted items. */
export interface MeetingView {
  readonly id: string;
  readonly title: string;
  readonly issuingBody: string;
  readonly kind: MeetingKind;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly timeZone: string;
  readonly location: string;
  readonly onlineLink: string | null;
  readonly status: MeetingStatus;
  readonly participants: readonly ParticipantView[];
  readonly agenda: readonly AgendaItemView[];
  /** Soft-deleted agenda items, newest deletion first, then by id (map key order differs between peers). */
  readonly deletedAgenda: readonly AgendaItemView[];
  /** Sum of planned minutes of the visible agenda. */
  readonly plannedMinutesTotal: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

function agendaView(item: AgendaItem): AgendaItemView {
  return {
    id: str(item.id)!,
    title: item.title,
    presenter: item.presenter,
    plannedMinutes: item.plannedMinutes,
    description: item.description,
    orderKey: str(item.orderKey)!,
    deletedAt: str(item.deletedAt as Imm | null) ?? null,
  };
}

function participantView(p: Participant): ParticipantView {
  return {
    id: str(p.id)!,
    memberId: str(p.memberId as Imm | null) ?? null,
    fullName: p.fullName,
    position: p.position,
    role: str(p.role) as MeetingRole,
    removedAt: str(p.removedAt as Imm | null) ?? null,
  };
}

const ROLE_ORDER: Record<MeetingRole, number> = { chair: 0, secretary: 1, participant: 2, observer: 3 };

/** The visible agenda in order (orderKey, then id). */
export function agendaItems(doc: MeetingDoc): AgendaItemView[] {
  return Object.values(doc.agenda)
    .filter((i) => !i.deletedAt)
    .map(agendaView)
    .sort(byPosition);
}

/** Reads a whole meeting document into a {@link MeetingView}. The doc must be valid (validateMeeting). */
export function meetingView(doc: MeetingDoc): MeetingView {
  const agenda = agendaItems(doc);
  const deletedAgenda = Object.values(doc.agenda)
    .filter((i) => i.deletedAt)
    .map(agendaView)
    .sort((a, b) => (b.deletedAt ?? "").localeCompare(a.deletedAt ?? "") || (a.id < b.id ? -1 : 1));
  const participants = Object.values(doc.participants)
    .map(participantView)
    .filter((p) => !p.removedAt)
    .sort(
      (a, b) =>
        ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
        a.fullName.localeCompare(b.fullName, "vi") ||
        (a.id < b.id ? -1 : 1),
    );
  return {
    id: str(doc.id)!,
    title: doc.title,
    issuingBody: doc.issuingBody,
    kind: str(doc.kind) as MeetingKind,
    startsAt: str(doc.startsAt)!,
    endsAt: str(doc.endsAt)!,
    timeZone: str(doc.timeZone)!,
    location: doc.location,
    onlineLink: str(doc.onlineLink as Imm | null) ?? null,
    status: str(doc.status) as MeetingStatus,
    participants,
    agenda,
    deletedAgenda,
    plannedMinutesTotal: agenda.reduce((sum, i) => sum + i.plannedMinutes, 0),
    createdAt: str(doc.createdAt)!,
    updatedAt: str(doc.updatedAt)!,
  };
}

/**
 * True while the meeting has not ended: it is "upcoming" (sắp tới) until its end instant.
 * @param nowMs clock reading, ms since the Unix epoch
 */
export function isUpcoming(view: Pick<MeetingView, "endsAt">, nowMs: number): boolean {
  return Date.parse(view.endsAt) >= nowMs;
}

/**
 * Case- and diacritics-insensitive filter over title, issuing body, location and agenda titles:
 * every word of `text` must occur. An empty filter matches everything.
 */
export function matchesFilter(
  view: Pick<MeetingView, "title" | "issuingBody" | "location"> & { agenda?: readonly { title: string }[] },
  text: string,
): boolean {
  const words = foldText(text).split(" ").filter(Boolean);
  if (words.length === 0) return true;
  const hay = foldText(
    [view.title, view.issuingBody, view.location, ...(view.agenda ?? []).map((a) => a.title)].join(" "),
  );
  return words.every((w) => hay.includes(w));
}

/**
 * Orders meetings for a list: upcoming ones soonest first, past ones most recent first.
 * @param nowMs clock reading, ms since the Unix epoch
 */
export function sortMeetingsForList<T extends Pick<MeetingView, "startsAt" | "endsAt">>(
  views: readonly T[],
  nowMs: number,
): T[] {
  return [...views].sort((a, b) => {
    const ua = isUpcoming(a, nowMs);
    const ub = isUpcoming(b, nowMs);
    if (ua !== ub) return ua ? -1 : 1;
    const d = Date.parse(a.startsAt) - Date.parse(b.startsAt);
    return ua ? d : -d;
  });
}

/**
 * Meeting roles by member id, for access control: participants linked to a directory member and not
 * removed. Participants known only by name get no access. A member listed twice (two secretaries
 * adding them concurrently) gets the most privileged of their roles, whatever the map's key order.
 */
export function meetingRolesByMember(doc: MeetingDoc): Map<string, MeetingRole> {
  const roles = new Map<string, MeetingRole>();
  const participants = doc.participants && typeof doc.participants === "object" ? doc.participants : {};
  for (const p of Object.values(participants) as unknown[]) {
    // Read defensively: a writer may have put anything here, and a malformed entry must cost that entry
    // its access, never the whole meeting its readers.
    if (!p || typeof p !== "object") continue;
    const entry = p as Partial<Participant>;
    const memberId = str(entry.memberId as Imm | null);
    const role = str(entry.role as Imm | undefined) as MeetingRole | undefined;
    if (!memberId || entry.removedAt || !role || !(role in ROLE_ORDER)) continue;
    const current = roles.get(memberId);
    if (current === undefined || ROLE_ORDER[role] < ROLE_ORDER[current]) roles.set(memberId, role);
  }
  return roles;
}
