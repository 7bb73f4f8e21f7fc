/**
 * Builds the conclusion notice (thông báo kết luận) and the minutes (biên bản) of a meeting as Decree
 * 30/2020/NĐ-CP documents, as PDF (pdf-lib with the embedded Tinos font) or printable HTML. The
 * document code (shared/src/documents, pdf-lib, fontkit) and the fonts are loaded only when a document
 * is asked for; the service worker precaches them, so it works offline.
 */
import type { Doc } from "@automerge/automerge-repo";
import {
  attendanceView,
  type ConclusionView,
  compileOpinions,
  localDateOf,
  type MeetingDoc,
  type MeetingView,
  type MotionResultState,
  type MotionView,
  meetingView,
  type ParticipationDoc,
  VIETNAM_CALENDAR,
  type WorkspaceDoc,
} from "../../../../shared/src/index.ts";

type DocumentsModule = typeof import("../../../../shared/src/documents/index.ts");

let modules: Promise<DocumentsModule> | undefined;
let fonts: Promise<import("../../../../shared/src/documents/index.ts").DocumentFonts> | undefined;

function documentsModule(): Promise<DocumentsModule> {
  modules ??= import("../../../../shared/src/documents/index.ts");
  return modules;
}

/** The four Tinos faces, fetched once from our own origin (Vite `?url`; precached by the service worker). */
async function documentFonts() {
  fonts ??= (async () => {
    const [{ loadDocumentFonts }, regular, bold, italic, boldItalic] = await Promise.all([
      documentsModule(),
      import("@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf?url"),
      import("@expo-google-fonts/tinos/700Bold/Tinos_700Bold.ttf?url"),
      import("@expo-google-fonts/tinos/400Regular_Italic/Tinos_400Regular_Italic.ttf?url"),
      import("@expo-google-fonts/tinos/700Bold_Italic/Tinos_700Bold_Italic.ttf?url"),
    ]);
    const urls = {
      regular: regular.default,
      bold: bold.default,
      italic: italic.default,
      boldItalic: boldItalic.default,
    };
    return loadDocumentFonts(async (_file, face) => {
      const res = await fetch(urls[face]);
      if (!res.ok) throw new Error(`font ${face}: HTTP ${res.status}`);
      return res.arrayBuffer();
    });
  })();
  fonts.catch(() => {
    fonts = undefined;
  });
  return fonts;
}

/** Everything the two documents are made of, read from the meeting's documents on this device. */
export interface MeetingDocumentsInput {
  readonly meeting: Doc<MeetingDoc>;
  readonly participation: Doc<ParticipationDoc> | undefined;
  readonly workspace: Doc<WorkspaceDoc> | undefined;
  readonly conclusion: ConclusionView;
  readonly motions: readonly MotionView[];
  readonly results: ReadonlyMap<string, MotionResultState>;
  /** Clock, ms UTC (the document date when not issued yet, the PDF's dates). */
  readonly now: number;
}

const unitNames = (ws: Doc<WorkspaceDoc> | undefined, ids: readonly string[]) =>
  ids.map((id) => ws?.units?.[id]?.name ?? id);

function chairOf(view: MeetingView) {
  const chair = view.participants.find((p) => p.role === "chair" && !p.removedAt);
  return { fullName: chair?.fullName ?? "", position: chair?.position ?? "" };
}

function sectionsOf(input: MeetingDocumentsInput, view: MeetingView) {
  const titles = new Map(view.agenda.map((a) => [a.id, a.title]));
  return input.conclusion.sections
    .filter((s) => s.text.trim() !== "")
    .map((s) => ({ heading: s.agendaItemId ? (titles.get(s.agendaItemId) ?? null) : null, text: s.text }));
}

async function noticeDocument(input: MeetingDocumentsInput) {
  const d = await documentsModule();
  const view = meetingView(input.meeting);
  const issue = input.conclusion.issue;
  const chair = chairOf(view);
  return d.conclusionNoticeDocument({
    issuer: {
      superior: null,
      name: view.issuingBody || input.workspace?.name || "",
      code: issue?.issuerCode ?? "UBND",
    },
    number: issue?.number ?? null,
    place: issue?.place ?? "",
    date: localDateOf(issue ? Date.parse(issue.at) : input.now, VIETNAM_CALENDAR.timeZone),
    meeting: view,
    chair,
    sections: sectionsOf(input, view),
    signature: {
      authority: [issue?.signerPosition || chair.position || "CHỦ TRÌ"],
      fullName: issue?.signerName ?? chair.fullName,
    },
    recipients: [...unitNames(input.workspace, issue?.recipientUnitIds ?? []), "Lưu: VT"],
  });
}

async function minutesDocument(input: MeetingDocumentsInput) {
  const d = await documentsModule();
  const view = meetingView(input.meeting);
  const participation = input.participation;
  // Attendance, opinions and votes live in the participation document: no minutes without it.
  if (!participation) throw new Error("the meeting's participation document is not on this device");
  const attendance = attendanceView(input.meeting, participation);
  const opinions = view.agenda.map((a) =>
    compileOpinions(participation, input.meeting, { agendaItemId: a.id, questionId: null }),
  );
  const votes = input.motions.flatMap((m) => {
    const r = input.results.get(m.motion.id);
    return r?.kind === "counted"
      ? [{ agendaItemId: m.motion.agendaItemId, title: m.motion.title, result: r.result }]
      : [];
  });
  const notes = Object.fromEntries(
    input.conclusion.sections.filter((s) => s.agendaItemId).map((s) => [s.agendaItemId!, s.text]),
  );
  const issue = input.conclusion.issue;
  return d.minutesDocument({
    issuer: {
      superior: null,
      name: view.issuingBody || input.workspace?.name || "",
      code: issue?.issuerCode ?? "UBND",
    },
    number: null,
    place: issue?.place ?? "",
    date: localDateOf(Date.parse(view.startsAt), VIETNAM_CALENDAR.timeZone),
    meeting: view,
    attendance,
    opinions,
    votes,
    notes,
    recipients: ["Lưu: VT"],
  });
}

/** Which document. */
export type MeetingDocumentKind = "notice" | "minutes";

/**
 * The document as a PDF file (bytes), Decree 30 layout with the fonts embedded. Characters the embedded
 * Tinos font cannot draw (emoji, CJK…) are left out rather than printed as empty boxes, and named in
 * `omitted` so the secretary can be told (each once, in order of appearance; empty when none).
 * @throws whatever the composer or pdf-lib throws (shown to the user as "could not generate")
 */
export async function meetingDocumentPdf(
  kind: MeetingDocumentKind,
  input: MeetingDocumentsInput,
): Promise<{ bytes: Uint8Array; omitted: string[] }> {
  const d = await documentsModule();
  const composed = kind === "notice" ? await noticeDocument(input) : await minutesDocument(input);
  const fontFiles = await documentFonts();
  const { doc, omitted } = d.withoutUnsupportedCharacters(composed, fontFiles);
  return { bytes: await d.renderDocumentPdf(doc, fontFiles, { now: input.now }), omitted };
}

/** The document as a self-contained printable HTML page. */
export async function meetingDocumentHtml(
  kind: MeetingDocumentKind,
  input: MeetingDocumentsInput,
): Promise<string> {
  const d = await documentsModule();
  const doc = kind === "notice" ? await noticeDocument(input) : await minutesDocument(input);
  return d.renderDocumentHtml(doc);
}
