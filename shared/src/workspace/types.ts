import type { WorkspaceRole } from "../access/policy.ts";
import type { MeetingId, WorkspaceId } from "../ids.ts";
import type { UtcInstant } from "../meeting/types.ts";
import type { Imm } from "../schema/immutable.ts";

/**
 * One entry of the workspace's meeting index: where the meeting document is. The meeting document
 * itself is the source of truth for its title, times and status; clients load every listed meeting
 * (which also keeps them synced for offline use).
 */
export interface MeetingIndexEntry {
  meetingId: Imm<MeetingId>;
  /** automerge-repo URL of the meeting document ("automerge:…"). */
  url: Imm;
  addedAt: Imm<UtcInstant>;
  /** Soft removal from the index (the meeting document is kept). */
  removedAt: Imm<UtcInstant> | null;
}

/** A kind of unit (đơn vị): a department (Sở, Phòng, Ban), a ward People's Committee, an office… */
export const UnitKind = {
  Department: "department",
  Ward: "ward",
  Office: "office",
  Other: "other",
} as const;
export type UnitKind = (typeof UnitKind)[keyof typeof UnitKind];
export const UNIT_KINDS: readonly UnitKind[] = Object.values(UnitKind);

/** A member of the workspace's directory (thành viên). Disabled members keep their name in history. */
export interface Member {
  id: Imm;
  fullName: string;
  /** Job title, e.g. "Phó Chủ tịch UBND phường". */
  position: string;
  unitId: Imm | null;
  email: Imm | null;
  phone: Imm | null;
  workspaceRole: Imm<WorkspaceRole>;
  createdAt: Imm<UtcInstant>;
  disabledAt: Imm<UtcInstant> | null;
}

/** A unit (đơn vị, phòng ban) that receives tasks and conclusion notices. */
export interface Unit {
  id: Imm;
  name: string;
  kind: Imm<UnitKind>;
  parentId: Imm | null;
  createdAt: Imm<UtcInstant>;
  disabledAt: Imm<UtcInstant> | null;
}

/** Workspace-wide settings. */
export interface WorkspaceSettings {
  /**
   * Days a device may go without reaching the relay before the app locks meeting data until the member
   * signs in again (a lost tablet that never reconnects). Default 30.
   */
  offlineLockDays: number;
  /**
   * The workspace's reminder rules (issue 9), plain JSON read with `parseReminderRules`; absent = the
   * defaults. Written by admins only (settings are part of the directory the relay guards).
   */
  reminderRules?: unknown;
  /** The working calendar's settings (`calendarSettingsSchema`); absent = the Vietnamese defaults. */
  calendar?: unknown;
}

/**
 * Where one task ledger is (sổ theo dõi nhiệm vụ). The ledger is split by calendar year
 * (Asia/Ho_Chi_Minh) so that no single document grows without bound: Automerge loads a 20,000-task
 * document in seconds, and a year of a body's tasks stays well below that. A task stays in the ledger
 * of the year it was assigned. Written by the relay (which creates each ledger), never by two peers.
 */
export interface LedgerPointer {
  year: number;
  /** automerge URL of the ledger document. */
  url: Imm;
  createdAt: Imm<UtcInstant>;
}

/**
 * Where one issued conclusion notice (thông báo kết luận) is. The relay creates the notice document
 * when the chair issues a meeting's conclusion and lists it here; members of the units it is addressed
 * to (and the meeting's readers) may open it.
 */
export interface NoticePointer {
  /** automerge URL of the notice document. */
  url: Imm;
  meetingId: Imm<MeetingId>;
  issuedAt: Imm<UtcInstant>;
}

/**
 * The workspace document (one per body: a People's Committee, a Council, a department), schema v3.
 * Indexes the meetings and holds the directory (members, units, workspace roles) and settings.
 * v2 added `members`, `units` and `settings` (migration "v2-directory"); v3 added `ledgers` and
 * `notices` (migration "v3-ledgers-and-notices").
 */
export interface WorkspaceDoc {
  schemaVersion: number;
  docType: Imm<"workspace">;
  id: Imm<WorkspaceId>;
  name: string;
  meetings: Record<string, MeetingIndexEntry>;
  members: Record<string, Member>;
  units: Record<string, Unit>;
  settings: WorkspaceSettings;
  /** Task ledgers by year ("2026"); v3. */
  ledgers: Record<string, LedgerPointer>;
  /** Issued conclusion notices by notice document id; v3. */
  notices: Record<string, NoticePointer>;
  createdAt: Imm<UtcInstant>;
}
