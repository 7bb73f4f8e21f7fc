import { type Accessor, createSignal } from "solid-js";
import { Workbox } from "workbox-window";

/**
 * Service worker registration and the update flow.
 *
 * A new version installs in the background and then waits. The app shows "update available"; only the
 * user's click sends SKIP_WAITING to the waiting worker, and only then does this tab reload (when the
 * new worker takes control). The app never reloads by itself: if another tab applied the update, this
 * tab is told and offers a reload button instead, because its lazily loaded chunks may be gone from
 * the new precache.
 */

/** The "ready to work offline" note is informative only; it goes away by itself after this (ms). */
const OFFLINE_READY_NOTE_MS = 10_000;

/** How often a long-open app asks the server for a new version (ms). */
const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000;

const [updateWaiting, setUpdateWaiting] = createSignal(false);
const [updatedElsewhere, setUpdatedElsewhere] = createSignal(false);
const [offlineReady, setOfflineReady] = createSignal(false);
const [applying, setApplying] = createSignal(false);

export interface PwaUpdateState {
  /** A new version is installed and waiting for the user's go-ahead. */
  updateWaiting: Accessor<boolean>;
  /** Another tab applied an update; this tab still runs the old code and should be reloaded. */
  updatedElsewhere: Accessor<boolean>;
  /** The first install finished: the app now works offline. */
  offlineReady: Accessor<boolean>;
  /** The user clicked "update"; waiting for the new worker to take control. */
  applying: Accessor<boolean>;
}

export const pwaUpdateState: PwaUpdateState = { updateWaiting, updatedElsewhere, offlineReady, applying };

let workbox: Workbox | undefined;
let userAskedForUpdate = false;

/**
 * Registers /sw.js (production builds only: the dev server serves no service worker). Safe to call once
 * at start-up; does nothing where service workers are unsupported.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator) || workbox) return;
  const wb = new Workbox("/sw.js", { scope: "/" });
  workbox = wb;

  wb.addEventListener("waiting", () => setUpdateWaiting(true));
  wb.addEventListener("installed", (event) => {
    if (event.isUpdate || event.isExternal) return;
    setOfflineReady(true);
    setTimeout(() => setOfflineReady(false), OFFLINE_READY_NOTE_MS);
  });

  // The page was controlled by an older worker when it loaded, so a controller change means a new
  // version took over. (On a first visit the worker claims the page: no previous controller, no update.)
  let controlled = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    const wasControlled = controlled;
    controlled = true;
    if (!wasControlled) return;
    if (userAskedForUpdate) {
      window.location.reload();
    } else {
      setUpdateWaiting(false);
      setUpdatedElsewhere(true);
    }
  });

  wb.register()
    .then((registration) => {
      if (!registration) return;
      const check = () => {
        registration.update().catch(() => {}); // offline: try again later
      };
      setInterval(check, UPDATE_CHECK_INTERVAL_MS);
      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "visible") check();
      });
    })
    .catch((error: unknown) => {
      console.error("service worker registration failed", error);
    });
}

/** The user chose "update": activate the waiting worker; this tab reloads when it takes control. */
export function applyUpdate(): void {
  if (!workbox) return;
  userAskedForUpdate = true;
  setApplying(true);
  workbox.messageSkipWaiting();
}

/** The user chose "later": hide the prompt until the next new version. */
export function postponeUpdate(): void {
  setUpdateWaiting(false);
}

export function dismissOfflineReady(): void {
  setOfflineReady(false);
}
