import { z } from "zod";
import { DomainError, ReasonCode } from "../errors.ts";
import type { ValidationResult } from "../meeting/validate.ts";
import { toValidationResult } from "../meeting/validate.ts";
import { type Imm, imm, toPlain } from "../schema/immutable.ts";
import { type Migration, migrate } from "../schema/migrations.ts";
import { instant } from "../time.ts";
import { paperReceiptSchema } from "./receipts.ts";

/**
 * The participation document of one meeting (schema v1): everything every participant writes —
 * attendance, opinions and replies, votes, speaking requests, shared annotations, receipts. It is its
 * own document because its permission differs from the meeting's (every participant writes here; only
 * the chair and secretaries write the meeting document). Each member writes only their own entries,
 * keyed by member id; device signatures prove whose an entry is.
 */
export interface ParticipationDoc {
  schemaVersion: number;
  docType: Imm<"participation">;
  meetingId: Imm;
  /** automerge URL of the meeting document this belongs to. */
  meetingUrl: Imm;
  attendance: Record<string, unknown>;
  opinions: Record<string, unknown>;
  votes: Record<string, unknown>;
  speakingRequests: Record<string, unknown>;
  sharedAnnotations: Record<string, unknown>;
  receipts: Record<string, unknown>;
  createdAt: Imm;
}

/** Field names retired from the participation document; never reuse them. */
export const RETIRED_PARTICIPATION_FIELDS: readonly string[] = [];

/** Ordered migration steps of the participation document. */
export const participationMigrations: readonly Migration<ParticipationDoc>[] = [
  {
    version: 1,
    name: "v1-participation-containers",
    up(doc) {
      const d = doc as Partial<ParticipationDoc>;
      if (d.docType === undefined) d.docType = imm("participation");
      for (const key of [
        "attendance",
        "opinions",
        "votes",
        "speakingRequests",
        "sharedAnnotations",
        "receipts",
      ] as const) {
        if (d[key] === undefined) d[key] = {};
      }
    },
  },
];

const instantSchema = z.iso.datetime({ offset: false });
const container = z.record(z.string(), z.unknown());

/** Runtime schema of the participation document v1 (on plain JSON). */
export const participationDocSchema = z.object({
  schemaVersion: z.number().int().min(1),
  docType: z.literal("participation"),
  meetingId: z.string().min(1),
  meetingUrl: z.string().startsWith("automerge:"),
  attendance: container,
  opinions: container,
  votes: container,
  speakingRequests: container,
  sharedAnnotations: container,
  receipts: z.record(z.string(), paperReceiptSchema),
  createdAt: instantSchema,
});

/** Validates a participation document (Automerge doc or plain JSON). */
export function validateParticipation(doc: unknown): ValidationResult {
  return toValidationResult(participationDocSchema.safeParse(toPlain(doc)));
}

/**
 * Fills a freshly created document as the participation document of a meeting.
 * @param now ms since the Unix epoch
 * @throws DomainError(invalid_input) when meetingUrl is not an automerge URL
 */
export function initParticipation(
  doc: ParticipationDoc,
  input: { meetingId: string; meetingUrl: string },
  now: number,
): void {
  if (!input.meetingUrl.startsWith("automerge:")) {
    throw new DomainError(ReasonCode.InvalidInput, `meetingUrl: not an automerge URL: ${input.meetingUrl}`);
  }
  migrate(doc, participationMigrations);
  doc.meetingId = imm(input.meetingId);
  doc.meetingUrl = imm(input.meetingUrl);
  doc.createdAt = imm(instant(now));
}
