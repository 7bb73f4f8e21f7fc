import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { ApiError, ApiErrorCode, errorBody } from "./errors.ts";
import type { Logger } from "./logger.ts";
import { bootstrapRoutes } from "./routes/bootstrap.ts";
import { healthRoutes } from "./routes/health.ts";
import { syncRoutes } from "./routes/sync.ts";
import { staticRoutes } from "./static.ts";
import type { SocketAcceptor } from "./ws-adapter.ts";

export interface AppDeps {
  readonly version: string;
  /** When the relay started, ms since the epoch. */
  readonly startedAt: number;
  /** Clock, ms since the epoch. */
  readonly now: () => number;
  /** automerge URL of the workspace document (GET /api/bootstrap). */
  readonly workspaceUrl: string;
  /** The built PWA. */
  readonly distDir: string;
  /** Receives upgraded WebSocket connections from GET /sync. */
  readonly sockets: SocketAcceptor;
  readonly logger: Logger;
}

/**
 * The relay's HTTP surface:
 * - `GET /healthz`, `GET /api/bootstrap`, `GET /sync` (WebSocket), any other `/api/*` → 404 JSON;
 * - everything else: the built PWA (static.ts);
 * - every error: `{error: {code, message}}` with a matching status, from one `onError`.
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
  app.route("/api", bootstrapRoutes(deps));
  app.all("/api/*", (c) => {
    throw new ApiError(404, ApiErrorCode.NotFound, `No API route ${c.req.method} ${c.req.path}`);
  });
  app.route("/sync", syncRoutes(deps.sockets));
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
    if (err instanceof ApiError) return c.json(errorBody(err.code, err.message), err.status);
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
