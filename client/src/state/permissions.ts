import { type Accessor, createMemo, createRoot } from "solid-js";
import {
  type AccessSubject,
  accessSubjectOf,
  canCreateMeetings,
  type DocAcl,
  isAllowed,
  type MeetingRole,
  type MemberView,
  memberView,
  type ParticipantView,
} from "../../../shared/src/index.ts";
import { currentSession } from "./session.ts";
import { workspaceDoc } from "./workspace.ts";

/**
 * What the signed-in member may do, mirrored from shared `isAllowed` so the UI offers only what the
 * relay would accept. The relay enforces it anyway (it strips changes from members without write
 * permission): hiding a button here is courtesy, not security.
 */

/** Meeting roles by member id from a meeting's participants (as shared `meetingRolesByMember`). */
export function meetingRolesOf(participants: readonly ParticipantView[]): Map<string, MeetingRole> {
  const roles = new Map<string, MeetingRole>();
  for (const p of participants) if (p.memberId && !p.removedAt) roles.set(p.memberId, p.role);
  return roles;
}

/** The ACL of a meeting document from its participants. */
export function meetingAcl(participants: readonly ParticipantView[]): DocAcl {
  return { kind: "meeting", meetingRoles: meetingRolesOf(participants) };
}

/** Whether `subject` may edit a meeting with these participants. */
export function canEditMeeting(
  subject: AccessSubject | undefined,
  participants: readonly ParticipantView[],
): boolean {
  return subject !== undefined && isAllowed(subject, meetingAcl(participants), "write");
}

const memos = createRoot(() => {
  const subject = createMemo<AccessSubject | undefined>(() => {
    const s = currentSession();
    const doc = workspaceDoc();
    if (!s || !doc) return undefined;
    return accessSubjectOf(doc, s.memberId);
  });
  const member = createMemo<MemberView | undefined>(() => {
    const s = currentSession();
    const doc = workspaceDoc();
    if (!s || !doc?.members) return undefined;
    return memberView(doc, s.memberId);
  });
  const mayCreateMeetings = createMemo(() => {
    const sub = subject();
    return sub !== undefined && canCreateMeetings(sub);
  });
  return { subject, member, mayCreateMeetings };
});

/** The signed-in member as an access subject (undefined until the workspace is loaded). */
export const accessSubject: Accessor<AccessSubject | undefined> = memos.subject;
/** The signed-in member's directory entry. */
export const currentMember: Accessor<MemberView | undefined> = memos.member;
/** Whether the member may create meetings (admins and secretaries). */
export const mayCreateMeetings: Accessor<boolean> = memos.mayCreateMeetings;
