import { A } from "@solidjs/router";
import { createResource, createSignal, For, type JSX, Match, onMount, Show, Switch } from "solid-js";
import { LOCALES, useI18n } from "../i18n/index.ts";
import {
  checkPersistence,
  requestPersistence,
  type StorageUsage,
  storagePersistence,
  storageUsage,
} from "../pwa/storage.ts";
import { appVersion } from "../pwa/version.ts";

/** Formats a byte count with the largest fitting unit, in the UI's number format ("12,3 MB"). */
export function formatBytes(bytes: number, intlLocale: string): string {
  const units = ["byte", "kilobyte", "megabyte", "gigabyte", "terabyte"] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(intlLocale, {
    style: "unit",
    unit: units[unit],
    unitDisplay: "short",
    maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0,
  }).format(value);
}

/** Settings: display language, persistent storage and storage use, app version. */
export default function Settings(): JSX.Element {
  const { t, locale, setLocale, intlLocale } = useI18n();
  const [requesting, setRequesting] = createSignal(false);
  const [usage, { refetch: refetchUsage }] = createResource<StorageUsage | undefined>(() =>
    storageUsage().catch(() => undefined),
  );

  onMount(() => {
    checkPersistence().catch(() => {});
  });

  const request = async () => {
    setRequesting(true);
    try {
      await requestPersistence();
    } finally {
      setRequesting(false);
      refetchUsage();
    }
  };

  const usageText = () => {
    const u = usage();
    if (!u) return t("settings.usageUnknown");
    // Small shares matter here (5 MB of 11 GB): two significant digits rather than a rounded "0 %".
    const percent = new Intl.NumberFormat(intlLocale(), {
      style: "percent",
      maximumSignificantDigits: 2,
    }).format(u.quota > 0 ? u.usage / u.quota : 0);
    return t("settings.usage", {
      used: formatBytes(u.usage, intlLocale()),
      quota: formatBytes(u.quota, intlLocale()),
      percent,
    });
  };

  return (
    <div class="settings">
      <h1>{t("settings.title")}</h1>

      <section class="card settings-section" aria-labelledby="settings-language">
        <h2 id="settings-language">{t("settings.languageHeading")}</h2>
        <fieldset class="settings-choices">
          <legend class="visually-hidden">{t("language.label")}</legend>
          <For each={LOCALES}>
            {(code) => (
              <label class="settings-choice" lang={code}>
                <input
                  type="radio"
                  name="locale"
                  value={code}
                  checked={locale() === code}
                  onChange={() => setLocale(code)}
                />
                {t(code === "vi" ? "language.vi" : "language.en")}
              </label>
            )}
          </For>
        </fieldset>
      </section>

      <section class="card settings-section" aria-labelledby="settings-notifications">
        <h2 id="settings-notifications">{t("notifications.title")}</h2>
        <p>{t("notifications.intro")}</p>
        <A class="button" href="/settings/notifications">
          {t("notifications.settingsLink")}
        </A>
      </section>

      <section class="card settings-section" aria-labelledby="settings-storage">
        <h2 id="settings-storage">{t("settings.storageHeading")}</h2>
        <p>{t("settings.storageIntro")}</p>
        <p class="settings-persist" aria-live="polite">
          <Switch>
            <Match when={storagePersistence.state() === "persisted"}>{t("settings.persisted")}</Match>
            <Match when={storagePersistence.state() === "not-persisted"}>{t("settings.notPersisted")}</Match>
            <Match when={storagePersistence.state() === "unsupported"}>
              {t("settings.persistUnsupported")}
            </Match>
            <Match when={storagePersistence.state() === "unknown"}>{t("settings.persistUnknown")}</Match>
          </Switch>
        </p>
        <Show when={storagePersistence.state() !== "unsupported"}>
          <button type="button" class="button" disabled={requesting()} onClick={() => void request()}>
            {requesting() ? t("settings.requesting") : t("settings.requestPersist")}
          </button>
        </Show>
        <Show when={storagePersistence.lastRequest() !== "none"}>
          <p class="settings-persist-answer" role="note">
            {storagePersistence.lastRequest() === "granted"
              ? t("settings.persistGranted")
              : t("settings.persistDenied")}
          </p>
        </Show>
        <p class="settings-usage">{usage.loading ? t("settings.usageLoading") : usageText()}</p>
      </section>

      <section class="card settings-section" aria-labelledby="settings-about">
        <h2 id="settings-about">{t("settings.aboutHeading")}</h2>
        <dl class="settings-about">
          <dt>{t("settings.version")}</dt>
          <dd>{appVersion.version}</dd>
          <dt>{t("settings.revision")}</dt>
          <dd>{appVersion.revision}</dd>
        </dl>
      </section>
    </div>
  );
}
