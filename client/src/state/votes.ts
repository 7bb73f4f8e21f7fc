/**
 * Votes in the app: reactive reading of a meeting's motions, votes and results (every device computes
 * the result itself from the documents, see shared/src/votes/results.ts), and the only writes votes make:
 * motions in the meeting document, signed votes in the participation document, secret ballots to the
 * relay. Like state/actions.ts, this reads the clock here and passes it to the domain as `now`, and turns
 * refusals into {@link ActionError}s whose `code` the UI shows from its catalog.
 */
import { getHeads } from "@automerge/automerge/slim";
import type { AutomergeUrl, Doc, DocHandle } from "@automerge/automerge-repo/slim";
import { type Accessor, createMemo, createResource } from "solid-js";
import {
  castVote as castVoteInDoc,
  closeMotion as closeMotionInDoc,
  computeMotionResult,
  createMotion as createMotionInDoc,
  DomainError,
  deleteMotion as deleteMotionInDoc,
  type MeetingDoc,
  type MotionId,
  type MotionInput,
  type MotionResultState,
  type MotionView,
  meetingMotions,
  openMotion as openMotionInDoc,
  type ParticipationDoc,
  presentMembers,
  ReasonCode,
  readDeviceKeys,
  readVotes,
  type SecretBallotStatus,
  signVote,
  str,
  type Vote,
  validateMeeting,
} from "../../../shared/src/index.ts";
import { ActionError } from "./actions.ts";
import { ApiError, api } from "./api.ts";
import { deviceKey } from "./device-key.ts";
import type { MeetingSource } from "./meetings.ts";
import { docSignal } from "./meetings.ts";
import { repo } from "./repo.ts";
import { currentSession } from "./session.ts";
import { workspaceDoc } from "./workspace.ts";

/** A meeting's votes as the votes page reads them. */
export interface MeetingVotes {
  readonly meetingHandle: Accessor<DocHandle<MeetingDoc> | undefined>;
  readonly participationHandle: Accessor<DocHandle<ParticipationDoc> | undefined>;
  readonly meetingDoc: Accessor<Doc<MeetingDoc> | undefined>;
  /** Every motion of the meeting, in creation order. */
  readonly motions: Accessor<readonly MotionView[]>;
  /** Each motion's result on this device, by motion id (recomputed on every change). */
  readonly results: Accessor<ReadonlyMap<string, MotionResultState>>;
  /** This member's latest vote per motion (the one that counts if it is timely and valid). */
  readonly myVotes: Accessor<ReadonlyMap<string, Vote>>;
  /** Whether the participation document is open on this device (voting possible). */
  readonly ready: Accessor<boolean>;
}

/**
 * The motions, results and this member's votes of one meeting. Opens the meeting's participation
 * document; the device key directory comes from the workspace document (published by the relay).
 */
export function useMeetingVotes(source: Accessor<MeetingSource | undefined>): MeetingVotes {
  const meetingHandle = () => source()?.handle();
  const meetingDoc = docSignal(meetingHandle);
  const participationUrl = createMemo(() => str(meetingDoc()?.participationUrl));
  const [participationHandle] = createResource(participationUrl, (url) =>
    repo.find<ParticipationDoc>(url as AutomergeUrl).catch(() => undefined),
  );
  const participationDoc = docSignal<ParticipationDoc>(() => participationHandle());
  const motions = createMemo<readonly MotionView[]>(() => {
    const doc = meetingDoc();
    return doc ? meetingMotions(doc) : [];
  });
  const deviceKeys = createMemo(() => readDeviceKeys(workspaceDoc()));
  const [results] = createResource(
    () => ({
      motions: motions(),
      participation: participationDoc(),
      keys: deviceKeys(),
      meeting: meetingDoc(),
    }),
    async ({ motions: list, participation, keys, meeting }) => {
      const out = new Map<string, MotionResultState>();
      if (!participation || !meeting) return out;
      const present = presentMembers(meeting, participation);
      for (const m of list) {
        out.set(
          m.motion.id,
          await computeMotionResult({ motion: m, participation, deviceKeys: keys, presentNow: present }),
        );
      }
      return out;
    },
  );
  const myVotes = createMemo<ReadonlyMap<string, Vote>>(() => {
    const me = currentSession()?.memberId;
    const p = participationDoc();
    const out = new Map<string, Vote>();
    if (!me || !p) return out;
    for (const v of readVotes(p)) {
      if (v.memberId !== me) continue;
      const seen = out.get(v.motionId);
      if (!seen || v.castAt > seen.castAt) out.set(v.motionId, v);
    }
    return out;
  });
  return {
    meetingHandle,
    participationHandle: () => participationHandle(),
    meetingDoc,
    motions,
    results: () => results.latest ?? new Map(),
    myVotes,
    ready: () => participationDoc() !== undefined,
  };
}

function toActionError(error: unknown): ActionError {
  if (error instanceof ActionError) return error;
  if (error instanceof DomainError) {
    const issues = (error.details?.issues as ActionError["issues"] | undefined) ?? [];
    return new ActionError(error.code, error.message, issues, { cause: error });
  }
  return new ActionError("unknown", error instanceof Error ? error.message : String(error), [], {
    cause: error,
  });
}

function quoted(text: string): string {
  const t = text.trim().replace(/\s+/g, " ");
  return t.length > 80 ? `${t.slice(0, 79)}…` : t;
}

function changeMeeting<T>(
  handle: DocHandle<MeetingDoc> | undefined,
  message: string,
  write: (doc: MeetingDoc, now: number) => T,
): T {
  try {
    if (!handle?.isReady()) throw new ActionError(ReasonCode.NotFound, "meeting is not loaded");
    const validation = validateMeeting(handle.doc());
    if (!validation.ok)
      throw new ActionError(ReasonCode.InvalidDocument, "meeting document failed validation");
    const now = Date.now();
    let result: T | undefined;
    handle.change(
      (doc) => {
        result = write(doc, now);
      },
      { message },
    );
    return result as T;
  } catch (error) {
    throw toActionError(error);
  }
}

/** Creates a motion (not yet open). @throws ActionError(invalid_input | not_found | …) */
export function createMotion(handle: DocHandle<MeetingDoc> | undefined, input: MotionInput): MotionId {
  return changeMeeting(handle, `Tạo vấn đề biểu quyết: ${quoted(input.title)}`, (doc, now) =>
    createMotionInDoc(doc, input, now),
  );
}

/** Deletes a motion that was never opened. @throws ActionError(invalid_transition | …) */
export function deleteMotion(handle: DocHandle<MeetingDoc> | undefined, motion: MotionView): void {
  changeMeeting(handle, `Xóa vấn đề biểu quyết: ${quoted(motion.motion.title)}`, (doc, now) =>
    deleteMotionInDoc(doc, motion.motion.id, now),
  );
}

/**
 * The chair opens a motion, optionally with a time limit in minutes.
 * @throws ActionError(invalid_transition | invalid_input | …)
 */
export function openMotion(
  handle: DocHandle<MeetingDoc> | undefined,
  motion: MotionView,
  limitMinutes: number | null,
): void {
  const me = currentSession()?.memberId ?? "";
  changeMeeting(handle, `Mở biểu quyết: ${quoted(motion.motion.title)}`, (doc, now) =>
    openMotionInDoc(
      doc,
      motion.motion.id,
      { openerMemberId: me, closesAt: limitMinutes ? now + limitMinutes * 60_000 : null },
      now,
    ),
  );
}

/**
 * The chair closes a motion with the participation document's heads as this device has them: the result
 * is what those heads hold, on every device. A secret ballot is closed by the relay instead
 * ({@link sealSecretBallot}).
 * @throws ActionError(invalid_transition | not_found | …)
 */
export function closeMotion(
  meeting: DocHandle<MeetingDoc> | undefined,
  participation: DocHandle<ParticipationDoc> | undefined,
  motion: MotionView,
): void {
  if (!participation?.isReady()) throw new ActionError(ReasonCode.NotFound, "participation is not loaded");
  const p = participation.doc();
  const heads = getHeads(p);
  changeMeeting(meeting, `Kết thúc biểu quyết: ${quoted(motion.motion.title)}`, (doc, now) =>
    closeMotionInDoc(doc, motion.motion.id, heads, presentMembers(doc, p), now),
  );
}

/**
 * Signs this member's vote with the device key and writes it into the participation document. Works
 * offline: it is sent when the connection returns, and counts if it reaches the chair before the close.
 * @throws ActionError(read_only | invalid_transition | invalid_input | unknown (no device key))
 */
export async function castVote(
  participation: DocHandle<ParticipationDoc> | undefined,
  motion: MotionView,
  choiceId: string,
): Promise<void> {
  try {
    const session = currentSession();
    if (!session) throw new ActionError(ReasonCode.ReadOnly, "not signed in");
    if (!participation?.isReady()) throw new ActionError(ReasonCode.NotFound, "participation is not loaded");
    const pair = await deviceKey();
    if (!pair) throw new ActionError("unknown", "this device has no signing key");
    const now = Date.now();
    const vote = await signVote(
      {
        motionId: motion.motion.id,
        memberId: session.memberId as Vote["memberId"],
        deviceId: session.deviceId as Vote["deviceId"],
        choiceId,
        castAt: new Date(now).toISOString(),
        keyId: session.deviceId as Vote["keyId"],
      },
      pair.privateKey,
    );
    const label = motion.motion.choices.find((c) => c.id === choiceId)?.label ?? choiceId;
    participation.change(
      (doc) => {
        castVoteInDoc(doc, motion.motion, vote, now);
      },
      { message: `Biểu quyết “${label}”: ${quoted(motion.motion.title)}` },
    );
  } catch (error) {
    throw toActionError(error);
  }
}

/** Why a secret ballot request failed, for the UI (`votes.secretError.<code>`). */
export type SecretBallotErrorCode =
  | "offline"
  | "ballot_not_open"
  | "ballot_not_eligible"
  | "ballot_already_voted"
  | "ballot_invalid_choice"
  | "ballot_not_chair"
  | "other";

/** A refused secret ballot request. */
export class SecretBallotError extends Error {
  constructor(
    readonly code: SecretBallotErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "SecretBallotError";
  }
}

const SECRET_CODES: ReadonlySet<string> = new Set([
  "ballot_not_open",
  "ballot_not_eligible",
  "ballot_already_voted",
  "ballot_invalid_choice",
  "ballot_not_chair",
]);

async function ballotRequest(path: string, body?: unknown): Promise<SecretBallotStatus> {
  try {
    return await api<SecretBallotStatus>(
      path,
      body === undefined && !path.endsWith("/seal") ? {} : { method: "POST", body: body ?? {} },
    );
  } catch (error) {
    if (error instanceof ApiError) {
      const code = error.status === 0 ? "offline" : SECRET_CODES.has(error.code) ? error.code : "other";
      throw new SecretBallotError(code as SecretBallotErrorCode, error.message);
    }
    throw new SecretBallotError("other", error instanceof Error ? error.message : String(error));
  }
}

function ballotPath(meetingUrl: string, motionId: string): string {
  const documentId = meetingUrl.replace(/^automerge:/, "");
  return `/api/ballots/${encodeURIComponent(documentId)}/${encodeURIComponent(motionId)}`;
}

/** Has this member cast their secret ballot, and how many have. @throws SecretBallotError */
export function secretBallotStatus(meetingUrl: string, motionId: string): Promise<SecretBallotStatus> {
  return ballotRequest(ballotPath(meetingUrl, motionId));
}

/** Casts this member's secret ballot at the relay (needs a connection; cannot be changed). @throws SecretBallotError */
export function castSecretBallot(
  meetingUrl: string,
  motionId: string,
  choiceId: string,
): Promise<SecretBallotStatus> {
  return ballotRequest(ballotPath(meetingUrl, motionId), { choiceId });
}

/** The chair closes a secret ballot: the relay seals it and writes the count into the motion. @throws SecretBallotError */
export function sealSecretBallot(meetingUrl: string, motionId: string): Promise<SecretBallotStatus> {
  return ballotRequest(`${ballotPath(meetingUrl, motionId)}/seal`, {});
}
