import type { MeetingRole } from "../meeting/types.ts";

/** A member's role in the whole workspace (GLOSSARY.md): quản trị, thư ký, thành viên, khách. */
export const WorkspaceRole = {
  Admin: "admin",
  Secretary: "secretary",
  Member: "member",
  Observer: "observer",
} as const;
export type WorkspaceRole = (typeof WorkspaceRole)[keyof typeof WorkspaceRole];
export const WORKSPACE_ROLES: readonly WorkspaceRole[] = Object.values(WorkspaceRole);

/**
 * The kinds of document, one per unit of collaboration and of permission (ARCHITECTURE.md): every
 * permission boundary is a document boundary.
 */
export const DocKind = {
  Workspace: "workspace",
  Meeting: "meeting",
  Participation: "participation",
  Private: "private",
  /** A written consultation (phiếu lấy ý kiến): read by its named members and the managers. */
  Consultation: "consultation",
  /** The task ledger (sổ theo dõi nhiệm vụ), one per workspace and year (issue 8). */
  Tasks: "tasks",
  /** An issued conclusion notice (thông báo kết luận) sent to units (issue 8). */
  Notice: "notice",
} as const;
export type DocKind = (typeof DocKind)[keyof typeof DocKind];
export const DOC_KINDS: readonly DocKind[] = Object.values(DocKind);

/** Who is asking: the member behind an authenticated device. */
export interface AccessSubject {
  readonly memberId: string;
  readonly workspaceRole: WorkspaceRole;
  /** A disabled member (or one missing from the directory) may do nothing. */
  readonly disabled: boolean;
}

/**
 * What the relay knows about a document to decide access. For meeting and participation documents,
 * `meetingRoles` maps member ids to their role in that meeting (from the meeting document's
 * participants). For a private document, `ownerMemberId` is its member.
 */
export type DocAcl =
  | { readonly kind: "workspace" }
  | { readonly kind: "meeting" | "participation"; readonly meetingRoles: ReadonlyMap<string, MeetingRole> }
  | { readonly kind: "private"; readonly ownerMemberId: string }
  | {
      readonly kind: "consultation";
      /** Members the consultation is sent to (not removed), from its `members`. */
      readonly namedMemberIds: ReadonlySet<string>;
      /** The member whose device created it (the relay's registry), or null. */
      readonly creatorMemberId: string | null;
    }
  | { readonly kind: "tasks" }
  | {
      readonly kind: "notice";
      /** The meeting's participants (they read the notice like the meeting). */
      readonly meetingRoles: ReadonlyMap<string, MeetingRole>;
      /** Members of the units the notice is sent to (from the directory). */
      readonly recipientMemberIds: ReadonlySet<string>;
    };

/** Read or write. The relay checks read for every message and write for every message with changes. */
export type AccessMode = "read" | "write";

const MANAGERS: ReadonlySet<WorkspaceRole> = new Set([WorkspaceRole.Admin, WorkspaceRole.Secretary]);
const MEETING_EDITORS: ReadonlySet<MeetingRole> = new Set(["chair", "secretary"]);
const MEETING_WRITERS: ReadonlySet<MeetingRole> = new Set(["chair", "secretary", "participant"]);

/**
 * The permission table (role × document kind × read/write). The relay enforces it; the UI only
 * mirrors it. Inside the task ledger, who may write which task event (the assigner edits, the lead
 * reports…) is checked per change by `ledgerWriteViolations` (shared/src/tasks/permissions.ts).
 *
 * | document      | read                                              | write                                           |
 * |---------------|---------------------------------------------------|-------------------------------------------------|
 * | workspace     | every enabled member (observers too)              | workspace admins and secretaries                |
 * | meeting       | its participants (any role) + ws admins/secretaries | its chair and secretaries + ws admins/secretaries |
 * | participation | as meeting                                         | its chair, secretaries, participants (not observers) + ws admins/secretaries |
 * | private       | its member only                                    | its member only                                 |
 * | consultation  | its named members + its creator + ws admins/secretaries | named members (own answer entries only) + its creator + ws admins/secretaries |
 * | tasks         | every enabled member (observers too)              | every enabled member except observers           |
 * | notice        | the meeting's participants + members of its recipient units + ws admins/secretaries | the same readers (their own read receipt only) |
 *
 * A disabled member can do nothing. Per-entry ownership inside the participation document (each
 * member writes only their own votes and opinions) is proven by device signatures, not by this table.
 * In a consultation document a named member who is not a manager may write only their own answer
 * entries (keys `${memberId}:…` of `answers`): the relay checks that per change
 * ({@link consultationWriteScope}).
 */
export function isAllowed(subject: AccessSubject, acl: DocAcl, mode: AccessMode): boolean {
  if (subject.disabled) return false;
  const manager = MANAGERS.has(subject.workspaceRole);
  switch (acl.kind) {
    case "workspace":
      return mode === "read" || manager;
    case "private":
      return acl.ownerMemberId === subject.memberId;
    case "consultation":
      return manager || acl.creatorMemberId === subject.memberId || acl.namedMemberIds.has(subject.memberId);
    case "tasks":
      return mode === "read" || subject.workspaceRole !== WorkspaceRole.Observer;
    case "notice":
      return (
        manager || acl.meetingRoles.has(subject.memberId) || acl.recipientMemberIds.has(subject.memberId)
      );
    case "meeting":
    case "participation": {
      if (manager) return true;
      const role = acl.meetingRoles.get(subject.memberId);
      if (role === undefined) return false;
      if (mode === "read") return true;
      return acl.kind === "meeting" ? MEETING_EDITORS.has(role) : MEETING_WRITERS.has(role);
    }
  }
}

/** Whether a member may create new meetings (and so push a new meeting document to the relay). */
export function canCreateMeetings(subject: AccessSubject): boolean {
  return !subject.disabled && MANAGERS.has(subject.workspaceRole);
}

/**
 * What a member may change in a consultation document they may write: everything (its creator and the
 * workspace's admins and secretaries write the definition), or only their own answer entries (a named
 * member: keys `${memberId}:…` of `answers`, see shared/src/meeting-run/entries.ts).
 */
export function consultationWriteScope(
  subject: AccessSubject,
  acl: Extract<DocAcl, { kind: "consultation" }>,
): "definition" | "own_answers" | "none" {
  if (subject.disabled) return "none";
  if (MANAGERS.has(subject.workspaceRole) || acl.creatorMemberId === subject.memberId) return "definition";
  return acl.namedMemberIds.has(subject.memberId) ? "own_answers" : "none";
}
