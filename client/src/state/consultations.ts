/**
 * Written consultations (phiếu lấy ý kiến) on the client: which consultation documents this device
 * syncs, each as a reactive source, and the writes (create, questions, send, answer, close). This
 * module is the only caller of `handle.change` on consultation documents; it reads the clock here and
 * passes it to shared/ as `now`.
 *
 * Which consultations: the relay lists those the member may read (`GET /api/consultations`); the list is
 * kept in localStorage, with the ones created on this device, so they open offline. Each is found with
 * `repo.find`, so it syncs and is kept in IndexedDB.
 */
import {
  type AutomergeUrl,
  type Doc,
  type DocHandle,
  isValidAutomergeUrl,
  type Repo,
} from "@automerge/automerge-repo";
import { type Accessor, createEffect, createMemo, createSignal, on, onCleanup } from "solid-js";
import {
  addConsultationQuestion,
  type ConsultationDoc,
  type ConsultationQuestionId,
  type ConsultationQuestionInput,
  closeConsultation,
  consultationMigrations,
  DomainError,
  initConsultation,
  type NewConsultationInput,
  openConsultation,
  type QuestionAnswer,
  ReasonCode,
  removeConsultationQuestion,
  schemaState,
  submitAnswer,
  validateConsultation,
} from "../../../shared/src/index.ts";
import { ActionError } from "./actions.ts";
import { api } from "./api.ts";
import { repo as defaultRepo } from "./repo.ts";
import { currentSession } from "./session.ts";

const KNOWN_KEY = "hopso.consultations";

function readKnown(): AutomergeUrl[] {
  try {
    const parsed = JSON.parse(globalThis.localStorage?.getItem(KNOWN_KEY) ?? "[]") as unknown;
    return Array.isArray(parsed)
      ? parsed.filter((u): u is AutomergeUrl => typeof u === "string" && isValidAutomergeUrl(u))
      : [];
  } catch {
    return [];
  }
}

const [known, setKnown] = createSignal<AutomergeUrl[]>(readKnown());

function remember(urls: readonly AutomergeUrl[], replace = false): void {
  const next = replace ? [...new Set(urls)] : [...new Set([...known(), ...urls])];
  setKnown(next);
  try {
    globalThis.localStorage?.setItem(KNOWN_KEY, JSON.stringify(next));
  } catch {
    // Storage full or private mode: the list lasts for this visit.
  }
}

/**
 * Asks the relay which consultations this member may read, and remembers them (the relay's answer
 * replaces the list, so one the member was removed from disappears). Offline: keeps the known list.
 * @returns false when the relay could not be reached
 */
export async function refreshConsultations(): Promise<boolean> {
  try {
    const body = await api<{ consultations: string[] }>("/api/consultations");
    const created = readCreatedHere();
    remember([...body.consultations.filter(isValidAutomergeUrl), ...created] as AutomergeUrl[], true);
    return true;
  } catch {
    return false;
  }
}

const CREATED_KEY = "hopso.consultations.created";
/** Consultations created on this device that the relay may not have acknowledged yet. */
function readCreatedHere(): AutomergeUrl[] {
  try {
    const parsed = JSON.parse(globalThis.localStorage?.getItem(CREATED_KEY) ?? "[]") as unknown;
    return Array.isArray(parsed)
      ? parsed.filter((u): u is AutomergeUrl => typeof u === "string" && isValidAutomergeUrl(u))
      : [];
  } catch {
    return [];
  }
}

/** The consultation URLs this device knows (reactive). */
export const knownConsultations: Accessor<readonly AutomergeUrl[]> = known;

/** A consultation document's state for the UI. */
export interface ConsultationSource {
  readonly url: AutomergeUrl;
  readonly handle: Accessor<DocHandle<ConsultationDoc> | undefined>;
  /** The document while it is readable (valid, this app's schema or older), else undefined. */
  readonly doc: Accessor<Doc<ConsultationDoc> | undefined>;
  readonly status: Accessor<"loading" | "ok" | "unavailable" | "invalid" | "newer" | "older">;
}

/** One consultation document as a reactive source (owner-bound). */
export function useConsultation(
  url: Accessor<AutomergeUrl | undefined>,
  repo: Repo = defaultRepo,
): ConsultationSource {
  // A plain signal, not a resource: a resource would suspend the page (and hold a navigation to it)
  // until the document is found, which for one not yet synced can take a while.
  const [found, setFound] = createSignal<DocHandle<ConsultationDoc> | undefined>();
  const [searching, setSearching] = createSignal(true);
  createEffect(
    on(url, (u) => {
      setFound(undefined);
      setSearching(!!u);
      if (!u) return;
      repo.find<ConsultationDoc>(u, { allowableStates: ["ready", "unavailable"] }).then(
        (h) => {
          if (url() !== u) return;
          setFound(() => h);
          setSearching(false);
        },
        () => setSearching(false),
      );
    }),
  );
  const [version, setVersion] = createSignal(0);
  const handle = createMemo(() => {
    const h = found();
    if (!h) return undefined;
    const bump = () => setVersion((v) => v + 1);
    h.on("change", bump);
    onCleanup(() => h.off("change", bump));
    if (!h.isReady())
      h.whenReady().then(
        () => bump(),
        () => bump(),
      );
    return h;
  });
  const status = createMemo(() => {
    version();
    if (searching()) return "loading" as const;
    const h = handle();
    if (!h?.isReady()) return "unavailable" as const;
    const schema = schemaState(h.doc(), consultationMigrations);
    if (schema.kind === "newer" || schema.kind === "older") return schema.kind;
    return validateConsultation(h.doc()).ok ? ("ok" as const) : ("invalid" as const);
  });
  const doc = createMemo(
    () => {
      version();
      const s = status();
      const h = handle();
      return h?.isReady() && s === "ok" ? h.doc() : undefined;
    },
    undefined,
    { equals: false },
  );
  return { url: url() as AutomergeUrl, handle, doc, status };
}

function toActionError(error: unknown): ActionError {
  if (error instanceof ActionError) return error;
  if (error instanceof DomainError) {
    const issues = (error.details?.issues as { path: string; message: string }[] | undefined) ?? [];
    return new ActionError(error.code, error.message, issues, { cause: error });
  }
  return new ActionError("unknown", error instanceof Error ? error.message : String(error), [], {
    cause: error,
  });
}

function change<R>(
  handle: DocHandle<ConsultationDoc> | undefined,
  message: string,
  write: (doc: ConsultationDoc, now: number) => R,
): R {
  try {
    if (!handle?.isReady()) throw new ActionError(ReasonCode.NotFound, "consultation is not loaded");
    const state = schemaState(handle.doc(), consultationMigrations);
    if (state.kind === "newer")
      throw new ActionError(ReasonCode.NewerSchema, "consultation is newer than this app");
    if (state.kind === "older")
      throw new ActionError("awaiting_migration", "consultation waits for the relay");
    if (!validateConsultation(handle.doc()).ok)
      throw new ActionError(ReasonCode.InvalidDocument, "consultation is invalid");
    const now = Date.now();
    let result: R | undefined;
    handle.change(
      (doc) => {
        result = write(doc, now);
      },
      { message },
    );
    return result as R;
  } catch (error) {
    throw toActionError(error);
  }
}

/**
 * Creates a draft consultation (only workspace admins and secretaries may: the relay refuses a new
 * document from anyone else). The input is checked before the document exists.
 * @returns its automerge URL
 * @throws ActionError(invalid_input | unknown)
 */
export function createConsultation(input: NewConsultationInput, repo: Repo = defaultRepo): AutomergeUrl {
  const handle = repo.create<ConsultationDoc>();
  try {
    handle.change((doc) => void initConsultation(doc, input, Date.now()), {
      message: `Tạo phiếu lấy ý kiến: ${input.title.trim().slice(0, 80)}`,
    });
  } catch (error) {
    repo.delete(handle.url);
    throw toActionError(error);
  }
  const created = [...readCreatedHere(), handle.url];
  try {
    globalThis.localStorage?.setItem(CREATED_KEY, JSON.stringify(created));
  } catch {
    // Kept in the known list for this visit.
  }
  remember([handle.url]);
  return handle.url;
}

/** Adds a question to a draft. @throws ActionError(invalid_input | invalid_transition (questions_frozen) | …) */
export function addQuestion(source: ConsultationSource, input: ConsultationQuestionInput): void {
  change(source.handle(), `Thêm câu hỏi: ${input.text.trim().slice(0, 60)}`, (doc, now) =>
    addConsultationQuestion(doc, input, now),
  );
}

/** Removes a question from a draft. */
export function removeQuestion(source: ConsultationSource, questionId: string): void {
  change(source.handle(), "Xóa câu hỏi", (doc, now) =>
    removeConsultationQuestion(doc, questionId as ConsultationQuestionId, now),
  );
}

/** Sends the consultation to its named members (draft → open). */
export function sendConsultation(source: ConsultationSource): void {
  change(source.handle(), "Gửi phiếu lấy ý kiến", (doc, now) => openConsultation(doc, now));
}

/** Closes it: the results are final. */
export function closeConsultationNow(source: ConsultationSource): void {
  change(source.handle(), "Đóng phiếu lấy ý kiến", (doc, now) => closeConsultation(doc, now));
}

/**
 * The signed-in member answers (offline too: the entry syncs later and counts by its own answeredAt).
 * @throws ActionError(invalid_transition with reason deadline_passed | consultation_closed | …)
 */
export function answerConsultation(
  source: ConsultationSource,
  answers: Record<string, QuestionAnswer>,
): void {
  const memberId = currentSession()?.memberId;
  if (!memberId) throw new ActionError(ReasonCode.ReadOnly, "not signed in");
  change(source.handle(), "Trả lời phiếu lấy ý kiến", (doc, now) =>
    submitAnswer(doc, memberId, answers, now),
  );
}
