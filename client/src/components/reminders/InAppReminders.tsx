import { A } from "@solidjs/router";
import { For, type JSX, Show } from "solid-js";
import { reminders as enReminders } from "../../i18n/en/reminders.ts";
import { useI18n } from "../../i18n/index.ts";
import { reminders as viReminders } from "../../i18n/vi/reminders.ts";
import { reminderPath, reminderText } from "../../state/reminder-text.ts";
import { dismissReminder, inAppReminders, snoozeInApp } from "../../state/reminders.ts";
import "./reminders.css";

/** At most this many reminders are listed at once; the rest are counted. */
const SHOWN = 3;

/**
 * In-app reminders (nhắc việc): the reminders due now for the signed-in member, computed on this device
 * from the local documents (state/reminders.ts), so they show while the app is open even offline. A
 * polite live region announces new ones; each can be opened, snoozed for an hour or marked as seen.
 */
export function InAppReminders(): JSX.Element {
  const { t, locale } = useI18n();
  const dict = () => (locale() === "en" ? enReminders : viReminders);
  const shown = () => inAppReminders().slice(0, SHOWN);
  return (
    <section class="in-app-reminders" aria-label={t("inApp.regionLabel")} aria-live="polite">
      <Show when={shown().length > 0}>
        <h2 class="visually-hidden">{t("inApp.heading")}</h2>
        <ul class="in-app-reminder-list">
          <For each={shown()}>
            {(r) => {
              const text = () => reminderText({ ...r, title: r.params.title }, dict());
              return (
                <li class={`in-app-reminder notice notice-${r.urgency === "high" ? "warning" : "info"}`}>
                  <p class="in-app-reminder-text">
                    <strong>{text().title}</strong> {text().body}
                  </p>
                  <div class="in-app-reminder-actions">
                    <A
                      class="button button-small"
                      href={reminderPath(r)}
                      onClick={() => dismissReminder(r.key)}
                    >
                      {t("inApp.open")}
                    </A>
                    <button
                      type="button"
                      class="button button-small button-quiet"
                      onClick={() => void snoozeInApp(r).catch(() => dismissReminder(r.key))}
                    >
                      {t("inApp.snooze")}
                    </button>
                    <button
                      type="button"
                      class="button button-small button-quiet"
                      aria-label={t("inApp.dismissLabel", { title: text().title })}
                      onClick={() => dismissReminder(r.key)}
                    >
                      {t("inApp.dismiss")}
                    </button>
                  </div>
                </li>
              );
            }}
          </For>
        </ul>
        <Show when={inAppReminders().length > SHOWN}>
          <p class="in-app-reminder-more">{t("inApp.more", { count: inAppReminders().length - SHOWN })}</p>
        </Show>
      </Show>
    </section>
  );
}
