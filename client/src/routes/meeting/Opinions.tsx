import Papa from "papaparse";
import { createMemo, createSignal, For, type JSX, Show } from "solid-js";
import {
  allOpinions,
  compileOpinions,
  discussionQuestions,
  formatDateTime,
  type MeetingDoc,
  meetingView,
  type OpinionThread,
  type ParticipationDoc,
  STANCES,
  type Stance,
} from "../../../../shared/src/index.ts";
import { DocStateNotice } from "../../components/meeting/DocStateNotice.tsx";
import { useMeetingsText } from "../../components/meeting/i18n.ts";
import { useCurrentMeeting } from "../../components/meeting/MeetingLayout.tsx";
import { downloadText, runErrorMessage } from "../../components/run/format.ts";
import * as run from "../../state/meeting-run.ts";
import { accessSubject, canEditMeeting } from "../../state/permissions.ts";
import { currentSession } from "../../state/session.ts";
import "../../components/run/run.css";

/** "" stands for the item's general opinions (no question). */
type TargetKey = string;

/**
 * Opinions (ý kiến): the secretary sets discussion questions per agenda item; participants post
 * written opinions with a stance on an item or one of its questions, before or during the meeting, and
 * reply to each other; the chair and secretaries see the compiled view per question (who said what;
 * agree / disagree / other) and export it as CSV or print it. Works offline; entries merge.
 */
export default function MeetingOpinions(): JSX.Element {
  const { t } = useMeetingsText();
  const source = useCurrentMeeting();
  const docs = run.useRunDocs(source);
  const view = () => source()?.state.view ?? null;
  const myMemberId = () => currentSession()?.memberId;
  const mayEdit = createMemo(() => !!view() && canEditMeeting(accessSubject(), view()!.participants));
  const mayWrite = createMemo(() => {
    const me = view()?.participants.find((p) => p.memberId === myMemberId() && !p.removedAt);
    return (!!me && me.role !== "observer") || mayEdit();
  });
  const [chosenItem, setChosenItem] = createSignal<string>();
  const itemId = () => chosenItem() ?? view()?.agenda[0]?.id;
  const [target, setTarget] = createSignal<TargetKey>("");
  const questions = createMemo(() => {
    const m = docs.meeting();
    const id = itemId();
    return m && id ? discussionQuestions(m as MeetingDoc, id) : [];
  });
  const targetQuestion = () => (questions().some((q) => q.id === target()) ? target() : "");
  const compiled = createMemo(() => {
    const m = docs.meeting();
    const p = docs.participation();
    const id = itemId();
    if (!m || !p || !id) return null;
    return compileOpinions(p as ParticipationDoc, m as MeetingDoc, {
      agendaItemId: id,
      questionId: targetQuestion() || null,
    });
  });
  const targetLabel = () =>
    questions().find((q) => q.id === targetQuestion())?.text ?? t("opinionsTab.general");
  const [error, setError] = createSignal<string>();
  const [note, setNote] = createSignal("");
  const attempt = (fn: () => void, done?: string) => {
    try {
      fn();
      setError(undefined);
      setNote(done ?? "");
      return true;
    } catch (e) {
      setError(runErrorMessage(t, e));
      return false;
    }
  };

  const exportCsv = () => {
    const m = docs.meeting() as MeetingDoc | undefined;
    const p = docs.participation() as ParticipationDoc | undefined;
    if (!m || !p) return;
    const v = meetingView(m);
    const items = new Map(v.agenda.map((i) => [i.id, i.title]));
    const qs = new Map(discussionQuestions(m).map((q) => [q.id, q.text]));
    const all = allOpinions(p, m).filter((o) => !o.deleted);
    const byId = new Map(all.map((o) => [o.id, o]));
    const rows = all.map((o) => ({
      [t("opinionsTab.csv.item")]: items.get(o.agendaItemId) ?? "",
      [t("opinionsTab.csv.question")]: o.questionId ? (qs.get(o.questionId) ?? "") : t("opinionsTab.general"),
      [t("opinionsTab.csv.member")]: o.fullName || t("opinionsTab.unknownAuthor"),
      [t("opinionsTab.csv.position")]: o.position,
      [t("opinionsTab.csv.stance")]: o.stance ? t(`opinionsTab.stances.${o.stance}`) : "",
      [t("opinionsTab.csv.text")]: o.text,
      [t("opinionsTab.csv.reply")]: o.parentId ? (byId.get(o.parentId)?.fullName ?? "") : "",
      [t("opinionsTab.csv.at")]: formatDateTime(o.createdAt, v.timeZone),
    }));
    // A BOM so spreadsheet programs read the Vietnamese text as UTF-8.
    downloadText(`y-kien-${v.id.slice(0, 8)}.csv`, `\uFEFF${Papa.unparse(rows)}`, "text/csv;charset=utf-8");
  };

  return (
    <section class="meeting-opinions" aria-labelledby="section-heading">
      <h1 id="section-heading">{t("opinionsTab.heading")}</h1>
      <Show when={source()?.state.status !== "ok" && source()?.state}>
        {(state) => <DocStateNotice state={state()} />}
      </Show>
      <Show when={view()} fallback={<p class="page-loading">{t("run.loading")}</p>}>
        {(v) => (
          <>
            <div class="opinions-controls no-print">
              <label for="opinion-item">{t("opinionsTab.item")}</label>
              <select
                id="opinion-item"
                value={itemId() ?? ""}
                onChange={(e) => {
                  setChosenItem(e.currentTarget.value);
                  setTarget("");
                }}
              >
                <For each={v().agenda}>
                  {(item, i) => (
                    <option value={item.id}>
                      {i() + 1}. {item.title}
                    </option>
                  )}
                </For>
              </select>
            </div>
            <Show when={!mayWrite()}>
              <p class="notice notice-info">{t("opinionsTab.readOnly")}</p>
            </Show>
            <Show when={error()}>
              <p class="field-error" role="alert">
                {error()}
              </p>
            </Show>
            <p class="visually-hidden" role="status">
              {note()}
            </p>
            <div class="run-grid">
              <section class="run-panel no-print" aria-labelledby="questions-heading">
                <h2 id="questions-heading">{t("opinionsTab.questions")}</h2>
                <Show when={questions().length > 0} fallback={<p>{t("opinionsTab.noQuestions")}</p>}>
                  <ol class="question-list">
                    <For each={questions()}>
                      {(q) => (
                        <li>
                          <span>{q.text}</span>
                          <Show when={mayEdit()}>
                            {" "}
                            <button
                              type="button"
                              class="button button-small button-danger"
                              aria-label={t("opinionsTab.removeQuestionFor", { text: q.text })}
                              disabled={!docs.writable()}
                              onClick={() => attempt(() => run.removeQuestion(docs, q.id))}
                            >
                              {t("opinionsTab.removeQuestion")}
                            </button>
                          </Show>
                        </li>
                      )}
                    </For>
                  </ol>
                </Show>
                <Show when={mayEdit()}>
                  <form
                    class="stack-form"
                    onSubmit={(e) => {
                      e.preventDefault();
                      const form = e.currentTarget;
                      const text = String(new FormData(form).get("question") ?? "").trim();
                      if (!text || !itemId()) return;
                      if (attempt(() => run.addQuestion(docs, itemId()!, text))) form.reset();
                    }}
                  >
                    <label for="new-question">{t("opinionsTab.questionText")}</label>
                    <textarea id="new-question" name="question" rows="2" required maxLength={5000} />
                    <button type="submit" class="button" disabled={!docs.writable()}>
                      {t("opinionsTab.addQuestion")}
                    </button>
                  </form>
                </Show>
              </section>

              <section class="run-panel" aria-labelledby="opinions-heading">
                <h2 id="opinions-heading">{t("opinionsTab.opinionsHeading")}</h2>
                <div class="no-print">
                  <label for="opinion-target">{t("opinionsTab.target")}</label>
                  <select
                    id="opinion-target"
                    value={targetQuestion()}
                    onChange={(e) => setTarget(e.currentTarget.value)}
                  >
                    <option value="">{t("opinionsTab.general")}</option>
                    <For each={questions()}>{(q) => <option value={q.id}>{q.text}</option>}</For>
                  </select>
                </div>
                <Show when={mayWrite()}>
                  <OpinionForm
                    disabled={!docs.writable()}
                    onPost={(stance, text) =>
                      attempt(
                        () =>
                          run.postOpinion(docs, {
                            agendaItemId: itemId()!,
                            questionId: targetQuestion() || null,
                            stance,
                            text,
                          }),
                        t("opinionsTab.posted"),
                      )
                    }
                  />
                </Show>
                <h3>{targetLabel()}</h3>
                <Show
                  when={(compiled()?.threads.length ?? 0) > 0}
                  fallback={<p>{t("opinionsTab.noOpinions")}</p>}
                >
                  <ul class="opinion-threads" data-testid="opinion-threads">
                    <For each={compiled()!.threads}>
                      {(thread) => (
                        <Thread
                          thread={thread}
                          timeZone={v().timeZone}
                          myMemberId={myMemberId()}
                          mayWrite={mayWrite() && docs.writable()}
                          onReply={(text) => attempt(() => run.replyToOpinion(docs, thread.id, text))}
                          onDelete={(id) => attempt(() => run.deleteOpinion(docs, id))}
                        />
                      )}
                    </For>
                  </ul>
                </Show>
              </section>

              <Show when={mayEdit() && compiled()}>
                {(c) => (
                  <section class="run-panel compiled printable" aria-labelledby="compiled-heading">
                    <h2 id="compiled-heading">{t("opinionsTab.compiledOf", { target: targetLabel() })}</h2>
                    <p data-testid="compiled-counts">
                      {t("opinionsTab.counts", {
                        agree: c().counts.agree,
                        disagree: c().counts.disagree,
                        other: c().counts.other,
                        total: c().counts.total,
                      })}
                    </p>
                    <div class="table-scroll">
                      <table class="stats-table">
                        <thead>
                          <tr>
                            <th scope="col">{t("opinionsTab.who")}</th>
                            <th scope="col">{t("opinionsTab.stance")}</th>
                            <th scope="col">{t("opinionsTab.text")}</th>
                          </tr>
                        </thead>
                        <tbody>
                          <For each={c().stances}>
                            {(s) => (
                              <tr>
                                <th scope="row">
                                  {s.fullName}
                                  <Show when={s.position}>
                                    <span class="person-position">{s.position}</span>
                                  </Show>
                                </th>
                                <td>{t(`opinionsTab.stances.${s.stance}`)}</td>
                                <td>{c().threads.find((th) => th.id === s.opinionId)?.text}</td>
                              </tr>
                            )}
                          </For>
                        </tbody>
                      </table>
                    </div>
                    <Show when={c().notGiven.length > 0}>
                      <p>
                        {t("opinionsTab.notGiven", {
                          names: c()
                            .notGiven.map((n) => n.fullName)
                            .join(", "),
                        })}
                      </p>
                    </Show>
                    <div class="button-row no-print">
                      <button type="button" class="button" onClick={exportCsv}>
                        {t("opinionsTab.exportCsv")}
                      </button>
                      <button type="button" class="button" onClick={() => window.print()}>
                        {t("opinionsTab.print")}
                      </button>
                    </div>
                  </section>
                )}
              </Show>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}

function OpinionForm(props: {
  disabled: boolean;
  onPost: (stance: Stance, text: string) => boolean;
}): JSX.Element {
  const { t } = useMeetingsText();
  const [stance, setStance] = createSignal<Stance>("agree");
  const [text, setText] = createSignal("");
  const [missing, setMissing] = createSignal(false);
  return (
    <form
      class="stack-form opinion-form"
      aria-label={t("opinionsTab.post")}
      onSubmit={(e) => {
        e.preventDefault();
        if (!text().trim()) {
          setMissing(true);
          return;
        }
        setMissing(false);
        if (props.onPost(stance(), text().trim())) setText("");
      }}
    >
      <fieldset>
        <legend>{t("opinionsTab.stance")}</legend>
        <For each={STANCES}>
          {(s) => (
            <label class="radio">
              <input
                type="radio"
                name="stance"
                value={s}
                checked={stance() === s}
                onChange={() => setStance(s)}
              />
              {t(`opinionsTab.stances.${s}`)}
            </label>
          )}
        </For>
      </fieldset>
      <label for="opinion-text">{t("opinionsTab.text")}</label>
      <textarea
        id="opinion-text"
        rows="3"
        maxLength={20000}
        value={text()}
        aria-invalid={missing()}
        aria-describedby={missing() ? "opinion-text-error" : undefined}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <Show when={missing()}>
        <p id="opinion-text-error" class="field-error">
          {t("opinionsTab.textRequired")}
        </p>
      </Show>
      <button type="submit" class="button button-primary" disabled={props.disabled}>
        {t("opinionsTab.post")}
      </button>
    </form>
  );
}

function Thread(props: {
  thread: OpinionThread;
  timeZone: string;
  myMemberId: string | undefined;
  mayWrite: boolean;
  onReply: (text: string) => boolean;
  onDelete: (id: string) => void;
}): JSX.Element {
  const { t } = useMeetingsText();
  const [replying, setReplying] = createSignal(false);
  const [text, setText] = createSignal("");
  const author = (name: string) => name || t("opinionsTab.unknownAuthor");
  return (
    <li class="opinion">
      <p class="opinion-head">
        <strong>{author(props.thread.fullName)}</strong>
        <Show when={props.thread.stance}>
          {" "}
          <span class={`stance stance-${props.thread.stance}`}>
            {t(`opinionsTab.stances.${props.thread.stance!}`)}
          </span>
        </Show>
        <span class="hint"> · {formatDateTime(props.thread.createdAt, props.timeZone)}</span>
        <Show when={props.thread.editedAt}>
          <span class="hint"> ({t("opinionsTab.edited")})</span>
        </Show>
      </p>
      <p class="opinion-text">{props.thread.deleted ? t("opinionsTab.deleted") : props.thread.text}</p>
      <Show when={props.thread.replies.length > 0}>
        <ul class="replies">
          <For each={props.thread.replies}>
            {(r) => (
              <li class="opinion reply">
                <p class="opinion-head">
                  <strong>{author(r.fullName)}</strong>
                  <span class="hint"> · {formatDateTime(r.createdAt, props.timeZone)}</span>
                </p>
                <p class="opinion-text">{r.deleted ? t("opinionsTab.deleted") : r.text}</p>
                <Show when={props.mayWrite && !r.deleted && r.memberId === props.myMemberId}>
                  <button
                    type="button"
                    class="button button-small button-quiet no-print"
                    onClick={() => props.onDelete(r.id)}
                  >
                    {t("opinionsTab.delete")}
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={props.mayWrite}>
        <div class="button-row no-print">
          <button
            type="button"
            class="button button-small"
            aria-expanded={replying()}
            aria-label={t("opinionsTab.replyTo", { name: author(props.thread.fullName) })}
            onClick={() => setReplying(!replying())}
          >
            {t("opinionsTab.reply")}
          </button>
          <Show when={!props.thread.deleted && props.thread.memberId === props.myMemberId}>
            <button
              type="button"
              class="button button-small button-quiet"
              onClick={() => props.onDelete(props.thread.id)}
            >
              {t("opinionsTab.delete")}
            </button>
          </Show>
        </div>
        <Show when={replying()}>
          <form
            class="stack-form no-print"
            onSubmit={(e) => {
              e.preventDefault();
              if (!text().trim()) return;
              if (props.onReply(text().trim())) {
                setText("");
                setReplying(false);
              }
            }}
          >
            <label>
              {t("opinionsTab.replyText")}
              <textarea rows="2" value={text()} onInput={(e) => setText(e.currentTarget.value)} required />
            </label>
            <button type="submit" class="button button-small button-primary">
              {t("opinionsTab.sendReply")}
            </button>
          </form>
        </Show>
      </Show>
    </li>
  );
}
