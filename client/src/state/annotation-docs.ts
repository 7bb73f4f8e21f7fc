/**
 * Reactive, read-only access to a meeting's annotations for Solid components: the member's private
 * document, the meeting's participation document and the meeting document, as signals that follow
 * every change (local, from another tab, or from the relay), and the selectors of
 * shared/src/annotations over them. Writes go through state/annotations.ts.
 */
import type { AutomergeUrl, Doc } from "@automerge/automerge-repo/slim";
import { type Accessor, createMemo, createResource } from "solid-js";
import {
  type AnnotationThread,
  annotationThreads,
  type MeetingDoc,
  type MyAnnotationView,
  myAnnotations,
  type ParticipationDoc,
  type PrivateDoc,
  str,
} from "../../../shared/src/index.ts";
import type { AnnotationHandles } from "./annotations.ts";
import type { MeetingSource } from "./meetings.ts";
import { docSignal } from "./meetings.ts";
import { repo } from "./repo.ts";
import { currentSession } from "./session.ts";
import { openPrivateDocument } from "./workspace.ts";

/** A meeting's annotations as the viewer and the panel read them. */
export interface MeetingAnnotations {
  /** Handles and the acting member, for state/annotations.ts (undefined parts: not loaded yet). */
  readonly handles: Accessor<AnnotationHandles>;
  /** True once the private document is open (annotating is possible). */
  readonly ready: Accessor<boolean>;
  /** My live annotations of this meeting, private and shared, in page order. */
  readonly mine: Accessor<readonly MyAnnotationView[]>;
  /** Threads on the meeting's shared annotations (everyone's), in page order. */
  readonly threads: Accessor<readonly AnnotationThread[]>;
  /** The meeting document, for names. */
  readonly meetingDoc: Accessor<Doc<MeetingDoc> | undefined>;
}

/**
 * The annotations of one meeting (all its files). Opens the member's private document and the
 * meeting's participation document (both also kept open by state/workspace.ts for syncing).
 */
export function useMeetingAnnotations(source: Accessor<MeetingSource | undefined>): MeetingAnnotations {
  const [privateHandle] = createResource(() => openPrivateDocument());
  const meetingHandle = () => source()?.handle();
  const meetingDoc = docSignal(meetingHandle);
  const participationUrl = createMemo(() => str(meetingDoc()?.participationUrl));
  const [participationHandle] = createResource(participationUrl, (url) =>
    repo.find<ParticipationDoc>(url as AutomergeUrl).catch(() => undefined),
  );
  const privateDoc = docSignal<PrivateDoc>(() => privateHandle());
  const participationDoc = docSignal<ParticipationDoc>(() => participationHandle());
  const memberId = () => currentSession()?.memberId ?? "";
  const meetingId = () => str(meetingDoc()?.id);

  const mine = createMemo<readonly MyAnnotationView[]>(() => {
    const priv = privateDoc();
    const id = meetingId();
    if (!priv || !id) return [];
    try {
      return myAnnotations(priv, participationDoc() ?? null, memberId()).filter((a) => a.meetingId === id);
    } catch {
      return [];
    }
  });
  const threads = createMemo<readonly AnnotationThread[]>(() => {
    const p = participationDoc();
    if (!p) return [];
    try {
      return annotationThreads(p, meetingDoc() ?? null);
    } catch {
      return [];
    }
  });
  return {
    handles: () => ({
      privateDoc: privateHandle(),
      participation: participationHandle(),
      meeting: meetingHandle(),
      memberId: memberId(),
    }),
    ready: () => privateDoc() !== undefined,
    mine,
    threads,
    meetingDoc,
  };
}
