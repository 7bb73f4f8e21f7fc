import { createMemo, For, type JSX, Show } from "solid-js";
import {
  FLAGGED_STATUSES,
  type MotionResultState,
  type MotionView,
  motionResultSummary,
} from "../../../../shared/src/index.ts";
import { useI18n } from "../../i18n/index.ts";
import { downloadText, resultCsv } from "./csv.ts";
import { ResultChart } from "./ResultChart.tsx";

type Counted = Extract<MotionResultState, { kind: "counted" }>;

function percentText(p: number | null, locale: string): string {
  return p === null
    ? "—"
    : `${p.toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}%`;
}

/**
 * A motion's result: the outcome with the rule named (and its legal source), counts and percentages
 * against the rule's base in a table, the same numbers as a chart, turnout and quorum, late and flagged
 * votes, each member's choice for a named motion, and a CSV export. The outcome line is a polite live
 * region, so a screen reader hears the result change while the vote runs and when it closes.
 */
export function ResultView(props: {
  motion: MotionView;
  state: Counted;
  names: ReadonlyMap<string, string>;
}): JSX.Element {
  const { t, intlLocale } = useI18n();
  const r = () => props.state.result;
  const summary = createMemo(() => motionResultSummary(props.motion, props.state));
  const ruleName = () => t(`vote.rule.${r().rule.id}`);
  const baseName = () => t(`vote.base.${r().base.kind}`);
  const idBase = () => `result-${props.motion.motion.id}`;
  const labels = () => new Map(props.motion.motion.choices.map((c) => [c.id, c.label]));
  const listed = () =>
    props.motion.motion.visibility === "named"
      ? r().votes
      : r().votes.filter((v) => v.status === "late" || FLAGGED_STATUSES.has(v.status));
  const exportCsv = () =>
    downloadText(
      `bieu-quyet-${props.motion.motion.title.slice(0, 40).replace(/[^\p{L}\p{N}]+/gu, "-")}.csv`,
      resultCsv(summary(), props.names),
    );
  return (
    <section class="result" aria-labelledby={`${idBase()}-heading`}>
      <h4 id={`${idBase()}-heading`}>{r().final ? t("vote.result.final") : t("vote.result.provisional")}</h4>
      <p class={`result-outcome outcome-${r().outcome}`} role="status" aria-live="polite">
        <strong>
          {t("vote.result.outcomeLine", {
            outcome: t(`vote.result.outcome.${r().outcome}`),
            rule: ruleName(),
          })}
        </strong>
      </p>
      <Show when={r().rule.legalSource}>
        {(source) => <p class="hint">{t("vote.source", { source: source() })}</p>}
      </Show>
      <Show when={r().decidedBy === "chair_tie_break"}>
        <p>{t("vote.result.chairTie")}</p>
      </Show>
      <p>
        {t("vote.result.turnout", {
          voted: r().voted,
          eligible: r().eligibleCount,
          present: r().presentCount,
        })}{" "}
        <Show when={r().quorum}>
          {(q) => <span>{t("vote.result.quorum", { present: q().present, required: q().required })}</span>}
        </Show>{" "}
        {t("vote.result.required", { required: r().requiredToPass, base: r().base.size })}
      </p>
      <div class="result-body">
        <table class="result-table">
          <caption>{t("vote.result.table")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("vote.result.choice")}</th>
              <th scope="col">{t("vote.result.count")}</th>
              <th scope="col">{t("vote.result.percent", { base: `${baseName()} (${r().base.size})` })}</th>
            </tr>
          </thead>
          <tbody>
            <For each={r().counts}>
              {(c) => (
                <tr>
                  <th scope="row">{c.label}</th>
                  <td>{c.count}</td>
                  <td>{percentText(c.percentOfBase, intlLocale())}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
        <figure class="result-figure">
          <ResultChart
            bars={r().counts.map((c) => ({ label: c.label, count: c.count, meaning: c.meaning }))}
            label={t("vote.result.count")}
          />
          <figcaption class="hint">{t("vote.result.chart")}</figcaption>
        </figure>
      </div>
      <Show when={props.state.late > 0}>
        <p class="hint">{t("vote.result.late", { count: props.state.late })}</p>
      </Show>
      <Show when={props.state.flagged > 0}>
        <p class="warning">{t("vote.result.flagged", { count: props.state.flagged })}</p>
      </Show>
      <Show when={listed().length > 0}>
        <table class="result-votes">
          <caption>{t("vote.result.named")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("vote.result.member")}</th>
              <Show when={props.motion.motion.visibility === "named"}>
                <th scope="col">{t("vote.result.choice")}</th>
              </Show>
              <th scope="col">{t("vote.result.status")}</th>
            </tr>
          </thead>
          <tbody>
            <For each={listed()}>
              {(v) => (
                <tr classList={{ "vote-not-counted": v.status !== "counted" }}>
                  <th scope="row">{props.names.get(v.memberId) ?? v.memberId}</th>
                  <Show when={props.motion.motion.visibility === "named"}>
                    <td>{labels().get(v.choiceId ?? "") ?? v.choiceId}</td>
                  </Show>
                  <td>{t(`vote.status.${v.status}`)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
      <button type="button" class="button button-small" onClick={exportCsv}>
        {t("vote.result.export")}
      </button>
    </section>
  );
}
