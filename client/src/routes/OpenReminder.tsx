import { Navigate, useParams, useSearchParams } from "@solidjs/router";
import { type JSX, Show } from "solid-js";
import { type WorkspaceDoc, workspaceMeetingUrls } from "../../../shared/src/index.ts";
import { useI18n } from "../i18n/index.ts";
import { meetingPath } from "../state/meetings.ts";
import { workspaceDoc } from "../state/workspace.ts";

/** The app path of a meeting by its meeting id (the workspace index maps it to its document). */
function meetingRoute(doc: WorkspaceDoc | undefined, meetingId: string | undefined): string | undefined {
  if (!doc || !meetingId) return undefined;
  const entry = workspaceMeetingUrls(doc).find((e) => e.meetingId === meetingId);
  return entry ? meetingPath(entry.url) : undefined;
}

/**
 * /open/:type/:id — where a reminder (notification or in-app) leads: a meeting or its votes by meeting id,
 * a task in the task list. Resolves through the local workspace document, so it works offline.
 */
export default function OpenReminder(): JSX.Element {
  const { t } = useI18n();
  const params = useParams<{ type: string; id: string }>();
  const [search] = useSearchParams<{ meeting?: string }>();
  const target = (): string | undefined => {
    switch (params.type) {
      case "meeting":
        return meetingRoute(workspaceDoc(), params.id);
      case "vote": {
        const m = meetingRoute(workspaceDoc(), search.meeting);
        return m ? `${m}/votes` : undefined;
      }
      case "task":
        return `/tasks/${encodeURIComponent(params.id)}`;
      default:
        return "/";
    }
  };
  return (
    <Show when={target()} fallback={<p role="status">{t("shell.loadingPage")}</p>}>
      {(href) => <Navigate href={href()} />}
    </Show>
  );
}
