/*
 * Test helpers: the Tinos faces through Vite's `?inline` imports (data: URLs, so no node:fs in shared/),
 * sample inputs in Vietnamese, and text extraction with pdf.js as a reader would see it.
 */

import regularUrl from "@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf?inline";
import italicUrl from "@expo-google-fonts/tinos/400Regular_Italic/Tinos_400Regular_Italic.ttf?inline";
import boldUrl from "@expo-google-fonts/tinos/700Bold/Tinos_700Bold.ttf?inline";
import boldItalicUrl from "@expo-google-fonts/tinos/700Bold_Italic/Tinos_700Bold_Italic.ttf?inline";
import type { MeetingView } from "../meeting/selectors.ts";
import type { AttendanceRow, AttendanceView } from "../meeting-run/attendance.ts";
import type { CompiledOpinions } from "../meeting-run/opinion-views.ts";
import { MAJORITY_QUORUM } from "../meeting-run/quorum.ts";
import { COUNCIL_RESOLUTION } from "../votes/rules.ts";
import type { TallyResult } from "../votes/tally.ts";
import type { ConclusionNoticeInput } from "./conclusion-notice.ts";
import { type DocumentFonts, loadDocumentFonts, TINOS_FONT_FILES } from "./fonts.ts";
import type { MinutesInput } from "./minutes.ts";
import type { FontFace } from "./model.ts";

const INLINE: Readonly<Record<FontFace, string>> = {
  regular: regularUrl,
  bold: boldUrl,
  italic: italicUrl,
  boldItalic: boldItalicUrl,
};

let fonts: Promise<DocumentFonts> | null = null;

/** The four Tinos faces (loaded once per test file). */
export function testFonts(): Promise<DocumentFonts> {
  fonts ??= loadDocumentFonts(async (file, face) => {
    if (file !== TINOS_FONT_FILES[face]) throw new Error(`unexpected font file ${file}`);
    return new Uint8Array(await (await fetch(INLINE[face])).arrayBuffer());
  });
  return fonts;
}

/** 10:00 on 5 Dec 2026 in Hồ Chí Minh City. */
export const NOW = Date.parse("2026-12-05T03:00:00.000Z");

export const ISSUER = {
  superior: "Ủy ban nhân dân Thành phố Hồ Chí Minh",
  name: "Ủy ban nhân dân quận Bình Thạnh",
  code: "UBND",
} as const;

/** A long paragraph with every hard Vietnamese letter, to cross page breaks. */
export const LONG_PARAGRAPH =
  "Giao Phòng Tài chính - Kế hoạch chủ trì, phối hợp với các phòng, ban chuyên môn và Ủy ban nhân dân các phường rà soát toàn bộ danh mục dự án đầu tư công năm 2027, ưu tiên bố trí vốn cho các công trình trường học, trạm y tế và hệ thống thoát nước chống ngập; khẩn trương hoàn thiện hồ sơ, thủ tục để giải ngân đúng tiến độ, tránh tình trạng chậm trễ kéo dài ảnh hưởng đến đời sống người dân; báo cáo kết quả thực hiện về Ủy ban nhân dân quận trước ngày 15 tháng 12 năm 2026 (lưu ý các chữ ỷ, ữ, ặ, ễ, ộ, đ, Đ, Ư, ơ phải hiển thị đúng).";

export const AGENDA: MeetingView["agenda"] = [
  {
    id: "a1",
    title: "Tình hình thực hiện kế hoạch phát triển kinh tế - xã hội năm 2026",
    presenter: "Trưởng phòng Tài chính - Kế hoạch",
    plannedMinutes: 45,
    description: "",
    orderKey: "a0",
    deletedAt: null,
  },
  {
    id: "a2",
    title: "Dự thảo Kế hoạch chỉnh trang đô thị và chống ngập năm 2027",
    presenter: "Trưởng phòng Quản lý đô thị",
    plannedMinutes: 30,
    description: "",
    orderKey: "a1",
    deletedAt: null,
  },
];

export const MEETING: MinutesInput["meeting"] = {
  title: "Giao ban tháng 12 năm 2026",
  startsAt: "2026-12-03T01:00:00.000Z",
  endsAt: "2026-12-03T04:30:00.000Z",
  timeZone: "Asia/Ho_Chi_Minh",
  location: "Hội trường A, trụ sở Ủy ban nhân dân quận",
  onlineLink: null,
  agenda: AGENDA,
};

export function sampleNoticeInput(sections = 4): ConclusionNoticeInput {
  return {
    issuer: ISSUER,
    number: 5,
    place: "Bình Thạnh",
    date: "2026-12-05",
    meeting: MEETING,
    chair: { fullName: "Nguyễn Văn An", position: "Chủ tịch Ủy ban nhân dân quận" },
    attendees: "các Phó Chủ tịch Ủy ban nhân dân quận; lãnh đạo các phòng, ban chuyên môn thuộc quận",
    sections: Array.from({ length: sections }, (_, i) => ({
      heading: i % 2 === 0 ? AGENDA[0]!.title : AGENDA[1]!.title,
      text: `${LONG_PARAGRAPH}\n- Giao Văn phòng HĐND và UBND quận theo dõi, đôn đốc việc thực hiện.\n${LONG_PARAGRAPH}`,
    })),
    signature: { authority: ["TL. Chủ tịch", "Chánh Văn phòng"], fullName: "Trần Thị Bích Ngọc" },
    recipients: [
      "Thường trực Quận ủy",
      "Thường trực HĐND quận",
      "Chủ tịch, các Phó Chủ tịch UBND quận",
      "Các phòng, ban chuyên môn thuộc quận",
      "UBND các phường",
      "Lưu: VT",
    ],
  };
}

function row(
  id: string,
  fullName: string,
  position: string,
  role: AttendanceRow["role"],
  status: AttendanceRow["status"],
  extra: Partial<AttendanceRow> = {},
): AttendanceRow {
  return {
    participantId: id,
    memberId: `m-${id}`,
    fullName,
    position,
    role,
    countsForQuorum: role === "chair" || role === "participant",
    status,
    source: status ? "secretary" : null,
    since: status ? "2026-12-03T01:00:00.000Z" : null,
    reason: "",
    deputy: null,
    selfCheckIn: null,
    secretaryMark: null,
    invitation: null,
    ...extra,
  };
}

export const ATTENDANCE: AttendanceView = {
  rows: [
    row("p1", "Nguyễn Văn An", "Chủ tịch UBND quận", "chair", "present"),
    row("p2", "Trần Thị Bích Ngọc", "Chánh Văn phòng", "secretary", "present"),
    row("p3", "Lê Hữu Đức", "Phó Chủ tịch UBND quận", "participant", "present"),
    row("p4", "Phạm Thị Ửng", "Trưởng phòng Tài chính - Kế hoạch", "participant", "remote"),
    row("p5", "Võ Quốc Việt", "Trưởng phòng Quản lý đô thị", "participant", "absent_with_reason", {
      reason: "đi công tác",
    }),
    row("p6", "Đặng Thị Yến", "Trưởng phòng Nội vụ", "participant", "deputy", {
      deputy: { memberId: null, name: "Hồ Văn Lợi" },
    }),
  ],
  counts: { present: 3, remote: 1, absent_with_reason: 1, absent: 0, deputy: 1, unknown: 0 },
  quorum: {
    applicable: true,
    rule: MAJORITY_QUORUM,
    baseSize: 5,
    required: 3,
    taking: 3,
    met: true,
    shortBy: 0,
    counts: { present: 2, remote: 1, absent_with_reason: 1, absent: 0, deputy: 1, unknown: 0 },
  },
};

export const OPINIONS: CompiledOpinions[] = [
  {
    target: { agendaItemId: "a2", questionId: "q1" },
    question: {
      id: "q1",
      agendaItemId: "a2",
      text: "Có nên ưu tiên vốn cho dự án chống ngập đường Xô Viết Nghệ Tĩnh?",
      orderKey: "a0",
      createdAt: "2026-12-01T00:00:00.000Z",
      updatedAt: "2026-12-01T00:00:00.000Z",
      deletedAt: null,
    },
    threads: [
      {
        id: "o1",
        memberId: "m-p3",
        fullName: "Lê Hữu Đức",
        position: "Phó Chủ tịch UBND quận",
        agendaItemId: "a2",
        questionId: "q1",
        parentId: null,
        stance: "agree",
        text: "Đồng ý; đề nghị bổ sung lộ trình thực hiện theo từng quý và phân công rõ trách nhiệm.",
        createdAt: "2026-12-03T01:40:00.000Z",
        editedAt: null,
        deleted: false,
        replies: [],
      },
    ],
    stances: [],
    counts: { agree: 1, disagree: 0, other: 0, total: 1 },
    notGiven: [{ participantId: "p4", memberId: "m-p4", fullName: "Phạm Thị Ửng" }],
  },
];

export const TALLY: TallyResult = {
  motionId: "mo1",
  rule: {
    id: COUNCIL_RESOLUTION.id,
    spec: COUNCIL_RESOLUTION.spec,
    legalSource: COUNCIL_RESOLUTION.legalSource,
  },
  final: true,
  outcome: "passed",
  decidedBy: "threshold",
  counts: [
    { choiceId: "c1", label: "Tán thành", meaning: "approve", count: 3, percentOfBase: 60 },
    { choiceId: "c2", label: "Không tán thành", meaning: "reject", count: 1, percentOfBase: 20 },
    { choiceId: "c3", label: "Không biểu quyết", meaning: "abstain", count: 0, percentOfBase: 0 },
  ],
  approve: 3,
  reject: 1,
  voted: 4,
  notVoted: 1,
  eligibleCount: 5,
  presentCount: 4,
  base: { kind: "eligible", size: 5 },
  requiredToPass: 3,
  quorum: { required: 4, present: 4, met: true },
  votes: [],
};

export function sampleMinutesInput(): MinutesInput {
  return {
    issuer: ISSUER,
    number: 12,
    place: "Bình Thạnh",
    date: "2026-12-03",
    meeting: MEETING,
    endedAt: "2026-12-03T04:15:00.000Z",
    attendance: ATTENDANCE,
    opinions: OPINIONS,
    votes: [
      {
        agendaItemId: "a2",
        title: "Thông qua Kế hoạch chỉnh trang đô thị và chống ngập năm 2027",
        result: TALLY,
      },
    ],
    notes: { a1: `${LONG_PARAGRAPH}\n${LONG_PARAGRAPH}`, a2: LONG_PARAGRAPH },
    recipients: ["Chủ tịch, các Phó Chủ tịch UBND quận", "Các thành viên dự họp", "Lưu: VT"],
  };
}

/** Text of one PDF page as pdf.js extracts it. */
export interface PageText {
  /** Everything inside the margins as pdf.js strings it together, white space collapsed, NFC. */
  readonly body: string;
  /** Items in the top margin (the page number). */
  readonly topMargin: string;
}

/**
 * Extracts the text of every page with pdf.js (the Node "legacy" build), as a reader would copy it.
 * Also returns the fonts pdf.js loaded, to check they were embedded.
 */
export async function pdfText(bytes: Uint8Array): Promise<{ pages: PageText[]; fonts: string[] }> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const task = pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false });
  const pdf = await task.promise;
  const pages: PageText[] = [];
  const fonts = new Set<string>();
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const height = page.view[3]!;
    const content = await page.getTextContent();
    const body: string[] = [];
    const top: string[] = [];
    for (const it of content.items) {
      if (!("str" in it)) continue;
      // pdf.js puts the spaces it infers inside items and marks line ends with hasEOL.
      const text = it.str + (it.hasEOL ? " " : "");
      // The top margin is 20 mm (56.7 pt); page numbers sit there.
      (it.transform[5] > height - 50 ? top : body).push(text);
    }
    const ops = await page.getOperatorList();
    for (let i = 0; i < ops.fnArray.length; i++) {
      if (ops.fnArray[i] !== pdfjs.OPS.setFont) continue;
      const id = String((ops.argsArray[i] as unknown[])[0]);
      const font = page.commonObjs.has(id)
        ? (page.commonObjs.get(id) as { name?: string; missingFile?: boolean })
        : null;
      fonts.add(font ? `${font.name}${font.missingFile ? " (missing file)" : ""}` : `${id} (not loaded)`);
    }
    pages.push({
      body: body.join("").replace(/\s+/gu, " ").trim().normalize("NFC"),
      topMargin: top.join("").trim(),
    });
    page.cleanup();
  }
  await task.destroy();
  return { pages, fonts: [...fonts].sort() };
}
