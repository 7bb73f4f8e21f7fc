import { z } from "zod";

/*
 * Secret ballots (bỏ phiếu kín) over HTTP. A secret ballot never enters a document: a member's device
 * sends its choice to the relay, which adds one to that choice's count and records that the member voted,
 * in two places with nothing linking them (and logs neither the choice nor the link). At the close the
 * relay writes the counts and the voter list into the motion. Consequences, stated in the UI: a secret
 * ballot needs a connection, and a ballot cannot be changed once cast (changing it would need the link).
 */

/** Body of `POST /api/ballots/:meetingDocumentId/:motionId`. */
export const secretBallotRequestSchema = z.object({ choiceId: z.string().min(1).max(200) }).strict();
export type SecretBallotRequest = z.infer<typeof secretBallotRequestSchema>;

/** Answer of the ballot routes: whether this member has voted, and how many have (never a choice). */
export interface SecretBallotStatus {
  readonly motionId: string;
  readonly voted: boolean;
  readonly voters: number;
  readonly sealed: boolean;
}

/** Why the relay refuses a secret ballot (the `error.code` of the response), shown via i18n `ballot.<code>`. */
export const BallotRefusal = {
  NotSecret: "ballot_not_secret",
  NotOpen: "ballot_not_open",
  NotEligible: "ballot_not_eligible",
  AlreadyVoted: "ballot_already_voted",
  InvalidChoice: "ballot_invalid_choice",
  NotChair: "ballot_not_chair",
} as const;
export type BallotRefusal = (typeof BallotRefusal)[keyof typeof BallotRefusal];
