import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { generateSyncMessage, init, initSyncState } from "@automerge/automerge";
import { cbor, type PeerId, Repo } from "@automerge/automerge-repo";
import { runNetworkAdapterTests } from "@automerge/automerge-repo/helpers/tests/network-adapter-tests.js";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";
import { describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { createLogger } from "./logger.ts";
import { RelayWebSocketAdapter } from "./ws-adapter.ts";

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * A ws server on a random port whose connections go to a RelayWebSocketAdapter. The device of a
 * connection comes from the URL (`?device=…&member=…`; default one device for all, for tests about the
 * protocol rather than binding) — in the relay it comes from the credential checked at the upgrade.
 */
async function serverWith(adapter: RelayWebSocketAdapter) {
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  wss.on("connection", (socket, req) => {
    const query = new URL(req.url ?? "/", "http://x").searchParams;
    adapter.accept(socket, {
      remoteAddress: req.socket.remoteAddress,
      userAgent: undefined,
      identity: { deviceId: query.get("device") ?? "device-1", memberId: query.get("member") ?? "member-1" },
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const close = () => {
    for (const c of wss.clients) c.terminate();
    wss.close();
    http.close();
  };
  return { url, close };
}

// The acceptance suite automerge-repo runs against its own adapters, with this adapter as the server.
runNetworkAdapterTests(async () => {
  const server = new RelayWebSocketAdapter({ logger: createLogger("silent") });
  const { url, close } = await serverWith(server);
  const a = new WebSocketClientAdapter(url, 50);
  const b = new WebSocketClientAdapter(url, 50);
  return {
    adapters: [server, a, b],
    teardown: () => {
      for (const client of [a, b]) {
        // The stock client asserts it was connected before; some suite cases never connect both.
        if (client.peerId && client.socket) client.disconnect();
      }
      close();
    },
  };
}, "RelayWebSocketAdapter");

describe("RelayWebSocketAdapter", () => {
  it("refuses sockets until the Repo has connected it, so none is orphaned", async () => {
    const adapter = new RelayWebSocketAdapter({ logger: createLogger("silent") });
    const { url, close } = await serverWith(adapter);
    const early = new WebSocket(url);
    const code = await new Promise<number>((resolve) => early.on("close", (c) => resolve(c)));
    expect(code).toBe(1013);
    expect(adapter.isReady()).toBe(false);
    const repo = new Repo({ network: [adapter], peerId: "relay" as PeerId });
    await adapter.whenReady();
    expect(adapter.isReady()).toBe(true);
    await repo.shutdown();
    close();
  });

  it("waits for the durability hook before each sync message", async () => {
    const persisted: string[] = [];
    const adapter = new RelayWebSocketAdapter({
      logger: createLogger("silent"),
      beforeSyncMessage: async (documentId) => {
        await new Promise((r) => setTimeout(r, 20));
        persisted.push(documentId);
      },
    });
    const relay = new Repo({ network: [adapter], peerId: "relay" as PeerId, sharePolicy: async () => false });
    const { url, close } = await serverWith(adapter);
    const client = new Repo({ network: [new WebSocketClientAdapter(url, 50)], peerId: "client" as PeerId });
    const handle = client.create<{ n: number }>({ n: 1 });
    await until(() => relay.peers.length > 0);
    const relayHandle = await relay.find<{ n: number }>(handle.url);
    expect(relayHandle.doc().n).toBe(1);
    await until(() => persisted.includes(handle.documentId));
    await client.shutdown();
    await relay.shutdown();
    close();
  });
});

/** A raw client socket that joins as `peerId`; resolves once the relay answered (or closed). */
async function join(url: string, peerId: string) {
  const ws = new WebSocket(url);
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const answered = new Promise<void>((resolve) => {
    ws.on("message", () => resolve());
    ws.on("close", () => resolve());
  });
  await new Promise((resolve) => ws.on("open", resolve));
  ws.send(
    cbor.encode({ type: "join", senderId: peerId, peerMetadata: {}, supportedProtocolVersions: ["1"] }),
  );
  await answered;
  return { ws, closed };
}

describe("peer ids and devices", () => {
  it("binds a peer id to the first device that joins with it (4409 for another), and closes sockets by device", async () => {
    const adapter = new RelayWebSocketAdapter({ logger: createLogger("silent") });
    const repo = new Repo({ network: [adapter], peerId: "relay" as PeerId, sharePolicy: async () => false });
    await adapter.whenReady();
    const { url, close } = await serverWith(adapter);
    const a = await join(`${url}/?device=d1&member=m1`, "tablet");
    expect(adapter.identityOf("tablet" as PeerId)).toEqual({
      peerId: "tablet",
      deviceId: "d1",
      memberId: "m1",
    });
    const thief = await join(`${url}/?device=d2&member=m2`, "tablet");
    expect(await thief.closed).toEqual({ code: 4409, reason: "peer_id_taken" });
    expect(adapter.identityOf("tablet" as PeerId)?.deviceId).toBe("d1");
    // The same device may reconnect with it (the old socket is replaced).
    const again = await join(`${url}/?device=d1&member=m1`, "tablet");
    expect((await a.closed).code).toBe(4000);
    const other = await join(`${url}/?device=d3&member=m1`, "phone");
    expect(
      adapter
        .identities()
        .map((i) => i.peerId)
        .sort(),
    ).toEqual(["phone", "tablet"]);
    expect(adapter.close((i) => i.memberId === "m1" && i.deviceId === "d3", 4403, "device_revoked")).toBe(1);
    expect(await other.closed).toEqual({ code: 4403, reason: "device_revoked" });
    expect(adapter.identities().map((i) => i.peerId)).toEqual(["tablet"]);
    again.ws.close();
    await repo.shutdown();
    close();
  });

  it("passes every message through the inbound filter, in order, before the Repo", async () => {
    const seen: string[] = [];
    const adapter = new RelayWebSocketAdapter({
      logger: createLogger("silent"),
      inbound: async (peer, message) => {
        // The first message waits longest: order must still hold.
        await new Promise((r) => setTimeout(r, seen.length === 0 ? 30 : 0));
        seen.push(`${peer.deviceId}:${message.type}`);
        return message.type === "doc-unavailable" ? null : message;
      },
    });
    const delivered: string[] = [];
    adapter.on("message", (m) => delivered.push(m.type));
    const repo = new Repo({ network: [adapter], peerId: "relay" as PeerId, sharePolicy: async () => false });
    await adapter.whenReady();
    const { url, close } = await serverWith(adapter);
    const { ws } = await join(`${url}/?device=d9&member=m9`, "p9");
    const documentId = "2j9knpCseyhnK8izDmLpGP5WMdZQ";
    const request = generateSyncMessage(init(), initSyncState())[1]!;
    ws.send(cbor.encode({ type: "request", senderId: "p9", targetId: "relay", documentId, data: request }));
    ws.send(cbor.encode({ type: "doc-unavailable", senderId: "p9", targetId: "relay", documentId }));
    ws.send(cbor.encode({ type: "sync", senderId: "p9", targetId: "relay", documentId, data: request }));
    await until(() => seen.length === 3);
    expect(seen).toEqual(["d9:request", "d9:doc-unavailable", "d9:sync"]);
    await until(() => delivered.length >= 2);
    expect(delivered.slice(0, 2)).toEqual(["request", "sync"]);
    ws.close();
    await repo.shutdown();
    close();
  });
});
