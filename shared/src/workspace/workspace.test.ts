import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import type { WorkspaceDoc } from "./types.ts";
import {
  addMeetingToWorkspace,
  initWorkspace,
  removeMeetingFromWorkspace,
  validateWorkspace,
  workspaceMeetingUrls,
} from "./workspace.ts";

const NOW = Date.parse("2026-11-29T02:00:00.000Z");

describe("workspace document", () => {
  it("indexes meetings idempotently and removes them softly", () => {
    let doc = A.change(
      A.init<WorkspaceDoc>(),
      (d) => void initWorkspace(d, { name: "UBND quận Bình Thạnh" }, NOW),
    );
    expect(validateWorkspace(doc)).toEqual({ ok: true });
    doc = A.change(doc, (d) => {
      addMeetingToWorkspace(d, { meetingId: "m1", url: "automerge:abc" }, NOW);
      addMeetingToWorkspace(d, { meetingId: "m2", url: "automerge:def" }, NOW + 1);
      addMeetingToWorkspace(d, { meetingId: "m1", url: "automerge:abc" }, NOW + 2);
    });
    expect(workspaceMeetingUrls(doc)).toEqual([
      { meetingId: "m1", url: "automerge:abc" },
      { meetingId: "m2", url: "automerge:def" },
    ]);
    doc = A.change(doc, (d) => removeMeetingFromWorkspace(d, "m1", NOW));
    expect(workspaceMeetingUrls(doc).map((m) => m.meetingId)).toEqual(["m2"]);
    expect(validateWorkspace(doc)).toEqual({ ok: true });
  });

  it("refuses an empty name and a URL that is not an automerge URL", () => {
    expect(() => A.change(A.init<WorkspaceDoc>(), (d) => void initWorkspace(d, { name: "  " }, NOW))).toThrow(
      DomainError,
    );
    const doc = A.change(A.init<WorkspaceDoc>(), (d) => void initWorkspace(d, { name: "X" }, NOW));
    expect(() =>
      A.change(doc, (d) => addMeetingToWorkspace(d, { meetingId: "m", url: "https://x" }, NOW)),
    ).toThrow(/automerge URL/);
  });

  it("two peers adding different meetings concurrently keep both", () => {
    const base = A.change(A.init<WorkspaceDoc>(), (d) => void initWorkspace(d, { name: "X" }, NOW));
    const a = A.change(A.clone(base), (d) =>
      addMeetingToWorkspace(d, { meetingId: "a", url: "automerge:a" }, NOW),
    );
    const b = A.change(A.clone(base), (d) =>
      addMeetingToWorkspace(d, { meetingId: "b", url: "automerge:b" }, NOW),
    );
    expect(
      workspaceMeetingUrls(A.merge(a, b))
        .map((m) => m.meetingId)
        .sort(),
    ).toEqual(["a", "b"]);
  });
});
