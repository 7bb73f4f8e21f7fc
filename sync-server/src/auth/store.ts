/**
 * The relay's own state in SQLite (DATA_DIR/relay.sqlite, WAL): devices and their hashed credentials,
 * invitations (hashed codes), the document registry (what kind each document is, which meeting a
 * participation document belongs to, whose private document is whose, what is quarantined) and the
 * audit log of accepted changes. Members, units and roles are not here: they live in the workspace
 * document (shared/src/workspace), which syncs to every device.
 *
 * All times are milliseconds since the Unix epoch. Every write is one statement or one transaction.
 */
import { chmodSync, existsSync } from "node:fs";
import Database from "better-sqlite3";

/** The schema version this code writes; older databases are migrated forward on open. */
export const STORE_SCHEMA_VERSION = 4;

/** Ordered schema steps; index i brings the database from version i to i + 1. */
const SCHEMA_STEPS: readonly string[] = [
  `
  CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL,
    name TEXT NOT NULL,
    public_key_jwk TEXT NOT NULL,
    credential_hash BLOB NOT NULL UNIQUE,
    invitation_id TEXT,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER,
    credential_rotated_at INTEGER,
    revoked_at INTEGER,
    revoked_by TEXT
  );
  CREATE INDEX devices_member ON devices(member_id);

  CREATE TABLE invitations (
    id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL,
    code_hash BLOB NOT NULL UNIQUE,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    used_by_device TEXT,
    revoked_at INTEGER
  );
  CREATE INDEX invitations_member ON invitations(member_id);

  CREATE TABLE documents (
    document_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('workspace','meeting','participation','private','pending','quarantined')),
    meeting_document_id TEXT,
    member_id TEXT,
    created_by_device TEXT,
    reason TEXT,
    registered_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX documents_private_owner ON documents(member_id) WHERE kind = 'private';
  CREATE INDEX documents_meeting ON documents(meeting_document_id) WHERE meeting_document_id IS NOT NULL;

  CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL,
    change_hash TEXT NOT NULL,
    member_id TEXT,
    device_id TEXT,
    origin TEXT NOT NULL CHECK (origin IN ('device','relay','admin')),
    received_at INTEGER NOT NULL,
    UNIQUE (document_id, change_hash)
  );
  `,
  // 2: written consultations are documents of their own kind. SQLite cannot change a CHECK constraint,
  // so the registry table is rebuilt with the same rows.
  `
  CREATE TABLE documents_v2 (
    document_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('workspace','meeting','participation','private','consultation','pending','quarantined')),
    meeting_document_id TEXT,
    member_id TEXT,
    created_by_device TEXT,
    reason TEXT,
    registered_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  INSERT INTO documents_v2 (document_id, kind, meeting_document_id, member_id, created_by_device, reason, registered_at, updated_at)
    SELECT document_id, kind, meeting_document_id, member_id, created_by_device, reason, registered_at, updated_at FROM documents;
  DROP TABLE documents;
  ALTER TABLE documents_v2 RENAME TO documents;
  CREATE UNIQUE INDEX documents_private_owner ON documents(member_id) WHERE kind = 'private';
  CREATE INDEX documents_meeting ON documents(meeting_document_id) WHERE meeting_document_id IS NOT NULL;
  `,
  // 3: task ledgers ("tasks") and issued conclusion notices ("notice"); the table is rebuilt again.
  `
  CREATE TABLE documents_v3 (
    document_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('workspace','meeting','participation','private','consultation','tasks','notice','pending','quarantined')),
    meeting_document_id TEXT,
    member_id TEXT,
    created_by_device TEXT,
    reason TEXT,
    registered_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  INSERT INTO documents_v3 (document_id, kind, meeting_document_id, member_id, created_by_device, reason, registered_at, updated_at)
    SELECT document_id, kind, meeting_document_id, member_id, created_by_device, reason, registered_at, updated_at FROM documents;
  DROP TABLE documents;
  ALTER TABLE documents_v3 RENAME TO documents;
  CREATE UNIQUE INDEX documents_private_owner ON documents(member_id) WHERE kind = 'private';
  CREATE INDEX documents_meeting ON documents(meeting_document_id) WHERE meeting_document_id IS NOT NULL;
  `,
  // 4: each member's secret task-feed (ICS) link: only the SHA-256 of its token is kept.
  `
  CREATE TABLE IF NOT EXISTS task_feeds (
    member_id TEXT PRIMARY KEY,
    token_hash BLOB NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
  );
  `,
];

/** A registered device. `credentialHash` is SHA-256 of the credential; the credential is never kept. */
export interface DeviceRow {
  readonly id: string;
  readonly memberId: string;
  readonly name: string;
  readonly publicKeyJwk: string;
  readonly invitationId: string | null;
  readonly createdAt: number;
  readonly lastSeenAt: number | null;
  readonly credentialRotatedAt: number | null;
  readonly revokedAt: number | null;
  /** Who revoked it: "self" (the member signed it out), "admin", or another device's id. */
  readonly revokedBy: string | null;
}

/** An invitation. The code is never kept, only its hash. */
export interface InvitationRow {
  readonly id: string;
  readonly memberId: string;
  /** "admin" (CLI/admin API) or "demo". */
  readonly createdBy: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly usedAt: number | null;
  readonly usedByDevice: string | null;
  readonly revokedAt: number | null;
}

/** Kinds in the document registry ("pending": pushed by a manager, not yet recognisable). */
export type RegisteredKind =
  | "workspace"
  | "meeting"
  | "participation"
  | "private"
  | "consultation"
  | "tasks"
  | "notice"
  | "pending"
  | "quarantined";

/** A row of the document registry. */
export interface DocumentRow {
  readonly documentId: string;
  readonly kind: RegisteredKind;
  /** participation: the meeting document it belongs to (null until a meeting links it). */
  readonly meetingDocumentId: string | null;
  /** private: its member; pending and consultation: the member who pushed it (null if unknown). */
  readonly memberId: string | null;
  readonly createdByDevice: string | null;
  /** quarantined: why. */
  readonly reason: string | null;
  readonly registeredAt: number;
}

/** Who delivered a change: a device, the relay itself (migrations) or the admin API. */
export type AuditOrigin = "device" | "relay" | "admin";

/** One audit entry. */
export interface AuditRow {
  readonly id: number;
  readonly documentId: string;
  readonly changeHash: string;
  readonly memberId: string | null;
  readonly deviceId: string | null;
  readonly origin: AuditOrigin;
  readonly receivedAt: number;
}

interface RawDevice {
  id: string;
  member_id: string;
  name: string;
  public_key_jwk: string;
  invitation_id: string | null;
  created_at: number;
  last_seen_at: number | null;
  credential_rotated_at: number | null;
  revoked_at: number | null;
  revoked_by: string | null;
}

interface RawInvitation {
  id: string;
  member_id: string;
  created_by: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  used_by_device: string | null;
  revoked_at: number | null;
}

interface RawDocument {
  document_id: string;
  kind: RegisteredKind;
  meeting_document_id: string | null;
  member_id: string | null;
  created_by_device: string | null;
  reason: string | null;
  registered_at: number;
}

interface RawAudit {
  id: number;
  document_id: string;
  change_hash: string;
  member_id: string | null;
  device_id: string | null;
  origin: AuditOrigin;
  received_at: number;
}

const DEVICE_COLUMNS =
  "id, member_id, name, public_key_jwk, invitation_id, created_at, last_seen_at, credential_rotated_at, revoked_at, revoked_by";
const INVITATION_COLUMNS =
  "id, member_id, created_by, created_at, expires_at, used_at, used_by_device, revoked_at";
const DOCUMENT_COLUMNS =
  "document_id, kind, meeting_document_id, member_id, created_by_device, reason, registered_at";

function toDevice(r: RawDevice): DeviceRow {
  return {
    id: r.id,
    memberId: r.member_id,
    name: r.name,
    publicKeyJwk: r.public_key_jwk,
    invitationId: r.invitation_id,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    credentialRotatedAt: r.credential_rotated_at,
    revokedAt: r.revoked_at,
    revokedBy: r.revoked_by,
  };
}

function toInvitation(r: RawInvitation): InvitationRow {
  return {
    id: r.id,
    memberId: r.member_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    usedAt: r.used_at,
    usedByDevice: r.used_by_device,
    revokedAt: r.revoked_at,
  };
}

function toDocument(r: RawDocument): DocumentRow {
  return {
    documentId: r.document_id,
    kind: r.kind,
    meetingDocumentId: r.meeting_document_id,
    memberId: r.member_id,
    createdByDevice: r.created_by_device,
    reason: r.reason,
    registeredAt: r.registered_at,
  };
}

function toAudit(r: RawAudit): AuditRow {
  return {
    id: r.id,
    documentId: r.document_id,
    changeHash: r.change_hash,
    memberId: r.member_id,
    deviceId: r.device_id,
    origin: r.origin,
    receivedAt: r.received_at,
  };
}

/** Thrown when the database was written by a newer relay than this one. */
export class StoreVersionError extends Error {
  constructor(found: number) {
    super(
      `relay.sqlite has schema version ${found}, newer than this relay knows (${STORE_SCHEMA_VERSION}); update the relay`,
    );
    this.name = "StoreVersionError";
  }
}

/**
 * The relay's SQLite store. Synchronous (better-sqlite3): every method runs to completion before it
 * returns, so no two requests interleave inside one.
 */
export class RelayStore {
  readonly #db: Database.Database;

  private constructor(db: Database.Database) {
    this.#db = db;
  }

  /**
   * Opens (creating if needed) the database at `file` with WAL journaling, brings its schema up to
   * {@link STORE_SCHEMA_VERSION} and restricts the file to its owner (0600).
   * @param file a path, or ":memory:" for tests
   * @throws StoreVersionError for a database from a newer relay; SQLite errors (corrupt file, EACCES)
   */
  static open(file: string): RelayStore {
    const db = new Database(file);
    try {
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      db.pragma("foreign_keys = ON");
      db.pragma("busy_timeout = 5000");
      migrateSchema(db);
    } catch (err) {
      db.close();
      throw err;
    }
    if (file !== ":memory:") {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
    }
    return new RelayStore(db);
  }

  /** The schema version on disk. */
  schemaVersion(): number {
    return readVersion(this.#db);
  }

  /** Closes the database (idempotent). */
  close(): void {
    if (this.#db.open) this.#db.close();
  }

  // ---- devices ----

  /** Inserts a device. @throws on a duplicate id or credential hash */
  insertDevice(
    device: Omit<DeviceRow, "lastSeenAt" | "credentialRotatedAt" | "revokedAt" | "revokedBy">,
    credentialHash: Buffer,
  ): void {
    this.#db
      .prepare(
        `INSERT INTO devices (id, member_id, name, public_key_jwk, credential_hash, invitation_id, created_at, last_seen_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        device.id,
        device.memberId,
        device.name,
        device.publicKeyJwk,
        credentialHash,
        device.invitationId,
        device.createdAt,
        device.createdAt,
      );
  }

  /** The device whose credential hashes to `hash` (revoked ones included), or undefined. */
  deviceByCredentialHash(hash: Buffer): DeviceRow | undefined {
    const row = this.#db
      .prepare(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE credential_hash = ?`)
      .get(hash) as RawDevice | undefined;
    return row && toDevice(row);
  }

  /** One device by id, or undefined. */
  deviceById(id: string): DeviceRow | undefined {
    const row = this.#db.prepare(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE id = ?`).get(id) as
      | RawDevice
      | undefined;
    return row && toDevice(row);
  }

  /** A member's devices, oldest first (revoked ones included). */
  devicesOfMember(memberId: string): DeviceRow[] {
    return (
      this.#db
        .prepare(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE member_id = ? ORDER BY created_at, id`)
        .all(memberId) as RawDevice[]
    ).map(toDevice);
  }

  /** Every device, oldest first (revoked ones included): the source of the published key directory. */
  allDevices(): DeviceRow[] {
    return (
      this.#db.prepare(`SELECT ${DEVICE_COLUMNS} FROM devices ORDER BY created_at, id`).all() as RawDevice[]
    ).map(toDevice);
  }

  /** Ids of every revoked device among `ids`. */
  revokedAmong(ids: readonly string[]): Set<string> {
    const revoked = new Set<string>();
    const stmt = this.#db.prepare("SELECT revoked_at FROM devices WHERE id = ?");
    for (const id of ids) {
      const row = stmt.get(id) as { revoked_at: number | null } | undefined;
      if (!row || row.revoked_at !== null) revoked.add(id);
    }
    return revoked;
  }

  /** Number of devices per member that are not revoked. */
  activeDeviceCounts(): Map<string, number> {
    const rows = this.#db
      .prepare("SELECT member_id, COUNT(*) AS n FROM devices WHERE revoked_at IS NULL GROUP BY member_id")
      .all() as { member_id: string; n: number }[];
    return new Map(rows.map((r) => [r.member_id, r.n]));
  }

  /** Revokes a device. @returns false if it does not exist or was already revoked */
  revokeDevice(id: string, now: number, by: string): boolean {
    return (
      this.#db
        .prepare("UPDATE devices SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL")
        .run(now, by, id).changes === 1
    );
  }

  /** Replaces a device's credential hash (the old credential stops working). @returns false if revoked/unknown */
  rotateCredential(id: string, hash: Buffer, now: number): boolean {
    return (
      this.#db
        .prepare(
          "UPDATE devices SET credential_hash = ?, credential_rotated_at = ? WHERE id = ? AND revoked_at IS NULL",
        )
        .run(hash, now, id).changes === 1
    );
  }

  /** Records that a device was seen (authenticated) at `now`. */
  touchDevice(id: string, now: number): void {
    this.#db.prepare("UPDATE devices SET last_seen_at = ? WHERE id = ?").run(now, id);
  }

  // ---- invitations ----

  /** Inserts an invitation. @throws on a duplicate id or code hash (regenerate the code) */
  insertInvitation(
    invitation: Omit<InvitationRow, "usedAt" | "usedByDevice" | "revokedAt">,
    codeHash: Buffer,
  ): void {
    this.#db
      .prepare(
        `INSERT INTO invitations (id, member_id, code_hash, created_by, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(
        invitation.id,
        invitation.memberId,
        codeHash,
        invitation.createdBy,
        invitation.createdAt,
        invitation.expiresAt,
      );
  }

  /** The invitation whose code hashes to `hash`, or undefined. */
  invitationByCodeHash(hash: Buffer): InvitationRow | undefined {
    const row = this.#db
      .prepare(`SELECT ${INVITATION_COLUMNS} FROM invitations WHERE code_hash = ?`)
      .get(hash) as RawInvitation | undefined;
    return row && toInvitation(row);
  }

  /** A member's invitations, newest first. */
  invitationsOfMember(memberId: string): InvitationRow[] {
    return (
      this.#db
        .prepare(`SELECT ${INVITATION_COLUMNS} FROM invitations WHERE member_id = ? ORDER BY created_at DESC`)
        .all(memberId) as RawInvitation[]
    ).map(toInvitation);
  }

  /**
   * Redeems an invitation and registers the device in one transaction: the invitation is marked used
   * only if it is still unused, unrevoked and unexpired at `now`, so two concurrent redemptions of one
   * code cannot both succeed.
   * @returns false if the invitation was no longer redeemable (nothing is written)
   */
  redeemInvitation(
    invitationId: string,
    now: number,
    device: Omit<DeviceRow, "lastSeenAt" | "credentialRotatedAt" | "revokedAt" | "revokedBy">,
    credentialHash: Buffer,
  ): boolean {
    return this.#db.transaction(() => {
      const claimed = this.#db
        .prepare(
          `UPDATE invitations SET used_at = ?, used_by_device = ?
           WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?`,
        )
        .run(now, device.id, invitationId, now).changes;
      if (claimed !== 1) return false;
      this.insertDevice(device, credentialHash);
      return true;
    })();
  }

  /** Revokes every unused invitation created by `createdBy` (e.g. "demo"). @returns how many */
  revokeUnusedInvitations(createdBy: string, now: number): number {
    return this.#db
      .prepare(
        "UPDATE invitations SET revoked_at = ? WHERE created_by = ? AND used_at IS NULL AND revoked_at IS NULL",
      )
      .run(now, createdBy).changes;
  }

  // ---- document registry ----

  /** Every registry row (loaded once at start into the access controller's cache). */
  allDocuments(): DocumentRow[] {
    return (this.#db.prepare(`SELECT ${DOCUMENT_COLUMNS} FROM documents`).all() as RawDocument[]).map(
      toDocument,
    );
  }

  /** One registry row, or undefined. */
  documentById(documentId: string): DocumentRow | undefined {
    const row = this.#db
      .prepare(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE document_id = ?`)
      .get(documentId) as RawDocument | undefined;
    return row && toDocument(row);
  }

  /**
   * Inserts or replaces a registry row (a pending document becoming a meeting, a document being
   * quarantined). The kind of a classified document never changes except to "quarantined".
   */
  putDocument(row: Omit<DocumentRow, "registeredAt">, now: number): void {
    this.#db
      .prepare(
        `INSERT INTO documents (document_id, kind, meeting_document_id, member_id, created_by_device, reason, registered_at, updated_at)
         VALUES (@documentId, @kind, @meetingDocumentId, @memberId, @createdByDevice, @reason, @now, @now)
         ON CONFLICT(document_id) DO UPDATE SET kind = excluded.kind,
           meeting_document_id = excluded.meeting_document_id, member_id = excluded.member_id,
           reason = excluded.reason, updated_at = excluded.updated_at`,
      )
      .run({ ...row, now });
  }

  /** The private document of a member, or undefined. */
  privateDocumentOf(memberId: string): DocumentRow | undefined {
    const row = this.#db
      .prepare(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE kind = 'private' AND member_id = ?`)
      .get(memberId) as RawDocument | undefined;
    return row && toDocument(row);
  }

  // ---- task feeds ----

  /** Sets (or replaces) a member's task-feed token hash (SHA-256 of the secret in the feed URL). */
  setTaskFeed(memberId: string, tokenHash: Buffer, now: number): void {
    this.#db
      .prepare(
        `INSERT INTO task_feeds (member_id, token_hash, created_at) VALUES (?, ?, ?)
         ON CONFLICT(member_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`,
      )
      .run(memberId, tokenHash, now);
  }

  /** Revokes a member's task feed. @returns whether there was one */
  deleteTaskFeed(memberId: string): boolean {
    return this.#db.prepare("DELETE FROM task_feeds WHERE member_id = ?").run(memberId).changes > 0;
  }

  /** The member a task-feed token hash belongs to, or undefined. */
  taskFeedMember(tokenHash: Buffer): { memberId: string; createdAt: number } | undefined {
    const row = this.#db
      .prepare("SELECT member_id, created_at FROM task_feeds WHERE token_hash = ?")
      .get(tokenHash) as { member_id: string; created_at: number } | undefined;
    return row && { memberId: row.member_id, createdAt: row.created_at };
  }

  /** Whether the member has a task feed, and since when (ms), or undefined. */
  taskFeedOf(memberId: string): { createdAt: number } | undefined {
    const row = this.#db.prepare("SELECT created_at FROM task_feeds WHERE member_id = ?").get(memberId) as
      | { created_at: number }
      | undefined;
    return row && { createdAt: row.created_at };
  }

  // ---- audit ----

  /**
   * Records changes a document received. A change already recorded for the document keeps its first
   * entry (the device that delivered it first).
   * @returns how many entries were new
   */
  recordAudit(
    documentId: string,
    changeHashes: readonly string[],
    who: { memberId: string | null; deviceId: string | null; origin: AuditOrigin },
    now: number,
  ): number {
    if (changeHashes.length === 0) return 0;
    const stmt = this.#db.prepare(
      `INSERT OR IGNORE INTO audit (document_id, change_hash, member_id, device_id, origin, received_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    return this.#db.transaction(() => {
      let added = 0;
      for (const hash of changeHashes) {
        added += stmt.run(documentId, hash, who.memberId, who.deviceId, who.origin, now).changes;
      }
      return added;
    })();
  }

  /**
   * A document's audit entries, newest first.
   * @param limit at most this many
   * @param beforeId only entries with an id below this (the cursor from the previous page)
   */
  auditOf(documentId: string, limit: number, beforeId?: number): AuditRow[] {
    const rows =
      beforeId === undefined
        ? this.#db
            .prepare("SELECT * FROM audit WHERE document_id = ? ORDER BY id DESC LIMIT ?")
            .all(documentId, limit)
        : this.#db
            .prepare("SELECT * FROM audit WHERE document_id = ? AND id < ? ORDER BY id DESC LIMIT ?")
            .all(documentId, beforeId, limit);
    return (rows as RawAudit[]).map(toAudit);
  }
}

function readVersion(db: Database.Database): number {
  const row = db.prepare("SELECT version FROM schema_version").get() as { version: number } | undefined;
  return row?.version ?? 0;
}

function migrateSchema(db: Database.Database): void {
  db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  const current = readVersion(db);
  if (current > STORE_SCHEMA_VERSION) throw new StoreVersionError(current);
  for (let v = current; v < SCHEMA_STEPS.length; v++) {
    db.transaction(() => {
      db.exec(SCHEMA_STEPS[v]!);
      db.prepare("DELETE FROM schema_version").run();
      db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(v + 1);
    })();
  }
}
