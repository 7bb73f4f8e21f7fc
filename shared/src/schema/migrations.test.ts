import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { latestVersion, type Migration, migrate, readSchemaVersion, schemaState } from "./migrations.ts";

type Doc = {
  schemaVersion?: number;
  a?: string[];
  b?: Record<string, number>;
};

const steps: Migration<Doc>[] = [
  {
    version: 1,
    name: "add-a",
    up: (d) => {
      if (!d.a) d.a = [];
    },
  },
  {
    version: 2,
    name: "add-b",
    up: (d) => {
      if (!d.b) d.b = {};
    },
  },
];

describe("schema migrations", () => {
  it("reads schemaVersion as the maximum of concurrent values", () => {
    const base = A.from<Doc>({});
    const left = A.change(A.clone(base), (d) => {
      d.schemaVersion = 1;
    });
    const right = A.change(A.clone(base), (d) => {
      d.schemaVersion = 2;
    });
    const merged = A.merge(A.clone(left), right);
    const mergedOtherWay = A.merge(A.clone(right), left);
    expect(readSchemaVersion(merged)).toBe(2);
    expect(readSchemaVersion(mergedOtherWay)).toBe(2);
  });

  it("runs only the missing steps, in order, and is idempotent", () => {
    let doc = A.from<Doc>({ schemaVersion: 1, a: ["kept"] });
    let ran: string[] = [];
    doc = A.change(doc, (d) => {
      ran = migrate(d, steps);
    });
    expect(ran).toEqual(["add-b"]);
    expect(doc.schemaVersion).toBe(2);
    expect(doc.a).toEqual(["kept"]);
    const heads = A.getHeads(doc);
    doc = A.change(doc, (d) => {
      ran = migrate(d, steps);
    });
    expect(ran).toEqual([]);
    expect(A.getHeads(doc)).toEqual(heads); // a second run writes nothing
  });

  it("reports a newer document and refuses to migrate it", () => {
    const doc = A.from<Doc>({ schemaVersion: 3 });
    expect(schemaState(doc, steps)).toEqual({ kind: "newer", version: 3, known: 2 });
    expect(() => A.change(doc, (d) => void migrate(d, steps))).toThrow(/newer/);
  });

  it("reports pending steps of an older document", () => {
    expect(schemaState(A.from<Doc>({}), steps)).toEqual({
      kind: "older",
      version: 0,
      pending: ["add-a", "add-b"],
    });
    expect(schemaState(A.from<Doc>({ schemaVersion: 2 }), steps)).toEqual({ kind: "current", version: 2 });
  });

  it("rejects a migration list with gaps", () => {
    expect(() => latestVersion([steps[1]!])).toThrow(/expected 1/);
  });

  it("keeps both peers' additions when two peers migrate concurrently", () => {
    const base = A.from<Doc>({});
    const left = A.change(A.clone(base), (d) => void migrate(d, steps));
    const right = A.change(A.clone(base), (d) => void migrate(d, steps.slice(0, 1)));
    const merged = A.merge(A.clone(left), right);
    expect(readSchemaVersion(merged)).toBe(2);
    expect(merged.b).toEqual({});
  });
});
