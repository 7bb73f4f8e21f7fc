import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { RelayStore, STORE_SCHEMA_VERSION } from "./store.ts";

const stores: RelayStore[] = [];
function store(): RelayStore {
  const s = RelayStore.open(":memory:");
  stores.push(s);
  return s;
}
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

const hash = (n: number) => Buffer.alloc(32, n);
const device = (id: string, memberId = "m1") => ({
  id,
  memberId,
  name: "Máy",
  publicKeyJwk: "{}",
  invitationId: null,
  createdAt: 1000,
});

describe("RelayStore", () => {
  it("creates its schema and records the version", () => {
    expect(store().schemaVersion()).toBe(STORE_SCHEMA_VERSION);
  });

  it("upgrades a version-1 registry in place: rows kept, consultations accepted", () => {
    const dir = mkdtempSync(join(tmpdir(), "hopso-store-"));
    try {
      const file = join(dir, "relay.sqlite");
      const v2 = RelayStore.open(file);
      v2.putDocument(
        {
          documentId: "meetingdoc",
          kind: "meeting",
          meetingDocumentId: null,
          memberId: null,
          createdByDevice: null,
          reason: null,
        },
        1000,
      );
      v2.close();
      // Back to version 1 as an older relay left it: the registry's CHECK without 'consultation'.
      const db = new Database(file);
      db.exec(`UPDATE schema_version SET version = 1;
        CREATE TABLE d1 AS SELECT * FROM documents; DROP TABLE documents;
        CREATE TABLE documents (document_id TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('workspace','meeting','participation','private','pending','quarantined')), meeting_document_id TEXT, member_id TEXT, created_by_device TEXT, reason TEXT, registered_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
        INSERT INTO documents SELECT * FROM d1; DROP TABLE d1;`);
      db.close();
      const upgraded = RelayStore.open(file);
      stores.push(upgraded);
      expect(upgraded.schemaVersion()).toBe(STORE_SCHEMA_VERSION);
      expect(upgraded.allDocuments().map((d) => d.kind)).toEqual(["meeting"]);
      upgraded.putDocument(
        {
          documentId: "consultationdoc",
          kind: "consultation",
          meetingDocumentId: null,
          memberId: "m1",
          createdByDevice: "d1",
          reason: null,
        },
        2000,
      );
      expect(upgraded.allDocuments().find((d) => d.documentId === "consultationdoc")?.memberId).toBe("m1");
    } finally {
      for (const s of stores.splice(0)) s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("redeems an invitation once, only before it expires", () => {
    const s = store();
    s.insertInvitation(
      { id: "i1", memberId: "m1", createdBy: "admin", createdAt: 0, expiresAt: 5000 },
      hash(1),
    );
    expect(s.redeemInvitation("i1", 5000, device("d0"), hash(10))).toBe(false); // expired at 5000
    expect(s.redeemInvitation("i1", 4999, device("d1"), hash(11))).toBe(true);
    expect(s.redeemInvitation("i1", 4999, device("d2"), hash(12))).toBe(false);
    expect(s.deviceById("d2")).toBeUndefined();
    expect(s.invitationByCodeHash(hash(1))).toMatchObject({ usedAt: 4999, usedByDevice: "d1" });
    expect(s.deviceByCredentialHash(hash(11))?.id).toBe("d1");
  });

  it("revokes devices and unused invitations, rotates credentials", () => {
    const s = store();
    s.insertDevice(device("d1"), hash(1));
    s.insertDevice(device("d2"), hash(2));
    expect(s.rotateCredential("d1", hash(3), 2000)).toBe(true);
    expect(s.deviceByCredentialHash(hash(1))).toBeUndefined();
    expect(s.deviceByCredentialHash(hash(3))?.credentialRotatedAt).toBe(2000);
    expect(s.revokeDevice("d1", 3000, "admin")).toBe(true);
    expect(s.revokeDevice("d1", 4000, "admin")).toBe(false);
    expect(s.rotateCredential("d1", hash(4), 5000)).toBe(false);
    expect(s.revokedAmong(["d1", "d2", "ghost"])).toEqual(new Set(["d1", "ghost"]));
    expect(s.activeDeviceCounts()).toEqual(new Map([["m1", 1]]));
    s.insertInvitation(
      { id: "i1", memberId: "m1", createdBy: "demo", createdAt: 0, expiresAt: 9e12 },
      hash(5),
    );
    s.insertInvitation(
      { id: "i2", memberId: "m1", createdBy: "admin", createdAt: 0, expiresAt: 9e12 },
      hash(6),
    );
    expect(s.revokeUnusedInvitations("demo", 10)).toBe(1);
    expect(s.invitationByCodeHash(hash(5))?.revokedAt).toBe(10);
    expect(s.invitationByCodeHash(hash(6))?.revokedAt).toBeNull();
  });

  it("keeps the first deliverer of each change and pages the audit newest first", () => {
    const s = store();
    expect(s.recordAudit("doc", ["a", "b"], { memberId: "m1", deviceId: "d1", origin: "device" }, 1)).toBe(2);
    expect(s.recordAudit("doc", ["b", "c"], { memberId: "m2", deviceId: "d2", origin: "device" }, 2)).toBe(1);
    const page = s.auditOf("doc", 2);
    expect(page.map((e) => [e.changeHash, e.memberId])).toEqual([
      ["c", "m2"],
      ["b", "m1"],
    ]);
    expect(s.auditOf("doc", 2, page[1]!.id).map((e) => e.changeHash)).toEqual(["a"]);
    expect(s.auditOf("other", 10)).toEqual([]);
  });

  it("registers documents; one private document per member", () => {
    const s = store();
    const row = { meetingDocumentId: null, createdByDevice: null, reason: null };
    s.putDocument({ documentId: "p1", kind: "private", memberId: "m1", ...row }, 1);
    expect(() => s.putDocument({ documentId: "p2", kind: "private", memberId: "m1", ...row }, 1)).toThrow();
    s.putDocument({ documentId: "x", kind: "pending", memberId: "m2", ...row }, 1);
    s.putDocument({ documentId: "x", kind: "meeting", memberId: null, ...row }, 2);
    expect(s.documentById("x")).toMatchObject({ kind: "meeting", registeredAt: 1 });
    expect(s.privateDocumentOf("m1")?.documentId).toBe("p1");
    expect(s.allDocuments()).toHaveLength(2);
  });
});
