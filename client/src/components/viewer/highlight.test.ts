import { describe, expect, it } from "vitest";
import { findInItems } from "./highlight.ts";

describe("find-in-page highlighting", () => {
  it("finds a phrase without diacritics across text items and spaces", () => {
    const items = ["Kết lu", "ận của Chủ tịch ", "Ủy ban nhân dân"];
    expect(findInItems(items, "ket luan")).toEqual([
      [
        { item: 0, start: 0, end: 6 },
        { item: 1, start: 0, end: 2 },
      ],
    ]);
    expect(findInItems(items, "uy ban")).toEqual([[{ item: 2, start: 0, end: 6 }]]);
  });

  it("matches NFD text and old tone placement the same way", () => {
    const nfd = "Uỷ ban".normalize("NFD");
    const found = findInItems([nfd], "Ủy ban");
    expect(found).toHaveLength(1);
    expect(found[0]).toEqual([{ item: 0, start: 0, end: nfd.length }]);
  });

  it("finds every occurrence and nothing for an empty query", () => {
    expect(findInItems(["a à â", "A"], "a")).toHaveLength(4);
    expect(findInItems(["abc"], "  ")).toEqual([]);
  });
});
