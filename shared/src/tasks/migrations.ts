import { imm } from "../schema/immutable.ts";
import type { Migration } from "../schema/migrations.ts";
import type { LedgerDoc } from "./types.ts";

/** Field names retired from the ledger document (and its tasks); never reuse them. */
export const RETIRED_LEDGER_FIELDS: readonly string[] = [];

/**
 * Ordered migration steps of the task ledger. The ledger is born at v1: its creator (whoever makes the
 * workspace) runs every step in `initLedger` before sharing it, so there is no stored v0.
 */
export const ledgerMigrations: readonly Migration<LedgerDoc>[] = [
  {
    version: 1,
    name: "v1-ledger-containers",
    up(doc) {
      const d = doc as Partial<LedgerDoc>;
      if (d.docType === undefined) d.docType = imm("ledger");
      if (d.tasks === undefined) d.tasks = {};
    },
  },
];
