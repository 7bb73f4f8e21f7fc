import type { AddressInfo } from "node:net";
import type { PeerId } from "@automerge/automerge-repo";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { RelayConnection, type RelayRefusal } from "./relay-connection.ts";

/** A relay stand-in that accepts each upgrade and closes it at once with `code`/`reason`. */
async function closingServer(code: number, reason: string) {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
  let connections = 0;
  wss.on("connection", (socket) => {
    connections += 1;
    socket.close(code, reason);
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/sync`,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => wss.close(() => resolve())),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0)) await fn();
});

describe("RelayConnection", () => {
  it("stops for good when the relay refuses the device (4403), and says why", async () => {
    const server = await closingServer(4403, "device_revoked");
    cleanups.push(server.close);
    const relay = new RelayConnection(server.url, 50);
    cleanups.push(() => relay.stop());
    const refusals: RelayRefusal[] = [];
    relay.onRefused((r) => refusals.push(r));
    relay.connect("client-1" as PeerId, {});
    await sleep(600); // a dozen retry intervals
    expect(server.connections()).toBe(1);
    expect(refusals).toEqual([{ closeCode: 4403, reason: "device_revoked" }]);
    expect(relay.stopped).toBe(true);
    expect(relay.socketState).toBe("closed");
    // The Repo reconnecting later changes nothing either.
    relay.connect("client-1" as PeerId, {});
    await sleep(200);
    expect(server.connections()).toBe(1);
  });

  it("reads 4401 with an unauthenticated / credential_invalid reason", async () => {
    const server = await closingServer(4401, "credential_invalid");
    cleanups.push(server.close);
    const relay = new RelayConnection(server.url, 50);
    cleanups.push(() => relay.stop());
    const refusals: RelayRefusal[] = [];
    relay.onRefused((r) => refusals.push(r));
    relay.connect("client-2" as PeerId, {});
    await sleep(400);
    expect(refusals).toEqual([{ closeCode: 4401, reason: "credential_invalid" }]);
    expect(server.connections()).toBe(1);
  });

  it("keeps retrying after other closes, until stopped", async () => {
    const server = await closingServer(1011, "storage");
    cleanups.push(server.close);
    const relay = new RelayConnection(server.url, 50);
    relay.connect("client-3" as PeerId, {});
    await sleep(500);
    expect(server.connections()).toBeGreaterThan(2);
    expect(relay.stopped).toBe(false);
    relay.stop();
    await sleep(100);
    const after = server.connections();
    await sleep(400);
    expect(server.connections()).toBe(after);
  });
});
