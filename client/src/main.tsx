import { render } from "solid-js/web";
import { App } from "./App.tsx";
import { relay, repo } from "./state/repo.ts";
import { initSession } from "./state/session.ts";
import { createSyncStatusTracker } from "./state/sync-status.ts";
// Registers the workspace's start-of-session hook before the session starts.
import "./state/workspace.ts";
// Registers the background download of meeting papers (offline by default) for the session start.
import "./state/paper-sync.ts";
import { registerServiceWorker } from "./pwa/register.ts";
import { initPersistence } from "./pwa/storage.ts";
import "./styles/global.css";
import "./styles/shell.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

const sync = createSyncStatusTracker(repo, relay, { storage: localStorage, events: window });

// With a session: sync starts and the workspace opens (offline too); without one: sign-in.
initSession();
initPersistence().catch(() => {});
registerServiceWorker();
// Offline search: each paper's text is extracted once when its bytes reach this device.
import("./search/start.ts")
  .then((m) => m.startIndexing())
  .catch((error: unknown) => console.error("paper search indexing did not start", error));

render(() => <App syncStatus={sync.status} />, root);
