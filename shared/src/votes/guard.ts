import { type Doc, diff, getHeads } from "@automerge/automerge";
import type { MeetingDoc } from "../meeting/types.ts";
import { str } from "../schema/immutable.ts";

/**
 * Writes to a meeting's motions that no member's device may make, checked by the relay on every change
 * to a meeting document:
 * - a secret ballot's sealed count (`secretResult`) and its close (`closedAt`, `closingHeads`,
 *   `presentAtClose`) — only the relay writes them together when it seals the ballot box. "Secret" counts
 *   if the motion was secret before the change or is after it, so flipping the visibility to close a
 *   secret ballot by hand is refused too;
 * - a motion's definition once it is opened: `choices`, `rule`, `visibility`, `eligibleMemberIds`,
 *   `chairMemberId`, `agendaItemId`, `title`, `openedAt`, `closesAt` and `deletedAt` are fixed from the moment members may vote
 *   (the app never changes them: shared/src/votes/motions.ts edits only unopened motions). Changing them
 *   mid-vote would let a chair spoil a ballot — ballots for a choice the box does not know, or a motion
 *   nobody can read any more.
 *
 * @param before the relay's copy; `after` the same with the writer's changes applied (it contains `before`)
 * @returns the motion ids whose protected fields the changes touch (empty when all is well)
 */
export function relayOnlyMotionWrites(before: Doc<MeetingDoc>, after: Doc<MeetingDoc>): string[] {
  const touched = new Set<string>();
  type MotionFields = { visibility?: unknown; secretResult?: unknown; openedAt?: unknown };
  const motions = (after.motions ?? {}) as Record<string, MotionFields>;
  const earlier = (before.motions ?? {}) as Record<string, MotionFields>;
  for (const patch of diff(after, getHeads(before), getHeads(after))) {
    const [part, motionId, field] = patch.path;
    if (part !== "motions" || typeof motionId !== "string") continue;
    const motion = motions[motionId];
    const previous = earlier[motionId];
    if (field === undefined) {
      // A whole motion written at once: only a fresh one without a sealed count, never over an opened one.
      if (motion && motion.secretResult !== null && motion.secretResult !== undefined) touched.add(motionId);
      if (previous?.openedAt) touched.add(motionId);
      continue;
    }
    if (field === "secretResult") {
      if (patch.action !== "put" || patch.path.length !== 3 || motion?.secretResult !== null)
        touched.add(motionId);
      continue;
    }
    if (previous?.openedAt && typeof field === "string" && FIXED_ONCE_OPENED.has(field)) {
      touched.add(motionId);
      continue;
    }
    const secret =
      str(motion?.visibility as string | undefined) === "secret" ||
      str(previous?.visibility as string | undefined) === "secret";
    if (secret && (field === "closedAt" || field === "closingHeads" || field === "presentAtClose")) {
      const value = (motion as Record<string, unknown> | undefined)?.[field];
      if (value !== null && value !== undefined) touched.add(motionId);
    }
  }
  return [...touched];
}

/** A motion's fields that no one may change once it is opened (see {@link relayOnlyMotionWrites}). */
const FIXED_ONCE_OPENED: ReadonlySet<string> = new Set([
  "choices",
  "rule",
  "visibility",
  "eligibleMemberIds",
  "chairMemberId",
  "agendaItemId",
  "title",
  "openedAt",
  "closesAt",
  "deletedAt",
]);
