/**
 * A child process of bench/votes.ts: a share of the voting devices (automerge-repo clients, each with its
 * own WebSocket and device key). Told the documents and a wall-clock schedule, it casts each device's
 * vote at its time and records, with Date.now() (one clock for every process of the machine), when each
 * vote entry first appears in each of its devices' participation document. Reports everything at the end.
 */
import { webcrypto } from "node:crypto";
import type { AutomergeUrl, DocHandle } from "@automerge/automerge-repo";
import {
  castVote,
  type MeetingDoc,
  meetingMotions,
  type ParticipationDoc,
  signVote,
  type Vote,
} from "../shared/src/index.ts";
import { createClient, type TestClient, waitFor } from "../tests/integration/clients.ts";

/** One device given to the worker. */
export interface WorkerDevice {
  readonly memberId: string;
  readonly deviceId: string;
  readonly credential: string;
  readonly privateJwk: JsonWebKey;
  readonly choiceId: string;
}

export type WorkerRequest =
  | { op: "open"; syncUrl: string; meetingUrl: string; participationUrl: string; devices: WorkerDevice[] }
  | { op: "schedule"; castAt: [string, number][] }
  | { op: "report" }
  | { op: "stop" };

export type WorkerReply =
  | { op: "opened" }
  | { op: "voted" }
  | {
      op: "report";
      cast: [string, number][];
      seen: [string, string, number][];
      total: number;
      /** This process's CPU since it started, user + system, seconds. */
      cpuSeconds: number;
    };

interface Live {
  readonly device: WorkerDevice;
  readonly client: TestClient;
  participation: DocHandle<ParticipationDoc>;
  meeting: DocHandle<MeetingDoc>;
  readonly known: Set<string>;
}

const live: Live[] = [];
const cast: [string, number][] = [];
const seen: [string, string, number][] = [];

async function findRetry<T>(client: TestClient, url: string): Promise<DocHandle<T>> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      return await client.repo.find<T>(url as AutomergeUrl);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

function watch(l: Live): void {
  const look = () => {
    const at = Date.now();
    const votes = l.participation.doc().votes;
    for (const key of Object.keys(votes)) {
      if (!l.known.has(key)) {
        l.known.add(key);
        seen.push([key, l.device.deviceId, at]);
      }
    }
  };
  l.participation.on("change", look);
  look();
}

process.on("message", (m: WorkerRequest) => {
  void (async () => {
    if (m.op === "open") {
      await Promise.all(
        m.devices.map(async (device) => {
          const client = createClient(m.syncUrl, `w-${device.memberId.slice(0, 8)}`, {
            credential: device.credential,
          });
          await client.connected(120_000);
          const meeting = await findRetry<MeetingDoc>(client, m.meetingUrl);
          await waitFor(
            () => meetingMotions(meeting.doc()).some((x) => x.phase === "open"),
            120_000,
            "motion open",
          );
          const participation = await findRetry<ParticipationDoc>(client, m.participationUrl);
          const l: Live = { device, client, meeting, participation, known: new Set() };
          live.push(l);
          watch(l);
        }),
      );
      process.send?.({ op: "opened" } satisfies WorkerReply);
    } else if (m.op === "schedule") {
      const when = new Map(m.castAt);
      await Promise.all(
        live
          .filter((l) => when.has(l.device.memberId))
          .map(async (l) => {
            const key = await webcrypto.subtle.importKey(
              "jwk",
              l.device.privateJwk,
              { name: "ECDSA", namedCurve: "P-256" },
              false,
              ["sign"],
            );
            await new Promise((r) =>
              setTimeout(r, Math.max(0, (when.get(l.device.memberId) ?? 0) - Date.now())),
            );
            const motion = meetingMotions(l.meeting.doc())[0]!.motion;
            const vote = await signVote(
              {
                motionId: motion.id,
                memberId: l.device.memberId as Vote["memberId"],
                deviceId: l.device.deviceId as Vote["deviceId"],
                choiceId: l.device.choiceId,
                castAt: new Date().toISOString(),
                keyId: l.device.deviceId as Vote["keyId"],
              },
              key,
            );
            const at = Date.now();
            let entry = "";
            l.participation.change((doc) => {
              entry = `${l.device.memberId}:${castVote(doc, motion, vote, at)}`;
            });
            cast.push([entry, at]);
          }),
      );
      process.send?.({ op: "voted" } satisfies WorkerReply);
    } else if (m.op === "report") {
      const cpu = process.cpuUsage();
      process.send?.({
        op: "report",
        cast,
        seen,
        total: live.length,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
      } satisfies WorkerReply);
    } else {
      await Promise.all(live.map((l) => l.client.close()));
      process.exit(0);
    }
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
