import { A, type RouteSectionProps, useLocation, useParams } from "@solidjs/router";
import { type Accessor, createContext, For, type JSX, Show, useContext } from "solid-js";
import { type MeetingSource, meetingPath, useMeeting } from "../../state/meetings.ts";
import { useMeetingsText } from "./i18n.ts";
import "./meeting.css";

/**
 * The sections of a meeting, one tab each, in the order a meeting runs: before (overview, papers,
 * opinions), during (run, votes), after (conclusion). `path` is appended to `/meetings/:id`.
 */
export const MEETING_TABS = [
  { path: "", label: "tabs.overview" },
  { path: "/papers", label: "tabs.papers" },
  { path: "/opinions", label: "tabs.opinions" },
  { path: "/run", label: "tabs.run" },
  { path: "/votes", label: "tabs.votes" },
  { path: "/conclusion", label: "tabs.conclusion" },
] as const;

/** The meeting loaded once by the layout, for every section page under it. */
const MeetingContext = createContext<Accessor<MeetingSource | undefined>>();

/**
 * The meeting open in the current section page (from {@link MeetingLayout}). Throws when used outside
 * a `/meetings/:id/…` route, which is a programming error.
 */
export function useCurrentMeeting(): Accessor<MeetingSource | undefined> {
  const source = useContext(MeetingContext);
  if (!source) throw new Error("useCurrentMeeting() outside MeetingLayout");
  return source;
}

/**
 * The frame of every meeting section: back link, the meeting's title, and the section tabs (a
 * navigation landmark; the current one has `aria-current="page"`). Each section page renders its own
 * `h1` below. The tabs scroll sideways on narrow screens and are ordinary links, so keyboard, touch and
 * screen readers need nothing special.
 */
export function MeetingLayout(props: RouteSectionProps): JSX.Element {
  const { t } = useMeetingsText();
  const params = useParams<{ id: string }>();
  const location = useLocation();
  const source = useMeeting(() => params.id);
  const base = () => meetingPath(params.id);
  const isCurrent = (path: string) => {
    const here = location.pathname.replace(/\/+$/, "");
    return path === "" ? here === base() : here === base() + path || here.startsWith(`${base() + path}/`);
  };
  return (
    <MeetingContext.Provider value={source}>
      <div class="meeting-frame">
        <p class="back-link">
          <A href="/">
            <span aria-hidden="true">←</span>
            {t("meeting.back")}
          </A>
        </p>
        <Show when={source()?.state.view}>{(view) => <p class="meeting-frame-title">{view().title}</p>}</Show>
        <nav class="meeting-tabs" aria-label={t("tabs.label")}>
          <ul>
            <For each={MEETING_TABS}>
              {(tab) => (
                <li>
                  <A
                    href={base() + tab.path}
                    end={tab.path === ""}
                    classList={{ "meeting-tab": true, active: isCurrent(tab.path) }}
                    aria-current={isCurrent(tab.path) ? "page" : undefined}
                  >
                    {t(tab.label)}
                  </A>
                </li>
              )}
            </For>
          </ul>
        </nav>
        {props.children}
      </div>
    </MeetingContext.Provider>
  );
}
