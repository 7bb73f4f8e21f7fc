import { createSignal, type JSX, Show } from "solid-js";
import { workspaceReminderRules } from "../../../../shared/src/index.ts";
import { useI18n } from "../../i18n/index.ts";
import { saveWorkspaceReminderRules } from "../../state/reminders.ts";
import { workspaceDoc } from "../../state/workspace.ts";

/** "3, 1" → [3, 1]; null when a value is not a whole number 1…60. */
function parseList(text: string): number[] | null {
  const parts = text
    .split(/[,;\s]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const values = parts.map(Number);
  if (
    values.length === 0 ||
    values.length > 10 ||
    values.some((v) => !Number.isInteger(v) || v < 1 || v > 60)
  )
    return null;
  return [...new Set(values)].sort((a, b) => b - a);
}

/**
 * The workspace's reminder rules (admins): working days before a task's due date, after how many
 * overdue working days the assigner is told, and how long before a meeting participants are reminded.
 * The other rules keep their values. Saved into the workspace document (the relay accepts it from admins
 * only), read by every device and by the relay's push scheduler.
 */
export function WorkspaceRulesForm(): JSX.Element {
  const { t } = useI18n();
  const rules = () => workspaceReminderRules(workspaceDoc());
  const [beforeDue, setBeforeDue] = createSignal(
    rules()
      .taskBeforeDue.filter((r) => r.offset.unit === "working_days")
      .map((r) => r.offset.amount)
      .join(", "),
  );
  const [escalate, setEscalate] = createSignal(String(rules().taskOverdue.escalateAfterWorkingDays));
  const [meetingHours, setMeetingHours] = createSignal(
    rules()
      .meetingBefore.map((r) => (r.offset.unit === "hours" ? r.offset.amount : r.offset.amount * 24))
      .join(", "),
  );
  const [message, setMessage] = createSignal<{ text: string; tone: "danger" | "success" }>();

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    setMessage(undefined);
    const due = parseList(beforeDue());
    const hours = meetingHours()
      .split(/[,;\s]+/)
      .filter(Boolean)
      .map(Number);
    const esc = Number(escalate());
    if (
      !due ||
      !Number.isInteger(esc) ||
      esc < 0 ||
      esc > 60 ||
      hours.length === 0 ||
      hours.some((h) => !Number.isInteger(h) || h < 1 || h > 24 * 60)
    ) {
      setMessage({ text: t("notifications.rulesInvalid"), tone: "danger" });
      return;
    }
    const current = rules();
    try {
      await saveWorkspaceReminderRules({
        ...current,
        taskBeforeDue: due.map((amount, i) => ({
          offset: { unit: "working_days", amount },
          urgency: i === due.length - 1 ? "normal" : "low",
        })),
        taskOverdue: { ...current.taskOverdue, escalateAfterWorkingDays: esc },
        meetingBefore: [...new Set(hours)]
          .sort((a, b) => b - a)
          .map((h) =>
            h % 24 === 0 && h / 24 <= 60
              ? { offset: { unit: "days" as const, amount: h / 24 }, urgency: "low" as const }
              : { offset: { unit: "hours" as const, amount: Math.min(h, 60) }, urgency: "high" as const },
          ),
      });
      setMessage({ text: t("notifications.rulesSaved"), tone: "success" });
    } catch (error) {
      setMessage({
        text: t("notifications.saveFailed", {
          reason: error instanceof Error ? error.message : String(error),
        }),
        tone: "danger",
      });
    }
  };

  return (
    <form
      class="card settings-section notification-form"
      onSubmit={(e) => void save(e)}
      aria-labelledby="notif-rules"
    >
      <h2 id="notif-rules">{t("notifications.rulesHeading")}</h2>
      <p>{t("notifications.rulesIntro")}</p>
      <label class="notification-field">
        {t("notifications.rulesBeforeDue")}
        <input
          type="text"
          inputmode="numeric"
          value={beforeDue()}
          onInput={(e) => setBeforeDue(e.currentTarget.value)}
        />
      </label>
      <label class="notification-field">
        {t("notifications.rulesEscalate")}
        <input
          type="number"
          min="0"
          max="60"
          value={escalate()}
          onInput={(e) => setEscalate(e.currentTarget.value)}
        />
      </label>
      <label class="notification-field">
        {t("notifications.rulesMeeting")}
        <input
          type="text"
          inputmode="numeric"
          value={meetingHours()}
          onInput={(e) => setMeetingHours(e.currentTarget.value)}
        />
      </label>
      <button type="submit" class="button button-primary">
        {t("notifications.rulesSave")}
      </button>
      <p aria-live="polite" class="notification-message">
        <Show when={message()}>{(m) => <span class={`notice notice-${m().tone}`}>{m().text}</span>}</Show>
      </p>
    </form>
  );
}
