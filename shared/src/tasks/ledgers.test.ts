import { describe, expect, it } from "vitest";
import { ledgerForNewTask, ledgerYearOf } from "./ledgers.ts";

describe("ledger of a year (Asia/Ho_Chi_Minh)", () => {
  it("New Year comes seven hours before UTC's", () => {
    // 31/12/2026 16:59:59 UTC is 23:59:59 in Hồ Chí Minh City; one second later it is 2027 there.
    expect(ledgerYearOf(Date.parse("2026-12-31T16:59:59.000Z"))).toBe(2026);
    expect(ledgerYearOf(Date.parse("2026-12-31T17:00:00.000Z"))).toBe(2027);
  });

  it("a new task goes into this year's ledger, else the newest one on the device", () => {
    const ledgers = [{ year: 2026 }, { year: 2025 }];
    expect(ledgerForNewTask(ledgers, Date.parse("2026-06-01T00:00:00.000Z"))).toEqual({ year: 2026 });
    // Offline across New Year, before the relay's 2027 ledger arrived: keep working in 2026's.
    expect(ledgerForNewTask(ledgers, Date.parse("2027-01-02T00:00:00.000Z"))).toEqual({ year: 2026 });
    expect(ledgerForNewTask([], Date.now())).toBeUndefined();
  });
});
