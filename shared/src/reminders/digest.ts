import { addDays, instantAt, type LocalDate, minutesOfDay, zonedDateTimeOf } from "../calendar/local-date.ts";
import type { MemberId } from "../ids.ts";
import { type QuietHours, quietHoursEnd } from "./quiet-hours.ts";
import { type Reminder, ReminderKind, SubjectType, URGENCIES, type Urgency } from "./types.ts";

/** Settings of one member's daily digest. */
export interface DigestSettings {
  /** Local time "HH:mm" the digest goes out. */
  readonly time: string;
  /** Zone the time is read in. */
  readonly timeZone: string;
  /** Quiet hours, which move the digest like any reminder. */
  readonly quietHours: QuietHours | null;
  /** Urgencies that are collected (others stay single). */
  readonly urgencies: readonly Urgency[];
}

/** The key of a member's digest of a local date: "digest:2027-02-15:<memberId>". */
export function digestKey(date: LocalDate, memberId: MemberId): string {
  return `digest:${date}:${memberId}`;
}

function digestInstant(date: LocalDate, s: DigestSettings): number {
  const at = instantAt(date, minutesOfDay(s.time), s.timeZone);
  return (s.quietHours && quietHoursEnd(at, s.quietHours, s.timeZone)) ?? at;
}

/** The first digest (local date and instant, ms UTC) at or after an instant. */
function digestFor(instantMs: number, s: DigestSettings): { date: LocalDate; at: number } {
  const day = zonedDateTimeOf(instantMs, s.timeZone).date;
  // Quiet hours can push a digest into the next day, so the previous day's digest may still be ahead.
  for (const date of [addDays(day, -1), day, addDays(day, 1)]) {
    const at = digestInstant(date, s);
    if (at >= instantMs) return { date, at };
  }
  const date = addDays(day, 2);
  return { date, at: digestInstant(date, s) };
}

const rank = (u: Urgency) => URGENCIES.indexOf(u);

/**
 * Collapses one member's reminders of the collected urgencies into one digest per local day, delivered
 * at the first digest time at or after each reminder's `dueAt`. A reminder that would expire by then
 * stays single (a digest must not deliver stale news). A digest expires with the last of its items and
 * takes the highest urgency and escalation level among them.
 *
 * @param reminders one member's reminders, after quiet hours
 * @returns single reminders and digests, unsorted
 */
export function groupIntoDigests(
  reminders: readonly Reminder[],
  memberId: MemberId,
  s: DigestSettings,
): Reminder[] {
  const out: Reminder[] = [];
  const buckets = new Map<LocalDate, { at: number; items: Reminder[] }>();
  for (const r of reminders) {
    if (!s.urgencies.includes(r.urgency)) {
      out.push(r);
      continue;
    }
    const { date, at } = digestFor(r.dueAt, s);
    if (at >= r.expiresAt) {
      out.push(r);
      continue;
    }
    const bucket = buckets.get(date) ?? { at, items: [] };
    bucket.items.push(r);
    buckets.set(date, bucket);
  }
  for (const [date, { at, items }] of buckets) {
    items.sort((a, b) => a.dueAt - b.dueAt || (a.key < b.key ? -1 : 1));
    out.push({
      key: digestKey(date, memberId),
      subjectType: SubjectType.Digest,
      subjectId: date,
      kind: ReminderKind.Digest,
      recipientMemberId: memberId,
      dueAt: at,
      expiresAt: Math.max(...items.map((i) => i.expiresAt)),
      urgency: items.reduce<Urgency>((u, i) => (rank(i.urgency) > rank(u) ? i.urgency : u), "very-low"),
      escalationLevel: Math.max(...items.map((i) => i.escalationLevel)),
      params: { title: "", count: items.length, date },
      items,
    });
  }
  return out;
}
