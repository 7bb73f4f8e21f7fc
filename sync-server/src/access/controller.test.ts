import {
  decodeSyncMessage,
  encodeSyncMessage,
  from,
  generateSyncMessage,
  init,
  initSyncState,
  receiveSyncMessage,
} from "@automerge/automerge";
import type { DocumentId, PeerId } from "@automerge/automerge-repo";
import { afterEach, describe, expect, it } from "vitest";
import {
  addMember,
  addParticipant,
  initMeeting,
  initParticipation,
  linkParticipation,
  type MeetingDoc,
  MeetingKind,
  type MeetingRole,
  type ParticipationDoc,
  type WorkspaceRole,
} from "../../../shared/src/index.ts";
import { createTestRelay, type TestRelay } from "../test-support.ts";

const relays: TestRelay[] = [];
afterEach(async () => {
  for (const r of relays.splice(0)) await r.close();
});

function setup() {
  const r = createTestRelay();
  relays.push(r);
  const member = (name: string, role: WorkspaceRole = "member") =>
    r.directory.change((doc) => addMember(doc, { fullName: name, workspaceRole: role }, r.clock), "admin");
  const ids = {
    admin: member("Quản trị", "admin"),
    secretary: member("Thư ký", "secretary"),
    chair: member("Chủ trì"),
    participant: member("Dự họp"),
    observer: member("Khách mời"),
    outsider: member("Người ngoài"),
    wsObserver: member("Quan sát viên", "observer"),
  };
  const meeting = r.repo.create<MeetingDoc>();
  const participation = r.repo.create<ParticipationDoc>();
  const roles: [string, MeetingRole][] = [
    [ids.chair, "chair"],
    [ids.participant, "participant"],
    [ids.observer, "observer"],
  ];
  let meetingId = "";
  meeting.change((d) => {
    meetingId = initMeeting(
      d,
      {
        title: "Họp",
        issuingBody: "",
        kind: MeetingKind.Regular,
        startsAt: "2026-12-22T01:00:00.000Z",
        endsAt: "2026-12-22T02:00:00.000Z",
        timeZone: "Asia/Ho_Chi_Minh",
        location: "",
        onlineLink: null,
      },
      r.clock,
    );
    linkParticipation(d, participation.url);
    for (const [memberId, role] of roles)
      addParticipant(d, { fullName: memberId, position: "", role, memberId }, r.clock);
  });
  participation.change((d) => initParticipation(d, { meetingId, meetingUrl: meeting.url }, r.clock));
  return { r, ids, meeting, participation };
}

const can = async (r: TestRelay, memberId: string, id: DocumentId) => [
  await r.access.may(memberId, id, "read"),
  await r.access.may(memberId, id, "write"),
];

describe("AccessController", () => {
  it("applies the permission table to the workspace, meetings, participation and private documents", async () => {
    const { r, ids, meeting, participation } = setup();
    await r.access.migrateOnStart(); // registers the meeting and binds its participation document
    expect(r.access.registryRow(participation.documentId)).toMatchObject({
      kind: "participation",
      meetingDocumentId: meeting.documentId,
    });
    const ws = r.directory.documentId;
    const m = meeting.documentId;
    const p = participation.documentId;
    const table: [string, DocumentId, [boolean, boolean]][] = [
      [ids.outsider, ws, [true, false]],
      [ids.secretary, ws, [true, true]],
      [ids.admin, m, [true, true]],
      [ids.secretary, m, [true, true]],
      [ids.chair, m, [true, true]],
      [ids.participant, m, [true, false]],
      [ids.observer, m, [true, false]],
      [ids.outsider, m, [false, false]],
      [ids.wsObserver, m, [false, false]],
      [ids.participant, p, [true, true]],
      [ids.observer, p, [true, false]],
      [ids.outsider, p, [false, false]],
    ];
    for (const [who, id, expected] of table)
      expect(await can(r, who, id), `${who} on ${id}`).toEqual(expected);

    const privateUrl = await r.access.ensurePrivateDocument(ids.participant);
    const priv = privateUrl.slice("automerge:".length) as DocumentId;
    expect(await can(r, ids.participant, priv)).toEqual([true, true]);
    expect(await can(r, ids.admin, priv)).toEqual([false, false]);
    expect(await r.access.ensurePrivateDocument(ids.participant)).toBe(privateUrl);

    // Disabled members lose everything at once.
    r.directory.change((doc) => {
      doc.members[ids.participant]!.disabledAt = doc.members[ids.participant]!.createdAt;
    }, "admin");
    expect(await can(r, ids.participant, priv)).toEqual([false, false]);
    expect(await can(r, ids.participant, m)).toEqual([false, false]);
  });

  it("follows the meeting's participants as they change", async () => {
    const { r, ids, meeting } = setup();
    await r.access.migrateOnStart();
    expect(await can(r, ids.outsider, meeting.documentId)).toEqual([false, false]);
    meeting.change((d) => {
      addParticipant(
        d,
        { fullName: "Mới", position: "", role: "secretary", memberId: ids.outsider },
        r.clock,
      );
    });
    await new Promise((res) => setTimeout(res, 0));
    expect(await can(r, ids.outsider, meeting.documentId)).toEqual([true, true]);
  });

  it("unknown documents: only managers may push one; it is their creator's until recognised", async () => {
    const { r, ids } = setup();
    const id = "2j9knpCseyhnK8izDmLpGP5WMdZQ" as DocumentId;
    expect(await can(r, ids.participant, id)).toEqual([false, false]);
    expect(await can(r, ids.secretary, id)).toEqual([true, true]);
    // A sync message with changes for it, from a member and from a secretary.
    let doc = from({ docType: "meeting" });
    let state = initSyncState();
    [doc, state] = receiveSyncMessage(doc, state, generateSyncMessage(init(), initSyncState())[1]!);
    const data = generateSyncMessage(doc, state)[1]! as Uint8Array<ArrayBuffer>;
    const message = {
      type: "sync" as const,
      senderId: "p" as PeerId,
      targetId: "test-relay" as PeerId,
      documentId: id,
      data,
    };
    const fromMember = await r.access.filterInbound(
      { peerId: "p" as PeerId, deviceId: "d1", memberId: ids.participant },
      message,
    );
    expect(decodeSyncMessage((fromMember as typeof message).data).changes).toEqual([]);
    expect(r.access.stats.changesRefused).toBe(1);
    // A refused message is stripped without decoding its changes: even garbage chunks (as cheap to
    // send as a decompression bomb is costly to decode) are stripped, not inspected.
    const bogus = encodeSyncMessage({ ...decodeSyncMessage(data), changes: [new Uint8Array([1, 2, 3])] });
    const bogusFromMember = await r.access.filterInbound(
      { peerId: "p" as PeerId, deviceId: "d1", memberId: ids.participant },
      { ...message, data: bogus as Uint8Array<ArrayBuffer> },
    );
    expect(decodeSyncMessage((bogusFromMember as typeof message).data).changes).toEqual([]);
    expect(r.access.stats.changesRefused).toBe(2);
    // Presence messages are never forwarded.
    const presence = await r.access.filterInbound(
      { peerId: "p" as PeerId, deviceId: "d1", memberId: ids.participant },
      {
        type: "ephemeral",
        senderId: "p" as PeerId,
        targetId: "test-relay" as PeerId,
        documentId: id,
        count: 1,
        sessionId: "s",
        data: new Uint8Array([0xa0]),
      } as never,
    );
    expect(presence).toBeNull();
    const fromSecretary = await r.access.filterInbound(
      { peerId: "s" as PeerId, deviceId: "d2", memberId: ids.secretary },
      message,
    );
    expect(fromSecretary).toBe(message);
    expect(r.access.registryRow(id)).toMatchObject({
      kind: "pending",
      memberId: ids.secretary,
      createdByDevice: "d2",
    });
    expect(await can(r, ids.secretary, id)).toEqual([true, true]);
    expect(await can(r, ids.admin, id)).toEqual([false, false]);
    expect(r.store.auditOf(id, 10)).toEqual([
      expect.objectContaining({ memberId: ids.secretary, deviceId: "d2", origin: "device" }),
    ]);
  });

  it("quarantines stored documents it cannot recognise, and a participation document no meeting claims is for managers only", async () => {
    const { r, ids, meeting } = setup();
    const odd = r.repo.create({ docType: "workspace", name: "giả mạo" });
    const orphan = r.repo.create<ParticipationDoc>();
    orphan.change((d) => initParticipation(d, { meetingId: "x", meetingUrl: meeting.url }, r.clock));
    await r.access.migrateOnStart();
    expect(r.access.registryRow(odd.documentId)?.kind).toBe("quarantined");
    expect(await can(r, ids.admin, odd.documentId)).toEqual([false, false]);
    expect(r.access.registryRow(orphan.documentId)).toMatchObject({
      kind: "participation",
      meetingDocumentId: null,
    });
    expect(await can(r, ids.participant, orphan.documentId)).toEqual([false, false]);
    expect(await can(r, ids.secretary, orphan.documentId)).toEqual([true, true]);
  });
});
