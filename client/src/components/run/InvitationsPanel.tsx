import { A } from "@solidjs/router";
import { createMemo, createSignal, For, type JSX, Match, Show, Switch } from "solid-js";
import {
  invitationCalendarEvent,
  latestInvitationResponses,
  type MeetingView,
  type ParticipationDoc,
} from "../../../../shared/src/index.ts";
import * as run from "../../state/meeting-run.ts";
import { createNow, type MeetingSource, meetingPath } from "../../state/meetings.ts";
import { currentSession } from "../../state/session.ts";
import { formatMeetingTime } from "../meeting/format.ts";
import { useMeetingsText } from "../meeting/i18n.ts";
import { downloadText, runErrorMessage } from "./format.ts";
import "./run.css";

/** Statuses in which an invitation is answered (sent, and until the meeting ends). */
const OPEN_STATUSES = new Set(["published", "in_session"]);

/**
 * The invitations (giấy mời) of the signed-in member: every sent meeting they take part in that has not
 * ended, with time, place, agenda and papers; they confirm, decline with a reason or name a deputy, and
 * download the meeting as an .ics file for their calendar. Works offline: the answer is an entry in the
 * meeting's participation document.
 */
export function InvitationsPanel(props: { meetings: readonly MeetingSource[] }): JSX.Element {
  const { t } = useMeetingsText();
  const now = createNow();
  const mine = createMemo(() =>
    props.meetings.filter((m) => {
      const v = m.state.view;
      const me = currentSession()?.memberId;
      return (
        !!v &&
        !!me &&
        OPEN_STATUSES.has(v.status) &&
        Date.parse(v.endsAt) > now() &&
        v.participants.some((p) => p.memberId === me && !p.removedAt && p.role !== "secretary")
      );
    }),
  );
  return (
    <Show when={mine().length > 0}>
      <section class="invitations" aria-labelledby="invitations-heading">
        <h2 id="invitations-heading">{t("meetingInvite.heading")}</h2>
        <ul class="invitation-list">
          <For each={mine()}>{(source) => <InvitationCard source={source} />}</For>
        </ul>
      </section>
    </Show>
  );
}

function InvitationCard(props: { source: MeetingSource }): JSX.Element {
  const { t } = useMeetingsText();
  const docs = run.useRunDocs(() => props.source);
  const view = () => props.source.state.view as MeetingView;
  const headingId = () => `invitation-${props.source.state.documentId}`;
  const answer = createMemo(() => {
    const p = docs.participation();
    const me = currentSession()?.memberId;
    return p && me ? (latestInvitationResponses(p as ParticipationDoc).get(me) ?? null) : null;
  });
  const papers = () => {
    const m = docs.meeting() as { papers?: Record<string, { deletedAt?: unknown }> } | undefined;
    return Object.values(m?.papers ?? {}).filter((p) => p && !p.deletedAt).length;
  };
  const [mode, setMode] = createSignal<"none" | "decline" | "deputy">("none");
  const [error, setError] = createSignal<string>();
  const [status, setStatus] = createSignal("");
  const send = (fn: () => void) => {
    try {
      fn();
      setError(undefined);
      setMode("none");
      setStatus(t("meetingInvite.saved"));
    } catch (e) {
      setError(runErrorMessage(t, e));
    }
  };
  const downloadIcs = async () => {
    try {
      const { meetingInvitationIcs } = await import("../../../../shared/src/ics/meeting-invitation.ts");
      const url = new URL(meetingPath(props.source.state.documentId), globalThis.location.origin).href;
      const event = invitationCalendarEvent(
        view(),
        { name: view().issuingBody || "HọpSố", email: null },
        url,
      );
      downloadText(
        `hop-${view().id.slice(0, 8)}.ics`,
        meetingInvitationIcs(event, { now: Date.now() }),
        "text/calendar;charset=utf-8",
      );
    } catch {
      setError(t("meetingInvite.icsFailed"));
    }
  };
  return (
    <li class="invitation-card">
      <article aria-labelledby={headingId()}>
        <h3 id={headingId()}>
          <A href={meetingPath(props.source.state.documentId)}>{view().title}</A>
        </h3>
        <p>
          <time datetime={view().startsAt}>{formatMeetingTime(t, view())}</time>
          <Show when={view().location}> · {view().location}</Show>
        </p>
        <Show when={view().agenda.length > 0}>
          <details>
            <summary>
              {t("meetingInvite.agenda")} ({view().agenda.length}) ·{" "}
              {t("meetingInvite.papers", { count: papers() })}
            </summary>
            <ol>
              <For each={view().agenda}>{(item) => <li>{item.title}</li>}</For>
            </ol>
          </details>
        </Show>
        <p class="invitation-answer" data-testid="invitation-answer">
          <Switch fallback={t("meetingInvite.notAnswered")}>
            <Match when={answer()?.response === "confirmed"}>{t("meetingInvite.answered.confirmed")}</Match>
            <Match when={answer()?.response === "declined"}>
              {t("meetingInvite.answered.declined", { reason: answer()!.reason })}
            </Match>
            <Match when={answer()?.response === "deputy"}>
              {t("meetingInvite.answered.deputy", { name: answer()!.deputy?.name ?? "" })}
            </Match>
          </Switch>
        </p>
        <div class="button-row">
          <button
            type="button"
            class="button button-primary"
            disabled={!docs.writable()}
            onClick={() => send(() => run.answerInvitation(docs, { response: "confirmed" }))}
          >
            {t("meetingInvite.confirm")}
          </button>
          <button
            type="button"
            class="button"
            aria-expanded={mode() === "decline"}
            onClick={() => setMode("decline")}
          >
            {t("meetingInvite.decline")}
          </button>
          <button
            type="button"
            class="button"
            aria-expanded={mode() === "deputy"}
            onClick={() => setMode("deputy")}
          >
            {t("meetingInvite.deputy")}
          </button>
          <button type="button" class="button button-quiet" onClick={() => void downloadIcs()}>
            {t("meetingInvite.ics")}
          </button>
        </div>
        <Show when={mode() !== "none"}>
          <form
            class="stack-form"
            onSubmit={(e) => {
              e.preventDefault();
              const data = new FormData(e.currentTarget);
              const text = String(data.get("text") ?? "").trim();
              const reason = String(data.get("reason") ?? "").trim();
              if (!text) {
                setError(
                  mode() === "decline"
                    ? t("meetingInvite.reasonRequired")
                    : t("meetingInvite.deputyRequired"),
                );
                return;
              }
              send(() =>
                run.answerInvitation(
                  docs,
                  mode() === "decline"
                    ? { response: "declined", reason: text }
                    : { response: "deputy", deputy: { name: text }, reason },
                ),
              );
            }}
          >
            <label>
              {mode() === "decline" ? t("meetingInvite.reason") : t("meetingInvite.deputyName")}
              <input name="text" type="text" required maxLength={2000} />
            </label>
            <Show when={mode() === "deputy"}>
              <label>
                {t("meetingInvite.deputyReason")}
                <input name="reason" type="text" maxLength={2000} />
              </label>
            </Show>
            <div class="button-row">
              <button type="submit" class="button button-primary" disabled={!docs.writable()}>
                {t("meetingInvite.send")}
              </button>
              <button type="button" class="button" onClick={() => setMode("none")}>
                {t("meetingInvite.cancel")}
              </button>
            </div>
          </form>
        </Show>
        <Show when={error()}>
          <p class="field-error" role="alert">
            {error()}
          </p>
        </Show>
        <p class="visually-hidden" role="status">
          {status()}
        </p>
      </article>
    </li>
  );
}
