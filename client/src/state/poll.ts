import { type Accessor, createEffect, onCleanup } from "solid-js";

/** How often an open secret ballot's turnout ("x/y người đã bỏ phiếu") is asked of the relay, in ms. */
export const SECRET_BALLOT_POLL_MS = 5000;

/**
 * Calls `refresh` every `everyMs` milliseconds while `active()` is true, the browser is online
 * (`navigator.onLine`) and the page is visible; also at once when the browser comes back online or the
 * page becomes visible again. Must be called inside a Solid owner (a component); stops on its cleanup.
 * For relay state that no document carries (e.g. a secret ballot's turnout, which the relay keeps only
 * in its ballot box until the seal).
 */
export function pollWhileOnline(active: Accessor<boolean>, refresh: () => unknown, everyMs: number): void {
  const usable = () =>
    (globalThis.navigator?.onLine ?? true) && globalThis.document?.visibilityState !== "hidden";
  createEffect(() => {
    if (!active()) return;
    const tick = () => {
      if (usable()) refresh();
    };
    const timer = setInterval(tick, everyMs);
    globalThis.addEventListener?.("online", tick);
    globalThis.document?.addEventListener("visibilitychange", tick);
    onCleanup(() => {
      clearInterval(timer);
      globalThis.removeEventListener?.("online", tick);
      globalThis.document?.removeEventListener("visibilitychange", tick);
    });
  });
}
