import { describe, expect, it } from "vitest";
import { DocumentSearchIndex } from "./document-index.ts";
import type { ExtractedDocument } from "./types.ts";

const KET_LUAN: ExtractedDocument = {
  fileId: "f1",
  name: "Kết luận phiên họp.pdf",
  pages: [
    "ỦY BAN NHÂN DÂN TỈNH\nKẾT LUẬN\ncủa Chủ tịch Ủy ban nhân dân tỉnh tại phiên họp thường kỳ",
    "",
    "Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng. Kết luận này có hiệu lực kể từ ngày ký.",
  ],
};
const TO_TRINH: ExtractedDocument = {
  fileId: "f2",
  name: "Tờ trình.pdf",
  pages: ["Tờ trình về dự thảo nghị quyết; đề nghị Uỷ ban nhân dân xem xét, kết luận."],
};
const SCAN: ExtractedDocument = { fileId: "scan", name: "Bản scan.pdf", pages: ["", " \n ", "\u0000"] };

function makeIndex(): DocumentSearchIndex {
  const index = new DocumentSearchIndex();
  for (const doc of [KET_LUAN, TO_TRINH, SCAN]) index.add(doc);
  return index;
}

describe("DocumentSearchIndex", () => {
  it("finds a phrase typed without diacritics, giving file, page, offsets and snippet", () => {
    const found = makeIndex().search("ket luan", { order: "document" });
    expect(found.hits.map((h) => [h.fileId, h.page])).toEqual([
      ["f1", 1],
      ["f1", 3],
      ["f2", 1],
    ]);
    const first = found.hits[0]!;
    expect(first.name).toBe("Kết luận phiên họp.pdf");
    const display = "ỦY BAN NHÂN DÂN TỈNH KẾT LUẬN của Chủ tịch Ủy ban nhân dân tỉnh tại phiên họp thường kỳ";
    expect(first.matches.map((m) => display.slice(m.start, m.end))).toEqual(["KẾT LUẬN"]);
    const snippet = first.snippets[0]!;
    expect(snippet.highlights.map((h) => snippet.text.slice(h.start, h.end))).toEqual(["KẾT LUẬN"]);
  });

  it("finds every spelling of Ủy/Uỷ when folded, only the typed one when exact", () => {
    const index = makeIndex();
    const folded = index.search("Ủy ban nhân dân", { order: "document" });
    expect(folded.hits.map((h) => [h.fileId, h.page, h.matches.length])).toEqual([
      ["f1", 1, 2],
      ["f2", 1, 1],
    ]);
    expect(index.search("Uỷ ban nhân dân", { mode: "exact" }).hits.map((h) => h.fileId)).toEqual(["f2"]);
    expect(index.search("Ủy ban nhân dân", { mode: "exact" }).hits.map((h) => h.matches.length)).toEqual([1]);
  });

  it("needs the words in a row (a phrase), not merely all on the page", () => {
    expect(makeIndex().search("ủy ban tỉnh").totalHits).toBe(0);
    expect(makeIndex().search("dân tỉnh").totalHits).toBe(1);
  });

  it("matches the last word as a prefix (search as you type) but not the middle of a word", () => {
    const index = makeIndex();
    expect(index.search("phối hợ").totalHits).toBe(1);
    expect(index.search("ợp").totalHits).toBe(0);
  });

  it("lists files without any text as not searchable, in scope only", () => {
    const index = makeIndex();
    expect(index.search("kết luận").notSearchable).toEqual([{ fileId: "scan", name: "Bản scan.pdf" }]);
    expect(index.search("kết luận", { fileIds: ["f1"] }).notSearchable).toEqual([]);
    expect(index.status("scan")).toEqual({
      fileId: "scan",
      name: "Bản scan.pdf",
      searchable: false,
      pageCount: 3,
      pagesWithoutText: [1, 2, 3],
    });
    expect(index.status("f1")?.pagesWithoutText).toEqual([2]);
    expect(index.searchFile("scan", "kết luận")).toEqual({ status: "not_searchable" });
    expect(index.searchFile("nope", "kết luận")).toEqual({ status: "not_indexed" });
    const inFile = index.searchFile("f1", "kết luận");
    expect(inFile.status === "ok" && inFile.hits.map((h) => h.page)).toEqual([1, 3]);
  });

  it("gives no hits for an empty or punctuation-only query", () => {
    const index = makeIndex();
    expect(index.search("   ").hits).toEqual([]);
    expect(index.search(" , . ").totalHits).toBe(0);
  });

  it("replaces and removes files", () => {
    const index = makeIndex();
    index.add({ ...TO_TRINH, pages: ["Báo cáo tổng hợp ý kiến"] });
    expect(index.search("tờ trình").totalHits).toBe(0);
    expect(index.search("tong hop y kien").hits.map((h) => h.fileId)).toEqual(["f2"]);
    expect(index.remove("f2")).toBe(true);
    expect(index.remove("f2")).toBe(false);
    expect(index.search("tong hop").totalHits).toBe(0);
    expect(index.size).toBe(2);
  });

  it("limits hits but reports how many there were", () => {
    const index = new DocumentSearchIndex();
    index.add({
      fileId: "big",
      name: "big",
      pages: Array.from({ length: 50 }, (_, i) => `Điều ${i + 1}. Quy định chung`),
    });
    const found = index.search("quy định", { limit: 5 });
    expect(found.hits).toHaveLength(5);
    expect(found.totalHits).toBe(50);
  });

  it("joins words hyphenated at a line end, and still finds the hyphenated spelling", () => {
    const index = new DocumentSearchIndex();
    index.add({
      fileId: "h",
      name: "h",
      pages: ["được thể hiện d-\nưới một hình thức vật chất; Just-in-\nTime"],
    });
    const hit = index.search("thể hiện dưới một").hits[0]!;
    const display = "được thể hiện d-ưới một hình thức vật chất; Just-in-Time";
    expect(hit.matches.map((m) => display.slice(m.start, m.end))).toEqual(["thể hiện d-ưới một"]);
    expect(index.search("just-in-time").totalHits).toBe(1);
  });

  it("cuts snippets at word boundaries with ellipses and merges close hits", () => {
    const words = Array.from({ length: 60 }, (_, i) => `từ${i}`).join(" ");
    const index = new DocumentSearchIndex();
    index.add({ fileId: "s", name: "s", pages: [`${words} kết luận và kết luận ${words}`] });
    const [snippet, ...rest] = index.search("kết luận", { snippetContext: 20 }).hits[0]!.snippets;
    expect(rest).toEqual([]);
    expect(snippet!.text.startsWith("…từ")).toBe(true);
    expect(snippet!.text.endsWith("…")).toBe(true);
    expect(snippet!.highlights.map((h) => snippet!.text.slice(h.start, h.end))).toEqual([
      "kết luận",
      "kết luận",
    ]);
  });
});
