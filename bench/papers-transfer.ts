/**
 * Bench: meeting files through a real relay process (`npm run bench -- papers-transfer`).
 *
 * - upload + validation: every valid fixture PUT by a secretary (hash check, pdf.js check in the
 *   worker, durable write), as MB/s and ms per file;
 * - download: a participant GETs every file (access check + streaming), cold and with `If-None-Match`;
 * - the access check's cost as the workspace grows: HEAD of one file with 1 and with 40 meetings the
 *   relay must look through (each meeting's referenced hashes are cached until its heads change);
 * - resume: the second half of the largest file with `Range`, against the whole file.
 */
import { createHash } from "node:crypto";
import type { AutomergeUrl, DocHandle } from "@automerge/automerge-repo";
import {
  addMeetingToWorkspace,
  addPaper,
  addParticipant,
  initMeeting,
  type MeetingDoc,
  MeetingKind,
  type WorkspaceDoc,
} from "../shared/src/index.ts";
import { fixtureNames, readFixture } from "../sync-server/src/blobs/test-fixtures.ts";
import { signIn, type TestDevice } from "../tests/integration/auth.ts";
import { acknowledged, createClient, type TestClient } from "../tests/integration/clients.ts";
import { startRelayProcess } from "../tests/integration/relay-process.ts";

const NOW = Date.UTC(2026, 11, 1, 1, 0);
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (bytes: number) => bytes / 1e6;

function newMeeting(
  c: TestClient,
  ws: DocHandle<WorkspaceDoc>,
  title: string,
  people: TestDevice[],
): DocHandle<MeetingDoc> {
  const meeting = c.repo.create<MeetingDoc>();
  let meetingId = "";
  meeting.change((d) => {
    meetingId = initMeeting(
      d,
      {
        title,
        issuingBody: "UBND phường",
        kind: MeetingKind.Regular,
        startsAt: "2026-12-22T01:00:00.000Z",
        endsAt: "2026-12-22T04:00:00.000Z",
        timeZone: "Asia/Ho_Chi_Minh",
        location: "",
        onlineLink: null,
      },
      NOW,
    );
    for (const p of people) {
      addParticipant(
        d,
        { fullName: p.memberId.slice(0, 6), position: "", role: "participant", memberId: p.memberId },
        NOW,
      );
    }
  });
  ws.change((d) => addMeetingToWorkspace(d, { meetingId, url: meeting.url }, NOW));
  return meeting;
}

export async function run(): Promise<void> {
  console.log("papers-transfer bench: real relay process, every valid fixture");
  const relay = await startRelayProcess();
  const admin = await signIn(relay, "Nguyễn Văn Hùng", "admin");
  const secretary = await signIn(relay, "Hoàng Thị Thanh Hương", "secretary");
  const member = await signIn(relay, "Lê Thị Thu Hà", "member");
  const client = createClient(relay.syncUrl, "bench", { credential: admin.credential });
  try {
    const ws = await client.repo.find<WorkspaceDoc>(admin.session.workspaceUrl as AutomergeUrl);
    const meeting = newMeeting(client, ws, "Họp có tài liệu", [member]);
    await acknowledged(client, meeting);
    const put = (bytes: Uint8Array) =>
      fetch(`${relay.url}/api/blobs/${sha256(bytes)}?meeting=${meeting.documentId}`, {
        method: "PUT",
        headers: { ...secretary.headers, "content-type": "application/pdf" },
        body: bytes as Uint8Array<ArrayBuffer>,
      });

    // Upload + validation.
    const accepted: { name: string; bytes: Uint8Array; pages: number | null }[] = [];
    let upBytes = 0;
    let started = performance.now();
    for (const name of fixtureNames()) {
      const bytes = readFixture(name);
      const res = await put(bytes);
      const body = (await res.json()) as { pages?: number | null };
      if (res.ok) {
        accepted.push({ name, bytes, pages: body.pages ?? null });
        upBytes += bytes.length;
      }
    }
    const upMs = performance.now() - started;
    console.log(
      `  upload + validate: ${accepted.length} files, ${mb(upBytes).toFixed(2)} MB in ${upMs.toFixed(0)} ms` +
        ` → ${(mb(upBytes) / (upMs / 1000)).toFixed(1)} MB/s, ${(upMs / accepted.length).toFixed(0)} ms per file`,
    );
    started = performance.now();
    for (const f of accepted) await put(f.bytes);
    const againMs = performance.now() - started;
    console.log(
      `  the same files again (already stored): ${(againMs / accepted.length).toFixed(1)} ms per file`,
    );

    meeting.change((d) => {
      for (const f of accepted) {
        addPaper(
          d,
          {
            hash: sha256(f.bytes),
            name: f.name,
            size: f.bytes.length,
            pages: f.pages,
            passwordProtected: f.pages === null,
            kind: "submission",
            agendaItemId: null,
          },
          admin.memberId,
          NOW,
        );
      }
    });
    await acknowledged(client, meeting);

    // Download by a participant.
    const get = (hash: string, headers: Record<string, string> = {}, method = "GET") =>
      fetch(`${relay.url}/api/blobs/${hash}`, { method, headers: { ...member.headers, ...headers } });
    started = performance.now();
    let downBytes = 0;
    for (const f of accepted) downBytes += (await (await get(sha256(f.bytes))).arrayBuffer()).byteLength;
    const downMs = performance.now() - started;
    console.log(
      `  download (access check + stream): ${mb(downBytes).toFixed(2)} MB in ${downMs.toFixed(0)} ms → ${(mb(downBytes) / (downMs / 1000)).toFixed(1)} MB/s`,
    );
    const revalidate: number[] = [];
    for (const f of accepted) {
      const h = sha256(f.bytes);
      const t0 = performance.now();
      await (await get(h, { "if-none-match": `"${h}"` })).arrayBuffer();
      revalidate.push(performance.now() - t0);
    }
    console.log(`  If-None-Match → 304: median ${median(revalidate).toFixed(2)} ms`);

    // The access check as the workspace grows.
    const probe = sha256(accepted[0]!.bytes);
    const heads = async () => {
      const times: number[] = [];
      for (let i = 0; i < 30; i++) {
        const t0 = performance.now();
        await (await get(probe, {}, "HEAD")).arrayBuffer();
        times.push(performance.now() - t0);
      }
      return median(times);
    };
    const one = await heads();
    const others: DocHandle<MeetingDoc>[] = [];
    for (let i = 0; i < 39; i++) others.push(newMeeting(client, ws, `Họp ${i + 2}`, [member]));
    for (const m of others) await acknowledged(client, m);
    await heads(); // the first look at each new meeting loads and indexes it
    const forty = await heads();
    console.log(
      `  HEAD (access check) median: ${one.toFixed(2)} ms with 1 meeting, ${forty.toFixed(2)} ms with 40 meetings`,
    );

    // Resume: the second half of the largest file.
    const largest = accepted.reduce((a, b) => (b.bytes.length > a.bytes.length ? b : a));
    const h = sha256(largest.bytes);
    const whole: number[] = [];
    const half: number[] = [];
    for (let i = 0; i < 9; i++) {
      let t0 = performance.now();
      await (await get(h)).arrayBuffer();
      whole.push(performance.now() - t0);
      t0 = performance.now();
      await (await get(h, { range: `bytes=${Math.floor(largest.bytes.length / 2)}-` })).arrayBuffer();
      half.push(performance.now() - t0);
    }
    console.log(
      `  ${largest.name} (${mb(largest.bytes.length).toFixed(2)} MB): whole ${median(whole).toFixed(1)} ms, resumed second half ${median(half).toFixed(1)} ms (ratio ${(median(half) / median(whole)).toFixed(2)})`,
    );
  } finally {
    await client.close();
    await relay.cleanup();
  }
}
