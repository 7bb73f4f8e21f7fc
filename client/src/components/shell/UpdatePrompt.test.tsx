import { cleanup, fireEvent, render, screen } from "@solidjs/testing-library";
import { createSignal } from "solid-js";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../../i18n/index.ts";
import type { PwaUpdateState } from "../../pwa/register.ts";
import { UpdatePrompt } from "./UpdatePrompt.tsx";

function fakeState(waiting: boolean) {
  const [updateWaiting, setUpdateWaiting] = createSignal(waiting);
  const [updatedElsewhere, setUpdatedElsewhere] = createSignal(false);
  const [offlineReady] = createSignal(false);
  const [applying] = createSignal(false);
  const state: PwaUpdateState = { updateWaiting, updatedElsewhere, offlineReady, applying };
  return { state, setUpdateWaiting, setUpdatedElsewhere };
}

afterEach(cleanup);
beforeEach(() => setLocale("vi"));

describe("UpdatePrompt", () => {
  it("offers Cập nhật / Để sau and acts only on a click", () => {
    const { state, setUpdateWaiting } = fakeState(true);
    const onApply = vi.fn();
    const onPostpone = vi.fn(() => setUpdateWaiting(false));
    render(() => <UpdatePrompt state={state} onApply={onApply} onPostpone={onPostpone} />);
    expect(screen.getByText("Đã có phiên bản mới của HọpSố.")).toBeTruthy();
    expect(onApply).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole("button", { name: "Để sau" }));
    expect(onPostpone).toHaveBeenCalledOnce();
    expect(onApply).not.toHaveBeenCalled();
    expect(screen.queryByText("Đã có phiên bản mới của HọpSố.")).toBeNull();

    setUpdateWaiting(true);
    fireEvent.click(screen.getByRole("button", { name: "Cập nhật" }));
    expect(onApply).toHaveBeenCalledOnce();
  });

  it("asks for a reload instead of reloading when another window applied the update", () => {
    const { state, setUpdatedElsewhere } = fakeState(true);
    render(() => <UpdatePrompt state={state} />);
    setUpdatedElsewhere(true);
    expect(screen.getByRole("button", { name: "Tải lại" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Cập nhật" })).toBeNull();
  });

  it("is not a second role=status next to the sync indicator", () => {
    const { state } = fakeState(true);
    render(() => <UpdatePrompt state={state} />);
    expect(screen.queryByRole("status")).toBeNull();
  });
});
