import { type Doc, diff, getHeads } from "@automerge/automerge";
import type { MeetingDoc } from "../meeting/types.ts";
import { str } from "../schema/immutable.ts";

/**
 * What only the relay writes in a meeting's motions: a secret ballot's sealed count (`secretResult`) and
 * its close (`closedAt`, `closingHeads`, `presentAtClose`) — the relay writes them together when it seals
 * the ballot box. A member's change that sets them (a chair forging a count, or closing a secret ballot
 * without the relay's count) is refused by the relay.
 *
 * @param before the relay's copy; `after` the same with the writer's changes applied (it contains `before`)
 * @returns the motion ids whose relay-only fields the changes touch (empty when all is well)
 */
export function relayOnlyMotionWrites(before: Doc<MeetingDoc>, after: Doc<MeetingDoc>): string[] {
  const touched = new Set<string>();
  const motions = (after.motions ?? {}) as Record<string, { visibility?: unknown; secretResult?: unknown }>;
  for (const patch of diff(after, getHeads(before), getHeads(after))) {
    const [part, motionId, field] = patch.path;
    if (part !== "motions" || typeof motionId !== "string") continue;
    const motion = motions[motionId];
    if (field === undefined) {
      // A whole motion written at once (created): only a fresh one without a sealed count is allowed.
      if (motion && motion.secretResult !== null && motion.secretResult !== undefined) touched.add(motionId);
      continue;
    }
    if (field === "secretResult") {
      if (patch.action !== "put" || patch.path.length !== 3 || motion?.secretResult !== null)
        touched.add(motionId);
      continue;
    }
    const secret = str(motion?.visibility as string | undefined) === "secret";
    if (secret && (field === "closedAt" || field === "closingHeads" || field === "presentAtClose")) {
      const value = (motion as Record<string, unknown> | undefined)?.[field];
      if (value !== null && value !== undefined) touched.add(motionId);
    }
  }
  return [...touched];
}
