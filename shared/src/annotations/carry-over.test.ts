import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { initPrivate, type PrivateDoc } from "../private/private.ts";
import { normalizePageText } from "../search/normalize.ts";
import { carriedAnnotationId, NotPlacedReason, planCarryOver, unplacedAnnotations } from "./carry-over.ts";
import { addAnnotation, carryOverAnnotation } from "./private-changes.ts";
import { captureQuote } from "./quote.ts";
import { allPrivateAnnotations } from "./selectors.ts";
import { fileHash } from "./test-support.ts";
import type { AnnotationView } from "./types.ts";

const T0 = Date.parse("2026-12-01T01:00:00.000Z");
const OLD_FILE = fileHash(1);
const NEW_FILE = fileHash(2);

const OLD_PAGES = [
  "TỜ TRÌNH\nVề việc ban hành Nghị quyết quy định mức thu phí tham quan di tích",
  "Căn cứ Luật Phí và lệ phí ngày 25 tháng 11 năm 2015; đề nghị Hội đồng nhân dân tỉnh xem xét.",
  "", // a scanned page (no text)
];
/** The new version: a page inserted at the front, one sentence reworded, the rest unchanged. */
const NEW_PAGES = [
  "DỰ THẢO LẦN 2",
  OLD_PAGES[0]!,
  "Căn cứ Luật Phí và lệ phí năm 2015; Ủy ban nhân dân tỉnh kính trình Hội đồng nhân dân tỉnh.",
  "",
];

function quoteOn(page: number, phrase: string) {
  const at = normalizePageText(OLD_PAGES[page]!).display.indexOf(phrase);
  return captureQuote(OLD_PAGES[page]!, { start: at, end: at + phrase.length });
}

function privateWith(): A.Doc<PrivateDoc> {
  let doc = A.change(A.init<PrivateDoc>(), (d) => initPrivate(d, { memberId: "m01" }, T0));
  doc = A.change(doc, (d) => {
    const base = { meetingId: "meeting-1", fileId: OLD_FILE, color: "yellow" as const };
    const quad = [[72, 700, 300, 700, 72, 688, 300, 688]] as const;
    addAnnotation(
      d,
      {
        ...base,
        pageIndex: 0,
        geometry: { kind: "text_highlight", quads: quad },
        quote: quoteOn(0, "mức thu phí tham quan"),
      },
      T0,
    );
    addAnnotation(
      d,
      {
        ...base,
        pageIndex: 1,
        geometry: { kind: "text_highlight", quads: quad },
        quote: quoteOn(1, "ngày 25 tháng 11 năm 2015"),
      },
      T0 + 1,
    );
    addAnnotation(
      d,
      { ...base, pageIndex: 0, geometry: { kind: "note", point: [500, 760] }, text: "Hỏi lại mức thu" },
      T0 + 2,
    );
    addAnnotation(
      d,
      { ...base, pageIndex: 1, geometry: { kind: "area_highlight", rect: [70, 600, 300, 640] } },
      T0 + 3,
    );
    addAnnotation(
      d,
      {
        ...base,
        pageIndex: 2,
        color: "red",
        geometry: {
          kind: "ink",
          strokes: [{ points: [100, 100, 120, 130, 150, 140], pressures: null }],
          thickness: 2,
        },
      },
      T0 + 4,
    );
  });
  return doc;
}

function byText(list: readonly AnnotationView[], pick: (a: AnnotationView) => boolean): AnnotationView {
  const found = list.find(pick);
  if (!found) throw new Error("annotation not in fixture");
  return found;
}

describe("planCarryOver", () => {
  const annotations = allPrivateAnnotations(privateWith());
  const plan = planCarryOver(annotations, { oldPages: OLD_PAGES, newPages: NEW_PAGES });
  const outcome = (pick: (a: AnnotationView) => boolean) =>
    plan.find((p) => p.annotation === byText(annotations, pick))!;

  it("places a highlight whose words survived, on the page they moved to", () => {
    const p = outcome((a) => a.quote?.exact === "mức thu phí tham quan");
    expect(p).toMatchObject({ status: "placed", pageIndex: 1, method: "exact_context", geometry: null });
    if (p.status !== "placed") throw new Error();
    expect(normalizePageText(NEW_PAGES[1]!).display.slice(p.range!.start, p.range!.end)).toBe(
      "mức thu phí tham quan",
    );
  });

  it("lists a highlight whose words were reworded as not placed", () => {
    expect(outcome((a) => a.quote?.exact === "ngày 25 tháng 11 năm 2015")).toMatchObject({
      status: "not_placed",
      reason: NotPlacedReason.QuoteNotFound,
    });
  });

  it("carries a note along with its unchanged page, and not a rectangle on a changed one or ink on a scan", () => {
    expect(outcome((a) => a.kind === "note")).toMatchObject({
      status: "placed",
      pageIndex: 1,
      method: "same_page",
    });
    expect(outcome((a) => a.kind === "area_highlight")).toMatchObject({
      status: "not_placed",
      reason: "no_text_anchor",
    });
    expect(outcome((a) => a.kind === "ink")).toMatchObject({
      status: "not_placed",
      reason: "no_text_anchor",
    });
    // Without the old text nothing but quotes can be placed.
    const blind = planCarryOver(annotations, { newPages: NEW_PAGES });
    expect(blind.filter((p) => p.status === "placed").map((p) => p.annotation.kind)).toEqual([
      "text_highlight",
    ]);
  });

  it("writes carried copies once, whichever devices do it, and derives what could not be placed", () => {
    let a = privateWith();
    const views = allPrivateAnnotations(a);
    let b = A.clone(a);
    const place = (doc: A.Doc<PrivateDoc>, now: number) =>
      A.change(doc, (d) => {
        for (const p of planCarryOver(allPrivateAnnotations(d), {
          oldPages: OLD_PAGES,
          newPages: NEW_PAGES,
        })) {
          if (p.status !== "placed") continue;
          const geometry = p.geometry ?? {
            kind: "text_highlight" as const,
            quads: [[72, 650, 200, 650, 72, 638, 200, 638]] as const,
          };
          carryOverAnnotation(
            d,
            { from: p.annotation, fileId: NEW_FILE, pageIndex: p.pageIndex, geometry, quote: p.quote },
            now,
          );
        }
      });
    a = place(a, T0 + 100);
    b = place(b, T0 + 200);
    const merged = A.merge(a, b);
    const all = allPrivateAnnotations(merged);
    const copies = all.filter((x) => x.fileId === NEW_FILE);
    expect(copies).toHaveLength(2);
    expect(copies.every((c) => c.carriedFrom?.fileId === OLD_FILE)).toBe(true);
    expect(copies.find((c) => c.kind === "note")).toMatchObject({
      pageIndex: 1,
      text: "Hỏi lại mức thu",
      geometry: { point: [500, 760] },
    });
    const unplaced = unplacedAnnotations(all, OLD_FILE, NEW_FILE);
    expect(unplaced.map((u) => u.kind).sort()).toEqual(["area_highlight", "ink", "text_highlight"]);
    // The old version keeps every annotation.
    expect(all.filter((x) => x.fileId === OLD_FILE)).toHaveLength(views.length);
  });

  it("derives carried ids deterministically, shaped like UUIDs", () => {
    const id = carriedAnnotationId("5f1d3c1e-0000-4000-8000-000000000001", NEW_FILE);
    expect(id).toBe(carriedAnnotationId("5f1d3c1e-0000-4000-8000-000000000001", NEW_FILE));
    expect(id).not.toBe(carriedAnnotationId("5f1d3c1e-0000-4000-8000-000000000001", OLD_FILE));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
