/**
 * Test support for papers and annotations in the browser tests: PDFs with real, selectable
 * Vietnamese text made with pdf-lib and the Tinos font, and a Node automerge-repo "device" of a demo
 * member (signed in with a one-time invitation, like any client) that uploads a PDF to the relay's
 * blob store and references it from a meeting, as a secretary's device does, or reads what the relay
 * holds. Used by tests and by bench/annotations.ts.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { AutomergeUrl, DocHandle } from "@automerge/automerge-repo";
import { PDFDocument, rgb } from "pdf-lib";
import { patchedFontkit, TINOS_FONT_FILES } from "../../shared/src/documents/fonts.ts";
import {
  addPaper,
  type MeetingDoc,
  type MeetingView,
  meetingView,
  type PaperId,
  replacePaper,
  type WorkspaceDoc,
  workspaceMeetingUrls,
} from "../../shared/src/index.ts";
import { redeem } from "../integration/auth.ts";
import { createClient, type TestClient, waitFor } from "../integration/clients.ts";
import type { RelayProcess } from "../integration/relay-process.ts";

const require = createRequire(import.meta.url);

/** A4 in points. */
export const A4 = { width: 595.28, height: 841.89 } as const;
/** Where text lines start and how far apart they are, in points (for tests that need positions). */
export const TEXT_LAYOUT = { left: 72, top: 100, size: 14, leading: 28 } as const;

/**
 * A PDF with one page per entry, each page's lines drawn top-down in Tinos 14 pt (embedded subset):
 * pdf.js extracts them as text, so they can be selected, searched and quoted.
 * @param options.landscape A4 landscape pages
 */
export async function makeTextPdf(
  pages: readonly (readonly string[])[],
  options: { landscape?: boolean } = {},
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(patchedFontkit);
  const font = await doc.embedFont(await readFile(require.resolve(TINOS_FONT_FILES.regular)), {
    subset: true,
  });
  const [width, height] = options.landscape ? [A4.height, A4.width] : [A4.width, A4.height];
  for (const lines of pages) {
    const page = doc.addPage([width, height]);
    lines.forEach((line, i) => {
      page.drawText(line, {
        x: TEXT_LAYOUT.left,
        y: height - TEXT_LAYOUT.top - i * TEXT_LAYOUT.leading,
        size: TEXT_LAYOUT.size,
        font,
        color: rgb(0, 0, 0),
      });
    });
  }
  doc.setTitle("Tài liệu thử nghiệm");
  return doc.save();
}

/** SHA-256 of bytes, lower-case hex (a paper's file id). */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** A demo member's device in Node: its credential and a repo syncing with the relay. */
export interface NodeDevice {
  readonly memberId: string;
  readonly credential: string;
  readonly privateUrl: string;
  readonly workspaceUrl: string;
  readonly client: TestClient;
}

/**
 * Signs in as a member with an invitation link (`Relay.invite(name)`), the way a non-browser client
 * does: redeems the code, then syncs over WebSocket with the bearer credential.
 */
export async function nodeDevice(
  relayUrl: string,
  invitationLink: string,
  name: string,
): Promise<NodeDevice> {
  const code = decodeURIComponent(new URL(invitationLink).hash.replace(/^#code=/, ""));
  const res = await redeem({ url: relayUrl } as RelayProcess, code, { deviceName: `Node ${name}` });
  if (res.status !== 200 || !res.credential || !res.body.session) {
    throw new Error(`redeem for ${name}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  }
  const client = createClient(`${relayUrl.replace(/^http/, "ws")}/sync`, name, {
    credential: res.credential,
  });
  await client.connected(20_000);
  return {
    memberId: res.body.session.memberId,
    credential: res.credential,
    privateUrl: res.body.session.privateUrl,
    workspaceUrl: res.body.session.workspaceUrl,
    client,
  };
}

/** Opens a document through the relay and waits until it is there. */
export async function openDoc<T>(device: NodeDevice, url: string, timeoutMs = 20_000): Promise<DocHandle<T>> {
  const handle = await device.client.repo.find<T>(url as AutomergeUrl);
  await handle.whenReady();
  await waitFor(() => handle.doc() !== undefined, timeoutMs, `document ${url}`);
  return handle;
}

/** The demo meeting (by its view) whose participants include every one of `memberIds`, upcoming first. */
export async function meetingWith(
  device: NodeDevice,
  memberIds: readonly string[],
): Promise<{ handle: DocHandle<MeetingDoc>; view: MeetingView }> {
  const workspace = await openDoc<WorkspaceDoc>(device, device.workspaceUrl);
  const found: { handle: DocHandle<MeetingDoc>; view: MeetingView }[] = [];
  for (const { url } of workspaceMeetingUrls(workspace.doc())) {
    try {
      const handle = await openDoc<MeetingDoc>(device, url, 10_000);
      const view = meetingView(handle.doc());
      const ids = new Set(view.participants.map((p) => p.memberId));
      if (memberIds.every((id) => ids.has(id))) found.push({ handle, view });
    } catch {
      // not readable by this member
    }
  }
  found.sort((a, b) => b.view.startsAt.localeCompare(a.view.startsAt));
  if (found.length === 0) throw new Error("no demo meeting has all these participants");
  return found[0]!;
}

/**
 * Uploads a PDF to the relay for a meeting (`PUT /api/blobs/:hash?meeting=`) and references it in the
 * meeting document as a new paper, or as a new version of `replaces`. Returns the version's paper id.
 * @throws Error with the relay's answer when the upload is refused
 */
export async function attachTestPaper(
  relayUrl: string,
  secretary: NodeDevice,
  meeting: DocHandle<MeetingDoc>,
  bytes: Uint8Array,
  name: string,
  replaces?: PaperId,
): Promise<{ paperId: PaperId; hash: string }> {
  const hash = sha256Hex(bytes);
  const res = await fetch(`${relayUrl}/api/blobs/${hash}?meeting=${encodeURIComponent(meeting.documentId)}`, {
    method: "PUT",
    headers: { authorization: `Bearer ${secretary.credential}`, "content-type": "application/pdf" },
    body: new Blob([bytes as Uint8Array<ArrayBuffer>]),
  });
  if (res.status !== 200 && res.status !== 201)
    throw new Error(`upload: HTTP ${res.status} ${await res.text()}`);
  const { pages } = (await res.json()) as { pages: number | null };
  const input = {
    hash,
    name,
    size: bytes.byteLength,
    pages,
    passwordProtected: false,
    kind: "submission" as const,
    agendaItemId: null,
  };
  let paperId: PaperId | undefined;
  meeting.change((d) => {
    paperId = replaces
      ? replacePaper(d, replaces, input, secretary.memberId, Date.now())
      : addPaper(d, input, secretary.memberId, Date.now());
  });
  return { paperId: paperId!, hash };
}

/** The automerge document id of a meeting handle (its route segment). */
export function meetingRouteId(meeting: DocHandle<MeetingDoc>): string {
  return meeting.documentId;
}
