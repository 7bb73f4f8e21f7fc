import { Hono } from "hono";

/** The JSON body of `GET /api/bootstrap`. */
export interface BootstrapBody {
  /** automerge-repo URL ("automerge:…") of the workspace document this relay serves. */
  workspaceUrl: string;
}

/**
 * `GET /bootstrap` → 200 {@link BootstrapBody}: what a client needs to start (the workspace document).
 * Mount under "/api". Not cached by browsers (clients cache it themselves for offline starts).
 */
export function bootstrapRoutes(deps: { readonly workspaceUrl: string }): Hono {
  return new Hono().get("/bootstrap", (c) => {
    c.header("Cache-Control", "no-store");
    const body: BootstrapBody = { workspaceUrl: deps.workspaceUrl };
    return c.json(body);
  });
}
