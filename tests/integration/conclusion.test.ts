/**
 * Issue 8 at the relay: the chair issues a meeting's conclusion; the relay makes the notice document and
 * lists it; a member of a recipient unit (not at the meeting) reads it and leaves a read receipt the
 * chair sees; a member of another unit cannot get it; a reader cannot change the text. And the notice
 * and the minutes as PDF: pdf.js reads the national header lines, the title and the Vietnamese body.
 */
import type { AutomergeUrl, DocHandle } from "@automerge/automerge-repo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  conclusionNoticeDocument,
  minutesDocument,
  NATIONAL_MOTTO,
  NATIONAL_TITLE,
  renderDocumentPdf,
} from "../../shared/src/documents/index.ts";
import { pdfText, testFonts } from "../../shared/src/documents/test-support.ts";
import {
  addAgendaItem,
  addMeetingToWorkspace,
  addParticipant,
  approveConclusion,
  attendanceView,
  compileOpinions,
  conclusionView,
  editConclusionSection,
  initMeeting,
  initParticipation,
  issueConclusion,
  linkParticipation,
  type MeetingDoc,
  MeetingKind,
  markNoticeRead,
  meetingView,
  type NoticeDoc,
  noticeView,
  type ParticipationDoc,
  startConclusionDraft,
  validateNotice,
  type WorkspaceDoc,
  workspaceNotices,
} from "../../shared/src/index.ts";
import { adminApi, registerDevice, type TestDevice } from "./auth.ts";
import { acknowledged, createClient, type TestClient, waitFor } from "./clients.ts";
import { type RelayProcess, startRelayProcess } from "./relay-process.ts";

const NOW = Date.UTC(2026, 11, 1, 1, 0);
const BODY =
  "Giao Phòng Kinh tế, Hạ tầng và Đô thị chủ trì, phối hợp Phòng Tài chính – Kế hoạch hoàn thiện phương án cải tạo tuyến đường Nguyễn Hữu Cảnh, báo cáo Ủy ban nhân dân trước ngày 15/01/2027.";

let r: RelayProcess;
const clients: TestClient[] = [];
let chair: TestDevice;
let recipient: TestDevice;
let outsider: TestDevice;
let unitId: string;
let meeting: DocHandle<MeetingDoc>;
let participation: DocHandle<ParticipationDoc>;

async function member(fullName: string, role: string, unit: string | null): Promise<TestDevice> {
  const res = await adminApi<{ member: { id: string } }>(r, "POST", "/members", {
    fullName,
    workspaceRole: role,
    unitId: unit,
  });
  if (res.status !== 200) throw new Error(`add member: ${res.status}`);
  return registerDevice(r, res.body.member.id);
}

function client(device: TestDevice, name: string): TestClient {
  const c = createClient(r.syncUrl, name, { credential: device.credential });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  r = await startRelayProcess();
  unitId = (
    await adminApi<{ unit: { id: string } }>(r, "POST", "/units", {
      name: "Phòng Kinh tế, Hạ tầng và Đô thị",
    })
  ).body.unit.id;
  const other = (await adminApi<{ unit: { id: string } }>(r, "POST", "/units", { name: "Công an phường" }))
    .body.unit.id;
  chair = await member("Nguyễn Văn Hùng", "admin", null);
  recipient = await member("Bùi Đức Thắng", "member", unitId);
  outsider = await member("Võ Minh Tuấn", "member", other);

  const c = client(chair, "chair");
  const ws = await c.repo.find<WorkspaceDoc>(chair.session.workspaceUrl as AutomergeUrl);
  meeting = c.repo.create<MeetingDoc>();
  participation = c.repo.create<ParticipationDoc>();
  let meetingId = "";
  meeting.change((d) => {
    meetingId = initMeeting(
      d,
      {
        title: "Họp giao ban tháng 12/2026",
        issuingBody: "Ủy ban nhân dân phường Bình Thạnh",
        kind: MeetingKind.Regular,
        startsAt: "2026-12-22T01:00:00.000Z",
        endsAt: "2026-12-22T04:00:00.000Z",
        timeZone: "Asia/Ho_Chi_Minh",
        location: "Phòng họp tầng 2",
        onlineLink: null,
      },
      NOW,
    );
    linkParticipation(d, participation.url);
    addParticipant(
      d,
      {
        fullName: "Nguyễn Văn Hùng",
        position: "Chủ tịch UBND phường",
        role: "chair",
        memberId: chair.memberId,
      },
      NOW,
    );
    addAgendaItem(
      d,
      { title: "Phương án cải tạo tuyến đường", presenter: "", plannedMinutes: 30, description: "" },
      NOW,
    );
  });
  participation.change((d) => initParticipation(d, { meetingId, meetingUrl: meeting.url }, NOW));
  ws.change((d) => addMeetingToWorkspace(d, { meetingId, url: meeting.url }, NOW));
  const itemId = Object.keys(meeting.doc().agenda)[0]!;
  meeting.change((d) => void startConclusionDraft(d, NOW));
  meeting.change((d) => editConclusionSection(d, itemId, BODY));
  meeting.change((d) => approveConclusion(d, chair.memberId, "chair", NOW));
  meeting.change((d) =>
    issueConclusion(
      d,
      {
        number: 125,
        issuerCode: "UBND",
        place: "Bình Thạnh",
        signerName: "Nguyễn Văn Hùng",
        signerPosition: "Chủ tịch",
        recipientUnitIds: [unitId],
      },
      chair.memberId,
      "chair",
      NOW,
    ),
  );
  await acknowledged(c, meeting as DocHandle<unknown>);
  await acknowledged(c, participation as DocHandle<unknown>);
  await acknowledged(c, ws as DocHandle<unknown>);
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await r?.stop();
});

async function noticeUrl(c: TestClient, device: TestDevice): Promise<AutomergeUrl> {
  const ws = await c.repo.find<WorkspaceDoc>(device.session.workspaceUrl as AutomergeUrl);
  await waitFor(() => workspaceNotices(ws.doc()).length > 0, 15_000, "the notice listed in the workspace");
  return workspaceNotices(ws.doc())[0]!.url as AutomergeUrl;
}

describe("distribution of the conclusion notice", () => {
  it("reaches the recipient unit's member, who leaves a read receipt; others cannot read or rewrite it", async () => {
    const rc = client(recipient, "recipient");
    const url = await noticeUrl(rc, recipient);
    const notice = await rc.repo.find<NoticeDoc>(url);
    expect(validateNotice(notice.doc())).toEqual({ ok: true });
    const view = noticeView(notice.doc());
    expect(view.numberAndSymbol).toBe("125/TB-UBND");
    expect(view.sections.map((s) => s.text)).toContain(BODY);

    // The reader's receipt is accepted and the chair sees it.
    notice.change((d) => markNoticeRead(d, recipient.memberId, Date.now()));
    const cc = client(chair, "chair-2");
    const onChair = await cc.repo.find<NoticeDoc>(url);
    await waitFor(
      () => noticeView(onChair.doc()).receipts.has(recipient.memberId),
      15_000,
      "the receipt reaches the chair",
    );
    // A reader's attempt to change the text is refused: the chair's copy keeps the issued text.
    notice.change((d) => {
      d.sections[0]!.text = "Sửa trái phép";
    });
    await waitFor(
      () => r.logs.some((l) => l.msg === "notice change beyond a read receipt"),
      15_000,
      "the relay refuses the change",
    );
    expect(noticeView(onChair.doc()).sections.map((s) => s.text)).toContain(BODY);

    const oc = client(outsider, "outsider");
    await expect(oc.repo.find<NoticeDoc>(await noticeUrl(oc, outsider))).rejects.toThrow(/unavailable/);
  }, 60_000);

  it("the notice and the minutes as PDF read back with pdf.js: header lines, title, Vietnamese body", async () => {
    const m = meeting.doc();
    const view = meetingView(m);
    const c = conclusionView(m);
    const titles = new Map(view.agenda.map((a) => [a.id, a.title]));
    const fonts = await testFonts();
    const notice = conclusionNoticeDocument({
      issuer: { superior: null, name: view.issuingBody, code: c.issue!.issuerCode },
      number: c.issue!.number,
      place: c.issue!.place,
      date: "2026-12-22",
      meeting: view,
      chair: { fullName: "Nguyễn Văn Hùng", position: "Chủ tịch UBND phường" },
      sections: c.sections
        .filter((s) => s.text)
        .map((s) => ({
          heading: s.agendaItemId ? (titles.get(s.agendaItemId) ?? null) : null,
          text: s.text,
        })),
      signature: { authority: [c.issue!.signerPosition], fullName: c.issue!.signerName },
      recipients: ["Phòng Kinh tế, Hạ tầng và Đô thị", "Lưu: VT"],
    });
    const text = (await pdfText(await renderDocumentPdf(notice, fonts, { now: NOW }))).pages
      .map((p) => p.body)
      .join(" ");
    expect(text).toContain(NATIONAL_TITLE);
    expect(text).toContain(NATIONAL_MOTTO);
    expect(text).toContain("THÔNG BÁO");
    expect(text).toContain("Số: 125/TB-UBND");
    expect(text).toContain(
      "Giao Phòng Kinh tế, Hạ tầng và Đô thị chủ trì, phối hợp Phòng Tài chính – Kế hoạch",
    );
    expect(text).toContain("Nguyễn Hữu Cảnh");

    const p = participation.doc();
    const minutes = minutesDocument({
      issuer: { superior: null, name: view.issuingBody, code: "UBND" },
      number: null,
      place: "Bình Thạnh",
      date: "2026-12-22",
      meeting: view,
      attendance: attendanceView(m, p),
      opinions: view.agenda.map((a) => compileOpinions(p, m, { agendaItemId: a.id, questionId: null })),
      votes: [],
      notes: Object.fromEntries(
        c.sections.filter((s) => s.agendaItemId).map((s) => [s.agendaItemId!, s.text]),
      ),
      recipients: ["Lưu: VT"],
    });
    const minutesText = (await pdfText(await renderDocumentPdf(minutes, fonts, { now: NOW }))).pages
      .map((pg) => pg.body)
      .join(" ");
    expect(minutesText).toContain(NATIONAL_TITLE);
    expect(minutesText).toContain("BIÊN BẢN");
    expect(minutesText).toContain("Phương án cải tạo tuyến đường");
    expect(minutesText).toContain("Nguyễn Hữu Cảnh");
  }, 60_000);
});
