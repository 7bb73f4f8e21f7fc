/**
 * Starts, stops and kills a real relay process (`node --import tsx sync-server/src/main.ts`) for
 * integration and browser tests. Each relay gets its own DATA_DIR (a temp dir unless given) and port
 * (chosen by the OS unless given; pass the previous port to restart "the same" relay).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** One parsed line of the relay's JSON log. */
export interface RelayLogLine {
  level: string;
  msg: string;
  [key: string]: unknown;
}

export interface StartRelayOptions {
  /** DATA_DIR; default a new temp dir (removed by {@link RelayProcess.cleanup}). */
  dataDir?: string;
  /** PORT; default 0 (the relay logs the port the OS chose). */
  port?: number;
  /** Pass `--demo`. */
  demo?: boolean;
  /** Extra environment (e.g. MAX_FRAME_BYTES, DIST_DIR, LOG_LEVEL). */
  env?: Record<string, string>;
  /** How long to wait for /healthz, ms (default 30 000). */
  timeoutMs?: number;
  /** Extra arguments for node before the script (e.g. ["--cpu-prof"] to profile the relay). */
  nodeArgs?: string[];
}

export interface RelayExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RelayProcess {
  /** "http://127.0.0.1:<port>" */
  readonly url: string;
  /** "ws://127.0.0.1:<port>/sync" */
  readonly syncUrl: string;
  readonly port: number;
  readonly dataDir: string;
  readonly child: ChildProcess;
  /** Every JSON log line so far (stdout). */
  readonly logs: RelayLogLine[];
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<RelayExit>;
  /** True while the process runs. */
  isRunning(): boolean;
  /** Sends SIGTERM (or `signal`) and waits for the exit; SIGKILL after `timeoutMs` (default 15 000). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<RelayExit>;
  /** SIGKILL: the relay gets no chance to flush anything. */
  kill(): Promise<RelayExit>;
  /** Resolves with the first log line (past or future) matching `predicate`. */
  waitForLog(predicate: (line: RelayLogLine) => boolean, timeoutMs?: number): Promise<RelayLogLine>;
  /** Kills the process if running and removes the DATA_DIR if this helper created it. */
  cleanup(): Promise<void>;
}

/** Makes a fresh temporary directory. */
export function makeTempDir(prefix = "hopso-relay-"): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

/**
 * Spawns a relay and waits until `/healthz` answers.
 * @throws Error with the relay's stderr and last log lines if it exits or times out first
 */
export async function startRelayProcess(options: StartRelayOptions = {}): Promise<RelayProcess> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await makeTempDir());
  const args = [...(options.nodeArgs ?? []), "--import", "tsx", path.join(ROOT, "sync-server/src/main.ts")];
  if (options.demo) args.push("--demo");
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      PORT: String(options.port ?? 0),
      DATA_DIR: dataDir,
      LOG_LEVEL: "info",
      HOPSO_DEMO: "0",
      // Tests register many devices from one address; the limit itself is tested with a low value.
      REDEEM_RATE_LIMIT: "1000",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });

  const logs: RelayLogLine[] = [];
  const waiters: { predicate: (l: RelayLogLine) => boolean; resolve: (l: RelayLogLine) => void }[] = [];
  let stdoutRest = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8");
  child.stdout?.on("data", (chunk: string) => {
    stdoutRest += chunk;
    const lines = stdoutRest.split("\n");
    stdoutRest = lines.pop() ?? "";
    for (const text of lines) {
      if (!text.trim()) continue;
      let line: RelayLogLine;
      try {
        line = JSON.parse(text) as RelayLogLine;
      } catch {
        line = { level: "raw", msg: text };
      }
      logs.push(line);
      for (const w of [...waiters]) {
        if (w.predicate(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderr += chunk;
  });
  let running = true;
  const exited = new Promise<RelayExit>((resolve) => {
    child.once("exit", (code, signal) => {
      running = false;
      resolve({ code, signal });
    });
  });

  const describe = () =>
    `relay stderr:\n${stderr.slice(-4000)}\nlast log lines:\n${logs
      .slice(-10)
      .map((l) => JSON.stringify(l))
      .join("\n")}`;

  const waitForLog = (predicate: (line: RelayLogLine) => boolean, timeoutMs = 15_000) => {
    const found = logs.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise<RelayLogLine>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`log line not seen in ${timeoutMs} ms\n${describe()}`)),
        timeoutMs,
      );
      waiters.push({
        predicate,
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
      });
    });
  };

  const timeoutMs = options.timeoutMs ?? 30_000;
  const listening = await Promise.race([
    waitForLog((l) => typeof l.url === "string" && String(l.msg).startsWith("relay listening"), timeoutMs),
    exited.then((exit) => {
      throw new Error(`relay exited during start-up (${JSON.stringify(exit)})\n${describe()}`);
    }),
  ]);
  const url = listening.url as string;
  const port = Number(new URL(url).port);
  await waitForHealth(url, timeoutMs);

  const stop = async (signal: NodeJS.Signals = "SIGTERM", stopTimeoutMs = 15_000): Promise<RelayExit> => {
    if (!running) return exited;
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), stopTimeoutMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    url,
    syncUrl: `${url.replace(/^http/, "ws")}/sync`,
    port,
    dataDir,
    child,
    logs,
    stderr: () => stderr,
    exited,
    isRunning: () => running,
    stop,
    kill: () => stop("SIGKILL"),
    waitForLog,
    async cleanup() {
      await stop("SIGKILL");
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Polls `GET <url>/healthz` until it answers 200.
 * @throws Error after `timeoutMs`
 */
export async function waitForHealth(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`relay at ${url} not healthy after ${timeoutMs} ms: ${String(last)}`);
}
