/**
 * Issued conclusion notices on this device: the workspace lists every notice the relay made; this
 * module opens them (the relay sends only those this member may read: their units are recipients, or
 * they were at the meeting) and writes this member's read receipt, offline too.
 */
import { type DocHandle, isValidAutomergeUrl, type Repo } from "@automerge/automerge-repo";
import { type Accessor, createSignal } from "solid-js";
import {
  markNoticeRead,
  type NoticeDoc,
  type NoticeView,
  noticeMigrations,
  noticeView,
  schemaState,
  validateNotice,
  type WorkspaceDoc,
  workspaceNotices,
} from "../../../shared/src/index.ts";
import { repo as defaultRepo } from "./repo.ts";
import { currentSession, onSessionStart } from "./session.ts";
import { workspaceHandle } from "./workspace.ts";

/** An opened notice. */
export interface NoticeSource {
  readonly documentId: string;
  readonly handle: DocHandle<NoticeDoc>;
  readonly view: NoticeView;
}

const [sources, setSources] = createSignal<readonly NoticeSource[]>([]);
/** Notices readable on this device, newest first. */
export const notices: Accessor<readonly NoticeSource[]> = sources;

const opened = new Set<string>();
const watched = new WeakSet<object>();

function refresh(handle: DocHandle<NoticeDoc>): void {
  const doc = handle.doc();
  if (!doc || schemaState(doc, noticeMigrations).kind === "newer" || !validateNotice(doc).ok) return;
  const source: NoticeSource = { documentId: handle.documentId, handle, view: noticeView(doc) };
  setSources((list) =>
    [...list.filter((s) => s.documentId !== handle.documentId), source].sort((a, b) =>
      b.view.issuedAt.localeCompare(a.view.issuedAt),
    ),
  );
}

/** Opens every notice listed in the workspace, now and when the list grows. Safe to call repeatedly. */
export async function openNotices(repo: Repo = defaultRepo): Promise<void> {
  const workspace = await workspaceHandle();
  const openListed = (doc: WorkspaceDoc | undefined) => {
    if (!doc) return;
    for (const { url } of workspaceNotices(doc)) {
      if (opened.has(url) || !isValidAutomergeUrl(url)) continue;
      opened.add(url);
      repo.find<NoticeDoc>(url).then(
        (handle) => {
          refresh(handle);
          handle.on("change", () => refresh(handle));
        },
        () => opened.delete(url), // not for this member, or not reachable now: retried on the next change
      );
    }
  };
  openListed(workspace.doc());
  if (!watched.has(workspace)) {
    watched.add(workspace);
    workspace.on("change", ({ doc }) => openListed(doc));
  }
}

/** Opens the notices when a session starts (and now, if one exists). */
export function keepNoticesOpen(): void {
  const open = () => void openNotices().catch(() => {});
  onSessionStart(open);
  if (currentSession()) open();
}

/** Records that the signed-in member has read a notice (once; syncs later when offline). */
export function markRead(source: NoticeSource): void {
  const me = currentSession()?.memberId;
  if (!me || source.view.receipts.has(me)) return;
  source.handle.change((doc) => markNoticeRead(doc, me, Date.now()), {
    message: "Đã đọc thông báo kết luận",
  });
}
