import { MemoryRouter, Route } from "@solidjs/router";
import { cleanup, fireEvent, render, screen, within } from "@solidjs/testing-library";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AgendaItemView, PaperView } from "../../../../shared/src/index.ts";
import { AttachPapers } from "./AttachPapers.tsx";
import { PaperList, type PaperListContext } from "./PaperList.tsx";
import type { UploadItem } from "./upload.ts";

afterEach(cleanup);

const item = (id: string, title: string): AgendaItemView =>
  ({ id, title, presenter: "", plannedMinutes: 10, description: "" }) as unknown as AgendaItemView;

function paper(over: Partial<Record<keyof PaperView, unknown>>): PaperView {
  return {
    id: "p1",
    seriesId: "p1",
    version: 1,
    hash: "a".repeat(64),
    name: "Tờ trình 12.pdf",
    size: 2_400_000,
    pages: 12,
    passwordProtected: false,
    kind: "submission",
    agendaItemId: null,
    addedBy: null,
    addedAt: "2026-12-01T01:00:00.000Z",
    deletedAt: null,
    ...over,
  } as PaperView;
}

function renderInRouter(ui: () => ReturnType<typeof PaperList>) {
  return render(() => (
    <MemoryRouter>
      <Route path="*" component={ui} />
    </MemoryRouter>
  ));
}

describe("PaperList", () => {
  const v1 = paper({});
  const v2 = paper({
    id: "p2",
    version: 2,
    hash: "b".repeat(64),
    name: "Tờ trình 12 (sửa).pdf",
    agendaItemId: "i1",
  });
  const locked = paper({
    id: "p3",
    seriesId: "p3",
    hash: "c".repeat(64),
    name: "Báo cáo mật.pdf",
    pages: null,
    passwordProtected: true,
    kind: "report",
  });
  const context = (over: Partial<PaperListContext> = {}): PaperListContext => ({
    basePath: "/meetings/abc",
    timeZone: "Asia/Ho_Chi_Minh",
    agenda: [item("i1", "Kinh tế – xã hội")],
    versionsOf: (seriesId) => (seriesId === "p1" ? [v1, v2] : [locked]),
    isLocal: (hash) => hash === v2.hash,
    hasNewVersion: (id) => id === "p2",
    isOpened: () => false,
    canEdit: false,
    onReplace: vi.fn(),
    onMove: vi.fn(),
    onRemove: vi.fn(),
    ...over,
  });

  it("groups papers by agenda item and says what a member needs to know about each", () => {
    renderInRouter(() => <PaperList papers={[v2, locked]} context={context()} />);
    const item1 = screen.getByRole("region", { name: /Kinh tế – xã hội/ });
    const row = within(item1).getByRole("link", { name: "Tờ trình 12 (sửa).pdf" }).closest("li")!;
    expect(within(item1).getByRole("link", { name: "Tờ trình 12 (sửa).pdf" }).getAttribute("href")).toBe(
      "/meetings/abc/papers/p2",
    );
    expect(row.textContent).toContain("Phiên bản mới");
    expect(row.textContent).toContain("Phiên bản 2");
    expect(row.textContent).toContain("12 trang");
    expect(row.textContent).toContain("Đã có trên máy");
    // The older version stays listed and readable.
    expect(within(row).getByRole("link", { name: "Phiên bản 1: Tờ trình 12.pdf" }).getAttribute("href")).toBe(
      "/meetings/abc/papers/p1",
    );
    const whole = screen.getByRole("region", { name: "Tài liệu chung của cuộc họp" });
    const lockedRow = within(whole).getByRole("link", { name: "Báo cáo mật.pdf" }).closest("li")!;
    expect(lockedRow.textContent).toContain("Có mật khẩu");
    expect(lockedRow.textContent).toContain("Báo cáo");
    expect(lockedRow.textContent).not.toContain("trang");
    expect(lockedRow.textContent).toContain("Chưa tải về máy");
    // Members get no editing controls.
    expect(screen.queryByRole("button", { name: "Xóa" })).toBeNull();
  });

  it("offers replace, move and remove to the chair and secretaries", () => {
    const ctx = context({ canEdit: true });
    renderInRouter(() => <PaperList papers={[v2]} context={ctx} />);
    const file = new File(["%PDF-1.7"], "new.pdf", { type: "application/pdf" });
    const input = screen.getByLabelText("Chọn tệp PDF thay cho Tờ trình 12 (sửa).pdf") as HTMLInputElement;
    fireEvent.change(input, { target: { files: [file] } });
    expect(ctx.onReplace).toHaveBeenCalledWith(v2, file);
    fireEvent.change(screen.getByLabelText("Chuyển Tờ trình 12 (sửa).pdf tới"), { target: { value: "" } });
    expect(ctx.onMove).toHaveBeenCalledWith(v2, { kind: "submission", agendaItemId: null });
    fireEvent.click(screen.getByRole("button", { name: "Xóa" }));
    expect(ctx.onRemove).toHaveBeenCalledWith(v2);
  });
});

describe("AttachPapers", () => {
  it("sends picked files with the chosen kind and agenda item, and shows each file's progress or reason", () => {
    const onFiles = vi.fn();
    const items: UploadItem[] = [
      { key: 1, name: "Tờ trình.pdf", size: 1_000_000, sent: 400_000, phase: "uploading", error: null },
      {
        key: 2,
        name: "Ghi chú.docx",
        size: 2000,
        sent: 2000,
        phase: "failed",
        error: { kind: "blob", code: "not_pdf" },
      },
      {
        key: 3,
        name: "Báo cáo.pdf",
        size: 5000,
        sent: 5000,
        phase: "failed",
        error: { kind: "blob", code: "truncated" },
      },
    ];
    render(() => (
      <AttachPapers agenda={[item("i1", "Ngân sách")]} items={items} onFiles={onFiles} onDismiss={vi.fn()} />
    ));
    fireEvent.change(screen.getByLabelText("Loại tài liệu"), { target: { value: "draft_resolution" } });
    fireEvent.change(screen.getByLabelText("Thuộc"), { target: { value: "i1" } });
    const files = [new File(["%PDF"], "a.pdf"), new File(["%PDF"], "b.pdf")];
    fireEvent.change(screen.getByLabelText("Chọn tệp PDF để thêm (có thể chọn nhiều tệp)"), {
      target: { files },
    });
    expect(onFiles).toHaveBeenCalledWith(files, { kind: "draft_resolution", agendaItemId: "i1" });
    const progress = screen.getByRole("progressbar", { name: "Tiến độ tải lên Tờ trình.pdf" });
    expect(progress.getAttribute("value")).toBe("400000");
    const alerts = screen.getAllByRole("alert").map((a) => a.textContent);
    expect(alerts).toEqual([
      "Không thêm được: Không phải tệp PDF.",
      "Không thêm được: Tệp PDF không trọn vẹn (bị cắt cụt).",
    ]);
  });
});
