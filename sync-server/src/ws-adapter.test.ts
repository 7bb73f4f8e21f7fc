import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type PeerId, Repo } from "@automerge/automerge-repo";
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

/** A ws server on a random port whose connections go to a RelayWebSocketAdapter. */
async function serverWith(adapter: RelayWebSocketAdapter) {
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  wss.on("connection", (socket, req) =>
    adapter.accept(socket, { remoteAddress: req.socket.remoteAddress, userAgent: undefined }),
  );
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
