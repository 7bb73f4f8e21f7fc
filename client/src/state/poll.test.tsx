import { createRoot, createSignal } from "solid-js";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { pollWhileOnline } from "./poll.ts";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("pollWhileOnline (live secret ballot turnout)", () => {
  it("refreshes on every tick while active and online, stops when inactive or disposed", () => {
    const refresh = vi.fn();
    const [open, setOpen] = createSignal(true);
    const dispose = createRoot((d) => {
      pollWhileOnline(open, refresh, 5000);
      return d;
    });
    vi.advanceTimersByTime(15_000);
    expect(refresh).toHaveBeenCalledTimes(3);

    const onLine = vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    vi.advanceTimersByTime(10_000);
    expect(refresh).toHaveBeenCalledTimes(3); // offline: no requests
    onLine.mockReturnValue(true);
    window.dispatchEvent(new Event("online"));
    expect(refresh).toHaveBeenCalledTimes(4); // back online: at once

    setOpen(false); // the motion is closed
    vi.advanceTimersByTime(20_000);
    expect(refresh).toHaveBeenCalledTimes(4);
    setOpen(true);
    vi.advanceTimersByTime(5000);
    expect(refresh).toHaveBeenCalledTimes(5);
    dispose();
    vi.advanceTimersByTime(20_000);
    window.dispatchEvent(new Event("online"));
    expect(refresh).toHaveBeenCalledTimes(5);
    onLine.mockRestore();
  });
});
