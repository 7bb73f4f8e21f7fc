import { type DocHandle, Repo } from "@automerge/automerge-repo";
import { describe, expect, it } from "vitest";
import {
  type AgendaItemId,
  agendaItems,
  initWorkspace,
  type MeetingDoc,
  meetingMigrations,
  type NewMeetingInput,
  validateMeeting,
  type WorkspaceDoc,
  workspaceMeetingUrls,
} from "../../../shared/src/index.ts";
import {
  ActionError,
  addAgendaItem,
  createMeeting,
  ensureMigrated,
  moveAgendaItem,
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
    expect(ensureMigrated(newer, meetingMigrations).kind).toBe("newer");
    expect(newer.heads()).toEqual(heads);

    const invalid = repo.clone(handle) as DocHandle<MeetingDoc>;
    invalid.change((d) => {
      (d as unknown as Record<string, unknown>).kind = "party";
    });
    const invalidHeads = invalid.heads();
    expect(codeOf(() => setMeetingStatus(invalid, "published"))).toBe("invalid_document");
    expect(invalid.heads()).toEqual(invalidHeads);
  });

  it("migrates an older document only when the result is valid", () => {
    const repo = new Repo({ network: [] });
    // A document as a half-synced peer sees it: created, but its creator's first change not yet here.
    const empty = repo.create<MeetingDoc>();
    const heads = empty.heads();
    expect(ensureMigrated(empty, meetingMigrations, validateMeeting).kind).toBe("older");
    expect(empty.heads()).toEqual(heads);
  });
});
