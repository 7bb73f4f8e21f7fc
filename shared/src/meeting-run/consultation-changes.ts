import { updateText } from "@automerge/automerge";
import { z } from "zod";
import { DomainError, ReasonCode } from "../errors.ts";
import { newId } from "../ids.ts";
import { byPosition, type Positioned, positionAt, untieAt } from "../meeting/ordering.ts";
import { imm, str } from "../schema/immutable.ts";
import { instant } from "../time.ts";
import {
  CONSULTATION_QUESTION_KINDS,
  type ConsultationDoc,
  type ConsultationMemberInput,
  type ConsultationQuestion,
  type ConsultationQuestionId,
  ConsultationQuestionKind,
  ConsultationStatus,
  consultationMemberInputSchema,
} from "./consultation-doc.ts";
import {
  answerProblems,
  consultationQuestions,
  consultationView,
  isEmptyAnswer,
  type QuestionAnswer,
} from "./consultation-view.ts";
import { entryKey, memberIdSchema, parseInput } from "./entries.ts";
import { RunRefusal, refuseInput, refuseNow } from "./refusals.ts";

function touch(doc: ConsultationDoc, now: number): void {
  doc.updatedAt = imm(instant(now));
}

function statusOf(doc: ConsultationDoc): ConsultationStatus {
  return str(doc.status) as ConsultationStatus;
}

function requireNotClosed(doc: ConsultationDoc): void {
  if (statusOf(doc) === ConsultationStatus.Closed) {
    throw refuseNow(RunRefusal.ConsultationClosed, "the consultation is closed");
  }
}

/** Questions change only in draft: once sent, answers refer to them. */
function requireDraft(doc: ConsultationDoc): void {
  if (statusOf(doc) !== ConsultationStatus.Draft) {
    throw refuseNow(RunRefusal.QuestionsFrozen, "questions of a sent consultation cannot change");
  }
}

function requireFutureDeadline(deadline: string, now: number): void {
  if (Date.parse(deadline) <= now) {
    throw new DomainError(ReasonCode.InvalidInput, "deadline: must be in the future", {
      issues: [{ path: "deadline", message: "deadline_not_future" }],
    });
  }
}

export const consultationDetailsPatchSchema = z.object({
  title: z.string().trim().min(1).max(500).optional(),
  description: z.string().max(20_000).optional(),
  deadline: z.iso.datetime({ offset: false }).optional(),
});
export type ConsultationDetailsPatch = z.infer<typeof consultationDetailsPatchSchema>;

/**
 * Edits the title, description or deadline while not closed. Moving the deadline of a sent consultation
 * (gia hạn, or shortening) applies to answers not yet counted: the rule reads the deadline in force.
 * @throws DomainError(invalid_input) for bad input or a deadline not after now;
 *   DomainError(invalid_transition), reason consultation_closed
 */
export function updateConsultationDetails(
  doc: ConsultationDoc,
  patch: ConsultationDetailsPatch,
  now: number,
): void {
  const p = parseInput(consultationDetailsPatchSchema, patch);
  requireNotClosed(doc);
  if (p.deadline !== undefined) requireFutureDeadline(p.deadline, now);
  if (p.title !== undefined && p.title !== doc.title) updateText(doc, ["title"], p.title);
  if (p.description !== undefined && p.description !== doc.description) {
    updateText(doc, ["description"], p.description);
  }
  if (p.deadline !== undefined) doc.deadline = imm(instant(Date.parse(p.deadline)));
  touch(doc, now);
}

/**
 * Names a member (again, if removed earlier) while the consultation is not closed.
 * @throws DomainError(invalid_input); DomainError(invalid_transition), reason consultation_closed
 */
export function addConsultationMember(
  doc: ConsultationDoc,
  input: ConsultationMemberInput,
  now: number,
): void {
  const m = parseInput(consultationMemberInputSchema, input);
  requireNotClosed(doc);
  const existing = doc.members[m.memberId];
  if (existing) {
    existing.removedAt = null;
    if (existing.fullName !== m.fullName) updateText(doc, ["members", m.memberId, "fullName"], m.fullName);
  } else {
    doc.members[m.memberId] = {
      memberId: imm(m.memberId),
      fullName: m.fullName,
      addedAt: imm(instant(now)),
      removedAt: null,
    };
  }
  touch(doc, now);
}

/**
 * Removes a named member (soft); their answers no longer count.
 * @throws DomainError(not_found); DomainError(invalid_transition), reason consultation_closed
 */
export function removeConsultationMember(doc: ConsultationDoc, memberId: string, now: number): void {
  requireNotClosed(doc);
  const existing = doc.members[memberId];
  if (!existing) throw new DomainError(ReasonCode.NotFound, `member ${memberId}`);
  if (!existing.removedAt) existing.removedAt = imm(instant(now));
  touch(doc, now);
}

/** A question as the secretary enters it. Choices keep their id on edit when given one. */
export const consultationQuestionInputSchema = z
  .object({
    text: z.string().trim().min(1).max(5000),
    kind: z.enum(CONSULTATION_QUESTION_KINDS as [ConsultationQuestionKind, ...ConsultationQuestionKind[]]),
    choices: z
      .array(
        z.object({ id: z.string().min(1).max(200).optional(), label: z.string().trim().min(1).max(500) }),
      )
      .max(50),
    allowComment: z.boolean().default(false),
    required: z.boolean().default(true),
  })
  .superRefine((q, ctx) => {
    if (q.kind === ConsultationQuestionKind.FreeText && q.choices.length > 0) {
      ctx.addIssue({ code: "custom", path: ["choices"], message: "a free-text question has no choices" });
    }
    if (q.kind !== ConsultationQuestionKind.FreeText && q.choices.length < 2) {
      ctx.addIssue({
        code: "custom",
        path: ["choices"],
        message: "a choice question needs at least two choices",
      });
    }
    const labels = q.choices.map((c) => c.label.toLocaleLowerCase("vi"));
    if (new Set(labels).size !== labels.length) {
      ctx.addIssue({ code: "custom", path: ["choices"], message: "two choices have the same label" });
    }
  });
export type ConsultationQuestionInput = z.input<typeof consultationQuestionInputSchema>;

function choicesFor(
  input: readonly { id?: string | undefined; label: string }[],
  existing: readonly { id: string }[] = [],
) {
  const known = new Set(existing.map((c) => c.id));
  const used = new Set<string>();
  return input.map((c) => {
    const id = c.id && known.has(c.id) && !used.has(c.id) ? c.id : newId();
    used.add(id);
    return { id: imm(id), label: c.label };
  });
}

function visibleQuestions(doc: ConsultationDoc, exclude?: string): Positioned[] {
  return Object.values(doc.questions)
    .filter((q) => !q.deletedAt && str(q.id) !== exclude)
    .map((q) => ({ id: str(q.id)!, orderKey: str(q.orderKey)! }))
    .sort(byPosition);
}

function questionsForInsertAt(doc: ConsultationDoc, index: number, exclude?: string): Positioned[] {
  const sorted = visibleQuestions(doc, exclude);
  if (!Number.isInteger(index) || index < 0 || index > sorted.length) {
    throw new RangeError(`index ${index} outside 0…${sorted.length}`);
  }
  const untied = untieAt(sorted, index);
  if (untied.length === 0) return sorted;
  for (const { id, orderKey } of untied) doc.questions[id]!.orderKey = imm(orderKey);
  return visibleQuestions(doc, exclude);
}

function liveQuestion(doc: ConsultationDoc, id: string): ConsultationQuestion {
  const q = doc.questions[id];
  if (!q) throw new DomainError(ReasonCode.NotFound, `question ${id}`);
  if (q.deletedAt) throw new DomainError(ReasonCode.Deleted, `question ${id} was deleted`);
  return q;
}

/**
 * Adds a question at `atIndex` (default: last), in draft only. Returns its id.
 * @throws DomainError(invalid_input); DomainError(invalid_transition), reason questions_frozen;
 *   RangeError for an index outside 0…count
 */
export function addConsultationQuestion(
  doc: ConsultationDoc,
  input: ConsultationQuestionInput,
  now: number,
  atIndex?: number,
): ConsultationQuestionId {
  const q = parseInput(consultationQuestionInputSchema, input);
  requireDraft(doc);
  const index = atIndex ?? visibleQuestions(doc).length;
  const sorted = questionsForInsertAt(doc, index);
  const id = newId<ConsultationQuestionId>();
  doc.questions[id] = {
    id: imm(id),
    text: q.text,
    kind: imm(q.kind),
    choices: choicesFor(q.choices),
    allowComment: q.allowComment,
    required: q.required,
    orderKey: imm(positionAt(sorted, index)),
    createdAt: imm(instant(now)),
    updatedAt: imm(instant(now)),
    deletedAt: null,
  };
  touch(doc, now);
  return id;
}

/**
 * Edits a question in draft. The merged question is checked as a whole; choices are replaced as a whole.
 * @throws DomainError(invalid_input | not_found | deleted); DomainError(invalid_transition), reason questions_frozen
 */
export function editConsultationQuestion(
  doc: ConsultationDoc,
  id: ConsultationQuestionId,
  patch: Partial<ConsultationQuestionInput>,
  now: number,
): void {
  requireDraft(doc);
  const q = liveQuestion(doc, id);
  const current = {
    text: q.text,
    kind: str(q.kind) as ConsultationQuestionKind,
    choices: q.choices.map((c) => ({ id: str(c.id)!, label: c.label })),
    allowComment: q.allowComment,
    required: q.required,
  };
  const merged = parseInput(consultationQuestionInputSchema, { ...current, ...patch });
  if (merged.text !== q.text) updateText(doc, ["questions", id, "text"], merged.text);
  if (merged.kind !== current.kind) q.kind = imm(merged.kind);
  if (patch.choices !== undefined) q.choices = choicesFor(merged.choices, current.choices);
  if (merged.allowComment !== q.allowComment) q.allowComment = merged.allowComment;
  if (merged.required !== q.required) q.required = merged.required;
  q.updatedAt = imm(instant(now));
  touch(doc, now);
}

/**
 * Moves a question to `toIndex` among the visible questions, in draft.
 * @throws DomainError(not_found | deleted); DomainError(invalid_transition), reason questions_frozen
 */
export function moveConsultationQuestion(
  doc: ConsultationDoc,
  id: ConsultationQuestionId,
  toIndex: number,
  now: number,
): void {
  requireDraft(doc);
  const q = liveQuestion(doc, id);
  const others = questionsForInsertAt(doc, toIndex, id);
  q.orderKey = imm(positionAt(others, toIndex));
  touch(doc, now);
}

/**
 * Removes a question (soft), in draft.
 * @throws DomainError(not_found); DomainError(invalid_transition), reason questions_frozen
 */
export function removeConsultationQuestion(
  doc: ConsultationDoc,
  id: ConsultationQuestionId,
  now: number,
): void {
  requireDraft(doc);
  const q = doc.questions[id];
  if (!q) throw new DomainError(ReasonCode.NotFound, `question ${id}`);
  if (!q.deletedAt) q.deletedAt = imm(instant(now));
  touch(doc, now);
}

/**
 * Sends the consultation: draft → open. Needs at least one question, one named member, and a deadline
 * after now. (Notifications and reminders come from the reminders issue.)
 * @throws DomainError(invalid_transition) unless draft; DomainError(invalid_input) when incomplete
 */
export function openConsultation(doc: ConsultationDoc, now: number): void {
  if (statusOf(doc) !== ConsultationStatus.Draft) {
    throw new DomainError(ReasonCode.InvalidTransition, `cannot open a ${statusOf(doc)} consultation`);
  }
  const view = consultationView(doc);
  if (view.questions.length === 0) throw new DomainError(ReasonCode.InvalidInput, "questions: none");
  if (view.members.length === 0) throw new DomainError(ReasonCode.InvalidInput, "members: none named");
  requireFutureDeadline(view.deadline, now);
  doc.status = imm(ConsultationStatus.Open);
  doc.openedAt = imm(instant(now));
  touch(doc, now);
}

/**
 * The secretary closes the consultation: open → closed. Closing before the deadline ends it early
 * (answers after the close do not count). Results are final once closed.
 * @throws DomainError(invalid_transition) unless open
 */
export function closeConsultation(doc: ConsultationDoc, now: number): void {
  if (statusOf(doc) !== ConsultationStatus.Open) {
    throw new DomainError(ReasonCode.InvalidTransition, `cannot close a ${statusOf(doc)} consultation`);
  }
  doc.status = imm(ConsultationStatus.Closed);
  doc.closedAt = imm(instant(now));
  touch(doc, now);
}

const answersSchema = z.record(
  z.string().min(1),
  z.object({
    choiceIds: z.array(z.string().min(1).max(200)).max(50).optional(),
    text: z.string().max(20_000).optional(),
  }),
);

/**
 * A named member answers (phiếu lấy ý kiến), on their device, online or offline. Writes one new
 * submission of the member's own; a later submission before the deadline replaces the earlier one.
 * Returns the submission's id.
 *
 * Refused when, on this device's copy at `now`: the consultation is a draft or closed, `now` is after
 * the deadline, or the member is not named. What counts after syncing is decided by
 * `consultationResults` (answeredAt ≤ deadline, and ≤ close when closed early).
 *
 * @param answers by question id: chosen choice ids and/or text
 * @param now ms since the Unix epoch (the device clock, recorded as answeredAt)
 * @throws DomainError(invalid_transition) with reason consultation_not_open, consultation_closed or
 *   deadline_passed; DomainError(invalid_input) with reason not_named, or with `details.issues` for
 *   answers that do not fit the questions
 */
export function submitAnswer(
  doc: ConsultationDoc,
  memberId: string,
  answers: Readonly<Record<string, QuestionAnswer>>,
  now: number,
): string {
  const member = parseInput(memberIdSchema, memberId);
  const given = parseInput(answersSchema, answers);
  // Reads only the status, deadline, this member and the questions: a full view of a consultation
  // with hundreds of members is slow to read inside a change.
  const status = str(doc.status);
  const deadline = str(doc.deadline) ?? "";
  if (status === ConsultationStatus.Draft) {
    throw refuseNow(RunRefusal.ConsultationNotOpen, "the consultation has not been sent");
  }
  if (status === ConsultationStatus.Closed) {
    throw refuseNow(RunRefusal.ConsultationClosed, "the consultation is closed");
  }
  if (now > Date.parse(deadline)) {
    throw refuseNow(RunRefusal.DeadlinePassed, `the deadline ${deadline} has passed`, { deadline });
  }
  const named = doc.members[member];
  if (!named || str(named.memberId) !== member || named.removedAt) {
    throw refuseInput(RunRefusal.NotNamed, `member ${member} is not named in this consultation`);
  }
  const questions = consultationQuestions(doc);
  const problems = answerProblems(questions, given);
  if (problems.length > 0) {
    throw new DomainError(
      ReasonCode.InvalidInput,
      problems.map((p) => `${p.path}: ${p.message}`).join("; "),
      {
        issues: problems,
      },
    );
  }
  const id = newId();
  const stored: Record<string, { choiceIds: ReturnType<typeof imm>[]; text: string }> = {};
  for (const q of questions) {
    const a = given[q.id];
    if (isEmptyAnswer(a)) continue;
    stored[q.id] = { choiceIds: (a!.choiceIds ?? []).map((c) => imm(c)), text: (a!.text ?? "").trim() };
  }
  doc.answers[entryKey(member, id)] = {
    id: imm(id),
    memberId: imm(member),
    answeredAt: imm(instant(now)),
    answers: stored,
  };
  return id;
}
