/**
 * Annotations at the relay (issue 5): a private annotation never reaches another member — checked in
 * the relay's own storage and in what another member's client can obtain, not on a screen — and in
 * the participation document each participant writes only their own, well-formed shared annotations
 * and replies.
 */
import { type Doc, toJS } from "@automerge/automerge";
import type { AutomergeUrl, DocHandle } from "@automerge/automerge-repo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AnnotationId,
  addAnnotation,
  addMeetingToWorkspace,
  addParticipant,
  allSharedAnnotations,
  annotationThreads,
  entryKey,
  imm,
  initMeeting,
  initParticipation,
  linkParticipation,
  type MeetingDoc,
  MeetingKind,
  markAnnotationShared,
  type ParticipationDoc,
  type PrivateDoc,
  replyToAnnotation,
  shareAnnotation,
  type WorkspaceDoc,
} from "../../shared/src/index.ts";
import { signIn, type TestDevice } from "./auth.ts";
import { acknowledged, createClient, type TestClient, waitFor } from "./clients.ts";
import { type RelayProcess, startRelayProcess } from "./relay-process.ts";
import { storedDocuments } from "./relay-storage.ts";

const NOW = Date.UTC(2026, 11, 1, 1, 0);
const FILE = "ab".repeat(32);
const SECRET = "Ghi chú riêng: cần hỏi lại số liệu giải ngân quý IV";

let r: RelayProcess;
const clients: TestClient[] = [];
let chair: TestDevice;
let mai: TestDevice;
let thang: TestDevice;
let meetingUrl: AutomergeUrl;
let participationUrl: AutomergeUrl;
let meetingId = "";

function client(device: TestDevice, name: string): TestClient {
  const c = createClient(r.syncUrl, name, { credential: device.credential });
  clients.push(c);
  return c;
}

const contains = (doc: unknown, text: string) => JSON.stringify(toJS(doc as Doc<unknown>)).includes(text);

beforeAll(async () => {
  r = await startRelayProcess();
  chair = await signIn(r, "Nguyễn Văn Hùng", "admin");
  mai = await signIn(r, "Trần Thị Mai", "member");
  thang = await signIn(r, "Bùi Đức Thắng", "member");
  const c = client(chair, "chair");
  const workspace = await c.repo.find<WorkspaceDoc>(chair.session.workspaceUrl as AutomergeUrl);
  const meeting = c.repo.create<MeetingDoc>();
  const participation = c.repo.create<ParticipationDoc>();
  meeting.change((d) => {
    meetingId = initMeeting(
      d,
      {
        title: "Họp giao ban tháng 12",
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
    for (const [device, name] of [
      [chair, "Nguyễn Văn Hùng"],
      [mai, "Trần Thị Mai"],
      [thang, "Bùi Đức Thắng"],
    ] as const) {
      addParticipant(
        d,
        {
          fullName: name,
          position: "",
          role: device === chair ? "chair" : "participant",
          memberId: device.memberId,
        },
        NOW,
      );
    }
  });
  participation.change((d) => initParticipation(d, { meetingId, meetingUrl: meeting.url }, NOW));
  workspace.change((d) => addMeetingToWorkspace(d, { meetingId, url: meeting.url }, NOW));
  meetingUrl = meeting.url;
  participationUrl = participation.url;
  await acknowledged(c, meeting);
  await acknowledged(c, participation);
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await r?.cleanup();
});

async function open<T>(c: TestClient, url: AutomergeUrl | string): Promise<DocHandle<T>> {
  await c.connected();
  const h = await c.repo.find<T>(url as AutomergeUrl);
  await h.whenReady();
  return h;
}

describe("annotations at the relay", () => {
  it("a private annotation is stored only in its member's private document and reaches no other member", async () => {
    const maiTablet = client(mai, "mai-tablet");
    const priv = await open<PrivateDoc>(maiTablet, mai.session.privateUrl);
    let id = "" as AnnotationId;
    priv.change((d) => {
      id = addAnnotation(
        d,
        {
          meetingId,
          fileId: FILE,
          pageIndex: 0,
          color: "yellow",
          geometry: { kind: "note", point: [120, 640] },
          text: SECRET,
        },
        NOW,
      );
    });
    await acknowledged(maiTablet, priv);

    // Mai's second device gets it (her own devices only).
    const maiLaptop = client(mai, "mai-laptop");
    const onLaptop = await open<PrivateDoc>(maiLaptop, mai.session.privateUrl);
    await waitFor(
      () => onLaptop.doc().annotations[id] !== undefined,
      10_000,
      "Mai's laptop has the annotation",
    );

    // In the relay's storage the text is in exactly one document: Mai's private one.
    const privateId = mai.session.privateUrl.replace("automerge:", "");
    const stored = await storedDocuments(r.dataDir);
    expect(stored.size).toBeGreaterThanOrEqual(5);
    const holding = [...stored].filter(([, doc]) => contains(doc, SECRET)).map(([id]) => id);
    expect(holding).toEqual([privateId]);

    // Another participant (and the chair, an admin) cannot obtain Mai's private document at all …
    const thangClient = client(thang, "thang");
    await thangClient.connected();
    await expect(thangClient.repo.find(mai.session.privateUrl as AutomergeUrl)).rejects.toThrow();
    const chairClient = client(chair, "chair-private");
    await chairClient.connected();
    await expect(chairClient.repo.find(mai.session.privateUrl as AutomergeUrl)).rejects.toThrow();
    // … and nothing Thắng can open holds it.
    for (const url of [thang.session.workspaceUrl, thang.session.privateUrl, meetingUrl, participationUrl]) {
      const h = await open<unknown>(thangClient, url);
      expect(contains(h.doc(), SECRET), url).toBe(false);
      expect(contains(h.doc(), id), url).toBe(false);
    }
  });

  it("shared annotations: others read them and reply; nobody writes into another member's entries", async () => {
    const maiClient = client(mai, "mai-share");
    const priv = await open<PrivateDoc>(maiClient, mai.session.privateUrl);
    const participation = await open<ParticipationDoc>(maiClient, participationUrl);
    const meeting = await open<MeetingDoc>(maiClient, meetingUrl);
    let id = "" as AnnotationId;
    priv.change((d) => {
      id = addAnnotation(
        d,
        {
          meetingId,
          fileId: FILE,
          pageIndex: 2,
          color: "green",
          geometry: { kind: "area_highlight", rect: [72, 500, 300, 560] },
          text: "Bảng số liệu này cần đối chiếu",
        },
        NOW,
      );
    });
    participation.change((d) => shareAnnotation(d, meeting.doc(), priv.doc(), mai.memberId, id, NOW));
    priv.change((d) => markAnnotationShared(d, id, NOW));
    await acknowledged(maiClient, participation);

    const thangClient = client(thang, "thang-reply");
    const onThang = await open<ParticipationDoc>(thangClient, participationUrl);
    const meetingOnThang = await open<MeetingDoc>(thangClient, meetingUrl);
    await waitFor(
      () => allSharedAnnotations(onThang.doc()).some((a) => a.id === id),
      10_000,
      "Thắng sees it",
    );

    // A reply of his own is accepted and reaches Mai, with its author.
    onThang.change((d) =>
      replyToAnnotation(
        d,
        meetingOnThang.doc(),
        thang.memberId,
        { memberId: mai.memberId, annotationId: id },
        { text: "Đồng ý, đề nghị Phòng Tài chính rà soát" },
        NOW,
      ),
    );
    await waitFor(
      () =>
        annotationThreads(participation.doc(), meeting.doc()).find((t) => t.annotation.id === id)?.replies
          .length === 1,
      10_000,
      "Mai sees Thắng's reply",
    );
    const thread = annotationThreads(participation.doc(), meeting.doc()).find((t) => t.annotation.id === id)!;
    expect(thread.annotation.authorName).toBe("Trần Thị Mai");
    expect(thread.replies[0]!.authorName).toBe("Bùi Đức Thắng");

    // A tampered client: Thắng edits Mai's entry, plants one under her key, and writes a malformed one of his own.
    const refusals = () => r.logs.filter((l) => l.reason === "not_own_entries").length;
    const before = refusals();
    const key = entryKey(mai.memberId, id);
    onThang.change((d) => {
      (d.sharedAnnotations[key] as { text: string }).text = "Đã sửa bởi người khác";
    });
    onThang.change((d) => {
      d.sharedAnnotations[entryKey(mai.memberId, "forged")] = {
        type: imm("annotation"),
        id: imm("forged"),
        memberId: imm(mai.memberId),
        text: "Ghi chú mạo danh",
      };
    });
    onThang.change((d) => {
      d.sharedAnnotations[entryKey(thang.memberId, "junk")] = { type: imm("annotation"), text: "no shape" };
    });
    await waitFor(() => refusals() >= before + 1, 10_000, "the relay refused the forged writes");

    // Mai's copy — and a fresh reader's — never get any of it.
    const reader = client(chair, "chair-reader");
    const fresh = await open<ParticipationDoc>(reader, participationUrl);
    await waitFor(
      () => allSharedAnnotations(fresh.doc()).some((a) => a.id === id),
      10_000,
      "the chair has it",
    );
    for (const doc of [fresh.doc(), participation.doc()]) {
      const text = allSharedAnnotations(doc).find((a) => a.id === id)?.text;
      expect(text).toBe("Bảng số liệu này cần đối chiếu");
      expect(doc.sharedAnnotations).not.toHaveProperty(entryKey(mai.memberId, "forged"));
      expect(doc.sharedAnnotations).not.toHaveProperty(entryKey(thang.memberId, "junk"));
    }
  });
});
