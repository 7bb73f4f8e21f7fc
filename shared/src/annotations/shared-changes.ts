/**
 * Change functions on the meeting's participation document for shared annotations and their replies
 * (call inside `handle.change`; `now` = ms since the epoch; failed preconditions throw DomainError).
 *
 * Every member writes only their own keys: a shared annotation at `${author}:${annotationId}`, a
 * reply at `${replier}:${replyId}`; selectors ignore entries under someone else's key.
 *
 * Rule for deleting while someone replies (decided here, shown by `annotationThreads`):
 * - Deleting or unsharing a shared annotation is soft. Its replies are never deleted with it: a reply
 *   written concurrently (offline) with the delete is kept, and a thread whose annotation is gone but
 *   that has live replies stays visible with the annotation shown as "deleted" (or "withdrawn" when
 *   unshared) — no text, no drawing; without live replies it disappears.
 * - Replying to an annotation already known to be deleted or unshared is refused.
 * - Replies are one level deep; a reply's author may edit or delete it (soft; hidden).
 */
import { updateText } from "@automerge/automerge";
import { DomainError, ReasonCode } from "../errors.ts";
import { newId } from "../ids.ts";
import { type MeetingDoc, MeetingRole } from "../meeting/types.ts";
import { entryKey, memberIdSchema, parseInput } from "../meeting-run/entries.ts";
import { participantOfMember } from "../meeting-run/invitation.ts";
import type { ParticipationDoc } from "../participation/participation.ts";
import type { PrivateDoc } from "../private/private.ts";
import { type Imm, imm, str, toPlain } from "../schema/immutable.ts";
import { instant } from "../time.ts";
import { carriedAnnotationId } from "./carry-over.ts";
import {
  geometryToEntry,
  privateAnnotationsOf,
  privateView,
  quoteToEntry,
  sharedAnnotationsOf,
} from "./entries.ts";
import { applyAnnotationPatch } from "./patch.ts";
import { type CarryOverInput, carriedOverInput } from "./private-changes.ts";
import { type AnnotationPatch, privateAnnotationEntrySchema, replyInputSchema } from "./schemas.ts";
import {
  type AnnotationId,
  AnnotationRefusal,
  type AnnotationReplyEntry,
  type AnnotationReplyId,
  type AnnotationView,
  type SharedAnnotationEntry,
} from "./types.ts";

function container(doc: ParticipationDoc): Record<string, SharedAnnotationEntry | AnnotationReplyEntry> {
  const shared = sharedAnnotationsOf(doc);
  if (!shared) {
    throw new DomainError(
      ReasonCode.InvalidDocument,
      "participation document has no sharedAnnotations container",
    );
  }
  return shared;
}

/** Members who may share and reply: participants other than observers (khách mời read only). */
function requireWriter(meeting: MeetingDoc, memberId: string): void {
  const participant = participantOfMember(meeting, memberId);
  if (participant.role === MeetingRole.Observer) {
    throw new DomainError(ReasonCode.InvalidInput, `member ${memberId} is an observer (read only)`, {
      reason: AnnotationRefusal.NotInvited,
    });
  }
}

function isAnnotation(e: unknown): e is SharedAnnotationEntry {
  return (
    typeof e === "object" && e !== null && str((e as { type?: unknown }).type as string) === "annotation"
  );
}

function isReply(e: unknown): e is AnnotationReplyEntry {
  return typeof e === "object" && e !== null && str((e as { type?: unknown }).type as string) === "reply";
}

/** Whether some other member has an entry with this id (for a clear "not yours" refusal). */
function someoneElses(doc: ParticipationDoc, memberId: string, id: string): boolean {
  return Object.entries(container(doc)).some(
    ([key, e]) =>
      str(e.id as Imm) === id &&
      key !== entryKey(memberId, id) &&
      key === entryKey(str(e.memberId) ?? "", id),
  );
}

function ownAnnotation(doc: ParticipationDoc, memberId: string, id: string): SharedAnnotationEntry {
  const entry = container(doc)[entryKey(memberId, id)];
  if (!isAnnotation(entry) || str(entry.memberId) !== memberId) {
    if (someoneElses(doc, memberId, id)) {
      throw new DomainError(ReasonCode.InvalidInput, `annotation ${id} is another member's`, {
        reason: AnnotationRefusal.NotOwner,
      });
    }
    throw new DomainError(ReasonCode.NotFound, `shared annotation ${id}`);
  }
  return entry;
}

function liveOwnAnnotation(doc: ParticipationDoc, memberId: string, id: string): SharedAnnotationEntry {
  const entry = ownAnnotation(doc, memberId, id);
  if (entry.deletedAt) throw new DomainError(ReasonCode.Deleted, `annotation ${id} was deleted`);
  if (entry.unsharedAt) {
    throw new DomainError(ReasonCode.Deleted, `annotation ${id} is no longer shared`, {
      reason: AnnotationRefusal.Unshared,
    });
  }
  return entry;
}

/**
 * Shares a private annotation with the meeting's participants: writes it, with its author and the
 * time, to the participation document. Then call `markAnnotationShared` on the private document (the
 * annotation moves: one place at a time). Sharing again what is already shared changes nothing;
 * sharing what was unshared shares it again (its old thread reappears).
 *
 * @param privateDoc the member's private document (read only)
 * @param meeting the meeting document (read only): the member must be a participant, not an observer
 * @throws DomainError(invalid_input) reasons not_invited, not_own_document, other_meeting;
 *   DomainError(not_found | deleted) for the private annotation; deleted when the shared one was deleted
 */
export function shareAnnotation(
  doc: ParticipationDoc,
  meeting: MeetingDoc,
  privateDoc: PrivateDoc,
  memberId: string,
  annotationId: AnnotationId,
  now: number,
): void {
  const member = parseInput(memberIdSchema, memberId);
  requireWriter(meeting, member);
  if (str(privateDoc.memberId) !== member) {
    throw new DomainError(ReasonCode.InvalidInput, "the private document is another member's", {
      reason: AnnotationRefusal.NotOwnDocument,
    });
  }
  const raw = privateAnnotationsOf(privateDoc)?.[annotationId];
  if (!raw) throw new DomainError(ReasonCode.NotFound, `annotation ${annotationId}`);
  const parsed = privateAnnotationEntrySchema.safeParse(toPlain(raw));
  if (!parsed.success)
    throw new DomainError(ReasonCode.InvalidDocument, `annotation ${annotationId} is malformed`);
  const a = privateView(parsed.data);
  if (a.deletedAt) throw new DomainError(ReasonCode.Deleted, `annotation ${annotationId} was deleted`);
  if (a.meetingId !== str(doc.meetingId)) {
    throw new DomainError(ReasonCode.InvalidInput, `annotation ${annotationId} belongs to another meeting`, {
      reason: AnnotationRefusal.OtherMeeting,
    });
  }
  const shared = container(doc);
  const key = entryKey(member, annotationId);
  const existing = shared[key];
  const at = imm(instant(now));
  if (isAnnotation(existing) && str(existing.memberId) === member) {
    if (existing.deletedAt)
      throw new DomainError(ReasonCode.Deleted, `annotation ${annotationId} was deleted`);
    if (!existing.unsharedAt) return;
    // Shared again: the private content (edited meanwhile) replaces the withdrawn copy's.
    applyAnnotationPatch(
      doc,
      ["sharedAnnotations", key],
      existing,
      { color: a.color, text: a.text, geometry: a.geometry, ...(a.quote ? { quote: a.quote } : {}) },
      now,
    );
    existing.pageIndex = a.pageIndex;
    existing.fileId = imm(a.fileId);
    existing.sharedAt = at;
    existing.unsharedAt = null;
    return;
  }
  shared[key] = {
    type: imm("annotation"),
    id: imm(a.id as AnnotationId),
    memberId: imm(member),
    kind: imm(a.kind),
    meetingId: imm(a.meetingId),
    fileId: imm(a.fileId),
    pageIndex: a.pageIndex,
    color: imm(a.color),
    geometry: geometryToEntry(a.geometry),
    quote: a.quote ? quoteToEntry(a.quote) : null,
    text: a.text,
    carriedFrom: a.carriedFrom
      ? { fileId: imm(a.carriedFrom.fileId), annotationId: imm(a.carriedFrom.annotationId) }
      : null,
    createdAt: imm(a.createdAt),
    updatedAt: imm(a.updatedAt),
    deletedAt: null,
    sharedAt: at,
    unsharedAt: null,
  };
}

/**
 * Takes a shared annotation back (soft: hidden from everyone; its replies follow the rule above).
 * Then call `restoreUnsharedAnnotation` on the private document with the shared view. Unsharing twice
 * changes nothing.
 * @throws DomainError(not_found | deleted), reason not_owner for another member's annotation
 */
export function unshareAnnotation(
  doc: ParticipationDoc,
  memberId: string,
  annotationId: AnnotationId,
  now: number,
): void {
  const entry = ownAnnotation(doc, memberId, annotationId);
  if (entry.deletedAt) throw new DomainError(ReasonCode.Deleted, `annotation ${annotationId} was deleted`);
  if (!entry.unsharedAt) entry.unsharedAt = imm(instant(now));
}

/**
 * Edits the member's own shared annotation (colour, text, geometry of the same kind, quote).
 * @throws DomainError(not_found | deleted | invalid_input), reasons not_owner, unshared, kind_mismatch
 */
export function editSharedAnnotation(
  doc: ParticipationDoc,
  memberId: string,
  annotationId: AnnotationId,
  patch: AnnotationPatch,
  now: number,
): void {
  const entry = liveOwnAnnotation(doc, memberId, annotationId);
  applyAnnotationPatch(doc, ["sharedAnnotations", entryKey(memberId, annotationId)], entry, patch, now);
}

/**
 * Deletes the member's own shared annotation (soft; see the rule above). Deleting twice changes nothing.
 * @throws DomainError(not_found), reason not_owner; deleted (reason unshared) once unshared: it is private again
 */
export function deleteSharedAnnotation(
  doc: ParticipationDoc,
  memberId: string,
  annotationId: AnnotationId,
  now: number,
): void {
  const entry = ownAnnotation(doc, memberId, annotationId);
  if (entry.unsharedAt && !entry.deletedAt) {
    throw new DomainError(ReasonCode.Deleted, `annotation ${annotationId} is no longer shared`, {
      reason: AnnotationRefusal.Unshared,
    });
  }
  if (!entry.deletedAt) entry.deletedAt = imm(instant(now));
}

/** Identifies a shared annotation: its author and id. */
export interface SharedAnnotationRef {
  readonly memberId: string;
  readonly annotationId: string;
}

/**
 * Replies to a shared annotation (any participant's, one's own included). Returns the reply's id.
 * @param meeting the meeting document (read only): the member must be a participant, not an observer
 * @throws DomainError(invalid_input) (empty text, reason not_invited); not_found; deleted (reason
 *   unshared when withdrawn)
 */
export function replyToAnnotation(
  doc: ParticipationDoc,
  meeting: MeetingDoc,
  memberId: string,
  target: SharedAnnotationRef,
  reply: { text: string },
  now: number,
): AnnotationReplyId {
  const member = parseInput(memberIdSchema, memberId);
  const { text } = parseInput(replyInputSchema, reply);
  requireWriter(meeting, member);
  const root = container(doc)[entryKey(target.memberId, target.annotationId)];
  if (!isAnnotation(root) || str(root.memberId) !== target.memberId) {
    throw new DomainError(ReasonCode.NotFound, `shared annotation ${target.annotationId}`);
  }
  if (root.deletedAt)
    throw new DomainError(ReasonCode.Deleted, `annotation ${target.annotationId} was deleted`);
  if (root.unsharedAt) {
    throw new DomainError(ReasonCode.Deleted, `annotation ${target.annotationId} is no longer shared`, {
      reason: AnnotationRefusal.Unshared,
    });
  }
  const id = newId<AnnotationReplyId>();
  container(doc)[entryKey(member, id)] = {
    type: imm("reply"),
    id: imm(id),
    memberId: imm(member),
    annotationMemberId: imm(target.memberId),
    annotationId: imm(target.annotationId),
    text,
    createdAt: imm(instant(now)),
    editedAt: null,
    deletedAt: null,
  };
  return id;
}

function ownReply(doc: ParticipationDoc, memberId: string, replyId: string): AnnotationReplyEntry {
  const entry = container(doc)[entryKey(memberId, replyId)];
  if (!isReply(entry) || str(entry.memberId) !== memberId) {
    if (someoneElses(doc, memberId, replyId)) {
      throw new DomainError(ReasonCode.InvalidInput, `reply ${replyId} is another member's`, {
        reason: AnnotationRefusal.NotOwner,
      });
    }
    throw new DomainError(ReasonCode.NotFound, `reply ${replyId}`);
  }
  return entry;
}

/**
 * Edits the member's own reply (text merges character-wise across their devices).
 * @throws DomainError(invalid_input | not_found | deleted), reason not_owner
 */
export function editAnnotationReply(
  doc: ParticipationDoc,
  memberId: string,
  replyId: AnnotationReplyId,
  reply: { text: string },
  now: number,
): void {
  const { text } = parseInput(replyInputSchema, reply);
  const entry = ownReply(doc, memberId, replyId);
  if (entry.deletedAt) throw new DomainError(ReasonCode.Deleted, `reply ${replyId} was deleted`);
  if (entry.text !== text) updateText(doc, ["sharedAnnotations", entryKey(memberId, replyId), "text"], text);
  entry.editedAt = imm(instant(now));
}

/** Deletes the member's own reply (soft). @throws DomainError(not_found), reason not_owner */
export function deleteAnnotationReply(
  doc: ParticipationDoc,
  memberId: string,
  replyId: AnnotationReplyId,
  now: number,
): void {
  const entry = ownReply(doc, memberId, replyId);
  if (!entry.deletedAt) entry.deletedAt = imm(instant(now));
}

/**
 * Places a carried-over copy of the member's own shared annotation in a new version, shared as well
 * (same derived id as `carryOverAnnotation`, so repeating it changes nothing). Replies stay on the
 * old version's annotation; `annotationThreads` shows them with the copy too.
 * @throws DomainError(invalid_input) for bad geometry, a kind mismatch, or another member's annotation
 */
export function carryOverSharedAnnotation(
  doc: ParticipationDoc,
  memberId: string,
  input: CarryOverInput & { readonly from: AnnotationView & { readonly memberId: string } },
  now: number,
): AnnotationId {
  const member = parseInput(memberIdSchema, memberId);
  if (input.from.memberId !== member) {
    throw new DomainError(ReasonCode.InvalidInput, `annotation ${input.from.id} is another member's`, {
      reason: AnnotationRefusal.NotOwner,
    });
  }
  const id = carriedAnnotationId(input.from.id, input.fileId);
  const shared = container(doc);
  const key = entryKey(member, id);
  if (shared[key]) return id;
  const a = carriedOverInput(input);
  const at = imm(instant(now));
  shared[key] = {
    type: imm("annotation"),
    id: imm(id),
    memberId: imm(member),
    kind: imm(a.geometry.kind),
    meetingId: imm(a.meetingId),
    fileId: imm(a.fileId),
    pageIndex: a.pageIndex,
    color: imm(a.color),
    geometry: geometryToEntry(a.geometry),
    quote: a.quote ? quoteToEntry(a.quote) : null,
    text: a.text ?? "",
    carriedFrom: { fileId: imm(input.from.fileId), annotationId: imm(input.from.id) },
    createdAt: at,
    updatedAt: at,
    deletedAt: null,
    sharedAt: at,
    unsharedAt: null,
  };
  return id;
}
