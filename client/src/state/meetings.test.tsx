import { type AutomergeUrl, type DocHandle, generateAutomergeUrl, Repo } from "@automerge/automerge-repo";
import { describe, expect, it, vi } from "vitest";
import {
  initWorkspace,
  type MeetingDoc,
  type NewMeetingInput,
  type WorkspaceDoc,
} from "../../../shared/src/index.ts";
import { addAgendaItem, createMeeting } from "./actions.ts";
import { meetingPath, meetingSource, meetingUrlFromParam, readMeeting } from "./meetings.ts";

vi.mock("./repo.ts", () => ({ repo: undefined }));
vi.mock("./workspace.ts", () => ({ workspaceHandle: vi.fn(), workspaceState: () => ({ kind: "loading" }) }));

const input: NewMeetingInput = {
  title: "Kỳ họp thứ 12 HĐND quận",
  issuingBody: "HĐND quận Ba Đình",
  kind: "council_session",
  startsAt: "2026-12-10T01:00:00.000Z",
  endsAt: "2026-12-11T10:00:00.000Z",
  timeZone: "Asia/Ho_Chi_Minh",
  location: "Hội trường",
  onlineLink: null,
};

function setup() {
  const repo = new Repo({ network: [] });
  const workspace = repo.create<WorkspaceDoc>();
  workspace.change((d) => {
    initWorkspace(d, { name: "HĐND quận Ba Đình" }, Date.now());
  });
  const { handle } = createMeeting(repo, workspace, input);
  return { repo, handle };
}

describe("meeting document states", () => {
  it("reads a valid meeting as ok and follows its changes", async () => {
    const { repo, handle } = setup();
    const source = meetingSource(repo, handle.url);
    expect(meetingSource(repo, handle.url)).toBe(source);
    await vi.waitFor(() => expect(source.state.status).toBe("ok"));
    expect(source.state.view?.title).toBe("Kỳ họp thứ 12 HĐND quận");
    addAgendaItem(handle, { title: "Khai mạc", presenter: "", plannedMinutes: 5, description: "" });
    expect(source.state.view?.agenda.map((a) => a.title)).toEqual(["Khai mạc"]);
  });

  it("opens a newer document read-only and writes nothing", () => {
    const { repo, handle } = setup();
    const newer = repo.clone(handle) as DocHandle<MeetingDoc>;
    newer.change((d) => {
      d.schemaVersion = 7;
    });
    const heads = newer.heads();
    const state = readMeeting(newer);
    expect(state.status).toBe("newer");
    expect(state.view?.title).toBe(input.title);
    expect(newer.heads()).toEqual(heads);
  });

  it("opens an older document read-only, waiting for the relay's migration, and writes nothing", () => {
    const { repo, handle } = setup();
    const older = repo.clone(handle) as DocHandle<MeetingDoc>;
    older.change((d) => {
      d.schemaVersion = 0;
    });
    const heads = older.heads();
    const state = readMeeting(older);
    expect(state.status).toBe("older");
    expect(state.view?.title).toBe(input.title);
    expect(older.heads()).toEqual(heads);
  });

  it("shows an invalid document's issues and never writes to it", () => {
    const { repo, handle } = setup();
    const broken = repo.clone(handle) as DocHandle<MeetingDoc>;
    broken.change((d) => {
      delete (d as Partial<MeetingDoc>).agenda;
    });
    const heads = broken.heads();
    const state = readMeeting(broken);
    expect(state.status).toBe("invalid");
    expect(state.view).toBeNull();
    expect(state.issues.map((i) => i.path)).toContain("agenda");
    expect(broken.heads()).toEqual(heads);
  });

  it("marks a document no peer has as unavailable", async () => {
    const repo = new Repo({ network: [] });
    const source = meetingSource(repo, generateAutomergeUrl());
    await vi.waitFor(() => expect(source.state.status).toBe("unavailable"), { timeout: 5000 });
  });

  it("maps route ids to document URLs and back", () => {
    const url = generateAutomergeUrl() as AutomergeUrl;
    const path = meetingPath(url);
    expect(meetingUrlFromParam(path.split("/")[2])).toBe(url);
    expect(meetingUrlFromParam("not-an-id")).toBeUndefined();
  });
});
