import type { Repo } from "@automerge/automerge-repo";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { MemberId } from "../../shared/src/ids.ts";
import type { AccessController } from "./access/controller.ts";
import type { WorkspaceDirectory } from "./access/directory.ts";
import type { AdminService } from "./auth/admin.ts";
import { type DeviceEnv, type HttpSecurity, requireDevice } from "./auth/http.ts";
import { type AuthService, RateLimitedError } from "./auth/service.ts";
import type { RelayStore } from "./auth/store.ts";
import { ballotRoutes } from "./ballots/routes.ts";
import type { BallotService } from "./ballots/service.ts";
import { ApiError, ApiErrorCode, errorBody } from "./errors.ts";
import type { Logger } from "./logger.ts";
import type { PushService } from "./push/index.ts";
import { adminRoutes } from "./routes/admin.ts";
import { apiRoutes } from "./routes/api.ts";
import { type MeetingFileDeps, meetingFileRoutes } from "./routes/blobs.ts";
import { healthRoutes } from "./routes/health.ts";
import { syncRoutes } from "./routes/sync.ts";
import { taskFeedRoutes } from "./routes/task-feed.ts";
import { staticRoutes } from "./static.ts";
import type { SocketAcceptor } from "./ws-adapter.ts";

export interface AppDeps {
  readonly version: string;
  /** When the relay started, ms since the epoch. */
  readonly startedAt: number;
  /** Clock, ms since the epoch. */
  readonly now: () => number;
  /** The built PWA. */
  readonly distDir: string;
  /** Receives authenticated, upgraded WebSocket connections from GET /sync. */
  readonly sockets: SocketAcceptor;
  readonly auth: AuthService;
  readonly admin: AdminService;
  readonly access: AccessController;
  readonly directory: WorkspaceDirectory;
  readonly store: RelayStore;
  readonly security: HttpSecurity;
  readonly logger: Logger;
  /** Meeting files (`/api/blobs`); without them the routes are not mounted (unit tests of other parts). */
  readonly blobs?: MeetingFileDeps;
  /** Web Push (mounted at /api/push behind the device credential); absent in tests that need none. */
  readonly push?: PushService;
  /** Secret ballots (`/api/ballots`); absent in tests that do not need them. */
  readonly ballots?: BallotService;
  /** The relay's Repo, for the task feed (`/api/tasks/feed`, `/feeds/tasks/…`); not mounted without it. */
  readonly repo?: Repo;
}

/**
 * Routes that answer without a credential (docs/relay-protocol.md "Authentication"): the health check,
 * invitation redemption, and the static PWA (the shell must load to show the sign-in screen). Every
 * other route refuses a request without a working credential; tests/integration/routes.test.ts checks
 * that for every route of this app.
 */
export const PUBLIC_ROUTES: readonly { readonly method: string; readonly path: string }[] = [
  { method: "GET", path: "/healthz" },
  { method: "POST", path: "/api/invitations/redeem" },
  // The task feed's URL carries its own secret (calendar apps cannot send credentials).
  { method: "GET", path: "/feeds/tasks/:file" },
  { method: "GET", path: "/*" },
  { method: "HEAD", path: "/*" },
];

/**
 * The relay's HTTP surface:
 * - `GET /healthz` (public);
 * - `/api/blobs/:hash`: meeting files behind a device credential and the meeting's access (routes/blobs.ts);
 * - `/api/*`: the device API — `POST /api/invitations/redeem` public, the rest behind a device
 *   credential (routes/api.ts);
 * - `/admin/*`: the admin API behind the admin token (routes/admin.ts);
 * - `GET /sync`: the WebSocket, authenticated at the upgrade (routes/sync.ts);
 * - everything else: the built PWA (static.ts, public);
 * - every error: `{error: {code, message}}` with a matching status, from one `onError`.
 *
 * Building the app touches none of `deps`' services (they are used per request), so tests can list
 * `app.routes` with stand-ins.
 */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const log = deps.logger.child({ component: "http" });

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    log.debug(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      "request",
    );
  });

  app.route("/healthz", healthRoutes(deps));
  if (deps.blobs) app.route("/api/blobs", meetingFileRoutes({ ...deps, blobs: deps.blobs }));
  if (deps.push) {
    // Before "/api": its catch-all would answer first. Every push route needs a device credential; a
    // subscription always belongs to the calling device.
    const pushApi = new Hono<DeviceEnv>();
    pushApi.use("*", requireDevice(deps.auth, deps.security));
    pushApi.route(
      "/",
      deps.push.routes<DeviceEnv>(
        (c) => c.var.auth.member.id as MemberId,
        (c) => c.var.auth.device.id,
      ),
    );
    app.route("/api/push", pushApi);
  }
  if (deps.ballots) app.route("/api/ballots", ballotRoutes({ ...deps, ballots: deps.ballots }));
  if (deps.repo) {
    const repo = deps.repo;
    const feeds = taskFeedRoutes({ ...deps, repo: () => repo });
    app.route("/api/tasks", feeds.api);
    app.route("/feeds", feeds.feed);
  }
  app.route("/api", apiRoutes(deps));
  app.route("/admin", adminRoutes(deps));
  app.route("/sync", syncRoutes(deps));
  app.route("/", staticRoutes(deps.distDir));

  app.notFound((c) => {
    const isRead = c.req.method === "GET" || c.req.method === "HEAD";
    return c.json(
      isRead
        ? errorBody(ApiErrorCode.NotFound, "Not found")
        : errorBody(ApiErrorCode.MethodNotAllowed, `${c.req.method} is not allowed here`),
      isRead ? 404 : 405,
    );
  });

  app.onError((err, c) => {
    if (err instanceof RateLimitedError) c.header("Retry-After", String(err.retryAfterSeconds));
    if (err instanceof ApiError) {
      if (err.status === 401) c.header("WWW-Authenticate", 'Bearer realm="hopso"');
      return c.json(errorBody(err.code, err.message), err.status);
    }
    if (err instanceof HTTPException) {
      const status = err.status;
      const code = status >= 500 ? ApiErrorCode.Internal : ApiErrorCode.BadRequest;
      return c.json(errorBody(code, err.message || "Request refused"), status);
    }
    log.error({ err, method: c.req.method, path: c.req.path }, "unhandled error in request");
    return c.json(errorBody(ApiErrorCode.Internal, "Internal server error"), 500);
  });

  return app;
}
