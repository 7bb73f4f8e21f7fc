import { describe, expect, it } from "vitest";
import { MAX_PAYLOAD_BYTES, reminderPayload, reminderTopic, truncateGraphemes } from "./payload.ts";
import { reminder } from "./test-support.ts";

const graphemes = (s: string) =>
  [...new Intl.Segmenter("vi", { granularity: "grapheme" }).segment(s)].map((g) => g.segment);

describe("truncateGraphemes", () => {
  it("returns text that fits unchanged", () => {
    expect(truncateGraphemes("Họp giao ban", { maxGraphemes: 12, maxBytes: 100 })).toBe("Họp giao ban");
  });

  it("never separates a Vietnamese letter from its combining marks (NFD)", () => {
    const nfd = "Nghị quyết về việc thành lập Ủy ban".normalize("NFD");
    for (let max = 1; max <= graphemes(nfd).length; max++) {
      const cut = truncateGraphemes(nfd, { maxGraphemes: max, maxBytes: 1000 });
      const kept = cut.endsWith("…") ? cut.slice(0, -1) : cut;
      expect(nfd.startsWith(kept)).toBe(true);
      expect(nfd.slice(kept.length)).not.toMatch(/^\p{M}/u);
      expect(graphemes(cut).length).toBeLessThanOrEqual(max);
    }
  });

  it("counts bytes too: 'ệ' in NFD is 5 bytes and stays whole", () => {
    const e = "ệ".normalize("NFD");
    expect(Buffer.byteLength(e)).toBe(5);
    const text = e.repeat(10);
    const cut = truncateGraphemes(text, { maxGraphemes: 100, maxBytes: 20 });
    expect(cut).toBe(`${e.repeat(3)}…`); // 15 bytes + 3 for "…"
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(20);
  });

  it("puts the ellipsis after a word, not after a space", () => {
    expect(truncateGraphemes("Báo cáo tổng kết năm", { maxGraphemes: 9, maxBytes: 100 })).toBe("Báo cáo…");
  });

  it("drops a grapheme cluster bigger than the budget instead of cutting it", () => {
    const zalgo = `a${"\u0301".repeat(50)}b`;
    expect(truncateGraphemes(zalgo, { maxGraphemes: 10, maxBytes: 20 })).toBe("…");
    expect(truncateGraphemes("abc", { maxGraphemes: 0, maxBytes: 20 })).toBe("");
  });
});

describe("reminderPayload", () => {
  it("carries ids, kind, numbers and the title; no member lists", () => {
    const p = reminderPayload(
      reminder({ params: { title: "Họp", assigneeMemberIds: ["a" as never], hoursLeft: 2 } }),
    );
    expect(p.params).toEqual({ hoursLeft: 2 });
    expect(p).not.toHaveProperty("items");
  });

  it("keeps a digest of many items under the limit by listing fewer", () => {
    const items = Array.from({ length: 40 }, (_, i) => reminder({ id: `${"x".repeat(30)}-${i}` }));
    const digest = reminder({
      id: "2026-03-02",
      kind: "digest",
      subjectType: "digest",
      items,
      params: { title: "", count: 40 },
    });
    const p = reminderPayload(digest);
    expect(Buffer.byteLength(JSON.stringify(p))).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(p.items!.length + p.more!).toBe(40);
    expect(p.items!.length).toBeGreaterThan(0);
  });

  it("keeps a huge title under the limit", () => {
    const p = reminderPayload(reminder({ params: { title: "Đề án ".repeat(2000) } }));
    expect(Buffer.byteLength(JSON.stringify(p))).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(p.title.endsWith("…")).toBe(true);
  });
});

describe("reminderTopic", () => {
  it("is 32 base64url characters, stable per key, different across keys", () => {
    const t = reminderTopic("task:t1:task_overdue:2027-02-15T00:30:00.000Z:m1");
    expect(t).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(reminderTopic("task:t1:task_overdue:2027-02-15T00:30:00.000Z:m1")).toBe(t);
    expect(reminderTopic("task:t1:task_overdue:2027-02-16T00:30:00.000Z:m1")).not.toBe(t);
  });
});
