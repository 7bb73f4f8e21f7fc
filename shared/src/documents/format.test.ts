import { describe, expect, test } from "vitest";
import { blocksOfText, withEndMark } from "./compose.ts";
import { decreeDate, decreeDateTime, numberAndSymbol, placeAndDate, viNumber } from "./format.ts";
import { paragraph } from "./model.ts";
import { recipientLines, upper } from "./text.ts";

describe("Decree 30/2020 formatting", () => {
  test("number and symbol: numbers below 10 get a leading 0; a draft leaves a blank", () => {
    expect(numberAndSymbol(5, "TB", "UBND")).toBe("Số: 05/TB-UBND");
    expect(numberAndSymbol(123, "BB", "UBND")).toBe("Số: 123/BB-UBND");
    expect(numberAndSymbol(null, "TB", "VP")).toMatch(/^Số:\u00a0+\/TB-VP$/u);
    expect(() => numberAndSymbol(0, "TB", "UBND")).toThrow(RangeError);
    expect(() => numberAndSymbol(2.5, "TB", "UBND")).toThrow(RangeError);
  });

  test("dates: days below 10 and the months 1 and 2 get a leading 0, other months do not", () => {
    expect(decreeDate("2026-12-05")).toBe("ngày 05 tháng 12 năm 2026");
    expect(decreeDate("2026-01-09")).toBe("ngày 09 tháng 01 năm 2026");
    expect(decreeDate("2026-02-28")).toBe("ngày 28 tháng 02 năm 2026");
    expect(decreeDate("2026-03-10")).toBe("ngày 10 tháng 3 năm 2026");
    expect(decreeDate("2026-09-30")).toBe("ngày 30 tháng 9 năm 2026");
    expect(placeAndDate(" Bình Thạnh ", "2026-12-05")).toBe("Bình Thạnh, ngày 05 tháng 12 năm 2026");
    expect(() => decreeDate("2026-02-30")).toThrow(RangeError);
  });

  test("times are wall-clock in the meeting's zone", () => {
    // 01:00 UTC is 08:00 in Hồ Chí Minh City.
    expect(decreeDateTime("2026-12-03T01:00:00.000Z", "Asia/Ho_Chi_Minh")).toBe(
      "08 giờ 00 phút, ngày 03 tháng 12 năm 2026",
    );
    // 20:30 UTC on the 4th is already the 5th there.
    expect(decreeDateTime("2026-12-04T20:30:00.000Z", "Asia/Ho_Chi_Minh")).toBe(
      "03 giờ 30 phút, ngày 05 tháng 12 năm 2026",
    );
  });

  test("numbers use a decimal comma", () => {
    expect(viNumber(66.67)).toBe("66,67");
    expect(viNumber(60)).toBe("60");
  });

  test("upper case is Vietnamese and NFC", () => {
    const nfd = "ủy ban nhân dân quận bình thạnh".normalize("NFD");
    expect(upper(nfd)).toBe("ỦY BAN NHÂN DÂN QUẬN BÌNH THẠNH");
  });

  test("recipients: dash, ';' after each, '.' after the last; the caller's punctuation replaced", () => {
    expect(recipientLines(["Như trên;", "- UBND các phường", "", "Lưu: VT, VP."])).toEqual([
      "- Như trên;",
      "- UBND các phường;",
      "- Lưu: VT, VP.",
    ]);
  });

  test("the body ends with ./.", () => {
    expect(withEndMark([paragraph("Đề nghị các đơn vị thực hiện.")]).at(-1)!.runs[0]!.text).toBe(
      "Đề nghị các đơn vị thực hiện./.",
    );
    expect(withEndMark([paragraph("Như sau:")]).at(-1)!.runs[0]!.text).toBe("Như sau./.");
    expect(withEndMark([paragraph("Xong./.")]).at(-1)!.runs[0]!.text).toBe("Xong./.");
  });

  test("free text: one paragraph per line, dash and plus lines are list entries", () => {
    expect(blocksOfText("Một.\n\n- Hai;\n+ Ba;\n• Bốn")).toEqual([
      { kind: "paragraph", runs: [{ text: "Một." }] },
      { kind: "item", runs: [{ text: "- Hai;" }] },
      { kind: "item", runs: [{ text: "+ Ba;" }] },
      { kind: "item", runs: [{ text: "- Bốn" }] },
    ]);
  });
});
