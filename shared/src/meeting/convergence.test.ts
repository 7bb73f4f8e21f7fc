import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import type { AgendaItemId } from "../ids.ts";
import { addAgendaItem, editAgendaItem, initMeeting, moveAgendaItem, removeAgendaItem } from "./changes.ts";
import { sampleInput } from "./fixtures/sample.ts";
import { agendaItems, meetingView } from "./selectors.ts";
import type { MeetingDoc } from "./types.ts";
import { validateMeeting } from "./validate.ts";

const NOW = Date.parse("2026-11-29T02:00:00.000Z");

/** Small seeded PRNG (mulberry32) so every seed replays the same operations. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  "Báo cáo",
  "kinh tế",
  "xã hội",
  "đô thị",
  "ngân sách",
  "đầu tư",
  "giáo dục",
  "y tế",
  "an ninh",
];

/** One random agenda operation on a peer's copy: add, edit, move or delete. */
function randomOp(doc: A.Doc<MeetingDoc>, rand: () => number): A.Doc<MeetingDoc> {
  const visible = agendaItems(doc);
  const pick = () => visible[Math.floor(rand() * visible.length)]!.id as AgendaItemId;
  const r = rand();
  return A.change(doc, (d) => {
    if (r < 0.3 || visible.length === 0) {
      const title = `${WORDS[Math.floor(rand() * WORDS.length)]} ${Math.floor(rand() * 100)}`;
      addAgendaItem(
        d,
        { title, presenter: "", plannedMinutes: 15, description: "" },
        NOW,
        Math.floor(rand() * (visible.length + 1)),
      );
    } else if (r < 0.55) {
      editAgendaItem(
        d,
        pick(),
        { title: `${WORDS[Math.floor(rand() * WORDS.length)]} sửa`, plannedMinutes: Math.floor(rand() * 60) },
        NOW,
      );
    } else if (r < 0.85) {
      moveAgendaItem(d, pick(), Math.floor(rand() * visible.length), NOW);
    } else {
      removeAgendaItem(d, pick(), NOW);
    }
  });
}

function newMeeting(): A.Doc<MeetingDoc> {
  let doc = A.change(A.init<MeetingDoc>(), (d) => void initMeeting(d, sampleInput, NOW));
  doc = A.change(doc, (d) => {
    for (const t of ["Một", "Hai", "Ba", "Bốn"])
      addAgendaItem(d, { title: t, presenter: "", plannedMinutes: 10, description: "" }, NOW);
  });
  return doc;
}

describe("agenda convergence between three peers", () => {
  it.each(Array.from({ length: 60 }, (_, i) => i + 1))(
    "seed %i: random concurrent operations converge",
    (seed) => {
      const rand = prng(seed);
      const base = newMeeting();
      let peers = [A.clone(base), A.clone(base), A.clone(base)];
      for (let round = 0; round < 4; round++) {
        peers = peers.map((p) => {
          let doc = p;
          const ops = 1 + Math.floor(rand() * 4);
          for (let i = 0; i < ops; i++) doc = randomOp(doc, rand);
          return doc;
        });
        // A random pair syncs between rounds, so histories interleave before the final merge.
        const a = Math.floor(rand() * 3);
        const b = (a + 1 + Math.floor(rand() * 2)) % 3;
        peers[a] = A.merge(peers[a]!, A.clone(peers[b]!));
      }
      const merged = peers.map((p, i) =>
        peers.reduce((acc, other, j) => (i === j ? acc : A.merge(acc, A.clone(other))), A.clone(p)),
      );
      const views = merged.map((m) => meetingView(m));
      expect(views[1]).toEqual(views[0]);
      expect(views[2]).toEqual(views[0]);
      const ids = views[0]!.agenda.map((i) => i.id);
      expect(new Set(ids).size).toBe(ids.length); // no item shown twice
      expect(validateMeeting(merged[0])).toEqual({ ok: true });
    },
  );

  it("concurrent moves of one item never duplicate it and keep a concurrent rename", () => {
    const base = newMeeting();
    const id = agendaItems(base)[1]!.id as AgendaItemId;
    const p1 = A.change(A.clone(base), (d) => moveAgendaItem(d, id, 0, NOW));
    const p2 = A.change(A.clone(base), (d) => moveAgendaItem(d, id, 3, NOW));
    const p3 = A.change(A.clone(base), (d) => editAgendaItem(d, id, { title: "Hai (đã đổi tên)" }, NOW));
    const merged = A.merge(A.merge(A.clone(p1), p2), p3);
    const titles = agendaItems(merged).map((i) => i.title);
    expect(titles).toHaveLength(4);
    expect(titles.filter((t) => t === "Hai (đã đổi tên)")).toHaveLength(1);
    expect([0, 3]).toContain(titles.indexOf("Hai (đã đổi tên)"));
  });

  it("concurrent inserts at the same place all appear, in the same order everywhere", () => {
    const base = newMeeting();
    const add = (title: string) =>
      A.change(
        A.clone(base),
        (d) => void addAgendaItem(d, { title, presenter: "", plannedMinutes: 5, description: "" }, NOW, 1),
      );
    const [x, y] = [add("X"), add("Y")];
    const xy = agendaItems(A.merge(A.clone(x), y)).map((i) => i.title);
    const yx = agendaItems(A.merge(A.clone(y), x)).map((i) => i.title);
    expect(xy).toEqual(yx);
    expect(xy.slice(1, 3).sort()).toEqual(["X", "Y"]);
    // Inserting between two items that share a key still works.
    const merged = A.change(
      A.merge(A.clone(x), y),
      (d) => void addAgendaItem(d, { title: "Z", presenter: "", plannedMinutes: 5, description: "" }, NOW, 2),
    );
    expect(agendaItems(merged).map((i) => i.title)[2]).toBe("Z");
  });

  it("a delete racing an edit: the item stays deleted and keeps the edit for restore", () => {
    const base = newMeeting();
    const id = agendaItems(base)[0]!.id as AgendaItemId;
    const deleter = A.change(A.clone(base), (d) => removeAgendaItem(d, id, NOW));
    const editor = A.change(A.clone(base), (d) =>
      editAgendaItem(d, id, { title: "Một (bổ sung số liệu)" }, NOW),
    );
    const merged = A.merge(A.clone(deleter), editor);
    expect(agendaItems(merged).map((i) => i.id)).not.toContain(id);
    expect(meetingView(merged).deletedAgenda[0]).toMatchObject({ id, title: "Một (bổ sung số liệu)" });
  });
});
