import type { AutomergeUrl, DocHandle, DocumentId, Repo } from "@automerge/automerge-repo";
import type { MemberId } from "../../../shared/src/ids.ts";
import type { MeetingDoc } from "../../../shared/src/meeting/types.ts";
import type { ConsultationDoc } from "../../../shared/src/meeting-run/consultation-doc.ts";
import type { ParticipationDoc } from "../../../shared/src/participation/participation.ts";
import type { PrivateDoc } from "../../../shared/src/private/private.ts";
import {
  computeReminderSchedule,
  consultationReminderSubject,
  DEFAULT_MEMBER_PREFERENCES,
  ledgerReminderSubjects,
  meetingReminderSubject,
  memberReminderPreferences,
  type Reminder,
  type ReminderPreferencesView,
  type ReminderSchedule,
  type ReminderSubject,
  reminderSnoozes,
  snoozedReminders,
  voteReminderSubjects,
  workspaceCalendar,
  workspaceReminderRules,
} from "../../../shared/src/reminders/index.ts";
import { str } from "../../../shared/src/schema/immutable.ts";
import type { LedgerDoc } from "../../../shared/src/tasks/types.ts";
import { validateLedger } from "../../../shared/src/tasks/validate.ts";
import type { WorkspaceDoc } from "../../../shared/src/workspace/types.ts";
import { workspaceLedgers } from "../../../shared/src/workspace/workspace.ts";
import type { AccessController } from "../access/controller.ts";
import { documentIdOf } from "../access/controller.ts";
import type { WorkspaceDirectory } from "../access/directory.ts";
import type { Logger } from "../logger.ts";
import type { ReminderSource } from "./scheduler.ts";

/**
 * The relay's {@link ReminderSource}: reads the relay's own copies of the documents (workspace rules and
 * calendar, meetings, the task ledgers, members' private preferences and snoozes; more subject kinds
 * through `collectors`), turns them into reminder subjects with shared/ selectors, and asks
 * shared/'s `computeReminderSchedule` — the same function the app runs for in-app reminders.
 *
 * Who gets a reminder: only members who are in the directory, not disabled, and who may read the
 * document the subject lives in (`AccessController.may`, the one permission table) — checked for every
 * recipient at every pass, so a member removed from a meeting stops getting its reminders at once.
 *
 * Every document read is watched: a change calls `onChange` (the scheduler's `soon()`), so a new task or
 * an opened vote is reminded within a second instead of at the next interval.
 */

/** One kind of subject and the document it lives in. */
export interface CollectedSubject {
  readonly subject: ReminderSubject;
  /** The document whose readers may be reminded of it (meeting, ledger, consultation…). */
  readonly documentId: DocumentId;
}

/** Reads subjects of one kind from the relay's documents; `load` finds (and watches) a document. */
export type SubjectCollector = (ctx: CollectorContext) => Promise<readonly CollectedSubject[]>;

export interface CollectorContext {
  readonly workspace: WorkspaceDoc;
  /** ms UTC */
  readonly now: number;
  /** A document of the relay, ready and watched for changes; undefined when it cannot be loaded. */
  load<T>(url: string): Promise<DocHandle<T> | undefined>;
  readonly logger: Logger;
}

export interface RelayReminderSourceOptions {
  readonly repo: Repo;
  readonly directory: WorkspaceDirectory;
  readonly access: Pick<AccessController, "may" | "privateDocumentUrl" | "status">;
  readonly logger: Logger;
  /** Called (coalesced by the caller) when a document the schedule reads changes. */
  readonly onChange: () => void;
  /** Subject kinds besides meetings, votes, tasks and consultations. */
  readonly collectors?: readonly SubjectCollector[];
  /** URLs of every written consultation document the relay knows (its registry). */
  readonly consultationUrls?: () => readonly string[];
  /** How long to wait for a document to load, ms (default 5 000). */
  readonly loadTimeoutMs?: number;
}

/** The relay's reminder source; see the module comment. */
export function relayReminderSource(options: RelayReminderSourceOptions): ReminderSource {
  const log = options.logger.child({ component: "reminders" });
  const watched = new Set<string>();
  const timeoutMs = options.loadTimeoutMs ?? 5000;
  options.directory.handle.on("heads-changed", () => options.onChange());

  async function load<T>(url: string): Promise<DocHandle<T> | undefined> {
    const id = documentIdOf(url);
    if (!id) return undefined;
    try {
      const existing = options.repo.handles[id] as DocHandle<T> | undefined;
      if (existing?.isReady() !== true) {
        // Only documents the relay holds and has classified: finding any other would make the relay's
        // Repo ask its peers for it (a document being created, one nobody may read) in the middle of
        // their own sync.
        const status = await options.access.status(id);
        if (status.kind === "unknown" || status.kind === "pending" || status.kind === "quarantined")
          return undefined;
        if (existing && !existing.isReady()) return undefined;
      }
      const handle =
        existing?.isReady() === true
          ? existing
          : await withTimeout(options.repo.find<T>(url as AutomergeUrl), timeoutMs);
      if (!watched.has(id)) {
        watched.add(id);
        handle.on("heads-changed", () => options.onChange());
      }
      return handle;
    } catch (err) {
      log.debug({ err, documentId: id }, "reminders: document not available");
      return undefined;
    }
  }

  const collectors: SubjectCollector[] = [
    meetingSubjects,
    taskSubjects,
    consultationSubjects(options.consultationUrls ?? (() => [])),
    ...(options.collectors ?? []),
  ];

  return async (now: number): Promise<ReminderSchedule> => {
    const workspace = options.directory.doc();
    const ctx: CollectorContext = { workspace, now, load, logger: log };
    const collected: CollectedSubject[] = [];
    for (const collect of collectors) {
      try {
        collected.push(...(await collect(ctx)));
      } catch (err) {
        log.error({ err }, "reminders: a subject collector failed; its subjects are skipped this pass");
      }
    }

    // Recipients: active members who may read the subject's document (cached per pass).
    const mayRead = new Map<string, Promise<boolean>>();
    const allowed = (member: string, documentId: DocumentId) => {
      const k = `${member}\u0000${documentId}`;
      let p = mayRead.get(k);
      if (!p) {
        p = options.access.may(member, documentId, "read").catch(() => false);
        mayRead.set(k, p);
      }
      return p;
    };
    const subjects = await Promise.all(collected.map((c) => restrictRecipients(c, allowed)));

    // Preferences and snoozes of every member who may be reminded.
    const members = new Set<string>();
    for (const s of subjects) for (const m of recipientsOf(s)) members.add(m);
    const prefs = new Map<string, ReminderPreferencesView>();
    const snoozed: Reminder[] = [];
    const live = new Set(subjects.map((s) => `${s.type}:${s.id}`));
    for (const member of members) {
      const url = options.access.privateDocumentUrl(member);
      const doc = url ? (await load<PrivateDoc>(url))?.doc() : undefined;
      const p = memberReminderPreferences(doc);
      prefs.set(member, p);
      if (p.enabled && doc) {
        snoozed.push(
          ...snoozedReminders(reminderSnoozes(doc), member as MemberId, (type, id) =>
            live.has(`${type}:${id}`),
          ),
        );
      }
    }
    const enabledSubjects = subjects.map((s) => withoutMembers(s, (m) => prefs.get(m)?.enabled === false));
    const schedule = computeReminderSchedule({
      subjects: enabledSubjects,
      calendar: workspaceCalendar(workspace),
      rules: workspaceReminderRules(workspace),
      preferencesOf: (m) => prefs.get(m) ?? DEFAULT_MEMBER_PREFERENCES,
      now,
    });
    if (snoozed.length === 0) return schedule;
    return { computedAt: now, reminders: [...schedule.reminders, ...snoozed] };
  };
}

/**
 * Meetings of the workspace's index: a published meeting that has not started (drafts remind no one),
 * and the open votes of a meeting in session (remote voters who have not voted; the vote lives in the
 * meeting document and its participation document, whose readers are the meeting's).
 */
export const meetingSubjects: SubjectCollector = async (ctx) => {
  const out: CollectedSubject[] = [];
  for (const entry of Object.values(ctx.workspace.meetings ?? {})) {
    if (entry.removedAt) continue;
    const url = str(entry.url);
    if (!url) continue;
    const handle = await ctx.load<MeetingDoc>(url);
    const doc = handle?.doc();
    if (!handle || !doc) continue;
    const status = str(doc.status);
    if (status !== "published" && status !== "in_session") continue;
    const participationUrl = str(doc.participationUrl);
    const participation = participationUrl
      ? (await ctx.load<ParticipationDoc>(participationUrl))?.doc()
      : undefined;
    const subject = meetingReminderSubject(doc, participation);
    if (!subject) continue;
    if (subject.status === "published" && subject.startsAt > ctx.now) {
      out.push({ subject, documentId: handle.documentId });
    }
    if (subject.status === "in_session" && participation) {
      for (const vote of voteReminderSubjects(doc, participation, ctx.now)) {
        out.push({ subject: vote, documentId: handle.documentId });
      }
    }
  }
  return out;
};

const validLedgers = new WeakMap<object, boolean>();
function ledgerIsValid(doc: LedgerDoc): boolean {
  let ok = validLedgers.get(doc);
  if (ok === undefined) {
    ok = validateLedger(doc).ok;
    validLedgers.set(doc, ok);
  }
  return ok;
}

/** Tasks of every ledger the workspace lists (task reminders: new, before due, due today, overdue). */
export const taskSubjects: SubjectCollector = async (ctx) => {
  const out: CollectedSubject[] = [];
  const calendar = workspaceCalendar(ctx.workspace);
  for (const { url } of workspaceLedgers(ctx.workspace)) {
    const handle = await ctx.load<LedgerDoc>(url);
    const doc = handle?.doc();
    if (!handle || !doc || !ledgerIsValid(doc)) continue;
    for (const subject of ledgerReminderSubjects(doc, ctx.workspace, calendar)) {
      if (subject.status !== "done") out.push({ subject, documentId: handle.documentId });
    }
  }
  return out;
};

/** Open written consultations: named members who have not answered, before the deadline. */
export function consultationSubjects(urls: () => readonly string[]): SubjectCollector {
  return async (ctx) => {
    const out: CollectedSubject[] = [];
    for (const url of urls()) {
      const handle = await ctx.load<ConsultationDoc>(url);
      const doc = handle?.doc();
      const subject = doc ? consultationReminderSubject(doc, ctx.now) : null;
      if (handle && subject?.status === "open" && subject.deadline > ctx.now) {
        out.push({ subject, documentId: handle.documentId });
      }
    }
    return out;
  };
}

function recipientsOf(s: ReminderSubject): readonly string[] {
  switch (s.type) {
    case "task":
      return [...s.assigneeMemberIds, ...(s.assignerMemberId ? [s.assignerMemberId] : [])];
    case "meeting":
      return s.participantMemberIds;
    case "consultation":
      return s.recipientMemberIds;
    case "vote":
      return s.remoteVoterMemberIds;
  }
}

/** The subject with `drop(member)` members removed from every recipient list. */
function withoutMembers(s: ReminderSubject, drop: (m: string) => boolean): ReminderSubject {
  const keep = (list: readonly MemberId[]) => list.filter((m) => !drop(m));
  switch (s.type) {
    case "task":
      return {
        ...s,
        assigneeMemberIds: keep(s.assigneeMemberIds),
        assignerMemberId: s.assignerMemberId && drop(s.assignerMemberId) ? null : s.assignerMemberId,
      };
    case "meeting":
      return { ...s, participantMemberIds: keep(s.participantMemberIds) };
    case "consultation":
      return { ...s, recipientMemberIds: keep(s.recipientMemberIds) };
    case "vote":
      return { ...s, remoteVoterMemberIds: keep(s.remoteVoterMemberIds) };
  }
}

async function restrictRecipients(
  c: CollectedSubject,
  allowed: (member: string, documentId: DocumentId) => Promise<boolean>,
): Promise<ReminderSubject> {
  const members = [...new Set(recipientsOf(c.subject))];
  const ok = await Promise.all(members.map((m) => allowed(m, c.documentId)));
  const refused = new Set(members.filter((_, i) => !ok[i]));
  return refused.size === 0 ? c.subject : withoutMembers(c.subject, (m) => refused.has(m));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
