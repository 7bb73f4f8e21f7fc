import type { WorkingCalendar } from "../calendar/working-calendar.ts";
import type { MemberId } from "../ids.ts";
import { currentPapers } from "../meeting/papers.ts";
import { meetingView } from "../meeting/selectors.ts";
import type { MeetingDoc } from "../meeting/types.ts";
import { validateMeeting } from "../meeting/validate.ts";
import { attendanceView } from "../meeting-run/attendance.ts";
import { type ConsultationDoc, validateConsultation } from "../meeting-run/consultation-doc.ts";
import { consultationNonRespondents } from "../meeting-run/consultation-results.ts";
import { consultationView } from "../meeting-run/consultation-view.ts";
import type { ParticipationDoc } from "../participation/participation.ts";
import { openedPaperIdsByMember } from "../participation/receipts.ts";
import { str } from "../schema/immutable.ts";
import { taskReminderSubject, taskViews } from "../tasks/selectors.ts";
import type { LedgerDoc } from "../tasks/types.ts";
import { meetingMotions } from "../votes/motions.ts";
import { motionsAwaitingVotes } from "../votes/results.ts";
import type { WorkspaceDoc } from "../workspace/types.ts";
import type { ConsultationSubject, MeetingSubject, TaskSubject, VoteSubject } from "./types.ts";

/**
 * Reminder subjects read from documents — the one place both the relay (Web Push) and the app (in-app
 * reminders) turn a meeting or a task ledger into what the schedule needs, so both remind of the same
 * things at the same instants.
 */

/** Results cached per document state (an Automerge doc object is an immutable snapshot). */
const meetingCache = new WeakMap<
  object,
  { participation: object | undefined; subject: MeetingSubject | null }
>();
const ledgerCache = new WeakMap<object, { workspace: object; calendar: object; subjects: TaskSubject[] }>();

/**
 * A meeting as a reminder subject: its participants with an account, its start and status, its current
 * papers and which of them each participant has opened (read receipts in the participation document,
 * `openedPaperIdsByMember`) for "you have not opened N of M papers". Null for a document that does not
 * validate (a newer app's, a broken one): no reminder rather than a wrong one. `publishedAt` is the
 * meeting's creation instant (the document does not record when it was published; the schedule's chain
 * makes older firings expire anyway).
 */
export function meetingReminderSubject(
  doc: MeetingDoc,
  participation?: ParticipationDoc,
): MeetingSubject | null {
  const cached = meetingCache.get(doc);
  if (cached !== undefined && cached.participation === participation) return cached.subject;
  let subject: MeetingSubject | null = null;
  if (validateMeeting(doc).ok) {
    const view = meetingView(doc);
    const participantMemberIds = view.participants.flatMap((p) =>
      p.memberId ? [p.memberId as MemberId] : [],
    );
    let paperIds: string[] = [];
    let openedPaperIds: Record<string, string[]> = {};
    try {
      paperIds = currentPapers(doc).map((p) => p.id);
      openedPaperIds = openedPaperIdsByMember(doc, participation, participantMemberIds);
    } catch {
      paperIds = []; // papers that do not read: no paper reminder
    }
    subject = {
      type: "meeting",
      id: view.id,
      title: view.title,
      status: view.status,
      publishedAt: Date.parse(view.createdAt),
      startsAt: Date.parse(view.startsAt),
      participantMemberIds,
      // Without the participation document nobody's receipts are known: no paper reminder then.
      paperIds: participation ? paperIds : [],
      openedPaperIds,
    };
  }
  meetingCache.set(doc, { participation, subject });
  return subject;
}

/**
 * Who answers for a task: its lead member, or the active members of its lead unit (GLOSSARY: "one task,
 * one lead", Decree 39/2022). Disabled members and members not in the directory are left out.
 */
export function taskAssignees(
  lead: { readonly kind: string; readonly id: string },
  workspace: Pick<WorkspaceDoc, "members">,
): MemberId[] {
  const members = Object.values(workspace.members ?? {});
  if (lead.kind === "member") {
    const m = members.find((x) => str(x.id) === lead.id);
    return m && !m.disabledAt ? [lead.id as MemberId] : [];
  }
  return members.filter((m) => !m.disabledAt && str(m.unitId) === lead.id).map((m) => str(m.id) as MemberId);
}

/**
 * The live (not deleted) tasks of a ledger as reminder subjects. A ledger that cannot be read gives no
 * subjects (and is not thrown out of the caller's loop).
 */
export function ledgerReminderSubjects(
  ledger: LedgerDoc,
  workspace: WorkspaceDoc,
  calendar: WorkingCalendar,
): TaskSubject[] {
  const cached = ledgerCache.get(ledger);
  if (cached && cached.workspace === workspace && cached.calendar === calendar) return cached.subjects;
  let subjects: TaskSubject[] = [];
  try {
    subjects = taskViews(ledger).map((view) =>
      taskReminderSubject(view, taskAssignees(view.lead, workspace), calendar),
    );
  } catch {
    subjects = [];
  }
  ledgerCache.set(ledger, { workspace, calendar, subjects });
  return subjects;
}

/**
 * Open votes of a meeting as reminder subjects: each open motion with the members attending remotely
 * (trực tuyến, by the attendance in force) who may vote and have not. Members in the room see the vote on
 * the screen and are not reminded. Secret ballots are left out: who has voted is known only to the
 * relay's ballot box, not to the documents.
 * @param now ms UTC (a motion past its time limit is not open)
 */
export function voteReminderSubjects(
  meeting: MeetingDoc,
  participation: ParticipationDoc,
  now: number,
): VoteSubject[] {
  let awaiting: ReturnType<typeof motionsAwaitingVotes>;
  let remote: Set<string>;
  let opened: Map<string, string | null>;
  try {
    awaiting = motionsAwaitingVotes(meeting, participation, now);
    if (awaiting.length === 0) return [];
    remote = new Set(
      attendanceView(meeting, participation)
        .rows.filter((r) => r.status === "remote" && r.memberId)
        .map((r) => r.memberId!),
    );
    opened = new Map(meetingMotions(meeting).map((m) => [m.motion.id, m.motion.openedAt]));
  } catch {
    return [];
  }
  const meetingId = str(meeting.id) ?? "";
  return awaiting
    .filter((m) => m.visibility !== "secret")
    .flatMap((m): VoteSubject[] => {
      const openedAt = Date.parse(opened.get(m.motionId) ?? "");
      if (!Number.isFinite(openedAt)) return [];
      return [
        {
          type: "vote",
          id: m.motionId,
          meetingId,
          title: m.title,
          status: "open",
          openedAt,
          closesAt: m.closesAt ? Date.parse(m.closesAt) : null,
          remoteVoterMemberIds: m.notVoted.filter((id) => remote.has(id)) as MemberId[],
          votedMemberIds: [],
        },
      ];
    });
}

/**
 * A written consultation (phiếu lấy ý kiến) as a reminder subject: open ones remind the named members
 * who have not answered yet (shared `consultationNonRespondents`) before the deadline. Null for a draft,
 * a document that does not validate, or one without an opening instant.
 * @param now ms UTC
 */
export function consultationReminderSubject(doc: ConsultationDoc, now: number): ConsultationSubject | null {
  try {
    if (!validateConsultation(doc).ok) return null;
    const view = consultationView(doc);
    if (view.status === "draft") return null;
    const openedAt = Date.parse(view.openedAt ?? "");
    const deadline = Date.parse(view.deadline);
    if (!Number.isFinite(openedAt) || !Number.isFinite(deadline)) return null;
    const pending = new Set(consultationNonRespondents(doc, now).map((m) => m.memberId));
    const recipients = view.members.map((m) => m.memberId as MemberId);
    return {
      type: "consultation",
      id: view.id,
      title: view.title,
      status: view.status === "open" ? "open" : "closed",
      openedAt,
      deadline,
      recipientMemberIds: recipients,
      answeredMemberIds: recipients.filter((m) => !pending.has(m)),
    };
  } catch {
    return null;
  }
}
