/**
 * Bench: running a meeting (issue 6) at the size of a People's Council session.
 *
 * A meeting with 150 participants and 20 agenda items, after a full sitting: every item started and
 * stopped (with pauses), 150 check-ins, 60 secretary marks, 200 speaking requests with their floor
 * events, 1,000 opinions and replies on 40 discussion questions. Measures (median of several runs):
 *  - each selector the run tab reads: attendance + quorum, live agenda, the floor of the current item,
 *    time statistics, a compiled view of one question;
 *  - one tick of the run tab (it re-derives agenda, floor and stats every second);
 *  - a written consultation of 500 named members with 500 answers: compiling the results;
 *  - the relay's check that a named member's change touches only their own answers (clone, apply, compare).
 * Prints figures; asserts nothing. Run: `npm run bench -- meeting-run`.
 */
import * as A from "@automerge/automerge";
import {
  addAgendaItem,
  addConsultationQuestion,
  addDiscussionQuestion,
  addParticipant,
  agendaTimeStats,
  attendanceView,
  type ConsultationDoc,
  checkIn,
  compileOpinions,
  consultationResults,
  consultationView,
  endSpeakingTurn,
  floorView,
  grantFloor,
  initConsultation,
  initMeeting,
  initParticipation,
  liveAgenda,
  type MeetingDoc,
  markAttendance,
  openConsultation,
  type ParticipationDoc,
  pauseAgendaItem,
  postOpinion,
  replyToOpinion,
  requestToSpeak,
  setMeetingStatus,
  startAgendaItem,
  stopAgendaItem,
  submitAnswer,
  toPlain,
} from "../shared/src/index.ts";
import { onlyOwnAnswersChanged } from "../sync-server/src/access/controller.ts";

const T0 = Date.parse("2026-12-03T01:00:00.000Z");
const min = (m: number) => T0 + m * 60_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(label: string, fn: () => unknown, runs = 15): number {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  const m = median(samples);
  console.log(`  ${label.padEnd(58)} ${m.toFixed(2).padStart(9)} ms`);
  return m;
}

function buildMeeting(): {
  meeting: A.Doc<MeetingDoc>;
  participation: A.Doc<ParticipationDoc>;
  current: string;
  question: string;
} {
  const members = Array.from({ length: 150 }, (_, i) => `m${String(i).padStart(3, "0")}`);
  const participantIds: string[] = [];
  const items: string[] = [];
  const questions: string[] = [];
  let meeting = A.change(A.init<MeetingDoc>(), (d) => {
    initMeeting(
      d,
      {
        title: "Kỳ họp thứ 12 HĐND tỉnh",
        issuingBody: "HĐND tỉnh",
        kind: "council_session",
        startsAt: new Date(min(0)).toISOString(),
        endsAt: new Date(min(480)).toISOString(),
        timeZone: "Asia/Ho_Chi_Minh",
        location: "Hội trường",
        onlineLink: null,
      },
      min(-10_000),
    );
    members.forEach((m, i) => {
      participantIds.push(
        addParticipant(
          d,
          { fullName: `Đại biểu ${i}`, position: "", role: i === 0 ? "chair" : "participant", memberId: m },
          min(-10_000),
        ),
      );
    });
    for (let i = 0; i < 20; i++)
      items.push(
        addAgendaItem(
          d,
          { title: `Nội dung ${i + 1}`, presenter: "", plannedMinutes: 20, description: "" },
          min(-10_000),
        ),
      );
    for (let i = 0; i < 40; i++)
      questions.push(
        addDiscussionQuestion(d, { agendaItemId: items[i % 20]!, text: `Vấn đề ${i + 1}` }, min(-9_000)),
      );
    setMeetingStatus(d, "published", min(-9_000));
  });
  let participation = A.change(A.init<ParticipationDoc>(), (d) =>
    initParticipation(
      d,
      { meetingId: String(meeting.id), meetingUrl: "automerge:2j9knpCseyhnK8izDmLpGP5WMdZQ" },
      min(-10_000),
    ),
  );
  // Opinions before the sitting.
  participation = A.change(participation, (d) => {
    const ids: string[] = [];
    for (let i = 0; i < 700; i++) {
      const q = questions[i % 40]!;
      const item = items[(i % 40) % 20]!;
      ids.push(
        postOpinion(
          d,
          meeting,
          members[i % 150]!,
          {
            agendaItemId: item,
            questionId: q,
            stance: (["agree", "disagree", "other"] as const)[i % 3]!,
            text: `Ý kiến số ${i} về vấn đề này.`,
          },
          min(-5_000 + i),
        ),
      );
    }
    for (let i = 0; i < 300; i++)
      replyToOpinion(
        d,
        meeting,
        members[(i * 7) % 150]!,
        ids[i]! as never,
        { text: `Trả lời ${i}` },
        min(-1_000 + i),
      );
    members.forEach((m, i) => {
      checkIn(d, m, i % 10 === 0 ? "remote" : "present", min(-5 + (i % 5)));
    });
  });
  meeting = A.change(meeting, (d) => {
    for (let i = 0; i < 60; i++)
      markAttendance(
        d,
        participantIds[i * 2]!,
        { status: i % 3 === 0 ? "absent_with_reason" : "present", reason: "Công tác" },
        min(-1),
      );
  });
  // The sitting: every item with a pause, 10 speakers per item.
  let t = 0;
  for (let i = 0; i < 20; i++) {
    meeting = A.change(meeting, (d) => startAgendaItem(d, items[i]! as never, min(t)));
    participation = A.change(participation, (d) => {
      for (let k = 0; k < 10; k++)
        requestToSpeak(d, meeting, members[(i * 10 + k) % 150]!, { note: "" }, min(t + 1) + k);
    });
    const floor = floorView(meeting, participation, items[i]!, min(t + 2));
    meeting = A.change(meeting, (d) => {
      floor.queue.forEach((r, k) => {
        grantFloor(d, participation, r.id as never, min(t + 2 + k * 2));
        endSpeakingTurn(d, participation, r.id as never, min(t + 3 + k * 2));
      });
    });
    meeting = A.change(meeting, (d) => pauseAgendaItem(d, min(t + 15)));
    meeting = A.change(meeting, (d) => startAgendaItem(d, items[i]! as never, min(t + 18)));
    t += 22;
    if (i < 19) meeting = A.change(meeting, (d) => stopAgendaItem(d, min(t)));
  }
  return { meeting, participation, current: items[19]!, question: questions[0]! };
}

function buildConsultation(): { doc: A.Doc<ConsultationDoc>; members: string[] } {
  const members = Array.from({ length: 500 }, (_, i) => `c${String(i).padStart(3, "0")}`);
  let doc = A.change(A.init<ConsultationDoc>(), (d) => {
    initConsultation(
      d,
      {
        title: "Phiếu lấy ý kiến",
        description: "",
        deadline: new Date(min(10_000)).toISOString(),
        members: members.map((m) => ({ memberId: m, fullName: `Thành viên ${m}` })),
      },
      min(0),
    );
    for (let q = 0; q < 5; q++)
      addConsultationQuestion(
        d,
        {
          text: `Câu ${q + 1}`,
          kind: "single_choice",
          choices: [{ label: "Đồng ý" }, { label: "Không đồng ý" }, { label: "Ý kiến khác" }],
          allowComment: true,
        },
        min(0),
      );
    openConsultation(d, min(1));
  });
  const qs = consultationView(doc).questions;
  doc = A.change(doc, (d) => {
    members.forEach((m, i) => {
      const answers = Object.fromEntries(
        qs.map((q) => [
          q.id,
          { choiceIds: [q.choices[i % 3]!.id], text: i % 10 === 0 ? "Đề nghị bổ sung." : "" },
        ]),
      );
      submitAnswer(d, m, answers, min(2 + i));
    });
  });
  return { doc, members };
}

export async function run(): Promise<void> {
  console.log("meeting-run: a council session of 150 participants, 20 items, a full sitting");
  let start = performance.now();
  const { meeting, participation, current, question } = buildMeeting();
  console.log(
    `  built in ${(performance.now() - start).toFixed(0)} ms; meeting ${A.save(meeting).byteLength} bytes, participation ${A.save(participation).byteLength} bytes`,
  );
  const now = min(500);
  time("attendance + quorum (150 rows)", () => attendanceView(meeting, participation));
  time("live agenda (20 items)", () => liveAgenda(meeting, now));
  time("floor of the current item", () => floorView(meeting, participation, current, now));
  time("time statistics", () => agendaTimeStats(meeting, now));
  time("compiled opinions of one question (of 1,000)", () =>
    compileOpinions(participation, meeting, {
      agendaItemId: String(
        meeting.discussionQuestions[question]
          ? (meeting.discussionQuestions[question] as { agendaItemId: unknown }).agendaItemId
          : "",
      ),
      questionId: question,
    }),
  );
  // What a press costs on a device holding the whole sitting (one change each, on a throwaway copy).
  const item = String((meeting.discussionQuestions[question] as { agendaItemId: unknown }).agendaItemId);
  time(
    "write: post an opinion",
    () =>
      A.change(A.clone(participation), (d) =>
        postOpinion(
          d,
          meeting,
          "m001",
          { agendaItemId: item, questionId: question, stance: "agree", text: "Tán thành." },
          now,
        ),
      ),
    7,
  );
  time(
    "write: check in",
    () => A.change(A.clone(participation), (d) => checkIn(d, "m002", "present", now)),
    7,
  );
  time(
    "write: start the next item (chair)",
    () => A.change(A.clone(meeting), (d) => startAgendaItem(d, item as never, now)),
    7,
  );
  time("  (copying the participation document, part of each write above)", () => A.clone(participation), 7);
  time("one tick of the run tab (agenda + floor + stats)", () => {
    liveAgenda(meeting, now);
    floorView(meeting, participation, current, now);
    agendaTimeStats(meeting, now);
  });

  console.log("meeting-run: a written consultation, 500 named members, 5 questions, 500 answers");
  start = performance.now();
  const { doc, members } = buildConsultation();
  console.log(`  built in ${(performance.now() - start).toFixed(0)} ms; ${A.save(doc).byteLength} bytes`);
  time("consultation results", () => consultationResults(doc, min(3_000)));
  time("  (copying the consultation, part of the write below)", () => A.clone(doc), 5);
  const qs = consultationView(doc).questions;
  time(
    "write: submit one answer (device)",
    () =>
      A.change(A.clone(doc), (d) => {
        submitAnswer(
          d,
          members[1]!,
          Object.fromEntries(qs.map((q) => [q.id, { choiceIds: [q.choices[0]!.id] }])),
          min(3_000),
        );
      }),
    5,
  );
  // A new named member answers on their device; the relay checks the change before applying it.
  const late = A.change(A.clone(doc), (d) => {
    submitAnswer(
      d,
      members[0]!,
      Object.fromEntries(qs.map((q) => [q.id, { choiceIds: [q.choices[1]!.id] }])),
      min(3_000),
    );
  });
  const [, message] = A.generateSyncMessage(late, A.initSyncState());
  time(
    "relay: own-answers check of one answer (clone, apply, compare)",
    () => {
      const [trial] = A.receiveSyncMessage(A.clone(doc), A.initSyncState(), message!);
      return onlyOwnAnswersChanged(toPlain(doc), toPlain(trial), members[0]!);
    },
    7,
  );
}
