import { Worker } from "node:worker_threads";
import {
  BlobReason,
  DEFAULT_MAX_BLOB_BYTES,
  type PdfInfo,
  type PdfRefusalReason,
} from "../../../shared/src/blobs/index.ts";

/** Outcome of {@link PdfValidator.validate}: accepted with what was learnt, or refused with a reason. */
export type PdfValidation =
  | ({ readonly ok: true } & PdfInfo)
  | { readonly ok: false; readonly reason: PdfRefusalReason; readonly message: string };

export interface PdfValidatorOptions {
  /** Largest file accepted, in bytes (default 100 MiB). */
  readonly maxBytes?: number;
  /** A file not checked within this time is refused as too_complex and its worker killed (default 30 s). */
  readonly timeoutMs?: number;
  /** V8 heap limit of each worker, in MiB; a file needing more is refused as too_complex (default 512). */
  readonly maxMemoryMb?: number;
  /** Worker threads checking files in parallel (default 1; each holds at most one file). */
  readonly workers?: number;
}

/** How far from each end of a file the PDF markers are looked for (the same window Acrobat allows). */
const MARKER_WINDOW = 1024;
const HEADER = Buffer.from("%PDF-", "latin1");
const EOF_MARKER = Buffer.from("%%EOF", "latin1");

/**
 * Checks what can be checked without parsing: emptiness, size and the `%PDF-` header.
 * @returns a refusal, or undefined when the file may go on to pdf.js
 */
export function precheckPdf(bytes: Uint8Array, maxBytes = DEFAULT_MAX_BLOB_BYTES): PdfValidation | undefined {
  if (bytes.byteLength === 0) return refuse(BlobReason.Empty, "the file is empty");
  if (bytes.byteLength > maxBytes) {
    return refuse(BlobReason.TooLarge, `the file has ${bytes.byteLength} bytes; the limit is ${maxBytes}`);
  }
  if (asBuffer(bytes).subarray(0, MARKER_WINDOW).indexOf(HEADER) < 0) {
    return refuse(BlobReason.NotPdf, "the file does not start with a PDF header (%PDF-)");
  }
  return undefined;
}

/**
 * True when `%%EOF` appears in the last 1024 bytes. ISO 32000-1 §7.5.5 makes it the file's last line.
 * pdf.js is lenient on purpose and opens many cut-off files by rebuilding the cross-reference table
 * (the first half of a signed ministry PDF opens as an earlier revision), so an upload that was cut
 * short is caught by this check, not by pdf.js.
 */
export function endsWithEofMarker(bytes: Uint8Array): boolean {
  const buf = asBuffer(bytes);
  return buf.subarray(Math.max(0, buf.length - MARKER_WINDOW)).indexOf(EOF_MARKER) >= 0;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

type WorkerReply =
  | { id: number; ok: true; pages: number }
  | { id: number; ok: false; name: string; message: string };

/** What a worker run can end in besides a reply. */
type RunOutcome = WorkerReply | { id: number; ok: false; name: "Timeout" | "WorkerDied"; message: string };

/**
 * Validates uploaded PDFs with pdf.js (legacy build) in worker threads, so a slow or hostile file cannot
 * block the relay's event loop: each file has a time limit and each worker a memory limit, and a worker
 * that overruns is terminated and replaced. Files queue when all workers are busy.
 *
 * Refusals (reason codes from {@link BlobReason}): empty, too_large, not_pdf ({@link precheckPdf});
 * damaged (pdf.js cannot open it, e.g. `InvalidPDFException: Invalid PDF structure.`); truncated (pdf.js
 * opens it but the `%%EOF` marker is missing, {@link endsWithEofMarker}); too_complex (time or memory
 * limit). Accepted: `{encrypted: false, pages}`, or `{encrypted: true, pages: null}` when pdf.js
 * needs a password (`PasswordException`) — the relay never has passwords, so it cannot count pages.
 */
export class PdfValidator {
  readonly #maxBytes: number;
  readonly #timeoutMs: number;
  readonly #slots: WorkerSlot[];
  readonly #queue: Array<() => void> = [];
  #closed = false;

  constructor(options: PdfValidatorOptions = {}) {
    this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_BLOB_BYTES;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    const maxMemoryMb = options.maxMemoryMb ?? 512;
    this.#slots = Array.from(
      { length: Math.max(1, options.workers ?? 1) },
      () => new WorkerSlot(maxMemoryMb),
    );
  }

  /** Starts the workers now (loading pdf.js takes ≈0.2–0.3 s) instead of on the first file. */
  async warmUp(): Promise<void> {
    await Promise.all(this.#slots.map((s) => s.start()));
  }

  /**
   * Checks one file. Never throws for a bad file: the answer says why it was refused.
   * The bytes are copied to the worker; the caller keeps its buffer.
   * @throws Error after {@link PdfValidator.close}
   */
  async validate(bytes: Uint8Array): Promise<PdfValidation> {
    if (this.#closed) throw new Error("PdfValidator is closed");
    const early = precheckPdf(bytes, this.#maxBytes);
    if (early) return early;
    const slot = await this.#acquire();
    try {
      const checked = toValidation(await slot.run(bytes, this.#timeoutMs));
      // A file pdf.js cannot open is "damaged" even if also cut short (MANIFEST: bug1020226.pdf); one it
      // can open but that lacks its end marker lost its tail in transit.
      if (checked.ok && !endsWithEofMarker(bytes)) {
        return refuse(BlobReason.Truncated, "the file ends without %%EOF: it was cut short");
      }
      return checked;
    } finally {
      slot.busy = false;
      this.#queue.shift()?.();
    }
  }

  /** Stops every worker. Files being checked are refused as too_complex; queued ones reject. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const wake of this.#queue.splice(0)) wake();
    await Promise.all(this.#slots.map((s) => s.stop()));
  }

  async #acquire(): Promise<WorkerSlot> {
    for (;;) {
      if (this.#closed) throw new Error("PdfValidator is closed");
      const idle = this.#slots.find((s) => !s.busy);
      if (idle) {
        idle.busy = true;
        return idle;
      }
      await new Promise<void>((resolve) => this.#queue.push(resolve));
    }
  }
}

function toValidation(outcome: RunOutcome): PdfValidation {
  if (outcome.ok) return { ok: true, encrypted: false, pages: outcome.pages };
  switch (outcome.name) {
    case "PasswordException":
      return { ok: true, encrypted: true, pages: null };
    case "Timeout":
    case "WorkerDied":
      return refuse(BlobReason.TooComplex, outcome.message);
    default:
      // InvalidPDFException ("Invalid PDF structure."), FormatError, UnknownErrorException…
      return refuse(BlobReason.Damaged, `the file is damaged or not a valid PDF (${outcome.message})`);
  }
}

function refuse(reason: PdfRefusalReason, message: string): PdfValidation {
  return { ok: false, reason, message };
}

/** One worker thread (started lazily, replaced after a timeout or a crash) running one file at a time. */
class WorkerSlot {
  busy = false;
  #ready: { worker: Worker; online: Promise<Worker> } | undefined;
  #nextId = 0;
  #pending: { id: number; worker: Worker; settle: (o: RunOutcome) => void } | undefined;

  constructor(readonly maxMemoryMb: number) {}

  start(): Promise<Worker> {
    if (this.#ready) return this.#ready.online;
    const worker = new Worker(new URL("./pdf-worker.mjs", import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: this.maxMemoryMb },
    });
    worker.unref();
    // Ready once pdf.js is loaded in the worker (its first message), not merely when the thread is up.
    const online = new Promise<Worker>((resolve, reject) => {
      worker.once("message", () => resolve(worker));
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`PDF worker exited during start-up (code ${code})`)));
    });
    // Nobody may await `online` (warmUp is optional); a start-up failure surfaces in run().
    online.catch(() => undefined);
    worker.on("message", (reply: WorkerReply | { ready: true }) => {
      if ("id" in reply && this.#pending?.id === reply.id) this.#pending.settle(reply);
    });
    const died = (message: string) => {
      this.#retire(worker);
      if (this.#pending?.worker === worker) {
        this.#pending.settle({ id: this.#pending.id, ok: false, name: "WorkerDied", message });
      }
    };
    // "error" covers ERR_WORKER_OUT_OF_MEMORY (the resourceLimits were hit).
    worker.on("error", (err) => died(`checking the file stopped: ${err.message}`));
    worker.once("exit", () => died("checking the file stopped"));
    this.#ready = { worker, online };
    return online;
  }

  async run(bytes: Uint8Array, timeoutMs: number): Promise<RunOutcome> {
    const worker = await this.start();
    const id = ++this.#nextId;
    // One copy, transferred: postMessage of a view would clone its whole underlying buffer.
    const copy = bytes.slice();
    return new Promise<RunOutcome>((resolve) => {
      const timer = setTimeout(() => {
        settle({ id, ok: false, name: "Timeout", message: `checking the file took over ${timeoutMs} ms` });
        this.#retire(worker);
        void worker.terminate();
      }, timeoutMs);
      const settle = (outcome: RunOutcome) => {
        if (this.#pending?.id !== id) return;
        this.#pending = undefined;
        clearTimeout(timer);
        resolve(outcome);
      };
      this.#pending = { id, worker, settle };
      worker.postMessage({ id, bytes: copy }, [copy.buffer]);
    });
  }

  async stop(): Promise<void> {
    const worker = this.#ready?.worker;
    if (worker) {
      this.#retire(worker);
      await worker.terminate();
    }
  }

  /** Forgets a worker that is stopping, so the next run starts a fresh one. */
  #retire(worker: Worker): void {
    if (this.#ready?.worker === worker) this.#ready = undefined;
  }
}
