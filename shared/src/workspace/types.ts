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

/**
 * The workspace document (one per body: a People's Committee, a Council, a department), schema v1.
 * Indexes the meetings; the directory (members, units) and the task ledger pointer join it later.
 */
export interface WorkspaceDoc {
  schemaVersion: number;
  docType: Imm<"workspace">;
  id: Imm<WorkspaceId>;
  name: string;
  meetings: Record<string, MeetingIndexEntry>;
  createdAt: Imm<UtcInstant>;
}
