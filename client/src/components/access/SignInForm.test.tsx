import { cleanup, fireEvent, render, screen } from "@solidjs/testing-library";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { RedeemResult } from "../../state/session.ts";
import { SignInForm } from "./SignInForm.tsx";

vi.mock("../../state/repo.ts", () => ({ repo: undefined, relay: undefined, connectRelay: vi.fn() }));
vi.mock("../../state/wipe.ts", () => ({ eraseLocalData: vi.fn(), clearLocalStorage: vi.fn() }));

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function renderForm(result: RedeemResult, initialCode?: string) {
  const onRedeem = vi.fn(async () => result);
  const onSuccess = vi.fn();
  render(() => (
    <SignInForm
      initialCode={initialCode}
      defaultDeviceName="iPad · Safari"
      onRedeem={onRedeem}
      onSuccess={onSuccess}
    />
  ));
  const code = screen.getByLabelText("Mã mời") as HTMLInputElement;
  const name = screen.getByLabelText("Tên thiết bị") as HTMLInputElement;
  const submit = async () => {
    fireEvent.click(screen.getByRole("button", { name: "Đăng ký thiết bị" }));
    await tick();
    await tick();
  };
  return { onRedeem, onSuccess, code, name, submit };
}

afterEach(cleanup);

describe("SignInForm", () => {
  it("accepts a code without dash in lower case, sends it canonical, with the device name", async () => {
    const { onRedeem, onSuccess, code, name, submit } = renderForm({
      ok: true,
      reload: false,
      session: {} as never,
    });
    expect(name.value).toBe("iPad · Safari");
    fireEvent.input(code, { target: { value: " 7k3qdm9xta " } });
    fireEvent.input(name, { target: { value: "iPad phòng họp 1" } });
    await submit();
    expect(onRedeem).toHaveBeenCalledWith("7K3QD-M9XTA", "iPad phòng họp 1");
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(screen.getByRole("status").textContent).toContain("Đã đăng ký thiết bị");
  });

  it("prefills the code from the invitation link", () => {
    const { code } = renderForm({ ok: true, reload: false, session: {} as never }, "7k3qd-m9xta");
    expect(code.value).toBe("7K3QD-M9XTA");
    expect(screen.getByText(/Mã mời đã được điền sẵn từ đường dẫn/)).toBeTruthy();
  });

  it("checks the code and the device name before asking the relay", async () => {
    const { onRedeem, code, name, submit } = renderForm({ ok: false, reason: "invalid_code" });
    await submit();
    expect(onRedeem).not.toHaveBeenCalled();
    expect(code.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(code);
    expect(screen.getByText("Nhập mã mời.")).toBeTruthy();

    fireEvent.input(code, { target: { value: "ABC" } });
    await submit();
    expect(screen.getByText(/Mã mời gồm 10 chữ và số/)).toBeTruthy();

    fireEvent.input(code, { target: { value: "7K3QD-M9XTA" } });
    fireEvent.input(name, { target: { value: "  " } });
    await submit();
    expect(onRedeem).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(name);
    expect(screen.getByText("Nhập tên thiết bị.")).toBeTruthy();
  });

  const reasons: [RedeemResult & { ok: false }, RegExp][] = [
    [{ ok: false, reason: "invalid_code" }, /^Mã mời không đúng/],
    [{ ok: false, reason: "invitation_expired" }, /^Mã mời đã hết hạn/],
    [{ ok: false, reason: "invitation_used" }, /^Mã mời này đã được sử dụng/],
    [
      { ok: false, reason: "rate_limited", retryAfterSeconds: 301 },
      /^Đã thử quá nhiều lần.*sau khoảng 6 phút/,
    ],
    [{ ok: false, reason: "offline" }, /^Không kết nối được máy chủ HọpSố/],
    [{ ok: false, reason: "crypto_unavailable" }, /không tạo được khóa bảo mật/],
    [{ ok: false, reason: "server_error" }, /đang gặp lỗi/],
  ];

  for (const [result, text] of reasons) {
    it(`shows the refusal "${result.reason}" and moves focus to it`, async () => {
      const { onSuccess, code, submit } = renderForm(result);
      fireEvent.input(code, { target: { value: "7K3QD-M9XTA" } });
      await submit();
      const alert = screen.getByRole("alert");
      expect(alert.getAttribute("data-reason")).toBe(result.reason);
      expect(alert.textContent).toMatch(text);
      expect(document.activeElement?.contains(alert)).toBe(true);
      expect(onSuccess).not.toHaveBeenCalled();
      // The form stays usable for another try.
      expect((screen.getByRole("button", { name: "Đăng ký thiết bị" }) as HTMLButtonElement).disabled).toBe(
        false,
      );
    });
  }
});
