import { describe, expect, it } from "vitest";
import type { MeetingRole } from "../meeting/types.ts";
import {
  type AccessMode,
  type AccessSubject,
  canCreateMeetings,
  consultationWriteScope,
  type DocAcl,
  isAllowed,
  type WorkspaceRole,
} from "./policy.ts";

const meetingRoles = new Map<string, MeetingRole>([
  ["chair", "chair"],
  ["sec", "secretary"],
  ["part", "participant"],
  ["obs", "observer"],
]);
const meeting: DocAcl = { kind: "meeting", meetingRoles };
const participation: DocAcl = { kind: "participation", meetingRoles };
const workspace: DocAcl = { kind: "workspace" };
const privateOfPart: DocAcl = { kind: "private", ownerMemberId: "part" };
const consultation = {
  kind: "consultation",
  namedMemberIds: new Set(["named"]),
  creatorMemberId: "creator",
} as const satisfies DocAcl;
const tasks: DocAcl = { kind: "tasks" };
const notice: DocAcl = { kind: "notice", meetingRoles, recipientMemberIds: new Set(["unitMember"]) };

function who(memberId: string, workspaceRole: WorkspaceRole = "member", disabled = false): AccessSubject {
  return { memberId, workspaceRole, disabled };
}

/** [subject, document, read?, write?] — the whole table, one row per case. */
const table: [string, AccessSubject, DocAcl, boolean, boolean][] = [
  ["admin / workspace", who("a", "admin"), workspace, true, true],
  ["secretary / workspace", who("s", "secretary"), workspace, true, true],
  ["member / workspace", who("m"), workspace, true, false],
  ["observer / workspace", who("o", "observer"), workspace, true, false],
  ["disabled admin / workspace", who("a", "admin", true), workspace, false, false],

  ["admin / tasks", who("a", "admin"), tasks, true, true],
  ["member / tasks", who("m"), tasks, true, true],
  ["observer / tasks", who("o", "observer"), tasks, true, false],
  ["disabled member / tasks", who("m", "member", true), tasks, false, false],

  ["secretary / notice", who("s", "secretary"), notice, true, true],
  ["participant / notice", who("part"), notice, true, true],
  ["member of a recipient unit / notice", who("unitMember"), notice, true, true],
  ["member of another unit / notice", who("m"), notice, false, false],

  ["ws admin, not invited / meeting", who("a", "admin"), meeting, true, true],
  ["ws secretary, not invited / meeting", who("s", "secretary"), meeting, true, true],
  ["chair / meeting", who("chair"), meeting, true, true],
  ["meeting secretary / meeting", who("sec"), meeting, true, true],
  ["participant / meeting", who("part"), meeting, true, false],
  ["meeting observer / meeting", who("obs"), meeting, true, false],
  ["member not invited / meeting", who("stranger"), meeting, false, false],
  ["ws observer not invited / meeting", who("x", "observer"), meeting, false, false],
  ["disabled chair / meeting", who("chair", "member", true), meeting, false, false],

  ["chair / participation", who("chair"), participation, true, true],
  ["participant / participation", who("part"), participation, true, true],
  ["meeting observer / participation", who("obs"), participation, true, false],
  ["member not invited / participation", who("stranger"), participation, false, false],
  ["ws secretary / participation", who("s", "secretary"), participation, true, true],

  ["owner / private", who("part"), privateOfPart, true, true],
  ["admin / someone's private", who("a", "admin"), privateOfPart, false, false],
  ["chair / someone's private", who("chair"), privateOfPart, false, false],
  ["disabled owner / private", who("part", "member", true), privateOfPart, false, false],

  ["named member / consultation", who("named"), consultation, true, true],
  ["member not named / consultation", who("stranger"), consultation, false, false],
  ["ws secretary not named / consultation", who("s", "secretary"), consultation, true, true],
  ["ws admin not named / consultation", who("a", "admin"), consultation, true, true],
  ["creator / consultation", who("creator"), consultation, true, true],
  ["ws observer not named / consultation", who("o", "observer"), consultation, false, false],
  ["disabled named member / consultation", who("named", "member", true), consultation, false, false],
];

describe("permission table (role × document kind × read/write)", () => {
  it.each(table)("%s", (_, subject, acl, read, write) => {
    const modes: [AccessMode, boolean][] = [
      ["read", read],
      ["write", write],
    ];
    for (const [mode, expected] of modes) expect(isAllowed(subject, acl, mode)).toBe(expected);
  });

  it("a named member writes only their own consultation answers; managers and the creator the definition", () => {
    expect(consultationWriteScope(who("named"), consultation)).toBe("own_answers");
    expect(consultationWriteScope(who("s", "secretary"), consultation)).toBe("definition");
    expect(consultationWriteScope(who("creator"), consultation)).toBe("definition");
    expect(consultationWriteScope(who("stranger"), consultation)).toBe("none");
    expect(consultationWriteScope(who("named", "member", true), consultation)).toBe("none");
  });

  it("only workspace admins and secretaries create meetings", () => {
    expect(canCreateMeetings(who("a", "admin"))).toBe(true);
    expect(canCreateMeetings(who("s", "secretary"))).toBe(true);
    expect(canCreateMeetings(who("m"))).toBe(false);
    expect(canCreateMeetings(who("s", "secretary", true))).toBe(false);
  });
});
