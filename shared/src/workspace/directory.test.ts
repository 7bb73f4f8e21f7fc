import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { isAllowed } from "../access/policy.ts";
import { DomainError } from "../errors.ts";
import {
  accessSubjectOf,
  addMember,
  addUnit,
  directoryMembers,
  disableMember,
  enableMember,
  setMemberRole,
} from "./directory.ts";
import type { WorkspaceDoc } from "./types.ts";
import { initWorkspace } from "./workspace.ts";

const NOW = Date.parse("2026-11-29T02:00:00.000Z");

function workspace(): A.Doc<WorkspaceDoc> {
  return A.change(
    A.init<WorkspaceDoc>(),
    (d) => void initWorkspace(d, { name: "UBND phường Bình Thạnh" }, NOW),
  );
}

describe("workspace directory", () => {
  it("adds units and members, lists them by Vietnamese name order", () => {
    let unit = "";
    let doc = A.change(workspace(), (d) => {
      unit = addUnit(d, { name: "Phòng Kinh tế", kind: "department" }, NOW);
    });
    doc = A.change(doc, (d) => {
      addMember(
        d,
        { fullName: "Trần Thị Bình", position: "Phó Chủ tịch", unitId: unit, workspaceRole: "secretary" },
        NOW,
      );
      addMember(d, { fullName: "Đặng Văn Đức", email: "duc@example.vn" }, NOW);
      addMember(d, { fullName: "Nguyễn Văn An", workspaceRole: "admin" }, NOW);
    });
    const members = directoryMembers(doc);
    expect(members.map((m) => m.fullName)).toEqual(["Đặng Văn Đức", "Nguyễn Văn An", "Trần Thị Bình"]);
    expect(members[2]).toMatchObject({
      unitName: "Phòng Kinh tế",
      workspaceRole: "secretary",
      disabled: false,
    });
    expect(members[0]).toMatchObject({ workspaceRole: "member", email: "duc@example.vn", phone: null });
  });

  it("refuses bad input: empty name, bad email, unknown unit or role", () => {
    const doc = workspace();
    expect(() => A.change(doc, (d) => void addMember(d, { fullName: " " }, NOW))).toThrow(DomainError);
    expect(() =>
      A.change(doc, (d) => void addMember(d, { fullName: "A", email: "not-an-email" }, NOW)),
    ).toThrow(/email/);
    expect(() => A.change(doc, (d) => void addMember(d, { fullName: "A", unitId: "nope" }, NOW))).toThrow(
      /unit nope/,
    );
    expect(() =>
      A.change(doc, (d) => void addMember(d, { fullName: "A", workspaceRole: "king" as never }, NOW)),
    ).toThrow(DomainError);
  });

  it("a disabled member keeps their name but loses every access", () => {
    let id = "";
    let doc = A.change(workspace(), (d) => {
      id = addMember(d, { fullName: "Lê Thị Cúc", workspaceRole: "secretary" }, NOW);
    });
    expect(isAllowed(accessSubjectOf(doc, id), { kind: "workspace" }, "write")).toBe(true);
    doc = A.change(doc, (d) => disableMember(d, id, NOW));
    expect(directoryMembers(doc)[0]).toMatchObject({ fullName: "Lê Thị Cúc", disabled: true });
    expect(isAllowed(accessSubjectOf(doc, id), { kind: "workspace" }, "read")).toBe(false);
    doc = A.change(doc, (d) => {
      enableMember(d, id);
      setMemberRole(d, id, "member");
    });
    expect(accessSubjectOf(doc, id)).toEqual({ memberId: id, workspaceRole: "member", disabled: false });
    expect(accessSubjectOf(doc, "unknown").disabled).toBe(true);
  });
});
