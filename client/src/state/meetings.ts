/**
 * Reactive, read-only access to meeting documents for Solid components.
 *
 * Every meeting document is loaded once per repo into a {@link MeetingSource}: a Solid store holding
 * the document's status and a plain {@link MeetingView}, refreshed on every handle "change" event and
 * reconciled by id, so unchanged agenda items and participants keep their identity (and their DOM
 * nodes) across updates. Sources live as long as the repo's own handle cache.
 *
 * A document's status decides what the UI may do with it:
 * - `ok`: valid and current — editable;
 * - `newer`: written by a newer app — shown read-only with "Cập nhật ứng dụng";
 * - `older`: an older schema — shown read-only with "Đang chờ máy chủ cập nhật dữ liệu" until the
 *   relay's migration arrives (the app never migrates an existing shared document itself);
 * - `invalid`: fails `validateMeeting` — a clear error, never written to;
 * - `unavailable`: not in local storage and no peer has it (yet) — it loads when a peer sends it;
 * - `loading`: still being read from storage or asked of peers.
 */
import {
  type AutomergeUrl,
  type Doc,
  type DocHandle,
  type DocumentId,
  isValidDocumentId,
  parseAutomergeUrl,
  type Repo,
  stringifyAutomergeUrl,
} from "@automerge/automerge-repo";
import { type Accessor, createMemo, createResource, createRoot, createSignal, onCleanup } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import {
  type MeetingDoc,
  type MeetingView,
  meetingMigrations,
  meetingView,
  schemaState,
  type ValidationIssue,
  validateMeeting,
  validateWorkspace,
  type WorkspaceDoc,
  workspaceMeetingUrls,
  workspaceMigrations,
} from "../../../shared/src/index.ts";
import { repo as defaultRepo } from "./repo.ts";
import { workspaceHandle, workspaceState } from "./workspace.ts";

/** What the app may do with a document; see the module comment. */
export type DocStatus = "loading" | "ok" | "invalid" | "newer" | "older" | "unavailable";

/** The state of one meeting document, as plain data. */
export interface MeetingState {
  readonly documentId: DocumentId;
  readonly url: AutomergeUrl;
  readonly status: DocStatus;
  /** Present when status is `ok`, and for `newer` / `older` documents that still read as a meeting. */
  readonly view: MeetingView | null;
  /** Validation problems when status is `invalid` (English, for the details disclosure). */
  readonly issues: readonly ValidationIssue[];
}

/** A loaded meeting: its reactive state and, once found, its handle (for actions). */
export interface MeetingSource {
  readonly state: MeetingState;
  readonly handle: Accessor<DocHandle<MeetingDoc> | undefined>;
}

/** True when the UI may offer edits: a valid document of the schema this app knows. */
export function isWritable(state: Pick<MeetingState, "status">): boolean {
  return state.status === "ok";
}

/**
 * Reads a meeting document into a {@link MeetingState}. Never writes: an older document waits for the
 * relay's migration (shared/src/schema/migrations.ts "Who migrates").
 */
export function readMeeting(handle: DocHandle<MeetingDoc>): MeetingState {
  const base = { documentId: handle.documentId, url: handle.url, view: null, issues: [] };
  if (handle.isDeleted() || handle.isUnavailable()) return { ...base, status: "unavailable" };
  if (!handle.isReady()) return { ...base, status: "loading" };
  const doc = handle.doc();
  const schema = schemaState(doc, meetingMigrations);
  if (schema.kind === "newer" || schema.kind === "older") {
    return { ...base, status: schema.kind, view: safeView(doc) };
  }
  const validation = validateMeeting(doc);
  if (!validation.ok) return { ...base, status: "invalid", issues: validation.issues };
  const view = safeView(doc);
  if (!view) return { ...base, status: "invalid", issues: [{ path: "", message: "unreadable document" }] };
  return { ...base, status: "ok", view };
}

function safeView(doc: Doc<MeetingDoc>): MeetingView | null {
  try {
    return meetingView(doc);
  } catch {
    return null;
  }
}

const sourcesByRepo = new WeakMap<Repo, Map<DocumentId, MeetingSource>>();

/**
 * The (cached) source of one meeting document. Finding it also registers the document with the repo,
 * so it syncs and stays available offline.
 */
export function meetingSource(repo: Repo, url: AutomergeUrl): MeetingSource {
  const { documentId } = parseAutomergeUrl(url);
  let sources = sourcesByRepo.get(repo);
  if (!sources) {
    sources = new Map();
    sourcesByRepo.set(repo, sources);
  }
  const cached = sources.get(documentId);
  if (cached) return cached;

  // Detached root: a source outlives the component that first asked for it (the repo keeps the handle).
  const source = createRoot(() => {
    const [state, setState] = createStore<MeetingState>({
      documentId,
      url: stringifyAutomergeUrl({ documentId }),
      status: "loading",
      view: null,
      issues: [],
    });
    const [handle, setHandle] = createSignal<DocHandle<MeetingDoc>>();
    const refresh = (h: DocHandle<MeetingDoc>) =>
      setState(reconcile(readMeeting(h), { key: "id", merge: true }));
    repo.find<MeetingDoc>(url, { allowableStates: ["ready", "unavailable", "deleted"] }).then(
      (h) => {
        setHandle(() => h);
        h.on("change", () => refresh(h));
        h.on("delete", () => refresh(h));
        // An unavailable document becomes ready when a peer sends it later.
        if (!h.isReady())
          h.whenReady().then(
            () => refresh(h),
            () => refresh(h),
          );
        refresh(h);
      },
      () => setState({ status: "unavailable" }),
    );
    return { state, handle };
  });
  sources.set(documentId, source);
  return source;
}

/** The route segment of a meeting: its automerge document id ("/meetings/<documentId>"). */
export function meetingPath(url: AutomergeUrl | DocumentId | string): string {
  const documentId = url.startsWith("automerge:") ? parseAutomergeUrl(url as AutomergeUrl).documentId : url;
  return `/meetings/${documentId}`;
}

/** The automerge URL for a route's `:id`, or undefined when it is not a document id. */
export function meetingUrlFromParam(id: string | undefined): AutomergeUrl | undefined {
  if (!id || !isValidDocumentId(id)) return undefined;
  return stringifyAutomergeUrl({ documentId: id });
}

/**
 * A Solid signal of a document that updates on the handle's "change" events (owner-bound: the listener
 * is removed when the owner is cleaned up).
 */
export function createDocSignal<T>(handle: DocHandle<T>): Accessor<Doc<T> | undefined> {
  const [doc, setDoc] = createSignal<Doc<T> | undefined>(handle.isReady() ? handle.doc() : undefined, {
    equals: false,
  });
  const onChange = () => setDoc(() => handle.doc());
  handle.on("change", onChange);
  onCleanup(() => handle.off("change", onChange));
  return doc;
}

/**
 * A Solid signal of the document behind a handle that may change or arrive later (owner-bound): it
 * follows the current handle's "change" events, and reads undefined until that handle is ready (or when
 * there is none). A handle that fails to load also wakes it, so readers see the final state.
 */
export function docSignal<T>(handle: Accessor<DocHandle<T> | undefined>): Accessor<Doc<T> | undefined> {
  const [version, setVersion] = createSignal(0);
  const current = createMemo(() => {
    const h = handle();
    if (!h) return undefined;
    const bump = () => setVersion((v) => v + 1);
    h.on("change", bump);
    onCleanup(() => h.off("change", bump));
    if (!h.isReady()) h.whenReady().then(bump, bump);
    return h;
  });
  return createMemo(
    () => {
      version();
      const h = current();
      return h?.isReady() ? h.doc() : undefined;
    },
    undefined,
    { equals: false },
  );
}

/** A clock signal (ms since the epoch) that ticks every `intervalMs`, for "upcoming" versus "past". */
export function createNow(intervalMs = 30_000): Accessor<number> {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), intervalMs);
  onCleanup(() => clearInterval(timer));
  return now;
}

/** The state of the workspace document as the meetings list needs it. */
export type WorkspaceStatus = DocStatus;

/** All meetings listed in the workspace index, each with its own document status. */
export interface MeetingsList {
  readonly workspaceStatus: Accessor<WorkspaceStatus>;
  readonly workspace: Accessor<DocHandle<WorkspaceDoc> | undefined>;
  readonly meetings: Accessor<readonly MeetingSource[]>;
}

/**
 * Lists the meetings of the workspace. Every meeting in the index is found with `repo.find`, so it
 * syncs and is kept in IndexedDB for offline use, even before the user opens it.
 */
export function useMeetings(
  repo: Repo = defaultRepo,
  workspace: () => Promise<DocHandle<WorkspaceDoc>> = workspaceHandle,
): MeetingsList {
  // Re-asked whenever state/workspace.ts changes its mind (e.g. a retry when the network comes back).
  const [handle] = createResource(
    () => workspaceState().kind,
    async () => {
      try {
        // Only read: an older workspace waits for the relay's migration (state/workspace.ts).
        return await workspace();
      } catch {
        return null;
      }
    },
  );
  const [version, setVersion] = createSignal(0);
  const ws = createMemo(() => {
    const h = handle();
    if (!h) return undefined;
    const bump = () => setVersion((v) => v + 1);
    h.on("change", bump);
    onCleanup(() => h.off("change", bump));
    return h;
  });
  const workspaceStatus = createMemo<WorkspaceStatus>(() => {
    version();
    if (handle.loading) return "loading";
    const h = ws();
    if (!h?.isReady()) return workspaceState().kind === "invalid" ? "invalid" : "unavailable";
    const schema = schemaState(h.doc(), workspaceMigrations);
    if (schema.kind === "newer" || schema.kind === "older") return schema.kind;
    return validateWorkspace(h.doc()).ok ? "ok" : "invalid";
  });
  const meetings = createMemo<readonly MeetingSource[]>(() => {
    version();
    const h = ws();
    const status = workspaceStatus();
    if (!h || (status !== "ok" && status !== "newer" && status !== "older")) return [];
    let entries: { url: string }[];
    try {
      entries = workspaceMeetingUrls(h.doc());
    } catch {
      return [];
    }
    return entries
      .filter((e) => e.url.startsWith("automerge:"))
      .map((e) => meetingSource(repo, e.url as AutomergeUrl));
  });
  return { workspaceStatus, workspace: ws, meetings };
}

/** One meeting by the route's `:id` (an automerge document id); undefined for a malformed id. */
export function useMeeting(
  id: Accessor<string | undefined>,
  repo: Repo = defaultRepo,
): Accessor<MeetingSource | undefined> {
  return createMemo(() => {
    const url = meetingUrlFromParam(id());
    return url ? meetingSource(repo, url) : undefined;
  });
}
