/**
 * Meeting files at the real relay process: upload by those who may write the meeting, the relay's
 * validation and its refusal reasons, serving with Range and immutable caching, and access control —
 * a file goes only to members who may read a meeting that references it.
 */
import { createHash } from "node:crypto";
import type { AutomergeUrl, DocHandle } from "@automerge/automerge-repo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMeetingToWorkspace,
  addPaper,
  addParticipant,
  initMeeting,
  initParticipation,
  linkParticipation,
  type MeetingDoc,
  MeetingKind,
  type MeetingRole,
  type PaperId,
  type ParticipationDoc,
  removePaper,
  replacePaper,
  type WorkspaceDoc,
} from "../../shared/src/index.ts";
import { readFixture } from "../../sync-server/src/blobs/test-fixtures.ts";
import { signIn, type TestDevice } from "./auth.ts";
import { acknowledged, createClient, type TestClient } from "./clients.ts";
import { type RelayProcess, startRelayProcess } from "./relay-process.ts";

const NOW = Date.UTC(2026, 11, 1, 1, 0);
/** Small enough that comments.pdf (1,065,760 bytes) is over it. */
const LIMIT = 700_000;

let r: RelayProcess;
let admin: TestDevice;
let secretary: TestDevice;
let participant: TestDevice;
let outsider: TestDevice;
let adminClient: TestClient;
let meeting: DocHandle<MeetingDoc>;

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function upload(
  device: TestDevice | null,
  bytes: Uint8Array,
  options: { hash?: string; meeting?: string } = {},
) {
  const hash = options.hash ?? sha256(bytes);
  const query =
    options.meeting === undefined ? `?meeting=${meeting.documentId}` : `?meeting=${options.meeting}`;
  return fetch(`${r.url}/api/blobs/${hash}${query}`, {
    method: "PUT",
    headers: { ...(device?.headers ?? {}), "content-type": "application/pdf" },
    body: bytes as Uint8Array<ArrayBuffer>,
  });
}

function download(
  device: Pick<TestDevice, "headers"> | null,
  hash: string,
  headers: Record<string, string> = {},
  method = "GET",
) {
  return fetch(`${r.url}/api/blobs/${hash}`, { method, headers: { ...(device?.headers ?? {}), ...headers } });
}

async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

beforeAll(async () => {
  r = await startRelayProcess({ env: { BLOB_MAX_BYTES: String(LIMIT) } });
  admin = await signIn(r, "Nguyễn Văn Hùng", "admin");
  secretary = await signIn(r, "Hoàng Thị Thanh Hương", "secretary");
  participant = await signIn(r, "Lê Thị Thu Hà", "member");
  outsider = await signIn(r, "Người Ngoài Cuộc", "member");
  adminClient = createClient(r.syncUrl, "admin", { credential: admin.credential });
  const workspace = await adminClient.repo.find<WorkspaceDoc>(admin.session.workspaceUrl as AutomergeUrl);
  meeting = adminClient.repo.create<MeetingDoc>();
  const participation = adminClient.repo.create<ParticipationDoc>();
  let meetingId = "";
  const people: [TestDevice, MeetingRole][] = [
    [admin, "chair"],
    [participant, "participant"],
  ];
  meeting.change((d) => {
    meetingId = initMeeting(
      d,
      {
        title: "Họp thường kỳ tháng 12",
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
    for (const [device, role] of people) {
      addParticipant(
        d,
        { fullName: device.memberId.slice(0, 6), position: "", role, memberId: device.memberId },
        NOW,
      );
    }
  });
  participation.change((d) => initParticipation(d, { meetingId, meetingUrl: meeting.url }, NOW));
  workspace.change((d) => addMeetingToWorkspace(d, { meetingId, url: meeting.url }, NOW));
  await acknowledged(adminClient, meeting);
  await acknowledged(adminClient, participation);
}, 60_000);

afterAll(async () => {
  await adminClient?.close();
  await r?.cleanup();
});

/** References a stored file from the meeting and waits until the relay has the change. */
async function reference(bytes: Uint8Array, name: string, pages: number | null): Promise<PaperId> {
  let id = "" as PaperId;
  meeting.change((d) => {
    id = addPaper(
      d,
      {
        hash: sha256(bytes),
        name,
        size: bytes.byteLength,
        pages,
        passwordProtected: pages === null,
        kind: "submission",
        agendaItemId: null,
      },
      admin.memberId,
      NOW,
    );
  });
  await acknowledged(adminClient, meeting);
  return id;
}

describe("uploading a meeting file", () => {
  it("stores a PDF for a secretary and answers its page count; the same file again is not stored twice", async () => {
    const pdf = readFixture("rotation.pdf");
    const first = await upload(secretary, pdf);
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({
      hash: sha256(pdf),
      size: pdf.byteLength,
      created: true,
      encrypted: false,
      pages: 2,
    });
    const again = await upload(admin, pdf);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ created: false, pages: 2 });
  });

  it("flags a password-protected PDF instead of refusing it", async () => {
    const res = await upload(secretary, readFixture("vn-luat-thu-do-2012-mat-khau.pdf"));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ encrypted: true, pages: null });
  });

  it("refuses what is not a whole PDF, each with its reason", async () => {
    const text = new TextEncoder().encode("Tờ trình số 12/TTr-UBND — bản Word, không phải PDF\n");
    const notPdf = await upload(secretary, text);
    expect([notPdf.status, await errorCode(notPdf)]).toEqual([422, "not_pdf"]);

    const empty = await upload(secretary, new Uint8Array(0));
    expect([empty.status, await errorCode(empty)]).toEqual([422, "empty"]);

    const rotation = readFixture("rotation.pdf");
    const cut = await upload(secretary, rotation.subarray(0, rotation.length / 2));
    expect([cut.status, await errorCode(cut)]).toEqual([422, "truncated"]);

    const damaged = await upload(secretary, readFixture("bug1020226.pdf"));
    expect([damaged.status, await errorCode(damaged)]).toEqual([422, "damaged"]);

    const big = await upload(secretary, readFixture("comments.pdf"));
    expect([big.status, await errorCode(big)]).toEqual([413, "too_large"]);

    const pdf = readFixture("xref_command_missing.pdf");
    const mismatch = await upload(secretary, pdf, { hash: sha256(rotation) });
    expect([mismatch.status, await errorCode(mismatch)]).toEqual([422, "hash_mismatch"]);
  });

  it("is refused to members who may not write the meeting, and without a meeting or a credential", async () => {
    const pdf = readFixture("xref_command_missing.pdf");
    const byParticipant = await upload(participant, pdf);
    expect([byParticipant.status, await errorCode(byParticipant)]).toEqual([403, "forbidden"]);
    const byOutsider = await upload(outsider, pdf);
    expect(byOutsider.status).toBe(403);
    const noMeeting = await upload(secretary, pdf, { meeting: "" });
    expect(noMeeting.status).toBe(403);
    // A participation document is not a meeting, though its participants may write it.
    const participationId = String(meeting.doc().participationUrl).replace("automerge:", "");
    expect((await upload(participant, pdf, { meeting: participationId })).status).toBe(403);
    expect((await upload(null, pdf)).status).toBe(401);
    // Nothing of the refused uploads can be read by anyone.
    expect((await download(admin, sha256(pdf))).status).toBe(403);
  });
});

describe("serving a meeting file", () => {
  let hash = "";
  let bytes: Uint8Array;

  beforeAll(async () => {
    bytes = readFixture("vn-luat-thu-do-2012.pdf");
    hash = sha256(bytes);
    expect((await upload(secretary, bytes)).status).toBe(201);
  });

  it("goes to nobody until a meeting references it", async () => {
    expect((await download(admin, hash)).status).toBe(403);
    expect((await download(participant, hash)).status).toBe(403);
  });

  it("goes whole to a participant, with an ETag and immutable caching", async () => {
    await reference(bytes, "Luật Thủ đô.pdf", 12);
    const res = await download(participant, hash);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
    expect(res.headers.get("etag")).toBe(`"${hash}"`);
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(sha256(new Uint8Array(await res.arrayBuffer()))).toBe(hash);
    const cached = await download(participant, hash, { "if-none-match": `"${hash}"` });
    expect(cached.status).toBe(304);
  });

  it("serves byte ranges, so an interrupted download resumes", async () => {
    const from = 50_000;
    const rest = await download(participant, hash, { range: `bytes=${from}-` });
    expect(rest.status).toBe(206);
    expect(rest.headers.get("content-range")).toBe(`bytes ${from}-${bytes.length - 1}/${bytes.length}`);
    const tail = new Uint8Array(await rest.arrayBuffer());
    expect(tail).toEqual(bytes.subarray(from));
    const head = await download(participant, hash, { range: "bytes=0-99" });
    expect(head.status).toBe(206);
    expect((await head.arrayBuffer()).byteLength).toBe(100);
    const outside = await download(participant, hash, { range: `bytes=${bytes.length}-` });
    expect(outside.status).toBe(416);
    expect(outside.headers.get("content-range")).toBe(`bytes */${bytes.length}`);
    const probe = await download(participant, hash, {}, "HEAD");
    expect([probe.status, probe.headers.get("content-length")]).toEqual([200, String(bytes.length)]);
  });

  it("gives a member who is not a participant nothing — not even whether it exists", async () => {
    const res = await download(outsider, hash);
    expect(res.status).toBe(403);
    const body = await res.text();
    expect(body).not.toContain("%PDF");
    expect(JSON.parse(body)).toMatchObject({ error: { code: "forbidden" } });
    const ranged = await download(outsider, hash, { range: "bytes=0-99" });
    expect(ranged.status).toBe(403);
    const unknown = "0".repeat(64);
    expect((await download(outsider, unknown)).status).toBe(403);
    // Without a credential of this relay (another workspace's device has none here): 401.
    expect((await download(null, hash)).status).toBe(401);
    expect(
      (await download({ headers: { authorization: "Bearer hsd_not-from-this-relay" } }, hash)).status,
    ).toBe(401);
  });

  it("keeps serving the old version after a replacement, and stops when the paper is removed", async () => {
    const v2 = readFixture("xref_command_missing.pdf");
    expect((await upload(secretary, v2)).status).toBe(201);
    const first = Object.values(meeting.doc().papers).find((p) => String(p.hash) === hash)!;
    let v2Id = "";
    meeting.change((d) => {
      v2Id = replacePaper(
        d,
        String(first.id) as PaperId,
        {
          hash: sha256(v2),
          name: "Luật Thủ đô (bản sửa).pdf",
          size: v2.byteLength,
          pages: 1,
          passwordProtected: false,
          kind: "submission",
          agendaItemId: null,
        },
        admin.memberId,
        NOW + 1000,
      );
    });
    await acknowledged(adminClient, meeting);
    expect((await download(participant, sha256(v2))).status).toBe(200);
    expect((await download(participant, hash)).status).toBe(200);
    meeting.change((d) => removePaper(d, v2Id as PaperId, NOW + 2000));
    await acknowledged(adminClient, meeting);
    expect((await download(participant, hash)).status).toBe(403);
    expect((await download(participant, sha256(v2))).status).toBe(403);
  });
});
