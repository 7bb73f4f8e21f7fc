import { type Doc, hasHeads, view } from "@automerge/automerge";
import type { MeetingDoc } from "../meeting/types.ts";
import { attendanceView } from "../meeting-run/attendance.ts";
import type { ParticipationDoc } from "../participation/participation.ts";
import { isOpenForVoting, type MotionView, meetingMotions, readVotes } from "./motions.ts";
import { resolveRule } from "./rules.ts";
import { verifyVotes, voteKey } from "./signing.ts";
import {
  decideOutcome,
  type MotionOutcome,
  percentOfBase,
  type TallyResult,
  tally,
  type VoteAudit,
  VoteStatus,
} from "./tally.ts";
import type { DeviceKey, Vote } from "./types.ts";

/**
 * What a device can say about a motion's result:
 * - `counted`: a count — provisional while the motion is open (`result.final` false), final once closed;
 * - `missing_changes`: closed, but this device has not yet received every change up to the closing heads
 *   (it will compute the same result as everyone once they arrive);
 * - `secret_open`: a secret ballot still open — only the relay holds the count, sealed at the close;
 * - `draft`: not yet opened.
 */
export type MotionResultState =
  | {
      readonly kind: "counted";
      readonly result: TallyResult;
      readonly late: number;
      readonly flagged: number;
    }
  | { readonly kind: "missing_changes" }
  | { readonly kind: "secret_open" }
  | { readonly kind: "draft" };

/** Statuses of votes that were tampered with or signed by a device that may not sign (flagged). */
export const FLAGGED_STATUSES: ReadonlySet<string> = new Set([
  VoteStatus.InvalidSignature,
  VoteStatus.UnknownDevice,
  VoteStatus.RevokedDevice,
  VoteStatus.Malformed,
  VoteStatus.InvalidChoice,
  VoteStatus.Ineligible,
]);

/**
 * Members present at the meeting now (in the room or remote), from the meeting run's attendance (issue 6:
 * a member's own check-in or the secretary's roll call, the later wins).
 */
export function presentMembers(meeting: MeetingDoc, participation: ParticipationDoc): string[] {
  const out: string[] = [];
  for (const row of attendanceView(meeting, participation).rows) {
    if (row.memberId && (row.status === "present" || row.status === "remote")) out.push(row.memberId);
  }
  return out;
}

/** Everything {@link computeMotionResult} reads. */
export interface MotionResultInput {
  readonly motion: MotionView;
  /** The participation document as this device has it (an Automerge doc, so it can be viewed at heads). */
  readonly participation: Doc<ParticipationDoc>;
  /** The device key directory (`readDeviceKeys` of the workspace document). */
  readonly deviceKeys: readonly DeviceKey[];
  /** Members present now (`presentMembers`), used while the motion is open; the close records its own. */
  readonly presentNow: readonly string[];
}

/**
 * The result of a motion on this device. For a closed motion the votes counted are exactly those in the
 * participation document at the closing heads the chair recorded, so every device that has those
 * changes computes the same result; votes that reached the document later are `late`, never counted.
 * A vote's signature must verify with its device's published key (forged or altered → flagged).
 * Asynchronous only because signatures are checked with WebCrypto; never throws for peer data.
 */
export async function computeMotionResult(input: MotionResultInput): Promise<MotionResultState> {
  const { motion: m } = input;
  if (m.phase === "draft") return { kind: "draft" };
  if (m.motion.visibility === "secret") {
    if (m.phase === "open" || !m.secretResult) return { kind: "secret_open" };
    return { kind: "counted", result: secretTally(m), late: 0, flagged: 0 };
  }
  const votes = readVotes(input.participation, m.motion.id);
  let lateVoteKeys: Set<string> | undefined;
  let present: readonly string[] = input.presentNow;
  if (m.phase === "closed") {
    const heads = [...(m.closingHeads ?? [])];
    let timely: Vote[];
    try {
      if (!hasHeads(input.participation, heads)) return { kind: "missing_changes" };
      timely = readVotes(view(input.participation, heads), m.motion.id);
    } catch {
      return { kind: "missing_changes" };
    }
    const timelyKeys = new Set(timely.map(voteKey));
    lateVoteKeys = new Set(votes.map(voteKey).filter((k) => !timelyKeys.has(k)));
    present = m.presentAtClose ?? [];
  }
  const verified = await verifyVotes(votes, input.deviceKeys);
  const result = tally({
    motion: m.motion,
    votes,
    present,
    deviceKeys: input.deviceKeys,
    verifiedVoteKeys: verified,
    lateVoteKeys,
    closedByHeads: m.phase === "closed",
  });
  return {
    kind: "counted",
    result,
    late: result.votes.filter((v) => v.status === VoteStatus.Late).length,
    flagged: result.votes.filter((v) => FLAGGED_STATUSES.has(v.status)).length,
  };
}

/**
 * The result of a sealed secret ballot from the relay's count: the same rule applied to the numbers.
 * No vote's choice is known, so a chair-side tie-break cannot apply (a tie is then not passed).
 */
export function secretTally(m: MotionView): TallyResult {
  const sealed = m.secretResult ?? { counts: {}, voters: [], sealedAt: "" };
  const rule = resolveRule(m.motion.rule);
  const eligible = new Set<string>(m.motion.eligibleMemberIds);
  const voters = sealed.voters.filter((v) => eligible.has(v));
  const present = new Set([...(m.presentAtClose ?? []).filter((p) => eligible.has(p)), ...voters]);
  let approve = 0;
  let reject = 0;
  for (const c of m.motion.choices) {
    const n = sealed.counts[c.id] ?? 0;
    if (c.meaning === "approve") approve += n;
    if (c.meaning === "reject") reject += n;
  }
  const decision = decideOutcome({
    spec: rule.spec,
    eligibleCount: eligible.size,
    presentCount: present.size,
    approve,
    reject,
    chairMeaning: undefined,
  });
  const audits: VoteAudit[] = voters
    .sort()
    .map((memberId) => ({ memberId, deviceId: "", choiceId: null, castAt: "", status: VoteStatus.Counted }));
  return {
    motionId: m.motion.id,
    rule,
    final: true,
    outcome: decision.outcome,
    decidedBy: decision.decidedBy,
    counts: m.motion.choices.map((c) => ({
      choiceId: c.id,
      label: c.label,
      meaning: c.meaning,
      count: sealed.counts[c.id] ?? 0,
      percentOfBase: percentOfBase(sealed.counts[c.id] ?? 0, decision.baseSize),
    })),
    approve,
    reject,
    voted: voters.length,
    notVoted: eligible.size - voters.length,
    eligibleCount: eligible.size,
    presentCount: present.size,
    base: { kind: rule.spec.base, size: decision.baseSize },
    requiredToPass: decision.requiredToPass,
    quorum: decision.quorum,
    votes: audits,
  };
}

/** Vietnamese names of outcomes, for records (minutes, CSV). */
export const OUTCOME_TEXT: Readonly<Record<MotionOutcome, string>> = {
  passed: "Thông qua",
  not_passed: "Không thông qua",
  no_quorum: "Không đủ số lượng",
};

/** Vietnamese names of the rule presets, for records (minutes, CSV). */
export const RULE_TEXT: Readonly<Record<string, string>> = {
  council_resolution: "Quá nửa tổng số đại biểu (nghị quyết HĐND)",
  council_dismissal: "Ít nhất hai phần ba tổng số đại biểu (bãi nhiệm)",
  government_decision: "Quá nửa tổng số thành viên; bằng nhau theo ý kiến người chủ trì (Chính phủ)",
  majority_of_cast: "Quá nửa số phiếu tán thành/không tán thành",
  majority_of_present: "Quá nửa số thành viên có mặt",
  custom: "Quy tắc riêng",
};

/** A motion's result in plain words and numbers, for the minutes (issue 8) and exports. */
export interface MotionResultSummary {
  readonly motionId: string;
  readonly agendaItemId: string;
  readonly title: string;
  readonly visibility: string;
  readonly final: boolean;
  readonly closedAt: string | null;
  readonly outcome: MotionOutcome;
  /** e.g. "Thông qua". */
  readonly outcomeText: string;
  readonly ruleId: string;
  /** The rule named in Vietnamese, e.g. "Quá nửa tổng số đại biểu (nghị quyết HĐND)". */
  readonly ruleText: string;
  readonly legalSource: string | null;
  readonly decidedByChair: boolean;
  readonly eligibleCount: number;
  readonly presentCount: number;
  readonly voted: number;
  readonly notVoted: number;
  readonly baseSize: number;
  readonly requiredToPass: number;
  readonly quorum: TallyResult["quorum"];
  /** In ballot order; percent 0–100 of the rule's base, two decimals, null for an empty base. */
  readonly counts: readonly {
    readonly label: string;
    readonly count: number;
    readonly percent: number | null;
  }[];
  /** Named motions only: who chose what (member ids; the caller maps them to names). Empty otherwise. */
  readonly named: readonly { readonly memberId: string; readonly choiceLabel: string }[];
  /** Votes that reached the document after the close (shown, not counted). */
  readonly late: number;
  /** Votes flagged as forged, altered, or from a device or member that may not vote. */
  readonly flagged: number;
  /**
   * One sentence for the minutes, e.g. "Tán thành 6/9 (66,67%), Không tán thành 2/9 (22,22%), Không biểu
   * quyết 1/9 (11,11%). Kết quả: Thông qua (Quá nửa tổng số thành viên; …)."
   */
  readonly sentence: string;
}

function vnPercent(p: number | null): string {
  return p === null ? "—" : `${p.toFixed(2).replace(".", ",")}%`;
}

/**
 * The pure summary of a counted motion for the minutes (issue 8) and CSV exports. Never includes any
 * choice for an anonymous or secret motion.
 */
export function motionResultSummary(
  m: MotionView,
  state: Extract<MotionResultState, { kind: "counted" }>,
): MotionResultSummary {
  const r = state.result;
  const counts = r.counts.map((c) => ({ label: c.label, count: c.count, percent: c.percentOfBase }));
  const labels = new Map(m.motion.choices.map((c) => [c.id, c.label]));
  const named =
    m.motion.visibility === "named"
      ? r.votes
          .filter((v) => v.status === VoteStatus.Counted && v.choiceId !== null)
          .map((v) => ({ memberId: v.memberId, choiceLabel: labels.get(v.choiceId ?? "") ?? "" }))
      : [];
  const ruleText = RULE_TEXT[r.rule.id] ?? r.rule.id;
  const parts = counts.map((c) => `${c.label} ${c.count}/${r.base.size} (${vnPercent(c.percent)})`);
  const chair = r.decidedBy === "chair_tie_break" ? "; số phiếu bằng nhau, theo ý kiến người chủ trì" : "";
  return {
    motionId: m.motion.id,
    agendaItemId: m.motion.agendaItemId,
    title: m.motion.title,
    visibility: m.motion.visibility,
    final: r.final,
    closedAt: m.motion.closedAt,
    outcome: r.outcome,
    outcomeText: OUTCOME_TEXT[r.outcome],
    ruleId: r.rule.id,
    ruleText,
    legalSource: r.rule.legalSource,
    decidedByChair: r.decidedBy === "chair_tie_break",
    eligibleCount: r.eligibleCount,
    presentCount: r.presentCount,
    voted: r.voted,
    notVoted: r.notVoted,
    baseSize: r.base.size,
    requiredToPass: r.requiredToPass,
    quorum: r.quorum,
    counts,
    named,
    late: state.late,
    flagged: state.flagged,
    sentence: `${parts.join(", ")}. Kết quả: ${OUTCOME_TEXT[r.outcome]} (${ruleText}${chair}).`,
  };
}

/** An open motion and the eligible members who have not voted on it yet (for reminders, issue 9). */
export interface MotionAwaitingVotes {
  readonly motionId: string;
  readonly agendaItemId: string;
  readonly title: string;
  /** The time limit, ISO UTC, or null. */
  readonly closesAt: string | null;
  readonly visibility: string;
  /** Eligible members with no vote entry yet, sorted. */
  readonly notVoted: readonly string[];
}

/**
 * Open motions of a meeting and, for each, the eligible members who have not voted (no vote entry of
 * theirs in the participation document; for a secret ballot, not on `secretVoters`, which the relay
 * knows). Synchronous and cheap: signatures are not checked here (a reminder is not a count).
 * @param now ms since the epoch (a motion past its time limit is not open)
 * @param secretVoters for secret ballots, the members the relay recorded as having voted, by motion id
 */
export function motionsAwaitingVotes(
  meeting: MeetingDoc,
  participation: ParticipationDoc,
  now: number,
  secretVoters: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): MotionAwaitingVotes[] {
  const out: MotionAwaitingVotes[] = [];
  const votes = readVotes(participation);
  for (const m of meetingMotions(meeting)) {
    if (!isOpenForVoting(m.motion, now)) continue;
    const voted = new Set<string>(
      m.motion.visibility === "secret"
        ? (secretVoters.get(m.motion.id) ?? [])
        : votes.filter((v) => v.motionId === m.motion.id).map((v) => v.memberId),
    );
    out.push({
      motionId: m.motion.id,
      agendaItemId: m.motion.agendaItemId,
      title: m.motion.title,
      closesAt: m.motion.closesAt,
      visibility: m.motion.visibility,
      notVoted: m.motion.eligibleMemberIds.filter((id) => !voted.has(id)).sort(),
    });
  }
  return out;
}
