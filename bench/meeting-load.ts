/**
 * Bench: cold load of a large meeting document from storage, as a ratio to JSON.parse of the same data.
 *
 * Builds a meeting with 60 agenda items and 150 participants through a long edit history from many
 * actors (each of 30 peers edits, moves and renames, then all histories merge), saves it through
 * automerge-repo's Node file storage, and measures:
 *  - A.load of the saved bytes (in-process, warm JIT, cold document)
 *  - a fresh Repo reading it from disk (repo.find → doc ready)
 *  - JSON.parse of the same data (the reference)
 * Prints medians of several runs and the ratios. Run: `npm run bench -- meeting-load`.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as A from "@automerge/automerge";
import { type AutomergeUrl, Repo } from "@automerge/automerge-repo";
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs";
import {
  type AgendaItemId,
  addAgendaItem,
  addParticipant,
  agendaItems,
  editAgendaItem,
  initMeeting,
  type MeetingDoc,
  moveAgendaItem,
  toPlain,
  updateMeetingDetails,
} from "../shared/src/index.ts";

const NOW = Date.parse("2026-11-29T02:00:00.000Z");
const ROLES = ["chair", "secretary", "participant", "participant", "observer"] as const;
const SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"];
const GIVEN = ["Văn An", "Thị Bình", "Minh Châu", "Quốc Dũng", "Thu Hà", "Đức Huy", "Ngọc Lan", "Hữu Phước"];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function dirSize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    total += entry.isDirectory() ? dirSize(p) : statSync(p).size;
  }
  return total;
}

/** Builds the large meeting: 60 items, 150 participants, edits from 30 actors merged together. */
export function buildLargeMeeting(): A.Doc<MeetingDoc> {
  let doc = A.change(A.init<MeetingDoc>(), (d) => {
    initMeeting(
      d,
      {
        title: "Kỳ họp thứ 12 Hội đồng nhân dân thành phố khóa X",
        issuingBody: "Hội đồng nhân dân thành phố Hồ Chí Minh",
        kind: "council_session",
        startsAt: "2026-12-08T01:00:00.000Z",
        endsAt: "2026-12-10T10:00:00.000Z",
        timeZone: "Asia/Ho_Chi_Minh",
        location: "Hội trường Hội đồng nhân dân thành phố",
        onlineLink: null,
      },
      NOW,
    );
  });
  doc = A.change(doc, (d) => {
    for (let i = 0; i < 150; i++) {
      const name = `${SURNAMES[i % SURNAMES.length]} ${GIVEN[i % GIVEN.length]} ${i}`;
      addParticipant(
        d,
        { fullName: name, position: `Đại biểu tổ ${1 + (i % 20)}`, role: ROLES[i % ROLES.length]! },
        NOW,
      );
    }
  });
  doc = A.change(doc, (d) => {
    for (let i = 0; i < 60; i++) {
      addAgendaItem(
        d,
        {
          title: `Tờ trình số ${100 + i}/TTr-UBND về dự thảo nghị quyết`,
          presenter: "Ủy ban nhân dân thành phố",
          plannedMinutes: 20 + (i % 5) * 10,
          description: "Thẩm tra của Ban Kinh tế - Ngân sách; thảo luận tổ; biểu quyết thông qua.",
        },
        NOW,
      );
    }
  });
  const peers = Array.from({ length: 30 }, (_, p) => {
    let copy = A.clone(doc);
    for (let k = 0; k < 25; k++) {
      const items = agendaItems(copy);
      const item = items[(p * 7 + k * 3) % items.length]!;
      copy = A.change(copy, (d) => {
        if (k % 3 === 0) moveAgendaItem(d, item.id as AgendaItemId, (p + k) % items.length, NOW + k);
        else
          editAgendaItem(
            d,
            item.id as AgendaItemId,
            { description: `${item.description} Ý kiến ${p}.${k}.`, plannedMinutes: 10 + k },
            NOW + k,
          );
      });
    }
    copy = A.change(copy, (d) => updateMeetingDetails(d, { location: `Hội trường, phòng ${p}` }, NOW));
    return copy;
  });
  for (const peer of peers) doc = A.merge(doc, peer);
  return doc;
}

export async function run(): Promise<void> {
  const doc = buildLargeMeeting();
  const bytes = A.save(doc);
  const json = JSON.stringify(toPlain(doc));
  const changes = A.getAllChanges(doc).length;

  const dir = mkdtempSync(join(tmpdir(), "hopso-bench-"));
  try {
    const writer = new Repo({ storage: new NodeFSStorageAdapter(dir), network: [] });
    const handle = writer.import<MeetingDoc>(bytes);
    const url: AutomergeUrl = handle.url;
    await writer.flush();
    await writer.shutdown();

    const runs = 9;
    const loadMs: number[] = [];
    const repoMs: number[] = [];
    const parseMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      A.load(bytes);
      loadMs.push(performance.now() - t);
      t = performance.now();
      JSON.parse(json);
      parseMs.push(performance.now() - t);
      const reader = new Repo({ storage: new NodeFSStorageAdapter(dir), network: [] });
      t = performance.now();
      const h = await reader.find<MeetingDoc>(url);
      h.doc();
      repoMs.push(performance.now() - t);
      await reader.shutdown();
    }
    const parse = median(parseMs);
    console.log("meeting-load: 60 agenda items, 150 participants, 30 actors");
    console.log(`  changes in history        ${changes}`);
    console.log(`  JSON size                 ${(json.length / 1024).toFixed(1)} KiB`);
    console.log(`  saved size (A.save)       ${(bytes.byteLength / 1024).toFixed(1)} KiB`);
    console.log(`  on disk (nodefs storage)  ${(dirSize(dir) / 1024).toFixed(1)} KiB`);
    console.log(`  JSON.parse                ${parse.toFixed(2)} ms (median of ${runs})`);
    console.log(
      `  A.load                    ${median(loadMs).toFixed(2)} ms  ratio ${(median(loadMs) / parse).toFixed(1)}×`,
    );
    console.log(
      `  Repo cold load from disk  ${median(repoMs).toFixed(2)} ms  ratio ${(median(repoMs) / parse).toFixed(1)}×`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
