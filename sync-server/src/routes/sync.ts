import { upgradeWebSocket } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { Hono } from "hono";
import type { WebSocket } from "ws";
import { ApiError, ApiErrorCode } from "../errors.ts";
import type { ConnectionInfo, SocketAcceptor } from "../ws-adapter.ts";

/**
 * `GET /sync` with `Upgrade: websocket` → the automerge-repo sync protocol (docs/relay-protocol.md).
 * Mount at "/sync". A plain GET is answered 426.
 *
 * This is the one place where WebSocket connections enter the relay: authentication (issue 3) goes in
 * front of `upgradeWebSocket` as middleware on this route, and what it learns about the caller travels
 * to the adapter in {@link ConnectionInfo}.
 */
export function syncRoutes(acceptor: SocketAcceptor): Hono {
  return new Hono().get(
    "/",
    upgradeWebSocket((c) => {
      let remoteAddress: string | undefined;
      try {
        remoteAddress = getConnInfo(c).remote.address;
      } catch {
        remoteAddress = undefined;
      }
      const info: ConnectionInfo = { remoteAddress, userAgent: c.req.header("user-agent") };
      return {
        onOpen(_event, ws) {
          // @hono/node-server hands us the `ws` library's socket; the adapter needs its full API.
          acceptor.accept(ws.raw as unknown as WebSocket, info);
        },
      };
    }),
    () => {
      throw new ApiError(426, ApiErrorCode.UpgradeRequired, "GET /sync expects a WebSocket upgrade");
    },
  );
}
