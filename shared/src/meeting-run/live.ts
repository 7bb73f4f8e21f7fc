import { z } from "zod";
import type { MeetingDoc, MeetingKind } from "../meeting/types.ts";
import { imm, str, toPlain } from "../schema/immutable.ts";
import type { Migration } from "../schema/migrations.ts";
import { liveOf, meetingContainers, parseInput } from "./entries.ts";
import {
  defaultQuorumRule,
  type QuorumRule,
  type QuorumRuleInput,
  quorumRuleFromEntry,
  quorumRuleInputSchema,
  resolveQuorumRule,
} from "./quorum.ts";
import { quorumRuleEntrySchema } from "./schemas.ts";
import type { LiveContainer } from "./types.ts";

/**
 * Default speaking limit and warning: 5 minutes a turn, warned 1 minute before the end. A product
 * default, not a legal rule; each body's working regulation sets its own (the chair changes it per
 * meeting with `setSpeakingLimits`, or per turn when granting the floor).
 */
export const DEFAULT_SPEAKING_LIMIT_SECONDS = 300;
export const DEFAULT_SPEAKING_WARNING_SECONDS = 60;

/** A new, empty `live` container. */
export function emptyLive(): LiveContainer {
  return {
    agendaEvents: {},
    floorEvents: {},
    attendanceMarks: {},
    quorumRule: null,
    speakingLimitSeconds: DEFAULT_SPEAKING_LIMIT_SECONDS,
    speakingWarningSeconds: DEFAULT_SPEAKING_WARNING_SECONDS,
  };
}

/**
 * Proposed meeting migration step 2: creates the `live` container (agenda clock events, floor events,
 * roll-call marks, quorum rule, speaking limits). Additive and idempotent; append it to
 * `meetingMigrations` (the creator runs it in `initMeeting`, the relay for existing meetings).
 */
export const meetingLiveMigration: Migration<MeetingDoc> = {
  version: 2,
  name: "v2-meeting-live",
  up(doc) {
    const d = meetingContainers(doc);
    if (d.live === undefined) d.live = emptyLive();
  },
};

/**
 * Sets the meeting's quorum rule (chair or secretary); null goes back to the default for the meeting's
 * kind. The rule is replaced as a whole, so concurrent choices resolve to one of them.
 * @throws DomainError(invalid_input) for a malformed rule; DomainError(invalid_transition) before migration
 */
export function setQuorumRule(doc: MeetingDoc, input: QuorumRuleInput | null): void {
  const live = liveOf(doc);
  if (input === null) {
    live.quorumRule = null;
    return;
  }
  const rule = resolveQuorumRule(parseInput(quorumRuleInputSchema, input) as QuorumRuleInput);
  live.quorumRule = {
    presetId: imm(rule.id),
    numerator: rule.threshold.numerator,
    denominator: rule.threshold.denominator,
    strict: rule.strict,
    countDeputies: rule.countDeputies,
  };
}

/** The quorum rule in force: the stored one, else the default for the meeting's kind (null: none). */
export function meetingQuorumRule(doc: MeetingDoc): QuorumRule | null {
  const stored = quorumRuleEntrySchema
    .nullable()
    .safeParse(toPlain(meetingContainers(doc).live?.quorumRule ?? null));
  if (stored.success && stored.data) return quorumRuleFromEntry(stored.data);
  return defaultQuorumRule(str(doc.kind) as MeetingKind);
}

export const speakingLimitsSchema = z
  .object({
    limitSeconds: z.number().int().min(0).max(86_400),
    warningSeconds: z.number().int().min(0).max(86_400),
  })
  .refine((l) => l.limitSeconds === 0 || l.warningSeconds < l.limitSeconds, {
    message: "the warning must come before the limit",
    path: ["warningSeconds"],
  });
export type SpeakingLimits = z.infer<typeof speakingLimitsSchema>;

/**
 * Sets the meeting's default speaking limit and warning threshold (whole seconds; limit 0 = none).
 * @throws DomainError(invalid_input) when the warning is not before the limit
 */
export function setSpeakingLimits(doc: MeetingDoc, limits: SpeakingLimits): void {
  const parsed = parseInput(speakingLimitsSchema, limits);
  const live = liveOf(doc);
  live.speakingLimitSeconds = parsed.limitSeconds;
  live.speakingWarningSeconds = parsed.warningSeconds;
}

/** The meeting's default speaking limits (the defaults before migration). */
export function speakingLimits(doc: MeetingDoc): SpeakingLimits {
  const live = meetingContainers(doc).live;
  const parsed = speakingLimitsSchema.safeParse({
    limitSeconds: live?.speakingLimitSeconds,
    warningSeconds: live?.speakingWarningSeconds,
  });
  return parsed.success
    ? parsed.data
    : { limitSeconds: DEFAULT_SPEAKING_LIMIT_SECONDS, warningSeconds: DEFAULT_SPEAKING_WARNING_SECONDS };
}
