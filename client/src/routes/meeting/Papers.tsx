import { A } from "@solidjs/router";
import { createEffect, createMemo, createSignal, For, Show } from "solid-js";
import {
  currentPapers,
  type MeetingDoc,
  type PaperId,
  type PaperKind,
  type PaperView,
  papersWithNewVersion,
  paperVersions,
  receiptState,
} from "../../../../shared/src/index.ts";
import { MeetingAnnotations } from "../../components/annotations/MeetingAnnotations.tsx";
import { DocStateNotice } from "../../components/meeting/DocStateNotice.tsx";
import { errorMessage } from "../../components/meeting/errors.ts";
import { useMeetingsText } from "../../components/meeting/i18n.ts";
import { useCurrentMeeting } from "../../components/meeting/MeetingLayout.tsx";
import { AttachPapers } from "../../components/papers/AttachPapers.tsx";
import { OfflineStatus } from "../../components/papers/OfflineStatus.tsx";
import { PaperList } from "../../components/papers/PaperList.tsx";
import { useParticipationDoc } from "../../components/papers/participation.ts";
import { ReceiptsTable } from "../../components/papers/ReceiptsTable.tsx";
import { createUploads } from "../../components/papers/upload.ts";
import { PaperSearch } from "../../components/search/PaperSearch.tsx";
import { scopeOfMeeting } from "../../search/scope.ts";
import { createDocSignal, createNow, isWritable, meetingPath } from "../../state/meetings.ts";
import { localPaperHashes, trackMeeting } from "../../state/paper-sync.ts";
import { placePaper, removePaperSeries } from "../../state/papers.ts";
import { accessSubject, canEditMeeting } from "../../state/permissions.ts";
import { currentSession } from "../../state/session.ts";
import "../../components/papers/papers.css";

/**
 * The meeting's papers (tài liệu họp): what is on this device, a notice for papers with a new version
 * the member has not read, the papers by agenda item (each opening the viewer), and for the chair and
 * secretaries adding papers, replacing them with new versions, and who received and opened them.
 */
export default function MeetingPapers() {
  const { t } = useMeetingsText();
  const source = useCurrentMeeting();
  const now = createNow();
  const [actionError, setActionError] = createSignal<string>();
  const handle = () => source()?.handle();
  const doc = createMemo(() => {
    const h = handle();
    return h ? createDocSignal<MeetingDoc>(h) : undefined;
  });
  const meetingDoc = () => doc()?.();
  const participation = useParticipationDoc(meetingDoc);
  const memberId = () => currentSession()?.memberId ?? null;
  const view = () => source()?.state.view ?? null;
  const canEdit = () => {
    const v = view();
    const s = source();
    return !!v && !!s && isWritable(s.state) && canEditMeeting(accessSubject(), v.participants);
  };
  const papers = createMemo<readonly PaperView[]>(() => {
    const d = meetingDoc();
    try {
      return d ? currentPapers(d) : [];
    } catch {
      return [];
    }
  });
  const withNewVersion = createMemo(() => {
    const d = meetingDoc();
    const m = memberId();
    return d && m ? papersWithNewVersion(d, participation(), m) : [];
  });
  const uploads = createUploads(handle, memberId);
  /** Offline search within this meeting's papers (issue 4, item 8). */
  const searchScope = createMemo(() => {
    const d = meetingDoc();
    const s = source();
    try {
      return d && s ? scopeOfMeeting(s.state.documentId, view()?.title ?? "", d) : [];
    } catch {
      return [];
    }
  });

  createEffect(() => {
    const h = handle();
    if (h) trackMeeting(h);
  });

  const guarded = (fn: () => void) => {
    try {
      fn();
      setActionError(undefined);
    } catch (e) {
      setActionError(errorMessage(t, e));
    }
  };

  return (
    <section class="papers-page" aria-labelledby="section-heading">
      <h1 id="section-heading">{t("tabs.papers")}</h1>
      <Show when={source()}>{(s) => <DocStateNotice state={s().state} />}</Show>
      <Show when={view()}>
        {(v) => (
          <>
            <p class="hint">{t("papers.intro")}</p>
            <Show when={withNewVersion().length > 0}>
              <div class="new-version-notice" role="status">
                <p>{t("papers.newVersionNotice", { count: withNewVersion().length })}</p>
                <ul>
                  <For each={withNewVersion()}>
                    {(p) => (
                      <li>
                        <A href={`${meetingPath(source()!.state.documentId)}/papers/${p.id}`}>{p.name}</A> (
                        {t("papers.version", { version: p.version })})
                      </li>
                    )}
                  </For>
                </ul>
              </div>
            </Show>
            <OfflineStatus documentId={source()!.state.documentId} past={Date.parse(v().endsAt) < now()} />
            <Show when={papers().length > 0}>
              <PaperSearch scope={searchScope} label={t("paperSearch.meetingLabel")} />
            </Show>
            <Show when={actionError()}>
              <p class="form-error-summary" role="alert">
                {actionError()}
              </p>
            </Show>
            <Show when={canEdit()}>
              <AttachPapers
                agenda={v().agenda}
                items={uploads.items()}
                onFiles={(files, target) => void uploads.add(files, target)}
                onDismiss={(key) => uploads.dismiss(key)}
              />
            </Show>
            <PaperList
              papers={papers()}
              context={{
                basePath: meetingPath(source()!.state.documentId),
                timeZone: v().timeZone,
                agenda: v().agenda,
                versionsOf: (seriesId) => {
                  const d = meetingDoc();
                  return d ? paperVersions(d, seriesId).filter((x) => !x.deletedAt) : [];
                },
                isLocal: (hash) => localPaperHashes().has(hash),
                hasNewVersion: (id) => withNewVersion().some((p) => p.id === id),
                isOpened: (id) => {
                  const m = memberId();
                  return !!m && receiptState(participation(), m, id) === "opened";
                },
                canEdit: canEdit(),
                onReplace: (paper, file) =>
                  void uploads.add([file], {
                    kind: paper.kind,
                    agendaItemId: paper.agendaItemId,
                    replaces: paper.id as PaperId,
                  }),
                onMove: (paper, placement: { kind: PaperKind; agendaItemId: string | null }) =>
                  guarded(() => placePaper(handle()!, paper.id as PaperId, placement)),
                onRemove: (paper) => {
                  if (!globalThis.confirm?.(t("papers.removeConfirm", { name: paper.name }))) return;
                  guarded(() => removePaperSeries(handle()!, paper.id as PaperId));
                },
              }}
            />
            <Show when={canEdit() && papers().length > 0}>
              <ReceiptsTable
                papers={papers()}
                participants={v().participants}
                participation={participation()}
              />
            </Show>
          </>
        )}
      </Show>
      <MeetingAnnotations source={source} meetingDoc={meetingDoc} />
    </section>
  );
}
