import { z } from "zod";
import { liveContainerSchema } from "../meeting-run/schemas.ts";
import { toPlain } from "../schema/immutable.ts";
import { paperSchema } from "./papers.ts";
import { MEETING_KINDS, MEETING_ROLES, MEETING_STATUSES } from "./types.ts";

const instant = z.iso.datetime({ offset: false });
const nullableInstant = instant.nullable();

const participantSchema = z.object({
  id: z.string().min(1),
  memberId: z.string().nullable(),
  fullName: z.string(),
  position: z.string(),
  role: z.enum(MEETING_ROLES as [string, ...string[]]),
  addedAt: instant,
  removedAt: nullableInstant,
});

const agendaItemSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  presenter: z.string(),
  plannedMinutes: z.number().int().min(0).max(1440),
  description: z.string(),
  orderKey: z.string().min(1),
  createdAt: instant,
  updatedAt: instant,
  deletedAt: nullableInstant,
});

/** Runtime schema of a meeting document v1, checked on plain JSON (see `toPlain`). */
export const meetingDocSchema = z.object({
  schemaVersion: z.number().int().min(1),
  docType: z.literal("meeting"),
  id: z.string().min(1),
  title: z.string(),
  issuingBody: z.string(),
  kind: z.enum(MEETING_KINDS as [string, ...string[]]),
  startsAt: instant,
  endsAt: instant,
  timeZone: z.string().min(1),
  location: z.string(),
  onlineLink: z.string().nullable(),
  status: z.enum(MEETING_STATUSES as [string, ...string[]]),
  participants: z.record(z.string(), participantSchema),
  agenda: z.record(z.string(), agendaItemSchema),
  papers: z.record(z.string(), paperSchema),
  motions: z.record(z.string(), z.unknown()),
  discussionQuestions: z.record(z.string(), z.unknown()),
  opinions: z.record(z.string(), z.unknown()),
  conclusion: z.object({ text: z.string(), sections: z.record(z.string(), z.unknown()), status: z.string() }),
  participationUrl: z.string().startsWith("automerge:").optional(),
  /** From schema v2 (migration `v2-meeting-live`): what the chair and secretaries record while running it. */
  live: liveContainerSchema.optional(),
  createdAt: instant,
  updatedAt: instant,
});

/** One problem found by a validator: a dotted path into the document and a message (English, for logs). */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/** Outcome of validating a document received from storage or a peer. */
export type ValidationResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly issues: ValidationIssue[] };

/** Turns a zod result into a ValidationResult (shared by all document validators). */
export function toValidationResult(result: z.ZodSafeParseResult<unknown>): ValidationResult {
  if (result.success) return { ok: true };
  return {
    ok: false,
    issues: result.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
  };
}

/**
 * Validates a meeting document (an Automerge doc or its plain JSON). Unknown extra fields are allowed
 * (a newer app may add them); missing or mistyped known fields are issues. Also checks that the
 * meeting ends after it starts.
 */
export function validateMeeting(doc: unknown): ValidationResult {
  const plain = toPlain(doc);
  const result = toValidationResult(meetingDocSchema.safeParse(plain));
  if (!result.ok) return result;
  const m = plain as { startsAt: string; endsAt: string };
  if (Date.parse(m.endsAt) < Date.parse(m.startsAt)) {
    return { ok: false, issues: [{ path: "endsAt", message: "meeting ends before it starts" }] };
  }
  return result;
}
