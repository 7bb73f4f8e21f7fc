/**
 * Bench: 150 members vote on one motion within 10 seconds through one relay.
 *
 * A real relay process (tests/integration/relay-process.ts) and 151 automerge-repo clients: the chair
 * in this process, 150 members spread over worker processes (bench/votes-worker.ts), each with its own
 * WebSocket, device credential and ECDSA P-256 key registered at the relay. The chair opens a motion;
 * each member signs and writes a vote at a random moment within 10 s. For each vote, the time from the
 * cast (the `handle.change`) until its entry is in the participation document of every one of the 151
 * devices is recorded (Date.now(), one clock for all processes of the machine). Prints the median and p99 of "visible on every device", of "visible on one other device",
 * the relay's CPU (user + system from /proc, over the voting window) and the time one device takes to
 * verify the 150 signatures and tally the closed motion.
 *
 * The clients share this machine's cores with the relay, so their own work (applying 150 × 151 changes)
 * adds to the figures: read them as an upper bound of what separate devices see. Run:
 * `npm run bench -- votes` (VOTE_WORKERS, default 3: worker processes; VOTE_MEMBERS, default 150).
 */
import { type ChildProcess, fork } from "node:child_process";
import { webcrypto } from "node:crypto";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import * as A from "@automerge/automerge";
import type { AutomergeUrl } from "@automerge/automerge-repo";
import {
  addAgendaItem,
  addMeetingToWorkspace,
  addParticipant,
  closeMotion,
  computeMotionResult,
  createMotion,
  initMeeting,
  initParticipation,
  linkParticipation,
  type MeetingDoc,
  type MotionId,
  meetingMotions,
  openMotion,
  type ParticipationDoc,
  readDeviceKeys,
  type WorkspaceDoc,
} from "../shared/src/index.ts";
import { addMember, invite, redeem } from "../tests/integration/auth.ts";
import { acknowledged, createClient, type TestClient, waitFor } from "../tests/integration/clients.ts";
import { type RelayProcess, startRelayProcess } from "../tests/integration/relay-process.ts";
import type { WorkerDevice, WorkerReply, WorkerRequest } from "./votes-worker.ts";

const MEMBERS = Number(process.env.VOTE_MEMBERS ?? 150);
const WINDOW_MS = 10_000;
const WORKERS = Number(process.env.VOTE_WORKERS ?? 3);

interface Registered {
  readonly memberId: string;
  readonly deviceId: string;
  readonly credential: string;
  readonly privateJwk: JsonWebKey;
  readonly workspaceUrl: AutomergeUrl;
}

async function register(r: RelayProcess, name: string, role: "admin" | "member"): Promise<Registered> {
  const memberId = await addMember(r, name, role);
  const pair = (await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  const jwk = await webcrypto.subtle.exportKey("jwk", pair.publicKey);
  const { code } = await invite(r, memberId);
  const res = await redeem(r, code, { publicKeyJwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y } });
  if (!res.credential || !res.body.session) throw new Error(`redeem ${name}: HTTP ${res.status}`);
  return {
    memberId,
    deviceId: res.body.session.deviceId,
    credential: res.credential,
    privateJwk: await webcrypto.subtle.exportKey("jwk", pair.privateKey),
    workspaceUrl: res.body.session.workspaceUrl as AutomergeUrl,
  };
}

/** user + system CPU of a process, seconds (Linux /proc/<pid>/stat, clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

const ms = (n: number) => `${n.toFixed(0)} ms`;

class Worker {
  readonly #child: ChildProcess;
  readonly #cleanup: (() => void)[] = [];
  constructor() {
    this.#child = fork(fileURLToPath(new URL("./votes-worker.ts", import.meta.url)), {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
  }
  ask<K extends WorkerReply["op"]>(
    request: WorkerRequest,
    reply: K,
  ): Promise<Extract<WorkerReply, { op: K }>> {
    return new Promise((resolve, reject) => {
      const onMessage = (m: WorkerReply) => {
        if (m.op !== reply) return;
        this.#child.off("message", onMessage);
        for (const done of this.#cleanup.splice(0)) done();
        resolve(m as Extract<WorkerReply, { op: K }>);
      };
      const onExit = (code: number | null) => reject(new Error(`vote worker exited (${code})`));
      this.#child.on("message", onMessage);
      this.#child.once("exit", onExit);
      this.#child.send(request);
      this.#cleanup.push(() => this.#child.off("exit", onExit));
    });
  }
  stop(): void {
    this.#child.send({ op: "stop" } satisfies WorkerRequest);
  }
}

export async function run(): Promise<void> {
  console.log(
    `\n## votes: ${MEMBERS} members vote on one motion within ${WINDOW_MS / 1000} s through one relay`,
  );
  const r = await startRelayProcess({
    env: {
      REDEEM_RATE_LIMIT: "100000",
      AUTH_FAILURE_RATE_LIMIT: "100000",
      FSYNC: process.env.FSYNC ?? "1",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
    },
  });
  const workers: Worker[] = [];
  let chairClient: TestClient | undefined;
  try {
    const setupStart = performance.now();
    const chair = await register(r, "Chủ tọa", "admin");
    const members: Registered[] = [];
    for (let i = 0; i < MEMBERS; i++) members.push(await register(r, `Đại biểu ${i + 1}`, "member"));
    const c = createClient(r.syncUrl, "bench-chair", { credential: chair.credential });
    chairClient = c;
    await c.connected(60_000);
    const ws = await c.repo.find<WorkspaceDoc>(chair.workspaceUrl);
    const meeting = c.repo.create<MeetingDoc>();
    const participation = c.repo.create<ParticipationDoc>();
    const now = Date.now();
    let meetingId = "";
    let motionId = "" as MotionId;
    meeting.change((d) => {
      meetingId = initMeeting(
        d,
        {
          title: "Kỳ họp HĐND (bench)",
          issuingBody: "HĐND",
          kind: "council_session",
          startsAt: new Date(now).toISOString(),
          endsAt: new Date(now + 3 * 3600_000).toISOString(),
          timeZone: "Asia/Ho_Chi_Minh",
          location: "Hội trường",
          onlineLink: null,
        },
        now,
      );
      linkParticipation(d, participation.url);
      addParticipant(d, { fullName: "Chủ tọa", position: "", role: "chair", memberId: chair.memberId }, now);
      for (const [i, m] of members.entries())
        addParticipant(
          d,
          { fullName: `Đại biểu ${i + 1}`, position: "", role: "participant", memberId: m.memberId },
          now,
        );
      const item = addAgendaItem(
        d,
        { title: "Dự thảo nghị quyết", presenter: "", plannedMinutes: 10, description: "" },
        now,
      );
      motionId = createMotion(
        d,
        {
          agendaItemId: item,
          title: "Thông qua Nghị quyết",
          choices: [
            { id: "approve", label: "Đồng ý", meaning: "approve" },
            { id: "reject", label: "Không đồng ý", meaning: "reject" },
            { id: "blank", label: "Phiếu trắng", meaning: "blank" },
          ],
          rule: { kind: "preset", preset: "council_resolution" },
          visibility: "named",
        },
        now,
      );
      openMotion(d, motionId, { openerMemberId: chair.memberId }, now);
    });
    participation.change((d) => initParticipation(d, { meetingId, meetingUrl: meeting.url }, now));
    ws.change((d) => addMeetingToWorkspace(d, { meetingId, url: meeting.url }, now));
    await acknowledged(c, meeting, 30_000);
    await acknowledged(c, participation, 30_000);

    // The chair's device watches too.
    const chairSeen = new Map<string, number>();
    const look = () => {
      const at = Date.now();
      for (const key of Object.keys(participation.doc().votes))
        if (!chairSeen.has(key)) chairSeen.set(key, at);
    };
    participation.on("change", look);

    for (let i = 0; i < WORKERS; i++) workers.push(new Worker());
    const devices: WorkerDevice[] = members.map((m, i) => ({
      memberId: m.memberId,
      deviceId: m.deviceId,
      credential: m.credential,
      privateJwk: m.privateJwk,
      choiceId: i % 10 === 0 ? "reject" : i % 17 === 0 ? "blank" : "approve",
    }));
    await Promise.all(
      workers.map((w, wi) =>
        w.ask(
          {
            op: "open",
            syncUrl: r.syncUrl,
            meetingUrl: meeting.url,
            participationUrl: participation.url,
            devices: devices.filter((_, i) => i % WORKERS === wi),
          },
          "opened",
        ),
      ),
    );
    console.log(
      `setup (${MEMBERS + 1} devices registered, connected, documents open; ${WORKERS} worker processes): ${ms(performance.now() - setupStart)}`,
    );

    // Voting window: each device at its own random moment within WINDOW_MS.
    const schedule = new Map(
      devices.map((d) => [d.memberId, Date.now() + 3_000 + Math.random() * WINDOW_MS]),
    );
    const relayPid = r.child.pid!;
    const cpu0 = cpuSeconds(relayPid);
    const wall0 = Date.now();
    await Promise.all(
      workers.map((w, wi) =>
        w.ask(
          {
            op: "schedule",
            castAt: devices
              .filter((_, i) => i % WORKERS === wi)
              .map((d) => [d.memberId, schedule.get(d.memberId)!]),
          },
          "voted",
        ),
      ),
    );
    const castAt = new Map<string, number>();
    const seenBy = new Map<string, Map<string, number>>(); // entry key → device id → ms
    let totalDevices = 1;
    let clientCpu = 0;
    const collect = async () => {
      totalDevices = 1;
      clientCpu = 0;
      for (const w of workers) {
        const report = await w.ask({ op: "report" }, "report");
        totalDevices += report.total;
        clientCpu += report.cpuSeconds;
        for (const [key, at] of report.cast) castAt.set(key, at);
        for (const [key, device, at] of report.seen) {
          const byDevice = seenBy.get(key) ?? new Map<string, number>();
          seenBy.set(key, byDevice);
          byDevice.set(device, at);
        }
      }
      for (const [key, at] of chairSeen) {
        const byDevice = seenBy.get(key) ?? new Map<string, number>();
        seenBy.set(key, byDevice);
        byDevice.set(chair.deviceId, at);
      }
    };
    const everywhere = () =>
      [...castAt.keys()].filter((k) => (seenBy.get(k)?.size ?? 0) === totalDevices).length;
    const deadline = Date.now() + 120_000;
    for (;;) {
      await collect();
      if (everywhere() === MEMBERS || Date.now() > deadline) break;
      await new Promise((res) => setTimeout(res, 1_000));
    }
    const lastSeen = Math.max(...[...seenBy.values()].flatMap((b) => [...b.values()]));
    const cpu = cpuSeconds(relayPid) - cpu0;
    const wall = lastSeen - wall0;

    const everyDevice: number[] = [];
    const oneOther: number[] = [];
    let incomplete = 0;
    for (const [key, started] of castAt) {
      const byDevice = seenBy.get(key) ?? new Map<string, number>();
      const voter = members.find((m) => key.startsWith(`${m.memberId}:`))?.deviceId;
      const delays = [...byDevice.entries()]
        .filter(([device]) => device !== voter)
        .map(([, at]) => at - started)
        .sort((a, b) => a - b);
      oneOther.push(...delays);
      if (byDevice.size < totalDevices) incomplete++;
      else everyDevice.push(delays[delays.length - 1]!);
    }
    everyDevice.sort((a, b) => a - b);
    oneOther.sort((a, b) => a - b);
    console.log(
      `votes cast: ${castAt.size} over ${WINDOW_MS / 1000} s; ${castAt.size - incomplete} reached all ${totalDevices} devices (the last ${ms(wall)} after the first cast began); ${incomplete} did not within 120 s`,
    );
    console.log(
      `cast → visible on every device: median ${ms(quantile(everyDevice, 0.5))}, p99 ${ms(quantile(everyDevice, 0.99))}, max ${ms(everyDevice.at(-1) ?? Number.NaN)}`,
    );
    console.log(
      `cast → visible on one other device (${oneOther.length} pairs): median ${ms(quantile(oneOther, 0.5))}, p99 ${ms(quantile(oneOther, 0.99))}`,
    );
    console.log(
      `relay CPU over that window: ${cpu.toFixed(2)} s (${((cpu / (wall / 1000)) * 100).toFixed(0)}% of one core); the ${WORKERS} client processes used ${clientCpu.toFixed(1)} s of CPU since they started; load average ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")} on ${availableParallelism()} cores`,
    );

    // The chair closes; one device verifies every signature and tallies at the closing heads.
    await waitFor(
      () => Object.keys(participation.doc().votes).length === MEMBERS,
      60_000,
      "every vote at the chair",
    ).catch(() => undefined);
    const chairP = participation.doc();
    meeting.change((d) => closeMotion(d, motionId, A.getHeads(chairP), [], Date.now()));
    const keys = readDeviceKeys(ws.doc());
    const closed = meetingMotions(meeting.doc())[0]!;
    const t0 = performance.now();
    const state = await computeMotionResult({
      motion: closed,
      participation: chairP,
      deviceKeys: keys,
      presentNow: [],
    });
    const tallyMs = performance.now() - t0;
    const summary =
      state.kind === "counted"
        ? `${state.result.outcome}, ${state.result.voted} counted, ${state.flagged} flagged`
        : state.kind;
    console.log(
      `verify ${MEMBERS} signatures + tally at the closing heads on one device: ${ms(tallyMs)} (${summary})`,
    );
  } finally {
    for (const w of workers) w.stop();
    await chairClient?.close();
    await r.cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
