/**
 * Puts meeting papers on a demo relay the way the secretary's app does — upload each file to the
 * relay's blob store (`PUT /api/blobs/:hash?meeting=…`, validated there), then reference it in the
 * meeting document — from a Node automerge-repo client signed in as the demo secretary. Used by the
 * viewer/search browser tests and the viewer bench, which then watch a member's device take the files
 * in the background and read them offline.
 */
import { createHash } from "node:crypto";
import type { AutomergeUrl, DocHandle } from "@automerge/automerge-repo";
import {
  addPaper,
  type MeetingDoc,
  type PaperId,
  type WorkspaceDoc,
  workspaceMeetingUrls,
} from "../../shared/src/index.ts";
import { registerDevice } from "../integration/auth.ts";
import { acknowledged, createClient } from "../integration/clients.ts";
import type { RelayProcess } from "../integration/relay-process.ts";
import { DEMO_PEOPLE, type Relay } from "./harness.ts";

/** A file to attach: its name in the meeting and its bytes. */
export interface PaperFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** A paper the relay accepted and the meeting now references. */
export interface SeededPaper {
  readonly name: string;
  readonly hash: string;
  readonly paperId: PaperId;
  /** Page count the relay read (null: password-protected). */
  readonly pages: number | null;
}

export interface Seeded {
  /** The meeting's automerge document id (route `:id`). */
  readonly meetingId: string;
  readonly title: string;
  readonly papers: readonly SeededPaper[];
  /** Files the relay refused, with its reason code. */
  readonly refused: ReadonlyArray<{ name: string; code: string }>;
}

export const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** The demo's upcoming regular meeting (published; the member "vice1" takes part). */
const UPCOMING_REGULAR = /^Phiên họp UBND phường thường kỳ/;

/**
 * Uploads `files` as the demo secretary and attaches those the relay accepts to the demo's upcoming
 * regular meeting (as submissions). Resolves once the relay has the meeting change on disk.
 */
export async function seedPapers(relay: Relay, files: readonly PaperFile[]): Promise<Seeded> {
  // The integration helpers need only the relay's address and DATA_DIR (for the admin token).
  const r = { url: relay.url, dataDir: relay.dataDir, syncUrl: `${relay.url.replace(/^http/, "ws")}/sync` };
  const secretary = await relay.member(DEMO_PEOPLE.secretary);
  const device = await registerDevice(r as RelayProcess, secretary.id, "Máy của thư ký (Node)");
  const client = createClient(r.syncUrl, "seeder", { credential: device.credential });
  try {
    const workspace = await client.repo.find<WorkspaceDoc>(device.session.workspaceUrl as AutomergeUrl);
    let meeting: DocHandle<MeetingDoc> | undefined;
    for (const { url } of workspaceMeetingUrls(workspace.doc())) {
      const handle = await client.repo.find<MeetingDoc>(url as AutomergeUrl);
      const doc = handle.doc();
      if (UPCOMING_REGULAR.test(String(doc.title)) && String(doc.status) === "published") {
        meeting = handle;
        break;
      }
    }
    if (!meeting) throw new Error("the demo has no published regular meeting");
    const accepted: Array<{ name: string; hash: string; size: number; pages: number | null }> = [];
    const refused: Array<{ name: string; code: string }> = [];
    for (const file of files) {
      const hash = sha256(file.bytes);
      const res = await fetch(`${relay.url}/api/blobs/${hash}?meeting=${meeting.documentId}`, {
        method: "PUT",
        headers: { ...device.headers, "content-type": "application/pdf" },
        body: file.bytes as Uint8Array<ArrayBuffer>,
      });
      const body = (await res.json()) as { pages?: number | null; error?: { code: string } };
      if (res.ok)
        accepted.push({ name: file.name, hash, size: file.bytes.byteLength, pages: body.pages ?? null });
      else refused.push({ name: file.name, code: body.error?.code ?? `HTTP ${res.status}` });
    }
    const papers: SeededPaper[] = [];
    const now = Date.now();
    meeting.change((d) => {
      for (const file of accepted) {
        const paperId = addPaper(
          d,
          {
            hash: file.hash,
            name: file.name,
            size: file.size,
            pages: file.pages,
            passwordProtected: file.pages === null,
            kind: "submission",
            agendaItemId: null,
          },
          secretary.id,
          now,
        );
        papers.push({ name: file.name, hash: file.hash, paperId, pages: file.pages });
      }
    });
    await acknowledged(client, meeting);
    return { meetingId: meeting.documentId, title: String(meeting.doc().title), papers, refused };
  } finally {
    await client.close();
  }
}
