import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import meetingV0 from "../meeting/fixtures/meeting-v0.json" with { type: "json" };
import meetingV1 from "../meeting/fixtures/meeting-v1.json" with { type: "json" };
import meetingV2 from "../meeting/fixtures/meeting-v2.json" with { type: "json" };
import { meetingMigrations } from "../meeting/migrations.ts";
import type { ValidationResult } from "../meeting/validate.ts";
import { validateMeeting } from "../meeting/validate.ts";
import { consultationMigrations, validateConsultation } from "../meeting-run/consultation-doc.ts";
import consultationV1 from "../meeting-run/fixtures/consultation-v1.json" with { type: "json" };
import participationV1 from "../participation/fixtures/participation-v1.json" with { type: "json" };
import { participationMigrations, validateParticipation } from "../participation/participation.ts";
import privateV1 from "../private/fixtures/private-v1.json" with { type: "json" };
import { privateMigrations, validatePrivate } from "../private/private.ts";
import workspaceV0 from "../workspace/fixtures/workspace-v0.json" with { type: "json" };
import workspaceV1 from "../workspace/fixtures/workspace-v1.json" with { type: "json" };
import workspaceV2 from "../workspace/fixtures/workspace-v2.json" with { type: "json" };
import workspaceV3 from "../workspace/fixtures/workspace-v3.json" with { type: "json" };
import { validateWorkspace, workspaceMigrations } from "../workspace/workspace.ts";
import { type Migration, migrate, schemaState, type Versioned } from "./migrations.ts";
import { docFromFixture } from "./test-support.ts";

interface DocumentKind {
  readonly name: string;
  /** One fixture per schema version, as stored by the app that wrote it. v0 = before the first step. */
  readonly fixtures: Record<number, unknown>;
  readonly migrations: readonly Migration<Versioned>[];
  readonly validate: (doc: unknown) => ValidationResult;
}

const kinds: DocumentKind[] = [
  {
    name: "meeting",
    fixtures: { 0: meetingV0, 1: meetingV1, 2: meetingV2 },
    migrations: meetingMigrations as never,
    validate: validateMeeting,
  },
  {
    name: "workspace",
    fixtures: { 0: workspaceV0, 1: workspaceV1, 2: workspaceV2, 3: workspaceV3 },
    migrations: workspaceMigrations as never,
    validate: validateWorkspace,
  },
  // Born at v1 (made by their creator with every step), so there is no stored v0 to migrate.
  {
    name: "participation",
    fixtures: { 1: participationV1 },
    migrations: participationMigrations as never,
    validate: validateParticipation,
  },
  {
    name: "consultation",
    fixtures: { 1: consultationV1 },
    migrations: consultationMigrations as never,
    validate: validateConsultation,
  },
  {
    name: "private",
    fixtures: { 1: privateV1 },
    migrations: privateMigrations as never,
    validate: validatePrivate,
  },
];

describe.each(kinds)("$name document: fixtures and migrations", ({ fixtures, migrations, validate }) => {
  const exercised = new Set<string>();
  const versions = Object.keys(fixtures).map(Number);

  it.each(versions)("migrates the v%i fixture to the latest version, keeping its data", (version) => {
    let doc = docFromFixture<{ schemaVersion?: number }>(fixtures[version]);
    expect(schemaState(doc, migrations).version).toBe(version);
    doc = A.change(doc, (d) => {
      for (const name of migrate(d, migrations)) exercised.add(name);
    });
    expect(validate(doc)).toEqual({ ok: true });
    const { schemaVersion: _, ...before } = A.toJS(docFromFixture(fixtures[version])) as Record<
      string,
      unknown
    >;
    expect(A.toJS(doc)).toMatchObject(before);
  });

  it("a creator's empty document goes through every step", () => {
    const doc = A.change(A.init<{ schemaVersion?: number }>(), (d: { schemaVersion?: number }) => {
      for (const name of migrate(d, migrations)) exercised.add(name);
    });
    expect(doc.schemaVersion).toBe(migrations.length);
  });

  it("has a fixture for the latest version and no migration left unexercised", () => {
    expect(Math.max(...versions)).toBe(migrations.length);
    expect([...exercised].sort()).toEqual(migrations.map((m) => m.name).sort());
  });
});
