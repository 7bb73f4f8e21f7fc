import { type AutomergeUrl, type DocHandle, isValidAutomergeUrl } from "@automerge/automerge-repo/slim";
import { type Accessor, createSignal } from "solid-js";
import {
  type SchemaState,
  validateWorkspace,
  type WorkspaceDoc,
  workspaceMeetingUrls,
  workspaceMigrations,
} from "../../../shared/src/index.ts";
import { ensureMigrated } from "./actions.ts";
import { repo } from "./repo.ts";

const WORKSPACE_URL_KEY = "hopso.workspaceUrl";

/**
 * Where the app stands with the workspace document:
 * - `loading`: asking the relay which workspace it serves, or loading it from IndexedDB / the relay;
 * - `ready`: open; `readOnly` when the document was written by a newer app (schema `newer`);
 * - `invalid`: the document fails validation; it is shown as an error and never written to;
 * - `unavailable`: no workspace URL is known yet (first start without the relay), or the document
 *   could not be found locally nor on the relay.
 */
export type WorkspaceState =
  | { kind: "loading" }
  | { kind: "ready"; handle: DocHandle<WorkspaceDoc>; schema: SchemaState; readOnly: boolean }
  | { kind: "invalid"; handle: DocHandle<WorkspaceDoc>; issues: { path: string; message: string }[] }
  | { kind: "unavailable"; reason: "no-bootstrap" | "not-found"; detail: string };

const [state, setState] = createSignal<WorkspaceState>({ kind: "loading" });
/** Reactive state of the workspace document (drives the shell's banners and the pages). */
export const workspaceState: Accessor<WorkspaceState> = state;

/** The relay reported a different workspace than the one cached on this device (takes effect on reload). */
const [replaced, setReplaced] = createSignal(false);
export const workspaceReplacedOnRelay: Accessor<boolean> = replaced;

let opening: Promise<DocHandle<WorkspaceDoc>> | undefined;

/**
 * The workspace DocHandle, ready and migrated. The URL comes from the relay's `GET /api/bootstrap` and is
 * cached in localStorage, so later starts open offline straight from IndexedDB.
 *
 * Rejects when the workspace cannot be opened (see {@link workspaceState} for why); call
 * {@link retryWorkspace} to try again. Resolves also for a read-only (newer-schema) workspace: check
 * `workspaceState()` or {@link isWorkspaceReadOnly} before offering edits.
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

// Coming back online is the moment a first start without the relay can succeed.
globalThis.addEventListener?.("online", () => {
  if (state().kind === "unavailable") retryWorkspace().catch(() => {});
});

export function isWorkspaceReadOnly(): boolean {
  const current = state();
  return current.kind !== "ready" || current.readOnly;
}

async function open(): Promise<DocHandle<WorkspaceDoc>> {
  let url: AutomergeUrl;
  try {
    url = await workspaceUrl();
  } catch (error) {
    setState({ kind: "unavailable", reason: "no-bootstrap", detail: String(error) });
    throw error;
  }
  let handle: DocHandle<WorkspaceDoc>;
  try {
    handle = await repo.find<WorkspaceDoc>(url);
  } catch (error) {
    setState({ kind: "unavailable", reason: "not-found", detail: String(error) });
    throw error;
  }
  // An older workspace is migrated here, at start-up, through data/actions.ts (the one writer); a
  // migration that would leave the document invalid is rolled back, and a newer one is never written.
  const schema = ensureMigrated(handle, workspaceMigrations, validateWorkspace);
  if (schema.kind === "newer") {
    setState({ kind: "ready", handle, schema, readOnly: true });
  } else {
    const validity = validateWorkspace(handle.doc());
    if (!validity.ok) {
      setState({ kind: "invalid", handle, issues: validity.issues });
      throw new Error(`workspace ${url} fails validation`);
    }
    setState({ kind: "ready", handle, schema, readOnly: false });
  }
  keepMeetingsLoaded(handle);
  return handle;
}

/**
 * Cache-first: a cached URL opens at once (offline starts); the relay is still asked in the background,
 * and a different answer (the relay was reset with a new workspace) is stored for the next start.
 */
async function workspaceUrl(): Promise<AutomergeUrl> {
  const cached = readCachedUrl();
  if (cached) {
    void fetchBootstrapUrl().then(
      (fresh) => {
        if (fresh !== cached) {
          localStorage.setItem(WORKSPACE_URL_KEY, fresh);
          setReplaced(true);
        }
      },
      () => {}, // offline or relay down: the cached URL is what we have
    );
    return cached;
  }
  const fresh = await fetchBootstrapUrl();
  localStorage.setItem(WORKSPACE_URL_KEY, fresh);
  return fresh;
}

function readCachedUrl(): AutomergeUrl | undefined {
  try {
    const value = localStorage.getItem(WORKSPACE_URL_KEY);
    return value && isValidAutomergeUrl(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** `GET /api/bootstrap` → `{ workspaceUrl: "automerge:…" }` (docs/TEAM-CONTRACT.md). */
async function fetchBootstrapUrl(): Promise<AutomergeUrl> {
  const response = await fetch("/api/bootstrap", {
    headers: { accept: "application/json" },
    cache: "no-store",
  });
  if (!response.ok) throw new Error(`GET /api/bootstrap: HTTP ${response.status}`);
  const body: unknown = await response.json();
  const workspaceUrl = (body as { workspaceUrl?: unknown } | null)?.workspaceUrl;
  if (typeof workspaceUrl !== "string" || !isValidAutomergeUrl(workspaceUrl)) {
    throw new Error("GET /api/bootstrap: no valid workspaceUrl in the answer");
  }
  return workspaceUrl;
}

/**
 * Opens every meeting listed in the workspace, now and whenever the list changes. automerge-repo syncs
 * only documents it has open, so this is what makes every meeting available offline and what sends
 * meetings edited offline in an earlier visit to the relay, whichever page the app starts on.
 */
function keepMeetingsLoaded(handle: DocHandle<WorkspaceDoc>): void {
  const opened = new Set<string>();
  const openListed = () => {
    for (const { url } of workspaceMeetingUrls(handle.doc())) {
      if (opened.has(url) || !isValidAutomergeUrl(url)) continue;
      opened.add(url);
      // A meeting that is unavailable now is retried on the next workspace change.
      void repo.find(url).catch(() => opened.delete(url));
    }
  };
  openListed();
  handle.on("change", openListed);
}
