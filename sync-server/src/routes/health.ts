import { Hono } from "hono";

export interface HealthDeps {
  /** App version (package.json). */
  readonly version: string;
  /** When the relay started, ms since the epoch. */
  readonly startedAt: number;
  /** Clock, ms since the epoch. */
  readonly now: () => number;
}

/** The JSON body of `GET /healthz`. */
export interface HealthBody {
  status: "ok";
  version: string;
  /** Whole seconds since the relay started. */
  uptimeSeconds: number;
}

/** `GET /healthz` → 200 {@link HealthBody}. Mount at "/healthz". Never cached. */
export function healthRoutes(deps: HealthDeps): Hono {
  return new Hono().get("/", (c) => {
    c.header("Cache-Control", "no-store");
    const body: HealthBody = {
      status: "ok",
      version: deps.version,
      uptimeSeconds: Math.max(0, Math.floor((deps.now() - deps.startedAt) / 1000)),
    };
    return c.json(body);
  });
}
