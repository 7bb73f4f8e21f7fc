import * as A from "@automerge/automerge";
import type { AgendaItemId, ParticipantId } from "../ids.ts";
import { addAgendaItem, addParticipant, initMeeting, setMeetingStatus } from "../meeting/changes.ts";
import { sampleInput } from "../meeting/fixtures/sample.ts";
import type { MeetingDoc, MeetingKind, MeetingRole } from "../meeting/types.ts";
import { initParticipation, type ParticipationDoc } from "../participation/participation.ts";
import { meetingLiveMigration } from "./live.ts";

/** Test clock: 08:00 Hanoi time on 3 Dec 2026 (the sample meeting's start). `at(n)` = n minutes later, ms. */
export const T0 = Date.parse("2026-12-03T01:00:00.000Z");
export function at(minutes: number): number {
  return T0 + minutes * 60_000;
}

/** Member ids used by the tests: the chair, a secretary, an observer, and members m01, m02, … */
export const CHAIR = "m-chair";
export const SECRETARY = "m-secretary";
export const OBSERVER = "m-observer";
export function member(n: number): string {
  return `m${String(n).padStart(2, "0")}`;
}

/** A meeting with its participants and agenda, and its participation document. */
export interface TestMeeting {
  meeting: A.Doc<MeetingDoc>;
  participation: A.Doc<ParticipationDoc>;
  items: AgendaItemId[];
  /** Participant id by member id (and "guest" for the participant known only by name). */
  participantOf: Map<string, ParticipantId>;
}

/**
 * Test helper: a published meeting (with the proposed `live` container, as after migration v2) with a
 * chair, a secretary, an observer, `members` participants and one participant known only by name, an
 * agenda of `planned` items (planned minutes), and its participation document.
 */
export function testMeeting(
  options: { members?: number; planned?: number[]; kind?: MeetingKind } = {},
): TestMeeting {
  const { members = 5, planned = [30, 20, 10], kind = "regular" } = options;
  const participantOf = new Map<string, ParticipantId>();
  const items: AgendaItemId[] = [];
  let meeting = A.change(A.init<MeetingDoc>(), (d) => {
    initMeeting(d, { ...sampleInput, kind }, at(-10_000));
    meetingLiveMigration.up(d);
    d.schemaVersion = 2;
    const add = (memberId: string | null, fullName: string, role: MeetingRole) => {
      const id = addParticipant(d, { fullName, position: "", role, memberId }, at(-10_000));
      participantOf.set(memberId ?? "guest", id);
    };
    add(CHAIR, "Nguyễn Văn Chủ", "chair");
    add(SECRETARY, "Trần Thị Thư", "secretary");
    add(OBSERVER, "Lê Khách", "observer");
    for (let i = 1; i <= members; i++)
      add(member(i), `Thành viên ${String(i).padStart(2, "0")}`, "participant");
    add(null, "Phạm Chỉ Có Tên", "participant");
    planned.forEach((minutes, i) => {
      items.push(
        addAgendaItem(
          d,
          { title: `Nội dung ${i + 1}`, presenter: "", plannedMinutes: minutes, description: "" },
          at(-10_000),
        ),
      );
    });
  });
  meeting = A.change(meeting, (d) => setMeetingStatus(d, "published", at(-9_000)));
  const participation = A.change(A.init<ParticipationDoc>(), (d) =>
    initParticipation(
      d,
      { meetingId: meeting.id.val, meetingUrl: "automerge:2j9knpCseyhnK8izDmLpGP5WMdZQ" },
      at(-10_000),
    ),
  );
  return { meeting, participation, items, participantOf };
}

/** Merges peers' copies of one document into one (each peer's copy is cloned first). */
export function mergeAll<T>(...copies: A.Doc<T>[]): A.Doc<T> {
  return copies.slice(1).reduce((acc, c) => A.merge(acc, A.clone(c)), A.clone(copies[0]!));
}
