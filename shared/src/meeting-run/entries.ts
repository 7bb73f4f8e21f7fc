import { z } from "zod";
import type { MeetingDoc } from "../meeting/types.ts";
import type { ParticipationDoc } from "../participation/participation.ts";
import { type Imm, str, toPlain } from "../schema/immutable.ts";
import { RunRefusal, refuseNow } from "./refusals.ts";
import type { LiveContainer, MeetingRunContainers, ParticipationRunContainers } from "./types.ts";

/** A member id as entries use it: it prefixes entry keys, so it holds no ':'. */
export const memberIdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^:]+$/, "member id must not contain ':'");

/** Key of an entry owned by `ownerId` (a member id, or a participant id for roll-call marks). */
export function entryKey(ownerId: string, entryId: string): string {
  return `${ownerId}:${entryId}`;
}

/** The participation document's containers, typed (they are `Record<string, unknown>` in ParticipationDoc). */
export function participationContainers(doc: ParticipationDoc): ParticipationRunContainers {
  return doc as unknown as ParticipationRunContainers;
}

/** The meeting document's containers this module writes, typed. */
export function meetingContainers(doc: MeetingDoc): MeetingRunContainers {
  return doc as unknown as MeetingRunContainers;
}

/**
 * The `live` container of a meeting document, for writing.
 * @throws DomainError(invalid_transition, reason no_live_container) before migration `v2-meeting-live`
 */
export function liveOf(doc: MeetingDoc): LiveContainer {
  const live = meetingContainers(doc).live;
  if (!live) {
    throw refuseNow(
      RunRefusal.NoLiveContainer,
      "meeting document has no live container yet (migration v2-meeting-live)",
    );
  }
  return live;
}

export { parseInput } from "../schema/input.ts";

/**
 * Reads a container of peer-written entries as plain data: entries that do not parse, or that sit
 * under a key other than `keyOf(entry)` (someone else's key), are skipped.
 */
export function readEntries<T>(container: unknown, schema: z.ZodType<T>, keyOf: (entry: T) => string): T[] {
  const plain = (toPlain(container ?? {}) ?? {}) as Record<string, unknown>;
  const out: T[] = [];
  for (const [key, value] of Object.entries(plain)) {
    const parsed = schema.safeParse(value);
    if (parsed.success && keyOf(parsed.data) === key) out.push(parsed.data);
  }
  return out;
}

/**
 * Vietnamese alphabetical order of names (one collator for all calls: `localeCompare(x, "vi")` builds a
 * new one each time, which made sorting 500 names take a few hundred ms).
 */
export const compareVietnamese: (a: string, b: string) => number = new Intl.Collator("vi").compare;

/** Code-unit order: the same on every device whatever its locale. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Chronological order of instants, then id: the order in which every peer replays events. */
export function byInstantThenId<T extends { readonly id: string }>(
  at: (entry: T) => string,
): (a: T, b: T) => number {
  return (a, b) => Date.parse(at(a)) - Date.parse(at(b)) || cmp(a.id, b.id);
}

/** The last of `entries` in the order `compare`, or null when there is none. */
export function lastBy<T>(entries: readonly T[], compare: (a: T, b: T) => number): T | null {
  let last: T | null = null;
  for (const entry of entries) if (last === null || compare(entry, last) > 0) last = entry;
  return last;
}

/**
 * Name and position of the meeting's participants by member id, for showing who wrote an entry. A
 * removed participant keeps their name on what they wrote; a current participant wins over an old one.
 */
export function participantNames(meeting: MeetingDoc): Map<string, { fullName: string; position: string }> {
  const people = new Map<string, { fullName: string; position: string }>();
  for (const p of Object.values(meeting.participants)) {
    const memberId = str(p.memberId as Imm | null);
    if (memberId && (!people.has(memberId) || !p.removedAt)) {
      people.set(memberId, { fullName: p.fullName, position: p.position });
    }
  }
  return people;
}
