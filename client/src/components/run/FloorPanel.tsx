import { createMemo, createSignal, For, type JSX, Show } from "solid-js";
import { type FloorView, formatTime, type MeetingDoc, speakingLimits } from "../../../../shared/src/index.ts";
import * as run from "../../state/meeting-run.ts";
import { useMeetingsText } from "../meeting/i18n.ts";
import { formatClock, runErrorMessage } from "./format.ts";

/** The speaker's timer: elapsed against the limit, amber when the warning starts, red when over. */
export function SpeakingTimer(props: {
  speaker: NonNullable<FloorView["speaker"]>;
  large?: boolean;
}): JSX.Element {
  const { t } = useMeetingsText();
  const timer = () => props.speaker.timer;
  const limit = () =>
    props.speaker.turn && props.speaker.turn.limitSeconds > 0
      ? formatClock(props.speaker.turn.limitSeconds * 1000)
      : t("run.noLimit");
  return (
    <p
      class="speaking-timer"
      classList={{ warning: timer().warning, over: timer().over, large: props.large === true }}
      data-testid="speaking-timer"
      data-state={timer().over ? "over" : timer().warning ? "warning" : "normal"}
    >
      <span class="visually-hidden">{t("run.timer")}: </span>
      {t("run.timerOf", { elapsed: formatClock(timer().elapsedMs), limit: limit() })}
    </p>
  );
}

/**
 * Announces the speaking timer's warning and its end once each (an assertive live region whose text
 * changes only when the state does, not every second).
 */
export function SpeakingAlert(props: { floor: FloorView }): JSX.Element {
  const { t } = useMeetingsText();
  const text = createMemo(() => {
    const s = props.floor.speaker;
    if (!s?.turn) return "";
    if (s.timer.over) return t("run.warnOver", { name: s.fullName });
    if (s.timer.warning)
      return t("run.warnSoon", { name: s.fullName, remaining: formatClock(s.turn.warningSeconds * 1000) });
    return "";
  });
  return (
    <p class="speaking-alert" role="alert" aria-live="assertive" data-testid="speaking-alert">
      {text()}
    </p>
  );
}

/**
 * Speaking requests on the current item: a participant asks for the floor (or withdraws); the chair
 * orders the queue, gives the floor and ends turns; the speaker's timer warns before the limit.
 */
export function FloorPanel(props: {
  docs: run.RunDocs;
  floor: FloorView | null;
  myMemberId: string | undefined;
  mayRequest: boolean;
  mayDrive: boolean;
  writable: boolean;
  timeZone: string;
}): JSX.Element {
  const { t } = useMeetingsText();
  const [note, setNote] = createSignal("");
  const [error, setError] = createSignal<string>();
  const attempt = (fn: () => void) => {
    try {
      fn();
      setError(undefined);
    } catch (e) {
      setError(runErrorMessage(t, e));
    }
  };
  const myWaiting = () => props.floor?.queue.findIndex((r) => r.memberId === props.myMemberId) ?? -1;
  const iSpeak = () => props.floor?.speaker?.memberId === props.myMemberId;
  return (
    <section class="run-panel floor" aria-labelledby="floor-heading">
      <h2 id="floor-heading">{t("run.floorHeading")}</h2>
      <Show when={props.floor} fallback={<p>{t("run.needCurrentItem")}</p>}>
        {(floor) => (
          <>
            <div class="speaker-box">
              <h3>{t("run.speaker")}</h3>
              <Show when={floor().speaker} fallback={<p>{t("run.noSpeaker")}</p>}>
                {(speaker) => (
                  <>
                    <p class="speaker-name" data-testid="speaker-name">
                      {speaker().fullName}
                    </p>
                    <SpeakingTimer speaker={speaker()} />
                    <Show when={props.mayDrive}>
                      <button
                        type="button"
                        class="button"
                        disabled={!props.writable}
                        onClick={() =>
                          attempt(() => run.endTurn(props.docs, speaker().id, speaker().fullName))
                        }
                      >
                        {t("run.endTurn")}
                      </button>
                    </Show>
                  </>
                )}
              </Show>
              <SpeakingAlert floor={floor()} />
            </div>
            <Show when={props.mayRequest}>
              <div class="my-request">
                <Show when={iSpeak()}>
                  <p role="status">{t("run.mySpeaking")}</p>
                </Show>
                <Show
                  when={myWaiting() >= 0}
                  fallback={
                    <Show when={!iSpeak()}>
                      <form
                        class="request-form"
                        onSubmit={(e) => {
                          e.preventDefault();
                          attempt(() => {
                            run.requestFloor(props.docs, note().trim());
                            setNote("");
                          });
                        }}
                      >
                        <label for="request-note">{t("run.requestNote")}</label>
                        <input
                          id="request-note"
                          type="text"
                          maxLength={500}
                          value={note()}
                          onInput={(e) => setNote(e.currentTarget.value)}
                        />
                        <button type="submit" class="button button-primary" disabled={!props.writable}>
                          {t("run.requestFloor")}
                        </button>
                      </form>
                    </Show>
                  }
                >
                  <p role="status">{t("run.myRequestWaiting", { position: myWaiting() + 1 })}</p>
                  <button
                    type="button"
                    class="button"
                    disabled={!props.writable}
                    onClick={() =>
                      attempt(() => run.withdrawFloorRequest(props.docs, floor().queue[myWaiting()]!.id))
                    }
                  >
                    {t("run.withdraw")}
                  </button>
                </Show>
              </div>
            </Show>
            <Show when={error()}>
              <p class="field-error" role="alert">
                {error()}
              </p>
            </Show>
            <h3 id="queue-heading">{t("run.queue")}</h3>
            <Show when={floor().queue.length > 0} fallback={<p>{t("run.queueEmpty")}</p>}>
              <ol class="speaking-queue" aria-labelledby="queue-heading" data-testid="speaking-queue">
                <For each={floor().queue}>
                  {(request, index) => (
                    <li class="queue-entry">
                      <span class="person-name">{request.fullName}</span>
                      <span class="hint">
                        {" "}
                        {t("run.requestedAt", { time: formatTime(request.requestedAt, props.timeZone) })}
                      </span>
                      <Show when={request.note}>
                        <span class="queue-note"> — {request.note}</span>
                      </Show>
                      <Show when={props.mayDrive}>
                        <span class="button-row queue-actions">
                          <button
                            type="button"
                            class="button button-small button-primary"
                            disabled={!props.writable}
                            aria-label={t("run.grantTo", { name: request.fullName })}
                            onClick={() =>
                              attempt(() => run.grantFloor(props.docs, request.id, request.fullName))
                            }
                          >
                            {t("run.grant")}
                          </button>
                          <button
                            type="button"
                            class="button button-small"
                            disabled={!props.writable || index() === 0}
                            aria-label={t("run.moveUpFor", { name: request.fullName })}
                            onClick={() =>
                              attempt(() => run.moveRequest(props.docs, request.id, index() - 1))
                            }
                          >
                            {t("run.moveUp")}
                          </button>
                          <button
                            type="button"
                            class="button button-small"
                            disabled={!props.writable || index() === floor().queue.length - 1}
                            aria-label={t("run.moveDownFor", { name: request.fullName })}
                            onClick={() =>
                              attempt(() => run.moveRequest(props.docs, request.id, index() + 1))
                            }
                          >
                            {t("run.moveDown")}
                          </button>
                          <button
                            type="button"
                            class="button button-small button-danger"
                            disabled={!props.writable}
                            aria-label={t("run.dismissFor", { name: request.fullName })}
                            onClick={() =>
                              attempt(() => run.dismissRequest(props.docs, request.id, request.fullName))
                            }
                          >
                            {t("run.dismiss")}
                          </button>
                        </span>
                      </Show>
                    </li>
                  )}
                </For>
              </ol>
            </Show>
            <Show when={props.mayDrive}>
              <SpeakingLimitsForm docs={props.docs} writable={props.writable} />
            </Show>
            <Show when={floor().spoken.length > 0}>
              <h3>{t("run.spoken")}</h3>
              <ul class="spoken-list">
                <For each={floor().spoken}>
                  {(r) => (
                    <li>
                      {r.fullName}
                      <Show when={r.turn}> — {formatTime(r.turn!.grantedAt, props.timeZone)}</Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}

/** The chair sets the speaking limit and when the timer warns, in seconds (0 = no limit). */
function SpeakingLimitsForm(props: { docs: run.RunDocs; writable: boolean }): JSX.Element {
  const { t } = useMeetingsText();
  const current = () => {
    const m = props.docs.meeting();
    return m ? speakingLimits(m as MeetingDoc) : { limitSeconds: 300, warningSeconds: 60 };
  };
  const [error, setError] = createSignal<string>();
  return (
    <form
      class="limits-form"
      aria-label={t("run.limitsHeading")}
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        try {
          run.setSpeakingLimits(props.docs, Number(data.get("limit")), Number(data.get("warning")));
          setError(undefined);
        } catch (err) {
          setError(runErrorMessage(t, err));
        }
      }}
    >
      <h3>{t("run.limitsHeading")}</h3>
      <label for="limit-seconds">{t("run.limitSeconds")}</label>
      <input
        id="limit-seconds"
        name="limit"
        type="number"
        min="0"
        max="86400"
        step="1"
        value={current().limitSeconds}
      />
      <label for="warning-seconds">{t("run.warningSeconds")}</label>
      <input
        id="warning-seconds"
        name="warning"
        type="number"
        min="0"
        max="86400"
        step="1"
        value={current().warningSeconds}
      />
      <button type="submit" class="button button-small" disabled={!props.writable}>
        {t("run.saveLimits")}
      </button>
      <Show when={error()}>
        <p class="field-error" role="alert">
          {error()}
        </p>
      </Show>
    </form>
  );
}
