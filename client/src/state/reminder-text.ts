import type { ReminderKind, ReminderParams, SubjectType } from "../../../shared/src/reminders/types.ts";
import { formatDateTime } from "../../../shared/src/time.ts";
import type { RemindersDict } from "../i18n/vi/reminders.ts";

/**
 * The words of a reminder — the same for a push notification (service worker) and an in-app reminder —
 * from its kind and params with a reminders catalog (`i18n/<locale>/reminders.ts`). Dates dd/MM/yyyy,
 * times "HH:mm dd/MM/yyyy" 24 h in Asia/Ho_Chi_Minh (shared/src/time.ts). Imports no Solid code, so the
 * service worker can use it.
 */

/** What the text is built from: a reminder, or the push payload of one. */
export interface ReminderLike {
  readonly kind: ReminderKind;
  readonly subjectType: SubjectType;
  readonly subjectId: string;
  readonly title: string;
  readonly params: Omit<Partial<ReminderParams>, "title">;
}

/** "2027-03-05" → "05/03/2027"; anything else unchanged. */
export function localDateText(date: string | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? "");
  return m ? `${m[3]}/${m[2]}/${m[1]}` : (date ?? "");
}

const when = (ms: number | undefined) => (ms === undefined ? "" : formatDateTime(new Date(ms).toISOString()));

/** Notification title and body of a reminder. */
export function reminderText(r: ReminderLike, dict: RemindersDict): { title: string; body: string } {
  const t = dict.reminder;
  const p = r.params;
  const due = p.dueDate ? localDateText(p.dueDate) : p.deadlineAt ? when(p.deadlineAt) : "";
  let body: string;
  switch (r.kind) {
    case "task_assigned":
      body = t.task_assigned({ due });
      break;
    case "task_due_soon":
      body = t.task_due_soon({ due, days: p.workingDaysLeft ?? 1 });
      break;
    case "task_due_today":
      body = t.task_due_today({ due });
      break;
    case "task_overdue":
      body = t.task_overdue({ due, days: p.workingDayOverdue ?? 1 });
      break;
    case "task_overdue_escalated":
      body = t.task_overdue_escalated({ due, days: p.workingDayOverdue ?? 1 });
      break;
    case "meeting_upcoming":
      body = t.meeting_upcoming({ when: when(p.startsAt), hours: p.hoursLeft ?? 1 });
      break;
    case "meeting_unopened_papers":
      body = t.meeting_unopened_papers({
        unopened: p.unopenedPapers ?? 0,
        total: p.totalPapers ?? 0,
        when: when(p.startsAt),
      });
      break;
    case "consultation_deadline":
      body = t.consultation_deadline({ when: when(p.deadlineAt) });
      break;
    case "vote_open":
      body = t.vote_open;
      break;
    case "digest":
      return { title: t.digestTitle, body: t.digest({ count: p.count ?? 0 }) };
  }
  return { title: r.title || t.digestTitle, body };
}

/**
 * Where the app shows a reminder's subject: `/open/<type>/<id>` (routes/OpenReminder.tsx resolves a
 * meeting id through the workspace index, offline too); a vote carries its meeting id in `?meeting=`.
 */
export function reminderPath(r: Pick<ReminderLike, "subjectType" | "subjectId" | "params">): string {
  const base = `/open/${r.subjectType}/${encodeURIComponent(r.subjectId)}`;
  return r.subjectType === "vote" && r.params.meetingId
    ? `${base}?meeting=${encodeURIComponent(r.params.meetingId)}`
    : base;
}
