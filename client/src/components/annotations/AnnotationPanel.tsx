import { createEffect, createMemo, createSignal, For, type JSX, on, Show } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import {
  ANNOTATION_COLORS,
  ANNOTATION_PALETTE,
  type AnnotationColor,
  type AnnotationId,
  type AnnotationReplyId,
  type AnnotationThread,
  type AnnotationView,
  formatDateTime,
  type MyAnnotationView,
  participantOfMember,
} from "../../../../shared/src/index.ts";
import { useI18n } from "../../i18n/index.ts";
import type { ActionError } from "../../state/actions.ts";
import type { MeetingAnnotations } from "../../state/annotation-docs.ts";
import {
  deleteMyAnnotation,
  deleteMyReply,
  editMyAnnotation,
  replyToSharedAnnotation,
  restoreMyAnnotation,
  shareMyAnnotation,
  unshareMyAnnotation,
} from "../../state/annotations.ts";

export interface AnnotationPanelProps {
  readonly data: MeetingAnnotations;
  /** The document open in the viewer; absent: the panel lists the whole meeting. */
  readonly fileId?: string;
  /** Display name of a file (a paper's title), for the meeting-wide list. */
  readonly fileName?: (fileId: string) => string | undefined;
  readonly selectedId?: string | null;
  readonly onSelect?: (id: string) => void;
  /** Opens a file at a page (0-based). */
  readonly onJump?: (fileId: string, pageIndex: number) => void;
  /** An annotation whose text editor opens at once (a note just placed). */
  readonly editRequest?: string | null;
  /** Called once the requested editor is open. */
  readonly onEditRequestHandled?: () => void;
  /** Extra content under the filters (export buttons, the carry-over list). */
  readonly children?: JSX.Element;
}

type View = "mine" | "shared";

/**
 * The annotations side panel, per document or per meeting: my annotations (private and shared) and
 * the meeting's shared ones with their threads, filtered by colour and author; each entry jumps to
 * its page and, when mine, can be edited, deleted, shared or unshared; shared ones take replies.
 * Outcomes are announced in a polite live region; refusals in an alert.
 */
export function AnnotationPanel(props: AnnotationPanelProps): JSX.Element {
  const { t } = useI18n();
  const [view, setView] = createSignal<View>("mine");
  // Until the reader picks one: this document when there is one open, else the whole meeting.
  const [chosenScope, setScope] = createSignal<"document" | "meeting" | null>(null);
  const scope = () => chosenScope() ?? (props.fileId ? "document" : "meeting");
  const [color, setColor] = createSignal<AnnotationColor | "">("");
  const [author, setAuthor] = createSignal("");
  const [status, setStatus] = createSignal("");
  const [error, setError] = createSignal("");
  const [lastDeleted, setLastDeleted] = createSignal<string | null>(null);

  const inScope = (a: AnnotationView) => scope() === "meeting" || !props.fileId || a.fileId === props.fileId;
  const matchesColor = (a: AnnotationView) => color() === "" || a.color === color();
  // Long lists render in pages: a paper with thousands of annotations opens without building them all.
  const [limit, setLimit] = createSignal(PAGE_SIZE);
  const filteredMine = createMemo(() => props.data.mine().filter((a) => inScope(a) && matchesColor(a)));
  const filteredThreads = createMemo(() =>
    props.data
      .threads()
      .filter(
        (th) =>
          inScope(th.annotation) &&
          matchesColor(th.annotation) &&
          (author() === "" || th.annotation.memberId === author()),
      ),
  );
  // The shown entries keep their identity across document changes (reconciled by id), so an entry
  // being edited keeps its editor when a change arrives from another device.
  const [shownMine, setShownMine] = createStore<MyAnnotationView[]>([]);
  createEffect(() => setShownMine(reconcile(filteredMine().slice(0, limit()), { key: "id" })));
  const [shownThreads, setShownThreads] = createStore<(AnnotationThread & { key: string })[]>([]);
  createEffect(() =>
    setShownThreads(
      reconcile(
        filteredThreads()
          .slice(0, limit())
          .map((th) => ({ ...th, key: `${th.annotation.memberId}:${th.annotation.id}` })),
        { key: "key" },
      ),
    ),
  );
  const authors = createMemo(() => {
    const seen = new Map<string, string>();
    for (const th of props.data.threads()) {
      if (!seen.has(th.annotation.memberId))
        seen.set(th.annotation.memberId, nameOf(th.annotation.memberId, th.annotation.authorName));
    }
    return [...seen.entries()];
  });
  const memberId = () => props.data.handles().memberId;
  const nameOf = (id: string, name: string) =>
    id === memberId() ? t("annot.panel.you") : name || t("annot.panel.unknownAuthor");
  const isObserver = createMemo(() => {
    const meeting = props.data.meetingDoc();
    if (!meeting) return false;
    try {
      return participantOfMember(meeting, memberId()).role === "observer";
    } catch {
      return true;
    }
  });

  // A selection on the page shows the list that holds it.
  createEffect(
    on(
      () => props.selectedId,
      (id) => {
        if (!id) return;
        const inMine = filteredMine().findIndex((a) => a.id === id);
        const inThreads = filteredThreads().findIndex((th) => th.annotation.id === id);
        if (inMine >= 0) setView("mine");
        else if (inThreads >= 0) setView("shared");
        // Beyond the entries shown so far: show up to it.
        const index = Math.max(inMine, inThreads);
        if (index >= limit()) setLimit(index + 1);
        queueMicrotask(() =>
          document.getElementById(`annotation-item-${id}`)?.scrollIntoView({ block: "nearest" }),
        );
      },
    ),
  );

  const run = (fn: () => void, done?: string) => {
    setError("");
    try {
      fn();
      if (done) setStatus(done);
    } catch (e) {
      const code = (e as ActionError).code ?? "unknown";
      setError(t(`annot.error.${code}` as "annot.error.unknown") ?? t("annot.error.unknown"));
    }
  };

  const remove = (a: MyAnnotationView) =>
    run(() => {
      deleteMyAnnotation(props.data.handles(), a.visibility, a.id as AnnotationId);
      setLastDeleted(a.visibility === "private" ? a.id : null);
    }, t("annot.panel.deleted"));

  return (
    <aside class="annotation-panel" aria-labelledby="annotation-panel-heading">
      <h2 id="annotation-panel-heading">
        {props.fileId && scope() === "document" ? t("annot.panel.heading") : t("annot.panel.headingMeeting")}
      </h2>
      <div class="panel-filters">
        <Show when={props.fileId}>
          <fieldset class="segmented">
            <legend class="visually-hidden">{t("annot.panel.scopeLabel")}</legend>
            <label classList={{ active: scope() === "document" }}>
              <input
                type="radio"
                name="annotation-scope"
                checked={scope() === "document"}
                onChange={() => setScope("document")}
              />
              {t("annot.panel.scopeDocument")}
            </label>
            <label classList={{ active: scope() === "meeting" }}>
              <input
                type="radio"
                name="annotation-scope"
                checked={scope() === "meeting"}
                onChange={() => setScope("meeting")}
              />
              {t("annot.panel.scopeMeeting")}
            </label>
          </fieldset>
        </Show>
        <fieldset class="segmented">
          <legend class="visually-hidden">{t("annot.panel.viewLabel")}</legend>
          <label classList={{ active: view() === "mine" }}>
            <input
              type="radio"
              name="annotation-view"
              checked={view() === "mine"}
              onChange={() => setView("mine")}
            />
            {t("annot.panel.mine")} ({props.data.mine().filter(inScope).length})
          </label>
          <label classList={{ active: view() === "shared" }}>
            <input
              type="radio"
              name="annotation-view"
              checked={view() === "shared"}
              onChange={() => setView("shared")}
            />
            {t("annot.panel.shared")} ({props.data.threads().filter((th) => inScope(th.annotation)).length})
          </label>
        </fieldset>
        <label class="field-inline">
          <span>{t("annot.panel.colorFilter")}</span>
          <select value={color()} onChange={(e) => setColor(e.currentTarget.value as AnnotationColor | "")}>
            <option value="">{t("annot.panel.allColors")}</option>
            <For each={ANNOTATION_COLORS}>{(c) => <option value={c}>{t(`annot.color.${c}`)}</option>}</For>
          </select>
        </label>
        <Show when={view() === "shared"}>
          <label class="field-inline">
            <span>{t("annot.panel.authorFilter")}</span>
            <select value={author()} onChange={(e) => setAuthor(e.currentTarget.value)}>
              <option value="">{t("annot.panel.allAuthors")}</option>
              <For each={authors()}>{([id, name]) => <option value={id}>{name}</option>}</For>
            </select>
          </label>
        </Show>
      </div>
      <p class="panel-status" role="status" aria-live="polite">
        {status()}
        <Show when={lastDeleted()}>
          {" "}
          <button
            type="button"
            class="button button-quiet button-small"
            onClick={() => {
              const id = lastDeleted();
              setLastDeleted(null);
              if (id) run(() => restoreMyAnnotation(props.data.handles(), id as AnnotationId), "");
            }}
          >
            {t("annot.panel.undo")}
          </button>
        </Show>
      </p>
      <Show when={error()}>
        <p class="panel-error" role="alert">
          {error()}
        </p>
      </Show>
      <Show when={!props.data.ready()}>
        <p class="panel-note">{t("annot.panel.notReady")}</p>
      </Show>
      <Show when={view() === "mine"}>
        <Show
          when={filteredMine().length > 0}
          fallback={<p class="panel-empty">{t("annot.panel.emptyMine")}</p>}
        >
          <ul class="annotation-list" aria-label={t("annot.panel.count", { count: filteredMine().length })}>
            <For each={shownMine}>
              {(a) => (
                <MyItem
                  annotation={a}
                  selected={props.selectedId === a.id}
                  fileLabel={fileLabel(a)}
                  editNow={props.editRequest === a.id}
                  onEditOpened={() => props.onEditRequestHandled?.()}
                  onJump={() => {
                    props.onSelect?.(a.id);
                    props.onJump?.(a.fileId, a.pageIndex);
                  }}
                  onSave={(patch) =>
                    run(() =>
                      editMyAnnotation(props.data.handles(), a.visibility, a.id as AnnotationId, patch),
                    )
                  }
                  onDelete={() => remove(a)}
                  onShare={() =>
                    a.visibility === "private"
                      ? run(
                          () => shareMyAnnotation(props.data.handles(), a.id as AnnotationId),
                          t("annot.panel.sharedDone"),
                        )
                      : run(
                          () => unshareMyAnnotation(props.data.handles(), a.id as AnnotationId),
                          t("annot.panel.unsharedDone"),
                        )
                  }
                  canShare={!isObserver()}
                />
              )}
            </For>
          </ul>
          <MoreButton
            remaining={filteredMine().length - limit()}
            onMore={() => setLimit((n) => n + PAGE_SIZE)}
          />
        </Show>
      </Show>
      <Show when={view() === "shared"}>
        <Show when={isObserver()}>
          <p class="panel-note">{t("annot.panel.readOnlyObserver")}</p>
        </Show>
        <Show
          when={filteredThreads().length > 0}
          fallback={<p class="panel-empty">{t("annot.panel.emptyShared")}</p>}
        >
          <ul
            class="annotation-list"
            aria-label={t("annot.panel.count", { count: filteredThreads().length })}
          >
            <For each={shownThreads}>
              {(th) => (
                <ThreadItem
                  thread={th}
                  selected={props.selectedId === th.annotation.id}
                  fileLabel={fileLabel(th.annotation)}
                  nameOf={nameOf}
                  memberId={memberId()}
                  canReply={!isObserver()}
                  onJump={() => {
                    props.onSelect?.(th.annotation.id);
                    props.onJump?.(th.annotation.fileId, th.annotation.pageIndex);
                  }}
                  onReply={(text) =>
                    run(() =>
                      replyToSharedAnnotation(
                        props.data.handles(),
                        { memberId: th.annotation.memberId, annotationId: th.annotation.id },
                        text,
                      ),
                    )
                  }
                  onDeleteReply={(id) =>
                    run(() => deleteMyReply(props.data.handles(), id as AnnotationReplyId))
                  }
                />
              )}
            </For>
          </ul>
          <MoreButton
            remaining={filteredThreads().length - limit()}
            onMore={() => setLimit((n) => n + PAGE_SIZE)}
          />
        </Show>
      </Show>
      {props.children}
    </aside>
  );

  function fileLabel(a: AnnotationView): string | null {
    if (props.fileId && a.fileId === props.fileId) return null;
    return props.fileName?.(a.fileId) ?? t("annot.panel.otherFile");
  }
}

/** Entries rendered at first, and added by each "show more". */
const PAGE_SIZE = 100;

function MoreButton(props: { remaining: number; onMore: () => void }): JSX.Element {
  const { t } = useI18n();
  return (
    <Show when={props.remaining > 0}>
      <button type="button" class="button button-small" onClick={() => props.onMore()}>
        {t("annot.panel.showMore", { count: props.remaining })}
      </button>
    </Show>
  );
}

/** The words an annotation is about: its quote, else its text. */
function excerpt(a: Pick<AnnotationView, "quote" | "text">): string {
  return a.quote?.exact ?? "";
}

/**
 * One of my annotations in the panel, with its editor (text and colour). Escape closes the editor like
 * other dialogs; typed but unsaved changes are kept as a draft (said so under the note) and come back on
 * the next "Sửa"; "Hủy" discards them, "Lưu" saves them.
 */
export function MyItem(props: {
  annotation: MyAnnotationView;
  selected: boolean;
  fileLabel: string | null;
  editNow: boolean;
  onEditOpened: () => void;
  canShare: boolean;
  onJump: () => void;
  onSave: (patch: { text?: string; color?: AnnotationColor }) => void;
  onDelete: () => void;
  onShare: () => void;
}): JSX.Element {
  const { t } = useI18n();
  const [editing, setEditing] = createSignal(false);
  const [draft, setDraft] = createSignal<{ text: string; color: AnnotationColor }>();
  let textarea: HTMLTextAreaElement | undefined;
  let editButton: HTMLButtonElement | undefined;
  const closeEditor = () => {
    setEditing(false);
    queueMicrotask(() => editButton?.focus());
  };
  createEffect(
    on(
      () => props.editNow,
      (now) => {
        if (now) {
          setEditing(true);
          props.onEditOpened();
          queueMicrotask(() => textarea?.focus());
        }
      },
    ),
  );
  const a = () => props.annotation;
  const id = () => `annotation-item-${a().id}`;
  return (
    <li
      id={id()}
      class="annotation-item"
      classList={{ selected: props.selected }}
      data-annotation-id={a().id}
    >
      <div class="item-head">
        <span class="swatch" style={{ background: ANNOTATION_PALETTE[a().color] }} aria-hidden="true" />
        <span class="item-kind">{t(`annot.kind.${a().kind}`)}</span>
        <span class="item-page">{t("annot.panel.page", { page: a().pageIndex + 1 })}</span>
        <span class="badge" classList={{ "badge-shared": a().visibility === "shared" }}>
          {a().visibility === "shared" ? t("annot.panel.sharedBadge") : t("annot.panel.private")}
        </span>
      </div>
      <Show when={props.fileLabel}>
        <p class="item-file">{props.fileLabel}</p>
      </Show>
      <Show when={excerpt(a())}>
        <blockquote class="item-quote">{excerpt(a())}</blockquote>
      </Show>
      <Show
        when={editing()}
        fallback={
          <Show when={a().text}>
            <p class="item-text">{a().text}</p>
          </Show>
        }
      >
        <form
          class="item-edit"
          onSubmit={(e) => {
            e.preventDefault();
            const data = new FormData(e.currentTarget);
            props.onSave({
              text: String(data.get("text") ?? ""),
              color: String(data.get("color")) as AnnotationColor,
            });
            setDraft(undefined);
            setEditing(false);
          }}
          onKeyDown={(e) => {
            if (e.key !== "Escape") return;
            e.preventDefault();
            e.stopPropagation();
            const data = new FormData(e.currentTarget);
            const text = String(data.get("text") ?? "");
            const color = String(data.get("color")) as AnnotationColor;
            setDraft(text !== a().text || color !== a().color ? { text, color } : undefined);
            closeEditor();
          }}
        >
          <label>
            <span>{t("annot.panel.textLabel")}</span>
            <textarea ref={textarea} name="text" rows={3} placeholder={t("annot.panel.textPlaceholder")}>
              {draft()?.text ?? a().text}
            </textarea>
          </label>
          <label>
            <span>{t("annot.colorLabel")}</span>
            <select name="color" value={draft()?.color ?? a().color}>
              <For each={ANNOTATION_COLORS}>{(c) => <option value={c}>{t(`annot.color.${c}`)}</option>}</For>
            </select>
          </label>
          <div class="item-actions">
            <button type="submit" class="button button-primary button-small">
              {t("annot.panel.save")}
            </button>
            <button
              type="button"
              class="button button-quiet button-small"
              onClick={() => {
                setDraft(undefined);
                closeEditor();
              }}
            >
              {t("annot.panel.cancel")}
            </button>
          </div>
        </form>
      </Show>
      <Show when={a().visibility === "shared" && a().sharedAt}>
        <p class="item-meta">{formatDateTime(a().sharedAt!)}</p>
      </Show>
      <Show when={!editing() && draft()}>
        <p class="item-draft" role="status">
          {t("annot.panel.draftKept")}
        </p>
      </Show>
      <Show when={!editing()}>
        <div class="item-actions">
          <button type="button" class="button button-small" onClick={() => props.onJump()}>
            {t("annot.panel.jump")}
          </button>
          <button ref={editButton} type="button" class="button button-small" onClick={() => setEditing(true)}>
            {t("annot.panel.edit")}
          </button>
          <Show when={props.canShare}>
            <button type="button" class="button button-small" onClick={() => props.onShare()}>
              {a().visibility === "private" ? t("annot.panel.share") : t("annot.panel.unshare")}
            </button>
          </Show>
          <button type="button" class="button button-small button-danger" onClick={() => props.onDelete()}>
            {t("annot.panel.delete")}
          </button>
        </div>
      </Show>
    </li>
  );
}

function ThreadItem(props: {
  thread: AnnotationThread;
  selected: boolean;
  fileLabel: string | null;
  memberId: string;
  canReply: boolean;
  nameOf: (memberId: string, name: string) => string;
  onJump: () => void;
  onReply: (text: string) => void;
  onDeleteReply: (id: string) => void;
}): JSX.Element {
  const { t } = useI18n();
  const a = () => props.thread.annotation;
  let input: HTMLTextAreaElement | undefined;
  return (
    <li
      id={`annotation-item-${a().id}`}
      class="annotation-item thread"
      classList={{ selected: props.selected }}
      data-annotation-id={a().id}
    >
      <div class="item-head">
        <span class="swatch" style={{ background: ANNOTATION_PALETTE[a().color] }} aria-hidden="true" />
        <span class="item-kind">{t(`annot.kind.${a().kind}`)}</span>
        <span class="item-page">{t("annot.panel.page", { page: a().pageIndex + 1 })}</span>
      </div>
      <p class="item-meta">
        {t("annot.panel.byAuthor", {
          name: props.nameOf(a().memberId, a().authorName),
          time: formatDateTime(a().sharedAt),
        })}
      </p>
      <Show when={props.fileLabel}>
        <p class="item-file">{props.fileLabel}</p>
      </Show>
      <Show when={props.thread.status === "deleted"}>
        <p class="item-note">{t("annot.panel.noteDeleted")}</p>
      </Show>
      <Show when={props.thread.status === "unshared"}>
        <p class="item-note">{t("annot.panel.noteUnshared")}</p>
      </Show>
      <Show when={excerpt(a())}>
        <blockquote class="item-quote">{excerpt(a())}</blockquote>
      </Show>
      <Show when={a().text}>
        <p class="item-text">{a().text}</p>
      </Show>
      <Show when={props.thread.status === "live"}>
        <div class="item-actions">
          <button type="button" class="button button-small" onClick={() => props.onJump()}>
            {t("annot.panel.jump")}
          </button>
        </div>
      </Show>
      <details class="thread-replies" open={props.thread.replies.length > 0}>
        <summary>{t("annot.panel.replies", { count: props.thread.replies.length })}</summary>
        <ol class="reply-list">
          <For each={props.thread.replies}>
            {(r) => (
              <li class="reply">
                <p class="item-meta">
                  {t("annot.panel.byAuthor", {
                    name: props.nameOf(r.memberId, r.authorName),
                    time: formatDateTime(r.createdAt),
                  })}
                  <Show when={r.editedAt}> ({t("annot.panel.edited")})</Show>
                </p>
                <p class="reply-text">{r.text}</p>
                <Show when={r.memberId === props.memberId}>
                  <button
                    type="button"
                    class="button button-quiet button-small"
                    onClick={() => props.onDeleteReply(r.id)}
                  >
                    {t("annot.panel.deleteReply")}
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ol>
      </details>
      <Show when={props.canReply && props.thread.status === "live"}>
        <form
          class="reply-form"
          onSubmit={(e) => {
            e.preventDefault();
            const text = input?.value.trim() ?? "";
            if (!text) return;
            props.onReply(text);
            if (input) input.value = "";
          }}
        >
          <label>
            <span class="visually-hidden">{t("annot.panel.replyLabel")}</span>
            <textarea ref={input} name="reply" rows={2} placeholder={t("annot.panel.replyPlaceholder")} />
          </label>
          <button type="submit" class="button button-small">
            {t("annot.panel.sendReply")}
          </button>
        </form>
      </Show>
    </li>
  );
}
