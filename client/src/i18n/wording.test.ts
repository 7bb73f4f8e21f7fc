import { describe, expect, it } from "vitest";
import { formatDate, formatTime } from "../../../shared/src/time.ts";
import { tasks as en } from "./en/tasks.ts";
import { tasks as vi } from "./vi/tasks.ts";

describe("issued notice wording", () => {
  it("reads the time with 'lúc' and the date with 'ngày' (24 h, Asia/Ho_Chi_Minh)", () => {
    const at = "2026-11-29T13:00:00.000Z"; // 20:00 in Hà Nội
    const args = { time: formatTime(at), date: formatDate(at) };
    expect(vi.conclusionDraft.issued(args)).toBe("Đã ban hành lúc 20:00 ngày 29/11/2026.");
    expect(en.conclusionDraft.issued(args)).toBe("Issued at 20:00 on 29/11/2026.");
  });

  it("labels the notice number and symbol fields, with the example as a separate hint", () => {
    expect(vi.conclusionDraft.number).toBe("Số");
    expect(vi.conclusionDraft.code).toBe("Ký hiệu");
    expect(vi.conclusionDraft.numberHint).toBe("Ví dụ: 125/TB-UBND");
  });
});
