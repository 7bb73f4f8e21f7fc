import { render } from "solid-js/web";
import { App } from "./App.tsx";
import { relay, repo } from "./data/repo.ts";
import { createSyncStatusTracker } from "./data/sync-status.ts";
import { workspaceHandle } from "./data/workspace.ts";
import { registerServiceWorker } from "./pwa/register.ts";
import { initPersistence } from "./pwa/storage.ts";
import "./styles/global.css";
import "./styles/shell.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

const sync = createSyncStatusTracker(repo, relay, { storage: localStorage, events: window });

// Start opening the workspace at once; pages await the same promise, the shell shows failures.
workspaceHandle().catch(() => {});
initPersistence().catch(() => {});
registerServiceWorker();

render(() => <App syncStatus={sync.status} />, root);
