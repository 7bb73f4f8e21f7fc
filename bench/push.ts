/**
 * Bench: 10,000 reminders due at once, pushed through the relay's scheduler (claim → encrypt → VAPID →
 * POST → record) to the local push service of the tests, which verifies every VAPID JWT and decrypts
 * every payload in a process of its own (so its CPU is not counted as the sender's).
 *
 * Measures sends per second (wall clock, one pass) and the sender's CPU per send (process.cpuUsage,
 * user + system, main process only) with:
 *  - the VAPID header cached per audience (the relay's default),
 *  - our ES256 signer without the cache (a JWT per message),
 *  - web-push's own `getVapidHeaders` per message (what `sendNotification` does; STACK.md's ≈0.9 ms),
 * plus the relay's durable setting (synchronous=FULL, an fsync per recorded delivery) for the cached
 * variant, and the two parts of the CPU cost measured alone (one JWT signature; one aes128gcm encryption).
 * Run: `npm run bench -- push` (after adding it to bench/run.ts) or `npx tsx bench/push.ts`.
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import webpush, { type RequestOptions } from "web-push";
import type { MemberId } from "../shared/src/ids.ts";
import type { Reminder } from "../shared/src/reminders/index.ts";
import { createLogger } from "../sync-server/src/logger.ts";
import { loadPushConfig } from "../sync-server/src/push/config.ts";
import { createPushService } from "../sync-server/src/push/index.ts";
import { PushScheduler } from "../sync-server/src/push/scheduler.ts";
import { PushSender } from "../sync-server/src/push/sender.ts";
import { openPushDatabase, PushStore } from "../sync-server/src/push/store.ts";
import { generateVapidKeys, type VapidAuthorizer, VapidSigner } from "../sync-server/src/push/vapid.ts";
import type { ChildReply, ChildRequest } from "../tests/push-endpoint/child.ts";
import type { TestSubscription } from "../tests/push-endpoint/index.ts";

const REMINDERS = 10_000;
/** Rounds per variant (BENCH_ROUNDS, default 3); variants with an fsync per delivery run once (slow disks). */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3) || 3);
const MEMBERS = 1_000; // 10 reminders each, one device each
const NOW = Date.parse("2026-11-30T01:30:00.000Z"); // a Monday, 08:30 in Hà Nội
const SUBJECT = "mailto:bench@hopso.test";
const TITLES = [
  "Báo cáo tiến độ giải ngân vốn đầu tư công",
  "Kế hoạch tổ chức kỳ họp thứ mười hai Hội đồng nhân dân thành phố",
  "Dự thảo Nghị quyết về phát triển kinh tế – xã hội năm 2027",
];

/** The local push service in a child process. */
class Endpoint {
  #next = 1;
  readonly #pending = new Map<number, (reply: ChildReply) => void>();
  private constructor(
    readonly child: ChildProcess,
    readonly origin: string,
  ) {
    child.on("message", (m: ChildReply) => {
      if ("id" in m) {
        this.#pending.get(m.id)?.(m);
        this.#pending.delete(m.id);
      }
    });
  }

  static start(): Promise<Endpoint> {
    const child = fork(fileURLToPath(new URL("../tests/push-endpoint/child.ts", import.meta.url)), {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    return new Promise((resolve, reject) => {
      child.once("error", reject);
      child.once("message", (m: ChildReply) => {
        if ("op" in m && m.op === "ready") resolve(new Endpoint(child, m.origin));
      });
    });
  }

  ask<T extends ChildReply>(request: DistributiveOmit<ChildRequest, "id">): Promise<T> {
    const id = this.#next++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve as (r: ChildReply) => void);
      this.child.send({ ...request, id });
    });
  }

  stop(): void {
    this.child.disconnect();
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Stats = Extract<ChildReply, { accepted: number }>;

/** web-push's own signing per message, as `webpush.sendNotification` does it. */
function webPushAuthorizer(keys: { publicKey: string; privateKey: string }): VapidAuthorizer {
  return {
    publicKey: keys.publicKey,
    authorization: (endpoint) =>
      webpush.getVapidHeaders(new URL(endpoint).origin, SUBJECT, keys.publicKey, keys.privateKey, "aes128gcm")
        .Authorization,
  };
}

function reminders(count: number, offset: number): Reminder[] {
  return Array.from({ length: count }, (_, i) => {
    const n = offset + i;
    const member = `member-${n % MEMBERS}` as MemberId;
    const id = `task-${n}`;
    return {
      key: `task:${id}:task_due_today:${new Date(NOW).toISOString()}:${member}`,
      subjectType: "task",
      subjectId: id,
      kind: "task_due_today",
      recipientMemberId: member,
      dueAt: NOW,
      expiresAt: NOW + 8 * 3_600_000,
      urgency: "normal",
      escalationLevel: 0,
      params: { title: TITLES[n % TITLES.length]!, dueDate: "2026-11-30" },
    } satisfies Reminder;
  });
}

interface Result {
  name: string;
  sent: number;
  seconds: number;
  cpuMicrosPerSend: number;
  receiverCpuMicrosPerSend: number;
  signatures: number | null;
}

async function pass(
  name: string,
  endpoint: Endpoint,
  subs: readonly TestSubscription[],
  vapid: VapidAuthorizer,
  options: { count: number; offset: number; fsync: boolean },
): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), "hopso-push-bench-"));
  try {
    const db = openPushDatabase(join(dir, "push.sqlite"), { fsync: options.fsync });
    const store = new PushStore(db);
    subs.forEach((s, i) => {
      const memberId = `member-${i}` as MemberId;
      store.upsertSubscription({ deviceId: s.id, memberId, endpoint: s.endpoint, keys: s.keys }, NOW);
    });
    const list = reminders(options.count, options.offset);
    const sender = new PushSender({ vapid, now: () => NOW, concurrency: 32 });
    const scheduler = new PushScheduler({ store, sender, source: () => list, now: () => NOW });
    const before = await endpoint.ask<Stats>({ op: "stats" });
    const signaturesBefore = vapid instanceof VapidSigner ? vapid.signatures : 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const report = await scheduler.runOnce(NOW);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    sender.close();
    const after = await endpoint.ask<Stats>({ op: "stats" });
    db.close();
    const sent = report.messages.delivered;
    if (sent !== options.count || after.accepted - before.accepted !== sent) {
      throw new Error(
        `${name}: ${sent} delivered, ${after.accepted - before.accepted} accepted of ${options.count}; ` +
          `refused: ${after.refused.join("; ")}; report ${JSON.stringify(report)}`,
      );
    }
    return {
      name,
      sent,
      seconds,
      cpuMicrosPerSend: (cpu.user + cpu.system) / sent,
      receiverCpuMicrosPerSend: (after.cpuMicros - before.cpuMicros) / sent,
      signatures: vapid instanceof VapidSigner ? vapid.signatures - signaturesBefore : null,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One pass through the service exactly as the relay wires it (`createPushService`: VAPID keys from
 * DATA_DIR/vapid.json, DATA_DIR/push.sqlite with the relay's FSYNC setting, PUSH_CONCURRENCY from the
 * environment, the cached VAPID header) — only the reminder source is the bench's list.
 */
async function wiredPass(
  endpoint: Endpoint,
  subs: readonly TestSubscription[],
  keys: { publicKey: string; privateKey: string },
  options: { count: number; offset: number; fsync: boolean },
): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), "hopso-push-wired-"));
  try {
    writeFileSync(
      join(dir, "vapid.json"),
      JSON.stringify({ version: 1, ...keys, createdAt: new Date(NOW).toISOString() }),
      {
        mode: 0o600,
      },
    );
    const list = reminders(options.count, options.offset);
    const service = await createPushService({
      dataDir: dir,
      config: loadPushConfig(
        { PUSH_ALLOW_HTTP: "1", PUSH_ENDPOINT_HOSTS: "127.0.0.1", VAPID_SUBJECT: SUBJECT },
        dir,
      ),
      source: () => list,
      logger: createLogger("silent"),
      fsync: options.fsync,
      now: () => NOW,
    });
    subs.forEach((s, i) => {
      const memberId = `member-${i}` as MemberId;
      service.store.upsertSubscription({ deviceId: s.id, memberId, endpoint: s.endpoint, keys: s.keys }, NOW);
    });
    const before = await endpoint.ask<Stats>({ op: "stats" });
    const signaturesBefore = service.signer.signatures;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const report = await service.scheduler.runOnce(NOW);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const after = await endpoint.ask<Stats>({ op: "stats" });
    await service.stop();
    const sent = report.messages.delivered;
    if (sent !== options.count) throw new Error(`wired: ${sent} delivered of ${options.count}`);
    return {
      name: `createPushService as wired (${options.fsync ? "FSYNC=1" : "FSYNC=0"})`,
      sent,
      seconds,
      cpuMicrosPerSend: (cpu.user + cpu.system) / sent,
      receiverCpuMicrosPerSend: (after.cpuMicros - before.cpuMicros) / sent,
      signatures: service.signer.signatures - signaturesBefore,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** CPU of one operation in a tight loop, µs. */
function microbench(label: string, n: number, fn: () => void): { label: string; micros: number } {
  for (let i = 0; i < Math.min(200, n); i++) fn();
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) fn();
  const c = process.cpuUsage(c0);
  return { label, micros: (c.user + c.system) / n };
}

export async function run(): Promise<void> {
  const endpoint = await Endpoint.start();
  try {
    const keys = generateVapidKeys();
    const { subscriptions } = await endpoint.ask<Extract<ChildReply, { subscriptions: unknown }>>({
      op: "subscribe",
      count: MEMBERS,
      applicationServerKey: keys.publicKey,
    });
    const cached = () => new VapidSigner(keys, { subject: SUBJECT });
    const uncached = () => new VapidSigner(keys, { subject: SUBJECT, cache: false });

    // Warm-up (JIT, connection pool, SQLite page cache).
    await pass("warm-up", endpoint, subscriptions, cached(), { count: 1000, offset: 0, fsync: false });

    const rounds: Result[][] = [];
    const variants: [string, () => VapidAuthorizer, boolean][] = [
      ["VAPID header cached (synchronous=NORMAL)", cached, false],
      ["own ES256 signer, no cache (NORMAL)", uncached, false],
      ["web-push getVapidHeaders per message (NORMAL)", () => webPushAuthorizer(keys), false],
      ["VAPID header cached, synchronous=FULL (FSYNC=1)", cached, true],
    ];
    // Rounds interleave the variants so that a noisy neighbour hurts them alike; medians are printed.
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, [name, make, fsync]] of variants.entries()) {
        if (fsync && round > 0) continue;
        const r = await pass(name, endpoint, subscriptions, make(), {
          count: REMINDERS,
          offset: 1000,
          fsync,
        });
        rounds[i] ??= [];
        rounds[i].push(r);
      }
    }
    // The relay's own assembly (createPushService), default FSYNC=1 and FSYNC=0.
    for (const fsync of [true, false]) {
      const rs: Result[] = [];
      for (let round = 0; round < (fsync ? 1 : ROUNDS); round++) {
        rs.push(await wiredPass(endpoint, subscriptions, keys, { count: REMINDERS, offset: 20_000, fsync }));
      }
      rounds.push(rs);
    }
    const results = rounds.map((rs) => ({
      ...rs[0]!,
      seconds: median(rs.map((r) => r.seconds)),
      cpuMicrosPerSend: median(rs.map((r) => r.cpuMicrosPerSend)),
      receiverCpuMicrosPerSend: median(rs.map((r) => r.receiverCpuMicrosPerSend)),
    }));

    const s = subscriptions[0]!;
    const oneSigner = uncached();
    const payload = JSON.stringify({ v: 1, type: "reminder", title: TITLES[1], key: "x".repeat(90) });
    const parts = [
      microbench("one ES256 JWT, node:crypto (uncached signer)", 3000, () =>
        oneSigner.authorization(s.endpoint),
      ),
      microbench("one JWT, web-push getVapidHeaders", 3000, () =>
        webpush.getVapidHeaders(endpoint.origin, SUBJECT, keys.publicKey, keys.privateKey, "aes128gcm"),
      ),
      microbench("one aes128gcm encryption (generateRequestDetails, no VAPID)", 3000, () =>
        webpush.generateRequestDetails({ endpoint: s.endpoint, keys: s.keys }, payload, {
          vapidDetails: null,
          TTL: 60,
        } as unknown as RequestOptions),
      ),
    ];

    const ms = (micros: number) => `${(micros / 1000).toFixed(3)} ms`;
    console.log(
      `\npush — ${REMINDERS.toLocaleString("en")} reminders due at once, ${MEMBERS} devices, ` +
        `32 requests in flight; median of ${ROUNDS} rounds (FSYNC=1 / synchronous=FULL variants: 1 round)`,
    );
    const row = (cells: string[]) =>
      console.log(
        [
          cells[0]!.padEnd(50),
          cells[1]!.padStart(9),
          cells[2]!.padStart(10),
          cells[3]!.padStart(18),
          cells[4]!.padStart(12),
        ].join(" "),
      );
    row(["variant", "sends/s", "CPU/send", "receiver CPU/send", "JWTs signed"]);
    for (const r of results) {
      row([
        r.name,
        Math.round(r.sent / r.seconds).toLocaleString("en"),
        ms(r.cpuMicrosPerSend),
        ms(r.receiverCpuMicrosPerSend),
        String(r.signatures ?? r.sent),
      ]);
    }
    console.log("parts, CPU per operation:");
    for (const p of parts) console.log(`  ${p.label.padEnd(62)} ${(p.micros / 1000).toFixed(3)} ms`);
  } finally {
    endpoint.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
