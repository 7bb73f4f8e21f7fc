import { type DocHandle, type DocumentId, isValidDocumentId, type Repo } from "@automerge/automerge-repo";
import {
  BallotRefusal,
  isOpenForVoting,
  type MeetingDoc,
  type MotionView,
  meetingMotions,
  type ParticipationDoc,
  presentMembers,
  type SecretBallotStatus,
  sealSecretBallot,
  str,
} from "../../../shared/src/index.ts";
import { changeAndHash } from "../access/changes.ts";
import { type AccessController, documentIdOf } from "../access/controller.ts";
import { ApiError, ApiErrorCode } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { BallotStore } from "./store.ts";

export interface BallotServiceOptions {
  readonly repo: Repo;
  readonly access: AccessController;
  readonly store: BallotStore;
  readonly logger: Logger;
  /** Clock, ms since the epoch. */
  readonly now: () => number;
}

/**
 * Secret ballots (issue 7 § 6): takes ballots over authenticated HTTP, keeps only counts and who voted
 * (store.ts), and at the close writes the count into the motion in the meeting document, where every
 * device reads the same result. Every rule it applies is a call into shared/ (`isOpenForVoting`,
 * `sealSecretBallot`, `presentMembers`). Logs motion ids and refusals, never a choice.
 */
export class BallotService {
  readonly #repo: Repo;
  readonly #access: AccessController;
  readonly #store: BallotStore;
  readonly #log: Logger;
  readonly #now: () => number;

  constructor(options: BallotServiceOptions) {
    this.#repo = options.repo;
    this.#access = options.access;
    this.#store = options.store;
    this.#log = options.logger.child({ component: "ballots" });
    this.#now = options.now;
  }

  /**
   * A member's device casts a secret ballot.
   * @throws ApiError 404 not_found (no such meeting or motion, or not readable by the member);
   *   409 ballot_not_secret | ballot_not_open | ballot_already_voted; 403 ballot_not_eligible;
   *   400 ballot_invalid_choice
   */
  async cast(
    memberId: string,
    documentId: string,
    motionId: string,
    choiceId: string,
  ): Promise<SecretBallotStatus> {
    const { motion } = await this.#motion(memberId, documentId, motionId, "read");
    const m = motion.motion;
    if (!isOpenForVoting(m, this.#now())) throw refusal(409, BallotRefusal.NotOpen, "The ballot is not open");
    if (!m.eligibleMemberIds.includes(memberId as never)) {
      throw refusal(403, BallotRefusal.NotEligible, "You may not vote on this motion");
    }
    if (!m.choices.some((c) => c.id === choiceId)) {
      throw refusal(400, BallotRefusal.InvalidChoice, "Not a choice of this motion");
    }
    const outcome = this.#store.cast(
      documentId,
      motionId,
      m.choices.map((c) => c.id),
      memberId,
      choiceId,
    );
    if (outcome === "already_voted") {
      throw refusal(409, BallotRefusal.AlreadyVoted, "You have already cast your ballot");
    }
    if (outcome === "sealed") throw refusal(409, BallotRefusal.NotOpen, "The ballot is closed");
    return this.#status(documentId, motionId, memberId);
  }

  /**
   * Whether this member has voted and how many have (never a choice, never a count before the seal).
   * @throws ApiError 404, 409 ballot_not_secret
   */
  async status(memberId: string, documentId: string, motionId: string): Promise<SecretBallotStatus> {
    await this.#motion(memberId, documentId, motionId, "read");
    return this.#status(documentId, motionId, memberId);
  }

  /**
   * The chair (or a secretary) closes a secret ballot: the box is sealed and its count and voter list
   * are written into the motion, with the attendance at that moment. Sealing twice returns the same.
   * @throws ApiError 404; 403 ballot_not_chair for a member who may not write the meeting; 409
   *   ballot_not_secret | ballot_not_open (never opened)
   */
  async seal(memberId: string, documentId: string, motionId: string): Promise<SecretBallotStatus> {
    const { motion, handle } = await this.#motion(memberId, documentId, motionId, "read");
    if (!(await this.#access.may(memberId, documentId as DocumentId, "write"))) {
      throw refusal(403, BallotRefusal.NotChair, "Only the chair or a secretary closes a ballot");
    }
    if (motion.phase === "draft") throw refusal(409, BallotRefusal.NotOpen, "The ballot was never opened");
    if (motion.phase === "open") {
      const now = this.#now();
      const box = this.#store.seal(
        documentId,
        motionId,
        motion.motion.choices.map((c) => c.id),
        now,
      );
      const present = await this.#present(handle);
      const hashes = changeAndHash(handle, (doc) =>
        sealSecretBallot(doc, motionId, { counts: box.counts, voters: box.voters }, present, now),
      );
      this.#access.recordRelayChanges(documentId, hashes, "relay");
      this.#log.info({ documentId, motionId, voters: box.voters.length }, "secret ballot sealed");
    }
    return this.#status(documentId, motionId, memberId);
  }

  #status(documentId: string, motionId: string, memberId: string): SecretBallotStatus {
    const box = this.#store.box(documentId, motionId);
    return {
      motionId,
      voted: this.#store.hasVoted(documentId, motionId, memberId),
      voters: box?.voters.length ?? 0,
      sealed: box?.sealedAt != null,
    };
  }

  async #present(meeting: DocHandle<MeetingDoc>): Promise<string[]> {
    const id = documentIdOf(str(meeting.doc().participationUrl));
    if (!id) return [];
    try {
      const p = await this.#repo.find<ParticipationDoc>(id);
      return presentMembers(meeting.doc(), p.doc());
    } catch (err) {
      this.#log.warn({ err, documentId: meeting.documentId }, "attendance unavailable when sealing");
      return [];
    }
  }

  async #motion(
    memberId: string,
    documentId: string,
    motionId: string,
    mode: "read",
  ): Promise<{ motion: MotionView; handle: DocHandle<MeetingDoc> }> {
    const notFound = new ApiError(404, ApiErrorCode.NotFound, "No such motion");
    if (!isValidDocumentId(documentId)) throw notFound;
    const status = await this.#access.status(documentId);
    if (status.kind !== "meeting" || !(await this.#access.may(memberId, documentId, mode))) throw notFound;
    const handle = await this.#repo.find<MeetingDoc>(documentId);
    const motion = meetingMotions(handle.doc()).find((m) => m.motion.id === motionId);
    if (!motion) throw notFound;
    if (motion.motion.visibility !== "secret") {
      throw refusal(409, BallotRefusal.NotSecret, "This motion is not a secret ballot");
    }
    return { motion, handle };
  }
}

function refusal(status: 400 | 403 | 409, code: BallotRefusal, message: string): ApiError {
  return new ApiError(status, code, message);
}
