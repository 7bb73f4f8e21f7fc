import { z } from "zod";
import { MeetingKind as Kinds, type MeetingKind } from "../meeting/types.ts";
import { requiredApprovals } from "../votes/rules.ts";
import type { Fraction } from "../votes/types.ts";
import { AttendanceStatus, type QuorumPresetId } from "./types.ts";

/**
 * A quorum rule (đủ số lượng): the meeting may decide when the members taking part reach `threshold`
 * of the quorum base (at least, or strictly more when `strict`). Taking part = present in the room or
 * remote; deputies (người dự thay) count only when `countDeputies`.
 */
export interface QuorumRule {
  readonly id: QuorumPresetId | "custom";
  readonly threshold: Fraction;
  readonly strict: boolean;
  /**
   * Whether a deputy sent by an absent member counts. Off in every preset: a deputy attends for the
   * member but is not a member of the body, and the statutory quorums count members ("thành viên …
   * tham dự"). A body whose own working regulation counts deputies sets a custom rule.
   */
  readonly countDeputies: boolean;
  /** Citation of the rule's source, or null for a generic rule of procedure. */
  readonly legalSource: string | null;
}

const TWO_THIRDS: Fraction = { numerator: 2, denominator: 3 };
const HALF: Fraction = { numerator: 1, denominator: 2 };

/**
 * Government session (phiên họp Chính phủ): held only with at least two thirds of all Government
 * members taking part. Source as for the votes preset `government_decision` (Law on Government
 * Organization 2015 art. 46; Government Working Regulation, Decree 39/2022/NĐ-CP) — confirm the
 * current text before release.
 */
export const GOVERNMENT_SESSION_QUORUM: QuorumRule = {
  id: "government_session",
  threshold: TWO_THIRDS,
  strict: false,
  countDeputies: false,
  legalSource:
    "Luật Tổ chức Chính phủ 2015 (76/2015/QH13), Điều 46; Quy chế làm việc của Chính phủ (Nghị định 39/2022/NĐ-CP)",
};

/**
 * People's Council session (kỳ họp HĐND): at least two thirds of all delegates. NOT VERIFIED — the same
 * open point as the votes preset `council_resolution`; no citation until the article is confirmed.
 */
export const COUNCIL_SESSION_QUORUM: QuorumRule = {
  id: "council_session",
  threshold: TWO_THIRDS,
  strict: false,
  countDeputies: false,
  legalSource: null,
};

/** More than half of the members: the generic rule for other meetings. No statutory source. */
export const MAJORITY_QUORUM: QuorumRule = {
  id: "majority",
  threshold: HALF,
  strict: true,
  countDeputies: false,
  legalSource: null,
};

/** Every quorum preset by id. */
export const QUORUM_PRESETS: Readonly<Record<QuorumPresetId, QuorumRule>> = Object.freeze({
  government_session: GOVERNMENT_SESSION_QUORUM,
  council_session: COUNCIL_SESSION_QUORUM,
  majority: MAJORITY_QUORUM,
});

/**
 * The rule a meeting uses when none was set: a council session → `council_session`; a written
 * consultation → none (nobody sits, so there is no quorum); any other meeting → `majority`. There is
 * no meeting kind for a Government session yet; its secretary picks `government_session`.
 */
export function defaultQuorumRule(kind: MeetingKind): QuorumRule | null {
  switch (kind) {
    case Kinds.CouncilSession:
      return COUNCIL_SESSION_QUORUM;
    case Kinds.WrittenConsultation:
      return null;
    default:
      return MAJORITY_QUORUM;
  }
}

/** A rule as chosen by the secretary: a preset, or a custom fraction. */
export type QuorumRuleInput =
  | { readonly kind: "preset"; readonly preset: QuorumPresetId }
  | {
      readonly kind: "custom";
      readonly threshold: Fraction;
      readonly strict: boolean;
      readonly countDeputies: boolean;
    };

const fraction = z
  .object({ numerator: z.number().int().min(1).max(1000), denominator: z.number().int().min(1).max(1000) })
  .refine((f) => f.numerator <= f.denominator, "fraction must be at most 1");

export const quorumRuleInputSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("preset"),
    preset: z.enum(Object.keys(QUORUM_PRESETS) as [QuorumPresetId, ...QuorumPresetId[]]),
  }),
  z.object({
    kind: z.literal("custom"),
    threshold: fraction,
    strict: z.boolean(),
    countDeputies: z.boolean(),
  }),
]);

/** Resolves a chosen rule to its full form. */
export function resolveQuorumRule(input: QuorumRuleInput): QuorumRule {
  if (input.kind === "preset") return QUORUM_PRESETS[input.preset];
  return {
    id: "custom",
    threshold: { numerator: input.threshold.numerator, denominator: input.threshold.denominator },
    strict: input.strict,
    countDeputies: input.countDeputies,
    legalSource: null,
  };
}

/** Reads a stored rule (plain JSON of a `QuorumRuleEntry`). A preset id maps to the preset as this app knows it. */
export function quorumRuleFromEntry(entry: {
  presetId: string;
  numerator: number;
  denominator: number;
  strict: boolean;
  countDeputies: boolean;
}): QuorumRule {
  const preset = QUORUM_PRESETS[entry.presetId as QuorumPresetId];
  if (preset) return preset;
  return {
    id: "custom",
    threshold: { numerator: entry.numerator, denominator: entry.denominator },
    strict: entry.strict,
    countDeputies: entry.countDeputies,
    legalSource: null,
  };
}

/**
 * The least number of members taking part that meets a rule on a base of `baseSize` members, in exact
 * integer arithmetic (⌈n·base/d⌉ at least; ⌊n·base/d⌋ + 1 strictly more). Never below 1: a meeting with
 * nobody on its quorum base never has a quorum.
 */
export function requiredForQuorum(baseSize: number, rule: Pick<QuorumRule, "threshold" | "strict">): number {
  // Same arithmetic as a vote threshold (votes/rules.ts), applied to people taking part.
  return requiredApprovals(baseSize, rule.threshold, rule.strict);
}

/** One person on the quorum base as the quorum sees them (an `AttendanceRow` fits). */
export interface QuorumSubject {
  readonly countsForQuorum: boolean;
  readonly status: AttendanceStatus | null;
}

/** How many people are in each attendance status; `unknown` = not yet recorded (chưa điểm danh). */
export type AttendanceCounts = Readonly<Record<AttendanceStatus | "unknown", number>>;

/** The live quorum indicator. Derived, never stored. */
export type QuorumState =
  | { readonly applicable: false }
  | {
      readonly applicable: true;
      readonly rule: QuorumRule;
      /** Members on the quorum base. */
      readonly baseSize: number;
      readonly required: number;
      /** Members taking part: present + remote (+ deputy when the rule counts deputies). */
      readonly taking: number;
      readonly met: boolean;
      /** How many more are needed (0 when met). */
      readonly shortBy: number;
      /** Counts over the quorum base only. */
      readonly counts: AttendanceCounts;
    };

/** Counts attendance statuses of `rows`. */
export function countAttendance(
  rows: readonly { readonly status: AttendanceStatus | null }[],
): AttendanceCounts {
  const counts = { present: 0, remote: 0, absent_with_reason: 0, absent: 0, deputy: 0, unknown: 0 };
  for (const row of rows) counts[row.status ?? "unknown"]++;
  return counts;
}

/**
 * The quorum indicator for the people on the quorum base (`countsForQuorum`) under `rule`; a null rule
 * means the meeting has no quorum to meet.
 */
export function quorumState(rows: readonly QuorumSubject[], rule: QuorumRule | null): QuorumState {
  if (rule === null) return { applicable: false };
  const base = rows.filter((r) => r.countsForQuorum);
  const counts = countAttendance(base);
  const taking =
    counts[AttendanceStatus.Present] +
    counts[AttendanceStatus.Remote] +
    (rule.countDeputies ? counts[AttendanceStatus.Deputy] : 0);
  const required = requiredForQuorum(base.length, rule);
  return {
    applicable: true,
    rule,
    baseSize: base.length,
    required,
    taking,
    met: taking >= required,
    shortBy: Math.max(0, required - taking),
    counts,
  };
}
