import type { AgendaItemId, Brand, MemberId } from "../ids.ts";
import type { UtcInstant } from "../meeting/types.ts";

/** Id of a motion (vấn đề biểu quyết), a random UUID v4 like every other id. */
export type MotionId = Brand<string, "MotionId">;
/** Id of one of a member's devices; a device holds one ECDSA P-256 key pair for signing. */
export type DeviceId = Brand<string, "DeviceId">;
/**
 * Reference to a registered device public key (e.g. its JWK thumbprint, RFC 7638, or a directory id).
 * A vote names the key that signed it, so a device can rotate keys without invalidating old votes.
 */
export type KeyId = Brand<string, "KeyId">;

/**
 * What a choice means to a rule. Only `approve` counts toward passing. `abstain` (Không biểu quyết) and
 * `blank` (Phiếu trắng) take part but are neither for nor against; they are left out of the
 * "votes cast" base (see `RuleBase`).
 */
export const ChoiceMeaning = {
  Approve: "approve",
  Reject: "reject",
  Abstain: "abstain",
  Blank: "blank",
} as const;
export type ChoiceMeaning = (typeof ChoiceMeaning)[keyof typeof ChoiceMeaning];
export const CHOICE_MEANINGS: readonly ChoiceMeaning[] = Object.values(ChoiceMeaning);

/** One option of a motion, in display order. `label` is the text shown on the ballot (Vietnamese). */
export interface Choice {
  readonly id: string;
  readonly label: string;
  readonly meaning: ChoiceMeaning;
}

/**
 * Who may see what after a vote (issue 7 § 6):
 * - named (công khai): each member's choice is shown;
 * - anonymous: counts only, choices are in the document but not shown;
 * - secret (bỏ phiếu kín): no member's choice may be recoverable from any document; ballots go to the
 *   relay, which keeps counts and who voted, never the link (designed in a later step).
 */
export const VoteVisibility = {
  Named: "named",
  Anonymous: "anonymous",
  Secret: "secret",
} as const;
export type VoteVisibility = (typeof VoteVisibility)[keyof typeof VoteVisibility];
export const VOTE_VISIBILITIES: readonly VoteVisibility[] = Object.values(VoteVisibility);

/** What a majority threshold counts against (GLOSSARY "majority base"). */
export const RuleBase = {
  /** Every eligible member (tổng số thành viên / đại biểu), present or not. */
  Eligible: "eligible",
  /** Eligible members present (in the room or remote), plus any eligible member with a counted vote. */
  Present: "present",
  /** Counted votes whose choice means approve or reject; abstentions and blank ballots are left out. */
  Cast: "cast",
} as const;
export type RuleBase = (typeof RuleBase)[keyof typeof RuleBase];
export const RULE_BASES: readonly RuleBase[] = Object.values(RuleBase);

/** How a tie (as many approve as reject votes) that does not already pass is settled. */
export const TieBreak = {
  None: "none",
  /** The side the chair voted on wins (Government rule, Law on Government Organization 2015 art. 46). */
  ChairSide: "chair_side",
} as const;
export type TieBreak = (typeof TieBreak)[keyof typeof TieBreak];
export const TIE_BREAKS: readonly TieBreak[] = Object.values(TieBreak);

/** An exact fraction of whole numbers, 0 < numerator ≤ denominator. Exact, so 2/3 of 20 is not 13.33…. */
export interface Fraction {
  readonly numerator: number;
  readonly denominator: number;
}

/**
 * A voting rule, fully spelled out. A motion passes when the approve votes reach `threshold` of the
 * base size (strictly more when `strict`, "quá nửa"; at least when not, "ít nhất"), after the quorum
 * (a fraction of ALL eligible members who must be present) is met.
 */
export interface RuleSpec {
  readonly base: RuleBase;
  readonly threshold: Fraction;
  readonly strict: boolean;
  /** Fraction of all eligible members that must be present for the vote to decide, or null. */
  readonly quorum: Fraction | null;
  readonly tieBreak: TieBreak;
}

/** The rule a motion uses: a named preset (see `RULE_PRESETS`) or a custom spec. */
export type MotionRule =
  | { readonly kind: "preset"; readonly preset: RulePresetId }
  | { readonly kind: "custom"; readonly spec: RuleSpec };

/** Ids of the rule presets (see rules.ts for each one's legal source). */
export const RulePresetId = {
  CouncilResolution: "council_resolution",
  CouncilDismissal: "council_dismissal",
  GovernmentDecision: "government_decision",
  MajorityOfCast: "majority_of_cast",
  MajorityOfPresent: "majority_of_present",
} as const;
export type RulePresetId = (typeof RulePresetId)[keyof typeof RulePresetId];
export const RULE_PRESET_IDS: readonly RulePresetId[] = Object.values(RulePresetId);

/**
 * A motion (vấn đề biểu quyết / dự thảo nghị quyết) on one agenda item, as plain data. Instants are
 * ISO 8601 UTC with milliseconds. The eligible list is fixed when the motion opens, so every peer tallies
 * against the same list; for a rule on the "eligible" base it must hold ALL members of the body (e.g.
 * every delegate of the council), not only those invited.
 */
export interface Motion {
  readonly id: MotionId;
  readonly agendaItemId: AgendaItemId;
  readonly title: string;
  /** Ballot options in display order; exactly one means approve. */
  readonly choices: readonly Choice[];
  readonly rule: MotionRule;
  readonly visibility: VoteVisibility;
  /** Members who may vote. Observers (khách mời) are never in it. */
  readonly eligibleMemberIds: readonly MemberId[];
  /** The chair (chủ tọa) whose side settles a tie under a chair-side rule. */
  readonly chairMemberId: MemberId;
  readonly openedAt: UtcInstant | null;
  /** Optional time limit set when opening; votes cast after it are late. */
  readonly closesAt: UtcInstant | null;
  /** When the chair closed the motion; null while it is open (the tally is then provisional). */
  readonly closedAt: UtcInstant | null;
}

/**
 * One member's vote as written by one of their devices. `signature` is an ECDSA P-256 / SHA-256
 * signature (IEEE P1363 r‖s, 64 bytes, base64url without padding) by the key `keyId` over
 * `voteSigningPayload(vote)`.
 */
export interface Vote {
  readonly motionId: MotionId;
  readonly memberId: MemberId;
  readonly deviceId: DeviceId;
  readonly choiceId: string;
  /** When the device says the vote was cast, ISO 8601 UTC with milliseconds ("…sss Z", as toISOString). */
  readonly castAt: UtcInstant;
  readonly keyId: KeyId;
  readonly signature: string;
}

/** A vote before it is signed. */
export type UnsignedVote = Omit<Vote, "signature">;

/**
 * A registered device public key. `publicKey` is a JWK (kty "EC", crv "P-256") or the SubjectPublicKeyInfo
 * DER bytes in base64url. A key with `revokedAt` set (lost or replaced device) no longer counts for any
 * vote, whatever its castAt: castAt is the device's own claim, and a stolen key can back-date.
 */
export interface DeviceKey {
  readonly keyId: KeyId;
  readonly memberId: MemberId;
  readonly deviceId: DeviceId;
  readonly publicKey: JsonWebKey | string;
  readonly revokedAt: UtcInstant | null;
}
