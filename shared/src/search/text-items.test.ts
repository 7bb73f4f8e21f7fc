import { describe, expect, it } from "vitest";
import { joinTextItems } from "./text-items.ts";

const item = (str: string, x: number, y: number, width: number, hasEOL = false, size = 10) => ({
  str,
  hasEOL,
  transform: [size, 0, 0, size, x, y],
  width,
  height: size,
});

describe("joinTextItems", () => {
  it("joins items of a line as they come and ends lines at hasEOL", () => {
    expect(
      joinTextItems([item("Kết ", 0, 700, 20), item("luận", 20, 700, 22, true), item("Hai", 0, 688, 15)]),
    ).toBe("Kết luận\nHai");
  });

  it("starts a new line when the next item sits on another baseline without hasEOL", () => {
    // standard_fonts.pdf: "www.tcpdf.org" and, lower down, "FONT: zapfdingbats".
    expect(
      joinTextItems([
        item("www.tcpdf.org", 136, 791.7, 63.4),
        item("FONT: zapfdingbats", 221, 745, 152, false, 16),
      ]),
    ).toBe("www.tcpdf.org\nFONT: zapfdingbats");
  });

  it("keeps a word split into items whole, and separates items far apart on one line", () => {
    expect(joinTextItems([item("Quy", 0, 0, 18), item("ết", 18.2, 0, 10)])).toBe("Quyết");
    expect(joinTextItems([item("Họ tên", 0, 0, 30), item("Chức vụ", 200, 0, 35)])).toBe("Họ tên Chức vụ");
    expect(joinTextItems([item("a ", 0, 0, 5), item("b", 100, 0, 5)])).toBe("a b");
  });

  it("allows superscripts on the same line and skips marked-content entries", () => {
    expect(
      joinTextItems([item("m", 0, 0, 8), { type: "beginMarkedContent" }, item("2", 8, 3, 4, false, 6)]),
    ).toBe("m2");
  });

  it("judges rotated text along its own direction", () => {
    const up = (str: string, x: number, y: number, width: number) => ({
      str,
      transform: [0, 10, -10, 0, x, y],
      width,
      height: 10,
    });
    expect(joinTextItems([up("Bản ", 100, 0, 20), up("vẽ", 100, 20, 10), up("Tầng 2", 115, 0, 30)])).toBe(
      "Bản vẽ\nTầng 2",
    );
  });

  it("copes with items without geometry", () => {
    expect(joinTextItems([{ str: "a" }, { str: "b", hasEOL: true }, { str: "c" }])).toBe("ab\nc");
  });
});
