import { type Accessor, createEffect, createSignal, type JSX, onCleanup, untrack } from "solid-js";
import type { SyncStatus } from "../../state/sync-status.ts";
import { SyncIndicatorView } from "./SyncIndicatorView.tsx";

/**
 * While connected, each edit is normally acknowledged by the relay within ~100–300 ms. Showing
 * "1 change not yet on the server" for that instant would make the indicator flicker (and a screen
 * reader speak) on every keystroke, so a pending state that follows a synced one is shown only if it
 * lasts longer than this. Offline, the count is shown at once.
 */
export const PENDING_HOLD_MS = 800;

/** Returns `source`, except that a short-lived `pending` right after `synced`/`syncing` is held back. */
export function holdBriefPending(
  source: Accessor<SyncStatus>,
  holdMs: number = PENDING_HOLD_MS,
): Accessor<SyncStatus> {
  const [shown, setShown] = createSignal<SyncStatus>(untrack(source));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  createEffect(() => {
    const next = source();
    const current = untrack(shown);
    if (next.kind === "pending" && (current.kind === "synced" || current.kind === "syncing")) {
      timer ??= setTimeout(() => {
        timer = undefined;
        setShown(source());
      }, holdMs);
      return;
    }
    cancel();
    setShown(next);
  });
  onCleanup(cancel);
  return shown;
}

/** The always-visible sync indicator of the app shell. */
export function SyncIndicator(props: { status: Accessor<SyncStatus> }): JSX.Element {
  const shown = holdBriefPending(() => props.status());
  return <SyncIndicatorView status={shown()} />;
}
