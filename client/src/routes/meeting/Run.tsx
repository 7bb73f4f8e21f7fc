import { A } from "@solidjs/router";
import { createEffect, createMemo, createSignal, For, type JSX, on, Show } from "solid-js";
import {
  agendaTimeStats,
  attendanceView,
  discussionQuestions,
  floorView,
  liveAgenda,
  type MeetingDoc,
  meetingContainers,
  meetingQuorumRule,
  type ParticipationDoc,
  QUORUM_PRESET_IDS,
  type QuorumPresetId,
} from "../../../../shared/src/index.ts";
import { DocStateNotice } from "../../components/meeting/DocStateNotice.tsx";
import { useMeetingsText } from "../../components/meeting/i18n.ts";
import { useCurrentMeeting } from "../../components/meeting/MeetingLayout.tsx";
import { AttendancePanel } from "../../components/run/AttendancePanel.tsx";
import { FloorPanel } from "../../components/run/FloorPanel.tsx";
import { runErrorMessage } from "../../components/run/format.ts";
import { ItemClock, LiveAgendaPanel } from "../../components/run/LiveAgendaPanel.tsx";
import { TimeStatsPanel } from "../../components/run/TimeStatsPanel.tsx";
import * as run from "../../state/meeting-run.ts";
import { createNow, meetingPath } from "../../state/meetings.ts";
import { accessSubject, canEditMeeting } from "../../state/permissions.ts";
import { currentSession } from "../../state/session.ts";
import "../../components/run/run.css";

/**
 * Running the meeting (điều hành cuộc họp): attendance with the live quorum, the live agenda (the
 * chair's current item, followed by every screen unless its user chooses otherwise), speaking requests
 * with the speaking timer, and the time statistics. Everything reads the meeting and participation
 * documents on this device, so it works offline and merges; on a room LAN with one relay everyone sees
 * each press within a fraction of a second.
 */
export default function MeetingRun(): JSX.Element {
  const { t } = useMeetingsText();
  const source = useCurrentMeeting();
  const docs = run.useRunDocs(source);
  const now = createNow(1000);
  const view = () => source()?.state.view ?? null;
  const myMemberId = () => currentSession()?.memberId;
  const me = createMemo(() => view()?.participants.find((p) => p.memberId === myMemberId() && !p.removedAt));
  const mayDrive = createMemo(() => {
    const v = view();
    return !!v && canEditMeeting(accessSubject(), v.participants);
  });
  const mayRequest = () => !!me() && me()!.role !== "observer";

  const live = createMemo(() => {
    const m = docs.meeting();
    return m ? liveAgenda(m as MeetingDoc, now()) : null;
  });
  const attendance = createMemo(() => {
    const m = docs.meeting();
    const p = docs.participation();
    return m && p ? attendanceView(m as MeetingDoc, p as ParticipationDoc) : null;
  });
  const floor = createMemo(() => {
    const m = docs.meeting();
    const p = docs.participation();
    const current = live()?.currentItemId;
    return m && p && current ? floorView(m as MeetingDoc, p as ParticipationDoc, current, now()) : null;
  });
  const stats = createMemo(() => {
    const m = docs.meeting();
    return m ? agendaTimeStats(m as MeetingDoc, now()) : null;
  });

  // Following the chair: the item on screen is the current one unless the user unticks "follow".
  const [follow, setFollow] = createSignal(true);
  const [chosen, setChosen] = createSignal<string | null>(null);
  const viewingId = createMemo(() => {
    const l = live();
    if (follow() && l?.currentItemId) return l.currentItemId;
    return chosen() ?? l?.currentItemId ?? l?.items[0]?.agendaItemId ?? null;
  });
  const viewing = createMemo(() => live()?.items.find((i) => i.agendaItemId === viewingId()) ?? null);
  const [announcement, setAnnouncement] = createSignal("");
  createEffect(
    on(
      () => live()?.currentItemId ?? null,
      (current, previous) => {
        if (previous === undefined || current === null) return;
        const title = live()?.items.find((i) => i.agendaItemId === current)?.title;
        if (title) setAnnouncement(t("run.nowOn", { title }));
      },
    ),
  );
  const viewItem = (id: string) => {
    setChosen(id);
    if (id !== live()?.currentItemId) setFollow(false);
  };

  return (
    <section class="meeting-run" aria-labelledby="section-heading">
      <h1 id="section-heading">{t("run.heading")}</h1>
      <Show when={source()?.state.status !== "ok" && source()?.state}>
        {(state) => <DocStateNotice state={state()} />}
      </Show>
      <p class="visually-hidden" role="status" aria-live="polite" data-testid="current-item-announcement">
        {announcement()}
      </p>
      <Show when={view() && live()} fallback={<p class="page-loading">{t("run.loading")}</p>}>
        <div class="run-toolbar">
          <A class="button" href={`${meetingPath(source()!.state.documentId)}/room`} target="_blank">
            {t("run.roomDisplay")}
          </A>
          <Show when={view()!.onlineLink}>
            <span class="hint">{t("run.onlineLink")}: </span>
            <a href={view()!.onlineLink!} target="_blank" rel="noopener noreferrer" class="online-link">
              {view()!.onlineLink}
            </a>
          </Show>
        </div>
        <Show when={!docs.writable() && docs.meeting() !== undefined && docs.participation() !== undefined}>
          <p class="notice notice-info">{t("run.notWritable")}</p>
        </Show>

        <div class="run-grid">
          <section class="run-panel viewing" aria-labelledby="viewing-heading">
            <p class="eyebrow">
              {viewing()?.agendaItemId === live()!.currentItemId ? t("run.current") : t("run.viewing")}
            </p>
            <Show when={viewing()} fallback={<h2 id="viewing-heading">{t("run.noCurrent")}</h2>}>
              {(item) => (
                <>
                  <h2 id="viewing-heading" data-testid="viewing-item">
                    {item().title}
                  </h2>
                  <Show when={item().presenter}>
                    <p>{t("run.presenter", { name: item().presenter })}</p>
                  </Show>
                  <p>
                    <span class={`item-status item-${item().status}`}>
                      {t(`run.itemStatus.${item().status}`)}
                    </span>{" "}
                    <ItemClock item={item()} />
                  </p>
                  <Show when={docs.meeting()}>
                    {(m) => (
                      <Show when={discussionQuestions(m() as MeetingDoc, item().agendaItemId).length > 0}>
                        <h3>{t("opinionsTab.questions")}</h3>
                        <ol>
                          <For each={discussionQuestions(m() as MeetingDoc, item().agendaItemId)}>
                            {(q) => <li>{q.text}</li>}
                          </For>
                        </ol>
                      </Show>
                    )}
                  </Show>
                </>
              )}
            </Show>
            <label class="checkbox follow-toggle">
              <input
                type="checkbox"
                checked={follow()}
                onChange={(e) => setFollow(e.currentTarget.checked)}
                aria-describedby="follow-hint"
              />
              {t("run.follow")}
            </label>
            <p id="follow-hint" class="hint">
              {t("run.followHint")}
            </p>
          </section>

          <LiveAgendaPanel
            docs={docs}
            live={live()!}
            mayDrive={mayDrive()}
            writable={docs.writable()}
            viewingId={viewingId()}
            onView={viewItem}
          />

          <FloorPanel
            docs={docs}
            floor={floor()}
            myMemberId={myMemberId()}
            mayRequest={mayRequest()}
            mayDrive={mayDrive()}
            writable={docs.writable()}
            timeZone={view()!.timeZone}
          />

          <Show when={attendance()}>
            {(a) => (
              <div class="run-panel-group">
                <AttendancePanel
                  docs={docs}
                  view={a()}
                  myMemberId={myMemberId()}
                  mayMark={mayDrive()}
                  writable={docs.writable()}
                  onlineLink={view()!.onlineLink}
                  timeZone={view()!.timeZone}
                />
                <Show when={mayDrive()}>
                  <QuorumRuleForm docs={docs} writable={docs.writable()} />
                </Show>
              </div>
            )}
          </Show>

          <Show when={stats()}>
            {(s) => <TimeStatsPanel stats={s()} issuingBody={view()!.issuingBody} title={view()!.title} />}
          </Show>
        </div>
      </Show>
    </section>
  );
}

/** The chair or a secretary chooses the quorum rule (default: by the meeting's kind). */
function QuorumRuleForm(props: { docs: run.RunDocs; writable: boolean }): JSX.Element {
  const { t } = useMeetingsText();
  const [error, setError] = createSignal<string>();
  const current = () => {
    const m = props.docs.meeting() as MeetingDoc | undefined;
    const stored = m ? (meetingContainers(m).live?.quorumRule ?? null) : null;
    return stored ? String(stored.presetId) : "";
  };
  const source = () => {
    const m = props.docs.meeting() as MeetingDoc | undefined;
    return m ? (meetingQuorumRule(m)?.legalSource ?? null) : null;
  };
  return (
    <div class="quorum-rule">
      <label for="quorum-rule">{t("run.quorumRule")}</label>
      <select
        id="quorum-rule"
        value={current()}
        disabled={!props.writable}
        onChange={(e) => {
          const value = e.currentTarget.value;
          try {
            run.setQuorumRule(
              props.docs,
              value === "" ? null : { kind: "preset", preset: value as QuorumPresetId },
            );
            setError(undefined);
          } catch (err) {
            setError(runErrorMessage(t, err));
          }
        }}
      >
        <option value="">{t("run.quorumDefault")}</option>
        <For each={QUORUM_PRESET_IDS}>
          {(id) => <option value={id}>{t(`run.quorumPreset.${id}`)}</option>}
        </For>
      </select>
      <Show when={source()}>
        <p class="hint">{t("run.quorumSource", { source: source()! })}</p>
      </Show>
      <Show when={error()}>
        <p class="field-error" role="alert">
          {error()}
        </p>
      </Show>
    </div>
  );
}
