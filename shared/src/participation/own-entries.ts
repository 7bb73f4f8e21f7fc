/**
 * "Each member writes only their own entries" in the participation document, as the relay checks it.
 *
 * The relay's access table lets every participant write the participation document (an Automerge
 * document has no finer permission); this check looks at what a writer's changes actually touch. For
 * each container with a rule, every entry a change adds, edits or removes must sit under the writer's
 * own key (`${memberId}:…`) and, after the change, still be a well-formed entry of that writer. A
 * change that replaces or deletes a whole ruled container is refused too. Containers without a rule
 * are not checked here (their features add their rule to {@link PARTICIPATION_ENTRY_RULES}).
 */
import { type Doc, diff, getHeads, type Patch } from "@automerge/automerge";
import type { z } from "zod";
import { annotationReplyEntrySchema, sharedAnnotationEntrySchema } from "../annotations/schemas.ts";
import { entryKey } from "../meeting-run/entries.ts";
import {
  attendanceEntrySchema,
  opinionEntrySchema,
  speakingRequestEntrySchema,
} from "../meeting-run/schemas.ts";
import { toPlain } from "../schema/immutable.ts";
import { voteSchema } from "../votes/validate.ts";
import type { ParticipationDoc } from "./participation.ts";
import { paperReceiptSchema, receiptKey } from "./receipts.ts";

/**
 * Checks one entry after a change by `memberId`: returns why it is refused, or null. `entry` is the
 * plain value now at `key` (undefined when the change removed it).
 */
export type EntryRule = (key: string, entry: unknown, memberId: string) => string | null;

/** Shared annotations and replies: the writer's own key, a well-formed entry, never removed (soft delete only). */
export const sharedAnnotationsRule: EntryRule = (key, entry, memberId) => {
  if (!key.startsWith(`${memberId}:`)) return "another member's entry";
  if (entry === undefined) return "entries are never removed (soft delete)";
  const type = (entry as { type?: unknown } | null)?.type;
  const parsed =
    type === "reply"
      ? annotationReplyEntrySchema.safeParse(entry)
      : sharedAnnotationEntrySchema.safeParse(entry);
  if (!parsed.success) return `malformed ${type === "reply" ? "reply" : "shared annotation"}`;
  if (parsed.data.memberId !== memberId || entryKey(parsed.data.memberId, parsed.data.id) !== key) {
    return "entry does not match its key";
  }
  return null;
};

/**
 * Votes: the writer's own key, a well-formed signed vote of the writer, never removed (a changed vote is
 * a new entry; `tally` counts the latest). The signature itself is checked by every device's tally.
 */
export const votesRule: EntryRule = (key, entry, memberId) => {
  if (!key.startsWith(`${memberId}:`)) return "another member's entry";
  if (entry === undefined) return "votes are never removed";
  const parsed = voteSchema.safeParse(entry);
  if (!parsed.success) return "malformed vote";
  if (parsed.data.memberId !== memberId) return "entry does not match its key";
  return null;
};

/**
 * Running the meeting (issue 6): invitation answers and check-ins (`attendance`), opinions and replies
 * (`opinions`), speaking requests (`speakingRequests`). Each is the writer's own key holding a
 * well-formed entry of the writer whose `${memberId}:${id}` is that key; never removed (opinions are
 * soft-deleted, requests withdrawn, attendance answers superseded by later entries).
 */
function ownRunEntryRule(schema: z.ZodType<{ memberId: string; id: string }>, what: string): EntryRule {
  return (key, entry, memberId) => {
    if (!key.startsWith(`${memberId}:`)) return "another member's entry";
    if (entry === undefined) return `${what} entries are never removed`;
    const parsed = schema.safeParse(entry);
    if (!parsed.success) return `malformed ${what} entry`;
    if (parsed.data.memberId !== memberId || entryKey(parsed.data.memberId, parsed.data.id) !== key) {
      return "entry does not match its key";
    }
    return null;
  };
}

/**
 * Paper receipts (issue 4): the writer's own key `${memberId}:${paperId}` holding a well-formed receipt
 * of the writer for that paper; never removed (a receipt only ever gains its instants).
 */
export const receiptsRule: EntryRule = (key, entry, memberId) => {
  if (!key.startsWith(`${memberId}:`)) return "another member's entry";
  if (entry === undefined) return "receipts are never removed";
  const parsed = paperReceiptSchema.safeParse(entry);
  if (!parsed.success) return "malformed receipt";
  if (parsed.data.memberId !== memberId || receiptKey(parsed.data.memberId, parsed.data.paperId) !== key) {
    return "entry does not match its key";
  }
  return null;
};

/** Rules by container of the participation document. */
export const PARTICIPATION_ENTRY_RULES: Readonly<Record<string, EntryRule>> = {
  sharedAnnotations: sharedAnnotationsRule,
  votes: votesRule,
  attendance: ownRunEntryRule(attendanceEntrySchema, "attendance"),
  opinions: ownRunEntryRule(opinionEntrySchema, "opinion"),
  speakingRequests: ownRunEntryRule(speakingRequestEntrySchema, "speaking request"),
  receipts: receiptsRule,
};

/** One refused entry. */
export interface EntryWriteProblem {
  readonly container: string;
  /** The entry's key; "" when the change replaced or removed the whole container. */
  readonly key: string;
  readonly reason: string;
}

/**
 * What a writer's changes did wrong, comparing the document before and after them (`after` must
 * contain `before`: the relay applies the writer's sync message to a clone). Empty when all is well.
 *
 * @param memberId the writer (the authenticated member behind the connection)
 */
export function participationWriteProblems(
  before: Doc<ParticipationDoc>,
  after: Doc<ParticipationDoc>,
  memberId: string,
  rules: Readonly<Record<string, EntryRule>> = PARTICIPATION_ENTRY_RULES,
): EntryWriteProblem[] {
  let patches: Patch[];
  try {
    patches = diff(after, getHeads(before), getHeads(after));
  } catch {
    return [{ container: "", key: "", reason: "changes could not be compared" }];
  }
  const touched = new Map<string, Set<string>>();
  const problems: EntryWriteProblem[] = [];
  for (const patch of patches) {
    const [container, key] = patch.path;
    if (typeof container !== "string" || !(container in rules)) continue;
    if (key === undefined) {
      problems.push({ container, key: "", reason: "the whole container was replaced or removed" });
      continue;
    }
    const keys = touched.get(container) ?? new Set<string>();
    touched.set(container, keys);
    keys.add(String(key));
  }
  for (const [container, keys] of touched) {
    const rule = rules[container]!;
    const now = (after as unknown as Record<string, Record<string, unknown> | undefined>)[container];
    for (const key of keys) {
      const value = now?.[key];
      const reason = rule(key, value === undefined ? undefined : toPlain(value), memberId);
      if (reason) problems.push({ container, key, reason });
    }
  }
  return problems;
}
