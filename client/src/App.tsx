import { Navigate, Route, Router, type RouteSectionProps, useLocation } from "@solidjs/router";
import { type Accessor, createEffect, type JSX, lazy, Match, Suspense, Switch } from "solid-js";
import { AccessEndedView } from "./components/access/AccessEndedView.tsx";
import { LockScreen } from "./components/access/LockScreen.tsx";
import { MeetingLayout } from "./components/meeting/MeetingLayout.tsx";
import { InAppReminders } from "./components/reminders/InAppReminders.tsx";
import { AppShell } from "./components/shell/AppShell.tsx";
import { useI18n } from "./i18n/index.ts";
import { keepNoticesOpen } from "./state/notices.ts";
import { shareLocaleWithServiceWorker, startReminders } from "./state/reminders.ts";
import { accessState, refreshSession, retryErase } from "./state/session.ts";
import type { SyncStatus } from "./state/sync-status.ts";
import { keepLedgersOpen } from "./state/tasks.ts";
import "./components/access/access.css";

// Pages load on demand; the service worker precaches every chunk, so they open offline too.
const MeetingsList = lazy(() => import("./routes/MeetingsList.tsx"));
const MeetingForm = lazy(() => import("./routes/MeetingForm.tsx"));
const MeetingPage = lazy(() => import("./routes/MeetingPage.tsx"));
const MeetingPapers = lazy(() => import("./routes/meeting/Papers.tsx"));
const MeetingOpinions = lazy(() => import("./routes/meeting/Opinions.tsx"));
const MeetingRun = lazy(() => import("./routes/meeting/Run.tsx"));
const MeetingVotes = lazy(() => import("./routes/meeting/Votes.tsx"));
const MeetingConclusion = lazy(() => import("./routes/meeting/Conclusion.tsx"));
const RoomDisplay = lazy(() => import("./routes/RoomDisplay.tsx"));
const PaperViewer = lazy(() => import("./routes/meeting/PaperViewer.tsx"));
const Search = lazy(() => import("./routes/Search.tsx"));
const Consultations = lazy(() => import("./routes/Consultations.tsx"));
const Consultation = lazy(() => import("./routes/Consultation.tsx"));
const Settings = lazy(() => import("./routes/Settings.tsx"));
const TasksHome = lazy(() => import("./routes/tasks/TasksHome.tsx"));
const NewTask = lazy(() => import("./routes/tasks/NewTask.tsx"));
const TaskPage = lazy(() => import("./routes/tasks/TaskPage.tsx"));
const TaskStats = lazy(() => import("./routes/tasks/Stats.tsx"));
const TaskCalendar = lazy(() => import("./routes/tasks/Calendar.tsx"));
const Inbox = lazy(() => import("./routes/Inbox.tsx"));
const NotificationSettings = lazy(() => import("./routes/NotificationSettings.tsx"));
const OpenReminder = lazy(() => import("./routes/OpenReminder.tsx"));
const Profile = lazy(() => import("./routes/Profile.tsx"));
const Join = lazy(() => import("./routes/Join.tsx"));
const NotFound = lazy(() => import("./components/shell/NotFound.tsx"));

/** The room display (/meetings/:id/room): full screen for the big screen, without the shell. */
const isRoomDisplay = (pathname: string) => /^\/meetings\/[^/]+\/room\/?$/.test(pathname);

/** Pages that stay open while meeting data is locked (they show no meeting data). */
const OPEN_WHILE_LOCKED = ["/settings", "/settings/notifications"];

/**
 * Decides what the app shows around a page, from the session (state/session.ts):
 * - `/join` (sign-in) always opens, without the shell;
 * - access ended → the full-screen "access ended" state, nothing else;
 * - no session → `/join`;
 * - locked after too long offline → the shell with the lock screen instead of meeting pages;
 * - otherwise the shell with the page.
 */
function Gate(props: RouteSectionProps & { syncStatus: Accessor<SyncStatus> }): JSX.Element {
  const { t } = useI18n();
  const location = useLocation();
  const locked = () => {
    const s = accessState();
    return s.kind === "locked" ? s : undefined;
  };
  const ended = () => {
    const s = accessState();
    return s.kind === "ended" ? s : undefined;
  };
  return (
    <Switch>
      <Match when={location.pathname === "/join"}>
        <Suspense fallback={<p class="page-loading fullscreen-main">{t("shell.loadingPage")}</p>}>
          {props.children}
        </Suspense>
      </Match>
      <Match when={ended()}>
        {(state) => (
          <AccessEndedView
            ended={state()}
            onSignInAgain={() => globalThis.location.assign("/join")}
            onRetryErase={() => void retryErase()}
          />
        )}
      </Match>
      <Match when={accessState().kind === "checking"}>
        <p class="page-loading fullscreen-main" role="status">
          {t("join.checking")}
        </p>
      </Match>
      <Match when={accessState().kind === "signed-out"}>
        <Navigate href="/join" />
      </Match>
      <Match when={isRoomDisplay(location.pathname) && !locked()}>
        <Suspense fallback={<p class="page-loading fullscreen-main">{t("shell.loadingPage")}</p>}>
          {props.children}
        </Suspense>
      </Match>
      <Match when={true}>
        <AppShell syncStatus={props.syncStatus}>
          <Switch>
            <Match when={locked() && !OPEN_WHILE_LOCKED.includes(location.pathname)}>
              <LockScreen
                lastContactAt={locked()!.lastContactAt}
                days={locked()!.days}
                onRetry={refreshSession}
              />
            </Match>
            <Match when={true}>
              <InAppReminders />
              {props.children}
            </Match>
          </Switch>
        </AppShell>
      </Match>
    </Switch>
  );
}

/** Routes of the app. */
export function App(props: { syncStatus: Accessor<SyncStatus> }): JSX.Element {
  keepLedgersOpen();
  keepNoticesOpen();
  const { locale } = useI18n();
  startReminders(() => locale());
  createEffect(() => shareLocaleWithServiceWorker(locale()));
  return (
    <Router root={(route) => <Gate {...route} syncStatus={props.syncStatus} />}>
      <Route path="/join" component={Join} />
      <Route path="/" component={MeetingsList} />
      <Route path="/meetings/new" component={MeetingForm} />
      <Route path="/meetings/:id/edit" component={MeetingForm} />
      <Route path="/meetings/:id/room" component={RoomDisplay} />
      <Route path="/meetings/:id" component={MeetingLayout}>
        <Route path="/" component={MeetingPage} />
        <Route path="/papers" component={MeetingPapers} />
        <Route path="/papers/:paperId" component={PaperViewer} />
        <Route path="/opinions" component={MeetingOpinions} />
        <Route path="/run" component={MeetingRun} />
        <Route path="/votes" component={MeetingVotes} />
        <Route path="/conclusion" component={MeetingConclusion} />
      </Route>
      <Route path="/search" component={Search} />
      <Route path="/tasks" component={TasksHome} />
      <Route path="/tasks/new" component={NewTask} />
      <Route path="/tasks/stats" component={TaskStats} />
      <Route path="/tasks/calendar" component={TaskCalendar} />
      <Route path="/tasks/:id" component={TaskPage} />
      <Route path="/inbox" component={Inbox} />
      <Route path="/inbox/:id" component={Inbox} />
      <Route path="/consultations" component={Consultations} />
      <Route path="/consultations/:id" component={Consultation} />
      <Route path="/profile" component={Profile} />
      <Route path="/settings" component={Settings} />
      <Route path="/settings/notifications" component={NotificationSettings} />
      <Route path="/open/:type/:id" component={OpenReminder} />
      <Route path="*404" component={NotFound} />
    </Router>
  );
}
