/**
 * An in-process relay for unit tests: a Repo without storage, an in-memory SQLite store, the access
 * controller, the auth and admin services and the Hono app, wired as server.ts wires them, with a
 * settable clock. No sockets (requests go through `app.request`).
 */
import { type PeerId, Repo } from "@automerge/automerge-repo";
import type { Hono } from "hono";
import { initWorkspace, type WorkspaceDoc } from "../../shared/src/index.ts";
import { AccessController } from "./access/controller.ts";
import { WorkspaceDirectory } from "./access/directory.ts";
import { createApp } from "./app.ts";
import { AdminService } from "./auth/admin.ts";
import type { HttpSecurity } from "./auth/http.ts";
import { newAdminToken } from "./auth/secrets.ts";
import { AuthService } from "./auth/service.ts";
import { RelayStore } from "./auth/store.ts";
import { createLogger } from "./logger.ts";
import { RelayWebSocketAdapter } from "./ws-adapter.ts";

export interface TestRelay {
  readonly app: Hono;
  readonly repo: Repo;
  readonly store: RelayStore;
  readonly access: AccessController;
  readonly directory: WorkspaceDirectory;
  readonly auth: AuthService;
  readonly admin: AdminService;
  readonly adapter: RelayWebSocketAdapter;
  readonly adminToken: string;
  /** The clock every part reads, ms since the epoch; tests move it. */
  clock: number;
  /** `app.request` as if from `remoteAddress` (default loopback). */
  request(path: string, init?: RequestInit, remoteAddress?: string): Promise<Response>;
  close(): Promise<void>;
}

/** Options for {@link createTestRelay}. */
export interface TestRelayOptions {
  readonly distDir?: string;
  readonly security?: Partial<HttpSecurity>;
  readonly rateLimits?: { redeem: number; authFailures: number; windowSeconds: number };
  readonly startedAt?: number;
}

/** Builds an in-process relay with an empty workspace named "Thử nghiệm". */
export function createTestRelay(options: TestRelayOptions = {}): TestRelay {
  const logger = createLogger("silent");
  const store = RelayStore.open(":memory:");
  const startedAt = options.startedAt ?? Date.UTC(2026, 11, 1, 0, 0, 0);
  const relay = { clock: startedAt } as TestRelay & { clock: number };
  const now = () => relay.clock;
  // "Storage" is the Repo's memory: a document the relay holds counts as stored.
  let repoRef: Repo | undefined;
  const access = new AccessController({
    store,
    logger,
    now,
    storageHas: async (id) => repoRef?.handles[id]?.isReady() ?? false,
    listStoredDocuments: async () => Object.keys(repoRef?.handles ?? {}),
    participationGraceMs: 60_000,
  });
  const adapter = new RelayWebSocketAdapter({
    logger,
    inbound: (peer, message) => access.filterInbound(peer, message),
  });
  const repo = new Repo({
    network: [adapter],
    peerId: "test-relay" as PeerId,
    shareConfig: { announce: async () => false, access: (p, d) => access.access(p, d) },
  });
  repoRef = repo;
  const workspace = repo.create<WorkspaceDoc>();
  workspace.change((d) => {
    initWorkspace(d, { name: "Thử nghiệm" }, startedAt);
  });
  const directory = new WorkspaceDirectory(workspace, (id, hashes, origin) =>
    access.recordRelayChanges(id, hashes, origin),
  );
  access.start({ repo, directory, network: adapter, sweepMs: 60_000 });
  const auth = new AuthService({
    store,
    directory,
    access,
    logger,
    now,
    rateLimits: options.rateLimits ?? { redeem: 1000, authFailures: 1000, windowSeconds: 600 },
    closeDeviceSockets: (deviceId, reason) => adapter.close((i) => i.deviceId === deviceId, 4403, reason),
  });
  const admin = new AdminService({ directory, auth, access, store, logger, now });
  const adminToken = newAdminToken();
  const security: HttpSecurity = {
    trustProxy: false,
    publicOrigin: null,
    allowedOrigins: [],
    adminApi: "local",
    adminToken,
    ...options.security,
  };
  const app = createApp({
    version: "1.2.3",
    startedAt,
    now,
    distDir: options.distDir ?? "/nonexistent-dist",
    sockets: adapter,
    auth,
    admin,
    access,
    directory,
    store,
    security,
    logger,
  });
  return Object.assign(relay, {
    app,
    repo,
    store,
    access,
    directory,
    auth,
    admin,
    adapter,
    adminToken,
    request(path: string, init: RequestInit = {}, remoteAddress = "127.0.0.1") {
      const env = { incoming: { socket: { remoteAddress, remotePort: 40000, remoteFamily: "IPv4" } } };
      return Promise.resolve(app.request(path, init, env));
    },
    async close() {
      access.stop();
      await repo.shutdown().catch(() => undefined);
      store.close();
    },
  });
}

/** A fresh ECDSA P-256 public key (JWK). */
export async function publicKeyJwk(): Promise<JsonWebKey> {
  const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ]);
  return crypto.subtle.exportKey("jwk", pair.publicKey);
}
