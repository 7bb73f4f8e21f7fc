import type { DocHandle } from "@automerge/automerge-repo/slim";
import { createResource, createSignal, For, type JSX, Match, Show, Switch } from "solid-js";
import {
  formatTime,
  type MeetingDoc,
  type MotionResultState,
  type MotionView,
  type ParticipationDoc,
  type RulePresetId,
  type SecretBallotStatus,
  type Vote,
} from "../../../../shared/src/index.ts";
import { useI18n } from "../../i18n/index.ts";
import { ActionError } from "../../state/actions.ts";
import { pollWhileOnline, SECRET_BALLOT_POLL_MS } from "../../state/poll.ts";
import { relayAcknowledgedHeads } from "../../state/repo.ts";
import {
  castSecretBallot,
  castVote,
  closeMotion,
  deleteMotion,
  openMotion,
  SecretBallotError,
  sealSecretBallot,
  secretBallotStatus,
} from "../../state/votes.ts";
import { ResultView } from "./ResultView.tsx";

/** What a motion card needs from the page. */
export interface MotionCardProps {
  motion: MotionView;
  result: MotionResultState | undefined;
  myVote: Vote | undefined;
  memberId: string;
  /** May open and close motions (the chair and secretaries: writers of the meeting document). */
  canManage: boolean;
  meetingUrl: string;
  timeZone: string;
  names: ReadonlyMap<string, string>;
  meetingHandle: DocHandle<MeetingDoc> | undefined;
  participationHandle: DocHandle<ParticipationDoc> | undefined;
  /** ms, refreshed by the page (time limits). */
  now: number;
}

/**
 * One motion: its rule, phase and time limit; the chair's controls (open with an optional limit, close);
 * the member's ballot (choices as a radio group, changeable until the close; a secret ballot goes to
 * the relay once); and the result (hidden until the close when the motion says so).
 */
export function MotionCard(props: MotionCardProps): JSX.Element {
  const { t } = useI18n();
  const m = () => props.motion.motion;
  const id = () => `motion-${m().id}`;
  const ruleId = (): RulePresetId | "custom" => {
    const rule = m().rule;
    return rule.kind === "preset" ? rule.preset : "custom";
  };
  const [choice, setChoice] = createSignal<string>();
  const [limit, setLimit] = createSignal("");
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const [showLive, setShowLive] = createSignal(false);
  const eligible = () => m().eligibleMemberIds.includes(props.memberId as never);
  const isOpen = () =>
    props.motion.phase === "open" && (m().closesAt === null || props.now <= Date.parse(m().closesAt ?? ""));
  const secret = () => m().visibility === "secret";
  const [secretStatus, { refetch: refetchSecret, mutate: setSecretStatus }] = createResource<
    SecretBallotStatus | undefined,
    { url: string; id: string }
  >(
    () => (secret() && props.motion.phase !== "draft" ? { url: props.meetingUrl, id: m().id } : false),
    // A failed refresh (offline, relay restarting) keeps what was last known rather than forgetting it.
    ({ url, id: motionId }, { value }) => secretBallotStatus(url, motionId).catch(() => value),
  );
  // The turnout lives only at the relay until the seal: follow it while the ballot is open (a quiet
  // refresh — `mutate`, not `refetch`, so no Suspense fallback; a failed one keeps the last answer).
  pollWhileOnline(
    () => secret() && props.motion.phase === "open",
    () =>
      void secretBallotStatus(props.meetingUrl, m().id).then(
        (status) => setSecretStatus(status),
        () => undefined,
      ),
    SECRET_BALLOT_POLL_MS,
  );
  const labelOf = (choiceId: string | undefined) => m().choices.find((c) => c.id === choiceId)?.label ?? "";
  const synced = () => {
    const h = props.participationHandle;
    if (!h || !props.myVote) return false;
    const acked = relayAcknowledgedHeads(h);
    return acked !== undefined && acked.length > 0 && h.heads().every((x) => acked.includes(x));
  };

  const run = async (fn: () => unknown | Promise<unknown>) => {
    setError(undefined);
    setBusy(true);
    try {
      await fn();
    } catch (err) {
      if (err instanceof ActionError) setError(t(`vote.error.${err.code}`));
      else if (err instanceof SecretBallotError) setError(t(`vote.secretError.${err.code}`));
      else setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const submitBallot = (e: SubmitEvent) => {
    e.preventDefault();
    const c = choice() ?? props.myVote?.choiceId;
    if (!c) return;
    void run(async () => {
      if (secret()) {
        setSecretStatus(await castSecretBallot(props.meetingUrl, m().id, c));
      } else await castVote(props.participationHandle, props.motion, c);
    });
  };

  const close = () => {
    if (!globalThis.confirm(t("vote.confirmClose", { title: m().title }))) return;
    void run(async () => {
      if (secret()) {
        await sealSecretBallot(props.meetingUrl, m().id);
        await refetchSecret();
      } else closeMotion(props.meetingHandle, props.participationHandle, props.motion);
    });
  };

  const showResult = () => props.motion.phase === "closed" || !props.motion.hideLiveTally || showLive();

  return (
    <article class="motion-card" aria-labelledby={`${id()}-title`} data-phase={props.motion.phase}>
      <header class="motion-header">
        <h3 id={`${id()}-title`}>{m().title}</h3>
        <p class={`motion-phase phase-${props.motion.phase}`}>{t(`vote.phase.${props.motion.phase}`)}</p>
      </header>
      <p class="motion-meta">
        {t(`vote.rule.${ruleId()}`)} · {t(`vote.visibility.${m().visibility}`)}
        <Show when={m().closesAt && props.motion.phase === "open"}>
          {" · "}
          {t("vote.closesAt", { time: formatTime(m().closesAt ?? "", props.timeZone) })}
        </Show>
      </p>
      <Show when={props.motion.phase === "open" && !isOpen()}>
        <p class="warning">{t("vote.timeUp")}</p>
      </Show>

      <Show when={props.canManage}>
        <div class="motion-controls">
          <Show when={props.motion.phase === "draft"}>
            <label class="field field-narrow">
              <span>{t("vote.limit")}</span>
              <input
                type="number"
                min="1"
                max="1440"
                inputMode="numeric"
                value={limit()}
                onInput={(e) => setLimit(e.currentTarget.value)}
              />
            </label>
            <button
              type="button"
              class="button button-primary"
              disabled={busy()}
              onClick={() =>
                void run(() =>
                  openMotion(props.meetingHandle, props.motion, Number.parseInt(limit(), 10) || null),
                )
              }
            >
              {t("vote.open")}
            </button>
            <button
              type="button"
              class="button button-small button-danger"
              onClick={() => void run(() => deleteMotion(props.meetingHandle, props.motion))}
            >
              {t("vote.delete")}
            </button>
          </Show>
          <Show when={props.motion.phase === "open"}>
            <button type="button" class="button button-primary" disabled={busy()} onClick={close}>
              {secret() ? t("vote.closeSecret") : t("vote.close")}
            </button>
          </Show>
        </div>
      </Show>

      <Show when={props.motion.phase === "open"}>
        <Show when={eligible()} fallback={<p class="hint">{t("vote.notEligible")}</p>}>
          <Switch>
            <Match when={secret() && secretStatus()?.voted}>
              <p class="notice" role="status">
                {t("vote.secretCast")}
              </p>
            </Match>
            <Match when={isOpen()}>
              <form class="ballot" onSubmit={submitBallot} aria-labelledby={`${id()}-ballot`}>
                <fieldset>
                  <legend id={`${id()}-ballot`}>{t("vote.ballot")}</legend>
                  <For each={m().choices}>
                    {(c) => (
                      <label class={`ballot-choice meaning-${c.meaning}`}>
                        <input
                          type="radio"
                          name={`${id()}-choice`}
                          value={c.id}
                          checked={(choice() ?? props.myVote?.choiceId) === c.id}
                          onChange={() => setChoice(c.id)}
                        />
                        <span>{c.label}</span>
                      </label>
                    )}
                  </For>
                </fieldset>
                <button
                  type="submit"
                  class="button button-primary"
                  disabled={
                    busy() ||
                    !(choice() ?? props.myVote?.choiceId) ||
                    (choice() === undefined && !!props.myVote)
                  }
                >
                  {props.myVote ? t("vote.change") : t("vote.cast")}
                </button>
                <Show when={secret()} fallback={<p class="hint">{t("vote.remoteHint")}</p>}>
                  <p class="hint">{t("vote.visibilityHint.secret")}</p>
                </Show>
              </form>
            </Match>
          </Switch>
          <Show when={props.myVote}>
            {(v) => (
              <p class="my-vote" role="status" aria-live="polite">
                {t("vote.yourVote", { choice: labelOf(v().choiceId) })}{" "}
                <span class="hint">{synced() ? t("vote.synced") : t("vote.pendingSync")}</span>
              </p>
            )}
          </Show>
        </Show>
      </Show>

      <Show when={error()}>
        <p class="action-error" role="alert">
          {error()}
        </p>
      </Show>

      <Switch>
        <Match when={props.result?.kind === "secret_open" && props.motion.phase === "open"}>
          <p class="hint">
            {t("vote.secretOpen")}{" "}
            <Show when={secretStatus()}>
              {(s) => (
                <span>
                  {t("vote.secretVoters", { count: s().voters, total: m().eligibleMemberIds.length })}
                </span>
              )}
            </Show>
          </p>
        </Match>
        <Match when={props.result?.kind === "missing_changes"}>
          <p class="hint" role="status">
            {t("vote.result.missing")}
          </p>
        </Match>
        <Match when={props.result?.kind === "counted" && props.result}>
          {(state) => (
            <>
              <Show when={props.canManage && props.motion.phase === "open" && props.motion.hideLiveTally}>
                <button
                  type="button"
                  class="button button-small"
                  aria-expanded={showLive()}
                  onClick={() => setShowLive((v) => !v)}
                >
                  {showLive() ? t("vote.result.hide") : t("vote.result.show")}
                </button>
              </Show>
              <Show when={showResult()} fallback={<p class="hint">{t("vote.result.hidden")}</p>}>
                <ResultView
                  motion={props.motion}
                  state={state() as Extract<MotionResultState, { kind: "counted" }>}
                  names={props.names}
                />
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </article>
  );
}
