import { A } from "@solidjs/router";
import { createMemo, createSignal, For, Show } from "solid-js";
import {
  type AgendaItemId,
  allowedNextStatuses,
  directoryMembers,
  type MeetingStatus,
  type MemberView,
  type ParticipantId,
} from "../../../shared/src/index.ts";
import { AgendaList } from "../components/meeting/AgendaList.tsx";
import { DocStateNotice } from "../components/meeting/DocStateNotice.tsx";
import { errorMessage } from "../components/meeting/errors.ts";
import { formatMeetingTime } from "../components/meeting/format.ts";
import { useMeetingsText } from "../components/meeting/i18n.ts";
import { MeetingHistory } from "../components/meeting/MeetingHistory.tsx";
import { useCurrentMeeting } from "../components/meeting/MeetingLayout.tsx";
import { ParticipantsList } from "../components/meeting/ParticipantsList.tsx";
import { StatusBadge } from "../components/meeting/StatusBadge.tsx";
import * as actions from "../state/actions.ts";
import { isWritable, meetingPath } from "../state/meetings.ts";
import { accessSubject, canEditMeeting } from "../state/permissions.ts";
import { workspaceDoc } from "../state/workspace.ts";
import "../components/meeting/meeting.css";
import { isWebUrl } from "../components/meeting/meetingForm.ts";

/**
 * One meeting: details, status with its allowed next steps, participants, the agenda and the change
 * history. Every write goes through state/actions.ts. Edits are offered only to members the relay would
 * accept them from (shared `isAllowed`: the meeting's chair and secretaries, workspace admins and
 * secretaries); a document newer than this app, or older and waiting for the relay's migration, is
 * shown read-only, a damaged one only as an error.
 */
export default function MeetingPage() {
  const { t } = useMeetingsText();
  const source = useCurrentMeeting();
  const [statusError, setStatusError] = createSignal<string>();
  const [statusNote, setStatusNote] = createSignal("");
  const members = createMemo<readonly MemberView[]>(() => {
    const doc = workspaceDoc();
    try {
      return doc?.members ? directoryMembers(doc) : [];
    } catch {
      return [];
    }
  });

  /** The handle for a write; actions refuse unreadable or newer documents themselves. */
  const handle = () => {
    const h = source()?.handle();
    if (!h) throw new actions.ActionError("not_found", "meeting not loaded");
    return h;
  };

  const changeStatus = (status: MeetingStatus) => {
    try {
      actions.setMeetingStatus(handle(), status);
      setStatusError(undefined);
      setStatusNote(t("meeting.statusChanged", { status: t(`status.${status}`) }));
    } catch (e) {
      setStatusError(errorMessage(t, e));
    }
  };

  return (
    <div class="meeting-page">
      <Show
        when={source()}
        fallback={
          <div class="notice notice-danger doc-state" role="alert">
            <p>{t("error.not_found")}</p>
          </div>
        }
      >
        {(src) => (
          <>
            <Show when={!src().state.view}>
              <h1 class="visually-hidden">{t("meeting.details")}</h1>
              <DocStateNotice state={src().state} />
            </Show>
            <Show when={src().state.view}>
              {(view) => {
                const mayEdit = () => canEditMeeting(accessSubject(), view().participants);
                const readOnly = () => !isWritable(src().state) || !mayEdit();
                return (
                  <article class="meeting" aria-labelledby="meeting-title">
                    <header class="meeting-header">
                      <div class="meeting-header-top">
                        <span class="meeting-kind">{t(`kind.${view().kind}`)}</span>
                        <StatusBadge status={view().status} />
                      </div>
                      <h1 id="meeting-title">{view().title}</h1>
                      <Show when={view().issuingBody}>
                        <p class="meeting-issuing-body">{view().issuingBody}</p>
                      </Show>
                      <Show when={!readOnly()}>
                        <A href={`${meetingPath(src().state.documentId)}/edit`} class="button meeting-edit">
                          {t("meeting.edit")}
                        </A>
                      </Show>
                    </header>
                    <Show when={src().state.status === "newer" || src().state.status === "older"}>
                      <DocStateNotice state={src().state} />
                    </Show>
                    <Show when={isWritable(src().state) && accessSubject() && !mayEdit()}>
                      <p class="notice notice-info doc-state meeting-view-only">{t("meeting.viewOnly")}</p>
                    </Show>

                    <div class="meeting-layout">
                      <section class="meeting-details" aria-labelledby="details-heading">
                        <h2 id="details-heading">{t("meeting.details")}</h2>
                        <dl class="details-list">
                          <div>
                            <dt>{t("meeting.time")}</dt>
                            <dd>
                              <time datetime={view().startsAt}>{formatMeetingTime(t, view())}</time>
                            </dd>
                          </div>
                          <div>
                            <dt>{t("meeting.location")}</dt>
                            <dd>{view().location || t("meeting.noLocation")}</dd>
                          </div>
                          {/* Only http(s) links become links: the document may hold anything a writer put there. */}
                          <Show when={isWebUrl(view().onlineLink ?? "") ? view().onlineLink : null}>
                            {(link) => (
                              <div>
                                <dt>{t("meeting.onlineLink")}</dt>
                                <dd>
                                  <a
                                    href={link()}
                                    target="_blank"
                                    rel="noopener noreferrer"
                                    class="online-link"
                                  >
                                    {link()}
                                  </a>
                                </dd>
                              </div>
                            )}
                          </Show>
                          <div>
                            <dt>{t("meeting.issuingBody")}</dt>
                            <dd>{view().issuingBody || "—"}</dd>
                          </div>
                          <div>
                            <dt>{t("meeting.kind")}</dt>
                            <dd>{t(`kind.${view().kind}`)}</dd>
                          </div>
                          <div>
                            <dt>{t("meeting.status")}</dt>
                            <dd>
                              <StatusBadge status={view().status} />
                            </dd>
                          </div>
                        </dl>
                        <Show when={!readOnly() && allowedNextStatuses(view().status).length > 0}>
                          <fieldset class="status-actions">
                            <legend>{t("meeting.nextStatus")}</legend>
                            <For each={allowedNextStatuses(view().status)}>
                              {(next) => (
                                <button type="button" class="button" onClick={() => changeStatus(next)}>
                                  {t(`transition.${next}`)}
                                </button>
                              )}
                            </For>
                          </fieldset>
                        </Show>
                        <Show when={statusError()}>
                          <p class="action-error" role="alert">
                            {statusError()}
                          </p>
                        </Show>
                        <p class="visually-hidden" role="status">
                          {statusNote()}
                        </p>
                      </section>

                      <AgendaList
                        items={view().agenda}
                        deletedItems={view().deletedAgenda}
                        plannedMinutesTotal={view().plannedMinutesTotal}
                        readOnly={readOnly()}
                        onMove={(id, toIndex) =>
                          actions.moveAgendaItem(handle(), id as AgendaItemId, toIndex)
                        }
                        onAdd={(input) => {
                          actions.addAgendaItem(handle(), input);
                        }}
                        onEdit={(id, patch) => actions.editAgendaItem(handle(), id as AgendaItemId, patch)}
                        onRemove={(id) => actions.removeAgendaItem(handle(), id as AgendaItemId)}
                        onRestore={(id) => actions.restoreAgendaItem(handle(), id as AgendaItemId)}
                      />
                      <ParticipantsList
                        participants={view().participants}
                        members={members()}
                        readOnly={readOnly()}
                        onAdd={(input) => {
                          actions.addParticipant(handle(), input);
                        }}
                        onRemove={(id) => actions.removeParticipant(handle(), id as ParticipantId)}
                      />
                    </div>
                    <MeetingHistory handle={src().handle()} />
                  </article>
                );
              }}
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}
