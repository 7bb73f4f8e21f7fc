import type { CommonDict } from "../vi/common.ts";

/** English strings of the app shell, sync indicator, update prompt and settings; same shape as Vietnamese. */
export const common: CommonDict = {
  app: {
    name: "HọpSố",
    tagline: "Paperless meetings",
    homeLink: "HọpSố — go to meetings",
  },
  shell: {
    skipToContent: "Skip to main content",
    navLabel: "Main navigation",
    menu: "Menu",
    loadingPage: "Loading page…",
    pageFailed: "This page could not be loaded.",
    reloadPage: "Reload page",
  },
  nav: {
    meetings: "Meetings",
    profile: "Profile",
    settings: "Settings",
  },
  language: {
    label: "Language",
    vi: "Tiếng Việt",
    en: "English",
  },
  sync: {
    label: "Sync status",
    offline: "Offline",
    offlineNetwork: "This device has no network. Changes are saved here and sent when the network is back.",
    offlineRelay: "Cannot reach the server. Changes are saved on this device; reconnecting.",
    connecting: "Connecting…",
    syncing: "Syncing…",
    synced: "Synced",
    pending: (a: { count: number }) =>
      a.count === 1 ? "1 change not yet on the server" : `${a.count} changes not yet on the server`,
    lastSynced: (a: { time: string }) => `Last synced ${a.time}`,
    neverSynced: "Never synced",
  },
  update: {
    available: "A new version of HọpSố is available.",
    apply: "Update",
    later: "Later",
    applying: "Updating…",
    updatedElsewhere: "HọpSố was updated in another window. Reload to use the new version.",
    reload: "Reload",
    offlineReady: "HọpSố is ready to work offline.",
    dismiss: "Close",
  },
  workspace: {
    loading: "Opening your organization's data…",
    noSession: "This device is not signed in.",
    notFound:
      "Your organization's data is not on this device yet. The first start needs the HọpSố server; connect to the network and try again.",
    invalid: "Your organization's data is damaged; the app will not write to it, so nothing is lost.",
    newer: "This data was written by a newer version of HọpSố and is read-only here. Please update the app.",
    older:
      "Waiting for the server to update the data. Your organization's data still has an older structure, so it is read-only for now; the server updates it when this device connects.",
    replaced: "The server now serves different organization data. Reload to open it.",
    retry: "Try again",
  },
  settings: {
    title: "Settings",
    languageHeading: "Display language",
    storageHeading: "Storage on this device",
    storageIntro:
      "Meetings and documents are stored on this device so they work offline. Persistent storage stops the browser from deleting them when space runs low.",
    persisted: "Persistent storage: on. The browser will not delete HọpSố's data by itself.",
    notPersisted: "Persistent storage: off. The browser may delete data when space runs low.",
    persistUnknown: "Checking persistent storage…",
    persistUnsupported: "This browser does not support persistent storage.",
    requestPersist: "Request persistent storage",
    requesting: "Requesting…",
    persistGranted: "The browser granted persistent storage.",
    persistDenied:
      "The browser declined. Install HọpSố to the home screen or use it regularly, then try again.",
    usage: (a: { used: string; quota: string; percent: string }) =>
      `Using ${a.used} of ${a.quota} allowed (${a.percent}).`,
    usageLoading: "Measuring storage use…",
    usageUnknown: "Storage use could not be read.",
    aboutHeading: "About",
    version: "Version",
    revision: "Build",
  },
  notFound: {
    title: "Page not found",
    body: "This address does not exist in HọpSố.",
    back: "Back to meetings",
  },
};
