import { describe, expect, it } from "vitest";
import { type LedgerStatistics, ledgerStatistics, VIETNAM_CALENDAR } from "../../../../shared/src/index.ts";
import { formatRate, statsCsvRows, statsTables } from "./statsTables.ts";

const task = (over: Partial<Parameters<typeof ledgerStatistics>[0][number]>) => ({
  status: "not_started" as const,
  doneAt: null,
  dueDate: "2027-03-05",
  dueTime: null,
  lead: { kind: "unit" as const, id: "u-1" },
  category: "Đô thị",
  priority: "normal" as const,
  deletedAt: null,
  ...over,
});

describe("statistics tables and CSV", () => {
  const stats: LedgerStatistics = ledgerStatistics(
    [
      task({ status: "done", doneAt: "2027-03-05T09:00:00.000Z" }),
      task({ status: "done", doneAt: "2027-03-09T09:00:00.000Z", category: "" }),
      task({ lead: { kind: "member", id: "m-1" } }),
    ],
    { now: Date.parse("2027-03-20T00:00:00.000Z"), calendar: VIETNAM_CALENDAR },
  );
  const tables = statsTables(stats, {
    unitName: (id) => (id === null ? "Cá nhân" : `Phòng ${id}`),
    noCategory: "(không có)",
  });

  it("labels units, categories and months for display", () => {
    expect(tables.byUnit.map((r) => [r.label, r.counts.total])).toEqual([
      ["Phòng u-1", 2],
      ["Cá nhân", 1],
    ]);
    expect(tables.byCategory.map((r) => r.label)).toEqual(["Đô thị", "(không có)"]);
    expect(tables.monthly.map((r) => r.label)).toEqual(["03/2027"]);
  });

  it("exports one row per group with class counts and the on-time rate", () => {
    const rows = statsCsvRows(
      tables,
      {
        table: "Bảng",
        group: "Nhóm",
        total: "Tổng",
        onTimeRate: "Tỷ lệ",
        classes: {
          done_on_time: "Đúng hạn",
          done_late: "Quá hạn",
          open_within_deadline: "Trong hạn",
          open_overdue: "Quá hạn (chưa xong)",
        },
      },
      { byUnit: "Đơn vị", byCategory: "Lĩnh vực", monthly: "Tháng" },
    );
    expect(rows[0]).toEqual([
      "Bảng",
      "Nhóm",
      "Tổng",
      "Đúng hạn",
      "Quá hạn",
      "Trong hạn",
      "Quá hạn (chưa xong)",
      "Tỷ lệ",
    ]);
    expect(rows[1]).toEqual(["Đơn vị", "Phòng u-1", "2", "1", "1", "0", "0", "0.5000"]);
    expect(rows[2]).toEqual(["Đơn vị", "Cá nhân", "1", "0", "0", "0", "1", ""]);
    expect(rows).toHaveLength(1 + 2 + 2 + 1);
  });

  it("shows the on-time rate as a Vietnamese percentage", () => {
    expect(formatRate(stats.onTimeRate, "vi-VN")).toBe("50%");
    expect(formatRate(0.875, "vi-VN")).toBe("87,5%");
    expect(formatRate(null, "vi-VN")).toBeNull();
  });
});
