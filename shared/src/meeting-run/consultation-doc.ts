import { z } from "zod";
import { DomainError, ReasonCode } from "../errors.ts";
import { type Brand, newId } from "../ids.ts";
import type { UtcInstant } from "../meeting/types.ts";
import { toValidationResult, type ValidationResult } from "../meeting/validate.ts";
import { type Imm, imm, toPlain } from "../schema/immutable.ts";
import { type Migration, migrate } from "../schema/migrations.ts";
import { instant } from "../time.ts";
import { memberIdSchema, parseInput } from "./entries.ts";

export type ConsultationId = Brand<string, "ConsultationId">;
export type ConsultationQuestionId = Brand<string, "ConsultationQuestionId">;

/** Life of a written consultation (phiếu lấy ý kiến): draft → open (sent) → closed by the secretary. */
export const ConsultationStatus = {
  Draft: "draft",
  Open: "open",
  Closed: "closed",
} as const;
export type ConsultationStatus = (typeof ConsultationStatus)[keyof typeof ConsultationStatus];
export const CONSULTATION_STATUSES: readonly ConsultationStatus[] = Object.values(ConsultationStatus);

/** What a question asks for: one choice, several choices, or free text only. */
export const ConsultationQuestionKind = {
  SingleChoice: "single_choice",
  MultipleChoice: "multiple_choice",
  FreeText: "free_text",
} as const;
export type ConsultationQuestionKind =
  (typeof ConsultationQuestionKind)[keyof typeof ConsultationQuestionKind];
export const CONSULTATION_QUESTION_KINDS: readonly ConsultationQuestionKind[] =
  Object.values(ConsultationQuestionKind);

/** One option of a choice question. */
export interface ConsultationChoice {
  id: Imm;
  label: string;
}

/**
 * A question of a consultation. `choices` is replaced as a whole on edit (never spliced), so two
 * concurrent edits resolve to one list and never interleave into duplicates.
 */
export interface ConsultationQuestion {
  id: Imm<ConsultationQuestionId>;
  text: string;
  kind: Imm<ConsultationQuestionKind>;
  choices: ConsultationChoice[];
  /** A choice question also takes a free-text comment ("ý kiến khác"). */
  allowComment: boolean;
  required: boolean;
  orderKey: Imm;
  createdAt: Imm<UtcInstant>;
  updatedAt: Imm<UtcInstant>;
  deletedAt: Imm<UtcInstant> | null;
}

/** A named member the consultation is sent to (written by the secretary only; keyed by member id). */
export interface ConsultationMember {
  memberId: Imm;
  fullName: string;
  addedAt: Imm<UtcInstant>;
  removedAt: Imm<UtcInstant> | null;
}

/** A member's answer to one question: chosen choice ids and/or text. */
export interface QuestionAnswerEntry {
  choiceIds: Imm[];
  text: string;
}

/**
 * One submission of a member's answers, written whole and never changed, keyed `${memberId}:${id}`.
 * A member may submit again before the deadline; the latest counted one is theirs.
 */
export interface ConsultationAnswerEntry {
  id: Imm;
  memberId: Imm;
  /** The member's device clock when they answered (offline too). */
  answeredAt: Imm<UtcInstant>;
  answers: Record<string, QuestionAnswerEntry>;
}

/**
 * The document of one written consultation (schema v1): its own document because its readers are the
 * named members, not a meeting's participants. The secretary writes everything but `answers`; each named
 * member writes only their own answer entries.
 */
export interface ConsultationDoc {
  schemaVersion: number;
  docType: Imm<"consultation">;
  id: Imm<ConsultationId>;
  title: string;
  description: string;
  /** The meeting this consultation belongs to (e.g. a meeting of kind written_consultation), or null. */
  meetingId: Imm | null;
  status: Imm<ConsultationStatus>;
  /** Answers with answeredAt after this instant do not count. */
  deadline: Imm<UtcInstant>;
  openedAt: Imm<UtcInstant> | null;
  closedAt: Imm<UtcInstant> | null;
  members: Record<string, ConsultationMember>;
  questions: Record<string, ConsultationQuestion>;
  answers: Record<string, ConsultationAnswerEntry>;
  createdAt: Imm<UtcInstant>;
  updatedAt: Imm<UtcInstant>;
}

/** Field names retired from the consultation document; never reuse them. */
export const RETIRED_CONSULTATION_FIELDS: readonly string[] = [];

/** Ordered migration steps of the consultation document. */
export const consultationMigrations: readonly Migration<ConsultationDoc>[] = [
  {
    version: 1,
    name: "v1-consultation-containers",
    up(doc) {
      const d = doc as Partial<ConsultationDoc>;
      if (d.docType === undefined) d.docType = imm("consultation");
      if (d.title === undefined) d.title = "";
      if (d.description === undefined) d.description = "";
      if (d.meetingId === undefined) d.meetingId = null;
      if (d.openedAt === undefined) d.openedAt = null;
      if (d.closedAt === undefined) d.closedAt = null;
      if (d.members === undefined) d.members = {};
      if (d.questions === undefined) d.questions = {};
      if (d.answers === undefined) d.answers = {};
    },
  },
];

const instantSchema = z.iso.datetime({ offset: false });
const idSchema = z.string().min(1).max(200);

export const consultationQuestionSchema = z.object({
  id: idSchema,
  text: z.string().max(5000),
  kind: z.enum(CONSULTATION_QUESTION_KINDS as [ConsultationQuestionKind, ...ConsultationQuestionKind[]]),
  choices: z.array(z.object({ id: idSchema, label: z.string().max(500) })).max(50),
  allowComment: z.boolean(),
  required: z.boolean(),
  orderKey: z.string().min(1),
  createdAt: instantSchema,
  updatedAt: instantSchema,
  deletedAt: instantSchema.nullable(),
});

export const consultationMemberSchema = z.object({
  memberId: idSchema,
  fullName: z.string().max(200),
  addedAt: instantSchema,
  removedAt: instantSchema.nullable(),
});

export const consultationAnswerEntrySchema = z.object({
  id: idSchema,
  memberId: idSchema,
  answeredAt: instantSchema,
  answers: z.record(
    z.string(),
    z.object({ choiceIds: z.array(idSchema).max(50), text: z.string().max(20_000) }),
  ),
});

/**
 * Runtime schema of the consultation document v1 (on plain JSON). Answer entries are checked one by
 * one when counted (a malformed answer from a peer is skipped, not a broken document).
 */
export const consultationDocSchema = z.object({
  schemaVersion: z.number().int().min(1),
  docType: z.literal("consultation"),
  id: idSchema,
  title: z.string(),
  description: z.string(),
  meetingId: idSchema.nullable(),
  status: z.enum(CONSULTATION_STATUSES as [ConsultationStatus, ...ConsultationStatus[]]),
  deadline: instantSchema,
  openedAt: instantSchema.nullable(),
  closedAt: instantSchema.nullable(),
  members: z.record(z.string(), consultationMemberSchema),
  questions: z.record(z.string(), consultationQuestionSchema),
  answers: z.record(z.string(), z.unknown()),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});

/** Validates a consultation document (Automerge doc or plain JSON). */
export function validateConsultation(doc: unknown): ValidationResult {
  return toValidationResult(consultationDocSchema.safeParse(toPlain(doc)));
}

/** A named member as the secretary enters them. */
export const consultationMemberInputSchema = z.object({
  memberId: memberIdSchema,
  fullName: z.string().trim().min(1).max(200),
});
export type ConsultationMemberInput = z.infer<typeof consultationMemberInputSchema>;

/** What `initConsultation` needs. `deadline` is a UTC instant ("…Z"). */
export const newConsultationSchema = z.object({
  title: z.string().trim().min(1).max(500),
  description: z.string().max(20_000),
  deadline: instantSchema,
  meetingId: idSchema.nullable().optional(),
  members: z.array(consultationMemberInputSchema).max(10_000),
});
export type NewConsultationInput = z.infer<typeof newConsultationSchema>;

/**
 * Fills a freshly created document as a draft consultation: runs every migration step, then writes the
 * details and the named members. Returns its id.
 * @param now ms since the Unix epoch
 * @throws DomainError(invalid_input) for bad input, a deadline not after now, or a member named twice
 */
export function initConsultation(
  doc: ConsultationDoc,
  input: NewConsultationInput,
  now: number,
): ConsultationId {
  const c = parseInput(newConsultationSchema, input);
  if (Date.parse(c.deadline) <= now) {
    throw new DomainError(ReasonCode.InvalidInput, "deadline: must be in the future", {
      issues: [{ path: "deadline", message: "deadline_not_future" }],
    });
  }
  if (new Set(c.members.map((m) => m.memberId)).size !== c.members.length) {
    throw new DomainError(ReasonCode.InvalidInput, "members: a member is named twice");
  }
  migrate(doc, consultationMigrations);
  const id = newId<ConsultationId>();
  const at = instant(now);
  doc.id = imm(id);
  doc.title = c.title;
  doc.description = c.description;
  doc.meetingId = c.meetingId ? imm(c.meetingId) : null;
  doc.status = imm(ConsultationStatus.Draft);
  doc.deadline = imm(instant(Date.parse(c.deadline)));
  for (const m of c.members) {
    doc.members[m.memberId] = {
      memberId: imm(m.memberId),
      fullName: m.fullName,
      addedAt: imm(at),
      removedAt: null,
    };
  }
  doc.createdAt = imm(at);
  doc.updatedAt = imm(at);
  return id;
}
