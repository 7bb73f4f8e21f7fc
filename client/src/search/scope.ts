/**
 * Search scopes: the current papers of meetings, as {@link PaperScopeEntry}s, reactive to the meeting
 * documents (a paper attached or replaced anywhere changes what is searched).
 */
import { type Accessor, createMemo, mapArray } from "solid-js";
import { currentPapers } from "../../../shared/src/meeting/papers.ts";
import { createDocSignal, type MeetingSource } from "../state/meetings.ts";
import type { PaperScopeEntry } from "../state/paper-search.ts";

/** The current version of every paper of one meeting document. */
export function scopeOfMeeting(
  meetingId: string,
  meetingTitle: string,
  doc: Parameters<typeof currentPapers>[0],
): PaperScopeEntry[] {
  return currentPapers(doc).map((paper) => ({
    meetingId,
    meetingTitle,
    paperId: paper.id,
    hash: paper.hash,
    name: paper.name,
  }));
}

/** The papers of the given meetings (each meeting's document read as it loads and changes). */
export function createPaperScope(sources: Accessor<readonly MeetingSource[]>): Accessor<PaperScopeEntry[]> {
  const perMeeting = mapArray(sources, (source) => {
    const doc = createMemo(() => {
      const handle = source.handle();
      return handle ? createDocSignal(handle) : undefined;
    });
    return createMemo((): PaperScopeEntry[] => {
      const d = doc()?.();
      if (!d) return [];
      try {
        return scopeOfMeeting(source.state.documentId, source.state.view?.title ?? "", d);
      } catch {
        // A meeting that does not read as one (invalid document) has no searchable papers.
        return [];
      }
    });
  });
  return createMemo(() => perMeeting().flatMap((entries) => entries()));
}
