import type { MeetingView } from "../meeting/selectors.ts";
import { MeetingRole } from "../meeting/types.ts";
import type { AttendanceRow, AttendanceView } from "../meeting-run/attendance.ts";
import type { CompiledOpinions, OpinionView } from "../meeting-run/opinion-views.ts";
import type { QuorumRule } from "../meeting-run/quorum.ts";
import { AttendanceStatus, type Stance } from "../meeting-run/types.ts";
import { utcToZonedParts } from "../time.ts";
import type { TallyResult } from "../votes/tally.ts";
import type { Fraction, RuleBase } from "../votes/types.ts";
import {
  blocksOfText,
  type DocumentHeaderInput,
  type PersonRef,
  personWithPosition,
  withEndMark,
} from "./compose.ts";
import { decreeDate, decreeDateTime, decreeTime, viNumber } from "./format.ts";
import {
  type AdministrativeDocument,
  type BodyBlock,
  heading,
  item,
  labelled,
  paragraph,
  type TextRun,
} from "./model.ts";

/** A vote to record: the motion's title, the agenda item it belongs to, and its tally. */
export interface MinutesVote {
  readonly agendaItemId: string;
  readonly title: string;
  readonly result: TallyResult;
}

/** Everything the minutes (biên bản) of a meeting are made of; all plain views. */
export interface MinutesInput extends DocumentHeaderInput {
  /** The meeting (`meetingView`): title, time, place, online link, agenda in order. */
  readonly meeting: Pick<
    MeetingView,
    "title" | "startsAt" | "endsAt" | "timeZone" | "location" | "onlineLink" | "agenda"
  >;
  /** When the meeting really began and ended (the live agenda clock); default the planned times. */
  readonly startedAt?: string;
  readonly endedAt?: string;
  /** `attendanceView(meeting, participation)`. */
  readonly attendance: AttendanceView;
  /** Default: the participant with the chair role. */
  readonly chair?: PersonRef;
  /** Default: the first participant with the secretary role. */
  readonly secretary?: PersonRef;
  /** `compileOpinions` of each item's general opinions and of each discussion question. */
  readonly opinions: readonly CompiledOpinions[];
  readonly votes: readonly MinutesVote[];
  /** What the secretary wrote per agenda item id (course of the discussion, the chair's conclusion). */
  readonly notes?: Readonly<Record<string, string>>;
  /** Summary (trích yếu); default "Cuộc họp {title}". */
  readonly summary?: string;
  readonly recipients: readonly string[];
}

const ROLE_NOTE: Readonly<Record<MeetingRole, string>> = {
  chair: "chủ trì",
  secretary: "thư ký",
  participant: "",
  observer: "khách mời",
};

const STANCE_LABEL: Readonly<Record<Stance, string>> = {
  agree: "đồng ý",
  disagree: "không đồng ý",
  other: "ý kiến khác",
};

const BASE_LABEL: Readonly<Record<RuleBase, string>> = {
  eligible: "tổng số thành viên",
  present: "số thành viên có mặt",
  cast: "tổng số phiếu tán thành và không tán thành",
};

/** "quá nửa", "ít nhất hai phần ba", "trên 3/5"… */
export function thresholdPhrase(f: Fraction, strict: boolean): string {
  if (f.numerator * 2 === f.denominator) return strict ? "quá nửa" : "ít nhất một nửa";
  if (f.numerator * 3 === f.denominator * 2) return strict ? "trên hai phần ba" : "ít nhất hai phần ba";
  if (f.numerator * 4 === f.denominator * 3) return strict ? "trên ba phần tư" : "ít nhất ba phần tư";
  if (f.numerator === f.denominator) return "toàn bộ";
  return `${strict ? "trên" : "ít nhất"} ${f.numerator}/${f.denominator}`;
}

function rowText(row: AttendanceRow): string {
  const notes: string[] = [];
  if (ROLE_NOTE[row.role]) notes.push(ROLE_NOTE[row.role]);
  if (row.status === AttendanceStatus.Remote) notes.push("trực tuyến");
  if (row.status === AttendanceStatus.Deputy && row.deputy) notes.push(`cử ${row.deputy.name} dự thay`);
  if (row.status === AttendanceStatus.AbsentWithReason && row.reason.trim())
    notes.push(`lý do: ${row.reason.trim()}`);
  const who = personWithPosition(row);
  return notes.length > 0 ? `${who} (${notes.join("; ")})` : who;
}

function quorumSentence(q: Extract<AttendanceView["quorum"], { applicable: true }>): string {
  const rule: QuorumRule = q.rule;
  const verdict = q.met
    ? "đủ số lượng theo quy định"
    : `chưa đủ số lượng theo quy định (còn thiếu ${q.shortBy})`;
  const source = rule.legalSource ? `; căn cứ: ${rule.legalSource}` : "";
  return `Số thành viên tham dự: ${q.taking}/${q.baseSize}, ${verdict} (cần ${thresholdPhrase(rule.threshold, rule.strict)} tổng số thành viên, tức ít nhất ${q.required}${source}).`;
}

function attendanceBlocks(view: AttendanceView): BodyBlock[] {
  const { counts } = view;
  const taking = counts.present + counts.remote;
  const parts = [`có mặt ${taking}/${view.rows.length} người được mời`];
  if (counts.remote > 0) parts.push(`trong đó ${counts.remote} người tham dự trực tuyến`);
  const summary = `${parts.join(", ")}.`;
  const blocks: BodyBlock[] = [labelled("Thành phần tham dự:", summary)];
  const attending = view.rows.filter((r) => r.status === "present" || r.status === "remote");
  const deputies = view.rows.filter((r) => r.status === "deputy");
  const absent = view.rows.filter((r) => r.status === "absent_with_reason" || r.status === "absent");
  const unknown = view.rows.filter((r) => r.status === null);
  blocks.push(...attending.map((r) => item(`- ${rowText(r)};`)));
  if (deputies.length > 0) {
    blocks.push(paragraph("Vắng mặt, cử người dự thay:"));
    blocks.push(...deputies.map((r) => item(`- ${rowText(r)};`)));
  }
  if (absent.length > 0) {
    blocks.push(paragraph("Vắng mặt:"));
    blocks.push(
      ...absent.map((r) => item(`- ${rowText(r)}${r.status === "absent" ? " (không có lý do)" : ""};`)),
    );
  }
  if (unknown.length > 0) {
    blocks.push(paragraph(`Chưa điểm danh: ${unknown.map((r) => r.fullName.trim()).join(", ")}.`));
  }
  if (view.quorum.applicable) blocks.push(paragraph(quorumSentence(view.quorum)));
  return blocks;
}

function authorLabel(o: OpinionView): string {
  const name = o.fullName.trim() || "Thành viên";
  return o.position.trim() ? `${name} (${o.position.trim()})` : name;
}

function opinionBlocks(c: CompiledOpinions): BodyBlock[] {
  const threads = c.threads.filter((t) => !t.deleted || t.replies.length > 0);
  if (threads.length === 0 && c.question === null) return [];
  const about = c.question ? ` về vấn đề “${c.question.text.trim()}”` : "";
  const counts =
    c.counts.total === 0
      ? "chưa có ý kiến."
      : `${c.counts.total} thành viên cho ý kiến: ${STANCE_LABEL.agree} ${c.counts.agree}, ${STANCE_LABEL.disagree} ${c.counts.disagree}, ${STANCE_LABEL.other} ${c.counts.other}.`;
  const blocks: BodyBlock[] = [labelled(`Ý kiến thảo luận${about}:`, counts)];
  for (const t of threads) {
    const stance = t.stance ? ` (${STANCE_LABEL[t.stance]})` : "";
    const text = t.deleted ? "(ý kiến đã xóa)" : t.text.trim();
    blocks.push(item(`- ${authorLabel(t)}${stance}: ${text}`));
    for (const r of t.replies) blocks.push(item(`+ ${authorLabel(r)}: ${r.text.trim()}`));
  }
  if (c.question && c.notGiven.length > 0) {
    blocks.push(paragraph(`Chưa cho ý kiến: ${c.notGiven.map((p) => p.fullName.trim()).join(", ")}.`));
  }
  return blocks;
}

const OUTCOME_LABEL: Readonly<Record<TallyResult["outcome"], string>> = {
  passed: "THÔNG QUA",
  not_passed: "KHÔNG THÔNG QUA",
  no_quorum: "KHÔNG ĐỦ SỐ THÀNH VIÊN CÓ MẶT ĐỂ BIỂU QUYẾT",
};

/** The blocks recording one vote: what was voted on, counts, the rule, and the outcome in bold. */
export function voteBlocks(vote: MinutesVote): BodyBlock[] {
  const r = vote.result;
  const counts = r.counts
    .map((c) => `${c.label} ${c.count}${c.percentOfBase === null ? "" : ` (${viNumber(c.percentOfBase)}%)`}`)
    .join("; ");
  const spec = r.rule.spec;
  const base = `${BASE_LABEL[spec.base]} (${r.base.size})`;
  const quorum = r.quorum
    ? `; điều kiện: có mặt ít nhất ${r.quorum.required}/${r.eligibleCount} thành viên (có mặt ${r.quorum.present})`
    : "";
  const source = r.rule.legalSource ? `; căn cứ: ${r.rule.legalSource}` : "";
  const outcome: TextRun[] = [
    { text: "Kết quả: ", face: "bold" },
    { text: OUTCOME_LABEL[r.outcome], face: "bold" },
  ];
  if (r.decidedBy === "chair_tie_break") {
    outcome.push({
      text: " (số phiếu tán thành và không tán thành bằng nhau, quyết định theo bên có biểu quyết của chủ tọa)",
    });
  }
  if (!r.final) outcome.push({ text: " (kết quả tạm thời, biểu quyết chưa kết thúc)" });
  outcome.push({ text: "." });
  return [
    labelled("Biểu quyết:", `${vote.title.trim()}.`),
    paragraph(
      `Số phiếu: ${counts}; chưa biểu quyết ${r.notVoted}. Tổng số thành viên được biểu quyết: ${r.eligibleCount}.`,
    ),
    paragraph(
      `Quy tắc: thông qua khi số phiếu tán thành ${thresholdPhrase(spec.threshold, spec.strict)} ${base}, tức ít nhất ${r.requiredToPass} phiếu${quorum}${source}.`,
    ),
    { kind: "paragraph", runs: outcome },
  ];
}

function findRole(view: AttendanceView, role: MeetingRole): PersonRef | null {
  return view.rows.find((r) => r.role === role) ?? null;
}

/**
 * The minutes (biên bản) of a meeting under Decree 30/2020/NĐ-CP: time and place, who attended (with
 * the quorum), chair and secretary, the agenda, and per agenda item the presenter, the secretary's
 * notes, the compiled opinions and each vote with its counts, rule and outcome; then the closing time.
 * Signed by the secretary (left) and the chair (right). Symbol "BB".
 */
export function minutesDocument(input: MinutesInput): AdministrativeDocument {
  const { meeting } = input;
  const tz = meeting.timeZone;
  const started = input.startedAt ?? meeting.startsAt;
  const ended = input.endedAt ?? meeting.endsAt;
  const chair = input.chair ?? findRole(input.attendance, MeetingRole.Chair);
  const secretary = input.secretary ?? findRole(input.attendance, MeetingRole.Secretary);

  const where = [meeting.location.trim(), meeting.onlineLink ? `trực tuyến qua ${meeting.onlineLink}` : ""]
    .filter(Boolean)
    .join("; ");
  const body: BodyBlock[] = [
    labelled("Thời gian bắt đầu:", `${decreeDateTime(started, tz)}.`),
    labelled("Địa điểm:", `${where || "không ghi"}.`),
    ...attendanceBlocks(input.attendance),
    labelled("Chủ trì:", `${chair ? personWithPosition(chair) : "không ghi"}.`),
    labelled("Thư ký:", `${secretary ? personWithPosition(secretary) : "không ghi"}.`),
    labelled("Nội dung:", "chương trình cuộc họp gồm các nội dung sau:"),
    ...meeting.agenda.map((a, i) =>
      item(`${i + 1}. ${a.title.trim()}${a.presenter.trim() ? ` (trình bày: ${a.presenter.trim()})` : ""}.`),
    ),
    paragraph("Diễn biến cuộc họp như sau:"),
  ];

  const known = new Set(meeting.agenda.map((a) => a.id));
  const sections: { id: string | null; title: string; presenter: string }[] = meeting.agenda.map((a) => ({
    id: a.id,
    title: a.title,
    presenter: a.presenter,
  }));
  const strayOpinions = input.opinions.filter((o) => !known.has(o.target.agendaItemId));
  const strayVotes = input.votes.filter((v) => !known.has(v.agendaItemId));
  if (strayOpinions.length > 0 || strayVotes.length > 0)
    sections.push({ id: null, title: "Nội dung khác", presenter: "" });

  sections.forEach((section, i) => {
    const mine = (agendaItemId: string) =>
      section.id === null ? !known.has(agendaItemId) : agendaItemId === section.id;
    body.push(heading(`${i + 1}. ${section.title.trim()}`));
    if (section.presenter.trim()) body.push(paragraph(`${section.presenter.trim()} trình bày nội dung.`));
    const notes = section.id ? input.notes?.[section.id] : undefined;
    if (notes?.trim()) body.push(...blocksOfText(notes));
    const opinions = input.opinions
      .filter((o) => mine(o.target.agendaItemId))
      .sort(
        (a, b) =>
          (a.question === null ? 0 : 1) - (b.question === null ? 0 : 1) ||
          (a.question?.orderKey ?? "").localeCompare(b.question?.orderKey ?? "") ||
          (a.question?.id ?? "").localeCompare(b.question?.id ?? ""),
      );
    for (const o of opinions) body.push(...opinionBlocks(o));
    for (const v of input.votes.filter((v) => mine(v.agendaItemId))) body.push(...voteBlocks(v));
  });

  const sameDay = utcToZonedParts(started, tz).date === utcToZonedParts(ended, tz).date;
  body.push(
    paragraph(
      `Cuộc họp kết thúc vào lúc ${decreeTime(ended, tz)}${sameDay ? " cùng ngày" : `, ${decreeDate(utcToZonedParts(ended, tz).date)}`}.`,
    ),
  );

  return {
    issuer: input.issuer,
    number: input.number,
    typeCode: "BB",
    place: input.place,
    date: input.date,
    typeName: "Biên bản",
    summary: input.summary?.trim() || `Cuộc họp ${meeting.title.trim()}`,
    body: withEndMark(body),
    signatures: [
      { authority: ["Thư ký"], fullName: secretary?.fullName ?? "" },
      { authority: ["Chủ trì"], fullName: chair?.fullName ?? "" },
    ],
    recipients: input.recipients,
  };
}
