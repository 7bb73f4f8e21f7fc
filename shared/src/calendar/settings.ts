import { z } from "zod";
import { DEFAULT_TIME_ZONE, isValidTimeZone } from "../time.ts";
import { dayNumber, isLocalDate, isLocalTime, type LocalDate, minutesOfDay } from "./local-date.ts";

/**
 * The working-calendar settings a workspace stores (plain JSON, e.g. in the workspace document's
 * settings). Everything has a default, so `{}` is the calendar of a Vietnamese state body.
 */

/** Runtime schema of a local date "yyyy-MM-dd". */
export const localDateSchema = z.string().refine(isLocalDate, { message: "expected a date yyyy-MM-dd" });
/** Runtime schema of a local time "HH:mm". */
export const localTimeSchema = z.string().refine(isLocalTime, { message: "expected a time HH:mm" });

/** A day off or a name for it, as a workspace or a Prime Minister's decision gives it. */
const namedDaySchema = z.object({
  date: localDateSchema,
  nameVi: z.string().min(1).max(200),
  nameEn: z.string().min(1).max(200),
});

/**
 * What is decided for one Gregorian year, on top of the statutory rules.
 *
 * - `tetDaysOff`: the Tết break as the Prime Minister decided it (Labour Code 2019, art. 112(3)), an
 *   inclusive range, weekends included if the decision lists them. It replaces the default Tết days
 *   and their compensatory days.
 * - `nationalDayAdjacent`: the day next to Quốc khánh 2/9 that is off, 1/9 or 3/9 (art. 112(1)(đ), decided
 *   yearly under art. 112(3)).
 * - `extraDaysOff`: any other day off — days swapped under a decision (hoán đổi ngày làm việc), a local
 *   holiday, a holiday added by a later law.
 * - `extraWorkingDays`: days worked although they are normally off, e.g. the Saturday that makes up a
 *   swapped day (ngày làm bù). They win over every other rule.
 */
const yearDecisionSchema = z.object({
  tetDaysOff: z.object({ from: localDateSchema, to: localDateSchema }).optional(),
  nationalDayAdjacent: localDateSchema.optional(),
  extraDaysOff: z.array(namedDaySchema).max(366).default([]),
  extraWorkingDays: z.array(localDateSchema).max(366).default([]),
});

/** Runtime schema of {@link CalendarSettings}; unknown fields are stripped. */
export const calendarSettingsSchema = z
  .object({
    /** IANA zone of the working calendar. */
    timeZone: z.string().refine(isValidTimeZone, { message: "unknown time zone" }).default(DEFAULT_TIME_ZONE),
    /** ISO weekdays that are working days (1 = Monday … 7 = Sunday); the others are weekly rest days. */
    workingWeekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7).default([1, 2, 3, 4, 5]),
    /** Local working hours; reminders that wait for "the working morning" go out at `start`. */
    workingHours: z
      .object({ start: localTimeSchema, end: localTimeSchema })
      .refine(
        (h) => !isLocalTime(h.start) || !isLocalTime(h.end) || minutesOfDay(h.start) < minutesOfDay(h.end),
        {
          message: "working hours end before they start",
        },
      )
      .default({ start: "07:30", end: "17:00" }),
    /** Grant a compensatory day when a statutory holiday falls on a weekly rest day (art. 111(3)). */
    compensatoryDaysOff: z.boolean().default(true),
    /** Decisions per Gregorian year, keyed "yyyy". */
    years: z.record(z.string().regex(/^\d{4}$/), yearDecisionSchema).default({}),
  })
  .superRefine((s, ctx) => {
    for (const [key, y] of Object.entries(s.years)) {
      // zod runs this refinement even when a date string failed its own check: skip malformed ones.
      const inYear = (d: LocalDate) => !isLocalDate(d) || d.startsWith(`${key}-`);
      const dates = [
        ...(y.tetDaysOff ? [y.tetDaysOff.from, y.tetDaysOff.to] : []),
        ...y.extraDaysOff.map((d) => d.date),
        ...y.extraWorkingDays,
      ];
      for (const d of dates) {
        if (!inYear(d))
          ctx.addIssue({ code: "custom", path: ["years", key], message: `${d} is not in ${key}` });
      }
      const tet = y.tetDaysOff;
      if (tet && isLocalDate(tet.from) && isLocalDate(tet.to) && tet.from > tet.to) {
        ctx.addIssue({
          code: "custom",
          path: ["years", key, "tetDaysOff"],
          message: "Tết break ends before it starts",
        });
      }
      if (
        tet &&
        isLocalDate(tet.from) &&
        isLocalDate(tet.to) &&
        dayNumber(tet.to) - dayNumber(tet.from) > 15
      ) {
        ctx.addIssue({
          code: "custom",
          path: ["years", key, "tetDaysOff"],
          message: "Tết break longer than 16 days",
        });
      }
      const adjacent = y.nationalDayAdjacent;
      if (adjacent !== undefined && adjacent !== `${key}-09-01` && adjacent !== `${key}-09-03`) {
        ctx.addIssue({
          code: "custom",
          path: ["years", key, "nationalDayAdjacent"],
          message: "the day adjacent to 2/9 is 1/9 or 3/9",
        });
      }
    }
  });

/** Working-calendar settings after defaults are applied. */
export type CalendarSettings = z.output<typeof calendarSettingsSchema>;
/** Working-calendar settings as stored or typed in: every field optional. */
export type CalendarSettingsInput = z.input<typeof calendarSettingsSchema>;
/** One year's decisions (see {@link calendarSettingsSchema}). */
export type YearDecision = z.output<typeof yearDecisionSchema>;
