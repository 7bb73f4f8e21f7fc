/**
 * The relay's view of the workspace directory: the workspace document in the relay's own Repo, read
 * through shared/'s selectors, with a per-member cache of access subjects that is dropped whenever the
 * document changes (from any device or from the admin API).
 */
import type { DocHandle, DocumentId } from "@automerge/automerge-repo";
import {
  type AccessSubject,
  accessSubjectOf,
  DEFAULT_OFFLINE_LOCK_DAYS,
  directoryMembers,
  directoryUnits,
  type MemberView,
  memberView,
  type UnitView,
  type WorkspaceDoc,
} from "../../../shared/src/index.ts";
import { changeAndHash } from "./changes.ts";

/** Who changes the workspace through the relay, for the audit log. */
export type DirectoryChangeOrigin = "relay" | "admin";

/** Receives the hashes of changes the relay made itself, to record them in the audit log. */
export type RelayAudit = (
  documentId: DocumentId,
  hashes: readonly string[],
  origin: DirectoryChangeOrigin,
) => void;

/** The workspace directory as the relay sees it. */
export class WorkspaceDirectory {
  readonly handle: DocHandle<WorkspaceDoc>;
  readonly #audit: RelayAudit;
  readonly #subjects = new Map<string, AccessSubject>();
  readonly #listeners = new Set<() => void>();
  #accessKey: string;

  /**
   * @param handle the workspace document, ready
   * @param audit records changes the relay makes (migrations, admin API)
   */
  constructor(handle: DocHandle<WorkspaceDoc>, audit: RelayAudit) {
    this.handle = handle;
    this.#audit = audit;
    this.#accessKey = accessKey(handle.doc());
    handle.on("heads-changed", () => {
      this.#subjects.clear();
      // Only what decides access (who is a member, their role, disabled or not) wakes the listeners;
      // a meeting added to the index or a renamed unit does not.
      const key = accessKey(this.doc());
      if (key === this.#accessKey) return;
      this.#accessKey = key;
      for (const listener of this.#listeners) listener();
    });
  }

  get documentId(): DocumentId {
    return this.handle.documentId;
  }

  get url(): string {
    return this.handle.url;
  }

  /** The current workspace document (read-only). */
  doc(): WorkspaceDoc {
    return this.handle.doc();
  }

  /**
   * The access subject of a member: role and whether they are disabled. A member missing from the
   * directory counts as disabled (shared `accessSubjectOf`). Cached until the next change.
   */
  subject(memberId: string): AccessSubject {
    let subject = this.#subjects.get(memberId);
    if (!subject) {
      subject = accessSubjectOf(this.doc(), memberId);
      this.#subjects.set(memberId, subject);
    }
    return subject;
  }

  /** One member as plain data, or undefined. */
  member(memberId: string): MemberView | undefined {
    return memberView(this.doc(), memberId);
  }

  /** Every member, sorted (disabled last). */
  members(): MemberView[] {
    return directoryMembers(this.doc());
  }

  /** Every unit, sorted by name. */
  units(): UnitView[] {
    return directoryUnits(this.doc());
  }

  /** Days a device may stay offline before the app locks meeting data (workspace setting). */
  offlineLockDays(): number {
    return this.doc().settings?.offlineLockDays ?? DEFAULT_OFFLINE_LOCK_DAYS;
  }

  /**
   * Changes the workspace document in the relay's Repo (it syncs to every member) and records the
   * change in the audit log.
   * @returns what `fn` returned
   * @throws whatever `fn` throws (DomainError for refused input); nothing is written then
   */
  change<R>(fn: (doc: WorkspaceDoc) => R, origin: DirectoryChangeOrigin): R {
    let result: R | undefined;
    const hashes = changeAndHash(this.handle, (doc) => {
      result = fn(doc);
    });
    this.#audit(this.documentId, hashes, origin);
    return result as R;
  }

  /**
   * Calls `listener` after every change of the workspace document that changes access: a member
   * added, removed, disabled, enabled or given another role. @returns unsubscribe
   */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/** A string that changes exactly when some member's access-relevant fields change. */
function accessKey(doc: WorkspaceDoc): string {
  return Object.keys(doc.members ?? {})
    .sort()
    .map((id) => {
      const s = accessSubjectOf(doc, id);
      return `${id}:${s.workspaceRole}:${s.disabled ? 1 : 0}`;
    })
    .join("|");
}
