import { cleanup, fireEvent, render, screen } from "@solidjs/testing-library";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AccessEnded } from "../../state/session.ts";
import { AccessEndedView } from "./AccessEndedView.tsx";

vi.mock("../../state/repo.ts", () => ({ repo: undefined, relay: undefined, connectRelay: vi.fn() }));
vi.mock("../../state/wipe.ts", () => ({ eraseLocalData: vi.fn(), clearLocalStorage: vi.fn() }));

const AT = Date.parse("2026-12-01T02:30:00.000Z"); // 09:30 in Hà Nội

function show(ended: Partial<AccessEnded>) {
  const onSignInAgain = vi.fn();
  const onRetryErase = vi.fn();
  render(() => (
    <AccessEndedView
      ended={{ reason: "device_revoked", wipe: true, phase: "done", problems: [], at: AT, ...ended }}
      onSignInAgain={onSignInAgain}
      onRetryErase={onRetryErase}
    />
  ));
  return { onSignInAgain, onRetryErase };
}

afterEach(cleanup);

describe("AccessEndedView", () => {
  it("says access ended, why, that local data was erased, and offers to sign in again", () => {
    const { onSignInAgain } = show({ reason: "device_revoked" });
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe(
      "Quyền truy cập của thiết bị này đã kết thúc",
    );
    expect(screen.getByText(/Thiết bị đã bị thu hồi/)).toBeTruthy();
    expect(screen.getByRole("status").textContent).toBe(
      "Dữ liệu cuộc họp và tài liệu đã lưu trên thiết bị này đã được xóa.",
    );
    expect(screen.getByText(/09:30 01\/12\/2026/)).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole("heading", { level: 1 }));
    fireEvent.click(screen.getByRole("button", { name: "Đăng nhập lại" }));
    expect(onSignInAgain).toHaveBeenCalledTimes(1);
  });

  it("for a disabled member too; sign-in waits until the erase is done", () => {
    show({ reason: "member_disabled", phase: "erasing" });
    expect(screen.getByText("Tài khoản của bạn đã bị vô hiệu hóa trong cơ quan.")).toBeTruthy();
    expect(screen.getByRole("status").textContent).toBe("Đang xóa dữ liệu cuộc họp trên thiết bị…");
    expect((screen.getByRole("button", { name: "Đăng nhập lại" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("keeps the data for a credential that is no longer valid, and says so", () => {
    show({ reason: "credential_invalid", wipe: false });
    expect(screen.getByText(/Thông tin đăng nhập của thiết bị không còn hợp lệ/)).toBeTruthy();
    expect(screen.getByText(/vẫn nằm trên thiết bị/)).toBeTruthy();
    expect(screen.queryByText(/đã được xóa/)).toBeNull();
  });

  it("offers to erase again when another tab held the data open", () => {
    const { onRetryErase } = show({ phase: "failed", problems: ["hopso: still open in another tab"] });
    expect(screen.getByRole("alert").textContent).toContain("Chưa xóa hết dữ liệu");
    fireEvent.click(screen.getByRole("button", { name: "Xóa lại" }));
    expect(onRetryErase).toHaveBeenCalledTimes(1);
  });
});
