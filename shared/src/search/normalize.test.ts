import { describe, expect, it } from "vitest";
import { exactSearchText, JOIN, normalizePageText, prepareQuery, prepareText } from "./normalize.ts";

describe("normalizePageText", () => {
  it("makes NFC, collapses whitespace and trims", () => {
    const nfd = "  Kết\tluận \n\n cuộc   họp ".normalize("NFD");
    expect(normalizePageText(nfd).display).toBe("Kết luận cuộc họp".normalize("NFC"));
  });

  it("strips control and format characters without splitting words", () => {
    expect(normalizePageText("A\u0000 \u0001 B\u200Bc\uFEFFd\u0007").display).toBe("A Bcd");
  });

  it("joins a line-end hyphen between letters, keeping the hyphen shown", () => {
    const { display, joins } = normalizePageText("thể hiện d-\nưới một");
    expect(display).toBe("thể hiện d-ưới một");
    expect(joins).toEqual([display.indexOf("-")]);
  });

  it("does not join a dash that stands between spaces, nor a hyphen mid-line", () => {
    expect(normalizePageText("Độc lập -\nTự do").joins).toEqual([]);
    expect(normalizePageText("Độc lập -\nTự do").display).toBe("Độc lập - Tự do");
    expect(normalizePageText("Just-in-Time").joins).toEqual([]);
    expect(normalizePageText("số 25/2012-\n(QH13)").joins).toEqual([]);
  });

  it("shows a soft hyphen only where the line broke", () => {
    expect(normalizePageText("d\u00ADưới").display).toBe("dưới");
    const broken = normalizePageText("d\u00AD\nưới");
    expect(broken.display).toBe("d-ưới");
    expect(broken.joins).toEqual([1]);
  });
});

describe("prepareText", () => {
  it("folds diacritics, đ and case, mapping every folded character back", () => {
    const p = prepareText("ĐIỀU 5. Ủy ban");
    expect(p.display).toBe("ĐIỀU 5. Ủy ban");
    expect(p.folded).toBe("dieu 5. uy ban");
    // Same offsets in both: no map needed.
    expect(p.foldedToDisplay).toBeNull();
    expect(prepareText("𠀀 Hà").folded).toBe("𠀀 ha");
  });

  it("maps folded offsets back when folding changes lengths (a mark NFC cannot compose)", () => {
    const p = prepareText("q\u0301 Hà");
    expect(p.display).toBe("q\u0301 Hà");
    expect(p.folded).toBe("q ha");
    expect([...(p.foldedToDisplay ?? [])]).toEqual([0, 2, 3, 4]);
  });

  it("puts JOIN where a line-end hyphen was, in folded and exact text", () => {
    const p = prepareText("d-\nưới");
    expect(p.folded).toBe(`d${JOIN}uoi`);
    expect(exactSearchText(p)).toBe(`d${JOIN}ưới`);
  });
});

describe("prepareQuery", () => {
  it("folds NFC and NFD queries alike", () => {
    const a = prepareQuery("Ủy  ban\nnhân dân");
    const b = prepareQuery("Ủy ban nhân dân".normalize("NFD"));
    expect(a).toEqual(b);
    expect(a).toEqual({ exact: "Ủy ban nhân dân", folded: "uy ban nhan dan" });
  });

  it("keeps a hyphen typed at the end of a pasted line as a hyphen", () => {
    expect(prepareQuery("d-\nưới").folded).toBe("d- uoi");
  });
});
