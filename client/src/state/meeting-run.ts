/**
 * Running a meeting, on the client: the meeting's participation document as a reactive source, and the
 * writes of issue 6 (invitation answers, check-in, roll call, live agenda, speaking requests,
 * discussion questions, opinions). Like state/actions.ts, this is the only place these calls
 * `handle.change`: every write reads the clock here (`Date.now()`), refuses a document that is not
 * loaded, invalid, newer or older than this app, and turns a `DomainError` into an {@link ActionError}
 * (a refused change rolls back whole). Change messages are Vietnamese: the meeting's history shows them.
 */
import {
  type AutomergeUrl,
  type Doc,
  type DocHandle,
  isValidAutomergeUrl,
  type Repo,
} from "@automerge/automerge-repo";
import { type Accessor, createEffect, createMemo, createSignal, on } from "solid-js";
import {
  type AgendaItemId,
  type AttendanceMarkInput,
  addDiscussionQuestion,
  checkIn as checkInEntry,
  type DiscussionQuestionId,
  DomainError,
  deleteOpinion as deleteOpinionEntry,
  dismissSpeakingRequest,
  editOpinion as editOpinionEntry,
  endSpeakingTurn,
  grantFloor as grantFloorEvent,
  type InvitationAnswer,
  type MeetingDoc,
  markAttendance as markAttendanceEntry,
  meetingMigrations,
  type OpinionId,
  type OpinionInput,
  orderSpeakingRequest,
  type ParticipationDoc,
  participationMigrations,
  pauseAgendaItem,
  postOpinion as postOpinionEntry,
  type QuorumRuleInput,
  ReasonCode,
  removeDiscussionQuestion,
  replyToOpinion as replyToOpinionEntry,
  requestToSpeak as requestToSpeakEntry,
  respondToInvitation as respondToInvitationEntry,
  type SelfCheckInStatus,
  type SpeakingRequestId,
  type Stance,
  schemaState,
  setQuorumRule as setQuorumRuleInDoc,
  setSpeakingLimits as setSpeakingLimitsInDoc,
  startAgendaItem,
  stopAgendaItem,
  str,
  validateMeeting,
  validateParticipation,
  withdrawSpeakingRequest,
} from "../../../shared/src/index.ts";
import { ActionError } from "./actions.ts";
import type { MeetingSource } from "./meetings.ts";
import { docSignal } from "./meetings.ts";
import { repo as defaultRepo } from "./repo.ts";
import { currentSession } from "./session.ts";

// ---------------------------------------------------------------- reading

/** The meeting and participation documents of one meeting, raw, for shared/'s selectors. */
export interface RunDocs {
  readonly meeting: Accessor<Doc<MeetingDoc> | undefined>;
  readonly participation: Accessor<Doc<ParticipationDoc> | undefined>;
  readonly meetingHandle: Accessor<DocHandle<MeetingDoc> | undefined>;
  readonly participationHandle: Accessor<DocHandle<ParticipationDoc> | undefined>;
  /** Both loaded, valid and of this app's schema: writes may be offered. */
  readonly writable: Accessor<boolean>;
}

/**
 * The raw documents behind a meeting page: the meeting's own, and its participation document (found
 * through `participationUrl`, so it syncs and stays in IndexedDB for offline use).
 */
export function useRunDocs(source: Accessor<MeetingSource | undefined>, repo: Repo = defaultRepo): RunDocs {
  const meetingHandle = () => source()?.handle();
  const meeting = docSignal(meetingHandle);
  const participationUrl = createMemo(() => {
    const url = str(meeting()?.participationUrl);
    return url && isValidAutomergeUrl(url) ? (url as AutomergeUrl) : undefined;
  });
  // A signal, not a resource: a resource would suspend the page until the document is found.
  const [found, setFound] = createSignal<DocHandle<ParticipationDoc> | undefined>();
  createEffect(
    on(participationUrl, (url) => {
      if (!url) return;
      repo.find<ParticipationDoc>(url, { allowableStates: ["ready", "unavailable"] }).then(
        (h) => {
          if (participationUrl() === url) setFound(() => h);
        },
        () => undefined,
      );
    }),
  );
  const participationHandle = () => found();
  const participation = docSignal(participationHandle);
  const writable = createMemo(() => {
    const m = meeting();
    const p = participation();
    return (
      !!m &&
      !!p &&
      schemaState(m, meetingMigrations).kind === "current" &&
      schemaState(p, participationMigrations).kind === "current" &&
      validateMeeting(m).ok &&
      validateParticipation(p).ok
    );
  });
  return { meeting, participation, meetingHandle, participationHandle, writable };
}

/** The signed-in member's id, or throws (no write without a session). */
function me(): string {
  const memberId = currentSession()?.memberId;
  if (!memberId) throw new ActionError(ReasonCode.ReadOnly, "not signed in");
  return memberId;
}

// ---------------------------------------------------------------- guarded writes

function toActionError(error: unknown): ActionError {
  if (error instanceof ActionError) return error;
  if (error instanceof DomainError) {
    const issues = (error.details?.issues as { path: string; message: string }[] | undefined) ?? [];
    return new ActionError(error.code, error.message, issues, { cause: error });
  }
  if (error instanceof RangeError)
    return new ActionError(ReasonCode.InvalidInput, error.message, [], { cause: error });
  return new ActionError("unknown", error instanceof Error ? error.message : String(error), [], {
    cause: error,
  });
}

function assertWritable<D extends { schemaVersion?: number }>(
  handle: DocHandle<D> | undefined,
  migrations: Parameters<typeof schemaState>[1],
  validate: (doc: unknown) => { ok: boolean },
  what: string,
): DocHandle<D> {
  if (!handle?.isReady()) throw new ActionError(ReasonCode.NotFound, `${what} is not loaded`);
  const state = schemaState(handle.doc() as never, migrations);
  if (state.kind === "newer") throw new ActionError(ReasonCode.NewerSchema, `${what} is newer than this app`);
  if (state.kind === "older") throw new ActionError("awaiting_migration", `${what} waits for the relay`);
  if (!validate(handle.doc()).ok) throw new ActionError(ReasonCode.InvalidDocument, `${what} is invalid`);
  return handle;
}

/** One guarded change with the clock read here; returns what `write` returns. */
function change<D, R>(handle: DocHandle<D>, message: string, write: (doc: D, now: number) => R): R {
  try {
    const now = Date.now();
    let result: R | undefined;
    handle.change(
      (doc) => {
        result = write(doc as D, now);
      },
      { message },
    );
    return result as R;
  } catch (error) {
    throw toActionError(error);
  }
}

function meetingW(docs: RunDocs): DocHandle<MeetingDoc> {
  try {
    return assertWritable(docs.meetingHandle(), meetingMigrations as never, validateMeeting, "meeting");
  } catch (e) {
    throw toActionError(e);
  }
}

function participationW(docs: RunDocs): DocHandle<ParticipationDoc> {
  try {
    return assertWritable(
      docs.participationHandle(),
      participationMigrations as never,
      validateParticipation,
      "participation",
    );
  } catch (e) {
    throw toActionError(e);
  }
}

/** The meeting document as it is now (read only), for participation writes that check it. */
function meetingNow(docs: RunDocs): MeetingDoc {
  return meetingW(docs).doc() as MeetingDoc;
}

const quoted = (text: string) => {
  const t = text.trim().replace(/\s+/g, " ");
  return t.length > 60 ? `${t.slice(0, 59)}…` : t;
};

const ATTENDANCE_NAMES: Record<string, string> = {
  present: "có mặt",
  remote: "trực tuyến",
  absent_with_reason: "vắng có lý do",
  absent: "vắng",
  deputy: "cử người dự thay",
};

// ---------------------------------------------------------------- invitation and attendance

/** The signed-in member answers the invitation (confirm, decline with a reason, or a deputy). */
export function answerInvitation(docs: RunDocs, answer: InvitationAnswer): void {
  const meeting = meetingNow(docs);
  const names = { confirmed: "xác nhận dự họp", declined: "báo vắng", deputy: "cử người dự thay" };
  change(participationW(docs), `Trả lời giấy mời: ${names[answer.response]}`, (doc, now) =>
    respondToInvitationEntry(doc, meeting, me(), answer, now),
  );
}

/** The signed-in member checks in on this device: in the room, or online (remote). */
export function checkIn(docs: RunDocs, status: SelfCheckInStatus): void {
  change(participationW(docs), `Điểm danh: ${ATTENDANCE_NAMES[status]}`, (doc, now) =>
    checkInEntry(doc, me(), status, now),
  );
}

/** The secretary (or chair) marks a participant's attendance. */
export function markAttendance(
  docs: RunDocs,
  participantId: string,
  fullName: string,
  mark: AttendanceMarkInput,
): void {
  change(meetingW(docs), `Điểm danh ${quoted(fullName)}: ${ATTENDANCE_NAMES[mark.status]}`, (doc, now) =>
    markAttendanceEntry(doc, participantId, mark, now),
  );
}

/** Sets the meeting's quorum rule (null: the default for its kind). */
export function setQuorumRule(docs: RunDocs, rule: QuorumRuleInput | null): void {
  change(meetingW(docs), "Đặt quy tắc đủ số lượng", (doc) => setQuorumRuleInDoc(doc, rule));
}

// ---------------------------------------------------------------- live agenda

/** The chair starts (or resumes) an agenda item: it becomes the current item on every screen. */
export function startItem(docs: RunDocs, itemId: string, title: string): void {
  change(meetingW(docs), `Bắt đầu nội dung: ${quoted(title)}`, (doc, now) =>
    startAgendaItem(doc, itemId as AgendaItemId, now),
  );
}

/** The chair pauses the current item's clock. */
export function pauseItem(docs: RunDocs): void {
  change(meetingW(docs), "Tạm dừng nội dung", (doc, now) => pauseAgendaItem(doc, now));
}

/** The chair ends the current item. */
export function stopItem(docs: RunDocs): void {
  change(meetingW(docs), "Kết thúc nội dung", (doc, now) => stopAgendaItem(doc, now));
}

// ---------------------------------------------------------------- speaking requests

/** The chair sets the meeting's speaking limit and warning, whole seconds (limit 0 = none). */
export function setSpeakingLimits(docs: RunDocs, limitSeconds: number, warningSeconds: number): void {
  change(meetingW(docs), `Đặt thời gian phát biểu: ${limitSeconds} giây`, (doc) =>
    setSpeakingLimitsInDoc(doc, { limitSeconds, warningSeconds }),
  );
}

/** The signed-in member asks for the floor on the current item. */
export function requestFloor(docs: RunDocs, note: string): SpeakingRequestId {
  const meeting = meetingNow(docs);
  return change(participationW(docs), "Đăng ký phát biểu", (doc, now) =>
    requestToSpeakEntry(doc, meeting, me(), { note }, now),
  );
}

/** The signed-in member withdraws their waiting request. */
export function withdrawFloorRequest(docs: RunDocs, requestId: string): void {
  change(participationW(docs), "Rút đăng ký phát biểu", (doc, now) =>
    withdrawSpeakingRequest(doc, me(), requestId as SpeakingRequestId, now),
  );
}

function floorChange(
  docs: RunDocs,
  message: string,
  write: (doc: MeetingDoc, participation: ParticipationDoc, now: number) => void,
): void {
  const participation = docs.participationHandle();
  if (!participation?.isReady()) throw new ActionError(ReasonCode.NotFound, "participation is not loaded");
  const p = participation.doc() as ParticipationDoc;
  change(meetingW(docs), message, (doc, now) => write(doc, p, now));
}

/** The chair gives the floor (the speaking timer starts with the meeting's limits). */
export function grantFloor(docs: RunDocs, requestId: string, fullName: string): void {
  floorChange(docs, `Mời phát biểu: ${quoted(fullName)}`, (doc, p, now) =>
    grantFloorEvent(doc, p, requestId as SpeakingRequestId, now),
  );
}

/** The chair ends the current turn. */
export function endTurn(docs: RunDocs, requestId: string, fullName: string): void {
  floorChange(docs, `Kết thúc phát biểu: ${quoted(fullName)}`, (doc, p, now) =>
    endSpeakingTurn(doc, p, requestId as SpeakingRequestId, now),
  );
}

/** The chair drops a waiting request. */
export function dismissRequest(docs: RunDocs, requestId: string, fullName: string): void {
  floorChange(docs, `Bỏ đăng ký phát biểu: ${quoted(fullName)}`, (doc, p, now) =>
    dismissSpeakingRequest(doc, p, requestId as SpeakingRequestId, now),
  );
}

/** The chair moves a waiting request to `toIndex` in the queue (0 = next). */
export function moveRequest(docs: RunDocs, requestId: string, toIndex: number): void {
  floorChange(docs, `Sắp xếp lượt phát biểu → vị trí ${toIndex + 1}`, (doc, p, now) =>
    orderSpeakingRequest(doc, p, requestId as SpeakingRequestId, toIndex, now),
  );
}

// ---------------------------------------------------------------- discussion questions and opinions

/** The secretary adds a discussion question to an agenda item. */
export function addQuestion(docs: RunDocs, agendaItemId: string, text: string): DiscussionQuestionId {
  return change(meetingW(docs), `Thêm vấn đề xin ý kiến: ${quoted(text)}`, (doc, now) =>
    addDiscussionQuestion(doc, { agendaItemId, text }, now),
  );
}

/** The secretary removes a discussion question (soft). */
export function removeQuestion(docs: RunDocs, questionId: string): void {
  change(meetingW(docs), "Xóa vấn đề xin ý kiến", (doc, now) =>
    removeDiscussionQuestion(doc, questionId as DiscussionQuestionId, now),
  );
}

/** The signed-in member posts an opinion on an item or one of its questions. */
export function postOpinion(docs: RunDocs, input: OpinionInput): OpinionId {
  const meeting = meetingNow(docs);
  return change(participationW(docs), "Gửi ý kiến", (doc, now) =>
    postOpinionEntry(doc, meeting, me(), input, now),
  );
}

/** The signed-in member replies to an opinion. */
export function replyToOpinion(docs: RunDocs, parentId: string, text: string): OpinionId {
  const meeting = meetingNow(docs);
  return change(participationW(docs), "Trả lời ý kiến", (doc, now) =>
    replyToOpinionEntry(doc, meeting, me(), parentId as OpinionId, { text }, now),
  );
}

/** The signed-in member edits their own opinion. */
export function editOpinion(
  docs: RunDocs,
  opinionId: string,
  patch: { text?: string; stance?: Stance },
): void {
  change(participationW(docs), "Sửa ý kiến", (doc, now) =>
    editOpinionEntry(doc, me(), opinionId as OpinionId, patch, now),
  );
}

/** The signed-in member deletes their own opinion (soft; replies keep their thread). */
export function deleteOpinion(docs: RunDocs, opinionId: string): void {
  change(participationW(docs), "Xóa ý kiến", (doc, now) =>
    deleteOpinionEntry(doc, me(), opinionId as OpinionId, now),
  );
}
