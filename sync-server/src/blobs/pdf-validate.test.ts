import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlobReason } from "../../../shared/src/blobs/index.ts";
import { endsWithEofMarker, type PdfValidation, PdfValidator, precheckPdf } from "./pdf-validate.ts";
import { fixtureNames, makeManyPagePdf, readFixture } from "./test-fixtures.ts";

/** Expected verdict for every fixture (shared/fixtures/pdfs/MANIFEST.md: "Pages" and behaviour). */
const EXPECTED: Record<string, PdfValidation> = {
  "bug1020226.pdf": {
    ok: false,
    reason: BlobReason.Damaged,
    message: expect.stringMatching(/Invalid PDF structure/),
  },
  "comments.pdf": { ok: true, encrypted: false, pages: 14 },
  "french_diacritics.pdf": { ok: true, encrypted: false, pages: 1 },
  "issue14497.pdf": { ok: true, encrypted: false, pages: 1 },
  "issue3521.pdf": { ok: true, encrypted: false, pages: 1 },
  "issue5747.pdf": { ok: true, encrypted: false, pages: 1 },
  "pdkids.pdf": { ok: true, encrypted: false, pages: 55 },
  "prefilled_f1040.pdf": { ok: true, encrypted: false, pages: 2 },
  "print_protection.pdf": { ok: true, encrypted: true, pages: null },
  "rotation.pdf": { ok: true, encrypted: false, pages: 2 },
  "standard_fonts.pdf": { ok: true, encrypted: false, pages: 14 },
  "vn-bxd-11410-cong-van-huong-dan.pdf": { ok: true, encrypted: false, pages: 3 },
  "vn-luat-so-huu-tri-tue-2005.pdf": { ok: true, encrypted: false, pages: 94 },
  "vn-luat-thu-do-2012-mat-khau.pdf": { ok: true, encrypted: true, pages: null },
  "vn-luat-thu-do-2012.pdf": { ok: true, encrypted: false, pages: 12 },
  "vn-qcvn-32-2026-bxd-metro.pdf": { ok: true, encrypted: false, pages: 27 },
  "vn-scan-cong-van-11410.pdf": { ok: true, encrypted: false, pages: 3 },
  "xref_command_missing.pdf": { ok: true, encrypted: false, pages: 1 },
};

const latin1 = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));

describe("PdfValidator", () => {
  const validator = new PdfValidator({ timeoutMs: 20_000 });
  beforeAll(() => validator.warmUp(), 20_000);
  afterAll(() => validator.close());

  it("knows every fixture in the folder (a new fixture needs an expectation here)", () => {
    expect(fixtureNames()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name} → ${expected.ok ? (expected.encrypted ? "encrypted" : `${expected.pages} pages`) : expected.reason}`, async () => {
      expect(await validator.validate(readFixture(name))).toEqual(expected);
    });
  }

  it("refuses an empty file, a non-PDF and an over-limit file before parsing", async () => {
    expect(await validator.validate(new Uint8Array(0))).toMatchObject({
      ok: false,
      reason: BlobReason.Empty,
    });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(await validator.validate(png)).toMatchObject({ ok: false, reason: BlobReason.NotPdf });
    expect(await validator.validate(latin1("Biên bản họp, not a PDF at all\n%%EOF"))).toMatchObject({
      ok: false,
      reason: BlobReason.NotPdf,
    });
    const small = new PdfValidator({ maxBytes: 1000 });
    try {
      expect(await small.validate(readFixture("rotation.pdf"))).toMatchObject({
        ok: false,
        reason: BlobReason.TooLarge,
      });
    } finally {
      await small.close();
    }
  });

  it("refuses a file cut short: damaged when pdf.js cannot open it, truncated when it can", async () => {
    const comments = readFixture("comments.pdf");
    expect(await validator.validate(comments.subarray(0, comments.length / 2))).toMatchObject({
      ok: false,
      reason: BlobReason.Damaged,
    });
    // pdf.js rebuilds the xref and opens half of it; only the missing %%EOF tells.
    const rotation = readFixture("rotation.pdf");
    expect(await validator.validate(rotation.subarray(0, rotation.length / 2))).toMatchObject({
      ok: false,
      reason: BlobReason.Truncated,
    });
    // Half of a signed PDF with incremental updates opens as an earlier revision. (A cut right after an
    // earlier revision's %%EOF is a valid PDF and cannot be told apart; in transit, the hash check of
    // PUT /api/blobs/:hash catches any cut.)
    const signed = readFixture("vn-bxd-11410-cong-van-huong-dan.pdf");
    expect(await validator.validate(signed.subarray(0, signed.length / 2))).toMatchObject({
      ok: false,
      reason: BlobReason.Truncated,
    });
  });

  it("accepts a header after leading junk within 1024 bytes, as readers do", async () => {
    const pdf = readFixture("xref_command_missing.pdf");
    const withJunk = new Uint8Array([...new Uint8Array(100).fill(0x20), ...pdf]);
    expect(precheckPdf(withJunk)).toBeUndefined();
    expect(endsWithEofMarker(withJunk)).toBe(true);
  });

  it("validates files concurrently through the queue", async () => {
    const names = ["comments.pdf", "pdkids.pdf", "bug1020226.pdf", "print_protection.pdf", "rotation.pdf"];
    const results = await Promise.all(names.map((n) => validator.validate(readFixture(n))));
    expect(results).toEqual(names.map((n) => EXPECTED[n]));
  });

  it("refuses a file that takes too long as too_complex, without blocking the event loop", async () => {
    const slow = new PdfValidator({ timeoutMs: 300 });
    const delay = monitorEventLoopDelay({ resolution: 10 });
    try {
      await slow.warmUp();
      const bytes = makeManyPagePdf(20_000);
      delay.enable();
      const started = performance.now();
      const result = await slow.validate(bytes);
      const elapsed = performance.now() - started;
      delay.disable();
      expect(result).toMatchObject({ ok: false, reason: BlobReason.TooComplex });
      expect(elapsed).toBeLessThan(5_000);
      // The relay's thread stayed responsive: pdf.js ran in the worker.
      expect(delay.max / 1e6).toBeLessThan(500);
      // The killed worker is replaced: the next file is checked normally.
      expect(await slow.validate(readFixture("rotation.pdf"))).toEqual(EXPECTED["rotation.pdf"]);
    } finally {
      delay.disable();
      await slow.close();
    }
  }, 20_000);

  it("refuses files still being checked when closed, and refuses new ones", async () => {
    const v = new PdfValidator({ timeoutMs: 20_000 });
    const pending = v.validate(makeManyPagePdf(20_000));
    // Observe the queued file's rejection at once: it rejects while close() is still stopping workers.
    const queued = v.validate(readFixture("rotation.pdf")).then(
      () => new Error("validated after close"),
      (error: unknown) => error,
    );
    await new Promise((r) => setTimeout(r, 400));
    await v.close();
    expect(await pending).toMatchObject({ ok: false, reason: BlobReason.TooComplex });
    expect(String(await queued)).toMatch(/closed/);
    await expect(v.validate(readFixture("rotation.pdf"))).rejects.toThrow(/closed/);
  }, 20_000);
});
