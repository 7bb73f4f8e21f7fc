import { mkdir } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AutomergeUrl } from "@automerge/automerge-repo";
import { serve } from "@hono/node-server";
import { WebSocketServer } from "ws";
import { createApp } from "./app.ts";
import type { RelayConfig } from "./config.ts";
import type { Logger } from "./logger.ts";
import { createSyncRelay, type SyncRelay } from "./sync.ts";
import { readVersion } from "./version.ts";
import { ensureWorkspace, inspectDataDir } from "./workspace.ts";

/** A started relay. */
export interface RunningRelay {
  /** Base URL, e.g. "http://127.0.0.1:8080". */
  readonly url: string;
  readonly port: number;
  readonly workspaceUrl: AutomergeUrl;
  readonly server: Server;
  readonly wss: WebSocketServer;
  readonly sync: SyncRelay;
}

/**
 * Starts the relay: storage and Repo first, then the workspace (created or seeded on first run), and
 * only then the HTTP listener, so no client can connect before the Repo is wired to its network
 * adapter (STACK.md "Relay start-up race").
 *
 * @param now clock, ms since the epoch
 * @throws StartupError for a DATA_DIR the relay must not touch; listen errors such as EADDRINUSE
 */
export async function startRelay(
  config: RelayConfig,
  logger: Logger,
  now: () => number = Date.now,
): Promise<RunningRelay> {
  const startedAt = now();
  const version = readVersion();
  await mkdir(config.dataDir, { recursive: true });
  const state = await inspectDataDir(config.dataDir);
  const sync = await createSyncRelay({ dataDir: config.dataDir, fsync: config.fsync, logger });
  const workspace = await ensureWorkspace({
    repo: sync.repo,
    flush: () => sync.flushAll(),
    dataDir: config.dataDir,
    state,
    demo: config.demo,
    workspaceName: config.workspaceName,
    now: now(),
    logger,
  });

  const app = createApp({
    version,
    startedAt,
    now,
    workspaceUrl: workspace.workspaceUrl,
    distDir: config.distDir,
    sockets: sync.adapter,
    logger,
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxFrameBytes });
  wss.on("error", (err) => logger.error({ err }, "websocket server error"));

  const server = await new Promise<Server>((resolve, reject) => {
    // serve() makes a node:http server unless told otherwise (createServer / serverOptions for http2).
    const s = serve(
      { fetch: app.fetch, hostname: config.host, port: config.port, websocket: { server: wss } },
      () => resolve(s as Server),
    );
    s.once("error", reject);
  });
  server.on("error", (err) => logger.error({ err }, "http server error"));
  server.on("clientError", (err, socket) => {
    logger.debug({ err: { message: err.message } }, "bad HTTP request");
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
  });

  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  logger.info(
    {
      url,
      version,
      dataDir: config.dataDir,
      workspaceUrl: workspace.workspaceUrl,
      created: workspace.created,
      demo: workspace.seeded,
      startupMs: now() - startedAt,
    },
    `relay listening on ${url}`,
  );
  return { url, port, workspaceUrl: workspace.workspaceUrl, server, wss, sync };
}
