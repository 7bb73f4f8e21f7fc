import { createSignal, For, onCleanup, Show } from "solid-js";
import type { AgendaItemInput, AgendaItemView } from "../../../../shared/src/index.ts";
import { AgendaItemForm } from "./AgendaItemForm.tsx";
import { errorMessage } from "./errors.ts";
import { formatMinutes } from "./format.ts";
import { useMeetingsText } from "./i18n.ts";

export interface AgendaListProps {
  /** Visible items in order. Keep item objects stable across updates (a keyed store) so rows keep focus. */
  items: readonly AgendaItemView[];
  /** Soft-deleted items, for "Khôi phục". */
  deletedItems: readonly AgendaItemView[];
  plannedMinutesTotal: number;
  /** No edits at all (a newer schema, or a status that forbids them). */
  readOnly: boolean;
  /** The handlers write through state/actions.ts; they may throw an ActionError, which is shown here. */
  onMove: (id: string, toIndex: number) => void;
  onAdd: (input: AgendaItemInput) => void;
  onEdit: (id: string, patch: AgendaItemInput) => void;
  onRemove: (id: string) => void;
  onRestore: (id: string) => void;
}

/** An ongoing pointer drag: rows' page-space geometry is measured once, at the start. */
interface DragSession {
  id: string;
  from: number;
  pointerId: number;
  startY: number;
  mids: number[];
  /** Height of the dragged row plus the gap between rows: how far the other rows shift. */
  step: number;
}

interface DragView {
  id: string;
  from: number;
  target: number;
  dy: number;
  step: number;
}

/**
 * The agenda (chương trình họp): ordered items with presenter and planned minutes, a total, and — when
 * writable — add, edit, soft delete with "Khôi phục", and reordering:
 * - by pointer (mouse, pen and touch alike) on the ⠿ handle, with pointer capture — HTML5 drag and
 *   drop does not fire for touch;
 * - by keyboard: the "Lên"/"Xuống" buttons, or Alt+ArrowUp/ArrowDown anywhere in a focused item.
 * Every move is announced in a polite live region ("…tới vị trí 3 trên 6"), and focus stays on the
 * moved item.
 */
export function AgendaList(props: AgendaListProps) {
  const { t } = useMeetingsText();
  const [editing, setEditing] = createSignal<string | null>(null);
  const [adding, setAdding] = createSignal(false);
  const [announcement, setAnnouncement] = createSignal("");
  const [error, setError] = createSignal<string | null>(null);
  const [lastRemoved, setLastRemoved] = createSignal<{ id: string; title: string } | null>(null);
  const [drag, setDrag] = createSignal<DragView | null>(null);
  let listRef: HTMLOListElement | undefined;
  let addButton: HTMLButtonElement | undefined;
  let session: DragSession | null = null;

  const row = (id: string) =>
    (Array.from(listRef?.children ?? []) as HTMLElement[]).find((el) => el.dataset.id === id) ?? null;

  const announce = (text: string) => {
    // Clear first so the same sentence twice in a row is still read out.
    setAnnouncement("");
    queueMicrotask(() => setAnnouncement(text));
  };

  /** Runs an action; shows its error and returns false when it throws. */
  const run = (action: () => void): boolean => {
    try {
      action();
      setError(null);
      return true;
    } catch (e) {
      setError(errorMessage(t, e));
      return false;
    }
  };

  const move = (item: AgendaItemView, from: number, to: number) => {
    const total = props.items.length;
    if (props.readOnly || to < 0 || to >= total || to === from) return;
    const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!run(() => props.onMove(item.id, to))) return;
    announce(t("agenda.moved", { title: item.title, position: to + 1, total }));
    // Reordering moves the row's DOM node, which drops focus in some browsers: put it back, on the row
    // itself when the pressed button is now disabled (an item moved to the top or bottom).
    queueMicrotask(() => {
      const target =
        active?.isConnected && !(active as HTMLButtonElement).disabled && row(item.id)?.contains(active)
          ? active
          : row(item.id);
      if (target && document.activeElement !== target) target.focus();
    });
  };

  const remove = (item: AgendaItemView, index: number) => {
    if (!run(() => props.onRemove(item.id))) return;
    setLastRemoved({ id: item.id, title: item.title });
    announce(t("agenda.removed", { title: item.title }));
    queueMicrotask(() => {
      const next = props.items[Math.min(index, props.items.length - 1)];
      (next ? row(next.id) : addButton)?.focus();
    });
  };

  const restore = (id: string, title: string) => {
    if (!run(() => props.onRestore(id))) return;
    if (lastRemoved()?.id === id) setLastRemoved(null);
    announce(t("agenda.restored", { title }));
    queueMicrotask(() => row(id)?.focus());
  };

  const finishEdit = (id: string) => {
    setEditing(null);
    queueMicrotask(() => row(id)?.querySelector<HTMLElement>("[data-action=edit]")?.focus());
  };

  // ——— pointer dragging ———
  const cancelDrag = () => {
    session = null;
    setDrag(null);
  };
  const onEscape = (e: KeyboardEvent) => {
    if (e.key === "Escape" && session) cancelDrag();
  };
  window.addEventListener("keydown", onEscape);
  onCleanup(() => window.removeEventListener("keydown", onEscape));

  const startDrag = (e: PointerEvent, item: AgendaItemView, index: number) => {
    if (props.readOnly || !listRef || (e.pointerType === "mouse" && e.button !== 0)) return;
    e.preventDefault();
    (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
    const rows = Array.from(listRef.querySelectorAll<HTMLElement>(":scope > li"));
    const rects = rows.map((r) => r.getBoundingClientRect());
    const own = rects[index];
    if (!own) return;
    const next = rects[index + 1] ?? rects[index - 1];
    const gap = next ? Math.max(0, next.top > own.top ? next.top - own.bottom : own.top - next.bottom) : 0;
    session = {
      id: item.id,
      from: index,
      pointerId: e.pointerId,
      startY: e.clientY + window.scrollY,
      mids: rects.map((r) => r.top + window.scrollY + r.height / 2),
      step: own.height + gap,
    };
    setDrag({ id: item.id, from: index, target: index, dy: 0, step: session.step });
  };

  const dragMove = (e: PointerEvent) => {
    const s = session;
    if (!s || e.pointerId !== s.pointerId) return;
    const dy = e.clientY + window.scrollY - s.startY;
    const centre = (s.mids[s.from] ?? 0) + dy;
    const target = s.mids.filter((mid, i) => i !== s.from && mid < centre).length;
    setDrag({ id: s.id, from: s.from, target, dy, step: s.step });
    // Keep the pointer's neighbourhood in view on long agendas.
    if (e.clientY < 56) window.scrollBy(0, -12);
    else if (e.clientY > window.innerHeight - 56) window.scrollBy(0, 12);
  };

  const endDrag = (e: PointerEvent, item: AgendaItemView) => {
    const d = drag();
    if (!session || e.pointerId !== session.pointerId) return;
    cancelDrag();
    if (d && d.target !== d.from) move(item, d.from, d.target);
  };

  const rowStyle = (id: string, index: number): Record<string, string> | undefined => {
    const d = drag();
    if (!d) return undefined;
    if (id === d.id) return { transform: `translateY(${d.dy}px)` };
    if (d.target > d.from && index > d.from && index <= d.target)
      return { transform: `translateY(${-d.step}px)` };
    if (d.target < d.from && index >= d.target && index < d.from)
      return { transform: `translateY(${d.step}px)` };
    return undefined;
  };

  return (
    <section class="agenda" aria-labelledby="agenda-heading">
      <div class="section-header">
        <h2 id="agenda-heading">{t("agenda.heading")}</h2>
        <p class="agenda-total">
          {t("agenda.total", { minutes: formatMinutes(t, props.plannedMinutesTotal) })}
        </p>
      </div>
      <Show when={!props.readOnly && props.items.length > 1}>
        <p id="agenda-reorder-help" class="hint">
          {t("agenda.reorderHelp")}
        </p>
      </Show>
      <Show when={error()}>
        {(message) => (
          <p class="action-error" role="alert">
            {message()}
          </p>
        )}
      </Show>
      <Show when={props.items.length > 0} fallback={<p class="empty-state">{t("agenda.empty")}</p>}>
        <ol ref={listRef} class="agenda-list" classList={{ "is-dragging": drag() !== null }}>
          <For each={props.items}>
            {(item, index) => (
              <li
                class="agenda-item"
                classList={{ "is-dragged": drag()?.id === item.id }}
                data-id={item.id}
                tabIndex={props.readOnly ? undefined : -1}
                style={rowStyle(item.id, index())}
                aria-labelledby={`agenda-title-${item.id}`}
                aria-describedby={
                  !props.readOnly && props.items.length > 1 ? "agenda-reorder-help" : undefined
                }
                onKeyDown={(e) => {
                  if (!e.altKey || editing() === item.id) return;
                  if (e.key === "ArrowUp") {
                    e.preventDefault();
                    move(item, index(), index() - 1);
                  } else if (e.key === "ArrowDown") {
                    e.preventDefault();
                    move(item, index(), index() + 1);
                  }
                }}
              >
                <Show
                  when={editing() === item.id}
                  fallback={
                    <>
                      <Show when={!props.readOnly}>
                        <span
                          class="drag-handle"
                          aria-hidden="true"
                          title={t("agenda.dragHandle", { title: item.title })}
                          onPointerDown={(e) => startDrag(e, item, index())}
                          onPointerMove={dragMove}
                          onPointerUp={(e) => endDrag(e, item)}
                          onPointerCancel={cancelDrag}
                          onLostPointerCapture={(e) => {
                            if (session && e.pointerId === session.pointerId) cancelDrag();
                          }}
                        >
                          ⠿
                        </span>
                      </Show>
                      <span class="agenda-number" aria-hidden="true">
                        {index() + 1}
                      </span>
                      <div class="agenda-item-body">
                        <h3 id={`agenda-title-${item.id}`} class="agenda-item-title">
                          {item.title}
                        </h3>
                        <p class="agenda-item-meta">
                          <span>
                            {t("agenda.presenter")}: {item.presenter || t("agenda.noPresenter")}
                          </span>
                          <span class="agenda-item-minutes">{formatMinutes(t, item.plannedMinutes)}</span>
                        </p>
                        <Show when={item.description}>
                          <p class="agenda-item-description">{item.description}</p>
                        </Show>
                      </div>
                      <Show when={!props.readOnly}>
                        <div class="agenda-item-actions">
                          <button
                            type="button"
                            class="button button-small"
                            data-action="up"
                            disabled={index() === 0}
                            aria-label={`${t("agenda.up")}: ${item.title}`}
                            onClick={() => move(item, index(), index() - 1)}
                          >
                            <span aria-hidden="true">↑ </span>
                            {t("agenda.up")}
                          </button>
                          <button
                            type="button"
                            class="button button-small"
                            data-action="down"
                            disabled={index() === props.items.length - 1}
                            aria-label={`${t("agenda.down")}: ${item.title}`}
                            onClick={() => move(item, index(), index() + 1)}
                          >
                            <span aria-hidden="true">↓ </span>
                            {t("agenda.down")}
                          </button>
                          <button
                            type="button"
                            class="button button-small"
                            data-action="edit"
                            aria-label={`${t("agenda.edit")}: ${item.title}`}
                            onClick={() => {
                              setAdding(false);
                              setEditing(item.id);
                            }}
                          >
                            {t("agenda.edit")}
                          </button>
                          <button
                            type="button"
                            class="button button-small button-danger"
                            data-action="remove"
                            aria-label={`${t("agenda.remove")}: ${item.title}`}
                            onClick={() => remove(item, index())}
                          >
                            {t("agenda.remove")}
                          </button>
                        </div>
                      </Show>
                    </>
                  }
                >
                  <AgendaItemForm
                    heading={t("agenda.formEditHeading")}
                    initial={item}
                    onSubmit={(input) => {
                      if (run(() => props.onEdit(item.id, input))) finishEdit(item.id);
                    }}
                    onCancel={() => finishEdit(item.id)}
                  />
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>

      <Show when={lastRemoved()}>
        {(removed) => (
          <div class="undo-bar">
            <span>{t("agenda.removed", { title: removed().title })}</span>
            <button
              type="button"
              class="button button-small"
              onClick={() => restore(removed().id, removed().title)}
            >
              {t("agenda.restore")}
            </button>
          </div>
        )}
      </Show>

      <Show when={!props.readOnly}>
        <Show
          when={adding()}
          fallback={
            <button
              ref={addButton}
              type="button"
              class="button button-primary agenda-add"
              onClick={() => {
                setEditing(null);
                setAdding(true);
              }}
            >
              <span aria-hidden="true">+ </span>
              {t("agenda.add")}
            </button>
          }
        >
          <AgendaItemForm
            heading={t("agenda.formAddHeading")}
            onSubmit={(input) => {
              if (run(() => props.onAdd(input))) {
                setAdding(false);
                queueMicrotask(() => addButton?.focus());
              }
            }}
            onCancel={() => {
              setAdding(false);
              queueMicrotask(() => addButton?.focus());
            }}
          />
        </Show>
      </Show>

      <Show when={!props.readOnly && props.deletedItems.length > 0}>
        <details class="agenda-deleted">
          <summary>{t("agenda.deletedHeading", { count: props.deletedItems.length })}</summary>
          <ul>
            <For each={props.deletedItems}>
              {(item) => (
                <li>
                  <span>{item.title}</span>
                  <button
                    type="button"
                    class="button button-small"
                    aria-label={`${t("agenda.restore")}: ${item.title}`}
                    onClick={() => restore(item.id, item.title)}
                  >
                    {t("agenda.restore")}
                  </button>
                </li>
              )}
            </For>
          </ul>
        </details>
      </Show>

      <div class="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement()}
      </div>
    </section>
  );
}
