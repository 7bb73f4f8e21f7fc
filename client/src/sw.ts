/// <reference lib="webworker" />
import { clientsClaim } from "workbox-core";
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";

/**
 * HọpSố's service worker (built by vite-plugin-pwa's injectManifest from this file).
 *
 * - Precaches the whole built app: shell, every JS chunk, CSS, icons and the Automerge wasm (the build
 *   fails if any of them is missing from the manifest, see vite.config.ts).
 * - Answers every navigation (deep links such as /meetings/…) with the precached index.html, so the app
 *   reloads offline; relay endpoints are never answered from the cache.
 * - Updates only when the page asks (SKIP_WAITING after the user clicks "update"); never on its own.
 */
declare const self: ServiceWorkerGlobalScope;

cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);

/** Paths served by the relay itself; a navigation there must reach the network. */
const RELAY_PATHS = [/^\/api(\/|$)/, /^\/sync(\/|$)/, /^\/healthz(\/|$)/];

registerRoute(new NavigationRoute(createHandlerBoundToURL("index.html"), { denylist: RELAY_PATHS }));

self.addEventListener("message", (event: ExtendableMessageEvent) => {
  if ((event.data as { type?: unknown } | null)?.type === "SKIP_WAITING") void self.skipWaiting();
});

// A first install takes control of the page that installed it, so it works offline without a reload.
// Updates never reach this point before the user's SKIP_WAITING.
clientsClaim();

// Seam for the reminders issue: `push` (show the notification from the payload) and
// `notificationclick` (focus or open the app at the task, or run the action offline against the
// local ledger) handlers go here, next to the routes above.
