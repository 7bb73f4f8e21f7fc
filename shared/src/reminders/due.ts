import type { Reminder, ReminderSchedule } from "./types.ts";

/** The sent-log as the caller keeps it: a set of keys, or a lookup. */
export type SentKeys = ReadonlySet<string> | ((key: string) => boolean);

/**
 * The keys to record in the sent-log once a reminder was delivered: its own key and, for a digest, the
 * keys of the reminders it carried (so none of them is sent again on its own).
 */
export function deliveryKeys(reminder: Reminder): string[] {
  return [reminder.key, ...(reminder.items ?? []).map((i) => i.key)];
}

/**
 * What to send now: reminders not yet sent (by key) with dueAt ≤ now < expiresAt. Reminders missed while
 * the sender was down therefore go out late, but only while still relevant; one recorded in the sent-log
 * (see {@link deliveryKeys}) never goes out again, whatever schedule it reappears in.
 *
 * A digest carries only its items not yet sent and still relevant (none left: no digest). An item that
 * joined a digest after that digest was sent goes out on its own.
 *
 * @param now ms UTC
 * @returns reminders sorted by dueAt, then key
 */
export function dueReminders(
  schedule: ReminderSchedule | readonly Reminder[],
  sent: SentKeys,
  now: number,
): Reminder[] {
  const isSent = typeof sent === "function" ? sent : (key: string) => sent.has(key);
  const list = "reminders" in schedule ? schedule.reminders : schedule;
  const live = (r: Reminder) => !isSent(r.key) && r.dueAt <= now && now < r.expiresAt;
  const out: Reminder[] = [];
  const seen = new Set<string>();
  const push = (r: Reminder) => {
    if (seen.has(r.key)) return;
    seen.add(r.key);
    out.push(r);
  };
  for (const r of list) {
    if (!r.items) {
      if (live(r)) push(r);
      continue;
    }
    const fresh = r.items.filter(live);
    if (isSent(r.key)) {
      for (const i of fresh) push(i);
    } else if (fresh.length > 0 && r.dueAt <= now && now < r.expiresAt) {
      push({
        ...r,
        items: fresh,
        expiresAt: Math.max(...fresh.map((i) => i.expiresAt)),
        params: { ...r.params, count: fresh.length },
      });
    }
  }
  return out.sort((a, b) => a.dueAt - b.dueAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
