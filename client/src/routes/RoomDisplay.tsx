import { A, useParams } from "@solidjs/router";
import { createMemo, For, type JSX, Show } from "solid-js";
import {
  attendanceView,
  floorView,
  liveAgenda,
  type MeetingDoc,
  type ParticipationDoc,
} from "../../../shared/src/index.ts";
import { formatMinutes } from "../components/meeting/format.ts";
import { useMeetingsText } from "../components/meeting/i18n.ts";
import { SpeakingAlert, SpeakingTimer } from "../components/run/FloorPanel.tsx";
import { formatClock } from "../components/run/format.ts";
import { useRunDocs } from "../state/meeting-run.ts";
import { createNow, meetingPath, useMeeting } from "../state/meetings.ts";
import "../components/run/run.css";

/**
 * The room display (màn hình phòng họp) for the big screen: the current item with its clock, who is
 * speaking with the speaking timer, the queue and the attendance — large type, high contrast, no app
 * chrome (App.tsx shows it outside the shell). It only reads; it follows the chair live.
 */
export default function RoomDisplay(): JSX.Element {
  const { t } = useMeetingsText();
  const params = useParams<{ id: string }>();
  const source = useMeeting(() => params.id);
  const docs = useRunDocs(source);
  const now = createNow(1000);
  const live = createMemo(() => {
    const m = docs.meeting();
    return m ? liveAgenda(m as MeetingDoc, now()) : null;
  });
  const floor = createMemo(() => {
    const m = docs.meeting();
    const p = docs.participation();
    const current = live()?.currentItemId;
    return m && p && current ? floorView(m as MeetingDoc, p as ParticipationDoc, current, now()) : null;
  });
  const quorum = createMemo(() => {
    const m = docs.meeting();
    const p = docs.participation();
    const q = m && p ? attendanceView(m as MeetingDoc, p as ParticipationDoc).quorum : null;
    return q?.applicable ? q : null;
  });
  return (
    <main class="room-display" id="main" tabindex="-1">
      <header class="room-header">
        <h1 class="room-title">{source()?.state.view?.title ?? t("roomDisplay.title")}</h1>
        <Show when={quorum()}>
          {(q) => (
            <p class="room-quorum" role="status" classList={{ met: q().met }}>
              {t("roomDisplay.quorum", { taking: q().taking, base: q().baseSize })}
            </p>
          )}
        </Show>
        <A class="room-exit" href={source() ? `${meetingPath(source()!.state.documentId)}/run` : "/"}>
          {t("roomDisplay.exit")}
        </A>
      </header>
      <Show when={source()} fallback={<p class="room-big">{t("roomDisplay.notFound")}</p>}>
        <section class="room-current" aria-labelledby="room-current-label">
          <p id="room-current-label" class="room-label">
            {t("roomDisplay.currentItem")}
          </p>
          <Show when={live()?.current} fallback={<p class="room-big">{t("roomDisplay.noItem")}</p>}>
            {(item) => (
              <>
                <p class="room-big" data-testid="room-item" aria-live="polite">
                  {item().title}
                </p>
                <p class="room-clock" classList={{ over: item().overPlan }}>
                  {t("roomDisplay.itemTime", {
                    actual: formatClock(item().actualMs),
                    planned: formatMinutes(t, item().plannedMinutes),
                  })}
                </p>
              </>
            )}
          </Show>
        </section>
        <section class="room-speaker" aria-labelledby="room-speaker-label">
          <p id="room-speaker-label" class="room-label">
            {t("roomDisplay.speaker")}
          </p>
          <Show when={floor()?.speaker} fallback={<p class="room-big">{t("roomDisplay.nobody")}</p>}>
            {(speaker) => (
              <>
                <p class="room-big" data-testid="room-speaker" aria-live="polite">
                  {speaker().fullName}
                </p>
                <SpeakingTimer speaker={speaker()} large />
              </>
            )}
          </Show>
          <Show when={floor()}>{(f) => <SpeakingAlert floor={f()} />}</Show>
        </section>
        <section class="room-queue" aria-labelledby="room-queue-label">
          <p id="room-queue-label" class="room-label">
            {t("roomDisplay.queue")}
          </p>
          <Show when={(floor()?.queue.length ?? 0) > 0} fallback={<p>{t("roomDisplay.queueEmpty")}</p>}>
            <ol data-testid="room-queue">
              <For each={floor()!.queue}>{(r) => <li>{r.fullName}</li>}</For>
            </ol>
          </Show>
        </section>
      </Show>
    </main>
  );
}
