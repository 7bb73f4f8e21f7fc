import type { DocHandle, DocumentId, Repo } from "@automerge/automerge-repo";
import { isValidDocumentId } from "@automerge/automerge-repo";
import { type MeetingDoc, referencedPaperHashes } from "../../../shared/src/index.ts";
import type { AccessController } from "../access/controller.ts";
import type { RelayStore } from "../auth/store.ts";
import type { Logger } from "../logger.ts";

/** What {@link MeetingBlobAccess} needs from the relay. */
export interface MeetingBlobAccessDeps {
  readonly access: Pick<AccessController, "may" | "status">;
  readonly store: Pick<RelayStore, "allDocuments">;
  readonly repo: Pick<Repo, "find" | "handles">;
  /** Does the relay's storage hold this document? */
  readonly storageHas: (documentId: DocumentId) => Promise<boolean>;
  readonly logger: Logger;
  /** How long to wait for a meeting to load from storage, ms (default 10 000). */
  readonly loadTimeoutMs?: number;
}

/**
 * Who may upload and read meeting files (docs/relay-protocol.md "Meeting files"):
 *
 * - upload: a member who may write the meeting the file is for (its chair and secretaries, and the
 *   workspace's admins and secretaries — shared/src/access/policy.ts), named by the upload's
 *   `?meeting=<documentId>`; a meeting the relay has not seen yet counts as the policy says for new
 *   documents (only members who may create meetings). The id must name a meeting, never another kind.
 * - read: a member who may read some meeting document whose papers (any version not removed) reference
 *   the blob's hash. Which hashes a meeting references is computed with shared/'s
 *   `referencedPaperHashes`, kept in an index (hash → meetings) and re-read after the meeting changes.
 */
export class MeetingBlobAccess {
  readonly #deps: MeetingBlobAccessDeps;
  readonly #log: Logger;
  readonly #timeoutMs: number;
  /** Referenced hashes per indexed meeting document. */
  readonly #hashesByMeeting = new Map<string, ReadonlySet<string>>();
  /** The inverse: meeting documents referencing each hash. */
  readonly #meetingsByHash = new Map<string, Set<string>>();
  /** Meetings changed since they were indexed (their handle's "change" event), re-read on next use. */
  readonly #dirty = new Set<string>();
  /** Meetings whose handle is watched for changes. */
  readonly #watched = new Set<string>();

  constructor(deps: MeetingBlobAccessDeps) {
    this.#deps = deps;
    this.#log = deps.logger.child({ component: "blob-access" });
    this.#timeoutMs = deps.loadTimeoutMs ?? 10_000;
  }

  /**
   * May this member upload a file for this meeting? False for anything that is not a valid document id,
   * for documents of another kind, and for members who may not write the meeting.
   */
  async canUpload(memberId: string, meetingDocumentId: string | undefined): Promise<boolean> {
    if (!meetingDocumentId || !isValidDocumentId(meetingDocumentId)) return false;
    const status = await this.#deps.access.status(meetingDocumentId);
    if (status.kind !== "meeting" && status.kind !== "unknown" && status.kind !== "pending") return false;
    return this.#deps.access.may(memberId, meetingDocumentId, "write");
  }

  /** May this member read the blob `hash`: does a meeting they may read reference it? */
  async canRead(memberId: string, hash: string): Promise<boolean> {
    await this.#refreshIndex();
    for (const id of this.#meetingsByHash.get(hash) ?? []) {
      if (await this.#deps.access.may(memberId, id as DocumentId, "read")) return true;
    }
    return false;
  }

  /** Indexes meetings not seen yet and re-reads those that changed. */
  async #refreshIndex(): Promise<void> {
    for (const row of this.#deps.store.allDocuments()) {
      if (row.kind !== "meeting") continue;
      if (!this.#hashesByMeeting.has(row.documentId)) this.#dirty.add(row.documentId);
    }
    for (const id of [...this.#dirty]) {
      this.#dirty.delete(id);
      await this.#index(id as DocumentId);
    }
  }

  async #index(id: DocumentId): Promise<void> {
    const handle = await this.#load(id);
    let hashes: ReadonlySet<string> = EMPTY;
    if (handle) {
      if (!this.#watched.has(id)) {
        this.#watched.add(id);
        handle.on("change", () => this.#dirty.add(id));
      }
      try {
        hashes = referencedPaperHashes(handle.doc());
      } catch (err) {
        this.#log.warn({ err, documentId: id }, "meeting papers unreadable; no files shared from it");
      }
    } else {
      // Not loadable now (storage trouble): try again on the next request.
      this.#dirty.add(id);
    }
    for (const old of this.#hashesByMeeting.get(id) ?? []) this.#meetingsByHash.get(old)?.delete(id);
    this.#hashesByMeeting.set(id, hashes);
    for (const h of hashes) {
      const set = this.#meetingsByHash.get(h) ?? new Set<string>();
      set.add(id);
      this.#meetingsByHash.set(h, set);
    }
  }

  async #load(id: DocumentId): Promise<DocHandle<MeetingDoc> | undefined> {
    const inMemory = this.#deps.repo.handles[id] as DocHandle<MeetingDoc> | undefined;
    if (inMemory?.isReady()) return inMemory;
    if (!(await this.#deps.storageHas(id))) return undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      const handle = await Promise.race([
        this.#deps.repo.find<MeetingDoc>(id, { allowableStates: ["ready", "unavailable"] }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error("timed out loading the meeting")), this.#timeoutMs);
        }),
      ]);
      return handle.isReady() ? handle : undefined;
    } catch (err) {
      this.#log.warn({ err, documentId: id }, "meeting could not be loaded to check a file's access");
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}

const EMPTY: ReadonlySet<string> = new Set();
