import {
  change,
  clone,
  decodeChange,
  decodeSyncMessage,
  encodeSyncMessage,
  from,
  generateSyncMessage,
  getAllChanges,
  getHeads,
  init,
  initSyncState,
  receiveSyncMessage,
  type SyncState,
} from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { inspectSyncMessage, stripChanges } from "./changes.ts";

type D = { items: Record<string, string> };

/** Runs the sync protocol from `a` to an empty peer and collects every message a sends. */
function messagesFrom(a: ReturnType<typeof from<D>>, peer = init<D>()): Uint8Array[] {
  let sa: SyncState = initSyncState();
  let sb: SyncState = initSyncState();
  let b = peer;
  const sent: Uint8Array[] = [];
  for (let i = 0; i < 10; i++) {
    let m: Uint8Array | null;
    [sa, m] = generateSyncMessage(a, sa);
    if (m) {
      sent.push(m);
      [b, sb] = receiveSyncMessage(b, sb, m);
    }
    let n: Uint8Array | null;
    [sb, n] = generateSyncMessage(b, sb);
    if (n) [a, sa] = receiveSyncMessage(a, sa, n);
    if (!m && !n) break;
  }
  return sent;
}

describe("sync message inspection", () => {
  it("lists the hashes of every change, whether sent as changes, packed together or as a whole document", () => {
    let doc = from<D>({ items: {} });
    for (let i = 0; i < 5; i++) doc = change(doc, (d) => (d.items[`k${i}`] = "x".repeat(i * 100)));
    const all = messagesFrom(doc).map(inspectSyncMessage);
    const hashes = new Set(all.flatMap((p) => p.changeHashes));
    expect(all.every((p) => p.decodable)).toBe(true);
    expect(hashes).toContain(getHeads(doc)[0]);
    expect(hashes.size).toBe(6);

    // A peer that already has most of it gets only the rest.
    const half = clone(doc);
    let more = change(clone(doc), (d) => (d.items.extra = "y"));
    more = change(more, (d) => (d.items.extra2 = "z"));
    const later = messagesFrom(more, half as ReturnType<typeof init<D>>).map(inspectSyncMessage);
    expect(later.flatMap((p) => p.changeHashes)).toEqual(expect.arrayContaining(getHeads(more)));
  });

  it("splits changes packed back to back in one entry", () => {
    let doc = from<D>({ items: {} });
    doc = change(doc, (d) => (d.items.a = "1"));
    const [c1, c2] = getAllChanges(doc) as [Uint8Array, Uint8Array];
    const packed = new Uint8Array(c1.byteLength + c2.byteLength);
    packed.set(c1);
    packed.set(c2, c1.byteLength);
    const base = decodeSyncMessage(generateSyncMessage(init(), initSyncState())[1]!);
    const payload = inspectSyncMessage(encodeSyncMessage({ ...base, changes: [packed] }));
    expect(payload).toEqual({
      changeHashes: getAllChanges(doc).map((c) => decodeChange(c).hash),
      hasChanges: true,
      decodable: true,
    });
  });

  it("reports messages without changes, undecodable chunks, and strips changes keeping the rest", () => {
    const first = generateSyncMessage(init(), initSyncState())[1]!;
    expect(inspectSyncMessage(first)).toEqual({ changeHashes: [], hasChanges: false, decodable: true });

    const doc = from<D>({ items: { a: "b" } });
    const withChanges = messagesFrom(doc).find((m) => decodeSyncMessage(m).changes.length > 0)!;
    const stripped = decodeSyncMessage(stripChanges(withChanges));
    const original = decodeSyncMessage(withChanges);
    expect(stripped.changes).toEqual([]);
    expect(stripped.heads).toEqual(original.heads);
    expect(stripped.need).toEqual(original.need);

    const corrupt = decodeSyncMessage(withChanges);
    const bytes = new Uint8Array(corrupt.changes[0]!);
    bytes[20] = bytes[20]! ^ 0xff;
    const tampered = inspectSyncMessage(
      encodeSyncMessage({ ...corrupt, changes: [bytes.subarray(0, bytes.length - 3)] }),
    );
    expect(tampered).toMatchObject({ hasChanges: true, decodable: false });
  });
});
