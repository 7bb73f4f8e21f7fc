import "fake-indexeddb/auto";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import {
  downloadPaper,
  getLocalPaper,
  listLocalPapers,
  localPaperSizes,
  onPaperStored,
  PART_BYTES,
  PaperTransferError,
  partialBytes,
  removeLocalPapers,
  storePaper,
} from "./blobs.ts";

const PDF = new Uint8Array(
  readFileSync(
    new URL("../../../../shared/fixtures/pdfs/vn-bxd-11410-cong-van-huong-dan.pdf", import.meta.url),
  ),
);
const HASH = createHash("sha256").update(PDF).digest("hex");

/**
 * A relay stand-in for `GET /api/blobs/:hash`: honours `Range: bytes=n-` with 206, and can cut the
 * connection after `cutAfter` bytes of a body (the network dropping mid-download).
 */
function relay(
  bytes: Uint8Array,
  options: { cutAfter?: number; ignoreRange?: boolean; status?: number } = {},
) {
  const seen: (string | null)[] = [];
  const fetchImpl = (async (_url: string, init?: RequestInit) => {
    const range = new Headers(init?.headers).get("range");
    seen.push(range);
    if (options.status) {
      return new Response(JSON.stringify({ error: { code: "forbidden", message: "no" } }), {
        status: options.status,
      });
    }
    const from = range && !options.ignoreRange ? Number(/bytes=(\d+)-/.exec(range)![1]) : 0;
    const body = bytes.subarray(from);
    const cut = options.cutAfter;
    let sent = 0;
    // Pulled chunk by chunk, so what was sent before the cut reaches the reader (an error in start()
    // would discard the queue).
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= body.length) return controller.close();
        const chunk = body.subarray(sent, Math.min(sent + 64 * 1024, body.length));
        if (cut !== undefined && sent + chunk.length > cut) {
          return controller.error(new TypeError("network connection lost"));
        }
        controller.enqueue(chunk);
        sent += chunk.length;
      },
    });
    const headers: Record<string, string> = { "content-length": String(body.length) };
    if (from > 0) headers["content-range"] = `bytes ${from}-${bytes.length - 1}/${bytes.length}`;
    return new Response(stream, { status: from > 0 ? 206 : 200, headers });
  }) as typeof fetch;
  return { fetch: fetchImpl, seen };
}

afterEach(async () => {
  await removeLocalPapers(await listLocalPapers());
  await removeLocalPapers([HASH]);
});

describe("the device's paper store", () => {
  it("downloads a paper, checks its SHA-256 and tells listeners once", async () => {
    const stored: string[] = [];
    const off = onPaperStored((h) => stored.push(h));
    const progress: number[] = [];
    await downloadPaper(HASH, { fetch: relay(PDF).fetch, onProgress: (done) => progress.push(done) });
    const blob = await getLocalPaper(HASH);
    expect(blob?.size).toBe(PDF.length);
    expect(new Uint8Array(await blob!.arrayBuffer())).toEqual(PDF);
    expect(await listLocalPapers()).toEqual([HASH]);
    expect((await localPaperSizes()).get(HASH)).toBe(PDF.length);
    expect(stored).toEqual([HASH]);
    expect(progress.at(-1)).toBe(PDF.length);
    // Already stored: no request, no second announcement.
    const again = relay(PDF);
    await downloadPaper(HASH, { fetch: again.fetch });
    expect(again.seen).toEqual([]);
    expect(stored).toEqual([HASH]);
    off();
  });

  it("resumes an interrupted download from the last stored piece with a Range request", async () => {
    const big = new Uint8Array(PART_BYTES * 2 + 12345);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
    const bigHash = createHash("sha256").update(big).digest("hex");
    const first = relay(big, { cutAfter: PART_BYTES + 200_000 });
    await expect(downloadPaper(bigHash, { fetch: first.fetch })).rejects.toMatchObject({ code: "offline" });
    expect(await getLocalPaper(bigHash)).toBeUndefined();
    const kept = await partialBytes(bigHash);
    expect(kept).toBeGreaterThanOrEqual(PART_BYTES);
    const second = relay(big);
    await downloadPaper(bigHash, { fetch: second.fetch });
    expect(second.seen).toEqual([`bytes=${kept}-`]);
    const blob = await getLocalPaper(bigHash);
    expect(
      createHash("sha256")
        .update(new Uint8Array(await blob!.arrayBuffer()))
        .digest("hex"),
    ).toBe(bigHash);
    expect(await partialBytes(bigHash)).toBe(0);
  });

  it("starts over when the relay ignores the range", async () => {
    const big = new Uint8Array(PART_BYTES + 5000).fill(7);
    const bigHash = createHash("sha256").update(big).digest("hex");
    await expect(
      downloadPaper(bigHash, { fetch: relay(big, { cutAfter: PART_BYTES + 100 }).fetch }),
    ).rejects.toBeInstanceOf(PaperTransferError);
    await downloadPaper(bigHash, { fetch: relay(big, { ignoreRange: true }).fetch });
    expect((await getLocalPaper(bigHash))?.size).toBe(big.length);
  });

  it("refuses bytes that do not match the hash and keeps nothing of them", async () => {
    const wrong = PDF.slice();
    wrong[1000] = wrong[1000]! ^ 0xff;
    await expect(downloadPaper(HASH, { fetch: relay(wrong).fetch })).rejects.toMatchObject({
      code: "integrity",
    });
    expect(await getLocalPaper(HASH)).toBeUndefined();
    expect(await partialBytes(HASH)).toBe(0);
    await expect(storePaper(HASH, new Blob([wrong]))).rejects.toThrow(/hash/);
  });

  it("passes on the relay's refusal", async () => {
    await expect(downloadPaper(HASH, { fetch: relay(PDF, { status: 403 }).fetch })).rejects.toMatchObject({
      code: "forbidden",
      status: 403,
    });
  });

  it("removes papers from the device", async () => {
    await storePaper(HASH, new Blob([PDF]));
    expect(await getLocalPaper(HASH)).toBeDefined();
    await removeLocalPapers([HASH]);
    expect(await getLocalPaper(HASH)).toBeUndefined();
    expect(await listLocalPapers()).toEqual([]);
  });
});
