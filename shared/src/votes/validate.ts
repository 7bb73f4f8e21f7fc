import { z } from "zod";
import { parseInput } from "../schema/input.ts";
import { motionRuleSchema } from "./rules.ts";
import {
  CHOICE_MEANINGS,
  type ChoiceMeaning,
  type Motion,
  VOTE_VISIBILITIES,
  type Vote,
  type VoteVisibility,
} from "./types.ts";

/**
 * The one instant format votes use: ISO 8601 UTC with exactly three fraction digits, as produced by
 * `Date.prototype.toISOString` ("2026-12-01T01:30:00.000Z"). One spelling per instant keeps the signed
 * payload canonical.
 */
export const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const canonicalInstant = z
  .string()
  .regex(CANONICAL_INSTANT, "instant must be ISO 8601 UTC with milliseconds")
  .refine((s) => !Number.isNaN(Date.parse(s)) && new Date(s).toISOString() === s, "not a real instant");
const id = z.string().min(1).max(200);
const base64url = z.string().regex(/^[A-Za-z0-9_-]*$/, "must be base64url without padding");

/** A ballot option. */
export const choiceSchema = z.object({
  id,
  label: z.string().trim().min(1).max(200),
  meaning: z.enum(CHOICE_MEANINGS as [ChoiceMeaning, ...ChoiceMeaning[]]),
});

/**
 * A motion as plain data. Beyond field types: choice ids are unique, exactly one choice means approve,
 * there are at least two choices, eligible members are listed once, and closesAt/closedAt are not before
 * openedAt.
 */
export const motionSchema = z
  .object({
    id,
    agendaItemId: id,
    title: z.string().trim().min(1).max(1000),
    choices: z.array(choiceSchema).min(2).max(20),
    rule: motionRuleSchema,
    visibility: z.enum(VOTE_VISIBILITIES as [VoteVisibility, ...VoteVisibility[]]),
    eligibleMemberIds: z.array(id).max(10_000),
    chairMemberId: id,
    openedAt: canonicalInstant.nullable(),
    closesAt: canonicalInstant.nullable(),
    closedAt: canonicalInstant.nullable(),
  })
  .superRefine((m, ctx) => {
    const ids = m.choices.map((c) => c.id);
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({ code: "custom", path: ["choices"], message: "choice ids must be unique" });
    }
    if (m.choices.filter((c) => c.meaning === "approve").length !== 1) {
      ctx.addIssue({ code: "custom", path: ["choices"], message: "exactly one choice must mean approve" });
    }
    if (new Set(m.eligibleMemberIds).size !== m.eligibleMemberIds.length) {
      ctx.addIssue({ code: "custom", path: ["eligibleMemberIds"], message: "a member is listed twice" });
    }
    for (const field of ["closesAt", "closedAt"] as const) {
      const at = m[field];
      if (at !== null && (m.openedAt === null || at < m.openedAt)) {
        ctx.addIssue({ code: "custom", path: [field], message: `${field} needs an earlier openedAt` });
      }
    }
  });

/** A signed vote as plain data (see `Vote`). */
export const voteSchema = z.object({
  motionId: id,
  memberId: id,
  deviceId: id,
  choiceId: id,
  castAt: canonicalInstant,
  keyId: id,
  signature: base64url.min(1).max(200),
});

/** A vote before signing: every field of a vote but the signature. */
export const unsignedVoteSchema = voteSchema.omit({ signature: true });

/**
 * Checks a motion read from a document or a form.
 *
 * @throws DomainError(invalid_input) with `details.issues` ({ path, message }[]) when it is malformed
 */
export function parseMotion(input: unknown): Motion {
  return parseInput(motionSchema, input, "motion") as unknown as Motion;
}

/**
 * Checks a vote read from a document or received from a peer.
 *
 * @throws DomainError(invalid_input) with `details.issues` when it is malformed
 */
export function parseVote(input: unknown): Vote {
  return parseInput(voteSchema, input, "vote") as unknown as Vote;
}

/** True when `input` is a well-formed vote (no exception: for filtering peer data). */
export function isWellFormedVote(input: unknown): input is Vote {
  return voteSchema.safeParse(input).success;
}
