import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { migrate, schemaState } from "../schema/migrations.ts";
import { docFromFixture } from "../schema/test-support.ts";
import ledgerV1 from "./fixtures/ledger-v1.json" with { type: "json" };
import { newLedger } from "./fixtures/sample.ts";
import { ledgerMigrations } from "./migrations.ts";
import type { LedgerDoc } from "./types.ts";
import { validateLedger } from "./validate.ts";

/**
 * The pattern of schema/documents.test.ts for the task ledger: one fixture per schema version, each
 * migrated to the latest and still valid, and no migration step left unexercised. The ledger is born at
 * v1 (its creator runs every step), so there is no stored v0.
 */
const fixtures: Record<number, unknown> = { 1: ledgerV1 };

describe("ledger document: fixtures and migrations", () => {
  const exercised = new Set<string>();
  const versions = Object.keys(fixtures).map(Number);

  it.each(versions)("migrates the v%i fixture to the latest version, keeping its data", (version) => {
    let doc = docFromFixture<LedgerDoc>(fixtures[version]);
    expect(schemaState(doc, ledgerMigrations).version).toBe(version);
    doc = A.change(doc, (d) => {
      for (const name of migrate(d, ledgerMigrations)) exercised.add(name);
    });
    expect(validateLedger(doc)).toEqual({ ok: true });
    const { schemaVersion: _, ...before } = A.toJS(docFromFixture(fixtures[version])) as Record<
      string,
      unknown
    >;
    expect(A.toJS(doc)).toMatchObject(before);
  });

  it("a creator's empty document goes through every step", () => {
    const doc = A.change(A.init<LedgerDoc>(), (d) => {
      for (const name of migrate(d, ledgerMigrations)) exercised.add(name);
    });
    expect(doc.schemaVersion).toBe(ledgerMigrations.length);
    expect(newLedger().schemaVersion).toBe(ledgerMigrations.length);
    expect(validateLedger(newLedger())).toEqual({ ok: true });
  });

  it("has a fixture for the latest version and no migration left unexercised", () => {
    expect(Math.max(...versions)).toBe(ledgerMigrations.length);
    expect([...exercised].sort()).toEqual(ledgerMigrations.map((m) => m.name).sort());
  });
});

describe("validateLedger", () => {
  type Plain = {
    tasks: Record<string, Record<string, unknown> & { events: Record<string, Record<string, unknown>> }>;
  };
  const broken = (fn: (l: Plain) => void): unknown => {
    const copy = structuredClone(ledgerV1) as unknown as Plain;
    fn(copy);
    return copy;
  };

  it.each([
    ["a missing tasks container", (l: Plain) => delete (l as Partial<Plain>).tasks, "tasks"],
    ["a list of leads", (l: Plain) => (l.tasks["t-1"]!.lead = [{ kind: "unit", id: "u" }]), "tasks.t-1.lead"],
    [
      "a lead of an unknown kind",
      (l: Plain) => (l.tasks["t-1"]!.lead = { kind: "team", id: "u" }),
      "tasks.t-1.lead.kind",
    ],
    [
      "a due date in dd/MM/yyyy",
      (l: Plain) =>
        (l.tasks["t-2"]!.due = {
          date: "31/03/2027",
          time: null,
          setAt: "2027-03-01T02:00:00.000Z",
          byMemberId: "m",
        }),
      "tasks.t-2.due.date",
    ],
    [
      "an unknown event type",
      (l: Plain) => (l.tasks["t-2"]!.events["e-6"]!.type = "archived"),
      "tasks.t-2.events.e-6.type",
    ],
    [
      "a percent above 100",
      (l: Plain) => (l.tasks["t-1"]!.events["e-2"]!.percent = 140),
      "tasks.t-1.events.e-2.percent",
    ],
    ["a task under another key", (l: Plain) => (l.tasks["t-2"]!.id = "t-9"), "tasks.t-2.id"],
    [
      "a task without its created event",
      (l: Plain) => delete l.tasks["t-2"]!.events["e-6"],
      "tasks.t-2.events",
    ],
  ])("refuses %s", (_, fn, path) => {
    const result = validateLedger(broken(fn));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.path)).toContain(path);
  });

  it("allows fields a newer app may add", () => {
    expect(validateLedger(broken((l) => (l.tasks["t-1"]!.labels = { x: true })))).toEqual({ ok: true });
  });
});
