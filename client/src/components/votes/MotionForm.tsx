import { createSignal, For, type JSX, Show } from "solid-js";
import {
  type Choice,
  type ChoiceMeaning,
  type ChoicePresetId,
  choicePreset,
  type MotionInput,
  type MotionRule,
  RULE_BASES,
  RULE_PRESET_IDS,
  type RuleBase,
  VOTE_VISIBILITIES,
  type VoteVisibility,
} from "../../../../shared/src/index.ts";
import { useI18n } from "../../i18n/index.ts";

/** An agenda item the motion can belong to. */
export interface AgendaOption {
  readonly id: string;
  readonly title: string;
}

const MEANINGS: readonly ChoiceMeaning[] = ["approve", "reject", "abstain", "blank"];

/**
 * The form to add a motion: title, agenda item, choices (two presets or custom), rule (five presets
 * with their legal source, or custom), visibility (named, anonymous, secret) and whether the running
 * count is hidden. Validation is the domain's: `onSave` throws an error whose message is shown.
 */
export function MotionForm(props: {
  items: readonly AgendaOption[];
  initialItemId?: string;
  onSave: (input: MotionInput) => void;
  onCancel: () => void;
}): JSX.Element {
  const { t } = useI18n();
  const [title, setTitle] = createSignal("");
  const [itemId, setItemId] = createSignal(props.initialItemId ?? props.items[0]?.id ?? "");
  const [preset, setPreset] = createSignal<ChoicePresetId | "custom">("standard");
  const [custom, setCustom] = createSignal<Choice[]>(choicePreset("standard"));
  const [ruleId, setRuleId] = createSignal<string>("majority_of_cast");
  const [base, setBase] = createSignal<RuleBase>("eligible");
  const [num, setNum] = createSignal(1);
  const [den, setDen] = createSignal(2);
  const [strict, setStrict] = createSignal(true);
  const [quorum, setQuorum] = createSignal(false);
  const [qNum, setQNum] = createSignal(2);
  const [qDen, setQDen] = createSignal(3);
  const [chairTie, setChairTie] = createSignal(false);
  const [visibility, setVisibility] = createSignal<VoteVisibility>("named");
  const [hide, setHide] = createSignal(false);
  const [error, setError] = createSignal<string>();

  const choices = (): Choice[] =>
    preset() === "custom"
      ? custom().map((c, i) => ({ ...c, id: c.id || `c${i + 1}`, label: c.label.trim() }))
      : choicePreset(preset() as ChoicePresetId);

  const rule = (): MotionRule =>
    ruleId() === "custom"
      ? {
          kind: "custom",
          spec: {
            base: base(),
            threshold: { numerator: num(), denominator: den() },
            strict: strict(),
            quorum: quorum() ? { numerator: qNum(), denominator: qDen() } : null,
            tieBreak: chairTie() ? "chair_side" : "none",
          },
        }
      : { kind: "preset", preset: ruleId() as (typeof RULE_PRESET_IDS)[number] };

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      props.onSave({
        agendaItemId: itemId(),
        title: title(),
        choices: choices(),
        rule: rule(),
        visibility: visibility(),
        hideLiveTally: hide(),
      });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  const updateCustom = (i: number, patch: Partial<Choice>) =>
    setCustom((list) => list.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const int = (v: string) => Math.max(1, Math.min(1000, Number.parseInt(v, 10) || 1));

  return (
    <form class="motion-form" aria-labelledby="motion-form-heading" onSubmit={submit}>
      <h2 id="motion-form-heading">{t("vote.form.heading")}</h2>
      <div class="field">
        <label for="motion-title">{t("vote.form.title")}</label>
        <input
          id="motion-title"
          type="text"
          required
          maxLength={1000}
          value={title()}
          placeholder={t("vote.form.titleHint")}
          onInput={(e) => setTitle(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for="motion-item">{t("vote.form.item")}</label>
        <select id="motion-item" value={itemId()} onChange={(e) => setItemId(e.currentTarget.value)}>
          <For each={props.items}>
            {(item, i) => (
              <option value={item.id}>{t("vote.itemHeading", { n: i() + 1, title: item.title })}</option>
            )}
          </For>
        </select>
      </div>
      <fieldset class="field">
        <legend>{t("vote.form.choices")}</legend>
        <For each={["standard", "council", "custom"] as const}>
          {(id) => (
            <label class="radio">
              <input
                type="radio"
                name="choice-preset"
                value={id}
                checked={preset() === id}
                onChange={() => setPreset(id)}
              />
              {t(`vote.form.choicePreset.${id}`)}
            </label>
          )}
        </For>
        <Show when={preset() === "custom"}>
          <ol class="custom-choices">
            <For each={custom()}>
              {(c, i) => (
                <li>
                  <input
                    type="text"
                    aria-label={t("vote.form.customChoice", { n: i() + 1 })}
                    value={c.label}
                    maxLength={200}
                    onInput={(e) => updateCustom(i(), { label: e.currentTarget.value })}
                  />
                  <select
                    aria-label={t("vote.form.customMeaning", { n: i() + 1 })}
                    value={c.meaning}
                    onChange={(e) => updateCustom(i(), { meaning: e.currentTarget.value as ChoiceMeaning })}
                  >
                    <For each={MEANINGS}>{(m) => <option value={m}>{t(`vote.meaning.${m}`)}</option>}</For>
                  </select>
                  <Show when={custom().length > 2}>
                    <button
                      type="button"
                      class="button button-small"
                      onClick={() => setCustom((list) => list.filter((_, j) => j !== i()))}
                    >
                      {t("vote.form.removeChoice", { n: i() + 1 })}
                    </button>
                  </Show>
                </li>
              )}
            </For>
          </ol>
          <button
            type="button"
            class="button button-small"
            onClick={() =>
              setCustom((list) => [
                ...list,
                { id: `c${list.length + 1}-${Date.now() % 10_000}`, label: "", meaning: "abstain" },
              ])
            }
          >
            {t("vote.form.addChoice")}
          </button>
        </Show>
      </fieldset>
      <div class="field">
        <label for="motion-rule">{t("vote.form.rule")}</label>
        <select id="motion-rule" value={ruleId()} onChange={(e) => setRuleId(e.currentTarget.value)}>
          <For each={[...RULE_PRESET_IDS, "custom" as const]}>
            {(id) => <option value={id}>{t(`vote.rule.${id}`)}</option>}
          </For>
        </select>
      </div>
      <Show when={ruleId() === "custom"}>
        <fieldset class="field custom-rule">
          <legend>{t("vote.form.customRule")}</legend>
          <label>
            {t("vote.form.base")}{" "}
            <select value={base()} onChange={(e) => setBase(e.currentTarget.value as RuleBase)}>
              <For each={RULE_BASES}>{(b) => <option value={b}>{t(`vote.base.${b}`)}</option>}</For>
            </select>
          </label>
          <fieldset class="fraction">
            <legend>{t("vote.form.threshold")}</legend>
            <input
              type="number"
              min="1"
              max="1000"
              aria-label={t("vote.form.numerator")}
              value={num()}
              onInput={(e) => setNum(int(e.currentTarget.value))}
            />
            /
            <input
              type="number"
              min="1"
              max="1000"
              aria-label={t("vote.form.denominator")}
              value={den()}
              onInput={(e) => setDen(int(e.currentTarget.value))}
            />
          </fieldset>
          <label class="checkbox">
            <input type="checkbox" checked={strict()} onChange={(e) => setStrict(e.currentTarget.checked)} />
            {t("vote.form.strict")}
          </label>
          <label class="checkbox">
            <input type="checkbox" checked={quorum()} onChange={(e) => setQuorum(e.currentTarget.checked)} />
            {t("vote.form.quorum")}
          </label>
          <Show when={quorum()}>
            <fieldset class="fraction">
              <legend>{t("vote.form.quorumFraction")}</legend>
              <input
                type="number"
                min="1"
                max="1000"
                aria-label={t("vote.form.numerator")}
                value={qNum()}
                onInput={(e) => setQNum(int(e.currentTarget.value))}
              />
              /
              <input
                type="number"
                min="1"
                max="1000"
                aria-label={t("vote.form.denominator")}
                value={qDen()}
                onInput={(e) => setQDen(int(e.currentTarget.value))}
              />
            </fieldset>
          </Show>
          <label class="checkbox">
            <input
              type="checkbox"
              checked={chairTie()}
              onChange={(e) => setChairTie(e.currentTarget.checked)}
            />
            {t("vote.form.chairTie")}
          </label>
        </fieldset>
      </Show>
      <fieldset class="field">
        <legend>{t("vote.form.visibility")}</legend>
        <For each={VOTE_VISIBILITIES}>
          {(v) => (
            <label class="radio">
              <input
                type="radio"
                name="visibility"
                value={v}
                checked={visibility() === v}
                onChange={() => setVisibility(v)}
              />
              {t(`vote.visibility.${v}`)}
            </label>
          )}
        </For>
        <p class="hint">{t(`vote.visibilityHint.${visibility()}`)}</p>
      </fieldset>
      <label class="checkbox">
        <input type="checkbox" checked={hide()} onChange={(e) => setHide(e.currentTarget.checked)} />
        {t("vote.form.hideLiveTally")}
      </label>
      <Show when={error()}>
        <p class="field-error" role="alert">
          {t("vote.error.invalid_input")} {error()}
        </p>
      </Show>
      <div class="form-actions">
        <button type="submit" class="button button-primary">
          {t("vote.form.save")}
        </button>
        <button type="button" class="button" onClick={() => props.onCancel()}>
          {t("vote.form.cancel")}
        </button>
      </div>
    </form>
  );
}
