/**
 * Votes through a real relay process with Node automerge-repo clients: the device key directory the
 * relay publishes, a vote cast offline after the close being late on every peer, and a secret ballot
 * leaving no member↔choice link in anything the relay stores (documents, SQLite, logs).
 */
import { webcrypto } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import * as A from "@automerge/automerge";
import type { AutomergeUrl, DocHandle } from "@automerge/automerge-repo";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addAgendaItem,
  addMeetingToWorkspace,
  addParticipant,
  type Choice,
  castVote,
  closeMotion,
  computeMotionResult,
  createMotion,
  initMeeting,
  initParticipation,
  linkParticipation,
  type MeetingDoc,
  type MeetingRole,
  type MotionId,
  type MotionInput,
  meetingMotions,
  openMotion,
  type ParticipationDoc,
  presentMembers,
  readDeviceKeys,
  readVotes,
  signVote,
  type Vote,
  type WorkspaceDoc,
} from "../../shared/src/index.ts";
import { addMember, deviceApi, invite, redeem, type TestDevice } from "./auth.ts";
import { acknowledged, createClient, type TestClient, waitFor } from "./clients.ts";
import { type RelayProcess, startRelayProcess } from "./relay-process.ts";

const NOW = Date.now();

/** A device that keeps its private key, as the app does (non-extractable, in IndexedDB there). */
interface Voter extends TestDevice {
  readonly privateKey: CryptoKey;
  client: TestClient;
}

let r: RelayProcess;
let chair: Voter;
let m1: Voter;
let m2: Voter;
let observer: Voter;
let meetingUrl: AutomergeUrl;
let participationUrl: AutomergeUrl;
let itemId = "";

async function voter(name: string, role: "admin" | "member"): Promise<Voter> {
  const memberId = await addMember(r, name, role);
  const pair = (await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  const jwk = await webcrypto.subtle.exportKey("jwk", pair.publicKey);
  const { code } = await invite(r, memberId);
  const res = await redeem(r, code, { publicKeyJwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y } });
  if (!res.credential || !res.body.session) throw new Error(`redeem: ${res.status}`);
  const device = {
    memberId,
    deviceId: res.body.session.deviceId,
    credential: res.credential,
    session: res.body.session,
    headers: { authorization: `Bearer ${res.credential}` },
  };
  const client = createClient(r.syncUrl, `voter-${memberId.slice(0, 8)}`, { credential: res.credential });
  await client.connected();
  return { ...device, privateKey: pair.privateKey, client };
}

async function sign(v: Voter, motionId: string, choiceId: string, at = Date.now()): Promise<Vote> {
  return signVote(
    {
      motionId: motionId as MotionId,
      memberId: v.memberId as Vote["memberId"],
      deviceId: v.deviceId as Vote["deviceId"],
      choiceId,
      castAt: new Date(at).toISOString(),
      keyId: v.deviceId as Vote["keyId"],
    },
    v.privateKey,
  );
}

const meetingOf = (v: Voter) => v.client.repo.find<MeetingDoc>(meetingUrl);
const participationOf = (v: Voter) => v.client.repo.find<ParticipationDoc>(participationUrl);
const workspaceOf = (v: Voter) => v.client.repo.find<WorkspaceDoc>(v.session.workspaceUrl as AutomergeUrl);

function motionView(meeting: DocHandle<MeetingDoc>, motionId: string) {
  const m = meetingMotions(meeting.doc()).find((x) => x.motion.id === motionId);
  if (!m) throw new Error(`motion ${motionId} not on this device yet`);
  return m;
}

/** The chair creates and opens a motion; resolves once every voter's device has it open. */
async function openNewMotion(input: Omit<MotionInput, "agendaItemId">): Promise<string> {
  const meeting = await meetingOf(chair);
  let motionId = "";
  meeting.change((d) => {
    motionId = createMotion(d, { ...input, agendaItemId: itemId }, Date.now());
    openMotion(d, motionId, { openerMemberId: chair.memberId }, Date.now());
  });
  for (const v of [m1, m2, observer]) {
    const h = await meetingOf(v);
    await waitFor(
      () => meetingMotions(h.doc()).some((m) => m.motion.id === motionId && m.phase === "open"),
      10_000,
      "motion open",
    );
  }
  return motionId;
}

beforeAll(async () => {
  r = await startRelayProcess();
  chair = await voter("Nguyễn Văn Hùng", "admin");
  m1 = await voter("Trần Thị Mai", "member");
  m2 = await voter("Bùi Đức Thắng", "member");
  observer = await voter("Lâm Thị Kim Oanh", "member");
  const workspace = await workspaceOf(chair);
  const meeting = chair.client.repo.create<MeetingDoc>();
  const participation = chair.client.repo.create<ParticipationDoc>();
  let meetingId = "";
  meeting.change((d) => {
    meetingId = initMeeting(
      d,
      {
        title: "Kỳ họp biểu quyết",
        issuingBody: "UBND phường Bình Thạnh",
        kind: "regular",
        startsAt: "2026-12-22T01:00:00.000Z",
        endsAt: "2026-12-22T04:00:00.000Z",
        timeZone: "Asia/Ho_Chi_Minh",
        location: "Phòng họp",
        onlineLink: null,
      },
      NOW,
    );
    linkParticipation(d, participation.url);
    const people: [Voter, MeetingRole][] = [
      [chair, "chair"],
      [m1, "participant"],
      [m2, "participant"],
      [observer, "observer"],
    ];
    for (const [v, role] of people)
      addParticipant(d, { fullName: v.memberId.slice(0, 6), position: "", role, memberId: v.memberId }, NOW);
    itemId = addAgendaItem(
      d,
      { title: "Dự thảo nghị quyết", presenter: "", plannedMinutes: 10, description: "" },
      NOW,
    );
  });
  participation.change((d) => initParticipation(d, { meetingId, meetingUrl: meeting.url }, NOW));
  workspace.change((d) => addMeetingToWorkspace(d, { meetingId, url: meeting.url }, NOW));
  meetingUrl = meeting.url;
  participationUrl = participation.url;
  await acknowledged(chair.client, meeting);
  await acknowledged(chair.client, participation);
  for (const v of [m1, m2, observer]) {
    await (await meetingOf(v)).whenReady();
    await (await participationOf(v)).whenReady();
  }
}, 90_000);

afterAll(async () => {
  if (process.env.DUMP_RELAY_LOGS) console.log(r?.logs.map((l) => JSON.stringify(l)).join("\n"), r?.stderr());
  for (const v of [chair, m1, m2, observer]) await v?.client.close();
  await r?.cleanup();
});

describe("device keys", () => {
  it("the relay publishes every registered device's key into the workspace; a member cannot write there", async () => {
    const ws = await workspaceOf(m1);
    await waitFor(() => readDeviceKeys(ws.doc()).length >= 4, 10_000, "four device keys");
    const keys = readDeviceKeys(ws.doc());
    expect(keys.find((k) => k.deviceId === m2.deviceId)?.memberId).toBe(m2.memberId);
    // The chair (an admin) tries to plant a key: the relay strips the change.
    const chairWs = await workspaceOf(chair);
    chairWs.change((d) => {
      const keysPart = (d as unknown as { deviceKeys: Record<string, unknown> }).deviceKeys;
      keysPart["forged-device"] = {
        ...(keysPart[m1.deviceId] as object),
        deviceId: new A.ImmutableString("forged-device"),
      };
    });
    await r.waitForLog((l) => l.reason === "device_keys_relay_only", 10_000);
  });
});

describe("deterministic close", () => {
  it("a vote cast offline that reaches the relay after the close is late on every peer; all agree", async () => {
    const choices: Choice[] = [
      { id: "approve", label: "Tán thành", meaning: "approve" },
      { id: "reject", label: "Không tán thành", meaning: "reject" },
      { id: "abstain", label: "Không biểu quyết", meaning: "abstain" },
    ];
    const motionId = await openNewMotion({
      title: "Thông qua kế hoạch",
      choices,
      rule: { kind: "preset", preset: "majority_of_cast" },
      visibility: "named",
    });
    // m2 is offline: votes on a copy of the document that the relay does not see yet.
    const m2p = await participationOf(m2);
    const m2Motion = motionView(await meetingOf(m2), motionId).motion;
    let offline = A.clone(m2p.doc());
    const offlineVote = await sign(m2, motionId, "reject");
    offline = A.change(offline, (d) => {
      castVote(d, m2Motion, offlineVote, Date.now());
    });
    // The chair and m1 vote online.
    for (const v of [chair, m1]) {
      const p = await participationOf(v);
      const motion = motionView(await meetingOf(v), motionId).motion;
      const vote = await sign(v, motionId, "approve");
      p.change((d) => {
        castVote(d, motion, vote, Date.now());
      });
      await acknowledged(v.client, p);
    }
    const chairP = await participationOf(chair);
    await waitFor(() => readVotes(chairP.doc(), motionId).length === 2, 10_000, "both votes at the chair");
    const chairMeeting = await meetingOf(chair);
    chairMeeting.change((d) =>
      closeMotion(d, motionId, A.getHeads(chairP.doc()), presentMembers(d, chairP.doc()), Date.now()),
    );
    await acknowledged(chair.client, chairMeeting);
    // m2 comes back online: the offline vote syncs after the close.
    m2p.update((d) => A.merge(d, offline));
    await acknowledged(m2.client, m2p);
    const results = [];
    for (const v of [chair, m1, m2]) {
      const p = await participationOf(v);
      const meeting = await meetingOf(v);
      await waitFor(() => readVotes(p.doc(), motionId).length === 3, 10_000, "three votes everywhere");
      await waitFor(() => motionView(meeting, motionId).phase === "closed", 10_000, "closed everywhere");
      const ws = await workspaceOf(v);
      const state = await computeMotionResult({
        motion: motionView(meeting, motionId),
        participation: p.doc(),
        deviceKeys: readDeviceKeys(ws.doc()),
        presentNow: [],
      });
      if (state.kind !== "counted") throw new Error(`not counted: ${state.kind}`);
      results.push(state);
    }
    for (const s of results) {
      expect(s.result.final).toBe(true);
      expect(s.result.approve).toBe(2);
      expect(s.result.reject).toBe(0);
      expect(s.result.outcome).toBe("passed");
      expect(s.late).toBe(1);
      expect(s.result.votes.find((v) => v.memberId === m2.memberId)?.status).toBe("late");
      expect(s.result.counts).toEqual(results[0]!.result.counts);
    }
  });
});

describe("secret ballot", () => {
  it("counts at the relay, refuses a second ballot and non-voters, and stores no member↔choice link", async () => {
    const choices: Choice[] = [
      { id: "dong-y-7f3a", label: "Đồng ý", meaning: "approve" },
      { id: "khong-dong-y-91c2", label: "Không đồng ý", meaning: "reject" },
      { id: "phieu-trang-44e0", label: "Phiếu trắng", meaning: "blank" },
    ];
    const motionId = await openNewMotion({
      title: "Bầu chức danh",
      choices,
      rule: { kind: "preset", preset: "majority_of_cast" },
      visibility: "secret",
    });
    const docId = meetingUrl.slice("automerge:".length);
    const route = `/api/ballots/${docId}/${motionId}`;
    const ballots: [Voter, string][] = [
      [m2, "khong-dong-y-91c2"],
      [chair, "dong-y-7f3a"],
      [m1, "phieu-trang-44e0"],
    ];
    for (const [v, choiceId] of ballots) {
      const res = await deviceApi<{ voted: boolean }>(r, v, "POST", route, { body: { choiceId } });
      expect(res.status).toBe(200);
      expect(res.body.voted).toBe(true);
    }
    const again = await deviceApi<{ error: { code: string } }>(r, m1, "POST", route, {
      body: { choiceId: "dong-y-7f3a" },
    });
    expect([again.status, again.body.error.code]).toEqual([409, "ballot_already_voted"]);
    const obs = await deviceApi<{ error: { code: string } }>(r, observer, "POST", route, {
      body: { choiceId: "dong-y-7f3a" },
    });
    expect([obs.status, obs.body.error.code]).toEqual([403, "ballot_not_eligible"]);
    // The chair's device tries to write a count into the motion itself: the relay refuses it.
    const chairMeeting = await meetingOf(chair);
    chairMeeting.change((d) => {
      (d.motions[motionId] as { secretResult: unknown }).secretResult = {
        counts: { "dong-y-7f3a": 3 },
        voters: [],
        sealedAt: new A.ImmutableString(new Date().toISOString()),
      };
    });
    await r.waitForLog((l) => l.reason === "secret_ballot_relay_only", 10_000);
    const notChair = await deviceApi<{ error: { code: string } }>(r, m1, "POST", `${route}/seal`);
    expect(notChair.status).toBe(403);
    const sealed = await deviceApi<{ sealed: boolean; voters: number }>(r, chair, "POST", `${route}/seal`);
    expect(sealed.body).toMatchObject({ sealed: true, voters: 3 });

    // Every device reads the same sealed count from the meeting document.
    const m1Meeting = await meetingOf(m1);
    await waitFor(
      () => motionView(m1Meeting, motionId).secretResult !== null,
      10_000,
      "sealed result synced",
    );
    expect(motionView(m1Meeting, motionId).secretResult?.counts).toEqual({
      "dong-y-7f3a": 1,
      "khong-dong-y-91c2": 1,
      "phieu-trang-44e0": 1,
    });
    const late = await deviceApi(r, m2, "POST", route, { body: { choiceId: "dong-y-7f3a" } });
    expect(late.status).toBe(409);

    // What the relay stores: no row of any SQLite table holds both a voter and a choice…
    await r.stop();
    const files = await readdir(r.dataDir, { recursive: true });
    const sqlite = files.filter((f) => /\.sqlite$/.test(f));
    expect(sqlite).toEqual(expect.arrayContaining(["ballots.sqlite", "relay.sqlite"]));
    for (const file of sqlite) {
      const db = new Database(path.join(r.dataDir, file), { readonly: true });
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
        name: string;
      }[];
      for (const { name } of tables) {
        for (const row of db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]) {
          const text = JSON.stringify(row);
          const hasVoter = ballots.some(([v]) => text.includes(v.memberId));
          const hasChoice = choices.some((c) => text.includes(c.id));
          expect(hasVoter && hasChoice, `${file}:${name} ${text}`).toBe(false);
        }
      }
      db.close();
    }
    // …the ballot box lists voters in member-id order, not in the order ballots came…
    const box = new Database(path.join(r.dataDir, "ballots.sqlite"), { readonly: true });
    const voters = (box.prepare("SELECT member_id FROM ballot_voters").all() as { member_id: string }[]).map(
      (v) => v.member_id,
    );
    expect(voters).toEqual(ballots.map(([v]) => v.memberId).sort());
    box.close();
    expect(files.some((f) => /-wal$|-journal$/.test(f) && f.startsWith("ballots"))).toBe(false);
    // …no log line names a choice…
    const logText = JSON.stringify(r.logs) + r.stderr();
    for (const c of choices) expect(logText.includes(c.id)).toBe(false);
    // …and no state in the history of the meeting or participation document pairs a voter with a choice.
    for (const url of [meetingUrl, participationUrl]) {
      const doc: A.Doc<unknown> =
        url === meetingUrl ? (await meetingOf(m1)).doc() : (await participationOf(m1)).doc();
      expect(readVotes(doc, motionId)).toEqual([]);
      for (const state of A.getHistory(doc)) {
        expect(readVotes(state.snapshot, motionId)).toEqual([]);
        const motion = meetingMotions(state.snapshot as MeetingDoc).find((m) => m.motion.id === motionId);
        // The only count ever written is the sealed aggregate: counts by choice, voters as a sorted list.
        if (motion?.secretResult)
          expect(motion.secretResult.voters).toEqual(ballots.map(([v]) => v.memberId).sort());
      }
    }
  });
});
