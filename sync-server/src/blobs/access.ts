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
 *   `referencedPaperHashes` and cached per meeting until its heads change.
 */
export class MeetingBlobAccess {
  readonly #deps: MeetingBlobAccessDeps;
  readonly #log: Logger;
  readonly #timeoutMs: number;
  /** Referenced hashes per meeting document, with the heads they were computed at. */
  readonly #index = new Map<string, { heads: string; hashes: Set<string> }>();

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
    for (const row of this.#deps.store.allDocuments()) {
      if (row.kind !== "meeting") continue;
      const id = row.documentId as DocumentId;
      const hashes = await this.#hashesOf(id);
      if (hashes.has(hash) && (await this.#deps.access.may(memberId, id, "read"))) return true;
    }
    return false;
  }

  async #hashesOf(id: DocumentId): Promise<ReadonlySet<string>> {
    const handle = await this.#load(id);
    if (!handle) return EMPTY;
    const heads = handle.heads()?.join(",") ?? "";
    const cached = this.#index.get(id);
    if (cached && cached.heads === heads) return cached.hashes;
    let hashes: Set<string>;
    try {
      hashes = referencedPaperHashes(handle.doc());
    } catch (err) {
      this.#log.warn({ err, documentId: id }, "meeting papers unreadable; no files shared from it");
      hashes = new Set();
    }
    this.#index.set(id, { heads, hashes });
    return hashes;
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
