import {
  type AutomergeUrl,
  type Doc,
  type DocHandle,
  isValidAutomergeUrl,
} from "@automerge/automerge-repo/slim";
import { type Accessor, createSignal } from "solid-js";
import {
  type MeetingDoc,
  type PrivateDoc,
  type SchemaState,
  schemaState,
  str,
  validateWorkspace,
  type WorkspaceDoc,
  workspaceMeetingUrls,
  workspaceMigrations,
} from "../../../shared/src/index.ts";
import { repo } from "./repo.ts";
import { currentSession, onSessionStart, setWorkspaceLockDays, workspaceReplaced } from "./session.ts";

/**
 * Where the app stands with the workspace document:
 * - `loading`: loading it from IndexedDB / the relay;
 * - `ready`: open. `readOnly` with `reason` `newer` (written by a newer app: update the app) or `older`
 *   (an older schema: the relay migrates existing documents — shared/src/schema/migrations.ts "Who
 *   migrates" — and this app waits for that instead of writing the migration itself);
 * - `invalid`: the document fails validation; it is shown as an error and never written to;
 * - `unavailable`: signed out (`no-session`), or the document is neither on this device nor
 *   obtainable from the relay right now (`not-found`).
 */
export type WorkspaceState =
  | { kind: "loading" }
  | {
      kind: "ready";
      handle: DocHandle<WorkspaceDoc>;
      schema: SchemaState;
      readOnly: boolean;
      reason: "newer" | "older" | null;
    }
  | { kind: "invalid"; handle: DocHandle<WorkspaceDoc>; issues: { path: string; message: string }[] }
  | { kind: "unavailable"; reason: "no-session" | "not-found"; detail: string };

const [state, setState] = createSignal<WorkspaceState>({ kind: "loading" });
/** Reactive state of the workspace document (drives the shell's banners and the pages). */
export const workspaceState: Accessor<WorkspaceState> = state;

const [doc, setDoc] = createSignal<Doc<WorkspaceDoc> | undefined>(undefined, { equals: false });
/** The workspace document's current contents (undefined until loaded), for the directory and permissions. */
export const workspaceDoc: Accessor<Doc<WorkspaceDoc> | undefined> = doc;

/** The relay reported a different workspace than the one open on this device (takes effect on reload). */
export const workspaceReplacedOnRelay: Accessor<boolean> = workspaceReplaced;

let opening: Promise<DocHandle<WorkspaceDoc>> | undefined;

/**
 * The workspace DocHandle, ready. Its URL comes from the session (`/api/bootstrap` or sign-in), cached in
 * localStorage, so later starts open offline straight from IndexedDB.
 *
 * Rejects when the workspace cannot be opened (see {@link workspaceState} for why); call
 * {@link retryWorkspace} to try again. Resolves also for a read-only (newer or older schema) workspace:
 * check `workspaceState()` or {@link isWorkspaceReadOnly} before offering edits.
 */
export function workspaceHandle(): Promise<DocHandle<WorkspaceDoc>> {
  opening ??= open();
  return opening;
}

/** Forgets a failed attempt and opens the workspace again. */
export function retryWorkspace(): Promise<DocHandle<WorkspaceDoc>> {
  const current = state();
  if (current.kind === "unavailable") {
    opening = undefined;
    setState({ kind: "loading" });
  }
  return workspaceHandle();
}

// A session starting (sign-in) or the network coming back is when an unavailable workspace can open.
onSessionStart(() => {
  retryWorkspace().catch(() => {});
  void openPrivateDocument();
});
globalThis.addEventListener?.("online", () => {
  if (state().kind === "unavailable" && currentSession()) retryWorkspace().catch(() => {});
});

export function isWorkspaceReadOnly(): boolean {
  const current = state();
  return current.kind !== "ready" || current.readOnly;
}

/** Reads the document's schema and validity into the state; never writes. */
function evaluate(handle: DocHandle<WorkspaceDoc>): void {
  const current = handle.doc();
  setDoc(() => current);
  const schema = schemaState(current, workspaceMigrations);
  if (schema.kind === "newer" || schema.kind === "older") {
    setState({ kind: "ready", handle, schema, readOnly: true, reason: schema.kind });
    setWorkspaceLockDays(undefined);
    return;
  }
  const validity = validateWorkspace(current);
  if (!validity.ok) {
    setState({ kind: "invalid", handle, issues: validity.issues });
    return;
  }
  setState({ kind: "ready", handle, schema, readOnly: false, reason: null });
  setWorkspaceLockDays(current.settings?.offlineLockDays);
}

async function open(): Promise<DocHandle<WorkspaceDoc>> {
  const url = currentSession()?.workspaceUrl;
  if (!url) {
    setState({ kind: "unavailable", reason: "no-session", detail: "not signed in" });
    throw new Error("no session");
  }
  let handle: DocHandle<WorkspaceDoc>;
  try {
    handle = await repo.find<WorkspaceDoc>(url);
  } catch (error) {
    setState({ kind: "unavailable", reason: "not-found", detail: String(error) });
    throw error;
  }
  // An older workspace is NOT migrated here: the relay migrates shared documents, and the change
  // arrives like any other. Until then it is read-only.
  evaluate(handle);
  handle.on("change", () => evaluate(handle));
  keepMeetingsLoaded(handle);
  if (state().kind === "invalid") throw new Error(`workspace ${url} fails validation`);
  return handle;
}

/**
 * Opens every meeting listed in the workspace — and each meeting's participation document — now and
 * whenever the lists change. automerge-repo syncs only documents it has open, so this is what makes
 * every meeting available offline and what sends meetings edited offline in an earlier visit to the
 * relay, whichever page the app starts on. Meetings this member may not read are simply unavailable.
 */
function keepMeetingsLoaded(handle: DocHandle<WorkspaceDoc>): void {
  const opened = new Set<string>();
  const find = (url: string, then?: (h: DocHandle<unknown>) => void) => {
    if (opened.has(url) || !isValidAutomergeUrl(url)) return;
    opened.add(url);
    // A document that is unavailable now is retried on the next workspace change.
    repo.find(url).then(
      (h) => then?.(h as DocHandle<unknown>),
      () => opened.delete(url),
    );
  };
  const openParticipation = (meeting: DocHandle<unknown>) => {
    const link = () => {
      const url = str((meeting.doc() as MeetingDoc | undefined)?.participationUrl);
      if (url) find(url);
    };
    link();
    // The relay links a participation document to meetings made before the split.
    meeting.on("change", link);
  };
  const openListed = () => {
    let entries: { url: string }[];
    try {
      entries = workspaceMeetingUrls(handle.doc());
    } catch {
      return; // not readable yet (a document still arriving)
    }
    for (const { url } of entries) find(url, openParticipation);
  };
  openListed();
  handle.on("change", openListed);
}

let privateOpening: Promise<DocHandle<PrivateDoc> | undefined> | undefined;

/**
 * The member's private document (created by the relay at their first device's sign-in; only their own
 * devices receive it). Opened at session start so it syncs; undefined when the session names none or
 * it cannot be found yet.
 */
export function openPrivateDocument(): Promise<DocHandle<PrivateDoc> | undefined> {
  const url = currentSession()?.privateUrl as AutomergeUrl | null | undefined;
  if (!url) return Promise.resolve(undefined);
  privateOpening ??= repo.find<PrivateDoc>(url).catch(() => {
    privateOpening = undefined;
    return undefined;
  });
  return privateOpening;
}
