import { createSignal, For, type JSX, Show } from "solid-js";
import type { LiveAgendaView, LiveItemView } from "../../../../shared/src/index.ts";
import * as run from "../../state/meeting-run.ts";
import { formatMinutes } from "../meeting/format.ts";
import { useMeetingsText } from "../meeting/i18n.ts";
import { formatClock, runErrorMessage } from "./format.ts";

/** "12:30 / 30 phút" and how far from the plan, for one item. */
export function ItemClock(props: { item: LiveItemView }): JSX.Element {
  const { t } = useMeetingsText();
  return (
    <span class="item-clock" classList={{ "over-plan": props.item.overPlan }}>
      <span class="visually-hidden">{t("run.actual")}: </span>
      <span class="clock-figure">{formatClock(props.item.actualMs)}</span>
      {" / "}
      <span class="visually-hidden">{t("run.planned")}: </span>
      {formatMinutes(t, props.item.plannedMinutes)}
      <Show when={props.item.status !== "not_started"}>
        {" — "}
        {props.item.overPlan
          ? t("run.overPlan", { minutes: formatClock(-props.item.remainingMs) })
          : t("run.remaining", { minutes: formatClock(props.item.remainingMs) })}
      </Show>
    </span>
  );
}

/**
 * The live agenda: every item with its status and clock (planned against actual); the chair (and
 * secretaries) start, pause and end items — starting one makes it the current item on every screen.
 * Others choose which item to look at when they do not follow the chair.
 */
export function LiveAgendaPanel(props: {
  docs: run.RunDocs;
  live: LiveAgendaView;
  mayDrive: boolean;
  writable: boolean;
  viewingId: string | null;
  onView: (itemId: string) => void;
}): JSX.Element {
  const { t } = useMeetingsText();
  const [error, setError] = createSignal<string>();
  const attempt = (fn: () => void) => {
    try {
      fn();
      setError(undefined);
    } catch (e) {
      setError(runErrorMessage(t, e));
    }
  };
  return (
    <section class="run-panel live-agenda" aria-labelledby="live-agenda-heading">
      <h2 id="live-agenda-heading">{t("run.agendaHeading")}</h2>
      <Show when={props.mayDrive && props.live.current}>
        {(current) => (
          <div class="button-row chair-controls">
            <Show
              when={props.live.running}
              fallback={
                <button
                  type="button"
                  class="button button-primary"
                  disabled={!props.writable}
                  onClick={() =>
                    attempt(() => run.startItem(props.docs, current().agendaItemId, current().title))
                  }
                >
                  {t("run.resume")}
                </button>
              }
            >
              <button
                type="button"
                class="button"
                disabled={!props.writable}
                onClick={() => attempt(() => run.pauseItem(props.docs))}
              >
                {t("run.pause")}
              </button>
            </Show>
            <button
              type="button"
              class="button"
              disabled={!props.writable}
              onClick={() => attempt(() => run.stopItem(props.docs))}
            >
              {t("run.stop")}
            </button>
          </div>
        )}
      </Show>
      <Show when={error()}>
        <p class="field-error" role="alert">
          {error()}
        </p>
      </Show>
      <ol class="live-items">
        <For each={props.live.items}>
          {(item, index) => (
            <li
              class="live-item"
              classList={{
                current: item.agendaItemId === props.live.currentItemId,
                viewing: item.agendaItemId === props.viewingId,
              }}
              aria-current={item.agendaItemId === props.live.currentItemId ? "step" : undefined}
            >
              <span class="live-item-number" aria-hidden="true">
                {index() + 1}.
              </span>
              <div class="live-item-body">
                <button
                  type="button"
                  class="link-button live-item-title"
                  aria-label={t("run.viewItem", { title: item.title })}
                  aria-pressed={item.agendaItemId === props.viewingId}
                  onClick={() => props.onView(item.agendaItemId)}
                >
                  {item.title}
                </button>
                <span class={`item-status item-${item.status}`}>{t(`run.itemStatus.${item.status}`)}</span>
                <ItemClock item={item} />
              </div>
              <Show when={props.mayDrive && item.agendaItemId !== props.live.currentItemId}>
                <button
                  type="button"
                  class="button button-small"
                  disabled={!props.writable}
                  aria-label={t("run.startItem", { title: item.title })}
                  onClick={() => attempt(() => run.startItem(props.docs, item.agendaItemId, item.title))}
                >
                  {t("run.start")}
                </button>
              </Show>
            </li>
          )}
        </For>
      </ol>
    </section>
  );
}
