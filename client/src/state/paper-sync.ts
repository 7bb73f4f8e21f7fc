/**
 * Offline by default: this device keeps every paper of every meeting the member can read, fetched in
 * the background as soon as the meeting (with its paper references) arrives — so a member can read
 * tomorrow's papers on a plane. Per meeting it tells how far that is ({@link meetingPaperState}): files
 * and bytes on the device, the download in progress, the last failure. It also records the member's
 * "received" receipts once a meeting's files are on the device.
 *
 * - One download at a time, upcoming meetings first; an interrupted one resumes (state/blobs.ts).
 * - Offline or a relay error: retried when the browser says it is online again, or after a back-off.
 * - Several tabs: only one downloads (Web Locks); the others show what is on the device.
 * - The member may remove a past meeting's files from the device ({@link removeMeetingPapers}); that
 *   meeting is then skipped until they ask for its files again ({@link keepMeetingPapers}).
 */
import type { AutomergeUrl, DocHandle, DocumentId, Repo } from "@automerge/automerge-repo";
import { type Accessor, createEffect, createRoot, createSignal } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import {
  allPaperVersions,
  type MeetingDoc,
  type ParticipationDoc,
  papersWithNewVersion,
  str,
  type WorkspaceDoc,
  workspaceMeetingUrls,
} from "../../../shared/src/index.ts";
import {
  closePapersDb,
  downloadPaper,
  listLocalPapers,
  onPaperStored,
  type PaperTransferCode,
  PaperTransferError,
  partialBytes,
  removeLocalPapers,
} from "./blobs.ts";
import { recordPapersReceived } from "./papers.ts";
import { repo as defaultRepo } from "./repo.ts";
import { accessState, currentSession } from "./session.ts";
import { workspaceHandle } from "./workspace.ts";

/** How far one meeting's papers are on this device. */
export interface MeetingPapersState {
  /** Distinct files the meeting references (every version not removed). */
  readonly files: number;
  /** Of those, how many are on the device. */
  readonly localFiles: number;
  /** Bytes of all the meeting's files. */
  readonly bytes: number;
  /** Bytes of them on the device (including the part of a download in progress). */
  readonly localBytes: number;
  /** A file of this meeting is being downloaded now. */
  readonly downloading: boolean;
  /** Why the last download for this meeting failed (cleared by the next success), or null. */
  readonly error: PaperTransferCode | null;
  /** The member removed this meeting's files from the device; they are not fetched again. */
  readonly removed: boolean;
  /**
   * Papers the signed-in member opened in an older version and not yet in their current one (shared
   * `papersWithNewVersion`): the meeting card tells them so.
   */
  readonly newVersions: number;
}

/** True when every file of the meeting is on the device: it opens with no network. */
export function isReadyOffline(state: MeetingPapersState | undefined): boolean {
  return state !== undefined && state.files > 0 && state.localFiles === state.files;
}

const REMOVED_KEY = "hopso.papers.removed";
/** Back-off after a failed download before trying the queue again, ms. */
const RETRY_MS = 30_000;

interface Tracked {
  readonly handle: DocHandle<MeetingDoc>;
  /** hash → size and the paper versions referencing it. */
  files: Map<string, { size: number; paperIds: string[] }>;
  startsAt: string;
  error: PaperTransferCode | null;
  /** The meeting's participation document (receipts), once found. */
  participation?: DocHandle<ParticipationDoc>;
}

const store = createRoot(() => createStore<Record<string, MeetingPapersState>>({}));
const [states, setStates] = store;

const tracked = new Map<string, Tracked>();
const local = new Set<string>();
const [localSignal, setLocalSignal] = createRoot(() => createSignal<ReadonlySet<string>>(new Set()));

/** Hashes of the papers on this device (reactive). */
export const localPaperHashes: Accessor<ReadonlySet<string>> = localSignal;

function localChanged(): void {
  setLocalSignal(new Set(local));
}
/** Files that failed with a relay refusal, with when to try again (ms since the epoch). */
const failedUntil = new Map<string, number>();
let active: { hash: string; done: number } | undefined;
let pumping = false;
let started = false;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let stopped = false;
let abort: AbortController | undefined;

function readRemoved(): Set<string> {
  try {
    const raw = globalThis.localStorage?.getItem(REMOVED_KEY);
    const list = raw ? (JSON.parse(raw) as unknown) : [];
    return new Set(Array.isArray(list) ? list.filter((x): x is string => typeof x === "string") : []);
  } catch {
    return new Set();
  }
}

function writeRemoved(set: Set<string>): void {
  try {
    globalThis.localStorage?.setItem(REMOVED_KEY, JSON.stringify([...set]));
  } catch {
    // Storage full or private mode: the choice lasts for this visit.
  }
}

const removed = readRemoved();

/** The state of one meeting's papers on this device (reactive), or undefined before it is known. */
export function meetingPaperState(documentId: string): MeetingPapersState | undefined {
  return states[documentId];
}

/** Is this file's download in progress now, and how many bytes of it are here (reactive). */
export const paperSyncStates: Readonly<Record<string, MeetingPapersState>> = states;

function publish(id: string): void {
  const t = tracked.get(id);
  if (!t) return;
  let localFiles = 0;
  let bytes = 0;
  let localBytes = 0;
  for (const [hash, f] of t.files) {
    bytes += f.size;
    if (local.has(hash)) {
      localFiles += 1;
      localBytes += f.size;
    } else if (active?.hash === hash) {
      localBytes += active.done;
    }
  }
  const next: MeetingPapersState = {
    files: t.files.size,
    localFiles,
    bytes,
    localBytes,
    downloading: active !== undefined && t.files.has(active.hash),
    error: t.error,
    removed: removed.has(id),
    newVersions: newVersionCount(t),
  };
  setStates(id, reconcile(next));
}

function newVersionCount(t: Tracked): number {
  const memberId = currentSession()?.memberId;
  const part = t.participation;
  if (!memberId || !part?.isReady() || !t.handle.isReady()) return 0;
  try {
    return papersWithNewVersion(t.handle.doc(), part.doc(), memberId).length;
  } catch {
    return 0;
  }
}

/** Finds the meeting's participation document once, and follows its changes (receipts). */
function followParticipation(id: string, t: Tracked, repo: Repo): void {
  if (t.participation || !t.handle.isReady()) return;
  const url = str(t.handle.doc().participationUrl);
  if (!url) return;
  repo.find<ParticipationDoc>(url as AutomergeUrl, { allowableStates: ["ready", "unavailable"] }).then(
    (handle) => {
      if (t.participation) return;
      t.participation = handle;
      handle.on("change", () => publish(id));
      if (handle.isReady()) publish(id);
      else
        void handle.whenReady().then(
          () => publish(id),
          () => undefined,
        );
    },
    () => undefined,
  );
}

function publishAll(): void {
  for (const id of tracked.keys()) publish(id);
}

function readFiles(doc: MeetingDoc): Map<string, { size: number; paperIds: string[] }> {
  const files = new Map<string, { size: number; paperIds: string[] }>();
  for (const p of allPaperVersions(doc)) {
    if (p.deletedAt) continue;
    const f = files.get(p.hash);
    if (f) f.paperIds.push(p.id);
    else files.set(p.hash, { size: p.size, paperIds: [p.id] });
  }
  return files;
}

function receivedIds(t: Tracked): string[] {
  const ids: string[] = [];
  for (const [hash, f] of t.files) if (local.has(hash)) ids.push(...f.paperIds);
  return ids;
}

function refresh(id: string): void {
  if (stopped) return;
  const t = tracked.get(id);
  if (!t?.handle.isReady()) return;
  try {
    const doc = t.handle.doc();
    t.files = readFiles(doc);
    t.startsAt = str(doc.startsAt) ?? "";
  } catch {
    t.files = new Map();
  }
  followParticipation(id, t, defaultRepo);
  publish(id);
  void recordPapersReceived(t.handle, receivedIds(t)).catch(() => undefined);
  void pump();
}

/**
 * Starts watching a meeting's papers (idempotent). The paper list, the meeting card and the sync loop
 * all call it; the sync loop calls it for every meeting in the workspace index.
 */
export function trackMeeting(handle: DocHandle<MeetingDoc>): void {
  const id = handle.documentId;
  if (tracked.has(id)) return;
  tracked.set(id, { handle, files: new Map(), startsAt: "", error: null });
  handle.on("change", () => refresh(id));
  if (handle.isReady()) refresh(id);
  else
    void handle.whenReady().then(
      () => refresh(id),
      () => undefined,
    );
}

/** The next file to fetch: upcoming meetings first (by start), skipping removed meetings and recent failures. */
function nextFile(now: number): { hash: string; size: number; meetings: string[] } | undefined {
  const order = [...tracked.entries()]
    .filter(([id]) => !removed.has(id))
    .sort(([, a], [, b]) => {
      const nowIso = new Date(now).toISOString();
      const aPast = a.startsAt < nowIso;
      const bPast = b.startsAt < nowIso;
      if (aPast !== bPast) return aPast ? 1 : -1;
      return a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : 0;
    });
  for (const [, t] of order) {
    for (const [hash, f] of t.files) {
      if (local.has(hash)) continue;
      if ((failedUntil.get(hash) ?? 0) > now) continue;
      const meetings = [...tracked.entries()].filter(([, x]) => x.files.has(hash)).map(([id]) => id);
      return { hash, size: f.size, meetings };
    }
  }
  return undefined;
}

function scheduleRetry(): void {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => void pump(), RETRY_MS);
}

async function withDownloadLock(fn: () => Promise<void>): Promise<void> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks?.request) return fn();
  await locks.request("hopso-paper-downloads", fn);
}

/** Downloads missing files one after another until none is left (or the network is gone). */
async function pump(): Promise<void> {
  if (pumping || stopped) return;
  pumping = true;
  try {
    await withDownloadLock(async () => {
      // Another tab may have stored files while this one waited for the lock.
      for (const hash of await listLocalPapers()) local.add(hash);
      localChanged();
      for (;;) {
        if (stopped) break;
        const next = nextFile(Date.now());
        if (!next) break;
        active = { hash: next.hash, done: await partialBytes(next.hash) };
        for (const id of next.meetings) publish(id);
        try {
          abort = new AbortController();
          await downloadPaper(next.hash, {
            size: next.size,
            signal: abort.signal,
            onProgress: (done) => {
              if (active?.hash !== next.hash) return;
              active.done = done;
              for (const id of next.meetings) publish(id);
            },
          });
          for (const id of next.meetings) {
            const t = tracked.get(id);
            if (t) t.error = null;
          }
        } catch (error) {
          const code: PaperTransferCode = error instanceof PaperTransferError ? error.code : "bad_response";
          for (const id of next.meetings) {
            const t = tracked.get(id);
            if (t) t.error = code;
          }
          active = undefined;
          for (const id of next.meetings) publish(id);
          if (code === "offline" || code === "unauthenticated" || code === "aborted" || code === "quota") {
            // Everything else would fail the same way: wait for the network.
            scheduleRetry();
            break;
          }
          // This file only (refused, not uploaded yet, damaged in transit): the others go on.
          failedUntil.set(next.hash, Date.now() + RETRY_MS);
          scheduleRetry();
          continue;
        }
        active = undefined;
        for (const id of next.meetings) publish(id);
      }
    });
  } finally {
    pumping = false;
    active = undefined;
  }
}

onPaperStored((hash) => {
  if (stopped) return;
  local.add(hash);
  localChanged();
  failedUntil.delete(hash);
  for (const [id, t] of tracked) {
    if (!t.files.has(hash)) continue;
    publish(id);
    void recordPapersReceived(t.handle, t.files.get(hash)?.paperIds ?? []).catch(() => undefined);
  }
});

/**
 * Removes a meeting's files from this device (those no other kept meeting uses) and stops fetching
 * them; meant for past meetings (the UI offers it only for them). The paper references stay.
 */
export async function removeMeetingPapers(documentId: string): Promise<void> {
  const t = tracked.get(documentId);
  removed.add(documentId);
  writeRemoved(removed);
  if (t) {
    const keep = new Set<string>();
    for (const [id, other] of tracked) {
      if (id === documentId || removed.has(id)) continue;
      for (const hash of other.files.keys()) keep.add(hash);
    }
    const drop = [...t.files.keys()].filter((h) => !keep.has(h));
    await removeLocalPapers(drop);
    for (const h of drop) local.delete(h);
    localChanged();
  }
  publishAll();
}

/** Undoes {@link removeMeetingPapers}: the meeting's files are fetched again. */
export function keepMeetingPapers(documentId: string): void {
  removed.delete(documentId);
  writeRemoved(removed);
  publish(documentId);
  void pump();
}

/** Tries the queue again now (after a failure, or when the user asks). */
export function retryPaperDownloads(): void {
  failedUntil.clear();
  void pump();
}

async function watchWorkspace(repo: Repo): Promise<void> {
  const ws = await workspaceHandle();
  const follow = () => {
    let urls: { url: string }[];
    try {
      urls = workspaceMeetingUrls(ws.doc() as WorkspaceDoc);
    } catch {
      return;
    }
    for (const { url } of urls) {
      const documentId = url.replace(/^automerge:/, "") as DocumentId;
      if (tracked.has(documentId)) continue;
      repo
        .find<MeetingDoc>(url as AutomergeUrl, { allowableStates: ["ready", "unavailable"] })
        .then(trackMeeting, () => undefined);
    }
  };
  ws.on("change", follow);
  follow();
}

/**
 * Starts the background fetching for this session (idempotent): loads what is on the device, follows
 * the workspace's meeting index, and retries when the browser comes back online.
 */
export async function startPaperSync(repo: Repo = defaultRepo): Promise<void> {
  if (started || stopped) return;
  started = true;
  try {
    for (const hash of await listLocalPapers()) local.add(hash);
    localChanged();
  } catch (error) {
    console.error("papers on this device could not be listed", error);
  }
  publishAll();
  globalThis.addEventListener?.("online", () => retryPaperDownloads());
  watchWorkspace(repo).catch(() => {
    started = false;
  });
}

/**
 * Stops for the rest of this page's life (access ended or signed out: the device's data is being
 * erased): the download in progress is cancelled and the papers database closed, so nothing recreates
 * it behind the erase.
 */
export function stopPaperSync(): void {
  stopped = true;
  clearTimeout(retryTimer);
  abort?.abort();
  closePapersDb();
}

// Only a signed-in device fetches papers; access ending stops it for good.
createRoot(() => {
  createEffect(() => {
    const kind = accessState().kind;
    if (kind === "ended" || kind === "signed-out") stopPaperSync();
    else if (kind === "active") void startPaperSync();
  });
});
