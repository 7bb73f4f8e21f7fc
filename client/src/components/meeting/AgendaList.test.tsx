import { Repo } from "@automerge/automerge-repo";
import { cleanup, fireEvent, render, screen, within } from "@solidjs/testing-library";
import { Show } from "solid-js";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type AgendaItemId,
  agendaItems,
  initWorkspace,
  type NewMeetingInput,
  type WorkspaceDoc,
} from "../../../../shared/src/index.ts";
import * as actions from "../../state/actions.ts";
import { meetingSource } from "../../state/meetings.ts";
import { AgendaList } from "./AgendaList.tsx";

// The app's repo (IndexedDB + relay) and workspace are not used here: each test has its own in-memory repo.
vi.mock("../../state/repo.ts", () => ({ repo: undefined }));
vi.mock("../../state/workspace.ts", () => ({
  workspaceHandle: vi.fn(),
  workspaceState: () => ({ kind: "loading" }),
}));

const meeting: NewMeetingInput = {
  title: "Họp UBND quận tháng 12",
  issuingBody: "UBND quận Ba Đình",
  kind: "regular",
  startsAt: "2026-12-01T01:00:00.000Z",
  endsAt: "2026-12-01T04:00:00.000Z",
  timeZone: "Asia/Ho_Chi_Minh",
  location: "Phòng họp tầng 3",
  onlineLink: null,
};

async function setup(titles: string[]) {
  const repo = new Repo({ network: [] });
  const workspace = repo.create<WorkspaceDoc>();
  workspace.change((d) => {
    initWorkspace(d, { name: "UBND quận Ba Đình" }, Date.now());
  });
  const { handle } = actions.createMeeting(repo, workspace, meeting);
  for (const title of titles) {
    actions.addAgendaItem(handle, {
      title,
      presenter: "Phòng Tài chính",
      plannedMinutes: 15,
      description: "",
    });
  }
  const source = meetingSource(repo, handle.url);
  await vi.waitFor(() => expect(source.state.status).toBe("ok"));
  render(() => (
    <Show when={source.state.view}>
      {(view) => (
        <AgendaList
          items={view().agenda}
          deletedItems={view().deletedAgenda}
          plannedMinutesTotal={view().plannedMinutesTotal}
          readOnly={false}
          onMove={(id, to) => actions.moveAgendaItem(handle, id as AgendaItemId, to)}
          onAdd={(input) => {
            actions.addAgendaItem(handle, input);
          }}
          onEdit={(id, patch) => actions.editAgendaItem(handle, id as AgendaItemId, patch)}
          onRemove={(id) => actions.removeAgendaItem(handle, id as AgendaItemId)}
          onRestore={(id) => actions.restoreAgendaItem(handle, id as AgendaItemId)}
        />
      )}
    </Show>
  ));
  const order = () => agendaItems(handle.doc()).map((i) => i.title);
  const shownOrder = () =>
    within(screen.getByRole("list"))
      .getAllByRole("heading", { level: 3 })
      .map((h) => h.textContent);
  const live = () => document.querySelector("[aria-live=polite]")?.textContent;
  return { handle, order, shownOrder, live };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(cleanup);

describe("AgendaList keyboard reordering", () => {
  it("moves an item down with the Xuống button, announces it and keeps focus on the item", async () => {
    const { order, shownOrder, live } = await setup(["Khai mạc", "Báo cáo ngân sách", "Kết luận"]);
    const down = screen.getByRole("button", { name: "Xuống: Khai mạc" });
    down.focus();
    fireEvent.click(down);
    await tick();
    expect(order()).toEqual(["Báo cáo ngân sách", "Khai mạc", "Kết luận"]);
    expect(shownOrder()).toEqual(["Báo cáo ngân sách", "Khai mạc", "Kết luận"]);
    expect(live()).toBe("Đã chuyển “Khai mạc” tới vị trí 2 trên 3.");
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Xuống: Khai mạc" }));
  });

  it("moves with Alt+ArrowUp/Down from anywhere in the item and stops at the ends", async () => {
    const { order, live } = await setup(["Khai mạc", "Báo cáo ngân sách", "Kết luận"]);
    const up = screen.getByRole("button", { name: "Lên: Kết luận" });
    up.focus();
    fireEvent.keyDown(up, { key: "ArrowUp", altKey: true });
    await tick();
    expect(order()).toEqual(["Khai mạc", "Kết luận", "Báo cáo ngân sách"]);
    fireEvent.keyDown(document.activeElement as Element, { key: "ArrowUp", altKey: true });
    await tick();
    expect(order()).toEqual(["Kết luận", "Khai mạc", "Báo cáo ngân sách"]);
    expect(live()).toBe("Đã chuyển “Kết luận” tới vị trí 1 trên 3.");
    // At the top "Lên" is disabled, so focus went to the item itself; a further Alt+ArrowUp does nothing.
    const row = document.activeElement as HTMLElement;
    expect(row.tagName).toBe("LI");
    expect(row.getAttribute("aria-labelledby")).toBe(screen.getByRole("heading", { name: "Kết luận" }).id);
    fireEvent.keyDown(row, { key: "ArrowUp", altKey: true });
    await tick();
    expect(order()).toEqual(["Kết luận", "Khai mạc", "Báo cáo ngân sách"]);
    // Plain arrows (no Alt) are left to the browser.
    fireEvent.keyDown(row, { key: "ArrowDown" });
    await tick();
    expect(order()).toEqual(["Kết luận", "Khai mạc", "Báo cáo ngân sách"]);
  });

  it("soft-deletes an item and brings it back with Khôi phục", async () => {
    const { order, live } = await setup(["Khai mạc", "Báo cáo ngân sách"]);
    fireEvent.click(screen.getByRole("button", { name: "Xóa: Khai mạc" }));
    await tick();
    expect(order()).toEqual(["Báo cáo ngân sách"]);
    expect(live()).toBe("Đã xóa nội dung “Khai mạc”.");
    const undo = screen.getAllByRole("button", { name: /^Khôi phục/ })[0]!;
    fireEvent.click(undo);
    await tick();
    expect(order()).toEqual(["Khai mạc", "Báo cáo ngân sách"]);
    expect(live()).toBe("Đã khôi phục nội dung “Khai mạc”.");
  });

  it("shows the total planned time", async () => {
    await setup(["Khai mạc", "Báo cáo", "Thảo luận", "Kết luận"]);
    expect(screen.getByText("Tổng thời lượng dự kiến: 1 giờ")).toBeTruthy();
  });
});
