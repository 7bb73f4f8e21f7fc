/// <reference lib="webworker" />
import { clientsClaim } from "workbox-core";
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";
import { handleNotificationClick, showPushNotification } from "./pwa/sw-reminders.ts";

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

// Reminders (issue 9): a push shows the reminder with its actions; an action runs here, offline too
// (pwa/sw-reminders.ts). A notificationclick dispatched by a test is not trusted and cannot waitUntil:
// the work then runs without it.
self.addEventListener("push", (event: PushEvent) => {
  event.waitUntil(showPushNotification(self, event.data?.text()));
});

self.addEventListener("notificationclick", (event: NotificationEvent) => {
  const done = handleNotificationClick(self, event.notification, event.action);
  try {
    event.waitUntil(done);
  } catch {
    void done;
  }
});
