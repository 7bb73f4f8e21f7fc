import type { AutomergeUrl } from "@automerge/automerge-repo";
import { parseAutomergeUrl } from "@automerge/automerge-repo";
import { A, useNavigate } from "@solidjs/router";
import { createMemo, createSignal, For, type JSX, onMount, Show } from "solid-js";
import {
  consultationPhase,
  consultationResults,
  consultationView,
  directoryMembers,
  formatDateTime,
  type MemberView,
  zonedToUtc,
} from "../../../shared/src/index.ts";
import { useMeetingsText } from "../components/meeting/i18n.ts";
import { parseDisplayDate, parseTime } from "../components/meeting/meetingForm.ts";
import { runErrorMessage } from "../components/run/format.ts";
import {
  createConsultation,
  knownConsultations,
  refreshConsultations,
  useConsultation,
} from "../state/consultations.ts";
import { createNow } from "../state/meetings.ts";
import { mayCreateMeetings } from "../state/permissions.ts";
import { workspaceDoc } from "../state/workspace.ts";
import "../components/run/run.css";

/** The route of a consultation: its automerge document id. */
export function consultationPath(url: AutomergeUrl): string {
  return `/consultations/${parseAutomergeUrl(url).documentId}`;
}

/**
 * Written consultations (phiếu lấy ý kiến): the ones this member may read (named in them, or a
 * workspace admin/secretary), with their phase and how many answered; admins and secretaries create
 * new ones here.
 */
export default function Consultations(): JSX.Element {
  const { t } = useMeetingsText();
  const [creating, setCreating] = createSignal(false);
  onMount(() => void refreshConsultations());
  return (
    <section class="consultations" aria-labelledby="consultations-heading">
      <div class="page-header">
        <h1 id="consultations-heading">{t("consult.heading")}</h1>
        <Show when={mayCreateMeetings() && !creating()}>
          <button type="button" class="button button-primary" onClick={() => setCreating(true)}>
            {t("consult.create")}
          </button>
        </Show>
      </div>
      <Show when={creating()}>
        <CreateConsultationForm onCancel={() => setCreating(false)} />
      </Show>
      <Show when={knownConsultations().length > 0} fallback={<p class="empty-state">{t("consult.none")}</p>}>
        <ul class="consultation-list">
          <For each={[...knownConsultations()]}>{(url) => <ConsultationRow url={url} />}</For>
        </ul>
      </Show>
    </section>
  );
}

function ConsultationRow(props: { url: AutomergeUrl }): JSX.Element {
  const { t } = useMeetingsText();
  const source = useConsultation(() => props.url);
  const now = createNow();
  const summary = createMemo(() => {
    const doc = source.doc();
    if (!doc) return null;
    const view = consultationView(doc);
    const results = consultationResults(doc, now());
    return {
      view,
      phase: consultationPhase(view, now()),
      answered: results.respondents.length,
      named: results.namedCount,
    };
  });
  return (
    <Show
      when={summary()}
      fallback={
        <Show when={source.status() === "loading"}>
          <li class="hint">{t("consult.loading")}</li>
        </Show>
      }
    >
      {(s) => (
        <li class="consultation-row">
          <h2>
            <A href={consultationPath(props.url)}>{s().view.title}</A>
          </h2>
          <p>
            <span class={`phase phase-${s().phase}`}>{t(`consult.phase.${s().phase}`)}</span> ·{" "}
            {t("consult.deadline", { at: formatDateTime(s().view.deadline) })} ·{" "}
            {t("consult.answeredCount", { answered: s().answered, named: s().named })}
          </p>
        </li>
      )}
    </Show>
  );
}

function CreateConsultationForm(props: { onCancel: () => void }): JSX.Element {
  const { t } = useMeetingsText();
  const navigate = useNavigate();
  const members = createMemo<readonly MemberView[]>(() => {
    const doc = workspaceDoc();
    try {
      return doc?.members ? directoryMembers(doc).filter((m) => !m.disabled) : [];
    } catch {
      return [];
    }
  });
  const [error, setError] = createSignal<string>();
  return (
    <form
      class="stack-form run-panel create-consultation"
      aria-label={t("consult.create")}
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const title = String(data.get("title") ?? "").trim();
        const chosen = data.getAll("member").map(String);
        const date = parseDisplayDate(String(data.get("date") ?? ""));
        const time = parseTime(String(data.get("time") ?? ""));
        if (!title) return setError(t("consult.titleRequired"));
        if (!date || !time) return setError(t("consult.deadlineInvalid"));
        const deadline = zonedToUtc(date, time);
        if (Date.parse(deadline) <= Date.now()) return setError(t("consult.deadlineInvalid"));
        if (chosen.length === 0) return setError(t("consult.membersRequired"));
        try {
          const url = createConsultation({
            title,
            description: String(data.get("description") ?? ""),
            deadline,
            members: members()
              .filter((m) => chosen.includes(m.id))
              .map((m) => ({ memberId: m.id, fullName: m.fullName })),
          });
          navigate(consultationPath(url));
        } catch (err) {
          setError(runErrorMessage(t, err));
        }
      }}
    >
      <label for="consult-title">{t("consult.title")}</label>
      <input id="consult-title" name="title" type="text" required maxLength={500} />
      <label for="consult-description">{t("consult.description")}</label>
      <textarea id="consult-description" name="description" rows="3" maxLength={20000} />
      <div class="deadline-fields">
        <div>
          <label for="consult-date">{t("consult.deadlineDate")}</label>
          <input
            id="consult-date"
            name="date"
            type="text"
            inputmode="numeric"
            placeholder="dd/MM/yyyy"
            required
          />
        </div>
        <div>
          <label for="consult-time">{t("consult.deadlineTime")}</label>
          <input id="consult-time" name="time" type="text" inputmode="numeric" placeholder="HH:mm" required />
        </div>
      </div>
      <fieldset class="member-choices">
        <legend>{t("consult.members")}</legend>
        <For each={members()}>
          {(m) => (
            <label class="checkbox">
              <input type="checkbox" name="member" value={m.id} />
              {m.fullName}
              <Show when={m.position}>
                <span class="hint"> — {m.position}</span>
              </Show>
            </label>
          )}
        </For>
      </fieldset>
      <Show when={error()}>
        <p class="field-error" role="alert">
          {error()}
        </p>
      </Show>
      <div class="button-row">
        <button type="submit" class="button button-primary">
          {t("consult.createSubmit")}
        </button>
        <button type="button" class="button" onClick={() => props.onCancel()}>
          {t("meetingInvite.cancel")}
        </button>
      </div>
    </form>
  );
}
