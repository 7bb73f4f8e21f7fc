/// <reference lib="webworker" />
/**
 * The service worker's side of reminders (issue 9): shows a pushed reminder as a notification with
 * actions, and carries out an action — open, mark done, snooze one hour — even with no network: "mark
 * done" and "snooze" are applied to the local Automerge documents (the task ledger, the member's private
 * document) in IndexedDB by a short-lived automerge-repo Repo here, and reach the relay the next time the
 * app syncs (at once when a tab of the app is open: the change goes to it over the BroadcastChannel).
 *
 * Automerge in a service worker: `import()` and top-level await are not allowed there, so the wasm is
 * initialised explicitly (`initializeWasm`) from the precached .wasm file, and the service worker build
 * resolves `@automerge/automerge` to its slim entry (vite.config.ts).
 */

import { type AutomergeUrl, type DocHandle, initializeWasm, Repo } from "@automerge/automerge-repo/slim";
import { BroadcastChannelNetworkAdapter } from "@automerge/automerge-repo-network-broadcastchannel";
import { IndexedDBStorageAdapter } from "@automerge/automerge-repo-storage-indexeddb";
import type { MemberId } from "../../../shared/src/ids.ts";
import type { PrivateDoc } from "../../../shared/src/private/private.ts";
import { SNOOZE_MS, snoozeReminder } from "../../../shared/src/reminders/documents.ts";
import { ReminderKind, SubjectType, URGENCIES } from "../../../shared/src/reminders/types.ts";
import { completeTask } from "../../../shared/src/tasks/changes.ts";
import type { LedgerDoc, TaskId } from "../../../shared/src/tasks/types.ts";
import type { WorkspaceDoc } from "../../../shared/src/workspace/types.ts";
import { workspaceLedgers } from "../../../shared/src/workspace/workspace.ts";
import { reminders as enReminders } from "../i18n/en/reminders.ts";
import type { RemindersDict } from "../i18n/vi/reminders.ts";
import { reminders as viReminders } from "../i18n/vi/reminders.ts";
import { reminderPath, reminderText } from "../state/reminder-text.ts";
import { readServiceWorkerState, type ServiceWorkerState } from "./sw-state.ts";

/** A reminder push payload as the service worker accepts it (sync-server/src/push/payload.ts, v1). */
export interface ReminderNotificationData {
  readonly v: 1;
  readonly type: "reminder";
  readonly key: string;
  readonly kind: ReminderKind;
  readonly subjectType: SubjectType;
  readonly subjectId: string;
  readonly urgency: string;
  readonly escalationLevel: number;
  readonly dueAt: number;
  readonly expiresAt: number;
  readonly title: string;
  readonly params: Record<string, unknown>;
}

/** Notification actions (`NotificationEvent.action`); a click on the body is "open". */
export const NotificationAction = { Open: "open", Done: "done", Snooze: "snooze" } as const;

const KINDS = new Set<string>(Object.values(ReminderKind));
const SUBJECT_TYPES = new Set<string>(Object.values(SubjectType));

/** Reads a push message's JSON as a reminder or test payload; undefined for anything else. */
export function parsePushPayload(
  text: string | undefined,
): ReminderNotificationData | { v: 1; type: "test"; sentAt: number } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text ?? "");
  } catch {
    return undefined;
  }
  if (!value || typeof value !== "object") return undefined;
  const p = value as Record<string, unknown>;
  if (p.v !== 1) return undefined;
  if (p.type === "test")
    return { v: 1, type: "test", sentAt: typeof p.sentAt === "number" ? p.sentAt : Date.now() };
  if (
    p.type !== "reminder" ||
    typeof p.key !== "string" ||
    !KINDS.has(String(p.kind)) ||
    !SUBJECT_TYPES.has(String(p.subjectType)) ||
    typeof p.subjectId !== "string" ||
    typeof p.title !== "string" ||
    typeof p.dueAt !== "number" ||
    typeof p.expiresAt !== "number"
  ) {
    return undefined;
  }
  return {
    v: 1,
    type: "reminder",
    key: p.key,
    kind: p.kind as ReminderKind,
    subjectType: p.subjectType as SubjectType,
    subjectId: p.subjectId,
    urgency: URGENCIES.includes(p.urgency as never) ? String(p.urgency) : "normal",
    escalationLevel: typeof p.escalationLevel === "number" ? p.escalationLevel : 0,
    dueAt: p.dueAt,
    expiresAt: p.expiresAt,
    title: p.title,
    params: p.params && typeof p.params === "object" ? (p.params as Record<string, unknown>) : {},
  };
}

function dictOf(state: ServiceWorkerState | undefined): RemindersDict {
  return state?.locale === "en" ? enReminders : viReminders;
}

const ICON = "/pwa-192x192.png";

/**
 * `push`: shows the reminder (its key is the notification tag, so a repeat replaces it); a reminder that
 * arrives after it stopped being relevant is dropped. A message that does not read still shows a generic
 * notification (a push must show one).
 */
export async function showPushNotification(
  sw: ServiceWorkerGlobalScope,
  text: string | undefined,
): Promise<void> {
  const state = await readServiceWorkerState();
  const dict = dictOf(state);
  const payload = parsePushPayload(text);
  if (!payload) {
    await sw.registration.showNotification(dict.reminder.digestTitle, {
      body: dict.reminder.failedBody,
      icon: ICON,
    });
    return;
  }
  if (payload.type === "test") {
    const when = new Intl.DateTimeFormat("vi-VN", {
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone: "Asia/Ho_Chi_Minh",
    }).format(payload.sentAt);
    await sw.registration.showNotification(dict.reminder.testTitle, {
      body: dict.reminder.testBody({ when }),
      tag: "hopso-test",
      icon: ICON,
      lang: state?.locale ?? "vi",
    });
    return;
  }
  if (payload.expiresAt <= Date.now()) return;
  const { title, body } = reminderText(payload, dict);
  const actions: { action: string; title: string }[] = [];
  // Mark done only for the one who does the task (not the assigner's escalation).
  if (payload.subjectType === "task" && payload.kind !== "task_overdue_escalated") {
    actions.push({ action: NotificationAction.Done, title: dict.reminder.actionDone });
  }
  actions.push({ action: NotificationAction.Snooze, title: dict.reminder.actionSnooze });
  const maxActions = (globalThis.Notification as { maxActions?: number } | undefined)?.maxActions ?? 2;
  if (maxActions > actions.length)
    actions.unshift({ action: NotificationAction.Open, title: dict.reminder.actionOpen });
  await sw.registration.showNotification(title, {
    body,
    tag: payload.key,
    data: payload,
    icon: ICON,
    lang: state?.locale ?? "vi",
    timestamp: payload.dueAt,
    requireInteraction: payload.urgency === "high",
    actions: actions.slice(0, Math.max(maxActions, 1)),
  } as NotificationOptions);
}

/** Opens the app at `path`, reusing an open window of it. */
async function openApp(sw: ServiceWorkerGlobalScope, path: string): Promise<void> {
  const url = new URL(path, sw.location.origin).href;
  const windows = await sw.clients.matchAll({ type: "window", includeUncontrolled: true });
  const existing = windows[0];
  if (existing) {
    await existing.focus().catch(() => undefined);
    await existing.navigate(url).catch(() => undefined);
    return;
  }
  await sw.clients.openWindow(url);
}

let wasmReady: Promise<void> | undefined;

/** Initialises Automerge's wasm from the precache (works offline). @throws when it is not precached */
function initAutomerge(): Promise<void> {
  wasmReady ??= (async () => {
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        if (/automerge_wasm[^/]*\.wasm(\?|$)/.test(request.url)) {
          const response = await cache.match(request);
          if (response) {
            await initializeWasm(new Uint8Array(await response.arrayBuffer()));
            return;
          }
        }
      }
    }
    throw new Error("the Automerge wasm is not in the precache");
  })().catch((error: unknown) => {
    wasmReady = undefined;
    throw error;
  });
  return wasmReady;
}

/**
 * Runs `fn` with a Repo over the app's IndexedDB documents, then writes everything and shuts the Repo
 * down (the database stays free for the app and for erasing). An open tab of the app gets the change at
 * once over the BroadcastChannel (a short wait lets it sync); otherwise the app reads it at its next start.
 */
async function withLocalRepo<T>(
  sw: ServiceWorkerGlobalScope,
  fn: (repo: Repo, touched: DocHandle<unknown>[]) => Promise<T>,
): Promise<T> {
  await initAutomerge();
  const storage = new IndexedDBStorageAdapter("hopso");
  const repo = new Repo({
    storage,
    network: [new BroadcastChannelNetworkAdapter({ channelName: "hopso-repo" })],
    isEphemeral: true,
  });
  try {
    const touched: DocHandle<unknown>[] = [];
    const result = await fn(repo, touched);
    // Only what was changed: flushing a handle that never became ready throws.
    await repo.flush(touched.map((h) => h.documentId));
    const windows = await sw.clients.matchAll({ type: "window" });
    if (windows.length > 0) await new Promise((resolve) => setTimeout(resolve, 1500));
    return result;
  } finally {
    await repo.shutdown().catch(() => undefined);
    const db = await (storage as unknown as { dbPromise?: Promise<IDBDatabase> }).dbPromise?.catch(
      () => undefined,
    );
    db?.close();
  }
}

async function find<T>(repo: Repo, url: string): Promise<DocHandle<T>> {
  return repo.find<T>(url as AutomergeUrl);
}

/** Marks a task done in the local ledger. @returns false when the task is not on this device */
async function markDoneLocally(
  repo: Repo,
  touched: DocHandle<unknown>[],
  state: ServiceWorkerState,
  taskId: string,
): Promise<boolean> {
  const workspace = await find<WorkspaceDoc>(repo, state.workspaceUrl);
  for (const { url } of workspaceLedgers(workspace.doc())) {
    let ledger: DocHandle<LedgerDoc>;
    try {
      ledger = await find<LedgerDoc>(repo, url);
    } catch {
      continue;
    }
    if (!ledger.doc().tasks?.[taskId]) continue;
    try {
      ledger.change((d) => completeTask(d, taskId as TaskId, {}, state.memberId as MemberId, Date.now()));
      touched.push(ledger as DocHandle<unknown>);
    } catch (error) {
      // Already done (here or on another device): nothing left to do.
      if ((error as { code?: string }).code !== "invalid_transition") throw error;
    }
    return true;
  }
  return false;
}

async function snoozeLocally(
  repo: Repo,
  touched: DocHandle<unknown>[],
  state: ServiceWorkerState,
  data: ReminderNotificationData,
): Promise<void> {
  if (!state.privateUrl) throw new Error("no private document");
  const handle = await find<PrivateDoc>(repo, state.privateUrl);
  const now = Date.now();
  handle.change((d) =>
    snoozeReminder(
      d,
      {
        key: data.key.split("~snooze~")[0]!,
        kind: data.kind,
        subjectType: data.subjectType,
        subjectId: data.subjectId,
        title: data.title,
        until: now + SNOOZE_MS,
      },
      now,
    ),
  );
  touched.push(handle as DocHandle<unknown>);
}

/**
 * `notificationclick`: "open" (or a click on the body) opens the app at the subject; "done" marks the
 * task done and "snooze" asks for the reminder again in an hour — both in the local documents, offline
 * too. When an action cannot be applied here (signed out, the document not on this device), the app is
 * opened at the subject instead, so the user can do it there.
 */
export async function handleNotificationClick(
  sw: ServiceWorkerGlobalScope,
  notification: Notification,
  action: string,
): Promise<void> {
  notification.close();
  const data = parsePushPayload(JSON.stringify(notification.data ?? null));
  if (data?.type !== "reminder") {
    await openApp(sw, "/");
    return;
  }
  const path = reminderPath(data);
  if (action !== NotificationAction.Done && action !== NotificationAction.Snooze) {
    await openApp(sw, path);
    return;
  }
  const state = await readServiceWorkerState();
  const dict = dictOf(state);
  try {
    if (!state) throw new Error("signed out");
    if (action === NotificationAction.Done) {
      const found = await withLocalRepo(sw, (repo, touched) =>
        markDoneLocally(repo, touched, state, data.subjectId),
      );
      if (!found) throw new Error("task not on this device");
      await sw.registration.showNotification(dict.reminder.doneTitle, {
        body: `${data.title} — ${dict.reminder.doneBody}`,
        tag: `${data.key}~done`,
        icon: ICON,
        silent: true,
      });
    } else {
      await withLocalRepo(sw, (repo, touched) => snoozeLocally(repo, touched, state, data));
    }
  } catch (error) {
    console.warn("reminder action could not be applied here; opening the app", error);
    await openApp(sw, path);
  }
}
