import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import {
  type PaperScopeEntry,
  refreshLocalPapers,
  searchPapers,
  startPaperIndexing,
} from "./paper-search.ts";
import { getPaperText, putPaperText } from "./paper-text.ts";

const hash = (c: string) => c.repeat(64);
const LAW = hash("a");
const SCAN = hash("b");
const PROTECTED = hash("c");
const ELSEWHERE = hash("d");

const stored = new Set([LAW, SCAN, PROTECTED]);

const entry = (
  h: string,
  name: string,
  meetingId = "m1",
  meetingTitle = "Họp tháng 12",
): PaperScopeEntry => ({
  meetingId,
  meetingTitle,
  paperId: `p-${name}`,
  hash: h,
  name,
});

describe("offline search over papers on the device", () => {
  it("indexes stored texts at start and answers per meeting, file and page, diacritics-insensitive", async () => {
    await putPaperText({
      hash: LAW,
      status: "ok",
      pages: ["Điều 1. Phạm vi", "Kết luận của Chủ tịch Ủy ban nhân dân thành phố"],
      extractedAt: 0,
    });
    await putPaperText({ hash: SCAN, status: "ok", pages: ["", ""], extractedAt: 0 });
    await putPaperText({ hash: PROTECTED, status: "password", pages: [], extractedAt: 0 });
    await startPaperIndexing({
      getLocalPaper: async () => undefined,
      onPaperStored: () => () => {},
      listLocalPapers: async () => [...stored],
    });

    const scope = [
      entry(LAW, "luat.pdf"),
      entry(LAW, "luat.pdf", "m2", "Họp tháng 11"),
      entry(SCAN, "scan.pdf"),
      entry(PROTECTED, "mat-khau.pdf"),
      entry(ELSEWHERE, "chua-tai.pdf"),
    ];
    const result = searchPapers("ket luan cua chu tich", scope);
    expect(result.hits.map((h) => [h.entry.meetingId, h.entry.name, h.page])).toEqual([
      ["m1", "luat.pdf", 2],
      ["m2", "luat.pdf", 2],
    ]);
    expect(result.hits[0]!.snippets[0]!.text).toContain("Kết luận của Chủ tịch");
    expect(result.notSearchable.map((e) => e.name)).toEqual(["scan.pdf"]);
    expect(result.unreadable.map((e) => e.name)).toEqual(["mat-khau.pdf"]);
    expect(result.notLocal.map((e) => e.name)).toEqual(["chua-tai.pdf"]);

    // NFD input and another meeting's scope only.
    const nfd = searchPapers("Ủy ban nhân dân".normalize("NFD"), [entry(LAW, "luat.pdf", "m2")]);
    expect(nfd.hits.map((h) => h.entry.meetingId)).toEqual(["m2"]);
    expect(searchPapers("không có", scope).totalHits).toBe(0);
    expect(searchPapers("   ", scope).hits).toEqual([]);
  });

  it("indexes a protected file's text once it was unlocked in the viewer", async () => {
    const { addUnlockedText } = await import("./paper-search.ts");
    await addUnlockedText(PROTECTED, ["Hello World"]);
    expect((await getPaperText(PROTECTED))?.status).toBe("ok");
    const result = searchPapers("hello world", [entry(PROTECTED, "mat-khau.pdf")]);
    expect(result.hits.map((h) => h.page)).toEqual([1]);
    expect(result.unreadable).toEqual([]);
  });

  it("forgets the text of files removed from the device", async () => {
    stored.delete(LAW);
    await refreshLocalPapers();
    const result = searchPapers("ket luan", [entry(LAW, "luat.pdf")]);
    expect(result.hits).toEqual([]);
    expect(result.notLocal.map((e) => e.name)).toEqual(["luat.pdf"]);
    expect(await getPaperText(LAW)).toBeUndefined();
  });
});
