import { updateText } from "@automerge/automerge";
import { z } from "zod";
import { DomainError, ReasonCode } from "../errors.ts";
import { type AgendaItemId, type MeetingId, newId, type ParticipantId } from "../ids.ts";
import { imm, str } from "../schema/immutable.ts";
import { parseInput } from "../schema/input.ts";
import { migrate } from "../schema/migrations.ts";
import { instant, isValidTimeZone } from "../time.ts";
import { meetingMigrations } from "./migrations.ts";
import { byPosition, type Positioned, positionAt, untieAt } from "./ordering.ts";
import {
  type AgendaItem,
  MEETING_KINDS,
  MEETING_ROLES,
  type MeetingDoc,
  type MeetingKind,
  type MeetingRole,
  MeetingStatus,
} from "./types.ts";

const utcInstant = z.iso.datetime({ offset: false });
const url = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), "online link must be http(s)");

/**
 * Longest accepted text of a meeting's details, in UTF-16 code units of the trimmed value (what zod's
 * `max` counts). The form shows them to the user before the change is refused here.
 */
export const MEETING_TEXT_LIMITS = { title: 500, issuingBody: 300, location: 500 } as const;

/** Editable details of a meeting; instants are ISO 8601 UTC ("…Z"), timeZone an IANA name. */
export const meetingDetailsSchema = z.object({
  title: z.string().trim().min(1).max(MEETING_TEXT_LIMITS.title),
  issuingBody: z.string().trim().max(MEETING_TEXT_LIMITS.issuingBody),
  kind: z.enum(MEETING_KINDS as [MeetingKind, ...MeetingKind[]]),
  startsAt: utcInstant,
  endsAt: utcInstant,
  timeZone: z.string().refine(isValidTimeZone, "unknown IANA time zone"),
  location: z.string().trim().max(MEETING_TEXT_LIMITS.location),
  onlineLink: url.nullable(),
});
export type MeetingDetailsInput = z.infer<typeof meetingDetailsSchema>;
/** What `initMeeting` needs: every detail of a meeting. */
export type NewMeetingInput = MeetingDetailsInput;

/** A participant to invite. `memberId` links to the workspace directory when known. */
export const participantInputSchema = z.object({
  fullName: z.string().trim().min(1).max(200),
  position: z.string().trim().max(200),
  role: z.enum(MEETING_ROLES as [MeetingRole, ...MeetingRole[]]),
  memberId: z.string().min(1).nullable().optional(),
});
export type ParticipantInput = z.infer<typeof participantInputSchema>;

/** An agenda item's editable fields. plannedMinutes: whole minutes, 0…1440. */
export const agendaItemInputSchema = z.object({
  title: z.string().trim().min(1).max(500),
  presenter: z.string().trim().max(200),
  plannedMinutes: z.number().int().min(0).max(1440),
  description: z.string().max(20_000),
});
export type AgendaItemInput = z.infer<typeof agendaItemInputSchema>;

function checkTimes(startsAt: string, endsAt: string): void {
  if (Date.parse(endsAt) < Date.parse(startsAt)) {
    throw new DomainError(ReasonCode.InvalidInput, "endsAt: meeting ends before it starts", {
      issues: [{ path: "endsAt", message: "ends_before_start" }],
    });
  }
}

function touch(doc: MeetingDoc, now: number): void {
  doc.updatedAt = imm(instant(now));
}

/**
 * Fills a freshly created (empty) document as a new meeting in status draft: runs every migration step
 * (creating all containers), then writes the details.
 *
 * @param now clock reading, ms since the Unix epoch
 * @throws DomainError(invalid_input) for bad input; the change is then rolled back
 */
export function initMeeting(doc: MeetingDoc, input: NewMeetingInput, now: number): MeetingId {
  const details = parseInput(meetingDetailsSchema, input);
  checkTimes(details.startsAt, details.endsAt);
  migrate(doc, meetingMigrations);
  const id = newId<MeetingId>();
  doc.id = imm(id);
  doc.title = details.title;
  doc.issuingBody = details.issuingBody;
  doc.kind = imm(details.kind);
  doc.startsAt = imm(details.startsAt);
  doc.endsAt = imm(details.endsAt);
  doc.timeZone = imm(details.timeZone);
  doc.location = details.location;
  doc.onlineLink = details.onlineLink === null ? null : imm(details.onlineLink);
  doc.status = imm(MeetingStatus.Draft);
  doc.createdAt = imm(instant(now));
  doc.updatedAt = imm(instant(now));
  return id;
}

/**
 * Edits some details of a meeting. Text fields are merged character-wise (`updateText`), so two members
 * editing the title concurrently keep both edits; other fields are last-writer-wins.
 *
 * @throws DomainError(invalid_input) for bad input or an end before the start
 */
export function updateMeetingDetails(
  doc: MeetingDoc,
  patch: Partial<MeetingDetailsInput>,
  now: number,
): void {
  const p = parseInput(meetingDetailsSchema.partial(), patch);
  const startsAt = p.startsAt ?? str(doc.startsAt)!;
  const endsAt = p.endsAt ?? str(doc.endsAt)!;
  checkTimes(startsAt, endsAt);
  if (p.title !== undefined && p.title !== doc.title) updateText(doc, ["title"], p.title);
  if (p.issuingBody !== undefined && p.issuingBody !== doc.issuingBody) {
    updateText(doc, ["issuingBody"], p.issuingBody);
  }
  if (p.location !== undefined && p.location !== doc.location) updateText(doc, ["location"], p.location);
  if (p.kind !== undefined) doc.kind = imm(p.kind);
  if (p.startsAt !== undefined) doc.startsAt = imm(p.startsAt);
  if (p.endsAt !== undefined) doc.endsAt = imm(p.endsAt);
  if (p.timeZone !== undefined) doc.timeZone = imm(p.timeZone);
  if (p.onlineLink !== undefined) doc.onlineLink = p.onlineLink === null ? null : imm(p.onlineLink);
  touch(doc, now);
}

const NEXT_STATUS: Readonly<Record<MeetingStatus, readonly MeetingStatus[]>> = {
  draft: [MeetingStatus.Published],
  published: [MeetingStatus.Draft, MeetingStatus.InSession],
  in_session: [MeetingStatus.Concluded],
  concluded: [MeetingStatus.Archived],
  archived: [],
};

/**
 * The statuses a meeting may move to from `status`. The life cycle is one way (GLOSSARY.md), except
 * that a published meeting may be withdrawn to draft before it starts.
 */
export function allowedNextStatuses(status: MeetingStatus): readonly MeetingStatus[] {
  return NEXT_STATUS[status] ?? [];
}

/**
 * Moves the meeting to another status.
 * @throws DomainError(invalid_transition) when the life cycle does not allow it
 */
export function setMeetingStatus(doc: MeetingDoc, status: MeetingStatus, now: number): void {
  const current = str(doc.status) as MeetingStatus;
  if (!allowedNextStatuses(current).includes(status)) {
    throw new DomainError(ReasonCode.InvalidTransition, `cannot go from ${current} to ${status}`, {
      from: current,
      to: status,
    });
  }
  doc.status = imm(status);
  touch(doc, now);
}

/**
 * Invites a participant. Returns the new participant's id.
 * @throws DomainError(invalid_input)
 */
export function addParticipant(doc: MeetingDoc, input: ParticipantInput, now: number): ParticipantId {
  const p = parseInput(participantInputSchema, input);
  const id = newId<ParticipantId>();
  doc.participants[id] = {
    id: imm(id),
    memberId: p.memberId ? imm(p.memberId) : null,
    fullName: p.fullName,
    position: p.position,
    role: imm(p.role),
    addedAt: imm(instant(now)),
    removedAt: null,
  };
  touch(doc, now);
  return id;
}

/**
 * Changes a participant's meeting role.
 * @throws DomainError(not_found | invalid_input)
 */
export function setParticipantRole(doc: MeetingDoc, id: ParticipantId, role: MeetingRole, now: number): void {
  const participant = doc.participants[id];
  if (!participant || participant.removedAt) throw new DomainError(ReasonCode.NotFound, `participant ${id}`);
  parseInput(participantInputSchema.shape.role, role);
  participant.role = imm(role);
  touch(doc, now);
}

/**
 * Removes a participant from the meeting (soft: their name stays for history).
 * @throws DomainError(not_found)
 */
export function removeParticipant(doc: MeetingDoc, id: ParticipantId, now: number): void {
  const participant = doc.participants[id];
  if (!participant) throw new DomainError(ReasonCode.NotFound, `participant ${id}`);
  if (!participant.removedAt) participant.removedAt = imm(instant(now));
  touch(doc, now);
}

function visibleSorted(doc: MeetingDoc, exclude?: string): Positioned[] {
  return Object.values(doc.agenda)
    .filter((item) => !item.deletedAt && str(item.id) !== exclude)
    .map((item) => ({ id: str(item.id)!, orderKey: str(item.orderKey)! }))
    .sort(byPosition);
}

/**
 * The visible agenda without `exclude`, sorted, after giving distinct keys to items tied at `index`
 * (see untieAt), so that a key computed for `index` lands exactly there.
 */
function sortedForInsertAt(doc: MeetingDoc, index: number, exclude?: string): Positioned[] {
  const sorted = visibleSorted(doc, exclude);
  const untied = untieAt(sorted, index);
  if (untied.length === 0) return sorted;
  for (const { id, orderKey } of untied) doc.agenda[id]!.orderKey = imm(orderKey);
  return visibleSorted(doc, exclude);
}

function liveItem(doc: MeetingDoc, id: AgendaItemId): AgendaItem {
  const item = doc.agenda[id];
  if (!item) throw new DomainError(ReasonCode.NotFound, `agenda item ${id}`);
  if (item.deletedAt) throw new DomainError(ReasonCode.Deleted, `agenda item ${id} was deleted`);
  return item;
}

/**
 * Adds an agenda item at `atIndex` among the visible items (default: at the end).
 * Returns the new item's id.
 * @throws DomainError(invalid_input); RangeError for an index outside 0…count
 */
export function addAgendaItem(
  doc: MeetingDoc,
  input: AgendaItemInput,
  now: number,
  atIndex?: number,
): AgendaItemId {
  const fields = parseInput(agendaItemInputSchema, input);
  const count = visibleSorted(doc).length;
  const index = atIndex ?? count;
  if (!Number.isInteger(index) || index < 0 || index > count)
    throw new RangeError(`index ${index} outside 0…${count}`);
  const sorted = sortedForInsertAt(doc, index);
  const id = newId<AgendaItemId>();
  doc.agenda[id] = {
    id: imm(id),
    title: fields.title,
    presenter: fields.presenter,
    plannedMinutes: fields.plannedMinutes,
    description: fields.description,
    orderKey: imm(positionAt(sorted, index)),
    createdAt: imm(instant(now)),
    updatedAt: imm(instant(now)),
    deletedAt: null,
  };
  touch(doc, now);
  return id;
}

/**
 * Edits an agenda item's fields; text fields merge with concurrent edits.
 * @throws DomainError(not_found | deleted | invalid_input)
 */
export function editAgendaItem(
  doc: MeetingDoc,
  id: AgendaItemId,
  patch: Partial<AgendaItemInput>,
  now: number,
): void {
  const p = parseInput(agendaItemInputSchema.partial(), patch);
  const item = liveItem(doc, id);
  const base = ["agenda", id] as const;
  if (p.title !== undefined && p.title !== item.title) updateText(doc, [...base, "title"], p.title);
  if (p.presenter !== undefined && p.presenter !== item.presenter) {
    updateText(doc, [...base, "presenter"], p.presenter);
  }
  if (p.description !== undefined && p.description !== item.description) {
    updateText(doc, [...base, "description"], p.description);
  }
  if (p.plannedMinutes !== undefined) item.plannedMinutes = p.plannedMinutes;
  item.updatedAt = imm(instant(now));
  touch(doc, now);
}

/**
 * Moves an agenda item to `toIndex` among the visible items (0 = first). Only the moved item's
 * `orderKey` changes, so concurrent moves of one item resolve to one place (last writer wins) and never
 * duplicate it, and a concurrent rename is kept.
 * @throws DomainError(not_found | deleted); RangeError for an index outside 0…count-1
 */
export function moveAgendaItem(doc: MeetingDoc, id: AgendaItemId, toIndex: number, now: number): void {
  const item = liveItem(doc, id);
  const count = visibleSorted(doc, id).length;
  if (!Number.isInteger(toIndex) || toIndex < 0 || toIndex > count) {
    throw new RangeError(`index ${toIndex} outside 0…${count}`);
  }
  const others = sortedForInsertAt(doc, toIndex, id);
  item.orderKey = imm(positionAt(others, toIndex));
  item.updatedAt = imm(instant(now));
  touch(doc, now);
}

/**
 * Removes an agenda item (soft delete: `deletedAt` is set, the item and its history stay).
 *
 * Rule for a delete racing an edit: the delete wins — the item stays deleted — and the concurrent edit
 * is kept inside it, so "Restore" brings the item back with that edit. Nothing is resurrected halfway.
 * @throws DomainError(not_found)
 */
export function removeAgendaItem(doc: MeetingDoc, id: AgendaItemId, now: number): void {
  const item = doc.agenda[id];
  if (!item) throw new DomainError(ReasonCode.NotFound, `agenda item ${id}`);
  if (!item.deletedAt) item.deletedAt = imm(instant(now));
  touch(doc, now);
}

/**
 * Restores a soft-deleted agenda item at its old position.
 * @throws DomainError(not_found)
 */
export function restoreAgendaItem(doc: MeetingDoc, id: AgendaItemId, now: number): void {
  const item = doc.agenda[id];
  if (!item) throw new DomainError(ReasonCode.NotFound, `agenda item ${id}`);
  if (item.deletedAt) item.deletedAt = null;
  item.updatedAt = imm(instant(now));
  touch(doc, now);
}

/**
 * Links the meeting to its participation document. Written once, by the creator right after
 * `initMeeting` (or by the relay for an older meeting); a second link is refused so two peers can
 * never each attach their own participation document.
 * @throws DomainError(invalid_input) for a bad URL or when a different one is already linked
 */
export function linkParticipation(doc: MeetingDoc, url: string): void {
  if (!url.startsWith("automerge:"))
    throw new DomainError(ReasonCode.InvalidInput, `url: not an automerge URL: ${url}`);
  const current = str(doc.participationUrl);
  if (current === url) return;
  if (current !== undefined)
    throw new DomainError(ReasonCode.InvalidInput, "participation document already linked");
  doc.participationUrl = imm(url);
}
