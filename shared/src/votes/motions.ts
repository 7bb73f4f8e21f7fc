import { z } from "zod";
import { DomainError, ReasonCode } from "../errors.ts";
import { type AgendaItemId, newId } from "../ids.ts";
import type { MeetingDoc } from "../meeting/types.ts";
import type { ParticipationDoc } from "../participation/participation.ts";
import { type Imm, imm, str, toPlain } from "../schema/immutable.ts";
import { parseInput } from "../schema/input.ts";
import { instant } from "../time.ts";
import { motionRuleSchema } from "./rules.ts";
import {
  type Choice,
  type Motion,
  type MotionId,
  type MotionRule,
  VOTE_VISIBILITIES,
  type Vote,
  type VoteVisibility,
} from "./types.ts";
import { choiceSchema, motionSchema, parseVote, voteSchema } from "./validate.ts";

/*
 * Motions live in the meeting document (`motions`, written by the chair and secretaries); votes live in
 * the participation document (`votes`, written by every participant), each member's vote a fresh entry
 * at the key `${memberId}:${entryId}` so two devices of one member never create the same map
 * concurrently. One vote per member is settled by `tally` (the latest valid castAt wins).
 */

/** Roles whose members vote: the chair and the participants. Secretaries are staff; observers never vote. */
export const VOTING_ROLES: readonly string[] = ["chair", "participant"];

/**
 * The count of a secret ballot as the relay sealed it and wrote it into the motion (the relay alone
 * writes this field). `counts` maps choice ids to numbers; `voters` lists who cast a ballot — never which.
 */
export interface SecretResultEntry {
  counts: Record<string, number>;
  voters: Imm[];
  sealedAt: Imm;
}

/** A motion as stored in the meeting document's `motions` map (keyed by its id). */
export interface MotionEntry {
  id: Imm<MotionId>;
  agendaItemId: Imm<AgendaItemId>;
  title: string;
  choices: { id: Imm; label: string; meaning: Imm }[];
  /** The rule: `{kind: "preset", preset}` or `{kind: "custom", spec}` (numbers and booleans plain). */
  rule: Record<string, unknown>;
  visibility: Imm<VoteVisibility>;
  /** Hide the running count until the close (the count is still computed by every device). */
  hideLiveTally: boolean;
  /** Fixed when the motion opens; empty before. */
  eligibleMemberIds: Imm[];
  chairMemberId: Imm | null;
  openedAt: Imm | null;
  closesAt: Imm | null;
  closedAt: Imm | null;
  /** Heads (hex change hashes) of the participation document when the chair closed the motion. */
  closingHeads: Imm[] | null;
  /** Eligible members present (in the room or remote) at the close, as the closing device saw attendance. */
  presentAtClose: Imm[] | null;
  /** Secret ballots only: the relay's sealed count. */
  secretResult: SecretResultEntry | null;
  createdAt: Imm;
  updatedAt: Imm;
  deletedAt: Imm | null;
}

/** Where a motion is in its life: draft (not yet open), open, closed. */
export type MotionPhase = "draft" | "open" | "closed";

/** A motion read from the document, as plain data, with its phase and the parts `Motion` does not hold. */
export interface MotionView {
  readonly motion: Motion;
  readonly phase: MotionPhase;
  readonly hideLiveTally: boolean;
  readonly closingHeads: readonly string[] | null;
  readonly presentAtClose: readonly string[] | null;
  readonly secretResult: {
    readonly counts: Readonly<Record<string, number>>;
    readonly voters: readonly string[];
    readonly sealedAt: string;
  } | null;
  readonly createdAt: string;
}

const id = z.string().min(1).max(200);
const instantSchema = z.iso.datetime({ offset: false });

/** What a secretary or the chair enters to create (or edit, before opening) a motion. */
export const motionInputSchema = z.object({
  agendaItemId: id,
  title: z.string().trim().min(1).max(1000),
  choices: z.array(choiceSchema).min(2).max(20),
  rule: motionRuleSchema,
  visibility: z.enum(VOTE_VISIBILITIES as [VoteVisibility, ...VoteVisibility[]]),
  hideLiveTally: z.boolean().default(false),
});
export type MotionInput = z.input<typeof motionInputSchema>;

const storedEntrySchema = z.object({
  id,
  agendaItemId: id,
  title: z.string(),
  choices: z.array(choiceSchema),
  rule: z.unknown(),
  visibility: z.string(),
  hideLiveTally: z.boolean().optional(),
  eligibleMemberIds: z.array(id),
  chairMemberId: id.nullable(),
  openedAt: instantSchema.nullable(),
  closesAt: instantSchema.nullable(),
  closedAt: instantSchema.nullable(),
  closingHeads: z.array(z.string().regex(/^[0-9a-f]{64}$/)).nullable(),
  presentAtClose: z.array(id).nullable().optional(),
  secretResult: z
    .object({
      counts: z.record(z.string(), z.number().int().min(0)),
      voters: z.array(id),
      sealedAt: instantSchema,
    })
    .nullable()
    .optional(),
  createdAt: instantSchema,
  deletedAt: instantSchema.nullable(),
});

function checkedChoices(choices: readonly Choice[]): void {
  const ids = choices.map((c) => c.id);
  if (new Set(ids).size !== ids.length) {
    throw new DomainError(ReasonCode.InvalidInput, "choices: ids must be unique", {
      issues: [{ path: "choices", message: "choice ids must be unique" }],
    });
  }
  if (choices.filter((c) => c.meaning === "approve").length !== 1) {
    throw new DomainError(ReasonCode.InvalidInput, "choices: exactly one must mean approve", {
      issues: [{ path: "choices", message: "exactly one choice must mean approve" }],
    });
  }
}

function writeRule(rule: MotionRule): Record<string, unknown> {
  if (rule.kind === "preset") return { kind: imm("preset"), preset: imm(rule.preset) };
  const { spec } = rule;
  return {
    kind: imm("custom"),
    spec: {
      base: imm(spec.base),
      threshold: { ...spec.threshold },
      strict: spec.strict,
      quorum: spec.quorum ? { ...spec.quorum } : null,
      tieBreak: imm(spec.tieBreak),
    },
  };
}

function motionsOf(doc: MeetingDoc): Record<string, MotionEntry> {
  return doc.motions as Record<string, MotionEntry>;
}

function entryOf(doc: MeetingDoc, motionId: string): MotionEntry {
  const entry = motionsOf(doc)[motionId];
  if (!entry) throw new DomainError(ReasonCode.NotFound, `motion ${motionId}`);
  if (entry.deletedAt) throw new DomainError(ReasonCode.Deleted, `motion ${motionId}`);
  return entry;
}

/**
 * Creates a motion (vấn đề biểu quyết) on an agenda item, not yet open.
 * @param now ms since the Unix epoch
 * @returns the motion's id
 * @throws DomainError(invalid_input) for a bad input; DomainError(not_found) for an unknown or deleted
 *   agenda item
 */
export function createMotion(doc: MeetingDoc, input: MotionInput, now: number): MotionId {
  const m = parseInput(motionInputSchema, input, "motion");
  checkedChoices(m.choices);
  const item = doc.agenda[m.agendaItemId];
  if (!item || item.deletedAt) throw new DomainError(ReasonCode.NotFound, `agenda item ${m.agendaItemId}`);
  const motionId = newId<MotionId>();
  const at = imm(instant(now));
  motionsOf(doc)[motionId] = {
    id: imm(motionId),
    agendaItemId: imm(m.agendaItemId as AgendaItemId),
    title: m.title,
    choices: m.choices.map((c) => ({ id: imm(c.id), label: c.label, meaning: imm(c.meaning) })),
    rule: writeRule(m.rule as MotionRule),
    visibility: imm(m.visibility),
    hideLiveTally: m.hideLiveTally,
    eligibleMemberIds: [],
    chairMemberId: null,
    openedAt: null,
    closesAt: null,
    closedAt: null,
    closingHeads: null,
    presentAtClose: null,
    secretResult: null,
    createdAt: at,
    updatedAt: at,
    deletedAt: null,
  };
  return motionId;
}

/**
 * Deletes a motion that was never opened (soft). An opened motion is a record of the meeting and stays.
 * @throws DomainError(not_found | deleted); DomainError(invalid_transition) once opened
 */
export function deleteMotion(doc: MeetingDoc, motionId: string, now: number): void {
  const entry = entryOf(doc, motionId);
  if (entry.openedAt)
    throw new DomainError(ReasonCode.InvalidTransition, "an opened motion cannot be deleted");
  entry.deletedAt = imm(instant(now));
  entry.updatedAt = imm(instant(now));
}

/** Who may vote on a motion opened now: the meeting's current chair and participants with a member account. */
export function eligibleVoters(doc: MeetingDoc): { eligible: string[]; chair: string | null } {
  const eligible = new Set<string>();
  let chair: string | null = null;
  for (const p of Object.values(doc.participants)) {
    const memberId = str(p.memberId as Imm | null);
    const role = str(p.role);
    if (!memberId || p.removedAt || !role || !VOTING_ROLES.includes(role)) continue;
    eligible.add(memberId);
    if (role === "chair" && (chair === null || memberId < chair)) chair = memberId;
  }
  return { eligible: [...eligible].sort(), chair };
}

/**
 * The chair opens a motion for voting: fixes the eligible list (voting participants, observers never) and
 * the chair whose side settles a tie, and sets an optional time limit.
 * @param closesAt optional time limit, ms since the epoch (votes cast after it are late)
 * @param openerMemberId who opens it; the chair-side tie-break falls to them if the meeting has no chair
 * @throws DomainError(not_found | deleted); DomainError(invalid_transition) when already opened;
 *   DomainError(invalid_input) for a time limit not in the future or no eligible voter
 */
export function openMotion(
  doc: MeetingDoc,
  motionId: string,
  options: { readonly closesAt?: number | null; readonly openerMemberId: string },
  now: number,
): void {
  const entry = entryOf(doc, motionId);
  if (entry.openedAt) throw new DomainError(ReasonCode.InvalidTransition, "the motion was already opened");
  if (options.closesAt != null && !(options.closesAt > now)) {
    throw new DomainError(ReasonCode.InvalidInput, "closesAt: the time limit must be in the future", {
      issues: [{ path: "closesAt", message: "the time limit must be in the future" }],
    });
  }
  const { eligible, chair } = eligibleVoters(doc);
  if (eligible.length === 0) {
    throw new DomainError(ReasonCode.InvalidInput, "eligibleMemberIds: no participant may vote", {
      issues: [{ path: "eligibleMemberIds", message: "no participant may vote" }],
    });
  }
  entry.eligibleMemberIds = eligible.map((m) => imm(m));
  entry.chairMemberId = imm(chair ?? options.openerMemberId);
  entry.openedAt = imm(instant(now));
  entry.closesAt = options.closesAt != null ? imm(instant(options.closesAt)) : null;
  entry.updatedAt = imm(instant(now));
}

/**
 * The chair closes a motion: records the participation document's heads, so the result is computed from
 * the document at those heads on every device; votes that reach the document later are late. A secret
 * ballot is closed by the relay (which seals its count), never by this function.
 * @param participationHeads hex change hashes of the participation document as the chair's device has it
 * @param presentMemberIds members present or remote at the close (attendance as the chair's device sees
 *   it); recorded so quorum and a "present" base are the same on every device
 * @throws DomainError(not_found | deleted); DomainError(invalid_transition) when not open or secret
 */
export function closeMotion(
  doc: MeetingDoc,
  motionId: string,
  participationHeads: readonly string[],
  presentMemberIds: readonly string[],
  now: number,
): void {
  const entry = entryOf(doc, motionId);
  if (!entry.openedAt) throw new DomainError(ReasonCode.InvalidTransition, "the motion is not open");
  if (entry.closedAt) throw new DomainError(ReasonCode.InvalidTransition, "the motion is already closed");
  if (str(entry.visibility) === "secret") {
    throw new DomainError(ReasonCode.InvalidTransition, "a secret ballot is closed by the relay");
  }
  const heads = parseInput(z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(10_000), [...participationHeads]);
  entry.closingHeads = heads.map((h) => imm(h));
  entry.presentAtClose = presentAmong(entry, presentMemberIds);
  entry.closedAt = imm(instant(Math.max(now, Date.parse(str(entry.openedAt) ?? "") || now)));
  entry.updatedAt = imm(instant(now));
}

/**
 * The relay seals a secret ballot: writes its count and voter list and closes the motion. Only the relay
 * calls this (its document writes are its own).
 * @throws DomainError(not_found | deleted); DomainError(invalid_transition) when not an open secret ballot
 */
export function sealSecretBallot(
  doc: MeetingDoc,
  motionId: string,
  result: { readonly counts: Readonly<Record<string, number>>; readonly voters: readonly string[] },
  presentMemberIds: readonly string[],
  now: number,
): void {
  const entry = entryOf(doc, motionId);
  if (str(entry.visibility) !== "secret") {
    throw new DomainError(ReasonCode.InvalidTransition, "not a secret ballot");
  }
  if (!entry.openedAt || entry.closedAt) {
    throw new DomainError(ReasonCode.InvalidTransition, "the ballot is not open");
  }
  const at = imm(instant(now));
  entry.secretResult = {
    counts: { ...result.counts },
    voters: [...result.voters].sort().map((m) => imm(m)),
    sealedAt: at,
  };
  entry.closedAt = at;
  entry.closingHeads = [];
  entry.presentAtClose = presentAmong(entry, presentMemberIds);
  entry.updatedAt = at;
}

function presentAmong(entry: MotionEntry, present: readonly string[]): Imm[] {
  const eligible = new Set(entry.eligibleMemberIds.map((m) => str(m)));
  return [...new Set(present)]
    .filter((m) => eligible.has(m))
    .sort()
    .map((m) => imm(m));
}

/**
 * Reads one motion entry as plain data; null for one that does not parse or is deleted (a document
 * from a peer is checked, never trusted).
 */
export function readMotion(entry: unknown): MotionView | null {
  const parsed = storedEntrySchema.safeParse(toPlain(entry));
  if (!parsed.success || parsed.data.deletedAt) return null;
  const e = parsed.data;
  const candidate = {
    id: e.id,
    agendaItemId: e.agendaItemId,
    title: e.title.trim() || "—",
    choices: e.choices,
    rule: e.rule,
    visibility: e.visibility,
    eligibleMemberIds: e.eligibleMemberIds,
    chairMemberId: e.chairMemberId ?? e.eligibleMemberIds[0] ?? "none",
    openedAt: e.openedAt,
    closesAt: e.closesAt,
    closedAt: e.closedAt,
  };
  const motion = motionSchema.safeParse(candidate);
  if (!motion.success) return null;
  return {
    motion: motion.data as unknown as Motion,
    phase: e.closedAt ? "closed" : e.openedAt ? "open" : "draft",
    hideLiveTally: e.hideLiveTally ?? false,
    closingHeads: e.closingHeads,
    presentAtClose: e.presentAtClose ?? null,
    secretResult: e.secretResult ?? null,
    createdAt: e.createdAt,
  };
}

/**
 * Every motion of a meeting (deleted and malformed ones left out), optionally of one agenda item, in
 * creation order (then id).
 */
export function meetingMotions(doc: MeetingDoc, agendaItemId?: string): MotionView[] {
  const out: MotionView[] = [];
  for (const entry of Object.values((doc.motions ?? {}) as Record<string, unknown>)) {
    const view = readMotion(entry);
    if (view && (agendaItemId === undefined || view.motion.agendaItemId === agendaItemId)) out.push(view);
  }
  return out.sort(
    (a, b) =>
      (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0) ||
      (a.motion.id < b.motion.id ? -1 : 1),
  );
}

/** Whether a motion takes votes at `now` (ms): opened, not closed, before its time limit. */
export function isOpenForVoting(motion: Motion, now: number): boolean {
  return (
    motion.openedAt !== null &&
    motion.closedAt === null &&
    (motion.closesAt === null || now <= Date.parse(motion.closesAt))
  );
}

/** The participation document's `votes` map, typed. */
export function votesOf(doc: ParticipationDoc): Record<string, unknown> {
  return doc.votes;
}

/**
 * Writes a member's signed vote into the participation document as a new entry of their own
 * (`${memberId}:${entryId}`). Works offline; the vote counts if it reaches the document before the close.
 * Casting again (from this or another device) adds another entry; the latest castAt counts.
 * @param motion the motion as read from the meeting document
 * @throws DomainError(invalid_input) for a malformed vote or a member id with ':'; DomainError(read_only)
 *   when the member may not vote on it; DomainError(invalid_transition) when the motion is not open at
 *   `now` or is a secret ballot (those go to the relay)
 */
export function castVote(doc: ParticipationDoc, motion: Motion, vote: Vote, now: number): string {
  const v = parseVote(vote);
  if (v.memberId.includes(":")) throw new DomainError(ReasonCode.InvalidInput, "memberId: contains ':'");
  if (v.motionId !== motion.id) throw new DomainError(ReasonCode.InvalidInput, "vote is for another motion");
  if (motion.visibility === "secret") {
    throw new DomainError(
      ReasonCode.InvalidTransition,
      "a secret ballot goes to the relay, never into a document",
    );
  }
  if (!motion.eligibleMemberIds.includes(v.memberId)) {
    throw new DomainError(ReasonCode.ReadOnly, "this member may not vote on this motion");
  }
  if (!isOpenForVoting(motion, now))
    throw new DomainError(ReasonCode.InvalidTransition, "the motion is not open");
  if (!motion.choices.some((c) => c.id === v.choiceId)) {
    throw new DomainError(ReasonCode.InvalidInput, "choiceId: not a choice of this motion");
  }
  const entryId = newId();
  votesOf(doc)[`${v.memberId}:${entryId}`] = {
    motionId: imm(v.motionId),
    memberId: imm(v.memberId),
    deviceId: imm(v.deviceId),
    choiceId: imm(v.choiceId),
    castAt: imm(v.castAt),
    keyId: imm(v.keyId),
    signature: imm(v.signature),
  };
  return entryId;
}

/**
 * The votes of a participation document (or a view of it at some heads) as plain data: entries that are
 * not votes, or that sit under another member's key, are left out — a vote is only ever its member's.
 * @param motionId only this motion's votes, when given
 */
export function readVotes(doc: ParticipationDoc | unknown, motionId?: string): Vote[] {
  const container = (doc as { votes?: unknown } | null)?.votes;
  const plain = (toPlain(container ?? {}) ?? {}) as Record<string, unknown>;
  const out: Vote[] = [];
  for (const [key, value] of Object.entries(plain)) {
    const parsed = voteSchema.safeParse(value);
    if (!parsed.success) continue;
    if (!key.startsWith(`${parsed.data.memberId}:`)) continue;
    if (motionId !== undefined && parsed.data.motionId !== motionId) continue;
    out.push(parsed.data as unknown as Vote);
  }
  return out;
}
