/**
 * Reminders in the app (issue 9): the member's reminder preferences and snoozes (their private document,
 * the only writes here), and in-app reminders computed on this device from the local documents with the
 * same shared/ schedule the relay uses for Web Push — so they show while the app is open, even offline.
 *
 * In-app reminders the member dismissed are remembered on this device (localStorage), by reminder key.
 */
import type { AutomergeUrl, DocHandle } from "@automerge/automerge-repo";
import { type Accessor, createEffect, createRoot, createSignal } from "solid-js";
import {
  computeReminderSchedule,
  DomainError,
  dueReminders,
  ledgerReminderSubjects,
  type MeetingDoc,
  type MemberId,
  type MemberReminderPreferencesInput,
  meetingReminderSubject,
  memberReminderPreferences,
  type ParticipationDoc,
  type PrivateDoc,
  type Reminder,
  type ReminderPreferencesView,
  type ReminderRulesInput,
  type ReminderSubject,
  reminderSnoozes,
  SNOOZE_MS,
  setReminderPreferences,
  setWorkspaceReminderRules,
  snoozedReminders,
  snoozeReminder,
  str,
  voteReminderSubjects,
  type WorkspaceDoc,
  workspaceCalendar,
  workspaceMeetingUrls,
  workspaceReminderRules,
} from "../../../shared/src/index.ts";
import { writeServiceWorkerState } from "../pwa/sw-state.ts";
import { ActionError } from "./actions.ts";
import { repo } from "./repo.ts";
import { currentSession, onSessionStart } from "./session.ts";
import { ledgers, ledgerTasks } from "./tasks.ts";
import { isWorkspaceReadOnly, openPrivateDocument, workspaceDoc, workspaceHandle } from "./workspace.ts";

/** How often in-app reminders are recomputed while the app is open, ms. */
export const IN_APP_INTERVAL_MS = 30_000;
const SEEN_KEY = "hopso.reminders.seen";
const SEEN_MAX = 500;

// ---------------------------------------------------------------- preferences and snoozes

const [prefs, setPrefs] = createSignal<ReminderPreferencesView>(memberReminderPreferences(undefined));
let watchedPrivate: DocHandle<PrivateDoc> | undefined;

/** The member's reminder preferences (defaults until their private document is open). */
export const reminderPreferences: Accessor<ReminderPreferencesView> = prefs;

async function privateHandle(): Promise<DocHandle<PrivateDoc>> {
  const handle = await openPrivateDocument();
  if (!handle?.isReady()) throw new ActionError("not_found", "private document not available");
  if (watchedPrivate !== handle) {
    watchedPrivate = handle;
    handle.on("change", () => setPrefs(memberReminderPreferences(handle.doc())));
  }
  setPrefs(memberReminderPreferences(handle.doc()));
  return handle;
}

/** Loads the preferences (and keeps them current). Resolves even when the private document is missing. */
export async function loadReminderPreferences(): Promise<ReminderPreferencesView> {
  try {
    await privateHandle();
  } catch {
    // Not available yet (first sign-in offline): the defaults stand.
  }
  return prefs();
}

function toActionError(error: unknown): ActionError {
  if (error instanceof ActionError) return error;
  if (error instanceof DomainError) {
    const issues = (error.details?.issues as ActionError["issues"] | undefined) ?? [];
    return new ActionError(error.code, error.message, issues, { cause: error });
  }
  return new ActionError("unknown", error instanceof Error ? error.message : String(error), [], {
    cause: error,
  });
}

/**
 * Saves the member's reminder preferences into their private document (works offline; every device of
 * theirs and the relay read them from there).
 * @throws ActionError(invalid_input with issues | not_found when the private document is not here)
 */
export async function saveReminderPreferences(
  input: MemberReminderPreferencesInput & { enabled: boolean },
): Promise<void> {
  const handle = await privateHandle();
  try {
    handle.change((d) => setReminderPreferences(d, input));
  } catch (error) {
    throw toActionError(error);
  }
}

/**
 * "Remind me in an hour": records a snooze in the private document; the relay pushes the reminder again
 * then, and this app shows it again in-app. @throws ActionError
 */
export async function snoozeInApp(reminder: Reminder, now: number = Date.now()): Promise<void> {
  const handle = await privateHandle();
  try {
    handle.change((d) =>
      snoozeReminder(
        d,
        {
          key: reminder.key,
          kind: reminder.kind,
          subjectType: reminder.subjectType,
          subjectId: reminder.subjectId,
          title: reminder.params.title,
          until: now + SNOOZE_MS,
        },
        now,
      ),
    );
  } catch (error) {
    throw toActionError(error);
  }
  dismissReminder(reminder.key);
}

/**
 * Replaces the workspace's reminder rules (admins only: the relay refuses anyone else's change to the
 * workspace settings). Works offline; every device and the relay read the rules from the workspace.
 * @throws ActionError(read_only when the workspace cannot be written | invalid_input with issues)
 */
export async function saveWorkspaceReminderRules(input: ReminderRulesInput): Promise<void> {
  if (isWorkspaceReadOnly()) throw new ActionError("read_only", "the workspace cannot be written now");
  const handle = await workspaceHandle();
  try {
    handle.change((d) => setWorkspaceReminderRules(d, input));
  } catch (error) {
    throw toActionError(error);
  }
}

// ---------------------------------------------------------------- in-app reminders

function readSeen(): string[] {
  try {
    const raw = JSON.parse(localStorage.getItem(SEEN_KEY) ?? "[]") as unknown;
    return Array.isArray(raw) ? raw.filter((k): k is string => typeof k === "string") : [];
  } catch {
    return [];
  }
}

const [seen, setSeen] = createSignal<ReadonlySet<string>>(new Set(readSeen()));
const [due, setDue] = createSignal<readonly Reminder[]>([]);

/** Reminders due now for the signed-in member that they have not dismissed on this device. */
export const inAppReminders: Accessor<readonly Reminder[]> = createRoot(() => () => {
  const s = seen();
  return due().filter((r) => !s.has(r.key));
});

/** Hides an in-app reminder on this device. */
export function dismissReminder(key: string): void {
  const list = [...readSeen().filter((k) => k !== key), key].slice(-SEEN_MAX);
  try {
    localStorage.setItem(SEEN_KEY, JSON.stringify(list));
  } catch {
    // No storage: hidden for this page only.
  }
  setSeen(new Set([...seen(), key]));
}

function docOf<T>(url: string): T | undefined {
  const id = url.startsWith("automerge:") ? url.slice("automerge:".length) : url;
  const handle = repo.handles[id as keyof typeof repo.handles] as DocHandle<T> | undefined;
  return handle?.isReady() ? handle.doc() : undefined;
}

/**
 * The member's reminders due at `now`, computed from the documents on this device (workspace, meetings
 * and their participation documents, task ledgers, the private document). Pure apart from reading the
 * already-open handles; exported for tests.
 */
export function localDueReminders(input: {
  workspace: WorkspaceDoc;
  meetings: readonly { meeting: MeetingDoc; participation?: ParticipationDoc | undefined }[];
  ledgers: readonly Parameters<typeof ledgerReminderSubjects>[0][];
  privateDoc: PrivateDoc | undefined;
  memberId: string;
  now: number;
  seen: ReadonlySet<string>;
}): Reminder[] {
  const prefsView = memberReminderPreferences(input.privateDoc);
  if (!prefsView.enabled) return [];
  const calendar = workspaceCalendar(input.workspace);
  const subjects: ReminderSubject[] = [];
  for (const { meeting, participation } of input.meetings) {
    const subject = meetingReminderSubject(meeting, participation);
    if (!subject) continue;
    if (subject.status === "published" && subject.startsAt > input.now) subjects.push(subject);
    if (subject.status === "in_session" && participation)
      subjects.push(...voteReminderSubjects(meeting, participation, input.now));
  }
  for (const ledger of input.ledgers) {
    subjects.push(
      ...ledgerReminderSubjects(ledger, input.workspace, calendar).filter((t) => t.status !== "done"),
    );
  }
  const me = input.memberId as MemberId;
  const schedule = computeReminderSchedule({
    subjects,
    calendar,
    rules: workspaceReminderRules(input.workspace),
    preferencesOf: (m) => (m === me ? prefsView : undefined),
    now: input.now,
  });
  const live = new Set(subjects.map((s) => `${s.type}:${s.id}`));
  const mine = [
    ...schedule.reminders.filter((r) => r.recipientMemberId === me),
    ...snoozedReminders(reminderSnoozes(input.privateDoc), me, (type, id) => live.has(`${type}:${id}`)),
  ];
  return dueReminders(mine, input.seen, input.now);
}

async function recompute(): Promise<void> {
  const session = currentSession();
  if (!session) return;
  let workspace: WorkspaceDoc | undefined;
  try {
    const h = await workspaceHandle();
    workspace = h.isReady() ? h.doc() : undefined;
  } catch {
    workspace = undefined;
  }
  if (!workspace) return;
  const priv = await openPrivateDocument().catch(() => undefined);
  const meetings: { meeting: MeetingDoc; participation?: ParticipationDoc }[] = [];
  for (const { url } of workspaceMeetingUrls(workspace)) {
    const meeting = docOf<MeetingDoc>(url);
    if (!meeting) continue;
    const pUrl = str(meeting.participationUrl);
    const participation = pUrl ? docOf<ParticipationDoc>(pUrl) : undefined;
    meetings.push(participation ? { meeting, participation } : { meeting });
  }
  const ledgerDocs = ledgers().flatMap((l) => (l.handle.isReady() ? [l.handle.doc()] : []));
  try {
    setDue(
      localDueReminders({
        workspace,
        meetings,
        ledgers: ledgerDocs,
        privateDoc: priv?.isReady() ? priv.doc() : undefined,
        memberId: session.memberId,
        now: Date.now(),
        seen: new Set<string>(),
      }),
    );
  } catch (error) {
    console.error("in-app reminders could not be computed", error);
  }
}

let started = false;

/**
 * Starts in-app reminders and shares the session with the service worker (which needs the member and
 * document URLs for a notification's actions). Idempotent; call once from the app's root.
 */
export function startReminders(localeOf: () => "vi" | "en"): void {
  if (started) return;
  started = true;
  const share = () => {
    const s = currentSession();
    if (!s) return;
    writeServiceWorkerState({
      memberId: s.memberId,
      workspaceUrl: s.workspaceUrl as AutomergeUrl,
      privateUrl: s.privateUrl,
      locale: localeOf(),
    }).catch(() => {
      // No IndexedDB (private mode): notifications still show, their actions open the app instead.
    });
  };
  onSessionStart(() => {
    share();
    void loadReminderPreferences();
    void recompute();
  });
  share();
  void loadReminderPreferences();
  // A task assigned or done, a meeting published: recompute soon (coalesced), not at the next interval.
  let soon: ReturnType<typeof setTimeout> | undefined;
  createRoot(() =>
    createEffect(() => {
      ledgerTasks();
      workspaceDoc();
      prefs();
      clearTimeout(soon);
      soon = setTimeout(() => void recompute(), 500);
    }),
  );
  setInterval(() => void recompute(), IN_APP_INTERVAL_MS);
  globalThis.document?.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") void recompute();
  });
}

/** Shares a changed UI language with the service worker. */
export function shareLocaleWithServiceWorker(locale: "vi" | "en"): void {
  const s = currentSession();
  if (!s) return;
  writeServiceWorkerState({
    memberId: s.memberId,
    workspaceUrl: s.workspaceUrl as AutomergeUrl,
    privateUrl: s.privateUrl,
    locale,
  }).catch(() => {});
}

/** Recomputes in-app reminders now (after a change the user just made). */
export function refreshInAppReminders(): void {
  void recompute();
}
