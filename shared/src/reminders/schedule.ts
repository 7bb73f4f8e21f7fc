import { DAY_MS, HOUR_MS, type LocalDate, MINUTE_MS } from "../calendar/local-date.ts";
import {
  addWorkingDays,
  calendarDateOf,
  endOfWorkingDay,
  isWorkingDay,
  startOfWorkingHours,
  type WorkingCalendar,
  workingDaysBetween,
} from "../calendar/working-calendar.ts";
import type { MemberId } from "../ids.ts";
import { MeetingStatus } from "../meeting/types.ts";
import { groupIntoDigests } from "./digest.ts";
import { applyQuietHours } from "./quiet-hours.ts";
import {
  DEFAULT_MEMBER_PREFERENCES,
  DEFAULT_REMINDER_RULES,
  type MemberReminderPreferences,
  type OffsetRule,
  type ReminderOffset,
  type ReminderRules,
} from "./rules.ts";
import {
  type ConsultationSubject,
  type MeetingSubject,
  type Reminder,
  ReminderKind,
  type ReminderParams,
  type ReminderSchedule,
  type ReminderSubject,
  SubjectType,
  type TaskSubject,
  type Urgency,
  type VoteSubject,
} from "./types.ts";

/**
 * The reminder schedule (issue 9): pure functions from subjects, the working calendar, the workspace's
 * rules, the members' preferences and `now` to the list of reminders. Nothing here reads a clock or a
 * document; the relay's push scheduler and the app's in-app reminders call the same code.
 *
 * Two steps: {@link ruleReminders} turns one subject into reminders at the instants the rules name
 * (the "nominal" instants that also make the keys); {@link computeReminderSchedule} then applies each
 * recipient's quiet hours and daily digest.
 */

/** How long a "new task" reminder stays relevant when the task has no deadline ahead of it. */
const ASSIGNED_TTL_MS = 3 * DAY_MS;

/** Everything the rules need besides the subject. */
export interface RuleContext {
  readonly calendar: WorkingCalendar;
  readonly rules: ReminderRules;
  /** ms UTC */
  readonly now: number;
}

/** The stable key of a reminder: subject, kind, the rule's instant (ISO UTC) and the recipient. */
export function reminderKey(
  subjectType: string,
  subjectId: string,
  kind: ReminderKind,
  nominalAt: number,
  recipient: MemberId,
): string {
  return `${subjectType}:${subjectId}:${kind}:${new Date(nominalAt).toISOString()}:${recipient}`;
}

/**
 * The instant an offset rule names before an anchor.
 * @param anchor ms UTC (a deadline, a meeting start)
 * @returns ms UTC: for `working_days` the start of working hours n working days before the anchor's
 *   local date; for `days`/`hours` the anchor minus n × 24 h / n h
 */
export function offsetInstant(offset: ReminderOffset, anchor: number, calendar: WorkingCalendar): number {
  switch (offset.unit) {
    case "working_days":
      return startOfWorkingHours(
        addWorkingDays(calendarDateOf(anchor, calendar), -offset.amount, calendar),
        calendar,
      );
    case "days":
      return anchor - offset.amount * DAY_MS;
    case "hours":
      return anchor - offset.amount * HOUR_MS;
  }
}

function offsetParams(offset: ReminderOffset): Pick<ReminderParams, "workingDaysLeft" | "hoursLeft"> {
  if (offset.unit === "working_days") return { workingDaysLeft: offset.amount };
  return { hoursLeft: offset.unit === "days" ? offset.amount * 24 : offset.amount };
}

/** One rule firing, before it is addressed to recipients. */
interface Firing {
  readonly kind: ReminderKind;
  readonly at: number;
  readonly expiresAt: number;
  readonly urgency: Urgency;
  readonly escalationLevel: number;
  readonly params: ReminderParams;
}

/**
 * A chain of reminders before one anchor (3 and 1 working days before, the due morning…): each is
 * relevant until the next one is due, the last until the anchor, so a relay that was down sends only
 * the latest of them. Firings older than `notBefore` (made before the subject existed) are left out.
 */
function chain(
  steps: readonly { at: number; urgency: Urgency; kind: ReminderKind; params: ReminderParams }[],
  anchor: number,
  notBefore: number,
): Firing[] {
  const sorted = [...steps].sort((a, b) => a.at - b.at);
  const out: Firing[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const s = sorted[i]!;
    const next = sorted.slice(i + 1).find((n) => n.at > s.at);
    const expiresAt = Math.min(next?.at ?? anchor, anchor);
    if (s.at === sorted[i + 1]?.at) continue; // two rules at one instant: the later in the chain wins
    if (s.at < notBefore || s.at >= expiresAt) continue;
    out.push({ kind: s.kind, at: s.at, expiresAt, urgency: s.urgency, escalationLevel: 0, params: s.params });
  }
  return out;
}

function offsetChain(
  rules: readonly OffsetRule[],
  kind: ReminderKind,
  anchor: number,
  ctx: RuleContext,
  params: ReminderParams,
): { at: number; urgency: Urgency; kind: ReminderKind; params: ReminderParams }[] {
  return rules.map((r) => ({
    at: offsetInstant(r.offset, anchor, ctx.calendar),
    urgency: r.urgency,
    kind,
    params: { ...params, ...offsetParams(r.offset) },
  }));
}

function unique(ids: readonly MemberId[]): MemberId[] {
  return [...new Set(ids)];
}

/** The instant a task expires (ms UTC): its due instant, or the end of its due working day; null if none. */
export function taskDeadline(
  task: Pick<TaskSubject, "dueAt" | "dueDate">,
  calendar: WorkingCalendar,
): number | null {
  if (task.dueAt !== undefined && task.dueAt !== null) return task.dueAt;
  return task.dueDate ? endOfWorkingDay(task.dueDate, calendar) : null;
}

function taskReminders(t: TaskSubject, ctx: RuleContext, horizonEnd: number): Reminder[] {
  if (t.status === "done") return [];
  const { calendar, rules, now } = ctx;
  const out: Reminder[] = [];
  const assignees = unique(t.assigneeMemberIds);
  const send = (f: Firing, to: readonly MemberId[]) => {
    if (f.expiresAt <= now || f.at > horizonEnd) return;
    for (const m of to) out.push(address(SubjectType.Task, t.id, f, m));
  };
  const deadline = taskDeadline(t, calendar);
  const base: ReminderParams = {
    title: t.title,
    ...(t.dueDate ? { dueDate: t.dueDate } : {}),
    ...(deadline !== null ? { deadlineAt: deadline } : {}),
  };

  if (rules.taskAssigned.enabled) {
    const expiresAt =
      deadline !== null && deadline > t.assignedAt ? deadline : t.assignedAt + ASSIGNED_TTL_MS;
    send(
      {
        kind: ReminderKind.TaskAssigned,
        at: t.assignedAt,
        expiresAt,
        urgency: rules.taskAssigned.urgency,
        escalationLevel: 0,
        params: base,
      },
      assignees,
    );
  }
  if (deadline === null) return out;

  const dueDay = calendarDateOf(deadline, calendar);
  const steps = offsetChain(rules.taskBeforeDue, ReminderKind.TaskDueSoon, deadline, ctx, base);
  if (rules.taskDueDayMorning.enabled && isWorkingDay(dueDay, calendar)) {
    steps.push({
      at: startOfWorkingHours(dueDay, calendar),
      urgency: rules.taskDueDayMorning.urgency,
      kind: ReminderKind.TaskDueToday,
      params: { ...base, workingDaysLeft: 0 },
    });
  }
  for (const f of chain(steps, deadline, t.assignedAt)) send(f, assignees);

  const o = rules.taskOverdue;
  if (!o.enabled) return out;
  // w_k = the k-th working day after the due day; its working morning carries the k-th overdue reminder.
  const morningOf = (k: number) => startOfWorkingHours(addWorkingDays(dueDay, k, calendar), calendar);
  const elapsed = workingDaysBetween(dueDay, calendarDateOf(now, calendar), calendar);
  let k = Math.max(1, elapsed - 1);
  let day: LocalDate = addWorkingDays(dueDay, k, calendar);
  let at = startOfWorkingHours(day, calendar);
  while (at <= horizonEnd) {
    const nextDay = addWorkingDays(day, 1, calendar);
    const nextAt = startOfWorkingHours(nextDay, calendar);
    if (at >= t.assignedAt) {
      send(
        {
          kind: ReminderKind.TaskOverdue,
          at,
          expiresAt: nextAt,
          urgency: o.urgency,
          escalationLevel: k > o.escalateAfterWorkingDays ? 1 : 0,
          params: { ...base, workingDayOverdue: k },
        },
        assignees,
      );
    }
    k++;
    day = nextDay;
    at = nextAt;
  }

  const assigner = t.assignerMemberId;
  if (assigner === null || assignees.includes(assigner)) return out;
  const first = o.escalateAfterWorkingDays + 1;
  const every = o.escalationEveryWorkingDays;
  let e = first + Math.max(0, Math.floor((elapsed - first) / every) - 1) * every;
  for (at = morningOf(e); at <= horizonEnd; e += every, at = morningOf(e)) {
    if (at < t.assignedAt) continue;
    send(
      {
        kind: ReminderKind.TaskOverdueEscalated,
        at,
        expiresAt: morningOf(e + every),
        urgency: o.escalationUrgency,
        escalationLevel: 1,
        params: { ...base, workingDayOverdue: e, assigneeMemberIds: assignees },
      },
      [assigner],
    );
  }
  return out;
}

function meetingReminders(m: MeetingSubject, ctx: RuleContext, horizonEnd: number): Reminder[] {
  if (m.status !== MeetingStatus.Published || m.publishedAt === null) return [];
  const { rules, now } = ctx;
  const out: Reminder[] = [];
  const participants = unique(m.participantMemberIds);
  const base: ReminderParams = { title: m.title, startsAt: m.startsAt };
  const relevant = (f: Firing) => f.expiresAt > now && f.at <= horizonEnd;

  for (const f of chain(
    offsetChain(rules.meetingBefore, ReminderKind.MeetingUpcoming, m.startsAt, ctx, base),
    m.startsAt,
    m.publishedAt,
  )) {
    if (relevant(f)) for (const p of participants) out.push(address(SubjectType.Meeting, m.id, f, p));
  }

  const papers = rules.meetingUnopenedPapers;
  if (papers.enabled && m.paperIds.length > 0) {
    const at = offsetInstant(papers.offset, m.startsAt, ctx.calendar);
    const f: Firing = {
      kind: ReminderKind.MeetingUnopenedPapers,
      at,
      expiresAt: m.startsAt,
      urgency: papers.urgency,
      escalationLevel: 0,
      params: base,
    };
    if (at >= m.publishedAt && at < m.startsAt && relevant(f)) {
      for (const p of participants) {
        const opened = new Set(m.openedPaperIds[p] ?? []);
        const unopened = m.paperIds.filter((id) => !opened.has(id)).length;
        if (unopened === 0) continue;
        out.push(
          address(
            SubjectType.Meeting,
            m.id,
            { ...f, params: { ...base, unopenedPapers: unopened, totalPapers: m.paperIds.length } },
            p,
          ),
        );
      }
    }
  }
  return out;
}

function consultationReminders(c: ConsultationSubject, ctx: RuleContext, horizonEnd: number): Reminder[] {
  if (c.status !== "open") return [];
  const answered = new Set(c.answeredMemberIds);
  const pending = unique(c.recipientMemberIds).filter((m) => !answered.has(m));
  const base: ReminderParams = { title: c.title, deadlineAt: c.deadline };
  const out: Reminder[] = [];
  for (const f of chain(
    offsetChain(ctx.rules.consultationBefore, ReminderKind.ConsultationDeadline, c.deadline, ctx, base),
    c.deadline,
    c.openedAt,
  )) {
    if (f.expiresAt > ctx.now && f.at <= horizonEnd) {
      for (const m of pending) out.push(address(SubjectType.Consultation, c.id, f, m));
    }
  }
  return out;
}

function voteReminders(v: VoteSubject, ctx: RuleContext): Reminder[] {
  const rule = ctx.rules.voteOpen;
  if (v.status !== "open" || !rule.enabled) return [];
  const expiresAt = v.closesAt ?? v.openedAt + rule.ttlMinutes * MINUTE_MS;
  if (expiresAt <= v.openedAt || expiresAt <= ctx.now) return [];
  const voted = new Set(v.votedMemberIds);
  const f: Firing = {
    kind: ReminderKind.VoteOpen,
    at: v.openedAt,
    expiresAt,
    urgency: rule.urgency,
    escalationLevel: 0,
    params: { title: v.title, meetingId: v.meetingId },
  };
  return unique(v.remoteVoterMemberIds)
    .filter((m) => !voted.has(m))
    .map((m) => address(SubjectType.Vote, v.id, f, m));
}

function address(subjectType: SubjectType, subjectId: string, f: Firing, to: MemberId): Reminder {
  return {
    key: reminderKey(subjectType, subjectId, f.kind, f.at, to),
    subjectType,
    subjectId,
    kind: f.kind,
    recipientMemberId: to,
    dueAt: f.at,
    expiresAt: f.expiresAt,
    urgency: f.urgency,
    escalationLevel: f.escalationLevel,
    params: f.params,
  };
}

/**
 * The reminders one subject calls for under the rules, at the rules' own instants (no quiet hours, no
 * digest): those still relevant at `now` (expiresAt > now) and due within the rules' horizon.
 *
 * Task: new task → assignees at `assignedAt`; before the due date → each `taskBeforeDue` offset and the
 * due day's working morning; overdue → each working morning after the due day, escalating to the
 * assigner (unless they are an assignee) after `escalateAfterWorkingDays` whole working days, then every
 * `escalationEveryWorkingDays`. Meeting (published only): `meetingBefore` offsets to every participant,
 * and "N of M papers unopened" to those with unopened papers. Consultation (open): `consultationBefore`
 * offsets to recipients who have not answered. Vote (open): remote voters who have not voted, at once.
 *
 * @returns reminders in no particular order
 */
export function ruleReminders(subject: ReminderSubject, ctx: RuleContext): Reminder[] {
  const horizonEnd = ctx.now + ctx.rules.horizonDays * DAY_MS;
  switch (subject.type) {
    case "task":
      return taskReminders(subject, ctx, horizonEnd);
    case "meeting":
      return meetingReminders(subject, ctx, horizonEnd);
    case "consultation":
      return consultationReminders(subject, ctx, horizonEnd);
    case "vote":
      return voteReminders(subject, ctx);
  }
}

/** What {@link computeReminderSchedule} needs. */
export interface ScheduleInput {
  readonly subjects: readonly ReminderSubject[];
  readonly calendar: WorkingCalendar;
  /** The workspace's rules; default {@link DEFAULT_REMINDER_RULES}. */
  readonly rules?: ReminderRules;
  /** A member's preferences; a member without any gets {@link DEFAULT_MEMBER_PREFERENCES}. */
  readonly preferencesOf?: (memberId: MemberId) => MemberReminderPreferences | undefined;
  /** ms UTC */
  readonly now: number;
}

/**
 * Computes the reminder schedule of a set of subjects at `now`: the rules' reminders
 * ({@link ruleReminders}), then, per recipient, quiet hours (a reminder moves to their end, never to or
 * past its expiry; see `applyQuietHours`) and, for members who opted in, one daily digest instead of
 * single reminders of the collected urgencies (see `groupIntoDigests`).
 *
 * Every instant is computed in the calendar's zone (or the member's chosen zone for quiet hours and the
 * digest), never the host's: the same inputs give the same schedule on every device.
 *
 * @returns reminders sorted by `dueAt`, then `key`
 */
export function computeReminderSchedule(input: ScheduleInput): ReminderSchedule {
  const rules = input.rules ?? DEFAULT_REMINDER_RULES;
  const ctx: RuleContext = { calendar: input.calendar, rules, now: input.now };
  const byMember = new Map<MemberId, Reminder[]>();
  for (const subject of input.subjects) {
    for (const r of ruleReminders(subject, ctx)) {
      const list = byMember.get(r.recipientMemberId) ?? [];
      list.push(r);
      byMember.set(r.recipientMemberId, list);
    }
  }
  const reminders: Reminder[] = [];
  for (const [member, list] of byMember) {
    const prefs = input.preferencesOf?.(member) ?? DEFAULT_MEMBER_PREFERENCES;
    const timeZone = prefs.timeZone ?? input.calendar.timeZone;
    const kept = list.flatMap((r) => applyQuietHours(r, prefs.quietHours, timeZone) ?? []);
    if (prefs.digest.enabled) {
      reminders.push(
        ...groupIntoDigests(kept, member, {
          time: prefs.digest.time,
          timeZone,
          quietHours: prefs.quietHours,
          urgencies: rules.digestUrgencies,
        }),
      );
    } else {
      reminders.push(...kept);
    }
  }
  reminders.sort((a, b) => a.dueAt - b.dueAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { computedAt: input.now, reminders };
}
