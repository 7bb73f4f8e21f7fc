import { meetingLiveMigration } from "../meeting-run/live.ts";
import { imm } from "../schema/immutable.ts";
import type { Migration } from "../schema/migrations.ts";
import type { MeetingDoc } from "./types.ts";

/**
 * Field names that were used once and must never be reused (STYLE.md: fields are never renamed or
 * removed after release).
 */
export const RETIRED_MEETING_FIELDS: readonly string[] = [
  // Moved to the participation document when permissions were split by document: participants write
  // opinions, while only the chair and secretaries write the meeting document. The empty container
  // stays in v1 documents and is never written again.
  "opinions",
];

/**
 * Ordered migration steps of the meeting document. Step 1 creates every field and container of v1 that
 * is missing; the creator runs it before the document is shared, so containers never race.
 */
export const meetingMigrations: readonly Migration<MeetingDoc>[] = [
  {
    version: 1,
    name: "v1-meeting-containers",
    up(doc) {
      const d = doc as Partial<MeetingDoc>;
      if (d.docType === undefined) d.docType = imm("meeting");
      if (d.title === undefined) d.title = "";
      if (d.issuingBody === undefined) d.issuingBody = "";
      if (d.location === undefined) d.location = "";
      if (d.onlineLink === undefined) d.onlineLink = null;
      if (d.participants === undefined) d.participants = {};
      if (d.agenda === undefined) d.agenda = {};
      if (d.papers === undefined) d.papers = {};
      if (d.motions === undefined) d.motions = {};
      if (d.discussionQuestions === undefined) d.discussionQuestions = {};
      if (d.opinions === undefined) d.opinions = {};
      if (d.conclusion === undefined) d.conclusion = { text: "", sections: {}, status: imm("draft") };
    },
  },
  // Step 2: the `live` container of running the meeting (agenda clock, floor, roll call, quorum rule).
  meetingLiveMigration,
];
