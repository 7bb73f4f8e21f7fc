import { A, useNavigate, useParams } from "@solidjs/router";
import { createMemo, createResource, Show } from "solid-js";
import { DEFAULT_TIME_ZONE, directoryMembers, type MemberView } from "../../../shared/src/index.ts";
import { DocStateNotice } from "../components/meeting/DocStateNotice.tsx";
import { UserFacingError } from "../components/meeting/errors.ts";
import { useMeetingsText } from "../components/meeting/i18n.ts";
import { MeetingDetailsForm } from "../components/meeting/MeetingDetailsForm.tsx";
import { changedDetails, emptyMeetingForm, formValuesFromView } from "../components/meeting/meetingForm.ts";
import * as actions from "../state/actions.ts";
import { isWritable, meetingPath, useMeeting } from "../state/meetings.ts";
import { accessSubject, canEditMeeting, mayCreateMeetings } from "../state/permissions.ts";
import { repo } from "../state/repo.ts";
import { isWorkspaceReadOnly, workspaceDoc, workspaceHandle } from "../state/workspace.ts";
import "../components/meeting/meeting.css";

/**
 * "/meetings/new" creates a meeting (details and participants picked from the workspace directory);
 * "/meetings/:id/edit" edits the details of an existing one, writing only the fields that changed. Both
 * go to the meeting page after saving. Each is offered only to members who may do it (creating:
 * workspace admins and secretaries; editing: as the meeting page).
 */
export default function MeetingForm() {
  const params = useParams<{ id?: string }>();
  return (
    <Show when={params.id} fallback={<CreateMeeting />}>
      {(id) => <EditMeeting id={id()} />}
    </Show>
  );
}

function CreateMeeting() {
  const { t } = useMeetingsText();
  const navigate = useNavigate();
  // The workspace's name is the usual issuing body; it is only a default the user can change.
  const [workspaceName] = createResource(async () => {
    try {
      return (await workspaceHandle()).doc().name ?? "";
    } catch {
      return "";
    }
  });
  const members = createMemo<readonly MemberView[]>(() => {
    const doc = workspaceDoc();
    try {
      return doc?.members ? directoryMembers(doc) : [];
    } catch {
      return [];
    }
  });
  return (
    <div class="meeting-form-page">
      <p class="back-link">
        <A href="/">
          <span aria-hidden="true">←</span>
          {t("meeting.back")}
        </A>
      </p>
      <h1>{t("form.createHeading")}</h1>
      <Show when={!mayCreateMeetings() && accessSubject()}>
        <p class="notice notice-info doc-state" role="status">
          {t("form.notAllowed")}
        </p>
      </Show>
      <Show when={!workspaceName.loading && mayCreateMeetings() && !isWorkspaceReadOnly()}>
        <MeetingDetailsForm
          mode="create"
          initial={emptyMeetingForm(workspaceName() ?? "")}
          timeZone={DEFAULT_TIME_ZONE}
          members={members()}
          onSubmit={async ({ input, participants }) => {
            const workspace = await workspaceHandle().catch(() => {
              throw new UserFacingError(t("list.workspaceUnavailable"));
            });
            const { handle } = actions.createMeeting(repo, workspace, input, participants);
            navigate(meetingPath(handle.url));
          }}
          onCancel={() => navigate("/")}
        />
      </Show>
    </div>
  );
}

function EditMeeting(props: { id: string }) {
  const { t } = useMeetingsText();
  const navigate = useNavigate();
  const source = useMeeting(() => props.id);
  const back = () => navigate(meetingPath(props.id));
  return (
    <div class="meeting-form-page">
      <p class="back-link">
        <A href={meetingPath(props.id)}>
          <span aria-hidden="true">←</span>
          {source()?.state.view?.title ?? t("meeting.back")}
        </A>
      </p>
      <h1>{t("form.editHeading")}</h1>
      <Show when={source()} fallback={<p role="alert">{t("error.not_found")}</p>}>
        {(src) => (
          <Show
            when={
              isWritable(src().state) &&
              src().state.view &&
              canEditMeeting(accessSubject(), src().state.view?.participants ?? [])
                ? src().state.view
                : undefined
            }
            fallback={
              <Show
                when={src().state.view && isWritable(src().state)}
                fallback={<DocStateNotice state={src().state} />}
              >
                <p class="notice notice-info doc-state">{t("meeting.viewOnly")}</p>
              </Show>
            }
          >
            {(view) => (
              // Keyed on the document, not on its changes: a remote edit while typing must not reset the form.
              <MeetingDetailsForm
                mode="edit"
                initial={formValuesFromView(view())}
                timeZone={view().timeZone}
                onSubmit={({ input }) => {
                  const h = src().handle();
                  const current = src().state.view;
                  if (!h || !current) throw new actions.ActionError("not_found", "meeting not loaded");
                  const patch = changedDetails(current, { ...input, timeZone: current.timeZone });
                  if (Object.keys(patch).length > 0) actions.updateMeetingDetails(h, patch);
                  back();
                }}
                onCancel={back}
              />
            )}
          </Show>
        )}
      </Show>
    </div>
  );
}
