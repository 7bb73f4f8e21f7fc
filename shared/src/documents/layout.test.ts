import { describe, expect, test } from "vitest";
import { breakLines, lineText, type Measure, wordsOf } from "./layout.ts";

/** Every grapheme is 1 unit wide, bold ones 2; a space is 1. */
const measure: Measure = (text, face) =>
  [...new Intl.Segmenter("vi", { granularity: "grapheme" }).segment(text)].length * (face === "bold" ? 2 : 1);

function lines(text: string, width: number, indent = 0) {
  return breakLines(wordsOf([{ text }], 1, measure), width, 1, indent, 1, measure);
}

describe("line breaking", () => {
  test("breaks at spaces, never wider than the line, first line indented", () => {
    const text = "Ủy ban nhân dân quận Bình Thạnh kết luận như sau về các nội dung";
    const result = lines(text, 20, 4);
    for (const line of result) {
      expect(line.width + (line.words.length - 1) + line.indent).toBeLessThanOrEqual(20);
    }
    expect(result[0]!.indent).toBe(4);
    expect(result.slice(1).every((l) => l.indent === 0)).toBe(true);
    expect(result.map(lineText).join(" ")).toBe(text);
    expect(result.map((l) => l.last)).toEqual(result.map((_, i) => i === result.length - 1));
  });

  test("fills each line greedily (spaces counted)", () => {
    // "aa bb cc" is 8 wide: fits 8, not 7.
    expect(lines("aa bb cc dd", 8).map(lineText)).toEqual(["aa bb cc", "dd"]);
    expect(lines("aa bb cc dd", 7).map(lineText)).toEqual(["aa bb", "cc dd"]);
  });

  test("a word wider than the line is cut between graphemes", () => {
    const result = lines("https://hopso.example/meetings/abcdefghij", 10);
    expect(result.every((l) => l.width <= 10)).toBe(true);
    expect(result.map(lineText).join("")).toBe("https://hopso.example/meetings/abcdefghij");
  });

  test("decomposed Vietnamese is composed first (one glyph per letter)", () => {
    const nfd = "Nguyễn Thị Ửng".normalize("NFD");
    const result = lines(nfd, 100);
    expect(lineText(result[0]!)).toBe("Nguyễn Thị Ửng");
    expect(result[0]!.width).toBe(12);
  });

  test("a no-break space keeps words together", () => {
    const result = lines("aaaa Nguyễn\u00a0Văn\u00a0An bb", 14);
    expect(result.map(lineText)).toEqual(["aaaa", "Nguyễn\u00a0Văn\u00a0An", "bb"]);
  });

  test("a word can change face without a space and stays one word", () => {
    const words = wordsOf(
      [{ text: "Kết quả:", face: "bold" }, { text: "THÔNG", face: "bold" }, { text: "QUA." }],
      1,
      measure,
    );
    expect(words.map((w) => w.segments.map((s) => s.text).join("|"))).toEqual(["Kết", "quả:|THÔNG|QUA."]);
    expect(words[1]!.width).toBe(4 * 2 + 5 * 2 + 4);
  });

  test("empty text gives one empty last line", () => {
    expect(lines("   ", 10)).toEqual([{ words: [], width: 0, indent: 0, last: true }]);
  });
});
