import { byPosition } from "../meeting/ordering.ts";
import { type Imm, str, toPlain } from "../schema/immutable.ts";
import {
  type ConsultationDoc,
  ConsultationQuestionKind,
  ConsultationStatus,
  consultationMemberSchema,
  consultationQuestionSchema,
} from "./consultation-doc.ts";
import { cmp, compareVietnamese } from "./entries.ts";

/** A consultation question as plain data. */
export interface ConsultationQuestionView {
  readonly id: string;
  readonly text: string;
  readonly kind: ConsultationQuestionKind;
  readonly choices: readonly { readonly id: string; readonly label: string }[];
  readonly allowComment: boolean;
  readonly required: boolean;
  readonly orderKey: string;
}

/** A named member as plain data. */
export interface ConsultationMemberView {
  readonly memberId: string;
  readonly fullName: string;
}

/** A consultation as plain data: visible questions in order, named members (not removed) by name. */
export interface ConsultationView {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly meetingId: string | null;
  readonly status: ConsultationStatus;
  readonly deadline: string;
  readonly openedAt: string | null;
  readonly closedAt: string | null;
  readonly questions: readonly ConsultationQuestionView[];
  readonly members: readonly ConsultationMemberView[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * The visible questions of a consultation in order, as plain data (reads only `questions`: cheap on a
 * document with many members, e.g. inside a change).
 */
export function consultationQuestions(doc: ConsultationDoc): ConsultationQuestionView[] {
  return Object.values(toPlain(doc.questions) as Record<string, unknown>)
    .flatMap((q) => {
      const parsed = consultationQuestionSchema.safeParse(q);
      return parsed.success && parsed.data.deletedAt === null ? [parsed.data] : [];
    })
    .sort(byPosition)
    .map(
      (q): ConsultationQuestionView => ({
        id: q.id,
        text: q.text,
        kind: q.kind,
        choices: q.choices,
        allowComment: q.allowComment,
        required: q.required,
        orderKey: q.orderKey,
      }),
    );
}

/** Reads a consultation document into a {@link ConsultationView}. The doc must be valid (validateConsultation). */
export function consultationView(doc: ConsultationDoc): ConsultationView {
  const questions = consultationQuestions(doc);
  const members = Object.entries(toPlain(doc.members) as Record<string, unknown>)
    .flatMap(([key, m]) => {
      const parsed = consultationMemberSchema.safeParse(m);
      return parsed.success && parsed.data.memberId === key && parsed.data.removedAt === null
        ? [parsed.data]
        : [];
    })
    .map((m) => ({ memberId: m.memberId, fullName: m.fullName }))
    .sort((a, b) => compareVietnamese(a.fullName, b.fullName) || cmp(a.memberId, b.memberId));
  return {
    id: str(doc.id)!,
    title: doc.title,
    description: doc.description,
    meetingId: str(doc.meetingId as Imm | null) ?? null,
    status: str(doc.status) as ConsultationStatus,
    deadline: str(doc.deadline)!,
    openedAt: str(doc.openedAt as Imm | null) ?? null,
    closedAt: str(doc.closedAt as Imm | null) ?? null,
    questions,
    members,
    createdAt: str(doc.createdAt)!,
    updatedAt: str(doc.updatedAt)!,
  };
}

/** Where a consultation stands at a moment (derived). */
export const ConsultationPhase = {
  Draft: "draft",
  /** Sent and before its deadline: answers are accepted. */
  Open: "open",
  /** Past the deadline, waiting for the secretary to close it (answers cast in time may still sync). */
  AwaitingClose: "awaiting_close",
  Closed: "closed",
} as const;
export type ConsultationPhase = (typeof ConsultationPhase)[keyof typeof ConsultationPhase];

/**
 * The consultation's phase at `now` (ms since the Unix epoch). The deadline itself still accepts
 * answers (answeredAt ≤ deadline).
 */
export function consultationPhase(
  view: Pick<ConsultationView, "status" | "deadline">,
  now: number,
): ConsultationPhase {
  if (view.status === ConsultationStatus.Draft) return ConsultationPhase.Draft;
  if (view.status === ConsultationStatus.Closed) return ConsultationPhase.Closed;
  return now <= Date.parse(view.deadline) ? ConsultationPhase.Open : ConsultationPhase.AwaitingClose;
}

/**
 * The instant after which no answer counts: the deadline, or the close when the secretary closed the
 * consultation early.
 */
export function consultationCutoff(view: Pick<ConsultationView, "deadline" | "closedAt">): string {
  if (view.closedAt !== null && Date.parse(view.closedAt) < Date.parse(view.deadline)) return view.closedAt;
  return view.deadline;
}

/** A member's answer to one question as submitted: chosen choice ids and/or text. */
export interface QuestionAnswer {
  readonly choiceIds?: readonly string[];
  readonly text?: string;
}

/** An answer is empty when it has no choice and no non-blank text. */
export function isEmptyAnswer(answer: QuestionAnswer | undefined): boolean {
  return !answer || ((answer.choiceIds ?? []).length === 0 && (answer.text ?? "").trim() === "");
}

/**
 * What is wrong with a set of answers against the questions: unknown questions or choices, a second
 * choice on a single-choice question, choices on a free-text question, text where no comment is
 * allowed, a required question left empty. Empty list = acceptable.
 */
export function answerProblems(
  questions: readonly ConsultationQuestionView[],
  answers: Readonly<Record<string, QuestionAnswer>>,
): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const id of Object.keys(answers)) {
    if (!byId.has(id)) problems.push({ path: `answers.${id}`, message: "unknown_question" });
  }
  for (const q of questions) {
    const a = answers[q.id];
    const path = `answers.${q.id}`;
    if (isEmptyAnswer(a)) {
      if (q.required) problems.push({ path, message: "required" });
      continue;
    }
    const choiceIds = a!.choiceIds ?? [];
    const text = (a!.text ?? "").trim();
    const known = new Set(q.choices.map((c) => c.id));
    if (choiceIds.some((c) => !known.has(c))) problems.push({ path, message: "unknown_choice" });
    if (new Set(choiceIds).size !== choiceIds.length) problems.push({ path, message: "duplicate_choice" });
    switch (q.kind) {
      case ConsultationQuestionKind.FreeText:
        if (choiceIds.length > 0) problems.push({ path, message: "choices_on_free_text" });
        break;
      case ConsultationQuestionKind.SingleChoice:
        if (choiceIds.length > 1) problems.push({ path, message: "more_than_one_choice" });
        if (choiceIds.length === 0 && !(q.allowComment && text))
          problems.push({ path, message: "no_choice" });
        if (text && !q.allowComment) problems.push({ path, message: "comment_not_allowed" });
        break;
      case ConsultationQuestionKind.MultipleChoice:
        if (choiceIds.length === 0 && !(q.allowComment && text))
          problems.push({ path, message: "no_choice" });
        if (text && !q.allowComment) problems.push({ path, message: "comment_not_allowed" });
        break;
    }
  }
  return problems;
}
