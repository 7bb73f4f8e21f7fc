import { type AutomergeUrl, isValidDocumentId, stringifyAutomergeUrl } from "@automerge/automerge-repo";
import { A, useParams } from "@solidjs/router";
import Papa from "papaparse";
import { createMemo, createSignal, For, type JSX, Match, Show, Switch } from "solid-js";
import {
  CONSULTATION_QUESTION_KINDS,
  type ConsultationQuestionKind,
  type ConsultationQuestionView,
  consultationPhase,
  consultationResults,
  consultationView,
  formatDateTime,
  type QuestionAnswer,
} from "../../../shared/src/index.ts";
import { useMeetingsText } from "../components/meeting/i18n.ts";
import { downloadText, runErrorMessage } from "../components/run/format.ts";
import * as consult from "../state/consultations.ts";
import { createNow } from "../state/meetings.ts";
import { mayCreateMeetings } from "../state/permissions.ts";
import { currentSession } from "../state/session.ts";
import "../components/run/run.css";

/**
 * One written consultation. Admins and secretaries write its questions while it is a draft, send it,
 * follow who answered and close it; the results are compiled per question (counts, shares, written
 * opinions) with every submission's status (late ones are shown, not counted) and exported as CSV or
 * printed. A named member answers here — offline too: the answer counts by the time it was given on the
 * device, however late it reaches the relay, and is refused on the device once the deadline has passed.
 */
export default function Consultation(): JSX.Element {
  const { t } = useMeetingsText();
  const params = useParams<{ id: string }>();
  const url = () =>
    isValidDocumentId(params.id)
      ? (stringifyAutomergeUrl({ documentId: params.id }) as AutomergeUrl)
      : undefined;
  const source = consult.useConsultation(url);
  const now = createNow(5000);
  const view = createMemo(() => {
    const doc = source.doc();
    return doc ? consultationView(doc) : null;
  });
  const results = createMemo(() => {
    const doc = source.doc();
    return doc ? consultationResults(doc, now()) : null;
  });
  const phase = () => (view() ? consultationPhase(view()!, now()) : null);
  const manager = () => mayCreateMeetings();
  const me = () => currentSession()?.memberId;
  const named = () => !!view()?.members.some((m) => m.memberId === me());
  const [error, setError] = createSignal<string>();
  const [status, setStatus] = createSignal("");
  const attempt = (fn: () => void, done = "") => {
    try {
      fn();
      setError(undefined);
      setStatus(done);
      return true;
    } catch (e) {
      setError(runErrorMessage(t, e));
      return false;
    }
  };

  const exportCsv = () => {
    const r = results();
    const v = view();
    if (!r || !v) return;
    const rows: Record<string, string | number>[] = [];
    for (const q of r.questions) {
      for (const c of q.choices)
        rows.push({
          [t("consult.questionText")]: q.text,
          [t("consult.choice")]: c.label,
          [t("consult.count")]: c.count,
          [t("consult.percent")]: c.percent === null ? "" : `${c.percent}%`,
        });
      for (const text of q.texts)
        rows.push({
          [t("consult.questionText")]: q.text,
          [t("consult.choice")]: text.fullName,
          [t("consult.count")]: "",
          [t("consult.percent")]: text.text,
        });
    }
    downloadText(
      `phieu-lay-y-kien-${v.id.slice(0, 8)}.csv`,
      `\uFEFF${Papa.unparse(rows)}`,
      "text/csv;charset=utf-8",
    );
  };

  return (
    <article class="consultation" aria-labelledby="consultation-heading">
      <p class="back-link no-print">
        <A href="/consultations">
          <span aria-hidden="true">←</span>
          {t("consult.back")}
        </A>
      </p>
      <Switch>
        <Match when={source.status() === "loading"}>
          <h1 id="consultation-heading">{t("consult.heading")}</h1>
          <p role="status">{t("consult.loading")}</p>
        </Match>
        <Match when={source.status() === "unavailable"}>
          <h1 id="consultation-heading">{t("consult.heading")}</h1>
          <p class="notice notice-info">{t("consult.unavailable")}</p>
        </Match>
        <Match when={!view()}>
          <h1 id="consultation-heading">{t("consult.heading")}</h1>
          <p class="notice notice-danger">{t("consult.readOnlyDoc")}</p>
        </Match>
        <Match when={view()}>
          {(v) => (
            <>
              <header>
                <p class="eyebrow">{t("consult.heading")}</p>
                <h1 id="consultation-heading">{v().title}</h1>
                <p>
                  <span class={`phase phase-${phase()}`} data-testid="consultation-phase">
                    {t(`consult.phase.${phase()!}`)}
                  </span>{" "}
                  · {t("consult.deadline", { at: formatDateTime(v().deadline) })}
                  <Show when={results()}>
                    {" "}
                    ·{" "}
                    {t("consult.answeredCount", {
                      answered: results()!.respondents.length,
                      named: results()!.namedCount,
                    })}
                  </Show>
                </p>
                <Show when={v().description}>
                  <p class="opinion-text">{v().description}</p>
                </Show>
              </header>
              <Show when={error()}>
                <p class="field-error" role="alert">
                  {error()}
                </p>
              </Show>
              <p class="visually-hidden" role="status">
                {status()}
              </p>

              <Show when={manager() && v().status === "draft"}>
                <section class="run-panel no-print" aria-labelledby="draft-questions-heading">
                  <h2 id="draft-questions-heading">{t("consult.questions")}</h2>
                  <ol>
                    <For each={v().questions}>
                      {(q) => (
                        <li>
                          {q.text} <span class="hint">({t(`consult.kinds.${q.kind}`)})</span>{" "}
                          <Show when={q.choices.length > 0}>
                            <span class="hint">— {q.choices.map((c) => c.label).join(" / ")}</span>
                          </Show>{" "}
                          <button
                            type="button"
                            class="button button-small button-danger"
                            onClick={() => attempt(() => consult.removeQuestion(source, q.id))}
                          >
                            {t("consult.removeQuestion")}
                          </button>
                        </li>
                      )}
                    </For>
                  </ol>
                  <QuestionForm onAdd={(input) => attempt(() => consult.addQuestion(source, input))} />
                  <p class="hint">{t("consult.sendHint")}</p>
                  <button
                    type="button"
                    class="button button-primary"
                    onClick={() => attempt(() => consult.sendConsultation(source), t("consult.phase.open"))}
                  >
                    {t("consult.send")}
                  </button>
                </section>
              </Show>

              <Show when={named() && v().status !== "draft"}>
                <AnswerForm
                  questions={v().questions}
                  disabled={phase() !== "open"}
                  myLastAnswer={
                    results()
                      ?.submissions.filter((s) => s.memberId === me())
                      .at(-1)?.answeredAt ?? null
                  }
                  onSubmit={(answers) =>
                    attempt(() => consult.answerConsultation(source, answers), t("consult.savedOffline"))
                  }
                />
              </Show>
              <Show when={!named() && !manager()}>
                <p class="notice notice-info">{t("consult.notNamed")}</p>
              </Show>

              <Show when={manager() && v().status === "open"}>
                <section class="run-panel no-print" aria-label={t("consult.close")}>
                  <p class="hint">{t("consult.closeHint")}</p>
                  <button
                    type="button"
                    class="button"
                    onClick={() =>
                      attempt(() => consult.closeConsultationNow(source), t("consult.phase.closed"))
                    }
                  >
                    {t("consult.close")}
                  </button>
                </section>
              </Show>

              <Show when={(manager() || v().status === "closed") && v().status !== "draft" && results()}>
                {(r) => (
                  <section class="run-panel printable" aria-labelledby="results-heading">
                    <h2 id="results-heading">{t("consult.resultsHeading")}</h2>
                    <p>{r().final ? t("consult.resultsFinal") : t("consult.resultsLive")}</p>
                    <For each={r().questions}>
                      {(q) => (
                        <div class="question-result">
                          <h3>{q.text}</h3>
                          <Show when={q.choices.length > 0}>
                            <table class="stats-table" data-testid="question-result">
                              <thead>
                                <tr>
                                  <th scope="col">{t("consult.choice")}</th>
                                  <th scope="col">{t("consult.count")}</th>
                                  <th scope="col">{t("consult.percent")}</th>
                                </tr>
                              </thead>
                              <tbody>
                                <For each={q.choices}>
                                  {(c) => (
                                    <tr>
                                      <th scope="row">{c.label}</th>
                                      <td>{c.count}</td>
                                      <td>{c.percent === null ? "—" : `${c.percent} %`}</td>
                                    </tr>
                                  )}
                                </For>
                              </tbody>
                            </table>
                          </Show>
                          <Show when={q.texts.length > 0}>
                            <h4>{t("consult.texts")}</h4>
                            <ul>
                              <For each={q.texts}>
                                {(x) => (
                                  <li>
                                    <strong>{x.fullName}:</strong> {x.text}
                                  </li>
                                )}
                              </For>
                            </ul>
                          </Show>
                        </div>
                      )}
                    </For>
                    <h3>{t("consult.nonRespondents")}</h3>
                    <Show when={r().nonRespondents.length > 0} fallback={<p>{t("consult.allAnswered")}</p>}>
                      <ul data-testid="non-respondents">
                        <For each={r().nonRespondents}>{(m) => <li>{m.fullName}</li>}</For>
                      </ul>
                    </Show>
                    <Show when={manager() && r().submissions.length > 0}>
                      <h3>{t("consult.submissions")}</h3>
                      <div class="table-scroll">
                        <table class="stats-table" data-testid="submissions">
                          <thead>
                            <tr>
                              <th scope="col">{t("opinionsTab.who")}</th>
                              <th scope="col">{t("consult.answeredAt")}</th>
                              <th scope="col">{t("consult.submissions")}</th>
                            </tr>
                          </thead>
                          <tbody>
                            <For each={r().submissions}>
                              {(s) => (
                                <tr>
                                  <th scope="row">
                                    {v().members.find((m) => m.memberId === s.memberId)?.fullName ??
                                      s.memberId}
                                  </th>
                                  <td>{formatDateTime(s.answeredAt)}</td>
                                  <td>{t(`consult.submission.${s.status}`)}</td>
                                </tr>
                              )}
                            </For>
                          </tbody>
                        </table>
                      </div>
                    </Show>
                    <div class="button-row no-print">
                      <button type="button" class="button" onClick={exportCsv}>
                        {t("consult.exportCsv")}
                      </button>
                      <button type="button" class="button" onClick={() => window.print()}>
                        {t("consult.print")}
                      </button>
                    </div>
                  </section>
                )}
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </article>
  );
}

function QuestionForm(props: {
  onAdd: (input: {
    text: string;
    kind: ConsultationQuestionKind;
    choices: { label: string }[];
    allowComment: boolean;
    required: boolean;
  }) => boolean;
}): JSX.Element {
  const { t } = useMeetingsText();
  const [kind, setKind] = createSignal<ConsultationQuestionKind>("single_choice");
  return (
    <form
      class="stack-form"
      aria-label={t("consult.addQuestion")}
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const data = new FormData(form);
        const choices =
          kind() === "free_text"
            ? []
            : String(data.get("choices") ?? "")
                .split("\n")
                .map((l) => l.trim())
                .filter(Boolean)
                .map((label) => ({ label }));
        const ok = props.onAdd({
          text: String(data.get("text") ?? ""),
          kind: kind(),
          choices,
          allowComment: data.get("allowComment") === "on",
          required: data.get("required") === "on",
        });
        if (ok) form.reset();
      }}
    >
      <label for="question-text">{t("consult.questionText")}</label>
      <textarea id="question-text" name="text" rows="2" required />
      <label for="question-kind">{t("consult.kind")}</label>
      <select
        id="question-kind"
        value={kind()}
        onChange={(e) => setKind(e.currentTarget.value as ConsultationQuestionKind)}
      >
        <For each={CONSULTATION_QUESTION_KINDS}>
          {(k) => <option value={k}>{t(`consult.kinds.${k}`)}</option>}
        </For>
      </select>
      <Show when={kind() !== "free_text"}>
        <label for="question-choices">{t("consult.choices")}</label>
        <textarea id="question-choices" name="choices" rows="3" />
        <label class="checkbox">
          <input type="checkbox" name="allowComment" />
          {t("consult.allowComment")}
        </label>
      </Show>
      <label class="checkbox">
        <input type="checkbox" name="required" checked />
        {t("consult.required")}
      </label>
      <button type="submit" class="button">
        {t("consult.addQuestion")}
      </button>
    </form>
  );
}

function AnswerForm(props: {
  questions: readonly ConsultationQuestionView[];
  disabled: boolean;
  myLastAnswer: string | null;
  onSubmit: (answers: Record<string, QuestionAnswer>) => boolean;
}): JSX.Element {
  const { t } = useMeetingsText();
  return (
    <section class="run-panel no-print" aria-labelledby="answer-heading">
      <h2 id="answer-heading">{t("consult.answerHeading")}</h2>
      <Show when={props.myLastAnswer}>
        <p data-testid="my-answer">{t("consult.submitted", { at: formatDateTime(props.myLastAnswer!) })}</p>
      </Show>
      <form
        class="stack-form"
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          const answers: Record<string, QuestionAnswer> = {};
          for (const q of props.questions) {
            const choiceIds = data.getAll(`q-${q.id}`).map(String);
            const text = String(data.get(`text-${q.id}`) ?? "").trim();
            if (choiceIds.length > 0 || text) answers[q.id] = { choiceIds, text };
          }
          props.onSubmit(answers);
        }}
      >
        <For each={props.questions}>
          {(q) => (
            <fieldset class="answer-question">
              <legend>{q.text}</legend>
              <For each={q.choices}>
                {(c) => (
                  <label class="radio">
                    <input
                      type={q.kind === "multiple_choice" ? "checkbox" : "radio"}
                      name={`q-${q.id}`}
                      value={c.id}
                      required={q.required && q.kind === "single_choice" && !q.allowComment}
                    />
                    {c.label}
                  </label>
                )}
              </For>
              <Show when={q.kind === "free_text" || q.allowComment}>
                <label>
                  {q.kind === "free_text" ? t("consult.yourText") : t("consult.comment")}
                  <textarea name={`text-${q.id}`} rows="2" required={q.kind === "free_text" && q.required} />
                </label>
              </Show>
            </fieldset>
          )}
        </For>
        <button type="submit" class="button button-primary" disabled={props.disabled}>
          {t("consult.submit")}
        </button>
      </form>
    </section>
  );
}
