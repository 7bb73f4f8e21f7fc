import { Hono } from "hono";
import { secretBallotRequestSchema } from "../../../shared/src/index.ts";
import { type DeviceEnv, type HttpSecurity, readJson, requireDevice } from "../auth/http.ts";
import type { AuthService } from "../auth/service.ts";
import type { BallotService } from "./service.ts";

/** What the ballot routes need. */
export interface BallotRoutesDeps {
  readonly auth: AuthService;
  readonly security: HttpSecurity;
  readonly ballots: BallotService;
}

/**
 * Secret ballots, mounted at "/api/ballots", every route behind a device credential
 * (docs/relay-protocol.md "Secret ballots"):
 * - `GET /:documentId/:motionId` → SecretBallotStatus (has this member voted, how many have);
 * - `POST /:documentId/:motionId` with `{choiceId}` → casts this member's ballot (once);
 * - `POST /:documentId/:motionId/seal` → the chair or a secretary closes it; the count goes into the
 *   motion in the meeting document.
 * The choice travels only in the body, never in a path or query the request log could record.
 */
export function ballotRoutes(deps: BallotRoutesDeps): Hono<DeviceEnv> {
  const routes = new Hono<DeviceEnv>();
  routes.use("*", requireDevice(deps.auth, deps.security));
  routes.get("/:documentId/:motionId", async (c) => {
    const { documentId, motionId } = c.req.param();
    return c.json(await deps.ballots.status(c.get("auth").device.memberId, documentId, motionId));
  });
  routes.post("/:documentId/:motionId", async (c) => {
    const { documentId, motionId } = c.req.param();
    const body = await readJson(c, secretBallotRequestSchema);
    return c.json(
      await deps.ballots.cast(c.get("auth").device.memberId, documentId, motionId, body.choiceId),
    );
  });
  routes.post("/:documentId/:motionId/seal", async (c) => {
    const { documentId, motionId } = c.req.param();
    return c.json(await deps.ballots.seal(c.get("auth").device.memberId, documentId, motionId));
  });
  return routes;
}
