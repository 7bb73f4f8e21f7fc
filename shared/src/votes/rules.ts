import { z } from "zod";
import { DomainError, ReasonCode } from "../errors.ts";
import {
  type Fraction,
  type MotionRule,
  RULE_BASES,
  RuleBase,
  type RulePresetId,
  type RuleSpec,
  TIE_BREAKS,
  TieBreak,
} from "./types.ts";

/** A rule preset: its spec and the legal text it comes from (a citation, not UI text). */
export interface RulePreset {
  readonly id: RulePresetId;
  readonly spec: RuleSpec;
  /** Citation of the rule's source, or null for a generic rule of procedure. */
  readonly legalSource: string | null;
}

const HALF: Fraction = { numerator: 1, denominator: 2 };
const TWO_THIRDS: Fraction = { numerator: 2, denominator: 3 };

/**
 * People's Council (HĐND) resolution: passes with MORE than half of the TOTAL number of delegates
 * voting for it — absent delegates, abstentions and blank ballots all weigh against.
 *
 * Source: Law on Organization of Local Government 2015 (Luật Tổ chức chính quyền địa phương,
 * No. 77/2015/QH13), art. 91(3), first clause. Checked against the quoted text of art. 91(3).
 *
 * Quorum 2/3 of delegates: a council session (kỳ họp) is held with at least two thirds of all delegates
 * taking part. NOT VERIFIED — the clause could not be found in the published text of art. 78 (Kỳ họp
 * Hội đồng nhân dân) clauses 1–4; confirm the source before relying on it.
 *
 * The 2015 law was amended in 2019 and replaced in 2025; confirm the current article before release.
 */
export const COUNCIL_RESOLUTION: RulePreset = {
  id: "council_resolution",
  spec: {
    base: RuleBase.Eligible,
    threshold: HALF,
    strict: true,
    quorum: TWO_THIRDS,
    tieBreak: TieBreak.None,
  },
  legalSource: "Luật Tổ chức chính quyền địa phương 2015 (77/2015/QH13), Điều 91 khoản 3",
};

/**
 * People's Council resolution dismissing a delegate (bãi nhiệm đại biểu HĐND): passes with AT LEAST two
 * thirds of the TOTAL number of delegates voting for it.
 *
 * Source: Law on Organization of Local Government 2015 (77/2015/QH13), art. 91(3), second clause
 * ("riêng nghị quyết về bãi nhiệm đại biểu…"). Quorum as for {@link COUNCIL_RESOLUTION} (unverified).
 */
export const COUNCIL_DISMISSAL: RulePreset = {
  id: "council_dismissal",
  spec: {
    base: RuleBase.Eligible,
    threshold: TWO_THIRDS,
    strict: false,
    quorum: TWO_THIRDS,
    tieBreak: TieBreak.None,
  },
  legalSource: "Luật Tổ chức chính quyền địa phương 2015 (77/2015/QH13), Điều 91 khoản 3",
};

/**
 * Government (Chính phủ) decision at a session: the session needs at least two thirds of all Government
 * members present; a decision needs MORE than half of ALL members voting for it; when the votes for and
 * against are equal, the side the Prime Minister (the chair) voted on wins.
 *
 * Sources: Law on Government Organization 2015 (Luật Tổ chức Chính phủ, No. 76/2015/QH13), art. 46 —
 * all three points (quorum, majority, tie), checked against quoted text; restated in the Government
 * Working Regulation enclosed with Decree 39/2022/NĐ-CP (majority and tie rule confirmed from the
 * Government's own summary; article number not verified). The 2015 law was replaced by the Law on
 * Government Organization 2025, whose art. 25 keeps "decides by majority" and leaves the details to the
 * Working Regulation — confirm the current text before release.
 *
 * Reading of the tie rule: "votes for and against are equal" is applied literally (approve = reject,
 * whatever the number of abstentions or absentees). A narrower reading (a tie only when the approvals
 * are exactly half of all members) is possible; it is a one-line change in `tally`.
 */
export const GOVERNMENT_DECISION: RulePreset = {
  id: "government_decision",
  spec: {
    base: RuleBase.Eligible,
    threshold: HALF,
    strict: true,
    quorum: TWO_THIRDS,
    tieBreak: TieBreak.ChairSide,
  },
  legalSource:
    "Luật Tổ chức Chính phủ 2015 (76/2015/QH13), Điều 46; Quy chế làm việc của Chính phủ (Nghị định 39/2022/NĐ-CP)",
};

/**
 * Simple majority of votes cast: more approve than half of the approve + reject votes (abstentions and
 * blank ballots are not votes cast, as in Robert's Rules of Order). No quorum. A generic rule of
 * procedure with no statutory source; for bodies whose own working regulation says so.
 */
export const MAJORITY_OF_CAST: RulePreset = {
  id: "majority_of_cast",
  spec: { base: RuleBase.Cast, threshold: HALF, strict: true, quorum: null, tieBreak: TieBreak.None },
  legalSource: null,
};

/**
 * Majority of members present: more than half of the eligible members present (in the room or remote)
 * vote for. No quorum. A generic rule of procedure with no statutory source.
 */
export const MAJORITY_OF_PRESENT: RulePreset = {
  id: "majority_of_present",
  spec: { base: RuleBase.Present, threshold: HALF, strict: true, quorum: null, tieBreak: TieBreak.None },
  legalSource: null,
};

/** Every rule preset by id. */
export const RULE_PRESETS: Readonly<Record<RulePresetId, RulePreset>> = Object.freeze({
  council_resolution: COUNCIL_RESOLUTION,
  council_dismissal: COUNCIL_DISMISSAL,
  government_decision: GOVERNMENT_DECISION,
  majority_of_cast: MAJORITY_OF_CAST,
  majority_of_present: MAJORITY_OF_PRESENT,
});

/** A fraction of whole numbers in (0, 1]. */
export const fractionSchema = z
  .object({
    numerator: z.number().int().min(1).max(1000),
    denominator: z.number().int().min(1).max(1000),
  })
  .refine((f) => f.numerator <= f.denominator, "fraction must be at most 1");

/** A custom rule as entered by a secretary: base, threshold, strict or not, optional quorum, tie-break. */
export const ruleSpecSchema = z.object({
  base: z.enum(RULE_BASES as [RuleBase, ...RuleBase[]]),
  threshold: fractionSchema,
  strict: z.boolean(),
  quorum: fractionSchema.nullable(),
  tieBreak: z.enum(TIE_BREAKS as [TieBreak, ...TieBreak[]]),
});

/** A motion's rule: a preset id or a custom spec. */
export const motionRuleSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("preset"),
    preset: z.enum(Object.keys(RULE_PRESETS) as [RulePresetId, ...RulePresetId[]]),
  }),
  z.object({ kind: z.literal("custom"), spec: ruleSpecSchema }),
]);

/** A rule with its name resolved: the preset id (or "custom"), the spec and its legal source. */
export interface ResolvedRule {
  readonly id: RulePresetId | "custom";
  readonly spec: RuleSpec;
  readonly legalSource: string | null;
}

/**
 * Resolves a motion's rule to its spec.
 *
 * @throws DomainError(invalid_input) for an unknown preset id or a malformed custom spec
 */
export function resolveRule(rule: MotionRule): ResolvedRule {
  const parsed = motionRuleSchema.safeParse(rule);
  if (!parsed.success) {
    throw new DomainError(ReasonCode.InvalidInput, `rule: ${parsed.error.issues[0]?.message ?? "invalid"}`, {
      issues: parsed.error.issues.map((i) => ({ path: ["rule", ...i.path].join("."), message: i.message })),
    });
  }
  if (parsed.data.kind === "preset") {
    const preset = RULE_PRESETS[parsed.data.preset];
    return { id: preset.id, spec: preset.spec, legalSource: preset.legalSource };
  }
  return { id: "custom", spec: parsed.data.spec, legalSource: null };
}

/**
 * The least number of approve votes that meets a threshold against a base of `baseSize`, in exact
 * integer arithmetic: strict ("more than", quá nửa) → ⌊n·base/d⌋ + 1; not strict ("at least") →
 * ⌈n·base/d⌉. Never below 1: a motion with no approve vote never passes, even on an empty base.
 */
export function requiredApprovals(baseSize: number, threshold: Fraction, strict: boolean): number {
  const product = threshold.numerator * baseSize;
  const required = strict
    ? Math.floor(product / threshold.denominator) + 1
    : Math.ceil(product / threshold.denominator);
  return Math.max(1, required);
}

/** The least number of members present that meets a quorum fraction of `eligibleCount` (⌈n·count/d⌉). */
export function requiredPresent(eligibleCount: number, quorum: Fraction): number {
  return Math.ceil((quorum.numerator * eligibleCount) / quorum.denominator);
}
