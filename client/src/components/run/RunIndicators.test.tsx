import { cleanup, render, screen } from "@solidjs/testing-library";
import { createSignal } from "solid-js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FloorView, QuorumState } from "../../../../shared/src/index.ts";
import { MAJORITY_QUORUM } from "../../../../shared/src/index.ts";
import { setLocale } from "../../i18n/index.ts";
import { QuorumIndicator } from "./AttendancePanel.tsx";
import { SpeakingAlert, SpeakingTimer } from "./FloorPanel.tsx";

afterEach(cleanup);
beforeEach(() => setLocale("vi"));

const counts = { present: 0, remote: 0, absent_with_reason: 0, absent: 0, deputy: 0, unknown: 0 };

function quorum(taking: number): QuorumState {
  return {
    applicable: true,
    rule: MAJORITY_QUORUM,
    baseSize: 9,
    required: 5,
    taking,
    met: taking >= 5,
    shortBy: Math.max(0, 5 - taking),
    counts,
  };
}

type Speaker = NonNullable<FloorView["speaker"]>;
function speaker(elapsedSeconds: number): Speaker {
  const limit = 300;
  const warning = 60;
  const remainingMs = (limit - elapsedSeconds) * 1000;
  return {
    id: "r1",
    memberId: "m1",
    fullName: "Trần Thị Mai",
    agendaItemId: "a1",
    note: "",
    requestedAt: "2026-12-03T01:00:00.000Z",
    state: "speaking",
    orderKey: null,
    turn: {
      grantedAt: "2026-12-03T01:01:00.000Z",
      endedAt: null,
      limitSeconds: limit,
      warningSeconds: warning,
    },
    timer: {
      elapsedMs: elapsedSeconds * 1000,
      remainingMs,
      warning: remainingMs > 0 && remainingMs <= warning * 1000,
      over: remainingMs < 0,
      running: true,
    },
  };
}

function floor(s: Speaker): FloorView {
  return { agendaItemId: "a1", speaker: s, queue: [], spoken: [], all: [s] };
}

describe("the live quorum indicator", () => {
  it("is a polite status that says whether the quorum is met and by how many", () => {
    const [q, setQ] = createSignal(quorum(4));
    render(() => <QuorumIndicator quorum={q()} />);
    const region = screen.getByRole("status");
    expect(region.getAttribute("aria-live")).toBe("polite");
    expect(region.textContent).toBe("Chưa đủ số lượng: 4/9 thành viên dự họp (cần 5, thiếu 1).");
    expect(region.classList.contains("quorum-short")).toBe(true);
    setQ(quorum(5));
    expect(region.textContent).toBe("Đủ số lượng: 5/9 thành viên dự họp (cần 5).");
    expect(region.classList.contains("quorum-met")).toBe(true);
  });
});

describe("the speaking timer", () => {
  it("shows elapsed against the limit and turns to warning, then over", () => {
    const [s, setS] = createSignal(speaker(30));
    render(() => <SpeakingTimer speaker={s()} />);
    const timer = screen.getByTestId("speaking-timer");
    expect(timer.textContent).toContain("0:30 / 5:00");
    expect(timer.dataset.state).toBe("normal");
    setS(speaker(250));
    expect(timer.dataset.state).toBe("warning");
    setS(speaker(301));
    expect(timer.dataset.state).toBe("over");
    expect(timer.textContent).toContain("5:01 / 5:00");
  });

  it("announces the warning and the end once each, not every second", () => {
    const [s, setS] = createSignal(speaker(30));
    render(() => <SpeakingAlert floor={floor(s())} />);
    const alert = screen.getByTestId("speaking-alert");
    expect(alert.getAttribute("aria-live")).toBe("assertive");
    expect(alert.textContent).toBe("");
    setS(speaker(241));
    const first = alert.textContent;
    expect(first).toBe("Sắp hết giờ: Trần Thị Mai còn 1:00.");
    setS(speaker(242));
    expect(alert.textContent).toBe(first);
    setS(speaker(305));
    expect(alert.textContent).toBe("Đã hết thời gian phát biểu của Trần Thị Mai.");
  });
});
