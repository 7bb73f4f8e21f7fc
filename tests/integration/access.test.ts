import {
  from,
  generateSyncMessage,
  getHeads,
  hasHeads,
  ImmutableString,
  init,
  initSyncState,
  receiveSyncMessage,
} from "@automerge/automerge";
import type { AutomergeUrl, DocHandle } from "@automerge/automerge-repo";
import { cbor, generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import {
  addMeetingToWorkspace,
  addParticipant,
  checkIn,
  initMeeting,
  initParticipation,
  linkParticipation,
  type MeetingDoc,
  MeetingKind,
  type MeetingRole,
  meetingView,
  type ParticipantId,
  type ParticipationDoc,
  type PrivateDoc,
  recordPaperReceived,
  removeParticipant,
  updateMeetingDetails,
  validateMeeting,
  validateWorkspace,
  type WorkspaceDoc,
} from "../../shared/src/index.ts";
import { adminApi, deviceApi, registerDevice, signIn, type TestDevice } from "./auth.ts";
import { acknowledged, createClient, type TestClient, waitFor } from "./clients.ts";
import { type RelayProcess, startRelayProcess } from "./relay-process.ts";

const NOW = Date.UTC(2026, 11, 1, 1, 0);

let r: RelayProcess;
const clients: TestClient[] = [];
let admin: TestDevice;
let secretary: TestDevice;
let participant: TestDevice;
let observer: TestDevice;
let outsider: TestDevice;
let adminClient: TestClient;
let meetingUrl: AutomergeUrl;
let participationUrl: AutomergeUrl;

function client(device: TestDevice, name: string, options: { peerId?: string } = {}): TestClient {
  const c = createClient(r.syncUrl, name, { credential: device.credential, ...options });
  clients.push(c);
  return c;
}

/** A new meeting with its participation document, made the way the app makes them. */
function createMeeting(
  c: TestClient,
  workspace: DocHandle<WorkspaceDoc>,
  title: string,
  participants: [TestDevice, MeetingRole][],
): { meeting: DocHandle<MeetingDoc>; participation: DocHandle<ParticipationDoc> } {
  const meeting = c.repo.create<MeetingDoc>();
  const participation = c.repo.create<ParticipationDoc>();
  let meetingId = "";
  meeting.change((d) => {
    meetingId = initMeeting(
      d,
      {
        title,
        issuingBody: "UBND phường Bình Thạnh",
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
    for (const [device, role] of participants) {
      addParticipant(
        d,
        {
          fullName: `Thành viên ${device.memberId.slice(0, 4)}`,
          position: "",
          role,
          memberId: device.memberId,
        },
        NOW,
      );
    }
  });
  participation.change((d) => initParticipation(d, { meetingId, meetingUrl: meeting.url }, NOW));
  workspace.change((d) => addMeetingToWorkspace(d, { meetingId, url: meeting.url }, NOW));
  return { meeting, participation };
}

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

beforeAll(async () => {
  r = await startRelayProcess();
  admin = await signIn(r, "Nguyễn Văn Hùng", "admin");
  secretary = await signIn(r, "Hoàng Thị Thanh Hương", "secretary");
  participant = await signIn(r, "Lê Thị Thu Hà", "member");
  observer = await signIn(r, "Lâm Thị Kim Oanh", "member");
  outsider = await signIn(r, "Người Ngoài Cuộc", "member");
  adminClient = client(admin, "admin");
  const workspace = await adminClient.repo.find<WorkspaceDoc>(admin.session.workspaceUrl as AutomergeUrl);
  const made = createMeeting(adminClient, workspace, "Phiên họp thường kỳ", [
    [admin, "chair"],
    [participant, "participant"],
    [observer, "observer"],
  ]);
  meetingUrl = made.meeting.url;
  participationUrl = made.participation.url;
  await acknowledged(adminClient, made.meeting);
  await acknowledged(adminClient, made.participation);
  const probe = client(participant, "probe");
  await (await probe.repo.find<MeetingDoc>(meetingUrl)).whenReady();
  await (await probe.repo.find<ParticipationDoc>(participationUrl)).whenReady();
  await probe.close();
});

afterAll(async () => {
  if (process.env.DUMP_RELAY_LOGS) console.log(r.logs.map((l) => JSON.stringify(l)).join("\n"));
  for (const c of clients) await c.close();
  await r?.cleanup();
});

describe("who receives a document", () => {
  it("a non-member asking for a meeting by URL gets it unavailable; members get what they may read", async () => {
    const stranger = client(outsider, "outsider");
    await expect(stranger.repo.find(meetingUrl)).rejects.toThrow(/unavailable/);
    await expect(stranger.repo.find(participationUrl)).rejects.toThrow(/unavailable/);
    // The workspace (directory, meeting index) is for every member.
    const ws = await stranger.repo.find<WorkspaceDoc>(outsider.session.workspaceUrl as AutomergeUrl);
    expect(Object.keys(ws.doc().members).length).toBeGreaterThanOrEqual(5);
    // Someone else's private document: unavailable even to an admin; one's own: there.
    await expect(adminClient.repo.find(participant.session.privateUrl as AutomergeUrl)).rejects.toThrow(
      /unavailable/,
    );
    const own = client(participant, "own-private");
    const priv = await own.repo.find<PrivateDoc>(participant.session.privateUrl as AutomergeUrl);
    expect(priv.doc().docType?.toString()).toBe("private");
    // A workspace secretary reads every meeting without being invited.
    const sec = client(secretary, "secretary");
    expect(meetingView((await sec.repo.find<MeetingDoc>(meetingUrl)).doc()).title).toBe(
      "Phiên họp thường kỳ",
    );
    expect(r.logs.some((l) => l.level === "error")).toBe(false);
  });

  it("someone removed from a meeting stops receiving it; someone added starts", async () => {
    const meeting = await adminClient.repo.find<MeetingDoc>(meetingUrl);
    const late = await signIn(r, "Người Được Mời Sau", "member");
    const lateClient = client(late, "late");
    await expect(lateClient.repo.find(meetingUrl)).rejects.toThrow(/unavailable/);
    let lateId: ParticipantId | undefined;
    meeting.change((d) => {
      lateId = addParticipant(
        d,
        { fullName: "Người Được Mời Sau", position: "", role: "participant", memberId: late.memberId },
        NOW,
      );
    });
    // The relay re-evaluates sharing: the device that asked before (and was told "unavailable")
    // receives the meeting now, without asking again.
    const id = parseAutomergeUrl(meetingUrl).documentId;
    await waitFor(
      () => lateClient.repo.handles[id]?.isReady() === true,
      10_000,
      "late's handle became ready",
    );
    const seen = lateClient.repo.handles[id] as DocHandle<MeetingDoc>;
    expect(meetingView(seen.doc()).participants.some((p) => p.fullName === "Người Được Mời Sau")).toBe(true);

    meeting.change((d) => removeParticipant(d, lateId!, NOW));
    await sleep(500);
    meeting.change((d) => updateMeetingDetails(d, { location: "Hội trường B (sau khi rút tên)" }, NOW));
    const check = client(participant, "check-location");
    const fresh = await check.repo.find<MeetingDoc>(meetingUrl);
    await waitFor(
      () => meetingView(fresh.doc()).location.startsWith("Hội trường B"),
      10_000,
      "participant sees the new location",
    );
    await sleep(700);
    expect(meetingView(seen.doc()).location).not.toContain("Hội trường B");
  });
});

describe("who changes a document", () => {
  it("an observer's change never reaches the relay's copy or other peers; sync goes on", async () => {
    const obs = client(observer, "observer");
    const part = client(participant, "participant");
    const obsMeeting = await obs.repo.find<MeetingDoc>(meetingUrl);
    const partMeeting = await part.repo.find<MeetingDoc>(meetingUrl);
    const obsParticipation = await obs.repo.find<ParticipationDoc>(participationUrl);
    const refusedBefore = r.logs.filter((l) => l.msg === "changes refused").length;

    obsMeeting.change((d) => updateMeetingDetails(d, { title: "Sửa trái phép của khách mời" }, NOW));
    obsParticipation.change((d) => {
      d.opinions.intruder = "ý kiến của người không có quyền ghi";
    });
    const forbiddenHeads = [...getHeads(obsMeeting.doc()), ...getHeads(obsParticipation.doc())];
    // A participant may write the participation document but not the meeting's agenda and papers.
    const partParticipation = await part.repo.find<ParticipationDoc>(participationUrl);
    partParticipation.change((d) => {
      checkIn(d, participant.memberId, "present", NOW);
    });
    partMeeting.change((d) => updateMeetingDetails(d, { location: "Sửa của thành viên dự họp" }, NOW));
    const partMeetingHead = getHeads(partMeeting.doc());

    await waitFor(
      () => r.logs.filter((l) => l.msg === "changes refused").length >= refusedBefore + 3,
      10_000,
      "the relay refused three changes",
    );
    const refused = r.logs.filter((l) => l.msg === "changes refused").slice(refusedBefore);
    expect(new Set(refused.map((l) => l.memberId))).toEqual(
      new Set([observer.memberId, participant.memberId]),
    );

    // A fresh reader gets the relay's copy: the participant's attendance, none of the refused changes.
    const reader = client(admin, "reader");
    const m = await reader.repo.find<MeetingDoc>(meetingUrl);
    const p = await reader.repo.find<ParticipationDoc>(participationUrl);
    await waitFor(
      () => Object.keys(p.doc().attendance).some((key) => key.startsWith(`${participant.memberId}:`)),
      10_000,
      "the attendance arrived",
    );
    expect(meetingView(m.doc()).title).toBe("Phiên họp thường kỳ");
    expect(p.doc().opinions.intruder).toBeUndefined();
    for (const head of [...forbiddenHeads, ...partMeetingHead]) {
      expect(hasHeads(m.doc(), [head]) || hasHeads(p.doc(), [head])).toBe(false);
    }
    // Other peers never got them either.
    expect(meetingView(partMeeting.doc()).title).toBe("Phiên họp thường kỳ");
    expect(
      (await adminClient.repo.find<ParticipationDoc>(participationUrl)).doc().opinions.intruder,
    ).toBeUndefined();

    // The refused peers still receive everyone else's changes.
    const adminMeeting = await adminClient.repo.find<MeetingDoc>(meetingUrl);
    adminMeeting.change((d) =>
      updateMeetingDetails(d, { onlineLink: "https://hop.example.vn/thuong-ky" }, NOW),
    );
    await waitFor(
      () => meetingView(obsMeeting.doc()).onlineLink === "https://hop.example.vn/thuong-ky",
      10_000,
      "observer still syncs",
    );
    await waitFor(
      () => meetingView(partMeeting.doc()).onlineLink === "https://hop.example.vn/thuong-ky",
      10_000,
      "participant still syncs",
    );
  });

  it("secretaries write the meeting index but never the directory; admins write both", async () => {
    const sec = client(secretary, "secretary-directory");
    const secWorkspace = await sec.repo.find<WorkspaceDoc>(secretary.session.workspaceUrl as AutomergeUrl);
    const directoryRefusals = () =>
      r.logs
        .filter((l) => l.reason === "directory_admin_only")
        .reduce((sum, l) => sum + Number(l.changes ?? 0), 0);
    const refusedBefore = directoryRefusals();

    // Promote oneself, re-enable nobody, rename the chair: all directory writes by a secretary.
    secWorkspace.change((d) => {
      const me = d.members[secretary.memberId]!;
      me.workspaceRole = new ImmutableString("admin") as never;
    });
    const escalation = getHeads(secWorkspace.doc());
    secWorkspace.change((d) => {
      d.settings.offlineLockDays = 3650;
    });
    const settingsHead = getHeads(secWorkspace.doc());
    await waitFor(
      () => directoryRefusals() >= refusedBefore + 2,
      10_000,
      "the relay refused both directory writes",
    );

    // A meeting index entry from the same secretary is accepted. (From a fresh copy: every later change
    // of the tampered copy depends on the refused ones, so the relay can never apply it — a client that
    // forges a directory write stalls its own copy of the workspace, nobody else's.)
    const honest = client(secretary, "secretary-index");
    const honestWorkspace = await honest.repo.find<WorkspaceDoc>(
      secretary.session.workspaceUrl as AutomergeUrl,
    );
    honestWorkspace.change((d) =>
      addMeetingToWorkspace(d, { meetingId: "index-only", url: generateAutomergeUrl() }, NOW),
    );
    const reader = client(admin, "directory-reader");
    const w = await reader.repo.find<WorkspaceDoc>(admin.session.workspaceUrl as AutomergeUrl);
    await waitFor(() => w.doc().meetings["index-only"] !== undefined, 10_000, "the index entry arrived");
    expect(String(w.doc().members[secretary.memberId]!.workspaceRole)).toBe("secretary");
    expect(w.doc().settings.offlineLockDays).toBe(30);
    for (const head of [...escalation, ...settingsHead]) expect(hasHeads(w.doc(), [head])).toBe(false);

    // The relay's own authority is unchanged: the secretary is still not an admin.
    const me = await deviceApi(r, secretary, "GET", "/api/me");
    expect((me.body as { member: { workspaceRole: string } }).member.workspaceRole).toBe("secretary");

    // An admin's device may change the directory.
    w.change((d) => {
      d.settings.offlineLockDays = 45;
    });
    await waitFor(
      () => secWorkspace.doc().settings.offlineLockDays === 45,
      10_000,
      "the admin's change arrived",
    );
  });

  it("a writer cannot make a valid meeting or workspace invalid for everyone", async () => {
    const tampered = client(admin, "admin-tampered");
    const meeting = await tampered.repo.find<MeetingDoc>(meetingUrl);
    const workspace = await tampered.repo.find<WorkspaceDoc>(admin.session.workspaceUrl as AutomergeUrl);
    const invalidRefusals = () =>
      r.logs
        .filter((l) => l.reason === "invalid_document")
        .reduce((sum, l) => sum + Number(l.changes ?? 0), 0);
    const before = invalidRefusals();
    meeting.change((d) => {
      (d.participants as Record<string, unknown>).poison = null;
    });
    workspace.change((d) => {
      (d.meetings as Record<string, unknown>).poison = null;
    });
    await waitFor(() => invalidRefusals() >= before + 2, 10_000, "the relay refused both invalid changes");

    const reader = client(participant, "after-poison");
    const m = await reader.repo.find<MeetingDoc>(meetingUrl);
    const w = await reader.repo.find<WorkspaceDoc>(participant.session.workspaceUrl as AutomergeUrl);
    expect(validateMeeting(m.doc())).toEqual({ ok: true });
    expect(validateWorkspace(w.doc())).toEqual({ ok: true });
    expect(m.doc().participants).not.toHaveProperty("poison");
  });

  it("only admins and secretaries may push a new document, and only a meeting or participation document", async () => {
    // A member creates a "meeting" on their own: the relay never takes it.
    const part = client(participant, "member-creates");
    await part.connected();
    const rogue = part.repo.create<MeetingDoc>();
    rogue.change((d) => {
      initMeeting(
        d,
        {
          title: "Cuộc họp tự tạo",
          issuingBody: "",
          kind: MeetingKind.Thematic,
          startsAt: "2026-12-23T01:00:00.000Z",
          endsAt: "2026-12-23T02:00:00.000Z",
          timeZone: "Asia/Ho_Chi_Minh",
          location: "",
          onlineLink: null,
        },
        NOW,
      );
    });
    // The relay answers it is unavailable and never asks for its changes.
    await sleep(800);
    const sec = client(secretary, "secretary-looks");
    await expect(sec.repo.find(rogue.url)).rejects.toThrow(/unavailable/);
    expect(r.logs.some((l) => l.documentId === rogue.documentId && l.msg.startsWith("new document"))).toBe(
      false,
    );

    // Pushed by hand, changes and all: stripped and logged.
    const ws = new WebSocket(r.syncUrl, { headers: participant.headers });
    ws.on("error", () => {});
    const received: Record<string, unknown>[] = [];
    ws.on("message", (data: Buffer) =>
      received.push(cbor.decode(new Uint8Array(data)) as Record<string, unknown>),
    );
    await new Promise((res) => ws.once("open", res));
    ws.send(
      cbor.encode({
        type: "join",
        senderId: "member-raw",
        peerMetadata: {},
        supportedProtocolVersions: ["1"],
      }),
    );
    await waitFor(() => received.some((m) => m.type === "peer"), 5000, "peer");
    const relayId = received.find((m) => m.type === "peer")!.senderId;
    let doc = from({ docType: "meeting", title: "Đẩy tay" });
    let state = initSyncState();
    [doc, state] = receiveSyncMessage(doc, state, generateSyncMessage(init(), initSyncState())[1]!);
    const withChanges = generateSyncMessage(doc, state)[1]!;
    const rogueId = parseAutomergeUrl(generateAutomergeUrl()).documentId;
    ws.send(
      cbor.encode({
        type: "sync",
        senderId: "member-raw",
        targetId: relayId,
        documentId: rogueId,
        data: withChanges,
      }),
    );
    await waitFor(
      () =>
        r.logs.some(
          (l) =>
            l.msg === "changes refused" && l.documentId === rogueId && l.memberId === participant.memberId,
        ),
      10_000,
      "the member's pushed changes refused",
    );
    await waitFor(
      () => received.some((m) => m.type === "doc-unavailable" && m.documentId === rogueId),
      5000,
      "doc-unavailable",
    );
    ws.close();
    await expect(sec.repo.find(`automerge:${rogueId}` as AutomergeUrl)).rejects.toThrow(/unavailable/);

    // An admin pushes something that is not a meeting: quarantined, nobody gets it.
    const odd = adminClient.repo.create<{ docType: string; note: string }>({
      docType: "private",
      note: "không phải cuộc họp",
    });
    await waitFor(
      () => r.logs.some((l) => l.msg === "document quarantined" && l.documentId === odd.documentId),
      10_000,
      "the odd document quarantined",
    );
    const sec2 = client(secretary, "secretary-looks-again");
    await expect(sec2.repo.find(odd.url)).rejects.toThrow(/unavailable/);
  });
});

describe("the audit trail", () => {
  it("records every accepted change with member and device, for readers of the document only", async () => {
    const part = client(participant, "auditor");
    const p = await part.repo.find<ParticipationDoc>(participationUrl);
    p.change((d) => {
      recordPaperReceived(d, participant.memberId, "paper-1", NOW);
    });
    const head = getHeads(p.doc())[0]!;
    const id = parseAutomergeUrl(participationUrl).documentId;
    type Entry = {
      changeHash: string;
      memberId: string;
      memberName: string;
      deviceId: string;
      deviceName: string;
      origin: string;
    };
    let entries: Entry[] = [];
    const deadline = Date.now() + 10_000;
    while (!entries.some((e) => e.changeHash === head) && Date.now() < deadline) {
      const res = await deviceApi<{ entries: Entry[] }>(r, participant, "GET", `/api/documents/${id}/audit`);
      expect(res.status).toBe(200);
      entries = res.body.entries;
      await sleep(50);
    }
    const entry = entries.find((e) => e.changeHash === head)!;
    expect(entry).toMatchObject({
      memberId: participant.memberId,
      memberName: "Lê Thị Thu Hà",
      deviceId: participant.deviceId,
      deviceName: "Máy tính bảng thử nghiệm",
      origin: "device",
    });
    // The admin's changes at creation are there too, attributed to the admin's device.
    expect(entries.some((e) => e.memberId === admin.memberId && e.deviceId === admin.deviceId)).toBe(true);
    // Not a reader: 404, the same as a document that does not exist. No credential: 401.
    expect((await deviceApi(r, outsider, "GET", `/api/documents/${id}/audit`)).status).toBe(404);
    expect(
      (await deviceApi(r, outsider, "GET", "/api/documents/2j9knpCseyhnK8izDmLpGP5WMdZQ/audit")).status,
    ).toBe(404);
    expect((await deviceApi(r, null, "GET", `/api/documents/${id}/audit`)).status).toBe(401);
  });
});

describe("peer ids belong to devices", () => {
  it("refuses a join with another device's peer id (4409) and drops frames with a spoofed sender", async () => {
    const victim = client(participant, "victim", { peerId: "shared-tablet-peer" });
    await victim.connected();
    const thief = client(outsider, "thief", { peerId: "shared-tablet-peer" });
    expect(await thief.accessEnded()).toEqual({ code: 4409, reason: "peer_id_taken" });
    // The victim is untouched and still syncs.
    const m = await victim.repo.find<MeetingDoc>(meetingUrl);
    expect(meetingView(m.doc()).title).toBe("Phiên họp thường kỳ");
    await victim.close();
    // Even after the victim left, the peer id stays theirs.
    const thief2 = client(outsider, "thief2", { peerId: "shared-tablet-peer" });
    expect((await thief2.accessEnded()).code).toBe(4409);
    // The same device may come back with it.
    const back = client(participant, "victim-back", { peerId: "shared-tablet-peer" });
    await back.connected();

    // A joined socket that names someone else as the sender: frames dropped and logged.
    const ws = new WebSocket(r.syncUrl, { headers: outsider.headers });
    ws.on("error", () => {});
    const received: Record<string, unknown>[] = [];
    ws.on("message", (data: Buffer) =>
      received.push(cbor.decode(new Uint8Array(data)) as Record<string, unknown>),
    );
    await new Promise((res) => ws.once("open", res));
    ws.send(
      cbor.encode({
        type: "join",
        senderId: "outsider-raw",
        peerMetadata: {},
        supportedProtocolVersions: ["1"],
      }),
    );
    await waitFor(() => received.some((m) => m.type === "peer"), 5000, "peer");
    const relayId = received.find((m) => m.type === "peer")!.senderId;
    ws.send(
      cbor.encode({
        type: "request",
        senderId: "shared-tablet-peer",
        targetId: relayId,
        documentId: parseAutomergeUrl(meetingUrl).documentId,
        data: new Uint8Array([0x42, 0, 0, 0]),
      }),
    );
    await waitFor(
      () =>
        r.logs.some(
          (l) =>
            l.msg === "frame dropped" && l.reason === "sender_mismatch" && l.detail === "shared-tablet-peer",
        ),
      5000,
      "the spoofed frame dropped",
    );
    expect(received.some((m) => m.type === "sync")).toBe(false);
    ws.close();
  });
});

describe("ending access", () => {
  it("a revoked device is disconnected within moments and refused afterwards", async () => {
    const device = await registerDevice(r, participant.memberId, "Máy tính bảng bị mất");
    const lost = client(device, "lost-tablet");
    await (await lost.repo.find<MeetingDoc>(meetingUrl)).whenReady();
    const started = performance.now();
    const res = await adminApi<{ device: { revokedAt: string | null } }>(
      r,
      "POST",
      `/devices/${device.deviceId}/revoke`,
    );
    expect(res.status).toBe(200);
    expect(res.body.device.revokedAt).toEqual(expect.any(String));
    expect(await lost.accessEnded(5000)).toEqual({ code: 4403, reason: "device_revoked" });
    const ms = performance.now() - started;
    console.info(`revoke → socket closed in ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(3000);
    // Refused afterwards: over HTTP and at the upgrade.
    const http = await deviceApi<{ error: { code: string } }>(r, device, "GET", "/api/bootstrap");
    expect(http.status).toBe(401);
    expect(http.body.error.code).toBe("device_revoked");
    const again = client(device, "lost-tablet-again");
    expect(await again.accessEnded()).toEqual({ code: 4403, reason: "device_revoked" });
    // The member's other device is unaffected.
    expect((await deviceApi(r, participant, "GET", "/api/bootstrap")).status).toBe(200);
  });

  it("a member signs out one of their own devices, never someone else's", async () => {
    const second = await registerDevice(r, observer.memberId, "Điện thoại");
    const c = client(second, "observer-phone");
    await c.connected();
    expect((await deviceApi(r, outsider, "DELETE", `/api/me/devices/${second.deviceId}`)).status).toBe(404);
    const list = await deviceApi<{ devices: { id: string; current: boolean; revokedAt: string | null }[] }>(
      r,
      observer,
      "GET",
      "/api/me/devices",
    );
    expect(list.body.devices.map((d) => [d.id, d.current])).toEqual([
      [observer.deviceId, true],
      [second.deviceId, false],
    ]);
    const out = await deviceApi(r, observer, "DELETE", `/api/me/devices/${second.deviceId}`);
    expect(out.status).toBe(200);
    expect((await c.accessEnded(5000)).reason).toBe("device_revoked");
  });

  it("disabling a member closes their sockets (4403 member_disabled); enabling lets them back", async () => {
    const member = await signIn(r, "Thành Viên Tạm Ngưng", "member");
    const c = client(member, "to-disable");
    await c.connected();
    const started = performance.now();
    expect((await adminApi(r, "POST", `/members/${member.memberId}/disable`)).status).toBe(200);
    expect(await c.accessEnded(5000)).toEqual({ code: 4403, reason: "member_disabled" });
    console.info(`disable → socket closed in ${(performance.now() - started).toFixed(0)} ms`);
    const http = await deviceApi<{ error: { code: string } }>(r, member, "GET", "/api/me");
    expect(http.body.error.code).toBe("member_disabled");
    expect((await adminApi(r, "POST", `/members/${member.memberId}/enable`)).status).toBe(200);
    expect((await deviceApi(r, member, "GET", "/api/me")).status).toBe(200);
    const back = client(member, "re-enabled");
    await back.connected();
  });
});
