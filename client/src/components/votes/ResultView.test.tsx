import { cleanup, render, screen, within } from "@solidjs/testing-library";
import Papa from "papaparse";
import { afterEach, describe, expect, it } from "vitest";
import {
  choicePreset,
  type MotionResultState,
  type MotionView,
  motionResultSummary,
  RULE_PRESETS,
  type TallyResult,
} from "../../../../shared/src/index.ts";
import { resultCsv } from "./csv.ts";
import { ResultView } from "./ResultView.tsx";

afterEach(cleanup);

const motion: MotionView = {
  motion: {
    id: "m-1",
    agendaItemId: "a-1",
    title: "Dự thảo Nghị quyết",
    choices: choicePreset("standard"),
    rule: { kind: "preset", preset: "government_decision" },
    visibility: "named",
    eligibleMemberIds: ["chair", "m1", "m2", "m3"],
    chairMemberId: "chair",
    openedAt: "2026-12-01T01:00:00.000Z",
    closesAt: null,
    closedAt: "2026-12-01T01:10:00.000Z",
  } as unknown as MotionView["motion"],
  phase: "closed",
  hideLiveTally: false,
  closingHeads: [],
  presentAtClose: ["chair", "m1", "m2", "m3"],
  secretResult: null,
  createdAt: "2026-12-01T00:50:00.000Z",
};

const audit = (
  memberId: string,
  choiceId: string,
  status: TallyResult["votes"][number]["status"] = "counted",
) => ({
  memberId,
  deviceId: `${memberId}-d1`,
  choiceId,
  castAt: "2026-12-01T01:05:00.000Z",
  status,
});

/** A 2–2 tie on a Government decision, settled by the chair's approval; one late vote. */
const state: Extract<MotionResultState, { kind: "counted" }> = {
  kind: "counted",
  late: 1,
  flagged: 0,
  result: {
    motionId: "m-1",
    rule: {
      id: "government_decision",
      spec: RULE_PRESETS.government_decision.spec,
      legalSource: RULE_PRESETS.government_decision.legalSource,
    },
    final: true,
    outcome: "passed",
    decidedBy: "chair_tie_break",
    counts: [
      { choiceId: "approve", label: "Tán thành", meaning: "approve", count: 2, percentOfBase: 50 },
      { choiceId: "reject", label: "Không tán thành", meaning: "reject", count: 2, percentOfBase: 50 },
      { choiceId: "abstain", label: "Không biểu quyết", meaning: "abstain", count: 0, percentOfBase: 0 },
    ],
    approve: 2,
    reject: 2,
    voted: 4,
    notVoted: 0,
    eligibleCount: 4,
    presentCount: 4,
    base: { kind: "eligible", size: 4 },
    requiredToPass: 3,
    quorum: { required: 3, present: 4, met: true },
    votes: [
      audit("chair", "approve"),
      audit("m1", "approve"),
      audit("m2", "reject"),
      audit("m3", "reject"),
      audit("m3", "approve", "late"),
    ],
  },
};

const names = new Map([
  ["chair", "Nguyễn Văn Hùng"],
  ["m1", "Trần Thị Mai"],
  ["m2", "Bùi Đức Thắng"],
  ["m3", "Võ Minh Tuấn"],
]);

describe("ResultView", () => {
  it("announces the outcome with the rule, tabulates counts against the base, and lists who chose what", () => {
    render(() => <ResultView motion={motion} state={state} names={names} />);
    const status = screen.getByRole("status");
    expect(status.textContent).toContain("Thông qua — theo quy tắc: Quá nửa tổng số thành viên Chính phủ");
    expect(screen.getByText(/quyết định theo ý kiến của người chủ trì/)).toBeTruthy();
    expect(screen.getByText(/Nghị định 39\/2022\/NĐ-CP/)).toBeTruthy();
    const table = screen.getByRole("table", { name: "Số phiếu theo phương án" });
    const rows = within(table)
      .getAllByRole("row")
      .slice(1)
      .map((r) => r.textContent?.replace(/\s+/g, " ").trim());
    expect(rows).toEqual(["Tán thành250,00%", "Không tán thành250,00%", "Không biểu quyết00,00%"]);
    const named = screen.getByRole("table", { name: "Lựa chọn của từng người" });
    expect(within(named).getByRole("rowheader", { name: "Nguyễn Văn Hùng" })).toBeTruthy();
    expect(within(named).getAllByText("Đến muộn")).toHaveLength(1);
    expect(screen.getByText("1 phiếu đến sau khi kết thúc (không tính).")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Xuất CSV" })).toBeTruthy();
  });

  it("exports the result as CSV with names, the rule and its legal source", () => {
    const csv = resultCsv(motionResultSummary(motion, state), names);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const rows = Papa.parse<string[]>(csv.slice(1)).data;
    expect(rows).toContainEqual(["Kết quả", "Thông qua"]);
    expect(rows).toContainEqual(["Tán thành", "2", "50.00%"]);
    expect(rows).toContainEqual(["Nguyễn Văn Hùng", "Tán thành"]);
    expect(rows.find((r) => r[0] === "Căn cứ")?.[1]).toMatch(/39\/2022/);
    expect(csv).not.toContain("Võ Minh Tuấn,Tán thành"); // the late vote is not a counted choice
  });
});
