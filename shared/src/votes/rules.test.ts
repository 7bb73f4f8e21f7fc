import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { type ChoicePresetId, choicePreset } from "./choices.ts";
import { RULE_PRESETS, requiredApprovals, requiredPresent, resolveRule } from "./rules.ts";
import type { MotionOutcome } from "./tally.ts";
import { at, cast, forge, member, members, motion, verifyAndTally } from "./test-support.ts";
import type { MotionRule, RulePresetId, RuleSpec } from "./types.ts";

describe("threshold arithmetic (exact, integer)", () => {
  it.each([
    // base, numerator, denominator, strict, required
    [20, 1, 2, true, 11],
    [21, 1, 2, true, 11],
    [26, 1, 2, true, 14],
    [20, 2, 3, false, 14],
    [21, 2, 3, false, 14],
    [30, 2, 3, false, 20],
    [9, 2, 3, true, 7],
    [20, 1, 2, false, 10],
    [0, 1, 2, true, 1],
    [0, 1, 2, false, 1],
  ])("base %i, %i/%i strict=%s needs %i approvals", (base, n, d, strict, required) => {
    expect(requiredApprovals(base, { numerator: n, denominator: d }, strict)).toBe(required);
  });

  it.each([
    [26, 18],
    [25, 17],
    [20, 14],
    [21, 14],
    [3, 2],
  ])("a 2/3 quorum of %i members needs %i present", (eligible, required) => {
    expect(requiredPresent(eligible, { numerator: 2, denominator: 3 })).toBe(required);
  });
});

describe("resolveRule", () => {
  it("names every preset and gives the statutory ones a legal source", () => {
    for (const id of Object.keys(RULE_PRESETS) as RulePresetId[]) {
      const resolved = resolveRule({ kind: "preset", preset: id });
      expect(resolved.id).toBe(id);
      expect(resolved.spec).toEqual(RULE_PRESETS[id].spec);
    }
    expect(RULE_PRESETS.council_resolution.legalSource).toMatch(/Điều 91 khoản 3/);
    expect(RULE_PRESETS.council_dismissal.legalSource).toMatch(/Điều 91 khoản 3/);
    expect(RULE_PRESETS.government_decision.legalSource).toMatch(/39\/2022\/NĐ-CP/);
  });

  it("accepts a custom spec and refuses malformed ones", () => {
    const spec: RuleSpec = {
      base: "present",
      threshold: { numerator: 3, denominator: 5 },
      strict: false,
      quorum: null,
      tieBreak: "none",
    };
    expect(resolveRule({ kind: "custom", spec })).toEqual({ id: "custom", spec, legalSource: null });
    const bad = [
      { kind: "custom", spec: { ...spec, threshold: { numerator: 3, denominator: 2 } } },
      { kind: "custom", spec: { ...spec, threshold: { numerator: 0, denominator: 2 } } },
      { kind: "custom", spec: { ...spec, base: "everyone" } },
      { kind: "preset", preset: "national_assembly" },
    ];
    for (const rule of bad) expect(() => resolveRule(rule as MotionRule)).toThrow(DomainError);
  });
});

const preset = (id: RulePresetId): MotionRule => ({ kind: "preset", preset: id });
const custom = (spec: RuleSpec): MotionRule => ({ kind: "custom", spec });

interface PresetCase {
  readonly name: string;
  readonly rule: MotionRule;
  readonly eligible: number;
  /** The first n eligible members are marked present (voters count as present anyway). */
  readonly marked: number;
  /** Ballots in member order from m01 (the chair) — or from m02 when `chairAbstains`. */
  readonly ballots: ReadonlyArray<readonly [choiceId: string, count: number]>;
  readonly chairAbstains?: boolean;
  readonly ballot?: ChoicePresetId;
  readonly outcome: MotionOutcome;
  readonly decidedBy: "threshold" | "chair_tie_break" | null;
  readonly base: number;
  readonly required: number;
}

const CASES: PresetCase[] = [
  // People's Council resolution: > 1/2 of ALL 20 delegates (11), quorum 2/3 (14).
  {
    name: "council: 11 of 20 approve, blank ballots and rejections do not matter",
    rule: preset("council_resolution"),
    eligible: 20,
    marked: 16,
    ballot: "council",
    ballots: [
      ["approve", 11],
      ["reject", 3],
      ["blank", 2],
    ],
    outcome: "passed",
    decidedBy: "threshold",
    base: 20,
    required: 11,
  },
  {
    name: "council: 10 approve and 6 blank ballots — blank weighs against, half is not enough",
    rule: preset("council_resolution"),
    eligible: 20,
    marked: 16,
    ballot: "council",
    ballots: [
      ["approve", 10],
      ["blank", 6],
    ],
    outcome: "not_passed",
    decidedBy: "threshold",
    base: 20,
    required: 11,
  },
  {
    name: "council: a 10–10 tie does not pass (no tie-break)",
    rule: preset("council_resolution"),
    eligible: 20,
    marked: 20,
    ballot: "council",
    ballots: [
      ["approve", 10],
      ["reject", 10],
    ],
    outcome: "not_passed",
    decidedBy: "threshold",
    base: 20,
    required: 11,
  },
  {
    name: "council: 13 of 20 present is below the 2/3 quorum even if all 13 approve",
    rule: preset("council_resolution"),
    eligible: 20,
    marked: 13,
    ballot: "council",
    ballots: [["approve", 13]],
    outcome: "no_quorum",
    decidedBy: null,
    base: 20,
    required: 11,
  },
  {
    name: "council: exactly the quorum (14 of 20) with 11 approvals passes",
    rule: preset("council_resolution"),
    eligible: 20,
    marked: 14,
    ballot: "council",
    ballots: [
      ["approve", 11],
      ["reject", 3],
    ],
    outcome: "passed",
    decidedBy: "threshold",
    base: 20,
    required: 11,
  },
  // Dismissal of a delegate: ≥ 2/3 of ALL delegates.
  {
    name: "dismissal: 14 of 20 (≥ 2/3) passes",
    rule: preset("council_dismissal"),
    eligible: 20,
    marked: 20,
    ballot: "council",
    ballots: [
      ["approve", 14],
      ["reject", 6],
    ],
    outcome: "passed",
    decidedBy: "threshold",
    base: 20,
    required: 14,
  },
  {
    name: "dismissal: exactly 2/3 (14 of 21) passes — 'at least'",
    rule: preset("council_dismissal"),
    eligible: 21,
    marked: 21,
    ballot: "council",
    ballots: [
      ["approve", 14],
      ["blank", 7],
    ],
    outcome: "passed",
    decidedBy: "threshold",
    base: 21,
    required: 14,
  },
  {
    name: "dismissal: 13 of 20 with abstentions does not pass",
    rule: preset("council_dismissal"),
    eligible: 20,
    marked: 20,
    ballots: [
      ["approve", 13],
      ["abstain", 7],
    ],
    outcome: "not_passed",
    decidedBy: "threshold",
    base: 20,
    required: 14,
  },
  // Government: 26 members, quorum 18, > 1/2 of all (14), a tie goes with the Prime Minister (m01).
  {
    name: "government: 14 of 26 approve",
    rule: preset("government_decision"),
    eligible: 26,
    marked: 26,
    ballots: [
      ["approve", 14],
      ["reject", 12],
    ],
    outcome: "passed",
    decidedBy: "threshold",
    base: 26,
    required: 14,
  },
  {
    name: "government: 13–13 tie, the chair approved → passes",
    rule: preset("government_decision"),
    eligible: 26,
    marked: 26,
    ballots: [
      ["approve", 13],
      ["reject", 13],
    ],
    outcome: "passed",
    decidedBy: "chair_tie_break",
    base: 26,
    required: 14,
  },
  {
    name: "government: 13–13 tie, the chair rejected → does not pass",
    rule: preset("government_decision"),
    eligible: 26,
    marked: 26,
    ballots: [
      ["reject", 13],
      ["approve", 13],
    ],
    outcome: "not_passed",
    decidedBy: "chair_tie_break",
    base: 26,
    required: 14,
  },
  {
    name: "government: 12–12 tie, the chair abstained → no side to follow",
    rule: preset("government_decision"),
    eligible: 26,
    marked: 26,
    ballots: [
      ["abstain", 1],
      ["approve", 12],
      ["reject", 12],
    ],
    outcome: "not_passed",
    decidedBy: "threshold",
    base: 26,
    required: 14,
  },
  {
    name: "government: 9–9 tie, the chair did not vote",
    rule: preset("government_decision"),
    eligible: 26,
    marked: 20,
    chairAbstains: true,
    ballots: [
      ["approve", 9],
      ["reject", 9],
    ],
    outcome: "not_passed",
    decidedBy: "threshold",
    base: 26,
    required: 14,
  },
  {
    name: "government: 17 of 26 present is below the 2/3 quorum",
    rule: preset("government_decision"),
    eligible: 26,
    marked: 17,
    ballots: [
      ["approve", 15],
      ["reject", 2],
    ],
    outcome: "no_quorum",
    decidedBy: null,
    base: 26,
    required: 14,
  },
  // Simple majority of votes cast (approve + reject).
  {
    name: "cast: 5–4 with 10 abstentions passes",
    rule: preset("majority_of_cast"),
    eligible: 20,
    marked: 0,
    ballots: [
      ["approve", 5],
      ["reject", 4],
      ["abstain", 10],
    ],
    outcome: "passed",
    decidedBy: "threshold",
    base: 9,
    required: 5,
  },
  {
    name: "cast: a 5–5 tie does not pass",
    rule: preset("majority_of_cast"),
    eligible: 20,
    marked: 20,
    ballots: [
      ["approve", 5],
      ["reject", 5],
    ],
    outcome: "not_passed",
    decidedBy: "threshold",
    base: 10,
    required: 6,
  },
  {
    name: "cast: only abstentions — an empty base never passes",
    rule: preset("majority_of_cast"),
    eligible: 20,
    marked: 20,
    ballots: [["abstain", 3]],
    outcome: "not_passed",
    decidedBy: "threshold",
    base: 0,
    required: 1,
  },
  // Majority of members present.
  {
    name: "present: 6 of 10 present approve",
    rule: preset("majority_of_present"),
    eligible: 20,
    marked: 10,
    ballots: [
      ["approve", 6],
      ["abstain", 4],
    ],
    outcome: "passed",
    decidedBy: "threshold",
    base: 10,
    required: 6,
  },
  {
    name: "present: 5 of 10 present is half, not more",
    rule: preset("majority_of_present"),
    eligible: 20,
    marked: 10,
    ballots: [["approve", 5]],
    outcome: "not_passed",
    decidedBy: "threshold",
    base: 10,
    required: 6,
  },
  {
    name: "present: voters not marked present still count as present (remote voters)",
    rule: preset("majority_of_present"),
    eligible: 20,
    marked: 0,
    ballots: [
      ["approve", 3],
      ["reject", 2],
    ],
    outcome: "passed",
    decidedBy: "threshold",
    base: 5,
    required: 3,
  },
  // Custom rules.
  {
    name: "custom: ≥ 1/2 of present with chair side — exactly half passes on the threshold",
    rule: custom({
      base: "present",
      threshold: { numerator: 1, denominator: 2 },
      strict: false,
      quorum: { numerator: 1, denominator: 2 },
      tieBreak: "chair_side",
    }),
    eligible: 10,
    marked: 8,
    ballots: [
      ["approve", 4],
      ["reject", 4],
    ],
    outcome: "passed",
    decidedBy: "threshold",
    base: 8,
    required: 4,
  },
  {
    name: "custom: > 2/3 of cast — 6 of 9 is not more than 2/3",
    rule: custom({
      base: "cast",
      threshold: { numerator: 2, denominator: 3 },
      strict: true,
      quorum: null,
      tieBreak: "none",
    }),
    eligible: 12,
    marked: 12,
    ballots: [
      ["approve", 6],
      ["reject", 3],
      ["abstain", 3],
    ],
    outcome: "not_passed",
    decidedBy: "threshold",
    base: 9,
    required: 7,
  },
  {
    name: "custom: quorum 3/4 of 8 needs 6 present",
    rule: custom({
      base: "eligible",
      threshold: { numerator: 1, denominator: 2 },
      strict: true,
      quorum: { numerator: 3, denominator: 4 },
      tieBreak: "none",
    }),
    eligible: 8,
    marked: 5,
    ballots: [["approve", 5]],
    outcome: "no_quorum",
    decidedBy: null,
    base: 8,
    required: 5,
  },
  {
    name: "custom: chair side on the cast base breaks a 3–3 tie",
    rule: custom({
      base: "cast",
      threshold: { numerator: 1, denominator: 2 },
      strict: true,
      quorum: null,
      tieBreak: "chair_side",
    }),
    eligible: 8,
    marked: 8,
    ballots: [
      ["approve", 3],
      ["reject", 3],
      ["abstain", 2],
    ],
    outcome: "passed",
    decidedBy: "chair_tie_break",
    base: 6,
    required: 4,
  },
];

describe("rule presets and custom rules on a table of cases", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const eligible = members(c.eligible);
    const votes = [];
    let next = c.chairAbstains ? 2 : 1;
    for (const [choiceId, count] of c.ballots) {
      for (let i = 0; i < count; i++) votes.push(await cast(member(next++), choiceId, at(1 + next)));
    }
    const result = await verifyAndTally({
      motion: motion({
        rule: c.rule,
        eligibleMemberIds: eligible,
        choices: choicePreset(c.ballot ?? "standard"),
        closedAt: at(60),
      }),
      votes,
      present: eligible.slice(0, c.marked),
    });
    expect(result.votes.every((v) => v.status === "counted")).toBe(true);
    expect({
      outcome: result.outcome,
      decidedBy: result.decidedBy,
      base: result.base.size,
      required: result.requiredToPass,
    }).toEqual({ outcome: c.outcome, decidedBy: c.decidedBy, base: c.base, required: c.required });
    expect(result.final).toBe(true);
    expect(result.voted + result.notVoted).toBe(c.eligible);
  });
});

describe("every case again with noise that must not change the result", () => {
  it.each(CASES.map((c) => [c.name, c] as const))(
    "%s — plus a late vote, a duplicate from a second device and a forged vote",
    async (_name, c) => {
      const eligible = members(c.eligible);
      const votes = [];
      let next = c.chairAbstains ? 2 : 1;
      const first = member(next);
      let firstChoice = "";
      for (const [choiceId, count] of c.ballots) {
        for (let i = 0; i < count; i++) {
          if (next === Number(first.slice(1)) && !firstChoice) firstChoice = choiceId;
          votes.push(await cast(member(next++), choiceId, at(1 + next)));
        }
      }
      const noise = firstChoice
        ? [
            // The same member again from a second device, same choice, later: one vote per member.
            await cast(first, firstChoice, at(50), 2),
            // The same member after the close (cast offline, arrived late): not counted.
            await cast(first, firstChoice === "approve" ? "reject" : "approve", at(61)),
            // Someone without the member's key claims a later vote of theirs: flagged.
            await forge(first, firstChoice === "approve" ? "reject" : "approve", at(55)),
          ]
        : [];
      const motionInput = motion({
        rule: c.rule,
        eligibleMemberIds: eligible,
        choices: choicePreset(c.ballot ?? "standard"),
        closedAt: at(60),
      });
      const result = await verifyAndTally({
        motion: motionInput,
        votes: [...votes, ...noise],
        present: eligible.slice(0, c.marked),
      });
      expect({
        outcome: result.outcome,
        decidedBy: result.decidedBy,
        base: result.base.size,
        required: result.requiredToPass,
      }).toEqual({ outcome: c.outcome, decidedBy: c.decidedBy, base: c.base, required: c.required });
      if (noise.length > 0) {
        const statuses = result.votes
          .filter((v) => v.memberId === first)
          .map((v) => v.status)
          .sort();
        expect(statuses).toEqual(["counted", "invalid_signature", "late", "superseded"]);
      }
    },
  );
});
