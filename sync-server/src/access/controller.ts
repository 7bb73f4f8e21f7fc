/**
 * Per-document access control on the relay: who may receive a document, who may change it, what an
 * unknown document pushed by a device becomes, and the audit log of accepted changes.
 *
 * The rules themselves are shared/'s permission table (`isAllowed`, `canCreateMeetings`); this module
 * supplies what they need — the member behind a peer (bound at the WebSocket upgrade), the document's
 * kind (from the relay's registry) and its ACL (the workspace directory; a meeting's participants; for
 * a participation document, its meeting's participants; for a private document, its member) — and
 * applies them at the three places automerge-repo lets a relay decide:
 *
 * 1. `access(peerId, documentId)` (automerge-repo `shareConfig.access`, asked for every incoming
 *    message and whenever sharing is re-evaluated): read permission. Refused → the peer gets
 *    `doc-unavailable`, and nothing of the document.
 * 2. {@link AccessController.filterInbound}, in front of the Repo for every message, in order per
 *    connection: a sync message whose sender may not write the document loses its changes (re-encoded
 *    without them) before the Repo sees it, so the relay's copy — and so every other peer — never gets
 *    them. Accepted changes are recorded in the audit log with member and device.
 * 3. Re-evaluation (`repo.shareConfigChanged()`) whenever the directory or a meeting's participants
 *    change: peers that lost access stop receiving the document at once.
 *
 * Unknown documents: only members who may create meetings (workspace admins and secretaries) may push
 * a document the relay has never seen. It is "pending" (only its creator's devices get it) until its
 * `docType` shows: a meeting or a participation document is registered as such; anything else is
 * quarantined (kept, given to nobody, logged). A consultation document (phiếu lấy ý kiến) is registered
 * with its creator; its readers are its named members (from its own `members`) and the managers, and a
 * named member's changes may touch only their own answer entries ({@link AccessController.filterInbound}).
 */
import {
  clone,
  type Doc,
  diff,
  getChangesMetaSince,
  getHeads,
  hasHeads,
  initSyncState,
  receiveSyncMessage,
} from "@automerge/automerge";
import {
  type AutomergeUrl,
  type DocHandle,
  type DocumentId,
  isValidAutomergeUrl,
  type PeerId,
  parseAutomergeUrl,
  type Repo,
} from "@automerge/automerge-repo";
import {
  type AccessMode,
  type AccessSubject,
  addLedgerToWorkspace,
  addNoticeToWorkspace,
  type ConsultationDoc,
  canCreateMeetings,
  conclusionView,
  consultationMigrations,
  consultationWriteScope,
  DEVICE_KEYS_PART,
  type DocAcl,
  initLedger,
  initNotice,
  initParticipation,
  initPrivate,
  isAllowed,
  type LedgerDoc,
  ledgerMigrations,
  ledgerWriteViolations,
  ledgerYearOf,
  linkParticipation,
  type MeetingDoc,
  type MeetingRole,
  type Migration,
  meetingMigrations,
  meetingRolesByMember,
  migrate,
  type NoticeDoc,
  noticeMigrations,
  noticeWriteAllowed,
  type ParticipationDoc,
  type PrivateDoc,
  participationMigrations,
  participationWriteProblems,
  privateMigrations,
  relayOnlyMotionWrites,
  schemaState,
  str,
  toPlain,
  type ValidationResult,
  validateConsultation,
  validateLedger,
  validateMeeting,
  validateParticipation,
  validateWorkspace,
  workspaceMigrations,
} from "../../../shared/src/index.ts";
import type { AuditOrigin, DocumentRow, RelayStore } from "../auth/store.ts";
import type { Logger } from "../logger.ts";
import type { RepoBoundMessage } from "../protocol.ts";
import {
  changeAndHash,
  changeEntryCount,
  inspectSyncMessage,
  objectIdsUnder,
  stripChanges,
  writesInto,
} from "./changes.ts";

/** Validators of the shared documents writers may change, by registry kind. */
const VALIDATORS: Readonly<Record<string, (doc: unknown) => ValidationResult>> = {
  workspace: validateWorkspace,
  meeting: validateMeeting,
  participation: validateParticipation,
  consultation: validateConsultation,
};

/** The parts of the workspace document only admins may write (the directory and its settings). */
const DIRECTORY_PARTS = ["members", "units", "settings"] as const;
/**
 * The parts of the workspace document only the relay writes: the device key directory, and the
 * pointers to the task ledgers and issued notices it creates.
 */
const RELAY_ONLY_PARTS = [DEVICE_KEYS_PART, "ledgers", "notices"] as const;

import type { WorkspaceDirectory } from "./directory.ts";

/** The authenticated device and member behind a connected peer (bound at the WebSocket upgrade). */
export interface PeerIdentity {
  readonly peerId: PeerId;
  readonly deviceId: string;
  readonly memberId: string;
}

/** What the relay knows about a document. */
export type DocumentStatus =
  | { readonly kind: "workspace" }
  | { readonly kind: "meeting" }
  | { readonly kind: "participation"; readonly meetingDocumentId: DocumentId | null }
  | { readonly kind: "private"; readonly ownerMemberId: string }
  | { readonly kind: "consultation"; readonly creatorMemberId: string | null }
  | { readonly kind: "tasks" }
  | { readonly kind: "notice"; readonly meetingDocumentId: DocumentId | null }
  | { readonly kind: "pending"; readonly creatorMemberId: string }
  | { readonly kind: "quarantined" }
  | { readonly kind: "unknown" };

/** The sockets side, provided by the WebSocket adapter. */
export interface ConnectionControl {
  /** The identity of a connected peer, or undefined. */
  identityOf(peerId: PeerId): PeerIdentity | undefined;
  /** Identities of every joined connection. */
  identities(): PeerIdentity[];
  /**
   * Closes every connection whose identity matches, with a close code and reason.
   * @returns how many were closed
   */
  close(
    match: (identity: { deviceId: string; memberId: string }) => boolean,
    code: number,
    reason: string,
  ): number;
}

export interface AccessControllerOptions {
  readonly store: RelayStore;
  readonly logger: Logger;
  /** Clock, ms since the epoch. */
  readonly now: () => number;
  /** Does the relay's storage hold any chunk of this document? */
  readonly storageHas: (documentId: DocumentId) => Promise<boolean>;
  /** Ids of every document in the relay's storage. */
  readonly listStoredDocuments: () => Promise<string[]>;
  /**
   * How long a meeting pushed without `participationUrl` may stay so before the relay creates its
   * participation document (the creator normally links one in the same change). Ms, default 10 000.
   */
  readonly participationGraceMs?: number;
  /** Coalescing delay of share re-evaluations after ACL changes. Ms, default 50. */
  readonly reevaluateDelayMs?: number;
  /** How long to wait for a document to load from storage. Ms, default 10 000. */
  readonly loadTimeoutMs?: number;
}

/** Close codes for ended access (docs/relay-protocol.md). */
export const AccessCloseCode = {
  Unauthenticated: 4401,
  Forbidden: 4403,
  PeerIdTaken: 4409,
  RateLimited: 4429,
} as const;

const EMPTY_ROLES: ReadonlyMap<string, MeetingRole> = new Map();

/** Counters for logs and tests. */
export interface AccessStats {
  changesAccepted: number;
  changesRefused: number;
  messagesStripped: number;
}

/** See the module comment. Create, then {@link start} once the Repo and the directory exist. */
export class AccessController {
  readonly #store: RelayStore;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #storageHas: (documentId: DocumentId) => Promise<boolean>;
  readonly #listStored: () => Promise<string[]>;
  readonly #graceMs: number;
  readonly #reevaluateDelayMs: number;
  readonly #loadTimeoutMs: number;

  #repo: Repo | undefined;
  #directory: WorkspaceDirectory | undefined;
  #network: ConnectionControl | undefined;

  /** The registry, cached (the store is the truth). */
  readonly #rows = new Map<string, DocumentRow>();
  /** Meeting roles by meeting document id, with a key to notice real changes. */
  readonly #roles = new Map<string, { roles: ReadonlyMap<string, MeetingRole>; key: string }>();
  /** Named members by consultation document id, with a key to notice real changes. */
  readonly #named = new Map<string, { members: ReadonlySet<string>; key: string }>();
  readonly #watched = new Set<string>();
  readonly #classifying = new Map<string, Promise<void>>();
  readonly #participationChecks = new Map<string, NodeJS.Timeout>();
  #reevaluateTimer: NodeJS.Timeout | undefined;
  #sweepTimer: NodeJS.Timeout | undefined;
  #ledgerTimer: NodeJS.Timeout | undefined;
  readonly #creatingNotice = new Set<string>();
  #lastSeenFlush = 0;
  #stopped = false;
  readonly stats: AccessStats = { changesAccepted: 0, changesRefused: 0, messagesStripped: 0 };

  constructor(options: AccessControllerOptions) {
    this.#store = options.store;
    this.#log = options.logger.child({ component: "access" });
    this.#now = options.now;
    this.#storageHas = options.storageHas;
    this.#listStored = options.listStoredDocuments;
    this.#graceMs = options.participationGraceMs ?? 10_000;
    this.#reevaluateDelayMs = options.reevaluateDelayMs ?? 50;
    this.#loadTimeoutMs = options.loadTimeoutMs ?? 10_000;
    for (const row of this.#store.allDocuments()) this.#rows.set(row.documentId, row);
  }

  /**
   * Wires the controller to the relay's Repo, the workspace directory and the sockets, registers the
   * workspace document, and starts watching: directory changes close the sockets of members who lost
   * access (4403) and re-evaluate sharing; every `sweepMs` connections are re-checked against revoked
   * devices and disabled members (a safety net behind the immediate closes).
   */
  start(deps: {
    repo: Repo;
    directory: WorkspaceDirectory;
    network: ConnectionControl;
    sweepMs?: number;
  }): void {
    this.#repo = deps.repo;
    this.#directory = deps.directory;
    this.#network = deps.network;
    const wsId = deps.directory.documentId;
    const row = this.#rows.get(wsId);
    if (row?.kind !== "workspace") {
      this.#put({
        documentId: wsId,
        kind: "workspace",
        meetingDocumentId: null,
        memberId: null,
        createdByDevice: null,
        reason: null,
      });
    }
    this.#watched.add(wsId);
    deps.directory.onChange(() => {
      this.sweepConnections();
      this.scheduleReevaluate();
    });
    this.#sweepTimer = setInterval(() => this.sweepConnections(), deps.sweepMs ?? 5000);
    this.#sweepTimer.unref();
    this.#ledgerTimer = setInterval(() => {
      this.ensureCurrentLedger().catch((err: unknown) =>
        this.#log.error({ err }, "could not create this year's task ledger"),
      );
    }, 3_600_000);
    this.#ledgerTimer.unref();
  }

  /** Stops timers (relay shutdown). */
  stop(): void {
    this.#stopped = true;
    clearInterval(this.#sweepTimer);
    clearInterval(this.#ledgerTimer);
    clearTimeout(this.#reevaluateTimer);
    for (const t of this.#participationChecks.values()) clearTimeout(t);
    this.#participationChecks.clear();
  }

  get #r(): Repo {
    if (!this.#repo) throw new Error("AccessController not started");
    return this.#repo;
  }

  get #dir(): WorkspaceDirectory {
    if (!this.#directory) throw new Error("AccessController not started");
    return this.#directory;
  }

  // ---------------------------------------------------------------- decisions

  /**
   * automerge-repo `shareConfig.access`: may this peer receive (and send messages about) this document?
   * Never throws (an error counts as "no" and is logged).
   */
  async access(peerId: PeerId, documentId: DocumentId): Promise<boolean> {
    const who = this.#network?.identityOf(peerId);
    if (!who) return false;
    try {
      return await this.may(who.memberId, documentId, "read");
    } catch (err) {
      this.#log.error({ err, peerId, documentId }, "access check failed; refused");
      return false;
    }
  }

  /**
   * May this member read (receive) or write (change) this document? Unknown documents: only members
   * who may create meetings; pending ones: only their creator; quarantined: nobody.
   */
  async may(memberId: string, documentId: DocumentId, mode: AccessMode): Promise<boolean> {
    const subject = this.#dir.subject(memberId);
    if (subject.disabled) return false;
    return this.#decide(subject, documentId, await this.status(documentId), mode);
  }

  async #decide(
    subject: AccessSubject,
    documentId: DocumentId,
    status: DocumentStatus,
    mode: AccessMode,
  ): Promise<boolean> {
    switch (status.kind) {
      case "unknown":
        return canCreateMeetings(subject);
      case "pending":
        return status.creatorMemberId === subject.memberId;
      case "quarantined":
        return false;
      default:
        return isAllowed(subject, await this.#aclOf(documentId, status), mode);
    }
  }

  /** The registry's view of a document; documents in storage but not yet registered are classified now. */
  async status(documentId: DocumentId): Promise<DocumentStatus> {
    let row = this.#rows.get(documentId);
    if (!row) {
      if (!(await this.#storageHas(documentId))) return { kind: "unknown" };
      await this.#classifyStored(documentId, "found in storage");
      row = this.#rows.get(documentId);
      if (!row) return { kind: "unknown" };
    }
    return statusOf(row);
  }

  async #aclOf(documentId: DocumentId, status: DocumentStatus): Promise<DocAcl> {
    switch (status.kind) {
      case "workspace":
        return { kind: "workspace" };
      case "private":
        return { kind: "private", ownerMemberId: status.ownerMemberId };
      case "tasks":
        return { kind: "tasks" };
      case "notice":
        return {
          kind: "notice",
          meetingRoles: status.meetingDocumentId
            ? await this.#meetingRoles(status.meetingDocumentId)
            : EMPTY_ROLES,
          recipientMemberIds: await this.#noticeRecipients(documentId),
        };
      case "meeting":
        return { kind: "meeting", meetingRoles: await this.#meetingRoles(documentId) };
      case "participation":
        return {
          kind: "participation",
          meetingRoles: status.meetingDocumentId
            ? await this.#meetingRoles(status.meetingDocumentId)
            : EMPTY_ROLES,
        };
      case "consultation":
        return {
          kind: "consultation",
          namedMemberIds: await this.#namedMembers(documentId),
          creatorMemberId: status.creatorMemberId,
        };
      default:
        throw new Error(`no ACL for a ${status.kind} document`);
    }
  }

  async #meetingRoles(meetingId: DocumentId): Promise<ReadonlyMap<string, MeetingRole>> {
    const cached = this.#roles.get(meetingId);
    if (cached) return cached.roles;
    const handle = await this.#loadStored<MeetingDoc>(meetingId);
    if (!handle) return EMPTY_ROLES;
    this.#watch(handle as DocHandle<unknown>);
    return this.#refreshRoles(meetingId, handle);
  }

  #refreshRoles(meetingId: string, handle: DocHandle<MeetingDoc>): ReadonlyMap<string, MeetingRole> {
    const roles = meetingRolesByMember(handle.doc());
    const key = [...roles]
      .map(([m, r]) => `${m}:${r}`)
      .sort()
      .join("|");
    const previous = this.#roles.get(meetingId);
    this.#roles.set(meetingId, { roles, key });
    if (previous && previous.key !== key) {
      this.#log.info({ documentId: meetingId, participants: roles.size }, "meeting participants changed");
      this.scheduleReevaluate();
    }
    return roles;
  }

  async #namedMembers(consultationId: DocumentId): Promise<ReadonlySet<string>> {
    const cached = this.#named.get(consultationId);
    if (cached) return cached.members;
    const handle = await this.#loadStored<ConsultationDoc>(consultationId);
    if (!handle) return new Set();
    this.#watch(handle as DocHandle<unknown>);
    return this.#refreshNamed(consultationId, handle);
  }

  /** Re-reads a consultation's named members (not removed); re-evaluates sharing when they changed. */
  #refreshNamed(consultationId: string, handle: DocHandle<ConsultationDoc>): ReadonlySet<string> {
    const members = namedMembersOf(handle.doc());
    const key = [...members].sort().join("|");
    const previous = this.#named.get(consultationId);
    this.#named.set(consultationId, { members, key });
    if (previous && previous.key !== key) {
      this.#log.info({ documentId: consultationId, named: members.size }, "consultation members changed");
      this.scheduleReevaluate();
    }
    return members;
  }

  // ---------------------------------------------------------------- inbound filter

  /**
   * Runs in front of the Repo for every message from a joined peer, in order per connection:
   * - a sync or request message carrying changes from a member who may not write the document has its
   *   changes stripped (the rest of the message goes on, so the conversation stays in step) and is
   *   logged as "changes refused";
   * - accepted changes are recorded in the audit log (document, change hash, member, device, time);
   *   a change to a document the relay has never seen makes it "pending" for its creator;
   * - every message warms the access caches, so the Repo's `access` answers at once and messages keep
   *   their order;
   * - presence ("ephemeral") messages are dropped.
   *
   * @returns the message to hand to the Repo (possibly without changes), or null to drop it
   */
  async filterInbound(who: PeerIdentity, message: RepoBoundMessage): Promise<RepoBoundMessage | null> {
    // Presence ("ephemeral") messages are fanned out to every device syncing a document; HọpSố does not
    // use them, and forwarding them would let any reader flood every connected tablet.
    if (message.type === "ephemeral") {
      this.#log.debug({ peerId: who.peerId, deviceId: who.deviceId }, "ephemeral message dropped");
      return null;
    }
    if (message.type !== "sync" && message.type !== "request") {
      if ("documentId" in message) await this.may(who.memberId, message.documentId, "read");
      return message;
    }
    const documentId = message.documentId;
    const entries = changeEntryCount(message.data);
    if (entries === 0) {
      await this.may(who.memberId, documentId, "read");
      return message;
    }
    const subject = this.#dir.subject(who.memberId);
    const status = await this.status(documentId);
    const allowed = !subject.disabled && (await this.#decide(subject, documentId, status, "write"));
    if (!allowed) {
      // Refused before anything is decoded: stripping needs only the message envelope.
      this.stats.changesRefused += entries;
      this.stats.messagesStripped += 1;
      this.#log.warn(
        {
          peerId: who.peerId,
          deviceId: who.deviceId,
          memberId: who.memberId,
          documentId,
          kind: status.kind,
          reason: "no_write_permission",
        },
        "changes refused",
      );
      return { ...message, data: stripChanges(message.data) as Uint8Array<ArrayBuffer> };
    }
    const payload = inspectSyncMessage(message.data);
    // The directory (members, units, roles, settings) sits in the workspace document, which secretaries
    // may write for the meeting index; only admins (and the relay itself) may change the directory.
    const directoryWrite =
      allowed && payload.decodable && status.kind === "workspace" && subject.workspaceRole !== "admin"
        ? this.#writesDirectory(documentId, message.data)
        : false;
    // The device key directory (votes are verified with it) is the relay's alone: nobody, admins
    // included, may write it (shared/src/votes/directory.ts).
    const keysWrite =
      payload.decodable && !directoryWrite && status.kind === "workspace"
        ? this.#writesRelayParts(documentId, message.data)
        : false;
    // A writer may only leave a valid document valid: a tampered client must not be able to make a
    // meeting, its participation document or the workspace unreadable for everyone.
    const breaksDocument =
      payload.decodable && !directoryWrite
        ? status.kind === "tasks"
          ? await this.#breaksLedgerRules(documentId, who, message.data)
          : status.kind === "notice"
            ? await this.#breaksNoticeRules(documentId, who, message.data)
            : this.#breaksDocument(documentId, status.kind, message.data)
        : false;
    // A named member of a consultation writes only their own answers, never the questions, the
    // deadline or another member's answers. Every participant may write the participation document,
    // but only into their own entries.
    const othersEntries =
      payload.decodable && !breaksDocument && status.kind === "consultation"
        ? await this.#writesBeyondOwnAnswers(subject, documentId, status, message.data)
        : payload.decodable && !directoryWrite && !breaksDocument && status.kind === "participation"
          ? this.#writesOthersEntries(documentId, who.memberId, message.data)
          : false;
    // A secret ballot's count and close are the relay's alone (sealed from its ballot box).
    const sealWrite =
      payload.decodable && !breaksDocument && status.kind === "meeting"
        ? this.#writesRelayOnlyMotionFields(documentId, who.memberId, message.data)
        : false;
    if (
      !allowed ||
      !payload.decodable ||
      directoryWrite ||
      keysWrite ||
      breaksDocument ||
      othersEntries ||
      sealWrite
    ) {
      this.stats.changesRefused += payload.changeHashes.length;
      this.stats.messagesStripped += 1;
      this.#log.warn(
        {
          peerId: who.peerId,
          deviceId: who.deviceId,
          memberId: who.memberId,
          documentId,
          kind: status.kind,
          changes: payload.changeHashes.length,
          reason: !payload.decodable
            ? "undecodable_changes"
            : directoryWrite
              ? "directory_admin_only"
              : keysWrite
                ? "device_keys_relay_only"
                : breaksDocument
                  ? "invalid_document"
                  : othersEntries
                    ? "not_own_entries"
                    : sealWrite
                      ? "secret_ballot_relay_only"
                      : "no_write_permission",
        },
        "changes refused",
      );
      return { ...message, data: stripChanges(message.data) as Uint8Array<ArrayBuffer> };
    }
    if (status.kind === "unknown") {
      this.#put({
        documentId,
        kind: "pending",
        meetingDocumentId: null,
        memberId: who.memberId,
        createdByDevice: who.deviceId,
        reason: null,
      });
      this.#log.info(
        { documentId, memberId: who.memberId, deviceId: who.deviceId },
        "new document pushed; pending",
      );
    }
    // Only changes new to the relay's copy are recorded: a sync message (a whole-document chunk in
    // particular) often repeats changes the relay has, and the audit names who delivered each first.
    const current = this.#repo?.handles[documentId];
    const relayDoc = current?.isReady() ? current.doc() : undefined;
    const fresh = relayDoc
      ? payload.changeHashes.filter((h) => !hasHeads(relayDoc as Parameters<typeof hasHeads>[0], [h]))
      : payload.changeHashes;
    this.stats.changesAccepted += fresh.length;
    this.#store.recordAudit(
      documentId,
      fresh,
      { memberId: who.memberId, deviceId: who.deviceId, origin: "device" },
      this.#now(),
    );
    this.#watchSoon(documentId);
    return message;
  }

  /**
   * Whether a sync message for the workspace document writes into its directory part. Undecodable
   * changes count as writes (fail closed).
   */
  #writesDirectory(documentId: string, data: Uint8Array): boolean {
    const handle = this.#repo?.handles[documentId as DocumentId];
    const doc = handle?.isReady() ? (handle.doc() as Record<string, unknown>) : {};
    return writesInto(data, objectIdsUnder(doc, DIRECTORY_PARTS), DIRECTORY_PARTS) !== false;
  }

  /** Whether a sync message for the workspace document writes into its relay-only key directory. */
  #writesRelayParts(documentId: string, data: Uint8Array): boolean {
    const handle = this.#repo?.handles[documentId as DocumentId];
    const doc = handle?.isReady() ? (handle.doc() as Record<string, unknown>) : {};
    return writesInto(data, objectIdsUnder(doc, RELAY_ONLY_PARTS), RELAY_ONLY_PARTS) !== false;
  }

  /**
   * Whether applying a sync message's changes would turn the relay's valid copy of a workspace, meeting
   * or participation document into one that fails its validator. Tried on a clone; the relay's copy is
   * untouched. A document that is already invalid (or not loaded) is not judged here.
   */
  #breaksDocument(documentId: string, kind: string, data: Uint8Array): boolean {
    const validate = VALIDATORS[kind];
    if (!validate) return false;
    const handle = this.#repo?.handles[documentId as DocumentId];
    if (!handle?.isReady()) return false;
    const current = handle.doc() as Doc<unknown>;
    if (!validate(current).ok) return false;
    try {
      const [trial] = receiveSyncMessage(clone(current), initSyncState(), data);
      return !validate(trial).ok;
    } catch {
      return true;
    }
  }

  /**
   * Whether a sync message from a member who may write a consultation only as a named member changes
   * anything but that member's own answer entries (`answers["<memberId>:…"]`, new or their own). Tried
   * on a clone of the relay's copy and compared as plain data, so it judges what the changes do, not
   * how Automerge encodes them. Fails closed: an undecodable message or a copy not loaded counts as
   * writing beyond.
   */
  async #writesBeyondOwnAnswers(
    subject: AccessSubject,
    documentId: DocumentId,
    status: Extract<DocumentStatus, { kind: "consultation" }>,
    data: Uint8Array,
  ): Promise<boolean> {
    const acl = (await this.#aclOf(documentId, status)) as Extract<DocAcl, { kind: "consultation" }>;
    const scope = consultationWriteScope(subject, acl);
    if (scope === "definition") return false;
    if (scope === "none") return true;
    // Loaded from storage if need be: the relay always has the consultation a member answers.
    const handle = await this.#loadStored<ConsultationDoc>(documentId);
    if (!handle) return true;
    try {
      const current = handle.doc() as Doc<unknown>;
      const [trial] = receiveSyncMessage(clone(current), initSyncState(), data);
      return !onlyOwnAnswersChanged(toPlain(current), toPlain(trial), subject.memberId);
    } catch {
      return true;
    }
  }

  /**
   * Whether a sync message for a participation document writes into entries that are not the
   * writer's, or leaves one of their entries malformed (shared/src/participation/own-entries.ts).
   * Tried on a clone; undecodable changes count as such writes (fail closed).
   */
  #writesRelayOnlyMotionFields(documentId: string, memberId: string, data: Uint8Array): boolean {
    const handle = this.#repo?.handles[documentId as DocumentId];
    if (!handle?.isReady()) return false;
    const current = handle.doc() as Doc<MeetingDoc>;
    try {
      const [trial] = receiveSyncMessage(clone(current), initSyncState(), data);
      const motions = relayOnlyMotionWrites(current, trial);
      if (motions.length > 0)
        this.#log.warn({ documentId, memberId, motions }, "secret ballot fields refused");
      return motions.length > 0;
    } catch {
      return true;
    }
  }

  #writesOthersEntries(documentId: string, memberId: string, data: Uint8Array): boolean {
    const handle = this.#repo?.handles[documentId as DocumentId];
    if (!handle?.isReady()) return false;
    const current = handle.doc() as Doc<ParticipationDoc>;
    try {
      const [trial] = receiveSyncMessage(clone(current), initSyncState(), data);
      const problems = participationWriteProblems(current, trial, memberId);
      if (problems.length > 0)
        this.#log.warn({ documentId, memberId, problems: problems.slice(0, 5) }, "entries refused");
      return problems.length > 0;
    } catch {
      return true;
    }
  }

  /**
   * Whether a sync message for a task ledger breaks the ledger's rules for its writer (shared
   * `ledgerWriteViolations`: authors, append-only history, assigner and lead rights) or leaves a task it
   * touches invalid. Tried on a clone; only the tasks the changes touch are compared and validated, so
   * the cost follows the change, not the ledger's size. Fails closed on any error.
   */
  async #breaksLedgerRules(documentId: DocumentId, who: PeerIdentity, data: Uint8Array): Promise<boolean> {
    // The relay creates every ledger, so it always has one to compare with (loaded from storage if need be).
    const handle = await this.#loadStored<LedgerDoc>(documentId);
    if (!handle) {
      this.#log.warn({ documentId }, "ledger not loadable; change refused");
      return true;
    }
    const current = handle.doc() as Doc<LedgerDoc>;
    try {
      const [trial] = receiveSyncMessage(clone(current), initSyncState(), data);
      const touched = new Set<string>();
      let rootTouched = false;
      for (const patch of diff(trial, getHeads(current), getHeads(trial))) {
        if (patch.path[0] === "tasks" && typeof patch.path[1] === "string") touched.add(patch.path[1]);
        else rootTouched = true;
      }
      if (touched.size === 0 && !rootTouched) return false;
      if (rootTouched) {
        this.#log.warn({ documentId, memberId: who.memberId }, "ledger change outside its tasks");
        return true;
      }
      const subject = this.#dir.subject(who.memberId);
      const member = this.#dir.doc().members?.[who.memberId];
      const violations = ledgerWriteViolations(
        current,
        trial,
        { memberId: who.memberId, workspaceRole: subject.workspaceRole, unitId: str(member?.unitId) ?? null },
        touched,
      );
      if (violations.length > 0) {
        this.#log.warn({ documentId, memberId: who.memberId, violations }, "ledger rules broken");
        return true;
      }
      const tasks: Record<string, unknown> = {};
      for (const id of touched) if (trial.tasks[id]) tasks[id] = trial.tasks[id];
      const validity = validateLedger({ ...trial, tasks });
      if (!validity.ok) this.#log.warn({ documentId, issues: validity.issues.slice(0, 5) }, "invalid task");
      return !validity.ok;
    } catch (err) {
      this.#log.warn({ err, documentId }, "ledger change could not be checked; refused");
      return true;
    }
  }

  /** Records changes the relay made itself (migrations, admin API, created documents). */
  recordRelayChanges(
    documentId: string,
    hashes: readonly string[],
    origin: Exclude<AuditOrigin, "device">,
  ): void {
    this.#store.recordAudit(documentId, hashes, { memberId: null, deviceId: null, origin }, this.#now());
  }

  // ---------------------------------------------------------------- watching documents

  /** Attaches the change watcher once the Repo has made a handle for the document (just after the filter). */
  #watchSoon(documentId: DocumentId, attempt = 0): void {
    if (this.#watched.has(documentId) || this.#stopped) return;
    setImmediate(() => {
      const handle = this.#repo?.handles[documentId];
      if (handle) this.#watch(handle);
      else if (attempt < 50) setTimeout(() => this.#watchSoon(documentId, attempt + 1), 20);
    });
  }

  #watch(handle: DocHandle<unknown>): void {
    const id = handle.documentId;
    if (this.#watched.has(id)) return;
    this.#watched.add(id);
    // "heads-changed" fires before a handle that was waiting for its first data turns ready: look
    // once the transition is done.
    handle.on("heads-changed", () => queueMicrotask(() => this.#onDocumentChanged(id)));
    if (handle.isReady()) this.#onDocumentChanged(id, true);
  }

  #onDocumentChanged(documentId: DocumentId, firstLoad = false): void {
    const row = this.#rows.get(documentId);
    const handle = this.#repo?.handles[documentId];
    if (!row || !handle?.isReady()) return;
    try {
      switch (row.kind) {
        case "pending":
          this.#classifyPending(documentId, handle);
          break;
        case "meeting":
          if (firstLoad) this.#migrateIfOlder(handle as DocHandle<MeetingDoc>, meetingMigrations);
          this.#refreshRoles(documentId, handle as DocHandle<MeetingDoc>);
          this.#afterMeetingChange(documentId, handle as DocHandle<MeetingDoc>);
          void this.ensureNotice(documentId).catch((err: unknown) =>
            this.#log.error({ err, documentId }, "could not create the conclusion notice"),
          );
          break;
        case "participation":
          if (firstLoad) this.#migrateIfOlder(handle as DocHandle<ParticipationDoc>, participationMigrations);
          if (row.meetingDocumentId === null)
            void this.#bindFromParticipation(documentId, handle as DocHandle<ParticipationDoc>);
          break;
        case "private":
          if (firstLoad) this.#migrateIfOlder(handle as DocHandle<PrivateDoc>, privateMigrations);
          break;
        case "consultation":
          if (firstLoad) this.#migrateIfOlder(handle as DocHandle<ConsultationDoc>, consultationMigrations);
          this.#refreshNamed(documentId, handle as DocHandle<ConsultationDoc>);
          break;
        case "tasks":
          if (firstLoad) this.#migrateIfOlder(handle as DocHandle<LedgerDoc>, ledgerMigrations);
          break;
        case "notice":
          if (firstLoad) this.#migrateIfOlder(handle as DocHandle<NoticeDoc>, noticeMigrations);
          break;
        default:
          break;
      }
    } catch (err) {
      this.#log.error({ err, documentId }, "error while handling a document change");
    }
  }

  #classifyPending(documentId: DocumentId, handle: DocHandle<unknown>): void {
    const row = this.#rows.get(documentId);
    if (row?.kind !== "pending") return;
    const docType = docTypeOf(handle.doc());
    if (docType === undefined) return; // not recognisable yet: stays with its creator
    if (docType === "meeting") {
      this.#put({ ...row, kind: "meeting", memberId: null });
      this.#log.info({ documentId, memberId: row.memberId }, "new meeting document registered");
      this.#onDocumentChanged(documentId, true);
      this.scheduleReevaluate();
    } else if (docType === "participation") {
      this.#put({ ...row, kind: "participation", memberId: null, meetingDocumentId: null });
      this.#log.info({ documentId, memberId: row.memberId }, "new participation document registered");
      this.#onDocumentChanged(documentId, true);
      this.scheduleReevaluate();
    } else if (docType === "consultation") {
      this.#put({ ...row, kind: "consultation", meetingDocumentId: null });
      this.#log.info({ documentId, memberId: row.memberId }, "new consultation document registered");
      this.#onDocumentChanged(documentId, true);
      this.scheduleReevaluate();
    } else {
      this.#quarantine(documentId, `a device may not create a ${docType} document`);
    }
  }

  #quarantine(documentId: string, reason: string): void {
    const row = this.#rows.get(documentId);
    this.#put({
      documentId,
      kind: "quarantined",
      meetingDocumentId: null,
      memberId: row?.memberId ?? null,
      createdByDevice: row?.createdByDevice ?? null,
      reason,
    });
    this.#log.warn(
      { documentId, reason, memberId: row?.memberId, deviceId: row?.createdByDevice },
      "document quarantined",
    );
    this.scheduleReevaluate();
  }

  #migrateIfOlder<D extends { schemaVersion?: number }>(
    handle: DocHandle<D>,
    migrations: readonly Migration<D>[],
  ): void {
    const state = schemaState(handle.doc(), migrations);
    if (state.kind !== "older") return;
    const hashes = changeAndHash(handle, (doc) => {
      migrate(doc, migrations);
    });
    this.recordRelayChanges(handle.documentId, hashes, "relay");
    this.#log.info(
      { documentId: handle.documentId, from: state.version, steps: state.pending },
      "document migrated",
    );
  }

  // ---------------------------------------------------------------- meeting ↔ participation

  #afterMeetingChange(meetingId: DocumentId, handle: DocHandle<MeetingDoc>): void {
    const participationId = documentIdOf(str(handle.doc().participationUrl));
    if (participationId) {
      void this.#bindFromMeeting(meetingId, participationId);
      return;
    }
    if (this.#boundParticipation(meetingId) || this.#participationChecks.has(meetingId) || this.#stopped)
      return;
    const timer = setTimeout(() => {
      this.#participationChecks.delete(meetingId);
      void this.ensureParticipation(meetingId).catch((err: unknown) =>
        this.#log.error({ err, documentId: meetingId }, "could not create the participation document"),
      );
    }, this.#graceMs);
    timer.unref();
    this.#participationChecks.set(meetingId, timer);
  }

  #boundParticipation(meetingId: string): DocumentRow | undefined {
    for (const row of this.#rows.values()) {
      if (row.kind === "participation" && row.meetingDocumentId === meetingId) return row;
    }
    return undefined;
  }

  /**
   * Binds a participation document to the meeting that links it, when both agree (the meeting's
   * `participationUrl` names it and its `meetingUrl` names the meeting). The binding is made once: a
   * second meeting naming the same participation document is ignored and logged.
   */
  async #bindFromMeeting(meetingId: DocumentId, participationId: DocumentId): Promise<void> {
    const row = this.#rows.get(participationId);
    if (row?.kind !== "participation") return; // not here yet, or still pending: bound when it is classified
    if (row.meetingDocumentId === meetingId) return;
    if (row.meetingDocumentId !== null) {
      this.#log.warn(
        { meeting: meetingId, participation: participationId, boundTo: row.meetingDocumentId },
        "meeting links a participation document bound to another meeting; ignored",
      );
      return;
    }
    const p = await this.#loadStored<ParticipationDoc>(participationId);
    if (!p) return;
    const claimed = documentIdOf(str(p.doc().meetingUrl));
    if (claimed !== meetingId) {
      this.#log.warn(
        { meeting: meetingId, participation: participationId, claimed },
        "participation document names another meeting; not bound",
      );
      return;
    }
    this.#bind(participationId, meetingId);
  }

  async #bindFromParticipation(
    participationId: DocumentId,
    handle: DocHandle<ParticipationDoc>,
  ): Promise<void> {
    const meetingId = documentIdOf(str(handle.doc().meetingUrl));
    if (!meetingId || this.#rows.get(meetingId)?.kind !== "meeting") return;
    const m = await this.#loadStored<MeetingDoc>(meetingId);
    if (!m) return;
    if (documentIdOf(str(m.doc().participationUrl)) === participationId)
      this.#bind(participationId, meetingId);
  }

  #bind(participationId: string, meetingId: string): void {
    const row = this.#rows.get(participationId);
    if (row?.kind !== "participation" || row.meetingDocumentId !== null) return;
    this.#put({ ...row, meetingDocumentId: meetingId });
    this.#log.info(
      { participation: participationId, meeting: meetingId },
      "participation document bound to its meeting",
    );
    this.scheduleReevaluate();
  }

  /**
   * Gives a meeting without `participationUrl` its participation document (shared `initParticipation`
   * + `linkParticipation`), unless one is already bound or a participation document that names this
   * meeting is on its way. Used at start for existing meetings and after the grace period for a
   * meeting pushed without one.
   */
  async ensureParticipation(meetingId: DocumentId): Promise<AutomergeUrl | null> {
    if (this.#boundParticipation(meetingId)) return null;
    const m = await this.#loadStored<MeetingDoc>(meetingId);
    if (!m) return null;
    this.#watch(m);
    const linked = documentIdOf(str(m.doc().participationUrl));
    if (linked) {
      await this.#bindFromMeeting(meetingId, linked);
      return null;
    }
    for (const row of this.#rows.values()) {
      if (row.kind !== "pending" && !(row.kind === "participation" && row.meetingDocumentId === null))
        continue;
      const h = this.#r.handles[row.documentId as DocumentId];
      if (h?.isReady() && documentIdOf(str((h.doc() as Partial<ParticipationDoc>).meetingUrl)) === meetingId)
        return null;
    }
    const meetingIdField = str(m.doc().id);
    if (!meetingIdField) {
      this.#log.warn({ documentId: meetingId }, "meeting without an id; no participation document created");
      return null;
    }
    const p = this.#r.create<ParticipationDoc>();
    changeAndHash(p, (doc) =>
      initParticipation(doc, { meetingId: meetingIdField, meetingUrl: m.url }, this.#now()),
    );
    this.#put({
      documentId: p.documentId,
      kind: "participation",
      meetingDocumentId: meetingId,
      memberId: null,
      createdByDevice: null,
      reason: null,
    });
    this.recordRelayChanges(p.documentId, allChangeHashes(p), "relay");
    try {
      this.recordRelayChanges(
        meetingId,
        changeAndHash(m, (doc) => linkParticipation(doc, p.url)),
        "relay",
      );
    } catch (err) {
      this.#quarantine(p.documentId, "the meeting linked another participation document first");
      this.#log.warn({ err, documentId: meetingId }, "participation link refused");
      return null;
    }
    this.#watch(p);
    this.#log.info(
      { meeting: meetingId, participation: p.documentId },
      "participation document created for a meeting",
    );
    return p.url;
  }

  // ---------------------------------------------------------------- private documents

  /**
   * The member's private document, created (shared `initPrivate`) and written to storage on first use
   * (the first device registration).
   * @returns its automerge URL
   */
  async ensurePrivateDocument(memberId: string): Promise<AutomergeUrl> {
    const existing = this.#store.privateDocumentOf(memberId);
    if (existing) return `automerge:${existing.documentId}` as AutomergeUrl;
    const handle = this.#r.create<PrivateDoc>();
    changeAndHash(handle, (doc) => initPrivate(doc, { memberId }, this.#now()));
    this.#put({
      documentId: handle.documentId,
      kind: "private",
      meetingDocumentId: null,
      memberId,
      createdByDevice: null,
      reason: null,
    });
    this.recordRelayChanges(handle.documentId, allChangeHashes(handle), "relay");
    this.#watched.add(handle.documentId);
    await this.#r.flush([handle.documentId]);
    this.#log.info({ memberId, documentId: handle.documentId }, "private document created");
    return handle.url;
  }

  /** The member's private document URL, or null if none was created yet. */
  privateDocumentUrl(memberId: string): AutomergeUrl | null {
    const row = this.#store.privateDocumentOf(memberId);
    return row ? (`automerge:${row.documentId}` as AutomergeUrl) : null;
  }

  // ---------------------------------------------------------------- conclusion notices

  /**
   * Members of the units a notice is sent to (from the directory), who may read it and write their own
   * read receipt. Empty when the notice is not loadable.
   */
  async #noticeRecipients(documentId: DocumentId): Promise<ReadonlySet<string>> {
    const handle = await this.#loadStored<NoticeDoc>(documentId);
    if (!handle) return new Set();
    const units = new Set(Object.keys(handle.doc().recipientUnitIds ?? {}));
    const out = new Set<string>();
    for (const [id, m] of Object.entries(this.#dir.doc().members ?? {})) {
      const unit = str(m.unitId);
      if (unit && units.has(unit)) out.add(id);
    }
    return out;
  }

  /** Whether a sync message for a notice does more than add its writer's own read receipt (fails closed). */
  async #breaksNoticeRules(documentId: DocumentId, who: PeerIdentity, data: Uint8Array): Promise<boolean> {
    const handle = await this.#loadStored<NoticeDoc>(documentId);
    if (!handle) return true;
    try {
      const current = handle.doc() as Doc<NoticeDoc>;
      const [trial] = receiveSyncMessage(clone(current), initSyncState(), data);
      const allowed = noticeWriteAllowed(current, trial, who.memberId);
      if (!allowed)
        this.#log.warn({ documentId, memberId: who.memberId }, "notice change beyond a read receipt");
      return !allowed;
    } catch {
      return true;
    }
  }

  /**
   * Once a meeting's conclusion is issued, creates its notice document (shared `initNotice`, a snapshot
   * of the issued text), registers it as a "notice" bound to the meeting and lists it in the workspace
   * (`addNoticeToWorkspace`), so the recipient units' members find it in their inbox. Once per meeting.
   * @returns the notice's URL when one was created now, else null
   */
  async ensureNotice(meetingId: DocumentId): Promise<AutomergeUrl | null> {
    if (this.#stopped) return null;
    const m = await this.#loadStored<MeetingDoc>(meetingId);
    if (!m || conclusionView(m.doc()).status !== "issued") return null;
    for (const row of this.#rows.values()) {
      if (row.kind === "notice" && row.meetingDocumentId === meetingId) return null;
    }
    if (this.#creatingNotice.has(meetingId)) return null;
    this.#creatingNotice.add(meetingId);
    try {
      const handle = this.#r.create<NoticeDoc>();
      changeAndHash(handle, (doc) => initNotice(doc, m.doc(), m.url, this.#now()));
      this.#put({
        documentId: handle.documentId,
        kind: "notice",
        meetingDocumentId: meetingId,
        memberId: null,
        createdByDevice: null,
        reason: null,
      });
      this.recordRelayChanges(handle.documentId, allChangeHashes(handle), "relay");
      this.#watched.add(handle.documentId);
      const meetingDomainId = str(m.doc().id) ?? meetingId;
      this.#dir.change(
        (doc) =>
          addNoticeToWorkspace(
            doc,
            { documentId: handle.documentId, url: handle.url, meetingId: meetingDomainId },
            this.#now(),
          ),
        "relay",
      );
      await this.#r.flush([handle.documentId, this.#dir.documentId]);
      this.scheduleReevaluate();
      this.#log.info({ meeting: meetingId, notice: handle.documentId }, "conclusion notice issued");
      return handle.url;
    } finally {
      this.#creatingNotice.delete(meetingId);
    }
  }

  // ---------------------------------------------------------------- task ledgers

  /**
   * The task ledger of a year (calendar year in Asia/Ho_Chi_Minh), created (shared `initLedger`),
   * registered as a "tasks" document and listed in the workspace (`addLedgerToWorkspace`) on first use.
   * The relay is the only creator of ledgers, so no two peers ever make one for the same year.
   * @returns its automerge URL
   */
  async ensureLedger(year: number): Promise<AutomergeUrl> {
    const listed = str(this.#dir.doc().ledgers?.[String(year)]?.url);
    if (listed && isValidAutomergeUrl(listed)) return listed as AutomergeUrl;
    const workspaceId = str(this.#dir.doc().id);
    if (!workspaceId) throw new Error("workspace without an id; no ledger created");
    const handle = this.#r.create<LedgerDoc>();
    changeAndHash(handle, (doc) => initLedger(doc, { workspaceId }, this.#now()));
    this.#put({
      documentId: handle.documentId,
      kind: "tasks",
      meetingDocumentId: null,
      memberId: null,
      createdByDevice: null,
      reason: null,
    });
    this.recordRelayChanges(handle.documentId, allChangeHashes(handle), "relay");
    this.#watched.add(handle.documentId);
    this.#dir.change((doc) => addLedgerToWorkspace(doc, { year, url: handle.url }, this.#now()), "relay");
    await this.#r.flush([handle.documentId, this.#dir.documentId]);
    this.#log.info({ year, documentId: handle.documentId }, "task ledger created");
    return handle.url;
  }

  /** Makes sure the current year's ledger exists (at start, and hourly so New Year gets its ledger). */
  async ensureCurrentLedger(): Promise<AutomergeUrl | null> {
    if (schemaState(this.#dir.doc(), workspaceMigrations).kind !== "current") return null;
    return this.ensureLedger(ledgerYearOf(this.#now()));
  }

  // ---------------------------------------------------------------- start-up migration

  /**
   * Relay-side migrations at start ("Who migrates", shared/src/schema/migrations.ts): migrates the
   * workspace document; registers every stored document the registry does not know yet (documents from
   * before the registry: meetings and participation documents by their `docType`, anything else
   * quarantined); retries pending documents; and gives every meeting without one its participation
   * document.
   * @returns counts for the start-up log
   */
  async migrateOnStart(): Promise<{
    registered: number;
    participationCreated: number;
    workspaceMigrated: boolean;
  }> {
    const dir = this.#dir;
    const wsState = schemaState(dir.doc(), workspaceMigrations);
    if (wsState.kind === "older") {
      dir.change((doc) => migrate(doc, workspaceMigrations), "relay");
      this.#log.info({ from: wsState.version, steps: wsState.pending }, "workspace document migrated");
    }
    let registered = 0;
    for (const id of await this.#listStored()) {
      if (this.#rows.has(id) || !isDocumentId(id)) continue;
      await this.#classifyStored(id, "registry backfill");
      if (this.#rows.has(id)) registered += 1;
    }
    for (const row of [...this.#rows.values()]) {
      if (row.kind !== "pending") continue;
      const h = await this.#loadStored(row.documentId as DocumentId);
      if (h) this.#watch(h);
    }
    let participationCreated = 0;
    for (const row of [...this.#rows.values()]) {
      if (row.kind !== "meeting" || this.#boundParticipation(row.documentId)) continue;
      if (await this.ensureParticipation(row.documentId as DocumentId)) participationCreated += 1;
    }
    await this.ensureCurrentLedger();
    await this.#r.flush(
      Object.values(this.#r.handles)
        .filter((h) => h.isReady())
        .map((h) => h.documentId),
    );
    return { registered, participationCreated, workspaceMigrated: wsState.kind === "older" };
  }

  /** Registers a document found in storage but not in the registry, by its `docType`. */
  async #classifyStored(documentId: DocumentId, why: string): Promise<void> {
    const inFlight = this.#classifying.get(documentId);
    if (inFlight) return inFlight;
    const task = (async () => {
      const handle = await this.#loadStored(documentId);
      if (!handle || this.#rows.has(documentId)) return;
      const docType = docTypeOf(handle.doc());
      const base = {
        documentId,
        meetingDocumentId: null,
        memberId: null,
        createdByDevice: null,
        reason: null,
      };
      if (docType === "meeting") this.#put({ ...base, kind: "meeting" });
      else if (docType === "participation") this.#put({ ...base, kind: "participation" });
      else if (docType === "consultation") this.#put({ ...base, kind: "consultation" });
      else this.#quarantine(documentId, `unregistered ${docType ?? "untyped"} document (${why})`);
      this.#watch(handle);
    })().finally(() => this.#classifying.delete(documentId));
    this.#classifying.set(documentId, task);
    return task;
  }

  /** A document from the relay's memory or storage; undefined if it is in neither (never asks peers). */
  async #loadStored<T>(documentId: DocumentId): Promise<DocHandle<T> | undefined> {
    const repo = this.#r;
    const inMemory = repo.handles[documentId] as DocHandle<T> | undefined;
    if (inMemory?.isReady()) return inMemory;
    if (!inMemory && !(await this.#storageHas(documentId))) return undefined;
    if (inMemory && !(await this.#storageHas(documentId))) return undefined;
    try {
      const handle = await withTimeout(
        repo.find<T>(documentId, { allowableStates: ["ready", "unavailable"] }),
        this.#loadTimeoutMs,
      );
      return handle.isReady() ? handle : undefined;
    } catch (err) {
      this.#log.warn({ err, documentId }, "document could not be loaded from storage");
      return undefined;
    }
  }

  // ---------------------------------------------------------------- connections

  /**
   * Closes (4403) the sockets of revoked devices and of members who are disabled or no longer in the
   * directory, and records when connected devices were last seen (once a minute).
   * @returns how many sockets were closed
   */
  sweepConnections(): number {
    const network = this.#network;
    if (!network || !this.#directory) return 0;
    const identities = network.identities();
    if (identities.length === 0) return 0;
    const revoked = this.#store.revokedAmong([...new Set(identities.map((i) => i.deviceId))]);
    let closed = 0;
    if (revoked.size > 0)
      closed += network.close((i) => revoked.has(i.deviceId), AccessCloseCode.Forbidden, "device_revoked");
    closed += network.close(
      (i) => this.#dir.subject(i.memberId).disabled,
      AccessCloseCode.Forbidden,
      "member_disabled",
    );
    const now = this.#now();
    if (now - this.#lastSeenFlush >= 60_000) {
      this.#lastSeenFlush = now;
      for (const id of new Set(identities.map((i) => i.deviceId))) this.#store.touchDevice(id, now);
    }
    if (closed > 0) this.#log.info({ closed }, "closed sockets whose access ended");
    return closed;
  }

  /** Re-evaluates sharing soon (coalesced): peers that lost access stop syncing, new ones start. */
  scheduleReevaluate(): void {
    if (this.#reevaluateTimer || this.#stopped) return;
    this.#reevaluateTimer = setTimeout(() => {
      this.#reevaluateTimer = undefined;
      this.#repo?.shareConfigChanged();
    }, this.#reevaluateDelayMs);
    this.#reevaluateTimer.unref();
  }

  // ---------------------------------------------------------------- registry

  #put(row: Omit<DocumentRow, "registeredAt">): void {
    const now = this.#now();
    this.#store.putDocument(row, now);
    const previous = this.#rows.get(row.documentId);
    this.#rows.set(row.documentId, { ...row, registeredAt: previous?.registeredAt ?? now });
  }

  /**
   * The consultation documents this member may read (named in them, their creator, or a manager), as
   * automerge URLs — how a device learns which consultations to sync (`GET /api/consultations`).
   */
  async readableConsultations(memberId: string): Promise<AutomergeUrl[]> {
    const urls: AutomergeUrl[] = [];
    for (const row of [...this.#rows.values()]) {
      if (row.kind !== "consultation") continue;
      if (await this.may(memberId, row.documentId as DocumentId, "read"))
        urls.push(`automerge:${row.documentId}` as AutomergeUrl);
    }
    return urls;
  }

  /** The registry row of a document (for tests and the admin API), or undefined. */
  registryRow(documentId: string): DocumentRow | undefined {
    return this.#rows.get(documentId);
  }
}

function statusOf(row: DocumentRow): DocumentStatus {
  switch (row.kind) {
    case "workspace":
      return { kind: "workspace" };
    case "meeting":
      return { kind: "meeting" };
    case "participation":
      return {
        kind: "participation",
        meetingDocumentId: (row.meetingDocumentId as DocumentId | null) ?? null,
      };
    case "private":
      return { kind: "private", ownerMemberId: row.memberId ?? "" };
    case "consultation":
      return { kind: "consultation", creatorMemberId: row.memberId };
    case "tasks":
      return { kind: "tasks" };
    case "notice":
      return { kind: "notice", meetingDocumentId: (row.meetingDocumentId as DocumentId | null) ?? null };
    case "pending":
      return { kind: "pending", creatorMemberId: row.memberId ?? "" };
    case "quarantined":
      return { kind: "quarantined" };
  }
}

/** Members named in a consultation document and not removed. */
function namedMembersOf(doc: unknown): ReadonlySet<string> {
  const members = (doc as Partial<ConsultationDoc> | undefined)?.members;
  const named = new Set<string>();
  if (!members || typeof members !== "object") return named;
  for (const [key, m] of Object.entries(members)) {
    if (m && typeof m === "object" && !m.removedAt && str(m.memberId) === key) named.add(key);
  }
  return named;
}

/**
 * True when `after` differs from `before` only in `answers` entries under keys `${memberId}:…` (plain
 * JSON of a consultation document before and after a member's changes).
 */
export function onlyOwnAnswersChanged(before: unknown, after: unknown, memberId: string): boolean {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  for (const key of keys) {
    if (key === "answers") continue;
    if (!sameJson(b[key], a[key])) return false;
  }
  const ba = (b.answers ?? {}) as Record<string, unknown>;
  const aa = (a.answers ?? {}) as Record<string, unknown>;
  if (typeof aa !== "object" || aa === null) return false;
  const prefix = `${memberId}:`;
  for (const key of new Set([...Object.keys(ba), ...Object.keys(aa)])) {
    if (key.startsWith(prefix)) continue;
    if (!sameJson(ba[key], aa[key])) return false;
  }
  return true;
}

function sameJson(x: unknown, y: unknown): boolean {
  return JSON.stringify(x) === JSON.stringify(y);
}

function docTypeOf(doc: unknown): string | undefined {
  if (typeof doc !== "object" || doc === null) return undefined;
  return str((doc as { docType?: unknown }).docType as string | undefined);
}

/** The document id of an automerge URL, or undefined for anything else. */
export function documentIdOf(url: string | undefined): DocumentId | undefined {
  if (!url || !isValidAutomergeUrl(url)) return undefined;
  return parseAutomergeUrl(url).documentId;
}

function isDocumentId(id: string): id is DocumentId {
  return isValidAutomergeUrl(`automerge:${id}`);
}

function allChangeHashes(handle: DocHandle<unknown>): string[] {
  return getAllHashes(handle.doc());
}

function getAllHashes(doc: unknown): string[] {
  return getChangesMetaSince(doc as Parameters<typeof getChangesMetaSince>[0], []).map((c) => c.hash);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
