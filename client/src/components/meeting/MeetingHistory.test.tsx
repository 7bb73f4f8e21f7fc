import { getChangesMetaSince, getHeads } from "@automerge/automerge";
import { type DocHandle, Repo } from "@automerge/automerge-repo";
import { cleanup, fireEvent, render, screen, within } from "@solidjs/testing-library";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AuditResult } from "../../state/history.ts";
import { MeetingHistory } from "./MeetingHistory.tsx";

vi.mock("../../state/repo.ts", () => ({ relayAcknowledgedHeads: () => undefined }));

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function documentWithChanges() {
  const repo = new Repo({ network: [] });
  // Like state/actions.ts: an empty document (its first change is empty, left out), then messages.
  const handle = repo.create<{ items: string[] }>() as DocHandle<{ items: string[] }>;
  // 2026-12-01 08:00 and 08:05 in Hà Nội (UTC+7).
  handle.change(
    (d) => {
      d.items = ["Khai mạc"];
    },
    { message: "Thêm nội dung: Khai mạc", time: 1_796_086_800 },
  );
  handle.change((d) => void d.items.push("Bế mạc"), {
    message: "Thêm nội dung: Bế mạc",
    time: 1_796_087_100,
  });
  const hashes = getChangesMetaSince(handle.doc(), []).map((c) => c.hash);
  return { handle, hashes };
}

afterEach(cleanup);

describe("MeetingHistory", () => {
  it("shows who, which device, when (Hà Nội time) and what, newest first", async () => {
    const { handle, hashes } = documentWithChanges();
    const loadAudit = vi.fn(
      async (): Promise<AuditResult> => ({
        kind: "ok",
        entries: [
          {
            changeHash: hashes[1]!,
            memberId: "m-1",
            memberName: "Nguyễn Văn Hùng",
            deviceId: "d-1",
            deviceName: "iPad phòng họp",
            origin: "device",
            receivedAt: "2026-12-01T01:00:01.000Z",
          },
        ],
      }),
    );
    render(() => (
      <MeetingHistory handle={handle} loadAudit={loadAudit} relayHeads={() => getHeads(handle.doc())} />
    ));
    const toggle = screen.getByRole("button", { name: "Xem lịch sử thay đổi" });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    fireEvent.click(toggle);
    await tick();
    await tick();
    expect(loadAudit).toHaveBeenCalledWith(handle.documentId);
    const rows = within(screen.getByRole("table")).getAllByRole("row").slice(1);
    expect(rows.map((r) => [...r.querySelectorAll("td")].map((c) => c.textContent))).toEqual([
      ["08:05 01/12/2026", "Không có trong nhật ký máy chủ", "—", "Thêm nội dung: Bế mạc"],
      ["08:00 01/12/2026", "Nguyễn Văn Hùng", "iPad phòng họp", "Thêm nội dung: Khai mạc"],
    ]);
  });

  it("tells a change not yet on the relay from one the relay's log does not have", async () => {
    const { handle, hashes } = documentWithChanges();
    render(() => (
      <MeetingHistory
        handle={handle}
        loadAudit={async () => ({ kind: "ok", entries: [] })}
        relayHeads={() => [hashes[1]!]}
      />
    ));
    fireEvent.click(screen.getByRole("button", { name: "Xem lịch sử thay đổi" }));
    await tick();
    await tick();
    const who = within(screen.getByRole("table"))
      .getAllByRole("row")
      .slice(1)
      .map((r) => r.querySelectorAll("td")[1]?.textContent);
    expect(who).toEqual(["Chưa lên máy chủ", "Không có trong nhật ký máy chủ"]);
  });

  it("offline, shows the local history without who, and says so", async () => {
    const { handle } = documentWithChanges();
    render(() => <MeetingHistory handle={handle} loadAudit={async () => ({ kind: "offline" })} />);
    fireEvent.click(screen.getByRole("button", { name: "Xem lịch sử thay đổi" }));
    await tick();
    await tick();
    expect(screen.getByRole("status").textContent).toMatch(
      /^Đang ngoại tuyến: chỉ hiện các thay đổi có trên thiết bị/,
    );
    const cells = within(screen.getByRole("table"))
      .getAllByRole("row")
      .slice(1)
      .map((r) => r.querySelectorAll("td")[1]?.textContent);
    expect(cells).toEqual(["Chưa rõ", "Chưa rõ"]);
  });
});
