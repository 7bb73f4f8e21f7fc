import type { MemberId } from "../ids.ts";
import { indexDeviceKeys } from "./keys.ts";
import { type ResolvedRule, requiredApprovals, requiredPresent, resolveRule } from "./rules.ts";
import { voteKey } from "./signing.ts";
import {
  type ChoiceMeaning,
  type DeviceKey,
  type Motion,
  type RuleBase,
  type RuleSpec,
  TieBreak,
  type Vote,
  type VoteVisibility,
} from "./types.ts";
import { isWellFormedVote, parseMotion } from "./validate.ts";

/**
 * What became of one vote in a tally, checked in this order (the first that applies wins):
 * - malformed: fields missing or mistyped, castAt not canonical;
 * - ineligible: the member is not on the motion's eligible list (an observer, a guest);
 * - unknown_device: the key id is not in the directory, is claimed by conflicting entries, or belongs to
 *   another member or device than the vote says;
 * - revoked_device: the key was revoked (whenever the vote says it was cast);
 * - invalid_signature: the signature does not verify over the vote's own fields (forged or altered);
 * - invalid_choice: the choice is not one of the motion's;
 * - late: not in the document at the closing heads, or cast (by the device's own signed clock) after the
 *   motion closed or after its time limit;
 * - superseded: the member has a later valid vote (one vote per member, however many devices);
 * - counted.
 */
export const VoteStatus = {
  Counted: "counted",
  Superseded: "superseded",
  Late: "late",
  InvalidChoice: "invalid_choice",
  InvalidSignature: "invalid_signature",
  RevokedDevice: "revoked_device",
  UnknownDevice: "unknown_device",
  Ineligible: "ineligible",
  Malformed: "malformed",
} as const;
export type VoteStatus = (typeof VoteStatus)[keyof typeof VoteStatus];

/** Outcome of a motion: passed (thông qua), not passed (không thông qua), or no quorum (không đủ số lượng). */
export const MotionOutcome = {
  Passed: "passed",
  NotPassed: "not_passed",
  NoQuorum: "no_quorum",
} as const;
export type MotionOutcome = (typeof MotionOutcome)[keyof typeof MotionOutcome];

/** Everything `tally` reads. Plain data, so it can be fed from a document at given heads. */
export interface TallyInput {
  readonly motion: Motion;
  /** Votes as found in the document; votes of other motions are ignored. Any order. */
  readonly votes: readonly Vote[];
  /** Members marked present (in the room or remote); members not eligible are ignored. Any order. */
  readonly present: Iterable<MemberId | string>;
  /** The device key directory (registered keys, with revocations). Any order. */
  readonly deviceKeys: readonly DeviceKey[];
  /** `voteKey`s whose signature verified — the result of `verifyVotes(votes, deviceKeys)`. */
  readonly verifiedVoteKeys: ReadonlySet<string>;
  /** True for a vote that reached the document after the close (e.g. not in the doc at closing heads). */
  readonly isLate?: (vote: Vote) => boolean;
  /** `voteKey`s of votes that reached the document after the close (an alternative to `isLate`). */
  readonly lateVoteKeys?: ReadonlySet<string>;
  /**
   * True when lateness at the close is decided by the closing heads (`isLate`/`lateVoteKeys`) alone: a
   * vote in the document at those heads was written before the close whatever its device clock says, so
   * `closedAt` is then not compared with castAt (the time limit `closesAt` still is).
   */
  readonly closedByHeads?: boolean;
}

/** One choice's count; `percentOfBase` is 0–100 with two decimals, null when the base is empty. */
export interface ChoiceCount {
  readonly choiceId: string;
  readonly label: string;
  readonly meaning: ChoiceMeaning;
  readonly count: number;
  readonly percentOfBase: number | null;
}

/** One vote as the tally saw it. Fields of a malformed vote that are not strings read as "". */
export interface VoteAudit {
  readonly memberId: string;
  readonly deviceId: string;
  /** null once redacted for an anonymous or secret motion (see `redactTally`). */
  readonly choiceId: string | null;
  readonly castAt: string;
  readonly status: VoteStatus;
}

/** The result of a motion, derived and never stored. */
export interface TallyResult {
  readonly motionId: string;
  readonly rule: ResolvedRule;
  /** True once the motion is closed; before that the tally is provisional (a live tally). */
  readonly final: boolean;
  readonly outcome: MotionOutcome;
  /** How a pass or fail was reached; null for no quorum. */
  readonly decidedBy: "threshold" | "chair_tie_break" | null;
  /** Counts in the motion's choice order. */
  readonly counts: readonly ChoiceCount[];
  /** Counted votes meaning approve / reject. */
  readonly approve: number;
  readonly reject: number;
  /** Members with a counted vote. */
  readonly voted: number;
  /** Eligible members with no counted vote (chưa biểu quyết). */
  readonly notVoted: number;
  readonly eligibleCount: number;
  /** Eligible members present or with a counted vote (voting counts as taking part). */
  readonly presentCount: number;
  /** What the threshold counts against and how many that is. */
  readonly base: { readonly kind: RuleBase; readonly size: number };
  /** The least number of approve votes that passes on this base (at least 1). */
  readonly requiredToPass: number;
  readonly quorum: { readonly required: number; readonly present: number; readonly met: boolean } | null;
  /** Every vote of this motion with its status, sorted by member, castAt, device, choice. */
  readonly votes: readonly VoteAudit[];
}

function cmp(a: string, b: string): number {
  // Code-unit order, not localeCompare: the same on every device whatever its locale.
  return a < b ? -1 : a > b ? 1 : 0;
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** `count` as a percentage of `base`, 0–100 with two decimals; null for an empty base. */
export function percentOfBase(count: number, base: number): number | null {
  return base === 0 ? null : Math.round((count * 10_000) / base) / 100;
}

interface Classified {
  readonly vote: Vote;
  status: VoteStatus;
}

/**
 * Computes the result of a motion from plain inputs. Synchronous and pure: signatures are checked
 * beforehand (`verifyVotes`) and passed in as `verifiedVoteKeys`. The same inputs in any order give the
 * same result, so every device that reads the document at the closing heads agrees.
 *
 * Rules applied:
 * - one vote per member: among a member's valid, timely votes the latest castAt wins; equal castAt is
 *   settled by device id, then choice id, then signature (code-unit order);
 * - present = eligible members marked present ∪ eligible members with a counted vote;
 * - quorum (if the rule has one): present ≥ ⌈quorum × eligible⌉, else the outcome is no_quorum;
 * - passes when approve ≥ requiredToPass (exact integer arithmetic, see `requiredApprovals`);
 * - under a chair-side tie-break, when approve = reject and the threshold is not met, the chair's counted
 *   vote decides (approve → passed; reject → not passed; abstain, blank or no vote → not passed).
 *
 * @throws DomainError(invalid_input) when the motion or its rule is malformed
 */
export function tally(input: TallyInput): TallyResult {
  const motion = parseMotion(input.motion);
  const rule = resolveRule(motion.rule);
  const { spec } = rule;
  const eligible = new Set<string>(motion.eligibleMemberIds);
  const choices = new Map(motion.choices.map((c) => [c.id, c]));
  const lookup = indexDeviceKeys(input.deviceKeys);
  const deadline =
    [input.closedByHeads ? null : motion.closedAt, motion.closesAt]
      .filter((t): t is string => t !== null)
      .sort(cmp)[0] ?? null;

  function classify(vote: Vote): VoteStatus {
    if (!isWellFormedVote(vote)) return VoteStatus.Malformed;
    if (!eligible.has(vote.memberId)) return VoteStatus.Ineligible;
    const found = lookup(vote.keyId);
    if (found.kind !== "found") return VoteStatus.UnknownDevice;
    if (found.key.memberId !== vote.memberId || found.key.deviceId !== vote.deviceId) {
      return VoteStatus.UnknownDevice;
    }
    // A revocation recorded after the close does not reopen a closed result: the vote was in the
    // document at the closing heads, signed by a then-registered device, so every device keeps agreeing.
    if (
      found.key.revokedAt !== null &&
      (motion.closedAt === null || found.key.revokedAt <= motion.closedAt)
    ) {
      return VoteStatus.RevokedDevice;
    }
    const key = voteKey(vote);
    if (!input.verifiedVoteKeys.has(key)) return VoteStatus.InvalidSignature;
    if (!choices.has(vote.choiceId)) return VoteStatus.InvalidChoice;
    if (
      input.isLate?.(vote) ||
      input.lateVoteKeys?.has(key) ||
      (deadline !== null && vote.castAt > deadline)
    ) {
      return VoteStatus.Late;
    }
    return VoteStatus.Counted;
  }

  const mine = input.votes.filter(
    (v) => typeof v === "object" && v !== null && (v as { motionId?: unknown }).motionId === motion.id,
  );
  const classified: Classified[] = mine.map((vote) => ({ vote, status: classify(vote) }));

  // One vote per member: the latest valid one counts, the others are superseded.
  const latest = new Map<string, Classified>();
  for (const entry of classified) {
    if (entry.status !== VoteStatus.Counted) continue;
    const seen = latest.get(entry.vote.memberId);
    if (!seen || compareVotes(entry.vote, seen.vote) > 0) {
      if (seen) seen.status = VoteStatus.Superseded;
      latest.set(entry.vote.memberId, entry);
    } else {
      entry.status = VoteStatus.Superseded;
    }
  }

  const countById = new Map<string, number>();
  let approve = 0;
  let reject = 0;
  for (const { vote } of latest.values()) {
    countById.set(vote.choiceId, (countById.get(vote.choiceId) ?? 0) + 1);
    const meaning = choices.get(vote.choiceId)?.meaning;
    if (meaning === "approve") approve++;
    if (meaning === "reject") reject++;
  }

  const present = new Set<string>();
  for (const member of input.present) if (eligible.has(member)) present.add(member);
  for (const member of latest.keys()) present.add(member);

  const chairVote = latest.get(motion.chairMemberId)?.vote;
  const decision = decideOutcome({
    spec,
    eligibleCount: eligible.size,
    presentCount: present.size,
    approve,
    reject,
    chairMeaning: chairVote ? choices.get(chairVote.choiceId)?.meaning : undefined,
  });
  const { quorum, baseSize, requiredToPass, outcome, decidedBy } = decision;

  const votes: VoteAudit[] = classified
    .map(({ vote, status }) => ({
      memberId: text(vote.memberId),
      deviceId: text(vote.deviceId),
      choiceId: text(vote.choiceId),
      castAt: text(vote.castAt),
      status,
      signature: text(vote.signature),
    }))
    .sort(
      (a, b) =>
        cmp(a.memberId, b.memberId) ||
        cmp(a.castAt, b.castAt) ||
        cmp(a.deviceId, b.deviceId) ||
        cmp(a.choiceId, b.choiceId) ||
        cmp(a.signature, b.signature) ||
        cmp(a.status, b.status),
    )
    .map(({ signature: _signature, ...audit }) => audit);

  return {
    motionId: motion.id,
    rule,
    final: motion.closedAt !== null,
    outcome,
    decidedBy,
    counts: motion.choices.map((c) => {
      const count = countById.get(c.id) ?? 0;
      return {
        choiceId: c.id,
        label: c.label,
        meaning: c.meaning,
        count,
        percentOfBase: percentOfBase(count, baseSize),
      };
    }),
    approve,
    reject,
    voted: latest.size,
    notVoted: eligible.size - latest.size,
    eligibleCount: eligible.size,
    presentCount: present.size,
    base: { kind: spec.base, size: baseSize },
    requiredToPass,
    quorum,
    votes,
  };
}

/** What {@link decideOutcome} reads: the rule and the numbers of a count. */
export interface DecisionInput {
  readonly spec: RuleSpec;
  readonly eligibleCount: number;
  /** Eligible members present or with a counted vote. */
  readonly presentCount: number;
  readonly approve: number;
  readonly reject: number;
  /** The meaning of the chair's counted vote; undefined when unknown (no vote, or a secret ballot). */
  readonly chairMeaning: ChoiceMeaning | undefined;
}

/** The outcome of a count under a rule (see {@link tally} for the rules applied). */
export interface Decision {
  readonly outcome: MotionOutcome;
  readonly decidedBy: TallyResult["decidedBy"];
  readonly baseSize: number;
  readonly requiredToPass: number;
  readonly quorum: TallyResult["quorum"];
}

/**
 * Applies a rule to counted numbers: quorum, base, threshold and the chair-side tie-break. Shared by
 * {@link tally} (signed votes in the document) and the secret ballot's count (numbers from the relay).
 * Pure; never throws.
 */
export function decideOutcome(input: DecisionInput): Decision {
  const { spec, approve, reject } = input;
  const quorum =
    spec.quorum === null
      ? null
      : (() => {
          const required = requiredPresent(input.eligibleCount, spec.quorum);
          return { required, present: input.presentCount, met: input.presentCount >= required };
        })();
  const baseSize =
    spec.base === "eligible"
      ? input.eligibleCount
      : spec.base === "present"
        ? input.presentCount
        : approve + reject;
  const requiredToPass = requiredApprovals(baseSize, spec.threshold, spec.strict);
  let outcome: MotionOutcome;
  let decidedBy: TallyResult["decidedBy"];
  if (quorum && !quorum.met) {
    outcome = MotionOutcome.NoQuorum;
    decidedBy = null;
  } else if (approve >= requiredToPass) {
    outcome = MotionOutcome.Passed;
    decidedBy = "threshold";
  } else {
    outcome = MotionOutcome.NotPassed;
    decidedBy = "threshold";
    if (spec.tieBreak === TieBreak.ChairSide && approve === reject) {
      if (input.chairMeaning === "approve") {
        outcome = MotionOutcome.Passed;
        decidedBy = "chair_tie_break";
      } else if (input.chairMeaning === "reject") {
        decidedBy = "chair_tie_break";
      }
    }
  }
  return { outcome, decidedBy, baseSize, requiredToPass, quorum };
}

/** Orders two valid votes of one member: later castAt first wins; then device, choice, signature. */
function compareVotes(a: Vote, b: Vote): number {
  return (
    cmp(a.castAt, b.castAt) ||
    cmp(a.deviceId, b.deviceId) ||
    cmp(a.choiceId, b.choiceId) ||
    cmp(a.signature, b.signature)
  );
}

/**
 * The tally as members may see it: for a named motion unchanged; for an anonymous or secret one, each
 * vote's choice is removed (who voted and each vote's status stay — the relay keeps the list of who voted
 * for a secret ballot too). Counts are never redacted.
 */
export function redactTally(result: TallyResult, visibility: VoteVisibility): TallyResult {
  if (visibility === "named") return result;
  return { ...result, votes: result.votes.map((v) => ({ ...v, choiceId: null })) };
}
