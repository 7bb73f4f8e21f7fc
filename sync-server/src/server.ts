import { chmod, mkdir, stat } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { AutomergeUrl } from "@automerge/automerge-repo";
import { serve } from "@hono/node-server";
import { WebSocketServer } from "ws";
import type { WorkspaceDoc } from "../../shared/src/index.ts";
import { AccessController } from "./access/controller.ts";
import { WorkspaceDirectory } from "./access/directory.ts";
import { createApp } from "./app.ts";
import { AdminService } from "./auth/admin.ts";
import { adminTokenPath, ensureAdminToken } from "./auth/admin-token.ts";
import type { HttpSecurity } from "./auth/http.ts";
import { AuthService, DEFAULT_INVITATION_SECONDS, type IssuedInvitation } from "./auth/service.ts";
import { RelayStore } from "./auth/store.ts";
import { DeviceKeyPublisher } from "./ballots/device-keys.ts";
import { BallotService } from "./ballots/service.ts";
import { BallotStore } from "./ballots/store.ts";
import { MeetingBlobAccess } from "./blobs/access.ts";
import { FileBlobStore } from "./blobs/fs-store.ts";
import { PdfValidator } from "./blobs/pdf-validate.ts";
import type { RelayConfig } from "./config.ts";
import type { Logger } from "./logger.ts";
import { loadPushConfig } from "./push/config.ts";
import { createPushService, type PushService } from "./push/index.ts";
import { relayReminderSource } from "./push/reminder-source.ts";
import { createSyncRelay, type SyncRelay } from "./sync.ts";
import { readVersion } from "./version.ts";
import { type DemoMembers, ensureWorkspace, inspectDataDir } from "./workspace.ts";
import { CloseCode } from "./ws-adapter.ts";

/** File name of the relay's SQLite database inside DATA_DIR. */
export const STORE_FILE = "relay.sqlite";
/** File name of the secret ballot box inside DATA_DIR (counts and voters, never linked). */
export const BALLOT_FILE = "ballots.sqlite";

/** A started relay. */
export interface RunningRelay {
  /** Base URL, e.g. "http://127.0.0.1:8080". */
  readonly url: string;
  readonly port: number;
  readonly workspaceUrl: AutomergeUrl;
  readonly server: Server;
  readonly wss: WebSocketServer;
  readonly sync: SyncRelay;
  readonly store: RelayStore;
  readonly access: AccessController;
  /** Checks uploaded PDFs in worker threads; closed by stopRelay. */
  readonly pdfValidator: PdfValidator;
  /** Web Push: VAPID keys, subscriptions, the reminder scheduler (started). */
  readonly push: PushService;
}

/**
 * Starts the relay: the admin token and the SQLite store, storage and Repo, the workspace (created or
 * seeded on first run), the relay-side migrations and the document registry, and only then the HTTP
 * listener, so no client can connect before the Repo is wired to its network adapter (STACK.md
 * "Relay start-up race") or before access control is ready. With `--demo` on a demo DATA_DIR, fresh
 * invitations for the demo admin and an ordinary member are issued and logged at every start.
 *
 * @param now clock, ms since the epoch
 * @throws StartupError for a DATA_DIR the relay must not touch; StoreVersionError for a newer database;
 *   listen errors such as EADDRINUSE
 */
export async function startRelay(
  config: RelayConfig,
  logger: Logger,
  now: () => number = Date.now,
): Promise<RunningRelay> {
  const startedAt = now();
  const version = readVersion();
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  await restrictDataDir(config.dataDir, logger);
  const adminToken = await ensureAdminToken(config.dataDir);
  if (adminToken.created)
    logger.info({ file: adminTokenPath(config.dataDir) }, "admin token created (mode 0600)");
  const storeFile = path.join(config.dataDir, STORE_FILE);
  const store = RelayStore.open(storeFile);
  const state = await inspectDataDir(config.dataDir);

  // The controller is wired into the Repo before the Repo exists (shareConfig, inbound filter) and
  // learns about the Repo, the directory and the sockets once they do (start below).
  let sync: SyncRelay | undefined;
  const access = new AccessController({
    store,
    logger,
    now,
    storageHas: (id) => sync!.storage.hasDocument(id),
    listStoredDocuments: () => sync!.storage.listDocumentIds(),
  });
  sync = await createSyncRelay({
    dataDir: config.dataDir,
    fsync: config.fsync,
    logger,
    access: (peerId, documentId) => access.access(peerId, documentId),
    inbound: (peer, message) => access.filterInbound(peer, message),
  });
  const relaySync = sync;
  const workspace = await ensureWorkspace({
    repo: relaySync.repo,
    flush: () => relaySync.flushAll(),
    dataDir: config.dataDir,
    state,
    demo: config.demo,
    workspaceName: config.workspaceName,
    now: now(),
    logger,
  });
  const workspaceHandle = await relaySync.repo.find<WorkspaceDoc>(workspace.workspaceUrl);
  const directory = new WorkspaceDirectory(workspaceHandle, (id, hashes, origin) =>
    access.recordRelayChanges(id, hashes, origin),
  );
  access.start({ repo: relaySync.repo, directory, network: relaySync.adapter });
  const migration = await access.migrateOnStart();
  logger.info({ ...migration, storeSchema: store.schemaVersion() }, "documents registered and migrated");

  // Web Push: VAPID keys made at first start in DATA_DIR, subscriptions and the durable sent-log in
  // DATA_DIR/push.sqlite, and the scheduler reading this relay's documents through shared/'s schedule.
  let push: PushService | undefined;
  const push_ = await createPushService({
    dataDir: config.dataDir,
    config: config.push ?? loadPushConfig({}, config.dataDir),
    fsync: config.fsync,
    logger,
    now,
    source: relayReminderSource({
      repo: relaySync.repo,
      directory,
      access,
      logger,
      onChange: () => push?.scheduler.soon(),
      consultationUrls: () =>
        store
          .allDocuments()
          .filter((row) => row.kind === "consultation")
          .map((row) => `automerge:${row.documentId}`),
    }),
  });
  push = push_;
  const deviceKeys = new DeviceKeyPublisher(workspaceHandle, store, logger, (id, hashes) =>
    access.recordRelayChanges(id, hashes, "relay"),
  );
  deviceKeys.publish();
  const ballots = new BallotService({
    repo: relaySync.repo,
    access,
    store: BallotStore.open(path.join(config.dataDir, BALLOT_FILE)),
    logger,
    now,
  });

  const auth = new AuthService({
    store,
    directory,
    access,
    logger,
    now,
    rateLimits: config.rateLimits,
    closeDeviceSockets: (deviceId, reason) => {
      relaySync.adapter.close((i) => i.deviceId === deviceId, CloseCode.Forbidden, reason);
      // A revoked device gets no more notifications either.
      push_.store.removeSubscription(deviceId);
    },
    onDevicesChanged: () => deviceKeys.publish(),
  });
  const admin = new AdminService({ directory, auth, access, store, logger, now });
  const security: HttpSecurity = {
    trustProxy: config.trustProxy,
    publicOrigin: config.publicOrigin,
    allowedOrigins: config.allowedOrigins,
    adminApi: config.adminApi,
    adminToken: adminToken.token,
  };
  const blobStore = new FileBlobStore({
    directory: config.blobs.directory,
    maxBytes: config.blobs.maxBytes,
    fsync: config.fsync,
  });
  await blobStore.prepare();
  const pdfValidator = new PdfValidator({
    maxBytes: config.blobs.maxBytes,
    timeoutMs: config.blobs.validationTimeoutMs,
    maxMemoryMb: config.blobs.validationMemoryMb,
    workers: config.blobs.validationWorkers,
  });
  const blobAccess = new MeetingBlobAccess({
    access,
    store,
    repo: relaySync.repo,
    storageHas: (id) => relaySync.storage.hasDocument(id),
    logger,
  });
  const app = createApp({
    version,
    startedAt,
    now,
    distDir: config.distDir,
    sockets: relaySync.adapter,
    auth,
    admin,
    access,
    directory,
    store,
    security,
    logger,
    repo: relaySync.repo,
    blobs: {
      store: blobStore,
      validate: (bytes) => pdfValidator.validate(bytes),
      access: blobAccess,
      maxUploadBytes: config.blobs.maxBytes,
    },
    push: push_,
    ballots,
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
  await chmod(storeFile, 0o600).catch(() => undefined);

  push_.start();
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
  if (config.demo && workspace.demo) {
    announceDemoInvitations(auth, workspace.demo, config.publicOrigin ?? url, logger);
  }
  return {
    url,
    port,
    workspaceUrl: workspace.workspaceUrl,
    server,
    wss,
    sync: relaySync,
    store,
    access,
    pdfValidator,
    push: push_,
  };
}

/**
 * The demo's way in for a newcomer: withdraws the previous start's unused demo invitations and issues
 * two new ones (the demo admin, an ordinary member), logged as "demo invitations" and, on a terminal,
 * printed as a banner on stderr. The one place a one-time code is ever printed.
 */
function announceDemoInvitations(auth: AuthService, demo: DemoMembers, origin: string, logger: Logger): void {
  auth.revokeUnusedInvitations("demo");
  const issued: [string, IssuedInvitation][] = [];
  for (const [label, memberId] of [
    ["admin", demo.adminMemberId],
    ["member", demo.memberMemberId],
  ] as const) {
    try {
      issued.push([label, auth.createInvitation(memberId, DEFAULT_INVITATION_SECONDS, origin, "demo")]);
    } catch (err) {
      logger.warn({ err, memberId }, "demo invitation not issued");
    }
  }
  const view = (i: IssuedInvitation) => ({ link: i.link, member: i.memberName, expiresAt: i.expiresAt });
  logger.info(
    Object.fromEntries(issued.map(([label, i]) => [`${label}Invitation`, view(i)])),
    "demo invitations: open a link to sign in",
  );
  if (process.stderr.isTTY) {
    const lines = issued.map(
      ([label, i]) =>
        `  ${label === "admin" ? "Quản trị (admin)" : "Thành viên (member)"} — ${i.memberName}\n    ${i.link}`,
    );
    process.stderr.write(
      `\n  HọpSố demo — mở một liên kết để đăng nhập / open a link to sign in (valid 7 days, single use):\n${lines.join("\n")}\n\n`,
    );
  }
}

/**
 * DATA_DIR holds every document, file, key and subscription of the workspace: only the relay's own user
 * may enter it. A folder made beforehand by an operator (umask 022 gives 0755) is tightened to 0700, with
 * a warning; if that fails (not the owner), the relay says so and goes on.
 */
async function restrictDataDir(dataDir: string, logger: Logger): Promise<void> {
  const mode = (await stat(dataDir)).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  try {
    await chmod(dataDir, 0o700);
    logger.warn(
      { dataDir, was: mode.toString(8) },
      "DATA_DIR was open to other users of this machine; restricted to the relay's user (0700)",
    );
  } catch (err) {
    logger.error(
      { err, dataDir, mode: mode.toString(8) },
      "DATA_DIR is open to other users and could not be restricted",
    );
  }
}
