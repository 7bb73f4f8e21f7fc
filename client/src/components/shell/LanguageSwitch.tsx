import { For, type JSX } from "solid-js";
import { LOCALES, useI18n } from "../../i18n/index.ts";

/**
 * Tiếng Việt / English as two toggle buttons (aria-pressed). Each name is written in its own language
 * and marked with `lang`, so it is recognisable and pronounced right whatever the current locale.
 */
export function LanguageSwitch(props: { class?: string }): JSX.Element {
  const { t, locale, setLocale } = useI18n();
  return (
    <fieldset class={`language-switch ${props.class ?? ""}`}>
      <legend class="visually-hidden">{t("language.label")}</legend>
      <For each={LOCALES}>
        {(code) => (
          <button
            type="button"
            class="language-switch-option"
            lang={code}
            aria-pressed={locale() === code}
            onClick={() => setLocale(code)}
          >
            {t(code === "vi" ? "language.vi" : "language.en")}
          </button>
        )}
      </For>
    </fieldset>
  );
}
