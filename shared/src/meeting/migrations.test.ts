import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { migrate, schemaState } from "../schema/migrations.ts";
import { docFromFixture } from "../schema/test-support.ts";
import workspaceV0 from "../workspace/fixtures/workspace-v0.json" with { type: "json" };
import workspaceV1 from "../workspace/fixtures/workspace-v1.json" with { type: "json" };
import type { WorkspaceDoc } from "../workspace/types.ts";
import { validateWorkspace, workspaceMigrations } from "../workspace/workspace.ts";
import meetingV0 from "./fixtures/meeting-v0.json" with { type: "json" };
import meetingV1 from "./fixtures/meeting-v1.json" with { type: "json" };
import { meetingMigrations } from "./migrations.ts";
import type { MeetingDoc } from "./types.ts";
import { validateMeeting } from "./validate.ts";

/**
 * One fixture per schema version, as stored by the app that wrote it. Every fixture is migrated to the
 * latest version and must then validate; the set of steps that ran must cover every migration.
 */
const meetingFixtures: Record<number, unknown> = { 0: meetingV0, 1: meetingV1 };
const workspaceFixtures: Record<number, unknown> = { 0: workspaceV0, 1: workspaceV1 };

describe.each([
  { name: "meeting", fixtures: meetingFixtures, migrations: meetingMigrations, validate: validateMeeting },
  {
    name: "workspace",
    fixtures: workspaceFixtures,
    migrations: workspaceMigrations,
    validate: validateWorkspace,
  },
] as const)("$name document migrations", ({ fixtures, migrations, validate }) => {
  const exercised = new Set<string>();

  it.each(Object.keys(fixtures).map(Number))("migrates the v%i fixture to the latest version", (version) => {
    let doc = docFromFixture<MeetingDoc & WorkspaceDoc>(fixtures[version]);
    expect(schemaState(doc, migrations as never).version).toBe(version);
    doc = A.change(doc, (d) => {
      for (const name of migrate(d, migrations as never)) exercised.add(name);
    });
    expect(validate(doc)).toEqual({ ok: true });
    // Data the fixture already had is kept: migrations only add.
    expect(doc.id.toString()).toBe((fixtures[version] as { id: string }).id);
  });

  it("has a fixture for every version and no migration left unexercised", () => {
    expect(Object.keys(fixtures).map(Number).sort()).toEqual(
      migrations.map((_, i) => i).concat(migrations.length),
    );
    expect([...exercised].sort()).toEqual(migrations.map((m) => m.name).sort());
  });
});
