import { createSignal, For, type JSX, Show } from "solid-js";
import {
  ATTENDANCE_STATUSES,
  type AttendanceStatus,
  type AttendanceView,
  formatTime,
  type QuorumState,
  AttendanceStatus as Status,
} from "../../../../shared/src/index.ts";
import * as run from "../../state/meeting-run.ts";
import type { MeetingsText } from "../meeting/i18n.ts";
import { useMeetingsText } from "../meeting/i18n.ts";
import { runErrorMessage } from "./format.ts";

/** The live quorum indicator: a status region, so screen readers hear it change. */
export function QuorumIndicator(props: { quorum: QuorumState; class?: string }): JSX.Element {
  const { t } = useMeetingsText();
  return (
    <p
      class={`quorum ${props.class ?? ""}`}
      classList={{
        "quorum-met": props.quorum.applicable && props.quorum.met,
        "quorum-short": props.quorum.applicable && !props.quorum.met,
      }}
      role="status"
      aria-live="polite"
      data-testid="quorum"
    >
      {quorumText(t, props.quorum)}
    </p>
  );
}

/** The quorum indicator's sentence. */
export function quorumText(t: MeetingsText, q: QuorumState): string {
  if (!q.applicable) return t("run.quorumNone");
  const args = { taking: q.taking, base: q.baseSize, required: q.required };
  return q.met ? t("run.quorumMet", args) : t("run.quorumShort", { ...args, short: q.shortBy });
}

/**
 * Attendance (điểm danh): the signed-in participant checks in on their own device (present, or
 * remote — joining the online link does that too), and the chair or secretaries mark anyone, with a
 * reason for an excused absence and a name for a deputy. Both records show; the later one is in force.
 */
export function AttendancePanel(props: {
  docs: run.RunDocs;
  view: AttendanceView;
  myMemberId: string | undefined;
  mayMark: boolean;
  writable: boolean;
  onlineLink: string | null;
  timeZone: string;
}): JSX.Element {
  const { t } = useMeetingsText();
  const [error, setError] = createSignal<string>();
  const mine = () => props.view.rows.find((r) => r.memberId !== null && r.memberId === props.myMemberId);
  const attempt = (fn: () => void) => {
    try {
      fn();
      setError(undefined);
    } catch (e) {
      setError(runErrorMessage(t, e));
    }
  };
  const joinOnline = () => {
    attempt(() => run.checkIn(props.docs, Status.Remote));
  };
  return (
    <section class="run-panel attendance" aria-labelledby="attendance-heading">
      <h2 id="attendance-heading">{t("run.attendanceHeading")}</h2>
      <QuorumIndicator quorum={props.view.quorum} />
      <p class="attendance-counts">
        {t("run.counts", {
          present: props.view.counts.present,
          remote: props.view.counts.remote,
          absent: props.view.counts.absent + props.view.counts.absent_with_reason,
          unknown: props.view.counts.unknown,
        })}
      </p>
      <Show when={mine()}>
        {(row) => (
          <section class="my-attendance" aria-labelledby="my-attendance-heading">
            <h3 id="my-attendance-heading">{t("run.myAttendance")}</h3>
            <p>
              {row().selfCheckIn
                ? t("run.checkedIn", {
                    status: t(`run.status.${row().selfCheckIn!.status}`),
                    time: formatTime(row().selfCheckIn!.at, props.timeZone),
                  })
                : t("run.notCheckedIn")}
            </p>
            <div class="button-row">
              <button
                type="button"
                class="button button-primary"
                disabled={!props.writable}
                onClick={() => attempt(() => run.checkIn(props.docs, Status.Present))}
              >
                {t("run.checkInPresent")}
              </button>
              <button
                type="button"
                class="button"
                disabled={!props.writable}
                onClick={() => attempt(() => run.checkIn(props.docs, Status.Remote))}
              >
                {t("run.checkInRemote")}
              </button>
              <Show when={props.onlineLink}>
                {(link) => (
                  <a
                    class="button"
                    href={link()}
                    target="_blank"
                    rel="noopener noreferrer"
                    onClick={joinOnline}
                    aria-describedby="join-online-hint"
                  >
                    {t("run.joinOnline")}
                  </a>
                )}
              </Show>
            </div>
            <Show when={props.onlineLink}>
              <p id="join-online-hint" class="hint">
                {t("run.joinOnlineHint")}
              </p>
            </Show>
          </section>
        )}
      </Show>
      <Show when={error()}>
        <p class="field-error" role="alert">
          {error()}
        </p>
      </Show>
      <div class="table-scroll">
        <table class="attendance-table">
          <thead>
            <tr>
              <th scope="col">{t("run.participant")}</th>
              <th scope="col">{t("run.attendance")}</th>
              <th scope="col">{t("meetingInvite.responsesHeading")}</th>
              <Show when={props.mayMark}>
                <th scope="col">{t("run.mark")}</th>
              </Show>
            </tr>
          </thead>
          <tbody>
            <For each={props.view.rows}>
              {(row) => (
                <tr data-participant={row.fullName}>
                  <th scope="row">
                    <span class="person-name">{row.fullName}</span>
                    <Show when={row.position}>
                      <span class="person-position">{row.position}</span>
                    </Show>
                  </th>
                  <td>
                    <span class={`attendance-status status-${row.status ?? "unknown"}`}>
                      {row.status ? t(`run.status.${row.status}`) : t("run.unknownStatus")}
                    </span>
                    <Show when={row.source}>
                      <span class="hint"> ({t(`run.source.${row.source!}`)})</span>
                    </Show>
                    <Show when={row.reason}>
                      <span class="hint"> — {row.reason}</span>
                    </Show>
                    <Show when={row.deputy}>
                      <span class="hint"> — {row.deputy!.name}</span>
                    </Show>
                  </td>
                  <td class="invitation-cell">
                    {t(`meetingInvite.response.${row.invitation?.response ?? "none"}`)}
                    <Show when={row.invitation?.response === "deputy" && row.invitation.deputy}>
                      <span class="hint"> — {row.invitation!.deputy!.name}</span>
                    </Show>
                  </td>
                  <Show when={props.mayMark}>
                    <td>
                      <MarkControl
                        name={row.fullName}
                        disabled={!props.writable}
                        onMark={(status, extra) =>
                          attempt(() =>
                            run.markAttendance(props.docs, row.participantId, row.fullName, {
                              status,
                              reason: extra,
                              deputy: status === Status.Deputy ? { name: extra } : null,
                            }),
                          )
                        }
                      />
                    </td>
                  </Show>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </section>
  );
}

/**
 * The secretary's control for one row: a status, and a reason or deputy's name when it needs one. Its
 * submit button shows "Ghi" and is named "Ghi điểm danh cho <name>", so each row's button is told apart.
 */
export function MarkControl(props: {
  name: string;
  disabled: boolean;
  onMark: (status: AttendanceStatus, extra: string) => void;
}): JSX.Element {
  const { t } = useMeetingsText();
  const [status, setStatus] = createSignal<AttendanceStatus>(Status.Present);
  const [extra, setExtra] = createSignal("");
  const needsExtra = () => status() === Status.AbsentWithReason || status() === Status.Deputy;
  return (
    <form
      class="mark-control"
      aria-label={t("run.markFor", { name: props.name })}
      onSubmit={(e) => {
        e.preventDefault();
        props.onMark(status(), extra().trim());
      }}
    >
      <select
        aria-label={t("run.markFor", { name: props.name })}
        value={status()}
        onChange={(e) => setStatus(e.currentTarget.value as AttendanceStatus)}
      >
        <For each={ATTENDANCE_STATUSES}>{(s) => <option value={s}>{t(`run.status.${s}`)}</option>}</For>
      </select>
      <Show when={needsExtra()}>
        <input
          type="text"
          aria-label={status() === Status.Deputy ? t("run.deputyName") : t("run.reason")}
          placeholder={status() === Status.Deputy ? t("run.deputyName") : t("run.reason")}
          value={extra()}
          onInput={(e) => setExtra(e.currentTarget.value)}
          required={status() === Status.Deputy}
        />
      </Show>
      <button
        type="submit"
        class="button button-small"
        disabled={props.disabled}
        aria-label={t("run.markButton", { name: props.name })}
      >
        {t("run.mark")}
      </button>
    </form>
  );
}
