import type { ConsultationDoc } from "./consultation-doc.ts";
import {
  ConsultationQuestionKind,
  ConsultationStatus,
  consultationAnswerEntrySchema,
} from "./consultation-doc.ts";
import {
  answerProblems,
  type ConsultationMemberView,
  type ConsultationPhase,
  consultationCutoff,
  consultationPhase,
  consultationView,
  isEmptyAnswer,
} from "./consultation-view.ts";
import { byInstantThenId, cmp, entryKey, readEntries } from "./entries.ts";

/**
 * What became of one submission, checked in this order:
 * - not_named: its member is not (or no longer) named;
 * - late: answered (by the member's device clock) after the cutoff — the deadline, or the close when the
 *   secretary closed early;
 * - invalid: its answers do not fit the questions;
 * - superseded: the member has a later counted submission;
 * - counted.
 */
export const SubmissionStatus = {
  Counted: "counted",
  Superseded: "superseded",
  Invalid: "invalid",
  Late: "late",
  NotNamed: "not_named",
} as const;
export type SubmissionStatus = (typeof SubmissionStatus)[keyof typeof SubmissionStatus];

/** A submission as the count saw it. */
export interface SubmissionAudit {
  readonly id: string;
  readonly memberId: string;
  readonly answeredAt: string;
  readonly status: SubmissionStatus;
}

/** The count of one question. Percentages are of the members who answered it (0–100, one decimal). */
export interface QuestionResult {
  readonly questionId: string;
  readonly text: string;
  readonly kind: ConsultationQuestionKind;
  readonly choices: readonly {
    readonly choiceId: string;
    readonly label: string;
    readonly count: number;
    readonly percent: number | null;
  }[];
  /** Free-text answers and comments, by member name. */
  readonly texts: readonly { readonly memberId: string; readonly fullName: string; readonly text: string }[];
  /** Members with a counted submission that answers this question. */
  readonly answered: number;
  /** Named members without an answer to this question (no submission, or left it empty). */
  readonly notAnswered: readonly ConsultationMemberView[];
}

/** The compiled results of a consultation (derived, never stored). */
export interface ConsultationResults {
  readonly consultationId: string;
  readonly phase: ConsultationPhase;
  /** True once the secretary closed it: the figures no longer change. */
  readonly final: boolean;
  /** Answers after this instant do not count. */
  readonly cutoff: string;
  readonly namedCount: number;
  /** Members with a counted submission, by name, with when they answered. */
  readonly respondents: readonly (ConsultationMemberView & { readonly answeredAt: string })[];
  /** Named members without a counted submission (chưa trả lời), by name — the reminders' recipients. */
  readonly nonRespondents: readonly ConsultationMemberView[];
  readonly questions: readonly QuestionResult[];
  /** Every submission with its status, by member then answeredAt. */
  readonly submissions: readonly SubmissionAudit[];
}

/**
 * Compiles a consultation's results.
 *
 * Deadline rule: a submission counts only if its own `answeredAt` ≤ the cutoff (the deadline, or the
 * secretary's close if earlier), whenever it reaches the document. So a member who answered offline
 * before the deadline and syncs after it is counted; one who answered after it is listed as late. The
 * relay is not trusted to timestamp (it only relays), so the device's clock is the evidence today; a
 * signed answeredAt (device keys, issue 3) will make it attributable, and a relay receipt time can then
 * bound how far a device may back-date. Among a member's counted submissions the latest answeredAt (then
 * id) wins.
 *
 * @param now clock reading, ms since the Unix epoch (for the phase only)
 */
export function consultationResults(doc: ConsultationDoc, now: number): ConsultationResults {
  const view = consultationView(doc);
  const cutoff = consultationCutoff(view);
  const named = new Map(view.members.map((m) => [m.memberId, m]));
  const submissions = readEntries(doc.answers, consultationAnswerEntrySchema, (e) =>
    entryKey(e.memberId, e.id),
  );
  const audits = new Map<string, SubmissionStatus>();
  const latest = new Map<string, (typeof submissions)[number]>();
  const order = byInstantThenId<(typeof submissions)[number]>((s) => s.answeredAt);
  for (const s of submissions) {
    let status: SubmissionStatus = SubmissionStatus.Counted;
    if (!named.has(s.memberId)) status = SubmissionStatus.NotNamed;
    else if (Date.parse(s.answeredAt) > Date.parse(cutoff)) status = SubmissionStatus.Late;
    else if (answerProblems(view.questions, s.answers).length > 0) status = SubmissionStatus.Invalid;
    audits.set(s.id, status);
    if (status !== SubmissionStatus.Counted) continue;
    const seen = latest.get(s.memberId);
    if (!seen || order(s, seen) > 0) {
      if (seen) audits.set(seen.id, SubmissionStatus.Superseded);
      latest.set(s.memberId, s);
    } else {
      audits.set(s.id, SubmissionStatus.Superseded);
    }
  }

  const questions = view.questions.map((q): QuestionResult => {
    const counts = new Map(q.choices.map((c) => [c.id, 0]));
    const texts: { memberId: string; fullName: string; text: string }[] = [];
    const notAnswered: ConsultationMemberView[] = [];
    let answered = 0;
    for (const member of view.members) {
      const a = latest.get(member.memberId)?.answers[q.id];
      if (isEmptyAnswer(a)) {
        notAnswered.push(member);
        continue;
      }
      answered++;
      for (const c of a!.choiceIds) counts.set(c, (counts.get(c) ?? 0) + 1);
      if (a!.text.trim()) texts.push({ memberId: member.memberId, fullName: member.fullName, text: a!.text });
    }
    return {
      questionId: q.id,
      text: q.text,
      kind: q.kind,
      choices:
        q.kind === ConsultationQuestionKind.FreeText
          ? []
          : q.choices.map((c) => ({
              choiceId: c.id,
              label: c.label,
              count: counts.get(c.id) ?? 0,
              percent: answered > 0 ? Math.round(((counts.get(c.id) ?? 0) * 1000) / answered) / 10 : null,
            })),
      texts,
      answered,
      notAnswered,
    };
  });

  return {
    consultationId: view.id,
    phase: consultationPhase(view, now),
    final: view.status === ConsultationStatus.Closed,
    cutoff,
    namedCount: view.members.length,
    respondents: view.members.flatMap((m) => {
      const s = latest.get(m.memberId);
      return s ? [{ ...m, answeredAt: s.answeredAt }] : [];
    }),
    nonRespondents: view.members.filter((m) => !latest.has(m.memberId)),
    questions,
    submissions: submissions
      .map((s) => ({ id: s.id, memberId: s.memberId, answeredAt: s.answeredAt, status: audits.get(s.id)! }))
      .sort(
        (a, b) => cmp(a.memberId, b.memberId) || byInstantThenId<SubmissionAudit>((s) => s.answeredAt)(a, b),
      ),
  };
}

/** Named members who have not answered yet (for reminders before the deadline). */
export function consultationNonRespondents(
  doc: ConsultationDoc,
  now: number,
): readonly ConsultationMemberView[] {
  return consultationResults(doc, now).nonRespondents;
}
