import { upgradeWebSocket } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { type Context, Hono } from "hono";
import type { WebSocket } from "ws";
import { authError, clientIp, type HttpSecurity, originAllowed, readCredential } from "../auth/http.ts";
import type { AuthService } from "../auth/service.ts";
import { ApiError, ApiErrorCode } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { CloseCode, type ConnectionInfo, type SocketAcceptor } from "../ws-adapter.ts";

/** The outcome of authenticating an upgrade: a device, or the close code and reason to answer with. */
type UpgradeAuth =
  | { readonly ok: true; readonly deviceId: string; readonly memberId: string }
  | { readonly ok: false; readonly closeCode: number; readonly reason: string; readonly error: ApiError };

type SyncEnv = { Variables: { upgradeAuth: UpgradeAuth } };

/** What the sync route needs. */
export interface SyncRouteDeps {
  readonly sockets: SocketAcceptor;
  readonly auth: AuthService;
  readonly security: HttpSecurity;
  readonly logger: Logger;
}

/**
 * `GET /sync` with `Upgrade: websocket` → the automerge-repo sync protocol (docs/relay-protocol.md).
 * Mount at "/sync".
 *
 * The upgrade is authenticated like any request (cookie `hopso_device` or `Authorization: Bearer`), and a
 * browser's `Origin` must be the app's. Browsers cannot read the HTTP status of a refused upgrade, so a
 * refusal is an accepted upgrade closed at once with a code and reason the app can read:
 * 4401 unauthenticated | credential_invalid, 4403 device_revoked | member_disabled | origin_not_allowed,
 * 4429 rate_limited. A plain GET is answered like any API request: 401/403/429 JSON without a working
 * credential, else 426.
 */
export function syncRoutes(deps: SyncRouteDeps): Hono<SyncEnv> {
  const log = deps.logger.child({ component: "sync-route" });
  return new Hono<SyncEnv>().get(
    "/",
    async (c, next) => {
      const result = authenticateUpgrade(c, deps);
      if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
        if (!result.ok) throw result.error;
        throw new ApiError(426, ApiErrorCode.UpgradeRequired, "GET /sync expects a WebSocket upgrade");
      }
      if (!result.ok) {
        log.info(
          { reason: result.reason, clientIp: clientIp(c, deps.security.trustProxy) },
          "websocket refused",
        );
      }
      c.set("upgradeAuth", result);
      await next();
    },
    upgradeWebSocket((c) => {
      const auth = c.get("upgradeAuth");
      let remoteAddress: string | undefined;
      try {
        remoteAddress = getConnInfo(c).remote.address;
      } catch {
        remoteAddress = undefined;
      }
      return {
        onOpen(_event, ws) {
          // @hono/node-server hands us the `ws` library's socket; the adapter needs its full API.
          const socket = ws.raw as unknown as WebSocket;
          if (!auth.ok) {
            socket.close(auth.closeCode, auth.reason);
            return;
          }
          const info: ConnectionInfo = {
            remoteAddress,
            userAgent: c.req.header("user-agent"),
            identity: { deviceId: auth.deviceId, memberId: auth.memberId },
          };
          deps.sockets.accept(socket, info);
        },
      };
    }),
  );
}

function authenticateUpgrade(c: Context, deps: SyncRouteDeps): UpgradeAuth {
  const origin = c.req.header("origin");
  if (origin && !originAllowed(origin, c, deps.security)) {
    return {
      ok: false,
      closeCode: CloseCode.Forbidden,
      reason: "origin_not_allowed",
      error: new ApiError(403, ApiErrorCode.CsrfCheckFailed, `Origin ${origin} may not connect here`),
    };
  }
  const outcome = deps.auth.authenticate(
    readCredential(c)?.credential,
    clientIp(c, deps.security.trustProxy),
  );
  if (outcome.ok) return { ok: true, deviceId: outcome.device.id, memberId: outcome.device.memberId };
  const closeCode =
    outcome.code === ApiErrorCode.RateLimited
      ? CloseCode.RateLimited
      : outcome.code === ApiErrorCode.Unauthenticated || outcome.code === ApiErrorCode.CredentialInvalid
        ? CloseCode.Unauthenticated
        : CloseCode.Forbidden;
  return { ok: false, closeCode, reason: outcome.code, error: authError(outcome) };
}
