import { getConflicts } from "@automerge/automerge";

/**
 * One schema migration step. Steps are named, ordered by `version`, idempotent (running one twice
 * changes nothing the second time) and additive: they only create missing fields and containers,
 * never rename or remove (retired names stay in RETIRED_FIELDS lists and are never reused).
 *
 * `up` mutates an Automerge draft inside `handle.change`.
 */
export interface Migration<D> {
  /** The schemaVersion the document has after this step. Steps are numbered 1, 2, 3… without gaps. */
  readonly version: number;
  /** A stable, human-readable name (also used in tests to prove every step is exercised). */
  readonly name: string;
  readonly up: (doc: D) => void;
}

/*
 * Who migrates. A step that creates a container must never run on two peers concurrently (one of the
 * two containers would be lost with whatever was written into it). So:
 * - the creator of a new document runs every step on it before sharing it (`init*` functions);
 * - an existing shared document (workspace, meeting, participation, private) is migrated by the relay
 *   alone, the one writer every device syncs with; an app that meets an older document reads it and
 *   waits for the relay's migration to arrive before writing to the parts that are missing.
 */

/** The minimum every migratable document root has. */
export interface Versioned {
  schemaVersion?: number;
}

/**
 * Reads `schemaVersion` as the maximum of all concurrent values. Two peers that migrate the same
 * document concurrently each write their version; Automerge keeps one as the winner and the others as
 * conflicts, and the highest is the truth (every step of the higher version has run on some peer, and
 * steps are additive so their effects are all in the merged document).
 *
 * Returns 0 for a document that has never been migrated.
 */
export function readSchemaVersion(doc: Versioned): number {
  const conflicts = getConflicts(doc as Record<string, unknown>, "schemaVersion");
  let max = typeof doc.schemaVersion === "number" ? doc.schemaVersion : 0;
  if (conflicts) {
    for (const value of Object.values(conflicts)) {
      if (typeof value === "number" && value > max) max = value;
    }
  }
  return max;
}

/** The state of a document's schema relative to what this app knows. */
export type SchemaState =
  | { readonly kind: "current"; readonly version: number }
  | { readonly kind: "older"; readonly version: number; readonly pending: readonly string[] }
  | { readonly kind: "newer"; readonly version: number; readonly known: number };

/**
 * Compares a document's schema version with a migration list.
 * "newer" means the document was written by a newer app: open it read-only and ask to update.
 */
export function schemaState<D extends Versioned>(doc: D, migrations: readonly Migration<D>[]): SchemaState {
  const version = readSchemaVersion(doc);
  const known = latestVersion(migrations);
  if (version > known) return { kind: "newer", version, known };
  if (version < known) {
    return {
      kind: "older",
      version,
      pending: migrations.filter((m) => m.version > version).map((m) => m.name),
    };
  }
  return { kind: "current", version };
}

/** The highest version a migration list reaches. Throws if the list is unordered or has gaps. */
export function latestVersion<D>(migrations: readonly Migration<D>[]): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  return migrations.length;
}

/**
 * Runs, inside a change, every step the document has not reached, then writes the new schemaVersion.
 * Does nothing for a current document; throws for a newer one (callers check `schemaState` first and
 * open it read-only instead).
 *
 * @returns the names of the steps that ran.
 */
export function migrate<D extends Versioned>(doc: D, migrations: readonly Migration<D>[]): string[] {
  const version = readSchemaVersion(doc);
  const target = latestVersion(migrations);
  if (version > target) {
    throw new Error(`document schemaVersion ${version} is newer than this app knows (${target})`);
  }
  const ran: string[] = [];
  for (const step of migrations) {
    if (step.version > version) {
      step.up(doc);
      ran.push(step.name);
    }
  }
  if (version < target || doc.schemaVersion !== target) {
    // Written also when only a conflict held the higher value, so the winner becomes the maximum.
    if (doc.schemaVersion !== target) doc.schemaVersion = target;
  }
  return ran;
}
