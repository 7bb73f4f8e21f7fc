import { createEffect, createMemo, createSignal, For, type JSX, on, Show } from "solid-js";
import {
  type ConclusionSectionView,
  conclusionView,
  type MeetingRole,
  type TaskView,
} from "../../../../shared/src/index.ts";
import { formatDate, formatTime } from "../../../../shared/src/time.ts";
import {
  type MeetingDocumentKind,
  meetingDocumentHtml,
  meetingDocumentPdf,
} from "../../components/conclusion/documents.ts";
import { Receipts } from "../../components/conclusion/Receipts.tsx";
import { useCurrentMeeting } from "../../components/meeting/MeetingLayout.tsx";
import { createMinuteClock, directory } from "../../components/tasks/format.ts";
import { TaskForm, type TaskSourceInput } from "../../components/tasks/TaskForm.tsx";
import { TaskList } from "../../components/tasks/TaskList.tsx";
import { useI18n } from "../../i18n/index.ts";
import { ActionError } from "../../state/actions.ts";
import {
  approveConclusion,
  editConclusionSection,
  issueConclusion,
  returnConclusionToDraft,
  startConclusionDraft,
} from "../../state/conclusion.ts";
import { accessSubject, canEditMeeting } from "../../state/permissions.ts";
import { currentSession } from "../../state/session.ts";
import { ledgerTasks } from "../../state/tasks.ts";
import { useMeetingVotes } from "../../state/votes.ts";
import { workspaceDoc } from "../../state/workspace.ts";
import "../../components/tasks/tasks.css";

/** A section's collaborative textarea: local typing writes at once; remote edits update it, keeping the caret. */
function SectionEditor(props: {
  section: ConclusionSectionView;
  label: string;
  editable: boolean;
  onInput: (text: string) => void;
  onSelect: (start: number, end: number) => void;
}): JSX.Element {
  let area: HTMLTextAreaElement | undefined;
  // The textarea is not bound to the text (`value=` would put the caret at the end on every remote
  // change); remote edits are applied here, and the caret moves with the text before it.
  createEffect(
    on(
      () => props.section.text,
      (text) => {
        if (!area || area.value === text) return;
        const old = area.value;
        const focused = document.activeElement === area;
        const { selectionStart, selectionEnd } = area;
        let prefix = 0;
        while (prefix < old.length && prefix < text.length && old[prefix] === text[prefix]) prefix++;
        const shift = text.length - old.length;
        const moved = (at: number) => Math.max(0, Math.min(text.length, at > prefix ? at + shift : at));
        area.value = text;
        if (focused) area.setSelectionRange(moved(selectionStart), moved(selectionEnd));
      },
    ),
  );
  const id = `conclusion-${props.section.id}`;
  return (
    <div class="field conclusion-section">
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        ref={(el) => {
          area = el;
          el.value = props.section.text;
        }}
        readOnly={!props.editable}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        onSelect={(e) => props.onSelect(e.currentTarget.selectionStart, e.currentTarget.selectionEnd)}
      />
    </div>
  );
}

/**
 * The meeting's conclusion: the draft, a section per agenda item written together (collaborative text,
 * concurrent edits merge); the chair approves and issues it as the conclusion notice to the units
 * concerned; the notice and the minutes as PDF (Decree 30 layout) or printable HTML; tasks made from a
 * selected directive, linked back to the meeting and the passage.
 */
export default function MeetingConclusion() {
  const { t } = useI18n();
  const source = useCurrentMeeting();
  const votes = useMeetingVotes(source);
  const now = createMinuteClock();
  const view = () => source()?.state.view ?? null;
  const handle = () => source()?.handle();
  const conclusion = createMemo(() => {
    const doc = votes.meetingDoc();
    return doc ? conclusionView(doc) : null;
  });
  const myRole = createMemo<MeetingRole | null>(() => {
    const me = currentSession()?.memberId;
    return view()?.participants.find((p) => p.memberId === me && !p.removedAt)?.role ?? null;
  });
  const editor = () => {
    const v = view();
    return v !== null && canEditMeeting(accessSubject(), v.participants);
  };
  const isChair = () => myRole() === "chair";
  const draft = () => conclusion()?.status === "draft";
  const [message, setMessage] = createSignal<{ kind: "ok" | "warning" | "error"; text: string } | null>(null);
  const run = (fn: () => void, ok?: string) => {
    try {
      fn();
      if (ok) setMessage({ kind: "ok", text: ok });
    } catch (error) {
      setMessage({ kind: "error", text: error instanceof ActionError ? t(error.messageKey) : String(error) });
    }
  };
  const titleOf = (s: ConclusionSectionView) =>
    s.agendaItemId
      ? t("conclusionDraft.sectionLabel", {
          title: view()?.agenda.find((a) => a.id === s.agendaItemId)?.title ?? "",
        })
      : t("conclusionDraft.general");

  // Selection → task.
  const [selection, setSelection] = createSignal<{ sectionId: string; start: number; end: number } | null>(
    null,
  );
  const [taskSource, setTaskSource] = createSignal<TaskSourceInput | null>(null);
  const startTaskFromSelection = () => {
    const sel = selection();
    const section = conclusion()?.sections.find((s) => s.id === sel?.sectionId);
    const meetingId = view()?.id;
    const url = handle()?.url;
    if (!sel || !section || sel.end <= sel.start || !meetingId || !url) {
      setMessage({ kind: "error", text: t("conclusionDraft.noSelection") });
      return;
    }
    setTaskSource({
      meetingId,
      meetingUrl: url,
      passage: {
        sectionId: section.id,
        quote: section.text.slice(sel.start, sel.end),
        start: sel.start,
        end: sel.end,
      },
    });
  };
  const meetingTasks = createMemo<TaskView[]>(() => {
    const id = view()?.id;
    return ledgerTasks()
      .map((x) => x.view)
      .filter((v) => v.source?.meetingId === id && !v.deletedAt);
  });

  // Issue form.
  const dir = createMemo(() => directory());
  const [number, setNumber] = createSignal("");
  const [issuerCode, setIssuerCode] = createSignal("UBND");
  const [place, setPlace] = createSignal("");
  const [signerName, setSignerName] = createSignal("");
  const [signerPosition, setSignerPosition] = createSignal("");
  const [recipients, setRecipients] = createSignal<ReadonlySet<string>>(new Set());
  createEffect(
    on(view, (v) => {
      const chair = v?.participants.find((p) => p.role === "chair");
      if (chair && !signerName()) {
        setSignerName(chair.fullName);
        setSignerPosition(chair.position);
      }
    }),
  );
  /** "Đã ban hành lúc HH:mm ngày dd/MM/yyyy." for an ISO instant, in Asia/Ho_Chi_Minh (24 h). */
  const issuedLine = (at: string) =>
    t("conclusionDraft.issued", { time: formatTime(at), date: formatDate(at) });

  const submitIssue = (e: Event) => {
    e.preventDefault();
    const n = Number(number());
    if (!Number.isInteger(n) || n < 1)
      return setMessage({ kind: "error", text: t("conclusionDraft.numberRequired") });
    if (recipients().size === 0)
      return setMessage({ kind: "error", text: t("conclusionDraft.recipientsRequired") });
    run(
      () =>
        issueConclusion(
          handle(),
          {
            number: n,
            issuerCode: issuerCode().trim().toUpperCase(),
            place: place(),
            signerName: signerName(),
            signerPosition: signerPosition(),
            recipientUnitIds: [...recipients()],
          },
          myRole(),
        ),
      issuedLine(new Date().toISOString()),
    );
  };

  // Documents.
  const [busy, setBusy] = createSignal(false);
  const [pdfLink, setPdfLink] = createSignal<{ href: string; name: string } | null>(null);
  const generate = async (kind: MeetingDocumentKind, format: "pdf" | "html") => {
    const doc = votes.meetingDoc();
    const c = conclusion();
    if (!doc || !c) return;
    setBusy(true);
    setMessage(null);
    const input = {
      meeting: doc,
      participation: votes.participationHandle()?.isReady() ? votes.participationHandle()!.doc() : undefined,
      workspace: workspaceDoc(),
      conclusion: c,
      motions: votes.motions(),
      results: votes.results(),
      now: Date.now(),
    };
    // Open the print window in the click's turn (pop-up blockers), fill it when ready.
    const printWindow = format === "html" ? window.open("", "_blank") : null;
    try {
      if (format === "pdf") {
        const { bytes, omitted } = await meetingDocumentPdf(kind, input);
        if (omitted.length > 0) {
          setMessage({
            kind: "warning",
            text: t("conclusionDraft.omittedChars", { chars: omitted.join(" ") }),
          });
        }
        const href = URL.createObjectURL(
          new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "application/pdf" }),
        );
        const name = `${kind === "notice" ? "thong-bao-ket-luan" : "bien-ban"}.pdf`;
        setPdfLink({ href, name });
        const a = document.createElement("a");
        a.href = href;
        a.download = name;
        a.click();
      } else {
        const html = await meetingDocumentHtml(kind, input);
        if (printWindow) {
          printWindow.document.open();
          printWindow.document.write(html);
          printWindow.document.close();
        }
      }
    } catch (error) {
      printWindow?.close();
      setMessage({ kind: "error", text: `${t("conclusionDraft.generateError")} ${String(error)}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="section-heading">
      <header class="page-header">
        <h1 id="section-heading">{t("conclusionDraft.heading")}</h1>
        <Show when={conclusion()}>
          {(c) => (
            <span class="task-badge open_within_deadline">{t(`conclusionDraft.status.${c().status}`)}</span>
          )}
        </Show>
      </header>
      <div role="status" aria-live="polite">
        <Show when={message()}>
          {(m) => (
            <p class={`notice notice-${{ ok: "success", warning: "warning", error: "danger" }[m().kind]}`}>
              {m().text}
            </p>
          )}
        </Show>
      </div>
      <Show when={!editor()}>
        <p class="field-hint">{t("conclusionDraft.readonly")}</p>
      </Show>
      <Show
        when={(conclusion()?.sections.length ?? 0) > 0}
        fallback={
          <div class="card">
            <p>{t("conclusionDraft.notStarted")}</p>
            <Show when={editor()}>
              <p class="field-hint">{t("conclusionDraft.beginHint")}</p>
              <button
                type="button"
                class="button button-primary"
                onClick={() => run(() => startConclusionDraft(handle()))}
              >
                {t("conclusionDraft.begin")}
              </button>
            </Show>
          </div>
        }
      >
        <p class="field-hint">{t("conclusionDraft.selectHint")}</p>
        <For each={conclusion()?.sections.map((s) => s.id) ?? []}>
          {(id) => {
            const section = () => conclusion()!.sections.find((s) => s.id === id)!;
            return (
              <Show when={conclusion()?.sections.some((s) => s.id === id)}>
                <SectionEditor
                  section={section()}
                  label={titleOf(section())}
                  editable={editor() && draft()}
                  onInput={(text) => run(() => editConclusionSection(handle(), id, text))}
                  onSelect={(start, end) => setSelection({ sectionId: id, start, end })}
                />
              </Show>
            );
          }}
        </For>
        <div class="conclusion-toolbar">
          <Show when={accessSubject() && accessSubject()!.workspaceRole !== "observer"}>
            <button type="button" class="button" onClick={startTaskFromSelection}>
              {t("conclusionDraft.taskFromSelection")}
            </button>
          </Show>
          <Show when={editor() && draft() && (conclusion()?.missingAgendaItemIds.length ?? 0) > 0}>
            <button type="button" class="button" onClick={() => run(() => startConclusionDraft(handle()))}>
              {t("conclusionDraft.addMissing")}
            </button>
          </Show>
          <Show when={isChair() && draft()}>
            <button
              type="button"
              class="button button-primary"
              onClick={() => run(() => approveConclusion(handle(), myRole()))}
            >
              {t("conclusionDraft.approve")}
            </button>
          </Show>
          <Show when={isChair() && conclusion()?.status === "approved"}>
            <button
              type="button"
              class="button"
              onClick={() => run(() => returnConclusionToDraft(handle(), myRole()))}
            >
              {t("conclusionDraft.reopenDraft")}
            </button>
          </Show>
        </div>
      </Show>

      <Show when={taskSource()}>
        {(src) => (
          <section class="task-section" aria-labelledby="conclusion-task-heading">
            <h2 id="conclusion-task-heading">{t("task.formTitle")}</h2>
            <TaskForm
              source={src()}
              initialTitle={src().passage.quote}
              onCreated={() => {
                setTaskSource(null);
                setMessage({ kind: "ok", text: t("task.created") });
              }}
              onCancel={() => setTaskSource(null)}
            />
          </section>
        )}
      </Show>

      <Show when={isChair() && conclusion()?.status === "approved"}>
        <form class="card task-section" onSubmit={submitIssue} aria-labelledby="issue-heading">
          <h2 id="issue-heading">{t("conclusionDraft.issueHeading")}</h2>
          <div class="field-row">
            <div class="field">
              <label for="issue-number">{t("conclusionDraft.number")}</label>
              <input
                id="issue-number"
                type="text"
                inputmode="numeric"
                aria-describedby="issue-number-hint"
                value={number()}
                onInput={(e) => setNumber(e.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for="issue-code">{t("conclusionDraft.code")}</label>
              <input
                id="issue-code"
                type="text"
                aria-describedby="issue-number-hint"
                value={issuerCode()}
                onInput={(e) => setIssuerCode(e.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for="issue-place">{t("conclusionDraft.place")}</label>
              <input
                id="issue-place"
                type="text"
                value={place()}
                onInput={(e) => setPlace(e.currentTarget.value)}
              />
            </div>
          </div>
          <p id="issue-number-hint" class="field-hint">
            {t("conclusionDraft.numberHint")}
          </p>
          <div class="field-row">
            <div class="field">
              <label for="issue-signer">{t("conclusionDraft.signer")}</label>
              <input
                id="issue-signer"
                type="text"
                value={signerName()}
                onInput={(e) => setSignerName(e.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for="issue-position">{t("conclusionDraft.signerPosition")}</label>
              <input
                id="issue-position"
                type="text"
                value={signerPosition()}
                onInput={(e) => setSignerPosition(e.currentTarget.value)}
              />
            </div>
          </div>
          <fieldset class="field">
            <legend>{t("conclusionDraft.recipients")}</legend>
            <For each={dir().units.filter((u) => !u.disabled)}>
              {(u) => (
                <label>
                  <input
                    type="checkbox"
                    checked={recipients().has(u.id)}
                    onChange={(e) => {
                      const next = new Set(recipients());
                      if (e.currentTarget.checked) next.add(u.id);
                      else next.delete(u.id);
                      setRecipients(next);
                    }}
                  />{" "}
                  {u.name}
                </label>
              )}
            </For>
          </fieldset>
          <button type="submit" class="button button-primary">
            {t("conclusionDraft.issue")}
          </button>
        </form>
      </Show>
      <Show when={conclusion()?.issue}>
        {(issue) => (
          <p class="notice notice-success">
            {issuedLine(issue().at)}{" "}
            {t("inbox.toUnits", {
              units: issue()
                .recipientUnitIds.map((u) => dir().unitName(u))
                .join(", "),
            })}
          </p>
        )}
      </Show>

      <Show when={editor() && view()?.id}>{(id) => <Receipts meetingId={id()} />}</Show>

      <section class="task-section" aria-labelledby="documents-heading">
        <h2 id="documents-heading">{t("conclusionDraft.documents")}</h2>
        <div class="task-actions">
          <button
            type="button"
            class="button"
            disabled={busy()}
            onClick={() => void generate("notice", "pdf")}
          >
            {t("conclusionDraft.noticePdf")}
          </button>
          <button
            type="button"
            class="button"
            disabled={busy()}
            onClick={() => void generate("notice", "html")}
          >
            {t("conclusionDraft.noticeHtml")}
          </button>
          <button
            type="button"
            class="button"
            disabled={busy()}
            onClick={() => void generate("minutes", "pdf")}
          >
            {t("conclusionDraft.minutesPdf")}
          </button>
          <button
            type="button"
            class="button"
            disabled={busy()}
            onClick={() => void generate("minutes", "html")}
          >
            {t("conclusionDraft.minutesHtml")}
          </button>
        </div>
        <Show when={busy()}>
          <p role="status">{t("conclusionDraft.generating")}</p>
        </Show>
        <Show when={pdfLink()}>
          {(link) => (
            <p>
              <a href={link().href} download={link().name}>
                {link().name}
              </a>
            </p>
          )}
        </Show>
      </section>

      <section class="task-section" aria-labelledby="meeting-tasks-heading">
        <h2 id="meeting-tasks-heading">{t("conclusionDraft.tasksFromMeeting")}</h2>
        <TaskList tasks={meetingTasks()} now={now()} dir={dir()} />
      </section>
    </section>
  );
}
