/**
 * The only module of the client that writes annotations (ghi chú, đánh dấu). Like state/actions.ts,
 * every action takes the document handles, reads the clock here (`Date.now()`, passed to shared/ as
 * `now`), refuses to write to a document that is not loaded, invalid, newer or older than this app,
 * and turns a `DomainError` into an {@link ActionError} (the UI shows `error.<code>`).
 *
 * Where annotations live (shared/src/annotations/types.ts):
 * - private (the default): the member's private document, which the relay gives to that member's own
 *   devices only;
 * - shared: the meeting's participation document, under the author's own key. Sharing writes the copy
 *   there first and then marks the private entry as moved; unsharing withdraws the shared copy and
 *   then restores the private entry. Each half is its own change, so if the second write is lost (tab
 *   closed between the two) the selectors still show the annotation once (`myAnnotations`).
 */
import type { DocHandle } from "@automerge/automerge-repo/slim";
import {
  type AnnotationId,
  type AnnotationPatch,
  type AnnotationReplyId,
  addAnnotation as addAnnotationToDoc,
  allSharedAnnotations,
  type CarryOverInput,
  carryOverAnnotation,
  carryOverSharedAnnotation,
  deleteAnnotation,
  deleteAnnotationReply,
  deleteSharedAnnotation,
  editAnnotation,
  editAnnotationReply,
  editSharedAnnotation,
  type MeetingDoc,
  type Migration,
  markAnnotationShared,
  meetingMigrations,
  type NewAnnotationInput,
  type ParticipationDoc,
  type PrivateDoc,
  participationMigrations,
  privateMigrations,
  ReasonCode,
  replyToAnnotation,
  restoreAnnotation,
  restoreUnsharedAnnotation,
  type SharedAnnotationRef,
  schemaState,
  shareAnnotation,
  unshareAnnotation,
  type ValidationResult,
  type Versioned,
  validateMeeting,
  validateParticipation,
  validatePrivate,
} from "../../../shared/src/index.ts";
import { ActionError, toActionError } from "./actions.ts";

/** Where one of my annotations lives now (`MyAnnotationView.visibility`). */
export type AnnotationPlace = "private" | "shared";

/** The documents an annotation action may touch, and who is acting. */
export interface AnnotationHandles {
  /** The member's private document (state/workspace.ts `openPrivateDocument`). */
  readonly privateDoc: DocHandle<PrivateDoc> | undefined;
  /** The meeting's participation document. */
  readonly participation: DocHandle<ParticipationDoc> | undefined;
  /** The meeting document (read only here: who may share and reply). */
  readonly meeting: DocHandle<MeetingDoc> | undefined;
  /** The signed-in member. */
  readonly memberId: string;
}

function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw toActionError(error);
  }
}

/** The handle, ready, of the exact schema this app writes and valid; else an ActionError. */
function writable<D extends Versioned>(
  handle: DocHandle<D> | undefined,
  what: string,
  migrations: readonly Migration<D>[],
  validate: (doc: unknown) => ValidationResult,
): DocHandle<D> {
  if (!handle?.isReady()) throw new ActionError(ReasonCode.NotFound, `${what} is not loaded`);
  const schema = schemaState(handle.doc(), migrations);
  if (schema.kind === "newer") {
    throw new ActionError(ReasonCode.NewerSchema, `${what} schema v${schema.version} > v${schema.known}`);
  }
  if (schema.kind === "older") {
    throw new ActionError("awaiting_migration", `${what} schema v${schema.version}: waiting for the relay`);
  }
  const validation = validate(handle.doc());
  if (!validation.ok) {
    throw new ActionError(ReasonCode.InvalidDocument, `${what} failed validation`, validation.issues);
  }
  return handle;
}

const privateOf = (h: AnnotationHandles) =>
  writable(h.privateDoc, "private document", privateMigrations, validatePrivate);
const participationOf = (h: AnnotationHandles) =>
  writable(h.participation, "participation document", participationMigrations, validateParticipation);
/** The meeting is only read; it must still be one this app understands (roles decide who may share). */
const meetingOf = (h: AnnotationHandles) =>
  writable(h.meeting, "meeting", meetingMigrations, validateMeeting).doc();

/** One change with the clock read once; returns what `write` returned. */
function change<D, T>(handle: DocHandle<D>, message: string, write: (doc: D, now: number) => T): T {
  const now = Date.now();
  let result: T | undefined;
  handle.change(
    (doc) => {
      result = write(doc as D, now);
    },
    { message },
  );
  return result as T;
}

/**
 * Adds a private annotation (text highlight, rectangle, note or ink) to the member's private document.
 * @returns its id
 * @throws ActionError(invalid_input | not_found | invalid_document | newer_schema | awaiting_migration)
 */
export function addAnnotation(handles: AnnotationHandles, input: NewAnnotationInput): AnnotationId {
  return guarded(() =>
    change(privateOf(handles), "Thêm ghi chú", (doc, now) => addAnnotationToDoc(doc, input, now)),
  );
}

/**
 * Edits one of my annotations where it lives (colour, text, geometry of the same kind).
 * @throws ActionError(not_found | deleted | invalid_input | …)
 */
export function editMyAnnotation(
  handles: AnnotationHandles,
  place: AnnotationPlace,
  id: AnnotationId,
  patch: AnnotationPatch,
): void {
  guarded(() => {
    if (place === "private") {
      change(privateOf(handles), "Sửa ghi chú", (doc, now) => editAnnotation(doc, id, patch, now));
    } else {
      change(participationOf(handles), "Sửa ghi chú đã chia sẻ", (doc, now) =>
        editSharedAnnotation(doc, handles.memberId, id, patch, now),
      );
    }
  });
}

/**
 * Deletes one of my annotations (soft). A shared one is deleted for everyone; its replies stay
 * readable while the thread has any (the rule in shared/src/annotations/shared-changes.ts).
 * @throws ActionError(not_found | …)
 */
export function deleteMyAnnotation(
  handles: AnnotationHandles,
  place: AnnotationPlace,
  id: AnnotationId,
): void {
  guarded(() => {
    if (place === "private") {
      change(privateOf(handles), "Xóa ghi chú", (doc, now) => deleteAnnotation(doc, id, now));
    } else {
      change(participationOf(handles), "Xóa ghi chú đã chia sẻ", (doc, now) =>
        deleteSharedAnnotation(doc, handles.memberId, id, now),
      );
    }
  });
}

/** Undoes the delete of a private annotation. @throws ActionError(not_found | …) */
export function restoreMyAnnotation(handles: AnnotationHandles, id: AnnotationId): void {
  guarded(() =>
    change(privateOf(handles), "Khôi phục ghi chú", (doc, now) => restoreAnnotation(doc, id, now)),
  );
}

/**
 * Shares a private annotation with the meeting's participants (author and time shown): writes the
 * shared copy, then marks the private entry as moved.
 * @throws ActionError(invalid_input (not a participant, an observer, another meeting) | not_found | deleted | …)
 */
export function shareMyAnnotation(handles: AnnotationHandles, id: AnnotationId): void {
  guarded(() => {
    const meeting = meetingOf(handles);
    const priv = privateOf(handles);
    const participation = participationOf(handles);
    change(participation, "Chia sẻ ghi chú", (doc, now) =>
      shareAnnotation(doc, meeting, priv.doc(), handles.memberId, id, now),
    );
    change(priv, "Ghi chú đã chia sẻ", (doc, now) => markAnnotationShared(doc, id, now));
  });
}

/**
 * Takes a shared annotation back: withdrawn from the participation document, private again (with
 * the shared copy's latest content).
 * @throws ActionError(not_found | deleted | invalid_input (not mine) | …)
 */
export function unshareMyAnnotation(handles: AnnotationHandles, id: AnnotationId): void {
  guarded(() => {
    const priv = privateOf(handles);
    const participation = participationOf(handles);
    change(participation, "Thôi chia sẻ ghi chú", (doc, now) =>
      unshareAnnotation(doc, handles.memberId, id, now),
    );
    const shared = allSharedAnnotations(participation.doc()).find(
      (a) => a.memberId === handles.memberId && a.id === id,
    );
    if (!shared) throw new ActionError(ReasonCode.NotFound, `shared annotation ${id}`);
    change(priv, "Ghi chú trở lại riêng tư", (doc, now) => restoreUnsharedAnnotation(doc, shared, now));
  });
}

/**
 * Replies to a shared annotation. @returns the reply's id
 * @throws ActionError(invalid_input (empty, observer) | not_found | deleted (the note was deleted or withdrawn) | …)
 */
export function replyToSharedAnnotation(
  handles: AnnotationHandles,
  target: SharedAnnotationRef,
  text: string,
): AnnotationReplyId {
  return guarded(() => {
    const meeting = meetingOf(handles);
    return change(participationOf(handles), "Trả lời ghi chú", (doc, now) =>
      replyToAnnotation(doc, meeting, handles.memberId, target, { text }, now),
    );
  });
}

/** Edits my reply. @throws ActionError(invalid_input | not_found | deleted | …) */
export function editMyReply(handles: AnnotationHandles, id: AnnotationReplyId, text: string): void {
  guarded(() =>
    change(participationOf(handles), "Sửa trả lời ghi chú", (doc, now) =>
      editAnnotationReply(doc, handles.memberId, id, { text }, now),
    ),
  );
}

/** Deletes my reply (soft). @throws ActionError(not_found | …) */
export function deleteMyReply(handles: AnnotationHandles, id: AnnotationReplyId): void {
  guarded(() =>
    change(participationOf(handles), "Xóa trả lời ghi chú", (doc, now) =>
      deleteAnnotationReply(doc, handles.memberId, id, now),
    ),
  );
}

/**
 * Writes carried-over copies of my annotations into a new version of a document, each where it
 * lived (private ones in the private document, shared ones shared). Copies have ids derived from
 * the old id and the new file, so two devices doing this write the same entries once.
 * @returns how many were written
 * @throws ActionError(invalid_input | not_found | …): nothing of the failing document's batch is written
 */
export function carryOverMyAnnotations(
  handles: AnnotationHandles,
  placements: readonly (CarryOverInput & { readonly place: AnnotationPlace })[],
): number {
  return guarded(() => {
    const mine = placements.filter((p) => p.place === "private");
    const shared = placements.filter((p) => p.place === "shared");
    if (mine.length > 0) {
      change(privateOf(handles), "Chuyển ghi chú sang phiên bản mới", (doc, now) => {
        for (const p of mine) carryOverAnnotation(doc, p, now);
      });
    }
    if (shared.length > 0) {
      change(participationOf(handles), "Chuyển ghi chú đã chia sẻ sang phiên bản mới", (doc, now) => {
        for (const p of shared) {
          carryOverSharedAnnotation(
            doc,
            handles.memberId,
            { ...p, from: { ...p.from, memberId: handles.memberId } },
            now,
          );
        }
      });
    }
    return mine.length + shared.length;
  });
}
