import { Route, Router } from "@solidjs/router";
import { type Accessor, type JSX, lazy } from "solid-js";
import { AppShell } from "./components/shell/AppShell.tsx";
import type { SyncStatus } from "./data/sync-status.ts";

// Pages load on demand; the service worker precaches every chunk, so they open offline too.
const MeetingsList = lazy(() => import("./routes/MeetingsList.tsx"));
const MeetingForm = lazy(() => import("./routes/MeetingForm.tsx"));
const MeetingPage = lazy(() => import("./routes/MeetingPage.tsx"));
const Settings = lazy(() => import("./routes/Settings.tsx"));
const NotFound = lazy(() => import("./components/shell/NotFound.tsx"));

/** Routes of the app inside the shell. */
export function App(props: { syncStatus: Accessor<SyncStatus> }): JSX.Element {
  return (
    <Router root={(route) => <AppShell syncStatus={props.syncStatus}>{route.children}</AppShell>}>
      <Route path="/" component={MeetingsList} />
      <Route path="/meetings/new" component={MeetingForm} />
      <Route path="/meetings/:id" component={MeetingPage} />
      <Route path="/meetings/:id/edit" component={MeetingForm} />
      <Route path="/settings" component={Settings} />
      <Route path="*404" component={NotFound} />
    </Router>
  );
}
