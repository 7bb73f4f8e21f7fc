import { z } from "zod";
import type { ValidationResult } from "../meeting/validate.ts";
import { toValidationResult } from "../meeting/validate.ts";
import { type Imm, imm, toPlain } from "../schema/immutable.ts";
import { type Migration, migrate } from "../schema/migrations.ts";
import { instant } from "../time.ts";

/**
 * A member's private document (schema v1): reaches only that member's devices. Holds private
 * annotations, preferences (language, reminders) and reading positions. The relay creates it when the
 * member's first device registers and tells each of their devices its URL.
 */
export interface PrivateDoc {
  schemaVersion: number;
  docType: Imm<"private">;
  memberId: Imm;
  annotations: Record<string, unknown>;
  preferences: Record<string, unknown>;
  readingPositions: Record<string, unknown>;
  createdAt: Imm;
}

/** Field names retired from the private document; never reuse them. */
export const RETIRED_PRIVATE_FIELDS: readonly string[] = [];

/** Ordered migration steps of the private document. */
export const privateMigrations: readonly Migration<PrivateDoc>[] = [
  {
    version: 1,
    name: "v1-private-containers",
    up(doc) {
      const d = doc as Partial<PrivateDoc>;
      if (d.docType === undefined) d.docType = imm("private");
      if (d.annotations === undefined) d.annotations = {};
      if (d.preferences === undefined) d.preferences = {};
      if (d.readingPositions === undefined) d.readingPositions = {};
    },
  },
];

const container = z.record(z.string(), z.unknown());

/** Runtime schema of the private document v1 (on plain JSON). */
export const privateDocSchema = z.object({
  schemaVersion: z.number().int().min(1),
  docType: z.literal("private"),
  memberId: z.string().min(1),
  annotations: container,
  preferences: container,
  readingPositions: container,
  createdAt: z.iso.datetime({ offset: false }),
});

/** Validates a private document (Automerge doc or plain JSON). */
export function validatePrivate(doc: unknown): ValidationResult {
  return toValidationResult(privateDocSchema.safeParse(toPlain(doc)));
}

/** Fills a freshly created document as a member's private document. @param now ms since the epoch */
export function initPrivate(doc: PrivateDoc, input: { memberId: string }, now: number): void {
  migrate(doc, privateMigrations);
  doc.memberId = imm(input.memberId);
  doc.createdAt = imm(instant(now));
}
