import { z } from "zod";
import type { CalendarSettingsInput } from "../calendar/settings.ts";
import {
  createWorkingCalendar,
  VIETNAM_CALENDAR,
  type WorkingCalendar,
} from "../calendar/working-calendar.ts";
import { DomainError, ReasonCode } from "../errors.ts";
import type { MemberId } from "../ids.ts";
import type { PrivateDoc } from "../private/private.ts";
import { toPlain } from "../schema/immutable.ts";
import type { WorkspaceDoc } from "../workspace/types.ts";
import {
  DEFAULT_MEMBER_PREFERENCES,
  DEFAULT_REMINDER_RULES,
  type MemberReminderPreferences,
  type MemberReminderPreferencesInput,
  parseMemberPreferences,
  parseReminderRules,
  type ReminderRules,
  type ReminderRulesInput,
} from "./rules.ts";
import { type Reminder, ReminderKind, SubjectType } from "./types.ts";

/**
 * Where reminder settings live in the documents, read and written the same way by the relay (push) and
 * the app (settings page, in-app reminders, the service worker's snooze):
 * - the workspace's rules: `workspace.settings.reminderRules` (admins), its calendar:
 *   `workspace.settings.calendar`;
 * - a member's preferences: `private.preferences.reminders` (quiet hours, digest, zone, push on/off);
 * - a member's snoozes: `private.preferences.reminderSnoozes[reminderKey]`.
 *
 * A value that does not parse (a newer app's field, a hand-edited document) falls back to the defaults
 * instead of stopping reminders: the readers never throw.
 */

/** The workspace's reminder rules, or the defaults when unset or invalid. */
export function workspaceReminderRules(doc: Pick<WorkspaceDoc, "settings"> | undefined): ReminderRules {
  const raw = doc?.settings?.reminderRules;
  if (raw === undefined || raw === null) return DEFAULT_REMINDER_RULES;
  try {
    return parseReminderRules(toPlain(raw));
  } catch {
    return DEFAULT_REMINDER_RULES;
  }
}

/** Calendars by their settings' JSON: a calendar memoises its holidays, so the same settings reuse one. */
const calendars = new Map<string, WorkingCalendar>();

/** The workspace's working calendar, or the Vietnamese default when unset or invalid. */
export function workspaceCalendar(doc: Pick<WorkspaceDoc, "settings"> | undefined): WorkingCalendar {
  const raw = doc?.settings?.calendar;
  if (raw === undefined || raw === null) return VIETNAM_CALENDAR;
  const json = JSON.stringify(toPlain(raw));
  let calendar = calendars.get(json);
  if (!calendar) {
    try {
      calendar = createWorkingCalendar(JSON.parse(json) as CalendarSettingsInput);
    } catch {
      calendar = VIETNAM_CALENDAR;
    }
    if (calendars.size > 16) calendars.clear();
    calendars.set(json, calendar);
  }
  return calendar;
}

/**
 * Replaces the workspace's reminder rules (admin settings). Missing fields take the defaults.
 * @throws DomainError(invalid_input) with `details.issues`
 */
export function setWorkspaceReminderRules(doc: WorkspaceDoc, input: ReminderRulesInput): void {
  const rules = parseReminderRules(input);
  doc.settings.reminderRules = JSON.parse(JSON.stringify(rules)) as unknown;
}

/** A member's reminder preferences plus whether they want pushes at all. */
export interface ReminderPreferencesView extends MemberReminderPreferences {
  /**
   * False when the member turned reminders off on the settings page: no push to any of their devices
   * and no in-app reminder (default true; a device also needs a push subscription to get pushes).
   */
  readonly enabled: boolean;
}

const enabledSchema = z.object({ enabled: z.boolean().default(true) });

/** A member's reminder preferences from their private document; defaults when unset or invalid. */
export function memberReminderPreferences(
  doc: Pick<PrivateDoc, "preferences"> | undefined,
): ReminderPreferencesView {
  const raw = toPlain(doc?.preferences?.reminders) ?? {};
  let prefs: MemberReminderPreferences = DEFAULT_MEMBER_PREFERENCES;
  let enabled = true;
  try {
    prefs = parseMemberPreferences(raw);
  } catch {
    // keep the defaults
  }
  const e = enabledSchema.safeParse(raw);
  if (e.success) enabled = e.data.enabled;
  return { ...prefs, enabled };
}

/**
 * Sets a member's reminder preferences in their private document.
 * @throws DomainError(invalid_input) with `details.issues` (quiet hours that start and end at once, a
 *   time that is not HH:mm, an unknown zone)
 */
export function setReminderPreferences(
  doc: PrivateDoc,
  input: MemberReminderPreferencesInput & { enabled?: boolean },
): void {
  const prefs = parseMemberPreferences(input);
  const enabled = input.enabled ?? true;
  if (typeof enabled !== "boolean") {
    throw new DomainError(ReasonCode.InvalidInput, "enabled must be true or false");
  }
  doc.preferences.reminders = JSON.parse(JSON.stringify({ ...prefs, enabled })) as unknown;
}

/** One snooze ("nhắc lại sau 1 giờ"): enough of the reminder to show it again. */
export interface ReminderSnooze {
  /** The snoozed reminder's key. */
  readonly key: string;
  readonly kind: ReminderKind;
  readonly subjectType: SubjectType;
  readonly subjectId: string;
  readonly title: string;
  /** When to remind again, ms UTC. */
  readonly until: number;
}

const snoozeSchema = z.object({
  key: z.string().min(1).max(600),
  kind: z.enum(Object.values(ReminderKind) as [ReminderKind, ...ReminderKind[]]),
  subjectType: z.enum(Object.values(SubjectType) as [SubjectType, ...SubjectType[]]),
  subjectId: z.string().min(1).max(200),
  title: z.string().max(2000),
  until: z.number().int().positive(),
});

/** How long a snoozed reminder stays relevant after its new time, ms. */
export const SNOOZED_TTL_MS = 2 * 3_600_000;
/** The snooze of a notification's "snooze" action, ms (one hour, issue 9). */
export const SNOOZE_MS = 3_600_000;
/** Snoozes older than this are removed when a new one is written, ms. */
const SNOOZE_RETENTION_MS = 7 * 24 * 3_600_000;

/**
 * Records "remind me again at `input.until`" in the member's private document (works offline: the
 * service worker calls it on the notification's snooze action). Snoozes past their relevance are dropped
 * in the same change, so the map stays small.
 * @param now ms UTC
 * @throws DomainError(invalid_input)
 */
export function snoozeReminder(doc: PrivateDoc, input: ReminderSnooze, now: number): void {
  const parsed = snoozeSchema.safeParse(input);
  if (!parsed.success) throw new DomainError(ReasonCode.InvalidInput, "invalid snooze");
  const prefs = doc.preferences;
  if (prefs.reminderSnoozes === undefined || prefs.reminderSnoozes === null) prefs.reminderSnoozes = {};
  const map = prefs.reminderSnoozes as Record<string, unknown>;
  for (const [k, v] of Object.entries(map)) {
    const until = (v as { until?: unknown } | null)?.until;
    if (typeof until !== "number" || until < now - SNOOZE_RETENTION_MS) delete map[k];
  }
  map[parsed.data.key] = { ...parsed.data };
}

/** The member's snoozes (invalid entries skipped). */
export function reminderSnoozes(doc: Pick<PrivateDoc, "preferences"> | undefined): ReminderSnooze[] {
  const raw = toPlain(doc?.preferences?.reminderSnoozes);
  if (!raw || typeof raw !== "object") return [];
  return Object.values(raw).flatMap((v) => {
    const r = snoozeSchema.safeParse(v);
    return r.success ? [r.data as ReminderSnooze] : [];
  });
}

/**
 * The reminders snoozes make: each comes again at `until`, relevant for {@link SNOOZED_TTL_MS}, with
 * its own key (`<key>~snooze~<ISO until>`), so it is delivered once like any other reminder. A snooze
 * whose subject is no longer live (task done, meeting over) makes nothing: `isLive` decides.
 */
export function snoozedReminders(
  snoozes: readonly ReminderSnooze[],
  memberId: MemberId,
  isLive: (subjectType: SubjectType, subjectId: string) => boolean,
): Reminder[] {
  return snoozes
    .filter((s) => isLive(s.subjectType, s.subjectId))
    .map((s) => ({
      key: `${s.key}~snooze~${new Date(s.until).toISOString()}`,
      subjectType: s.subjectType,
      subjectId: s.subjectId,
      kind: s.kind,
      recipientMemberId: memberId,
      dueAt: s.until,
      expiresAt: s.until + SNOOZED_TTL_MS,
      urgency: "normal" as const,
      escalationLevel: 0,
      params: { title: s.title },
    }));
}
