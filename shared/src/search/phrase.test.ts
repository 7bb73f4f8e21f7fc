import { describe, expect, it } from "vitest";
import { JOIN } from "./normalize.ts";
import { findPhrase } from "./phrase.ts";
import { indexTokens, queryTokens } from "./tokenize.ts";

describe("findPhrase", () => {
  it("finds every occurrence starting at a word start; the last word may be a prefix", () => {
    expect(findPhrase("uy ban nhan dan, uy ban", "uy ban", false)).toEqual([
      { start: 0, end: 6 },
      { start: 17, end: 23 },
    ]);
    expect(findPhrase("ket luan", "ket lu", false)).toEqual([{ start: 0, end: 6 }]);
    expect(findPhrase("urban", "ban", false)).toEqual([]);
    expect(findPhrase("www.tcpdf.org", "tcpdf.org", false)).toEqual([{ start: 4, end: 13 }]);
  });

  it("lets a phrase that starts with punctuation match anywhere", () => {
    expect(findPhrase("dieu 5.1 abc", ".1", false)).toEqual([{ start: 6, end: 8 }]);
  });

  it("treats every character of Chinese text as a word start", () => {
    expect(findPhrase("我们都是黑体字", "黑体字", false)).toEqual([{ start: 4, end: 7 }]);
  });

  it("reads JOIN as a hyphen or nothing", () => {
    const text = `the hien d${JOIN}uoi mot; just-in${JOIN}time`;
    expect(findPhrase(text, "hien duoi mot", true)).toEqual([{ start: 4, end: 18 }]);
    expect(findPhrase(text, "d-uoi", true)).toHaveLength(1);
    expect(findPhrase(text, "just-in-time", true)).toHaveLength(1);
    expect(findPhrase(text, "just-intime", true)).toHaveLength(1);
    expect(findPhrase(text, "d uoi", true)).toEqual([]);
  });

  it("escapes regular-expression characters in the phrase", () => {
    expect(findPhrase(`a${JOIN}b (c) [d]+ e.f`, "(c) [d]+ e.f", true)).toHaveLength(1);
  });

  it("retries after a match that does not start a word", () => {
    expect(findPhrase(`xab ab${JOIN}c`, "abc", true)).toEqual([{ start: 4, end: 8 }]);
  });
});

describe("tokenizers", () => {
  it("split words on spaces and punctuation", () => {
    expect(queryTokens("5.1 optimizations: just-in-time")).toEqual([
      "5",
      "1",
      "optimizations",
      "just",
      "in",
      "time",
    ]);
  });

  it("index a hyphen-joined word whole and in halves", () => {
    expect(indexTokens(`d${JOIN}uoi mot`)).toEqual(["duoi", "d", "uoi", "mot"]);
  });

  it("give one token per character of unspaced scripts", () => {
    expect(queryTokens("黑体字")).toEqual(["黑", "体", "字"]);
    expect(indexTokens("abc我们x")).toEqual(["abc", "我", "们", "x"]);
  });
});
