import type { AutomergeUrl, DocHandle } from "@automerge/automerge-repo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addAgendaItem,
  addMeetingToWorkspace,
  addParticipant,
  attendanceView,
  checkIn,
  initMeeting,
  initParticipation,
  linkParticipation,
  liveAgenda,
  type MeetingDoc,
  MeetingKind,
  meetingContainers,
  type ParticipationDoc,
  startAgendaItem,
  type WorkspaceDoc,
} from "../../shared/src/index.ts";
import { signIn, type TestDevice } from "./auth.ts";
import { acknowledged, createClient, type TestClient, waitFor } from "./clients.ts";
import { type RelayProcess, startRelayProcess } from "./relay-process.ts";

/*
 * Running a meeting at the relay (issue 6): the chair's live agenda reaches participants; a participant
 * checks in for themselves only — a check-in written under another member's key never reaches anyone;
 * a participant cannot drive the meeting's agenda.
 */

const NOW = Date.now();
let r: RelayProcess;
const clients: TestClient[] = [];
let chair: TestDevice;
let ha: TestDevice;
let bao: TestDevice;
let meetingUrl: AutomergeUrl;
let participationUrl: AutomergeUrl;
let itemId = "";

function client(device: TestDevice, name: string): TestClient {
  const c = createClient(r.syncUrl, name, { credential: device.credential });
  clients.push(c);
  return c;
}

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

beforeAll(async () => {
  r = await startRelayProcess();
  chair = await signIn(r, "Nguyễn Văn Hùng", "admin");
  ha = await signIn(r, "Lê Thị Thu Hà", "member");
  bao = await signIn(r, "Trần Văn Bảo", "member");
  const c = client(chair, "chair");
  const workspace = await c.repo.find<WorkspaceDoc>(chair.session.workspaceUrl as AutomergeUrl);
  const meeting = c.repo.create<MeetingDoc>();
  const participation = c.repo.create<ParticipationDoc>();
  let meetingId = "";
  meeting.change((d) => {
    meetingId = initMeeting(
      d,
      {
        title: "Phiên họp thường kỳ",
        issuingBody: "UBND phường",
        kind: MeetingKind.Regular,
        startsAt: new Date(NOW - 600_000).toISOString(),
        endsAt: new Date(NOW + 3_600_000).toISOString(),
        timeZone: "Asia/Ho_Chi_Minh",
        location: "Phòng họp",
        onlineLink: null,
      },
      NOW,
    );
    linkParticipation(d, participation.url);
    for (const [device, name, role] of [
      [chair, "Nguyễn Văn Hùng", "chair"],
      [ha, "Lê Thị Thu Hà", "participant"],
      [bao, "Trần Văn Bảo", "participant"],
    ] as const)
      addParticipant(d, { fullName: name, position: "", role, memberId: device.memberId }, NOW);
    itemId = addAgendaItem(
      d,
      { title: "Báo cáo tháng", presenter: "", plannedMinutes: 20, description: "" },
      NOW,
    );
  });
  participation.change((d) => initParticipation(d, { meetingId, meetingUrl: meeting.url }, NOW));
  workspace.change((d) => addMeetingToWorkspace(d, { meetingId, url: meeting.url }, NOW));
  meetingUrl = meeting.url;
  participationUrl = participation.url;
  await acknowledged(c, meeting);
  await acknowledged(c, participation);
});

afterAll(async () => {
  if (process.env.DUMP_RELAY_LOGS) console.log(r.logs.map((l) => JSON.stringify(l)).join("\n"));
  for (const c of clients) await c.close();
  await r?.cleanup();
});

describe("running a meeting through the relay", () => {
  it("a participant's own check-in counts everywhere; one forged for another member is refused", async () => {
    const haClient = client(ha, "ha");
    const chairClient = client(chair, "chair-view");
    const haP = await haClient.repo.find<ParticipationDoc>(participationUrl);
    const chairP = await chairClient.repo.find<ParticipationDoc>(participationUrl);
    const chairM = await chairClient.repo.find<MeetingDoc>(meetingUrl);
    haP.change((d) => void checkIn(d, ha.memberId, "present", Date.now()));
    await acknowledged(haClient, haP as DocHandle<unknown>);
    await waitFor(
      () =>
        attendanceView(chairM.doc(), chairP.doc()).quorum.applicable &&
        attendanceView(chairM.doc(), chairP.doc()).counts.present === 1,
      10_000,
      "the chair sees Hà present",
    );
    // Hà's tampered app checks Bảo in: the relay strips it, nobody else ever sees it.
    haP.change((d) => void checkIn(d, bao.memberId, "present", Date.now()));
    await sleep(800);
    expect(r.logs.some((l) => l.msg === "changes refused" && l.reason === "not_own_entries")).toBe(true);
    const fresh = client(chair, "chair-fresh");
    const seen = await fresh.repo.find<ParticipationDoc>(participationUrl);
    const seenMeeting = await fresh.repo.find<MeetingDoc>(meetingUrl);
    await sleep(300);
    const rows = attendanceView(seenMeeting.doc(), seen.doc()).rows;
    expect(rows.find((row) => row.memberId === ha.memberId)?.status).toBe("present");
    expect(rows.find((row) => row.memberId === bao.memberId)?.status).toBeNull();
  });

  it("the chair's current item reaches a participant; a participant cannot set it", async () => {
    const chairClient = client(chair, "chair-agenda");
    const chairM = await chairClient.repo.find<MeetingDoc>(meetingUrl);
    chairM.change((d) => startAgendaItem(d, itemId as never, Date.now()));
    const baoClient = client(bao, "bao");
    const baoM = await baoClient.repo.find<MeetingDoc>(meetingUrl);
    await waitFor(() => liveAgenda(baoM.doc(), Date.now()).currentItemId === itemId, 10_000, "Bảo follows");
    // Bảo's app pauses the item: the relay refuses (participants do not write the meeting document).
    const before = r.logs.filter(
      (l) => l.msg === "changes refused" && l.reason === "no_write_permission",
    ).length;
    baoM.change((d) => {
      meetingContainers(d).live!.agendaEvents.forged = {
        id: "forged",
        kind: "pause",
        agendaItemId: itemId,
        at: new Date().toISOString(),
      } as never;
    });
    await sleep(800);
    expect(
      r.logs.filter((l) => l.msg === "changes refused" && l.reason === "no_write_permission").length,
    ).toBeGreaterThan(before);
    await sleep(300);
    expect(liveAgenda(chairM.doc(), Date.now()).running).toBe(true);
  });
});
