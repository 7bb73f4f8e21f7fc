import { z } from "zod";
import { localTimeSchema } from "../calendar/settings.ts";
import { DomainError, ReasonCode } from "../errors.ts";
import { isValidTimeZone } from "../time.ts";
import { URGENCIES, type Urgency } from "./types.ts";

/**
 * The workspace's reminder rules and a member's reminder preferences: plain JSON with defaults, checked
 * with zod where they enter (settings pages, documents from peers).
 */

const urgencySchema = z.enum(URGENCIES as [Urgency, ...Urgency[]]);

/**
 * How long before an anchor (a due instant, a meeting start):
 * - `working_days`: at the start of working hours of the n-th working day before the anchor's local date
 *   ("the working morning");
 * - `days`: n × 24 h before; `hours`: n h before.
 */
export const reminderOffsetSchema = z.object({
  unit: z.enum(["working_days", "days", "hours"]),
  amount: z.number().int().min(1).max(60),
});
export type ReminderOffset = z.output<typeof reminderOffsetSchema>;

const offsetRuleSchema = z.object({ offset: reminderOffsetSchema, urgency: urgencySchema });
export type OffsetRule = z.output<typeof offsetRuleSchema>;

/** Runtime schema of {@link ReminderRules}; `{}` gives the defaults of issue 9. */
export const reminderRulesSchema = z.object({
  /** New task → its assignees, at once (at the assignment instant). */
  taskAssigned: z
    .object({ enabled: z.boolean(), urgency: urgencySchema })
    .default({ enabled: true, urgency: "normal" }),
  /** Before the due date: by default 3 and 1 working days before, on the working morning. */
  taskBeforeDue: z
    .array(offsetRuleSchema)
    .max(10)
    .default([
      { offset: { unit: "working_days", amount: 3 }, urgency: "low" },
      { offset: { unit: "working_days", amount: 1 }, urgency: "normal" },
    ]),
  /** The morning of the due day, at the start of working hours (only when the due day is a working day). */
  taskDueDayMorning: z
    .object({ enabled: z.boolean(), urgency: urgencySchema })
    .default({ enabled: true, urgency: "normal" }),
  /**
   * Overdue: the assignees each working morning; the assigner from the morning after
   * `escalateAfterWorkingDays` whole working days overdue, then every `escalationEveryWorkingDays`.
   */
  taskOverdue: z
    .object({
      enabled: z.boolean(),
      urgency: urgencySchema,
      escalateAfterWorkingDays: z.number().int().min(0).max(60),
      escalationEveryWorkingDays: z.number().int().min(1).max(60),
      escalationUrgency: urgencySchema,
    })
    .default({
      enabled: true,
      urgency: "normal",
      escalateAfterWorkingDays: 3,
      escalationEveryWorkingDays: 5,
      escalationUrgency: "high",
    }),
  /** Before a meeting: by default 1 day and 1 hour before its start. */
  meetingBefore: z
    .array(offsetRuleSchema)
    .max(10)
    .default([
      { offset: { unit: "days", amount: 1 }, urgency: "low" },
      { offset: { unit: "hours", amount: 1 }, urgency: "high" },
    ]),
  /** "You have not opened N of M papers", the working morning of the working day before the meeting. */
  meetingUnopenedPapers: z
    .object({ enabled: z.boolean(), offset: reminderOffsetSchema, urgency: urgencySchema })
    .default({ enabled: true, offset: { unit: "working_days", amount: 1 }, urgency: "low" }),
  /** Before a consultation closes, to those who have not answered: 1 working day and 2 hours before. */
  consultationBefore: z
    .array(offsetRuleSchema)
    .max(10)
    .default([
      { offset: { unit: "working_days", amount: 1 }, urgency: "normal" },
      { offset: { unit: "hours", amount: 2 }, urgency: "high" },
    ]),
  /** Vote opened → remote voters who have not voted, at once; relevant until it closes or for ttlMinutes. */
  voteOpen: z
    .object({ enabled: z.boolean(), urgency: urgencySchema, ttlMinutes: z.number().int().min(1).max(1440) })
    .default({ enabled: true, urgency: "high", ttlMinutes: 60 }),
  /** Urgencies that a member's daily digest collects (the others are always sent one by one). */
  digestUrgencies: z.array(urgencySchema).default(["very-low", "low"]),
  /** How far ahead the schedule lists reminders, in days (the relay recomputes well within it). */
  horizonDays: z.number().int().min(1).max(366).default(31),
});
/** A workspace's reminder rules, defaults applied. */
export type ReminderRules = z.output<typeof reminderRulesSchema>;
export type ReminderRulesInput = z.input<typeof reminderRulesSchema>;

/** Runtime schema of {@link MemberReminderPreferences} (kept in the member's private document). */
export const memberReminderPreferencesSchema = z.object({
  /** No reminder is delivered between `start` and `end` (local; may span midnight, "21:00"–"07:00"). */
  quietHours: z
    .object({ start: localTimeSchema, end: localTimeSchema })
    .refine((q) => q.start !== q.end, { message: "quiet hours start and end at the same time" })
    .nullable()
    .default(null),
  /** One daily digest at `time` instead of single reminders of low urgency. */
  digest: z
    .object({ enabled: z.boolean(), time: localTimeSchema })
    .default({ enabled: false, time: "07:30" }),
  /**
   * Zone the member's quiet hours and digest time are read in, for a member working from another zone;
   * null = the workspace calendar's zone. The device's own zone never plays a part.
   */
  timeZone: z.string().refine(isValidTimeZone, { message: "unknown time zone" }).nullable().default(null),
});
export type MemberReminderPreferences = z.output<typeof memberReminderPreferencesSchema>;
export type MemberReminderPreferencesInput = z.input<typeof memberReminderPreferencesSchema>;

/** The rules of issue 9 (what `{}` parses to). */
export const DEFAULT_REMINDER_RULES: ReminderRules = reminderRulesSchema.parse({});
/** A member who set nothing: no quiet hours, no digest. */
export const DEFAULT_MEMBER_PREFERENCES: MemberReminderPreferences = memberReminderPreferencesSchema.parse(
  {},
);

function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new DomainError(ReasonCode.InvalidInput, `invalid ${what}`, {
    issues: r.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
  });
}

/**
 * Reads reminder rules from a settings object (missing fields take defaults).
 * @throws DomainError `invalid_input` with `details.issues`
 */
export function parseReminderRules(input: unknown): ReminderRules {
  return parseOrThrow(reminderRulesSchema, input ?? {}, "reminder rules");
}

/**
 * Reads a member's reminder preferences (missing fields take defaults).
 * @throws DomainError `invalid_input` with `details.issues`
 */
export function parseMemberPreferences(input: unknown): MemberReminderPreferences {
  return parseOrThrow(memberReminderPreferencesSchema, input ?? {}, "reminder preferences");
}
