import type { DocHandle } from "@automerge/automerge-repo";
import { createSignal } from "solid-js";
import type { MeetingDoc, PaperId, PaperKind } from "../../../../shared/src/index.ts";
import { ActionError, type ActionErrorCode } from "../../state/actions.ts";
import { type PaperTransferCode, PaperTransferError, uploadPaper } from "../../state/blobs.ts";
import { attachPaper, replacePaperVersion } from "../../state/papers.ts";

/** One file being added, as the upload list shows it. */
export interface UploadItem {
  readonly key: number;
  readonly name: string;
  /** Bytes. */
  readonly size: number;
  /** Bytes sent so far. */
  readonly sent: number;
  readonly phase: "waiting" | "uploading" | "checking" | "done" | "failed";
  /** Why it failed: a relay reason (i18n `blob.<code>`) or an action error (i18n `error.<code>`). */
  readonly error:
    | { kind: "blob"; code: PaperTransferCode }
    | { kind: "action"; code: ActionErrorCode }
    | null;
}

/** Where new papers go and what they are. */
export interface UploadTarget {
  readonly kind: PaperKind;
  readonly agendaItemId: string | null;
  /** Replace this paper with a new version instead of adding one. */
  readonly replaces?: PaperId;
}

let nextKey = 1;
/** Files hashed and sent at the same time (each is read whole to hash it: keep memory bounded on tablets). */
const PARALLEL_UPLOADS = 2;

/**
 * The upload list of the papers page: each file is hashed, uploaded with progress, checked by the
 * relay, then referenced from the meeting — or shows why not. Files go up in parallel; one failing
 * does not stop the others.
 */
export function createUploads(
  handle: () => DocHandle<MeetingDoc> | undefined,
  memberId: () => string | null,
) {
  const [items, setItems] = createSignal<readonly UploadItem[]>([]);
  const update = (key: number, patch: Partial<UploadItem>) =>
    setItems((list) => list.map((i) => (i.key === key ? { ...i, ...patch } : i)));

  async function one(file: File, key: number, target: UploadTarget): Promise<void> {
    update(key, { phase: "uploading" });
    const h = handle();
    if (!h) {
      update(key, { phase: "failed", error: { kind: "action", code: "not_found" } });
      return;
    }
    try {
      const answer = await uploadPaper(file, h.documentId, {
        onProgress: (sent, total) => update(key, { sent, phase: sent >= total ? "checking" : "uploading" }),
      });
      const input = {
        hash: answer.hash,
        name: file.name.slice(0, 255) || "tai-lieu.pdf",
        size: answer.size,
        pages: answer.pages,
        passwordProtected: answer.encrypted,
        kind: target.kind,
        agendaItemId: target.agendaItemId,
      };
      if (target.replaces) replacePaperVersion(h, target.replaces, input, memberId());
      else attachPaper(h, input, memberId());
      update(key, { phase: "done", sent: file.size });
    } catch (error) {
      if (error instanceof PaperTransferError) {
        update(key, { phase: "failed", error: { kind: "blob", code: error.code } });
      } else if (error instanceof DOMException && error.name === "QuotaExceededError") {
        update(key, { phase: "failed", error: { kind: "blob", code: "quota" } });
      } else {
        const code = error instanceof ActionError ? error.code : "unknown";
        update(key, { phase: "failed", error: { kind: "action", code } });
      }
    }
  }

  return {
    items,
    /** Uploads every file (in parallel) to `target`. */
    add(files: readonly File[], target: UploadTarget): Promise<void> {
      const queue = files.map((file) => ({ file, key: nextKey++ }));
      setItems((list) => [
        ...list,
        ...queue.map(
          ({ file, key }): UploadItem => ({
            key,
            name: file.name,
            size: file.size,
            sent: 0,
            phase: "waiting",
            error: null,
          }),
        ),
      ]);
      const lane = async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await one(next.file, next.key, target);
      };
      return Promise.all(Array.from({ length: Math.min(PARALLEL_UPLOADS, files.length) }, lane)).then(
        () => undefined,
      );
    },
    dismiss(key: number): void {
      setItems((list) => list.filter((i) => i.key !== key));
    },
  };
}
