import { cleanup, render, screen } from "@solidjs/testing-library";
import { createSignal } from "solid-js";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../../i18n/index.ts";
import type { SyncStatus } from "../../state/sync-status.ts";
import { SyncIndicator } from "./SyncIndicator.tsx";
import { SyncIndicatorView } from "./SyncIndicatorView.tsx";

// 2026-03-05T02:07:00Z is 09:07 on 05/03/2026 in Asia/Ho_Chi_Minh (UTC+7).
const LAST_SYNCED = Date.parse("2026-03-05T02:07:00Z");

function status(): HTMLElement {
  return screen.getByRole("status", { name: /Trạng thái đồng bộ|Sync status/ });
}

afterEach(cleanup);
beforeEach(() => setLocale("vi"));

describe("SyncIndicatorView", () => {
  it.each<[string, SyncStatus, RegExp]>([
    ["synced", { kind: "synced", pending: 0, lastSyncedAt: LAST_SYNCED }, /Đã đồng bộ/],
    ["pending", { kind: "pending", pending: 3, lastSyncedAt: LAST_SYNCED }, /3 thay đổi chưa lên máy chủ/],
    ["connecting", { kind: "connecting", pending: 0, lastSyncedAt: null }, /Đang kết nối/],
    ["syncing", { kind: "syncing", pending: 0, lastSyncedAt: LAST_SYNCED }, /Đang đồng bộ/],
    [
      "offline (network)",
      { kind: "offline", cause: "network", pending: 0, lastSyncedAt: LAST_SYNCED },
      /Ngoại tuyến.*mất mạng/,
    ],
    [
      "offline (relay)",
      { kind: "offline", cause: "relay", pending: 0, lastSyncedAt: LAST_SYNCED },
      /Ngoại tuyến.*Không kết nối được máy chủ/,
    ],
  ])("shows %s as a polite status", (_name, value, text) => {
    render(() => <SyncIndicatorView status={value} />);
    const region = status();
    expect(region.getAttribute("aria-live")).toBe("polite");
    expect(region.textContent).toMatch(text);
    expect(region.closest(".sync-indicator")?.getAttribute("data-state")).toBe(value.kind);
  });

  it("shows the pending count while offline, and the last synced time in Vietnam time", () => {
    render(() => (
      <SyncIndicatorView
        status={{ kind: "offline", cause: "network", pending: 2, lastSyncedAt: LAST_SYNCED }}
      />
    ));
    expect(status().textContent).toMatch(/Ngoại tuyến · 2 thay đổi chưa lên máy chủ/);
    expect(screen.getByText("Đồng bộ lần cuối: 09:07 05/03/2026")).toBeTruthy();
  });

  it("says so when the device never synced", () => {
    render(() => <SyncIndicatorView status={{ kind: "connecting", pending: 0, lastSyncedAt: null }} />);
    expect(screen.getByText("Chưa đồng bộ lần nào")).toBeTruthy();
  });

  it("follows the language switch", () => {
    render(() => <SyncIndicatorView status={{ kind: "pending", pending: 1, lastSyncedAt: LAST_SYNCED }} />);
    setLocale("en");
    expect(status().textContent).toMatch(/1 change not yet on the server/);
    expect(screen.getByText("Last synced 09:07 05/03/2026")).toBeTruthy();
  });
});

describe("SyncIndicator", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("holds back a pending state that the relay acknowledges quickly", () => {
    const [value, setValue] = createSignal<SyncStatus>({
      kind: "synced",
      pending: 0,
      lastSyncedAt: LAST_SYNCED,
    });
    render(() => <SyncIndicator status={value} />);
    setValue({ kind: "pending", pending: 1, lastSyncedAt: LAST_SYNCED });
    vi.advanceTimersByTime(300);
    expect(status().textContent).toMatch(/Đã đồng bộ/);
    setValue({ kind: "synced", pending: 0, lastSyncedAt: LAST_SYNCED + 300 });
    vi.advanceTimersByTime(2000);
    expect(status().textContent).toMatch(/Đã đồng bộ/);
  });

  it("shows a pending state that lasts", () => {
    const [value, setValue] = createSignal<SyncStatus>({
      kind: "synced",
      pending: 0,
      lastSyncedAt: LAST_SYNCED,
    });
    render(() => <SyncIndicator status={value} />);
    setValue({ kind: "pending", pending: 1, lastSyncedAt: LAST_SYNCED });
    setValue({ kind: "pending", pending: 2, lastSyncedAt: LAST_SYNCED });
    vi.advanceTimersByTime(1000);
    expect(status().textContent).toMatch(/2 thay đổi chưa lên máy chủ/);
  });

  it("shows going offline at once, with the count", () => {
    const [value, setValue] = createSignal<SyncStatus>({
      kind: "synced",
      pending: 0,
      lastSyncedAt: LAST_SYNCED,
    });
    render(() => <SyncIndicator status={value} />);
    setValue({ kind: "offline", cause: "network", pending: 4, lastSyncedAt: LAST_SYNCED });
    expect(status().textContent).toMatch(/Ngoại tuyến · 4 thay đổi/);
  });
});
