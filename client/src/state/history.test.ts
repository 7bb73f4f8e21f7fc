import { next as A } from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { type AuditEntry, joinHistory, localChanges } from "./history.ts";

describe("history", () => {
  it("joins local changes with the relay's audit log by hash, newest first", () => {
    let doc = A.from<{ n: number }>({ n: 0 });
    doc = A.change(doc, { message: "Thêm nội dung: Khai mạc", time: 1_800_000_000 }, (d) => {
      d.n = 1;
    });
    doc = A.change(doc, { message: "Xóa nội dung: Khai mạc", time: 1_800_000_600 }, (d) => {
      d.n = 2;
    });
    doc = A.emptyChange(doc, { time: 1_800_000_900 });
    const local = localChanges(doc);
    expect(local.map((c) => c.message)).toEqual([
      null, // A.from's change: no message, but it wrote something
      "Thêm nội dung: Khai mạc",
      "Xóa nội dung: Khai mạc",
      null, // empty: left out of the history
    ]);
    const audit: AuditEntry[] = [
      {
        changeHash: local[1]!.hash,
        memberId: "m-1",
        memberName: "Nguyễn Văn An",
        deviceId: "d-1",
        deviceName: "iPad phòng họp",
        origin: "device",
        receivedAt: "2027-01-15T08:00:05.000Z",
      },
    ];
    const joined = joinHistory(local, audit);
    expect(joined.map((e) => [e.message, e.audit?.memberName])).toEqual([
      ["Xóa nội dung: Khai mạc", undefined],
      ["Thêm nội dung: Khai mạc", "Nguyễn Văn An"],
      [null, undefined],
    ]);
    expect(joined[1]!.time).toBe(1_800_000_000_000);
    // Offline: local history only.
    expect(joinHistory(local, undefined).map((e) => e.audit)).toEqual([undefined, undefined, undefined]);
  });
});
