/**
 * The secret ballot box (DATA_DIR/ballots.sqlite): per motion, a count per choice and the set of members
 * who voted — two tables with nothing linking a member to a choice.
 *
 * What keeps the link out of the stored data:
 * - one transaction per ballot updates a count and adds a voter; no row records a ballot as such;
 * - every choice's count row is created when the box is opened, so no row's existence or order reveals
 *   the first voter's choice;
 * - both tables are WITHOUT ROWID, kept in key order (member id), not in the order ballots arrived;
 * - the rollback journal (journal_mode DELETE) is removed after each commit, and `secure_delete` zeroes
 *   freed content, so no earlier version of a count page lingers in a WAL file beside the voter rows;
 * - nothing here logs, and the relay logs neither a ballot's choice nor its member.
 * It does not protect against someone watching the relay's memory or disk live while ballots arrive;
 * that is the trade-off of counting on a server (README "Secret ballots").
 */
import { chmodSync, existsSync } from "node:fs";
import Database from "better-sqlite3";

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS ballot_boxes (
    meeting_document_id TEXT NOT NULL,
    motion_id TEXT NOT NULL,
    sealed_at INTEGER,
    PRIMARY KEY (meeting_document_id, motion_id)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS ballot_counts (
    meeting_document_id TEXT NOT NULL,
    motion_id TEXT NOT NULL,
    choice_id TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (meeting_document_id, motion_id, choice_id)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS ballot_voters (
    meeting_document_id TEXT NOT NULL,
    motion_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    PRIMARY KEY (meeting_document_id, motion_id, member_id)
  ) WITHOUT ROWID;
`;

/** A ballot box's state: counts by choice id and who voted (sorted). */
export interface BallotBox {
  readonly counts: Record<string, number>;
  readonly voters: string[];
  readonly sealedAt: number | null;
}

/** Outcome of putting a ballot in the box. */
export type CastOutcome = "cast" | "already_voted" | "sealed";

export class BallotStore {
  readonly #db: Database.Database;

  private constructor(db: Database.Database) {
    this.#db = db;
  }

  /**
   * Opens (creating) the ballot database, owner-only (0600).
   * @param file a path, or ":memory:" for tests
   */
  static open(file: string): BallotStore {
    const db = new Database(file);
    try {
      db.pragma("journal_mode = DELETE");
      db.pragma("secure_delete = ON");
      db.pragma("synchronous = FULL");
      db.pragma("busy_timeout = 5000");
      db.exec(SCHEMA);
    } catch (err) {
      db.close();
      throw err;
    }
    if (file !== ":memory:" && existsSync(file)) chmodSync(file, 0o600);
    return new BallotStore(db);
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }

  /**
   * Puts one ballot in a motion's box (opening the box with every choice at 0 the first time), in one
   * transaction: the member joins the voters and the choice's count goes up by one.
   * @returns "already_voted" (nothing changes) when the member voted before, "sealed" after the close
   */
  cast(
    meetingDocumentId: string,
    motionId: string,
    choiceIds: readonly string[],
    memberId: string,
    choiceId: string,
  ): CastOutcome {
    return this.#db.transaction((): CastOutcome => {
      this.#open(meetingDocumentId, motionId, choiceIds);
      const box = this.#db
        .prepare("SELECT sealed_at FROM ballot_boxes WHERE meeting_document_id = ? AND motion_id = ?")
        .get(meetingDocumentId, motionId) as { sealed_at: number | null };
      if (box.sealed_at !== null) return "sealed";
      const added = this.#db
        .prepare(
          "INSERT OR IGNORE INTO ballot_voters (meeting_document_id, motion_id, member_id) VALUES (?, ?, ?)",
        )
        .run(meetingDocumentId, motionId, memberId);
      if (added.changes === 0) return "already_voted";
      this.#db
        .prepare(
          "UPDATE ballot_counts SET count = count + 1 WHERE meeting_document_id = ? AND motion_id = ? AND choice_id = ?",
        )
        .run(meetingDocumentId, motionId, choiceId);
      return "cast";
    })();
  }

  #open(meetingDocumentId: string, motionId: string, choiceIds: readonly string[]): void {
    const created = this.#db
      .prepare(
        "INSERT OR IGNORE INTO ballot_boxes (meeting_document_id, motion_id, sealed_at) VALUES (?, ?, NULL)",
      )
      .run(meetingDocumentId, motionId);
    if (created.changes === 0) return;
    const insert = this.#db.prepare(
      "INSERT OR IGNORE INTO ballot_counts (meeting_document_id, motion_id, choice_id, count) VALUES (?, ?, ?, 0)",
    );
    for (const choiceId of choiceIds) insert.run(meetingDocumentId, motionId, choiceId);
  }

  /** Seals a box (no ballot after this) and returns its final state; opens an empty one if none was cast. */
  seal(meetingDocumentId: string, motionId: string, choiceIds: readonly string[], now: number): BallotBox {
    return this.#db.transaction(() => {
      this.#open(meetingDocumentId, motionId, choiceIds);
      this.#db
        .prepare(
          "UPDATE ballot_boxes SET sealed_at = ? WHERE meeting_document_id = ? AND motion_id = ? AND sealed_at IS NULL",
        )
        .run(now, meetingDocumentId, motionId);
      return this.box(meetingDocumentId, motionId)!;
    })();
  }

  /** A box's counts and voters, or undefined when nobody has voted and it was never sealed. */
  box(meetingDocumentId: string, motionId: string): BallotBox | undefined {
    const row = this.#db
      .prepare("SELECT sealed_at FROM ballot_boxes WHERE meeting_document_id = ? AND motion_id = ?")
      .get(meetingDocumentId, motionId) as { sealed_at: number | null } | undefined;
    if (!row) return undefined;
    const counts: Record<string, number> = {};
    for (const c of this.#db
      .prepare("SELECT choice_id, count FROM ballot_counts WHERE meeting_document_id = ? AND motion_id = ?")
      .all(meetingDocumentId, motionId) as { choice_id: string; count: number }[])
      counts[c.choice_id] = c.count;
    const voters = (
      this.#db
        .prepare(
          "SELECT member_id FROM ballot_voters WHERE meeting_document_id = ? AND motion_id = ? ORDER BY member_id",
        )
        .all(meetingDocumentId, motionId) as { member_id: string }[]
    ).map((v) => v.member_id);
    return { counts, voters, sealedAt: row.sealed_at };
  }

  /** Whether a member has a ballot in a box. */
  hasVoted(meetingDocumentId: string, motionId: string, memberId: string): boolean {
    return (
      this.#db
        .prepare(
          "SELECT 1 FROM ballot_voters WHERE meeting_document_id = ? AND motion_id = ? AND member_id = ?",
        )
        .get(meetingDocumentId, motionId, memberId) !== undefined
    );
  }
}
