import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { initPrivate, type PrivateDoc, validatePrivate } from "../private/private.ts";
import { toPlain } from "../schema/immutable.ts";
import { hitTest } from "./hit-test.ts";
import {
  addAnnotation,
  deleteAnnotation,
  editAnnotation,
  markAnnotationShared,
  restoreAnnotation,
} from "./private-changes.ts";
import type { NewAnnotationInput } from "./schemas.ts";
import { allPrivateAnnotations, countByColor, filterAnnotations, myAnnotations } from "./selectors.ts";
import { fileHash } from "./test-support.ts";
import type { AnnotationId } from "./types.ts";

const T0 = Date.parse("2026-12-01T01:00:00.000Z");
const FILE = fileHash(7);

const highlight: NewAnnotationInput = {
  meetingId: "meeting-1",
  fileId: FILE,
  pageIndex: 2,
  color: "yellow",
  geometry: { kind: "text_highlight", quads: [[72.12345, 700, 300, 700, 72.12345, 688, 300, 688]] },
  quote: { exact: "mức thu phí", prefix: "quy định ", suffix: " tham quan" },
};

function fresh(): A.Doc<PrivateDoc> {
  return A.change(A.init<PrivateDoc>(), (d) => initPrivate(d, { memberId: "m01" }, T0));
}

function withOne(input: NewAnnotationInput = highlight): { doc: A.Doc<PrivateDoc>; id: AnnotationId } {
  let id = "" as AnnotationId;
  const doc = A.change(fresh(), (d) => {
    id = addAnnotation(d, input, T0);
  });
  return { doc, id };
}

function refusal(fn: () => void): { code: string; reason?: unknown } {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, reason: e.details?.reason };
    throw e;
  }
  throw new Error("not refused");
}

describe("private annotations", () => {
  it("adds each kind in user space, rounded to 1/1000, and the document stays valid", () => {
    const { doc, id } = withOne();
    const next = A.change(doc, (d) => {
      addAnnotation(
        d,
        {
          ...highlight,
          quote: null,
          color: "blue",
          geometry: { kind: "area_highlight", rect: [300, 400, 100, 200] },
        },
        T0 + 1,
      );
      addAnnotation(
        d,
        {
          ...highlight,
          quote: undefined,
          color: "green",
          geometry: { kind: "note", point: [50, 60] },
          text: "Xem lại",
        },
        T0 + 2,
      );
      addAnnotation(
        d,
        {
          ...highlight,
          quote: null,
          color: "red",
          geometry: {
            kind: "ink",
            strokes: [{ points: [1, 2, 3, 4], pressures: [0.5, 0.75] }],
            thickness: 1.5,
          },
        },
        T0 + 3,
      );
    });
    const all = allPrivateAnnotations(next);
    expect(all.map((a) => a.kind).sort()).toEqual(["area_highlight", "ink", "note", "text_highlight"]);
    expect(all.find((a) => a.id === id)!.geometry).toEqual({
      kind: "text_highlight",
      quads: [[72.123, 700, 300, 700, 72.123, 688, 300, 688]],
    });
    expect(all.find((a) => a.kind === "area_highlight")!.geometry).toEqual({
      kind: "area_highlight",
      rect: [100, 200, 300, 400],
    });
    expect(validatePrivate(next)).toEqual({ ok: true });
    expect(countByColor(all)).toEqual({ yellow: 1, blue: 1, green: 1, red: 1 });
    expect(filterAnnotations(all, { kind: "note" }).map((a) => a.text)).toEqual(["Xem lại"]);
    const hit = hitTest(all, 2, [150, 695], { tolerance: 1, noteRadius: 6 });
    expect(hit?.id).toBe(id);
    expect(hitTest(all, 2, [53, 64], { tolerance: 0, noteRadius: 6 })?.kind).toBe("note");
    expect(hitTest(all, 2, [2, 3.1], { tolerance: 0.5, noteRadius: 6 })?.kind).toBe("ink");
    expect(hitTest(all, 1, [150, 695], { tolerance: 1, noteRadius: 6 })).toBeNull();
  });

  it("refuses bad input with clear reasons", () => {
    const doc = fresh();
    const add = (input: Partial<NewAnnotationInput>) => () =>
      A.change(doc, (d) => void addAnnotation(d, { ...highlight, ...input } as NewAnnotationInput, T0));
    expect(refusal(add({ quote: null }))).toMatchObject({ code: "invalid_input" });
    expect(refusal(add({ color: "black" as never }))).toMatchObject({ code: "invalid_input" });
    expect(refusal(add({ fileId: "not-a-hash" }))).toMatchObject({ code: "invalid_input" });
    expect(refusal(add({ geometry: { kind: "text_highlight", quads: [[1, 2, 3]] as never } }))).toMatchObject(
      { code: "invalid_input" },
    );
    expect(
      refusal(add({ geometry: { kind: "area_highlight", rect: [5, 5, 5, 9] }, quote: null })),
    ).toMatchObject({ code: "invalid_input" });
    expect(
      refusal(
        add({
          geometry: { kind: "ink", strokes: [{ points: [1, 2, 3], pressures: null }], thickness: 1 },
          quote: null,
        }),
      ),
    ).toMatchObject({ code: "invalid_input" });
    expect(refusal(add({ geometry: { kind: "note", point: [1, 2] } }))).toMatchObject({
      code: "invalid_input",
    });
    const { doc: one, id } = withOne();
    expect(
      refusal(() =>
        A.change(one, (d) => editAnnotation(d, id, { geometry: { kind: "note", point: [1, 2] } }, T0)),
      ),
    ).toEqual({
      code: "invalid_input",
      reason: "kind_mismatch",
    });
    expect(
      refusal(() => A.change(one, (d) => editAnnotation(d, "nope" as AnnotationId, { color: "red" }, T0))),
    ).toMatchObject({ code: "not_found" });
    const deleted = A.change(A.clone(one), (d) => deleteAnnotation(d, id, T0));
    expect(
      refusal(() => A.change(deleted, (d) => editAnnotation(d, id, { color: "red" }, T0))),
    ).toMatchObject({ code: "deleted" });
    const moved = A.change(A.clone(one), (d) => markAnnotationShared(d, id, T0));
    expect(refusal(() => A.change(moved, (d) => editAnnotation(d, id, { color: "red" }, T0)))).toEqual({
      code: "invalid_transition",
      reason: "already_shared",
    });
  });

  it("merges two devices editing the same annotation offline, field by field", () => {
    const { doc, id } = withOne({ ...highlight, text: "Đề nghị làm rõ căn cứ." });
    let laptop = A.clone(doc);
    let tablet = A.clone(doc);
    laptop = A.change(laptop, (d) =>
      editAnnotation(d, id, { color: "green", text: "Đề nghị làm rõ căn cứ pháp lý." }, T0 + 10),
    );
    tablet = A.change(tablet, (d) =>
      editAnnotation(
        d,
        id,
        {
          text: "Ghi chú: Đề nghị làm rõ căn cứ.",
          geometry: {
            kind: "text_highlight",
            quads: [
              [72, 700, 320, 700, 72, 688, 320, 688],
              [72, 686, 150, 686, 72, 674, 150, 674],
            ],
          },
          quote: { exact: "mức thu phí tham quan", prefix: "quy định ", suffix: " di tích" },
        },
        T0 + 20,
      ),
    );
    const [one, two] = [A.merge(A.clone(laptop), tablet), A.merge(A.clone(tablet), laptop)];
    expect(toPlain(one)).toEqual(toPlain(two));
    const merged = allPrivateAnnotations(one).find((a) => a.id === id)!;
    expect(merged.color).toBe("green");
    expect(merged.text).toBe("Ghi chú: Đề nghị làm rõ căn cứ pháp lý.");
    // Geometry and its quote travel whole: the tablet's two lines, never a mix.
    expect(merged.geometry.kind === "text_highlight" && merged.geometry.quads).toHaveLength(2);
    expect(merged.quote?.exact).toBe("mức thu phí tham quan");
  });

  it("keeps a delete on one device over an edit on the other, and restores with the edit", () => {
    const { doc, id } = withOne();
    const laptop = A.change(A.clone(doc), (d) => deleteAnnotation(d, id, T0 + 10));
    const tablet = A.change(A.clone(doc), (d) =>
      editAnnotation(d, id, { text: "Sửa trên máy tính bảng" }, T0 + 20),
    );
    const merged = A.merge(A.clone(laptop), tablet);
    expect(myAnnotations(merged, null, "m01")).toEqual([]);
    const restored = A.change(merged, (d) => restoreAnnotation(d, id, T0 + 30));
    expect(myAnnotations(restored, null, "m01").map((a) => a.text)).toEqual(["Sửa trên máy tính bảng"]);
    // Deleting twice changes nothing.
    const twice = A.change(laptop, (d) => deleteAnnotation(d, id, T0 + 40));
    expect(allPrivateAnnotations(twice)[0]!.deletedAt).toBe(new Date(T0 + 10).toISOString());
  });

  it("lists a member's annotations in page and reading order, of one file", () => {
    const doc = A.change(fresh(), (d) => {
      addAnnotation(d, { ...highlight, pageIndex: 3 }, T0);
      addAnnotation(d, highlight, T0);
      addAnnotation(d, { ...highlight, quote: null, geometry: { kind: "note", point: [100, 100] } }, T0);
      addAnnotation(d, { ...highlight, quote: null, geometry: { kind: "note", point: [100, 750] } }, T0);
      addAnnotation(d, { ...highlight, fileId: fileHash(8) }, T0);
    });
    const mine = myAnnotations(doc, null, "m01", { fileId: FILE });
    expect(mine.map((a) => [a.pageIndex, a.kind])).toEqual([
      [2, "note"],
      [2, "text_highlight"],
      [2, "note"],
      [3, "text_highlight"],
    ]);
    expect(mine.every((a) => a.visibility === "private")).toBe(true);
  });
});
