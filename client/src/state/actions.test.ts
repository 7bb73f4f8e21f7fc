import { getChangesMetaSince } from "@automerge/automerge";
import { type DocHandle, Repo } from "@automerge/automerge-repo";
import { describe, expect, it } from "vitest";
import {
  type AgendaItemId,
  agendaItems,
  initWorkspace,
  type MeetingDoc,
  meetingMigrations,
  meetingRolesByMember,
  type NewMeetingInput,
  str,
  validateMeeting,
  validateParticipation,
  type WorkspaceDoc,
  workspaceMeetingUrls,
  workspaceMigrations,
} from "../../../shared/src/index.ts";
import {
  ActionError,
  addAgendaItem,
  createMeeting,
  moveAgendaItem,
  readSchema,
  removeAgendaItem,
  restoreAgendaItem,
  setMeetingStatus,
  updateMeetingDetails,
} from "./actions.ts";

const input: NewMeetingInput = {
  title: "Họp giao ban tháng 12",
  issuingBody: "UBND quận Ba Đình",
  kind: "regular",
  startsAt: "2026-12-01T01:00:00.000Z",
  endsAt: "2026-12-01T04:00:00.000Z",
  timeZone: "Asia/Ho_Chi_Minh",
  location: "Phòng họp số 1",
  onlineLink: null,
};

function setup() {
  const repo = new Repo({ network: [] });
  const workspace = repo.create<WorkspaceDoc>();
  workspace.change((d) => {
    initWorkspace(d, { name: "UBND quận Ba Đình" }, Date.now());
  });
  return { repo, workspace };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof ActionError ? e.code : `not an ActionError: ${String(e)}`;
  }
  return undefined;
}

describe("actions", () => {
  it("creates a valid meeting with participants and lists it in the workspace", () => {
    const { repo, workspace } = setup();
    const { handle, meetingId } = createMeeting(repo, workspace, input, [
      { fullName: "Nguyễn Văn A", position: "Chủ tịch", role: "chair" },
    ]);
    expect(validateMeeting(handle.doc())).toEqual({ ok: true });
    expect(Object.keys(handle.doc().participants)).toHaveLength(1);
    expect(workspaceMeetingUrls(workspace.doc())).toEqual([{ meetingId, url: handle.url }]);
  });

  it("refuses bad input before creating any document", () => {
    const { repo, workspace } = setup();
    const before = Object.keys(repo.handles).length;
    expect(codeOf(() => createMeeting(repo, workspace, { ...input, title: " " }))).toBe("invalid_input");
    expect(Object.keys(repo.handles).length).toBe(before);
    expect(workspaceMeetingUrls(workspace.doc())).toEqual([]);
  });

  it("adds, moves, removes and restores agenda items", () => {
    const { repo, workspace } = setup();
    const { handle } = createMeeting(repo, workspace, input);
    const item = { presenter: "", plannedMinutes: 10, description: "" };
    const a = addAgendaItem(handle, { ...item, title: "A" });
    addAgendaItem(handle, { ...item, title: "B" });
    addAgendaItem(handle, { ...item, title: "C" });
    moveAgendaItem(handle, a, 2);
    expect(agendaItems(handle.doc()).map((i) => i.title)).toEqual(["B", "C", "A"]);
    removeAgendaItem(handle, a);
    expect(agendaItems(handle.doc()).map((i) => i.title)).toEqual(["B", "C"]);
    restoreAgendaItem(handle, a);
    expect(agendaItems(handle.doc()).map((i) => i.title)).toEqual(["B", "C", "A"]);
    expect(codeOf(() => moveAgendaItem(handle, "nope" as AgendaItemId, 0))).toBe("not_found");
  });

  it("turns domain refusals into ActionErrors with the reason code", () => {
    const { repo, workspace } = setup();
    const { handle } = createMeeting(repo, workspace, input);
    expect(codeOf(() => setMeetingStatus(handle, "archived"))).toBe("invalid_transition");
    expect(codeOf(() => updateMeetingDetails(handle, { endsAt: "2026-11-30T00:00:00.000Z" }))).toBe(
      "invalid_input",
    );
    const error = (() => {
      try {
        setMeetingStatus(handle, "concluded");
      } catch (e) {
        return e as ActionError;
      }
    })();
    expect(error?.messageKey).toBe("error.invalid_transition");
  });

  it("never writes to a newer or an invalid meeting", () => {
    const { repo, workspace } = setup();
    const { handle } = createMeeting(repo, workspace, input);
    const newer = repo.clone(handle) as DocHandle<MeetingDoc>;
    newer.change((d) => {
      d.schemaVersion = 99;
    });
    const heads = newer.heads();
    expect(
      codeOf(() => addAgendaItem(newer, { title: "X", presenter: "", plannedMinutes: 0, description: "" })),
    ).toBe("newer_schema");
    expect(readSchema(newer, meetingMigrations).kind).toBe("newer");
    expect(newer.heads()).toEqual(heads);

    const invalid = repo.clone(handle) as DocHandle<MeetingDoc>;
    invalid.change((d) => {
      (d as unknown as Record<string, unknown>).kind = "party";
    });
    const invalidHeads = invalid.heads();
    expect(codeOf(() => setMeetingStatus(invalid, "published"))).toBe("invalid_document");
    expect(invalid.heads()).toEqual(invalidHeads);
  });

  it("never migrates an existing older document: it waits for the relay", () => {
    const repo = new Repo({ network: [] });
    // A document as a half-synced peer sees it: created, but its creator's first change not yet here.
    const empty = repo.create<MeetingDoc>();
    const heads = empty.heads();
    expect(readSchema(empty, meetingMigrations).kind).toBe("older");
    expect(
      codeOf(() => addAgendaItem(empty, { title: "X", presenter: "", plannedMinutes: 0, description: "" })),
    ).toBe("awaiting_migration");
    expect(empty.heads()).toEqual(heads);

    // A v1 workspace (before the directory) is not migrated by creating a meeting in it either.
    const workspace = repo.create<WorkspaceDoc>();
    workspace.change((d) => {
      initWorkspace(d, { name: "UBND" }, Date.now());
      d.schemaVersion = 1;
    });
    const wsHeads = workspace.heads();
    expect(readSchema(workspace, workspaceMigrations).kind).toBe("older");
    expect(codeOf(() => createMeeting(repo, workspace, input))).toBe("awaiting_migration");
    expect(workspace.heads()).toEqual(wsHeads);
  });

  it("creates the participation document with the meeting and links them both ways", () => {
    const { repo, workspace } = setup();
    const { handle, participation, meetingId } = createMeeting(repo, workspace, input, [
      { fullName: "Nguyễn Văn A", position: "Chủ tịch", role: "chair", memberId: "m-chair" },
      { fullName: "Khách mời", position: "", role: "observer", memberId: null },
    ]);
    expect(validateParticipation(participation.doc())).toEqual({ ok: true });
    expect(str(handle.doc().participationUrl)).toBe(participation.url);
    expect(str(participation.doc().meetingUrl)).toBe(handle.url);
    expect(str(participation.doc().meetingId)).toBe(meetingId);
    // Only directory members get a meeting role (and so access); the guest is a name only.
    expect([...meetingRolesByMember(handle.doc())]).toEqual([["m-chair", "chair"]]);
  });

  it("gives every change a message for the history", () => {
    const { repo, workspace } = setup();
    const { handle, participation } = createMeeting(repo, workspace, input);
    const item = addAgendaItem(handle, {
      title: "Báo cáo KT-XH",
      presenter: "",
      plannedMinutes: 5,
      description: "",
    });
    addAgendaItem(handle, { title: "Khác", presenter: "", plannedMinutes: 5, description: "" });
    moveAgendaItem(handle, item, 1);
    removeAgendaItem(handle, item);
    restoreAgendaItem(handle, item);
    updateMeetingDetails(handle, { location: "Hội trường" });
    setMeetingStatus(handle, "published");
    const messages = (doc: unknown) => getChangesMetaSince(doc as MeetingDoc, []).map((c) => c.message);
    expect(messages(handle.doc())).toEqual([
      null, // repo.create's empty first change
      "Tạo cuộc họp: Họp giao ban tháng 12",
      "Thêm nội dung: Báo cáo KT-XH",
      "Thêm nội dung: Khác",
      "Sắp xếp nội dung: Báo cáo KT-XH → vị trí 2",
      "Xóa nội dung: Báo cáo KT-XH",
      "Khôi phục nội dung: Báo cáo KT-XH",
      "Sửa thông tin cuộc họp (địa điểm): Họp giao ban tháng 12",
      "Chuyển trạng thái: Đã gửi tài liệu",
    ]);
    expect(messages(participation.doc()).at(-1)).toBe("Tạo dữ liệu dự họp: Họp giao ban tháng 12");
    expect(messages(workspace.doc()).at(-1)).toBe("Thêm cuộc họp vào danh sách: Họp giao ban tháng 12");
  });
});
