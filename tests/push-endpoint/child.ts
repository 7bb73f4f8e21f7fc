/**
 * The local push service in a process of its own, driven over IPC (the bench uses it so that the
 * receiver's verification and decryption do not count in the sender's CPU time).
 *
 *   const child = fork("tests/push-endpoint/child.ts", { execArgv: ["--import", "tsx"] });
 *
 * Messages in: {id, op: "subscribe", count, applicationServerKey?} → {id, subscriptions}
 *              {id, op: "stats"} → {id, accepted, requests, refused, cpuMicros}
 * On start it sends {op: "ready", origin}.
 */
import { startLocalPushEndpoint, type TestSubscription } from "./index.ts";

export type ChildRequest =
  | { id: number; op: "subscribe"; count: number; applicationServerKey?: string }
  | { id: number; op: "stats" };
export type ChildReply =
  | { op: "ready"; origin: string }
  | { id: number; subscriptions: TestSubscription[] }
  | { id: number; accepted: number; requests: number; refused: string[]; cpuMicros: number };

const send = (m: ChildReply) => process.send?.(m);
const endpoint = await startLocalPushEndpoint({ keepMessages: false });
let requestsSeen = 0;
process.on("message", (m: ChildRequest) => {
  if (m.op === "subscribe") {
    const subscriptions = Array.from({ length: m.count }, () =>
      endpoint.subscribe(m.applicationServerKey ? { applicationServerKey: m.applicationServerKey } : {}),
    );
    send({ id: m.id, subscriptions });
  } else if (m.op === "stats") {
    const refused = endpoint.requests.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.reason}`);
    requestsSeen = endpoint.requests.length;
    endpoint.requests.length = 0; // keep memory flat across runs
    const cpu = process.cpuUsage();
    send({
      id: m.id,
      accepted: endpoint.acceptedCount,
      requests: requestsSeen,
      refused: refused.slice(0, 5),
      cpuMicros: cpu.user + cpu.system,
    });
  }
});
process.on("disconnect", () => {
  void endpoint.close().then(() => process.exit(0));
});
send({ op: "ready", origin: endpoint.origin });
