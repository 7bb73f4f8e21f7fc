/**
 * The first-run demo: a ward People's Committee (UBND phường) with three meetings, so a newcomer sees
 * the product working at once. Seeded only into an empty DATA_DIR (see workspace.ts).
 *
 * Why a ward and not a district: since 1 July 2025 Vietnam's local government has two tiers
 * (province, commune/ward) and districts (quận) no longer have People's Committees, so a "UBND quận"
 * meeting dated after that would look wrong to our users.
 *
 * Dates are relative to the clock so the demo always has one past, one upcoming and one draft meeting:
 * the regular meeting is on the first weekday at least 7 days ahead, the previous one a month earlier,
 * the thematic draft 2 weeks later. Times are wall-clock Asia/Ho_Chi_Minh.
 */
import type { AutomergeUrl, Repo } from "@automerge/automerge-repo";
import {
  type AgendaItemInput,
  addAgendaItem,
  addMeetingToWorkspace,
  addMember,
  addParticipant,
  addUnit,
  DEFAULT_TIME_ZONE,
  initMeeting,
  initParticipation,
  initWorkspace,
  linkParticipation,
  type MeetingDoc,
  type MeetingId,
  MeetingKind,
  MeetingRole,
  MeetingStatus,
  type NewMeetingInput,
  type ParticipantInput,
  type ParticipationDoc,
  setMeetingStatus,
  UnitKind,
  utcToZonedParts,
  type WorkspaceDoc,
  WorkspaceRole,
  zonedToUtc,
} from "../../shared/src/index.ts";

/** Name of the demo workspace. */
export const DEMO_WORKSPACE_NAME = "UBND phường Bình Thạnh";
const ISSUING_BODY = "Ủy ban nhân dân phường Bình Thạnh";
const LOCATION = "Phòng họp tầng 2, trụ sở UBND phường Bình Thạnh";

/** The demo's units (đơn vị); members belong to them. */
const UNITS = {
  leadership: { name: "Thường trực UBND phường", kind: UnitKind.Other },
  office: { name: "Văn phòng HĐND và UBND phường", kind: UnitKind.Office },
  economy: { name: "Phòng Kinh tế, Hạ tầng và Đô thị", kind: UnitKind.Department },
  social: { name: "Phòng Văn hóa – Xã hội", kind: UnitKind.Department },
  service: { name: "Trung tâm Phục vụ hành chính công phường", kind: UnitKind.Office },
  police: { name: "Công an phường", kind: UnitKind.Other },
  front: { name: "Ủy ban MTTQ Việt Nam phường", kind: UnitKind.Other },
} as const;

type UnitKey = keyof typeof UNITS;

/**
 * The demo's people: each becomes a directory member. Workspace roles: the chair is the admin, the
 * office's specialist who keeps the minutes is the secretary, the Fatherland Front's representative
 * (invited, not a member of the committee) an observer; everyone else a member.
 */
const PEOPLE = {
  chair: {
    fullName: "Nguyễn Văn Hùng",
    position: "Chủ tịch UBND phường",
    unit: "leadership",
    role: WorkspaceRole.Admin,
    email: "hung.nv",
  },
  vice1: {
    fullName: "Trần Thị Mai",
    position: "Phó Chủ tịch UBND phường",
    unit: "leadership",
    role: WorkspaceRole.Member,
    email: "mai.tt",
  },
  vice2: {
    fullName: "Đỗ Quang Vinh",
    position: "Phó Chủ tịch UBND phường",
    unit: "leadership",
    role: WorkspaceRole.Member,
    email: "vinh.dq",
  },
  office: {
    fullName: "Trần Văn Minh",
    position: "Chánh Văn phòng HĐND và UBND phường",
    unit: "office",
    role: WorkspaceRole.Member,
    email: "minh.tv",
  },
  secretary: {
    fullName: "Hoàng Thị Thanh Hương",
    position: "Chuyên viên Văn phòng HĐND và UBND phường",
    unit: "office",
    role: WorkspaceRole.Secretary,
    email: "huong.htt",
  },
  economy: {
    fullName: "Lê Thị Thu Hà",
    position: "Trưởng phòng Kinh tế, Hạ tầng và Đô thị",
    unit: "economy",
    role: WorkspaceRole.Member,
    email: "ha.ltt",
  },
  urban: {
    fullName: "Bùi Đức Thắng",
    position: "Phó Trưởng phòng Kinh tế, Hạ tầng và Đô thị",
    unit: "economy",
    role: WorkspaceRole.Member,
    email: "thang.bd",
  },
  social: {
    fullName: "Phạm Thị Ngọc Lan",
    position: "Trưởng phòng Văn hóa – Xã hội",
    unit: "social",
    role: WorkspaceRole.Member,
    email: "lan.ptn",
  },
  service: {
    fullName: "Nguyễn Hoàng Phúc",
    position: "Giám đốc Trung tâm Phục vụ hành chính công phường",
    unit: "service",
    role: WorkspaceRole.Member,
    email: "phuc.nh",
  },
  police: {
    fullName: "Võ Minh Tuấn",
    position: "Trưởng Công an phường",
    unit: "police",
    role: WorkspaceRole.Member,
    email: "tuan.vm",
  },
  front: {
    fullName: "Lâm Thị Kim Oanh",
    position: "Phó Chủ tịch Ủy ban MTTQ Việt Nam phường",
    unit: "front",
    role: WorkspaceRole.Observer,
    email: "oanh.ltk",
  },
} as const satisfies Record<
  string,
  { fullName: string; position: string; unit: UnitKey; role: WorkspaceRole; email: string }
>;

type PersonKey = keyof typeof PEOPLE;
type Person = (typeof PEOPLE)[PersonKey];

/** The member who gets the demo's admin invitation, and the ordinary member who gets the other. */
export const DEMO_ADMIN: PersonKey = "chair";
export const DEMO_MEMBER: PersonKey = "economy";

/** A demo participant: who (a key of the demo's people) and the meeting role. */
export interface DemoParticipant extends ParticipantInput {
  readonly person: PersonKey;
}

function as(key: PersonKey, role: ParticipantInput["role"]): DemoParticipant {
  const person = PEOPLE[key];
  return { person: key, fullName: person.fullName, position: person.position, role };
}

function presenter(person: Person, title: "Ông" | "Bà" | "Thiếu tá"): string {
  return `${title} ${person.fullName}, ${person.position}`;
}

/** What one demo meeting contains and the status it ends in. */
interface DemoMeeting {
  readonly details: NewMeetingInput;
  readonly participants: readonly DemoParticipant[];
  readonly agenda: readonly AgendaItemInput[];
  /** Statuses to step through after creation (the life cycle allows one step at a time). */
  readonly statusPath: readonly MeetingStatus[];
}

/** The three demo meetings for a clock reading (ms since the epoch). Pure; exported for tests. */
export function demoMeetings(now: number): DemoMeeting[] {
  const today = utcToZonedParts(new Date(now).toISOString(), DEFAULT_TIME_ZONE).date;
  const regularDay = nextWeekday(addDays(today, 7));
  const previousDay = weekdayOnOrBefore(previousMonth(regularDay));
  const thematicDay = nextWeekday(addDays(regularDay, 14));
  const at = (day: string, time: string) => zonedToUtc(day, time, DEFAULT_TIME_ZONE);

  const everyone: DemoParticipant[] = [
    as("chair", MeetingRole.Chair),
    as("secretary", MeetingRole.Secretary),
    as("vice1", MeetingRole.Participant),
    as("vice2", MeetingRole.Participant),
    as("office", MeetingRole.Participant),
    as("economy", MeetingRole.Participant),
    as("urban", MeetingRole.Participant),
    as("social", MeetingRole.Participant),
    as("service", MeetingRole.Participant),
    as("police", MeetingRole.Participant),
    as("front", MeetingRole.Observer),
  ];

  const regular: DemoMeeting = {
    details: {
      title: `Phiên họp UBND phường thường kỳ tháng ${monthYear(regularDay)}`,
      issuingBody: ISSUING_BODY,
      kind: MeetingKind.Regular,
      startsAt: at(regularDay, "08:00"),
      endsAt: at(regularDay, "11:30"),
      timeZone: DEFAULT_TIME_ZONE,
      location: LOCATION,
      onlineLink: "https://hop.example.vn/ubnd-binh-thanh/thuong-ky",
    },
    participants: everyone,
    agenda: [
      {
        title: `Báo cáo tình hình kinh tế – xã hội, quốc phòng – an ninh tháng ${monthYear(previousDay)}; nhiệm vụ trọng tâm tháng ${monthYear(regularDay)}`,
        presenter: presenter(PEOPLE.office, "Ông"),
        plannedMinutes: 30,
        description:
          "Văn phòng tổng hợp báo cáo của các phòng, ban; các thành viên UBND cho ý kiến về kết quả thực hiện và các chỉ tiêu chưa đạt.",
      },
      {
        title: "Tiến độ thu, chi ngân sách phường và giải ngân vốn đầu tư công",
        presenter: presenter(PEOPLE.economy, "Bà"),
        plannedMinutes: 25,
        description:
          "Số liệu thu ngân sách lũy kế, các khoản chi thường xuyên phát sinh và tỷ lệ giải ngân của từng dự án; đề xuất điều chỉnh dự toán.",
      },
      {
        title: "Kế hoạch chỉnh trang đô thị, bảo đảm trật tự lòng đường, vỉa hè",
        presenter: presenter(PEOPLE.urban, "Ông"),
        plannedMinutes: 20,
        description:
          "Danh sách tuyến đường ra quân, phân công lực lượng phối hợp và phương án vận động hộ kinh doanh.",
      },
      {
        title: "Kết quả giải quyết hồ sơ thủ tục hành chính tại Trung tâm Phục vụ hành chính công phường",
        presenter: presenter(PEOPLE.service, "Ông"),
        plannedMinutes: 15,
        description:
          "Số hồ sơ tiếp nhận, trả đúng hạn, trễ hạn và nguyên nhân; tỷ lệ hồ sơ trực tuyến toàn trình.",
      },
      {
        title: "Công tác an sinh xã hội, chăm lo hộ nghèo, hộ cận nghèo và gia đình chính sách",
        presenter: presenter(PEOPLE.social, "Bà"),
        plannedMinutes: 20,
        description: "Danh sách đề nghị hỗ trợ, nguồn kinh phí vận động và kế hoạch thăm, tặng quà.",
      },
      {
        title: "Bảo đảm an ninh trật tự, phòng cháy, chữa cháy trên địa bàn phường",
        presenter: presenter(PEOPLE.police, "Thiếu tá"),
        plannedMinutes: 20,
        description:
          "Tình hình an ninh trật tự trong tháng, kết quả kiểm tra phòng cháy, chữa cháy tại nhà trọ và cơ sở kinh doanh.",
      },
    ],
    statusPath: [MeetingStatus.Published],
  };

  const previous: DemoMeeting = {
    details: {
      title: `Phiên họp UBND phường thường kỳ tháng ${monthYear(previousDay)}`,
      issuingBody: ISSUING_BODY,
      kind: MeetingKind.Regular,
      startsAt: at(previousDay, "08:00"),
      endsAt: at(previousDay, "11:00"),
      timeZone: DEFAULT_TIME_ZONE,
      location: LOCATION,
      onlineLink: null,
    },
    participants: [
      as("chair", MeetingRole.Chair),
      as("secretary", MeetingRole.Secretary),
      as("vice1", MeetingRole.Participant),
      as("vice2", MeetingRole.Participant),
      as("office", MeetingRole.Participant),
      as("economy", MeetingRole.Participant),
    ],
    agenda: [
      {
        title: "Báo cáo tình hình kinh tế – xã hội tháng trước; nhiệm vụ trọng tâm trong tháng",
        presenter: presenter(PEOPLE.office, "Ông"),
        plannedMinutes: 30,
        description: "",
      },
      {
        title: "Dự thảo kế hoạch cải cách hành chính năm tới",
        presenter: presenter(PEOPLE.vice2, "Ông"),
        plannedMinutes: 25,
        description: "Các chỉ tiêu về số hóa hồ sơ, dịch vụ công trực tuyến và khảo sát mức độ hài lòng.",
      },
      {
        title: "Rà soát các kiến nghị của cử tri chưa được giải quyết",
        presenter: presenter(PEOPLE.vice1, "Bà"),
        plannedMinutes: 20,
        description: "",
      },
    ],
    statusPath: [MeetingStatus.Published, MeetingStatus.InSession, MeetingStatus.Concluded],
  };

  const thematic: DemoMeeting = {
    details: {
      title: "Hội nghị chuyên đề về chuyển đổi số trong giải quyết thủ tục hành chính",
      issuingBody: ISSUING_BODY,
      kind: MeetingKind.Thematic,
      startsAt: at(thematicDay, "14:00"),
      endsAt: at(thematicDay, "16:30"),
      timeZone: DEFAULT_TIME_ZONE,
      location: "Hội trường UBND phường Bình Thạnh",
      onlineLink: null,
    },
    participants: [
      as("vice2", MeetingRole.Chair),
      as("secretary", MeetingRole.Secretary),
      as("service", MeetingRole.Participant),
      as("office", MeetingRole.Participant),
    ],
    agenda: [
      {
        title: "Đánh giá hiện trạng hồ sơ trực tuyến toàn trình",
        presenter: presenter(PEOPLE.service, "Ông"),
        plannedMinutes: 30,
        description: "",
      },
      {
        title: "Thảo luận giải pháp hướng dẫn người dân nộp hồ sơ trực tuyến",
        presenter: presenter(PEOPLE.vice2, "Ông"),
        plannedMinutes: 45,
        description: "",
      },
    ],
    statusPath: [],
  };

  return [previous, regular, thematic];
}

/** What {@link seedDemo} made. */
export interface SeededDemo {
  readonly workspaceUrl: AutomergeUrl;
  readonly meetingUrls: AutomergeUrl[];
  /** The participation document of each meeting, in the same order. */
  readonly participationUrls: AutomergeUrl[];
  /** Directory member id of each demo person. */
  readonly memberIds: Readonly<Record<PersonKey, string>>;
  /** Who gets the demo's admin invitation and who the ordinary member's. */
  readonly adminMemberId: string;
  readonly memberMemberId: string;
}

/**
 * Creates the demo workspace in `repo` using shared/'s change functions: the units and directory
 * members (with workspace roles), and three meetings whose participants are linked to the members,
 * each with its participation document.
 *
 * @param now clock reading, ms since the epoch; meeting dates are computed from it
 * @throws DomainError if a change function refuses the demo data (a bug in this file)
 */
export function seedDemo(repo: Repo, now: number): SeededDemo {
  const workspace = repo.create<WorkspaceDoc>();
  const memberIds = {} as Record<PersonKey, string>;
  workspace.change((doc) => {
    initWorkspace(doc, { name: DEMO_WORKSPACE_NAME }, now);
    const unitIds = {} as Record<UnitKey, string>;
    for (const [key, unit] of Object.entries(UNITS) as [UnitKey, (typeof UNITS)[UnitKey]][]) {
      unitIds[key] = addUnit(doc, { name: unit.name, kind: unit.kind }, now);
    }
    for (const [key, person] of Object.entries(PEOPLE) as [PersonKey, Person][]) {
      memberIds[key] = addMember(
        doc,
        {
          fullName: person.fullName,
          position: person.position,
          unitId: unitIds[person.unit],
          email: `${person.email}@binhthanh.example.vn`,
          workspaceRole: person.role,
        },
        now,
      );
    }
  });
  const meetingUrls: AutomergeUrl[] = [];
  const participationUrls: AutomergeUrl[] = [];
  for (const meeting of demoMeetings(now)) {
    const handle = repo.create<MeetingDoc>();
    const participation = repo.create<ParticipationDoc>();
    let meetingId: MeetingId | undefined;
    handle.change((doc) => {
      meetingId = initMeeting(doc, meeting.details, now);
      linkParticipation(doc, participation.url);
      for (const { person, ...p } of meeting.participants)
        addParticipant(doc, { ...p, memberId: memberIds[person] }, now);
      for (const item of meeting.agenda) addAgendaItem(doc, item, now);
    });
    const id = meetingId!;
    participation.change((doc) => initParticipation(doc, { meetingId: id, meetingUrl: handle.url }, now));
    for (const status of meeting.statusPath) {
      handle.change((doc) => setMeetingStatus(doc, status, now));
    }
    workspace.change((doc) => addMeetingToWorkspace(doc, { meetingId: id, url: handle.url }, now));
    meetingUrls.push(handle.url);
    participationUrls.push(participation.url);
  }
  return {
    workspaceUrl: workspace.url,
    meetingUrls,
    participationUrls,
    memberIds,
    adminMemberId: memberIds[DEMO_ADMIN],
    memberMemberId: memberIds[DEMO_MEMBER],
  };
}

/** "yyyy-MM-dd" plus n calendar days. */
function addDays(day: string, n: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

/** The same day of the previous month ("yyyy-MM-dd"), clamped to that month's last day. */
function previousMonth(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const year = m === 1 ? y - 1 : y;
  const month = m === 1 ? 12 : m - 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, "0")}-${String(Math.min(d, lastDay)).padStart(2, "0")}`;
}

/** The day itself if Monday–Friday, else the following Monday. */
function nextWeekday(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  if (weekday === 6) return addDays(day, 2);
  if (weekday === 0) return addDays(day, 1);
  return day;
}

/** The day itself if Monday–Friday, else the Friday before. */
function weekdayOnOrBefore(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  if (weekday === 6) return addDays(day, -1);
  if (weekday === 0) return addDays(day, -2);
  return day;
}

/** "MM/yyyy" of a "yyyy-MM-dd" day. */
function monthYear(day: string): string {
  return `${day.slice(5, 7)}/${day.slice(0, 4)}`;
}
