import { A } from "@solidjs/router";
import { createResource, createSignal, type JSX, Match, onMount, Show, Switch } from "solid-js";
import { parseTime } from "../components/meeting/meetingForm.ts";
import { WorkspaceRulesForm } from "../components/reminders/WorkspaceRulesForm.tsx";
import { useI18n } from "../i18n/index.ts";
import { accessSubject } from "../state/permissions.ts";
import {
  type DevicePushState,
  devicePushState,
  disablePush,
  enablePush,
  PushSetupError,
  pushSupport,
  sendTestNotification,
} from "../state/push.ts";
import {
  loadReminderPreferences,
  refreshInAppReminders,
  saveReminderPreferences,
} from "../state/reminders.ts";
import { isWorkspaceReadOnly } from "../state/workspace.ts";
import "../components/reminders/reminders.css";

/**
 * Settings → reminder notifications (/settings/notifications): the member's reminder switch, quiet hours
 * and daily digest (saved in their private document, so every device and the relay follow them, offline
 * too), and this device's push notifications — turned on only by a tap on the button (the permission
 * prompt is never shown unasked), with the iPhone/iPad "add to Home Screen first" explanation — and a
 * test notification.
 */
export default function NotificationSettings(): JSX.Element {
  const { t } = useI18n();
  const [device, { refetch }] = createResource<DevicePushState | "offline">(async () => {
    try {
      return await devicePushState();
    } catch {
      return "offline";
    }
  });
  const [busy, setBusy] = createSignal(false);
  const [deviceMessage, setDeviceMessage] = createSignal<{
    text: string;
    tone: "info" | "danger" | "success";
  }>();

  const [enabled, setEnabled] = createSignal(true);
  const [quiet, setQuiet] = createSignal(false);
  const [quietStart, setQuietStart] = createSignal("21:00");
  const [quietEnd, setQuietEnd] = createSignal("07:00");
  const [digest, setDigest] = createSignal(false);
  const [digestTime, setDigestTime] = createSignal("07:30");
  const [saveMessage, setSaveMessage] = createSignal<{ text: string; tone: "danger" | "success" }>();
  const [loaded, setLoaded] = createSignal(false);

  onMount(() => {
    void loadReminderPreferences().then((p) => {
      setEnabled(p.enabled);
      setQuiet(p.quietHours !== null);
      if (p.quietHours) {
        setQuietStart(p.quietHours.start);
        setQuietEnd(p.quietHours.end);
      }
      setDigest(p.digest.enabled);
      setDigestTime(p.digest.time);
      setLoaded(true);
    });
  });

  const turnOn = async () => {
    setBusy(true);
    setDeviceMessage(undefined);
    try {
      await enablePush();
      setDeviceMessage({ text: t("notifications.deviceOn"), tone: "success" });
    } catch (error) {
      const reason = error instanceof PushSetupError ? error.reason : "subscribe-failed";
      const text =
        reason === "denied"
          ? t("notifications.denied")
          : reason === "ios-install-first"
            ? t("notifications.iosInstall")
            : reason === "unsupported"
              ? t("notifications.unsupported")
              : reason === "offline"
                ? t("notifications.offline")
                : t("notifications.failed", {
                    reason: error instanceof Error ? error.message : String(error),
                  });
      setDeviceMessage({ text, tone: "danger" });
    } finally {
      setBusy(false);
      void refetch();
    }
  };

  const turnOff = async () => {
    setBusy(true);
    setDeviceMessage(undefined);
    try {
      await disablePush();
    } catch {
      setDeviceMessage({ text: t("notifications.offline"), tone: "danger" });
    } finally {
      setBusy(false);
      void refetch();
    }
  };

  const test = async () => {
    setBusy(true);
    setDeviceMessage(undefined);
    try {
      const count = await sendTestNotification();
      setDeviceMessage(
        count > 0
          ? { text: t("notifications.testSent", { count }), tone: "success" }
          : { text: t("notifications.testNone"), tone: "info" },
      );
    } catch {
      setDeviceMessage({ text: t("notifications.testFailed"), tone: "danger" });
    } finally {
      setBusy(false);
    }
  };

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    setSaveMessage(undefined);
    const start = parseTime(quietStart());
    const end = parseTime(quietEnd());
    const at = parseTime(digestTime());
    if ((quiet() && (start === null || end === null)) || (digest() && at === null)) {
      setSaveMessage({ text: t("notifications.invalidTime"), tone: "danger" });
      return;
    }
    if (quiet() && start === end) {
      setSaveMessage({ text: t("notifications.invalidQuiet"), tone: "danger" });
      return;
    }
    try {
      await saveReminderPreferences({
        enabled: enabled(),
        quietHours: quiet() && start && end ? { start, end } : null,
        digest: { enabled: digest(), time: at ?? digestTime() },
      });
      setSaveMessage({ text: t("notifications.saved"), tone: "success" });
      refreshInAppReminders();
    } catch (error) {
      const code = (error as { code?: string }).code;
      setSaveMessage({
        text:
          code === "not_found"
            ? t("notifications.noPrivate")
            : t("notifications.saveFailed", {
                reason: error instanceof Error ? error.message : String(error),
              }),
        tone: "danger",
      });
    }
  };

  const state = () => {
    const d = device();
    return d === "offline" || d === undefined ? undefined : d;
  };

  return (
    <div class="settings notification-settings">
      <p class="notification-back">
        <A href="/settings">← {t("settings.title")}</A>
      </p>
      <h1>{t("notifications.title")}</h1>
      <p>{t("notifications.intro")}</p>

      <section class="card settings-section" aria-labelledby="notif-device">
        <h2 id="notif-device">{t("notifications.deviceHeading")}</h2>
        <Switch>
          <Match when={pushSupport() === "ios-install-first"}>
            <p class="notice notice-info">{t("notifications.iosInstall")}</p>
          </Match>
          <Match when={pushSupport() === "unsupported"}>
            <p class="notice notice-info">{t("notifications.unsupported")}</p>
          </Match>
          <Match when={device.loading}>
            <p role="status">{t("notifications.deviceChecking")}</p>
          </Match>
          <Match when={device() === "offline"}>
            <p class="notice notice-warning">{t("notifications.offline")}</p>
          </Match>
          <Match when={state()}>
            {(s) => (
              <>
                <p data-testid="push-state">
                  {s().subscribed ? t("notifications.deviceOn") : t("notifications.deviceOff")}
                </p>
                <Show when={s().permission === "denied"}>
                  <p class="notice notice-warning">{t("notifications.denied")}</p>
                </Show>
                <div class="notification-actions">
                  <Show
                    when={s().subscribed}
                    fallback={
                      <button
                        type="button"
                        class="button button-primary"
                        disabled={busy()}
                        onClick={() => void turnOn()}
                      >
                        {t("notifications.enableDevice")}
                      </button>
                    }
                  >
                    <button type="button" class="button" disabled={busy()} onClick={() => void turnOff()}>
                      {t("notifications.disableDevice")}
                    </button>
                  </Show>
                  <button type="button" class="button" disabled={busy()} onClick={() => void test()}>
                    {t("notifications.test")}
                  </button>
                </div>
              </>
            )}
          </Match>
        </Switch>
        <p aria-live="polite" class="notification-message">
          <Show when={deviceMessage()}>
            {(m) => <span class={`notice notice-${m().tone}`}>{m().text}</span>}
          </Show>
        </p>
      </section>

      <form
        class="card settings-section notification-form"
        onSubmit={(e) => void save(e)}
        aria-labelledby="notif-prefs"
      >
        <h2 id="notif-prefs" class="visually-hidden">
          {t("notifications.title")}
        </h2>
        <label class="settings-choice">
          <input type="checkbox" checked={enabled()} onChange={(e) => setEnabled(e.currentTarget.checked)} />
          {t("notifications.enabledLabel")}
        </label>
        <p class="notification-hint">{t("notifications.enabledHint")}</p>

        <fieldset class="notification-fieldset" disabled={!enabled()}>
          <legend>{t("notifications.quietHeading")}</legend>
          <label class="settings-choice">
            <input type="checkbox" checked={quiet()} onChange={(e) => setQuiet(e.currentTarget.checked)} />
            {t("notifications.quietLabel")}
          </label>
          <div class="notification-times">
            <label for="notif-quiet-start">
              {t("notifications.quietStart")}
              <TimeInput
                id="notif-quiet-start"
                value={quietStart()}
                disabled={!quiet()}
                onChange={setQuietStart}
                describedBy="notif-quiet-format"
              />
            </label>
            <label for="notif-quiet-end">
              {t("notifications.quietEnd")}
              <TimeInput
                id="notif-quiet-end"
                value={quietEnd()}
                disabled={!quiet()}
                onChange={setQuietEnd}
                describedBy="notif-quiet-format"
              />
            </label>
          </div>
          <p id="notif-quiet-format" class="notification-hint">
            {t("notifications.timeFormat")}
          </p>
          <p class="notification-hint">{t("notifications.quietHint")}</p>
        </fieldset>

        <fieldset class="notification-fieldset" disabled={!enabled()}>
          <legend>{t("notifications.digestHeading")}</legend>
          <label class="settings-choice">
            <input type="checkbox" checked={digest()} onChange={(e) => setDigest(e.currentTarget.checked)} />
            {t("notifications.digestLabel")}
          </label>
          <label class="notification-times" for="notif-digest-time">
            {t("notifications.digestTime")}
            <TimeInput
              id="notif-digest-time"
              value={digestTime()}
              disabled={!digest()}
              onChange={setDigestTime}
              describedBy="notif-digest-format"
            />
          </label>
          <p id="notif-digest-format" class="notification-hint">
            {t("notifications.timeFormat")} {t("notifications.timeHint")}
          </p>
        </fieldset>

        <button type="submit" class="button button-primary" disabled={!loaded()}>
          {t("notifications.save")}
        </button>
        <p aria-live="polite" class="notification-message">
          <Show when={saveMessage()}>
            {(m) => <span class={`notice notice-${m().tone}`}>{m().text}</span>}
          </Show>
        </p>
      </form>

      <Show when={accessSubject()?.workspaceRole === "admin" && !isWorkspaceReadOnly()}>
        <WorkspaceRulesForm />
      </Show>
    </div>
  );
}

/**
 * A 24-hour "HH:mm" time typed as text (as in the meeting form: `<input type=time>` shows "09:00 PM" in an
 * en-US browser). "7:30", "07h30" and "07.30" are normalized to "07:30" on blur; anything else stays as
 * typed and is marked invalid (the form refuses to save it).
 */
export function TimeInput(props: {
  id: string;
  value: string;
  disabled: boolean;
  onChange: (value: string) => void;
  describedBy: string;
}): JSX.Element {
  const invalid = () => !props.disabled && parseTime(props.value) === null;
  return (
    <input
      id={props.id}
      type="text"
      inputmode="numeric"
      autocomplete="off"
      placeholder="HH:mm"
      maxLength={5}
      size={6}
      value={props.value}
      disabled={props.disabled}
      required
      aria-invalid={invalid() ? "true" : undefined}
      aria-describedby={props.describedBy}
      onInput={(e) => props.onChange(e.currentTarget.value)}
      onBlur={(e) => {
        const parsed = parseTime(e.currentTarget.value);
        if (parsed) props.onChange(parsed);
      }}
    />
  );
}
