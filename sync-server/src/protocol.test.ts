import { generateSyncMessage, init, initSyncState } from "@automerge/automerge";
import { cbor, generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo";
import { describe, expect, it } from "vitest";
import { checkPayload, FrameRejection, parseClientFrame } from "./protocol.ts";

const documentId = parseAutomergeUrl(generateAutomergeUrl()).documentId;
const syncData = generateSyncMessage(init(), initSyncState())[1]!;
const frame = (value: unknown) => cbor.encode(value);

describe("parseClientFrame", () => {
  it("accepts the messages of protocol v1 and strips unknown fields", () => {
    const join = parseClientFrame(
      frame({
        type: "join",
        senderId: "peer-1",
        peerMetadata: { storageId: "abc-123", x: 1 },
        supportedProtocolVersions: ["1"],
      }),
    );
    expect(join).toEqual({
      ok: true,
      message: {
        type: "join",
        senderId: "peer-1",
        peerMetadata: { storageId: "abc-123" },
        supportedProtocolVersions: ["1"],
      },
    });
    const sync = parseClientFrame(
      frame({ type: "sync", senderId: "peer-1", targetId: "relay", documentId, data: syncData, extra: "x" }),
    );
    expect(sync.ok && sync.message).toMatchObject({ type: "sync", documentId });
    expect(sync.ok && "extra" in sync.message).toBe(false);
    expect(sync.ok && checkPayload(sync.message)).toBeNull();
    for (const message of [
      { type: "request", senderId: "a", targetId: "b", documentId, data: syncData },
      {
        type: "ephemeral",
        senderId: "a",
        targetId: "b",
        documentId,
        data: new Uint8Array([1]),
        count: 3,
        sessionId: "s",
      },
      { type: "doc-unavailable", senderId: "a", targetId: "b", documentId },
      { type: "remote-subscription-change", senderId: "a", targetId: "b", add: [] },
    ]) {
      expect(parseClientFrame(frame(message)).ok, message.type).toBe(true);
    }
  });

  it.each([
    ["empty", new Uint8Array(), FrameRejection.Empty],
    ["not CBOR", new Uint8Array([0xff, 0xff]), FrameRejection.NotCbor],
    ["truncated CBOR", new Uint8Array([0xa2, 0x64, 0x74]), FrameRejection.NotCbor],
    ["null", frame(null), FrameRejection.BadShape],
    ["a number", frame(7), FrameRejection.BadShape],
    ["unknown type", frame({ type: "hello" }), FrameRejection.Unsupported],
    ["join without sender", frame({ type: "join" }), FrameRejection.BadShape],
    ["sender with spaces", frame({ type: "join", senderId: "a b" }), FrameRejection.BadShape],
    [
      "storageId path traversal",
      frame({ type: "join", senderId: "a", peerMetadata: { storageId: "../x" } }),
      FrameRejection.BadShape,
    ],
    [
      "bad documentId",
      frame({ type: "sync", senderId: "a", targetId: "b", documentId: "nope", data: syncData }),
      FrameRejection.BadShape,
    ],
    [
      "data not bytes",
      frame({ type: "sync", senderId: "a", targetId: "b", documentId, data: "xyz" }),
      FrameRejection.BadShape,
    ],
    [
      "empty data",
      frame({ type: "sync", senderId: "a", targetId: "b", documentId, data: new Uint8Array() }),
      FrameRejection.BadShape,
    ],
  ])("rejects %s", (_name, bytes, reason) => {
    const result = parseClientFrame(bytes);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe(reason);
  });

  it("checkPayload rejects sync data that is not an Automerge sync message, ephemeral data that is not CBOR", () => {
    const result = parseClientFrame(
      frame({ type: "sync", senderId: "a", targetId: "b", documentId, data: new Uint8Array([0x42, 1, 2]) }),
    );
    expect(result.ok).toBe(true);
    expect(result.ok && checkPayload(result.message)).toMatch(/sync message/);
    const ephemeral = parseClientFrame(
      frame({
        type: "ephemeral",
        senderId: "a",
        targetId: "b",
        documentId,
        data: new Uint8Array([0xff]),
        count: 1,
        sessionId: "s",
      }),
    );
    expect(ephemeral.ok && checkPayload(ephemeral.message)).toEqual(expect.any(String));
    const fine = parseClientFrame(
      frame({
        type: "ephemeral",
        senderId: "a",
        targetId: "b",
        documentId,
        data: cbor.encode({ cursor: 3 }),
        count: 1,
        sessionId: "s",
      }),
    );
    expect(fine.ok && checkPayload(fine.message)).toBeNull();
  });
});
