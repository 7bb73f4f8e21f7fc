/**
 * Meeting papers (tài liệu họp): references in the meeting document to PDFs kept as content-addressed
 * blobs (the bytes never enter the document; see shared/src/blobs/protocol.ts).
 *
 * Versions: every version of a paper is its own entry in `papers`, keyed by its own id, with the id of
 * the paper's first version as `seriesId` and a `version` number (1, 2, …). Replacing a paper adds an
 * entry and never touches the older ones, so the old version stays readable at its own id, and two
 * secretaries replacing the same paper concurrently both keep their file: the current version is the
 * highest `version` of the series, ties broken by id, the same on every peer. No entry is ever written
 * by two peers except for soft deletion (`deletedAt`, idempotent) and the paper's kind and agenda item.
 */
import { z } from "zod";
import { isBlobHash } from "../blobs/protocol.ts";
import { DomainError, ReasonCode } from "../errors.ts";
import { type Brand, newId } from "../ids.ts";
import { type Imm, imm, str } from "../schema/immutable.ts";
import { parseInput } from "../schema/input.ts";
import { instant } from "../time.ts";
import type { MeetingDoc, UtcInstant } from "./types.ts";

/** Id of one version of a paper (an entry of `MeetingDoc.papers`). */
export type PaperId = Brand<string, "PaperId">;

/**
 * What a paper is, in the words of Vietnamese meeting practice (GLOSSARY.md "meeting document"):
 * tờ trình, dự thảo nghị quyết, dự thảo quyết định, báo cáo, tài liệu tham khảo, khác.
 */
export const PaperKind = {
  Submission: "submission",
  DraftResolution: "draft_resolution",
  DraftDecision: "draft_decision",
  Report: "report",
  Reference: "reference",
  Other: "other",
} as const;
export type PaperKind = (typeof PaperKind)[keyof typeof PaperKind];
export const PAPER_KINDS: readonly PaperKind[] = Object.values(PaperKind);

/** Longest file name kept, in UTF-16 code units (file systems allow 255 bytes). */
export const MAX_PAPER_NAME = 255;

/** One version of one paper, as stored in the meeting document. */
export interface Paper {
  id: Imm<PaperId>;
  /** Id of the paper's first version; equal to `id` for version 1. */
  seriesId: Imm<PaperId>;
  /** 1 for the first version, then previous + 1. */
  version: number;
  /** SHA-256 of the PDF, 64 lower-case hex digits: the blob's name on the relay and on devices. */
  hash: Imm;
  /** File name as the secretary attached it, e.g. "To trinh so 12.pdf". */
  name: Imm;
  /** Bytes. */
  size: number;
  /** Page count from the relay's check; null for a password-protected file (unknown without it). */
  pages: number | null;
  passwordProtected: boolean;
  kind: Imm<PaperKind>;
  /** The agenda item it belongs to, or null for the meeting as a whole. */
  agendaItemId: Imm | null;
  /** Member id of whoever attached it (null when not known, e.g. an import). */
  addedBy: Imm | null;
  addedAt: Imm<UtcInstant>;
  /** Soft delete (the whole series is removed together). */
  deletedAt: Imm<UtcInstant> | null;
}

/** A paper version as plain data. */
export interface PaperView {
  readonly id: PaperId;
  readonly seriesId: PaperId;
  readonly version: number;
  readonly hash: string;
  readonly name: string;
  /** Bytes. */
  readonly size: number;
  readonly pages: number | null;
  readonly passwordProtected: boolean;
  readonly kind: PaperKind;
  readonly agendaItemId: string | null;
  readonly addedBy: string | null;
  readonly addedAt: UtcInstant;
  readonly deletedAt: UtcInstant | null;
}

/** Runtime schema of one paper entry (plain JSON), used by the meeting validator. */
export const paperSchema = z.object({
  id: z.string().min(1),
  seriesId: z.string().min(1),
  version: z.number().int().min(1),
  hash: z.string().refine(isBlobHash, "not a SHA-256 in lower-case hex"),
  name: z.string().min(1).max(MAX_PAPER_NAME),
  size: z.number().int().min(1),
  pages: z.number().int().min(1).nullable(),
  passwordProtected: z.boolean(),
  kind: z.enum(PAPER_KINDS as [PaperKind, ...PaperKind[]]),
  agendaItemId: z.string().min(1).nullable(),
  addedBy: z.string().min(1).nullable(),
  addedAt: z.iso.datetime({ offset: false }),
  deletedAt: z.iso.datetime({ offset: false }).nullable(),
});

/** A file the relay accepted, to be referenced by the meeting (what `PUT /api/blobs/:hash` answered). */
export const paperInputSchema = z.object({
  hash: z.string().refine(isBlobHash, "not a SHA-256 in lower-case hex"),
  name: z.string().trim().min(1).max(MAX_PAPER_NAME),
  size: z.number().int().min(1),
  pages: z.number().int().min(1).nullable(),
  passwordProtected: z.boolean(),
  kind: z.enum(PAPER_KINDS as [PaperKind, ...PaperKind[]]),
  agendaItemId: z.string().min(1).nullable(),
});
/** What addPaper and replacePaper take (`hash` checked at run time). */
export type PaperInput = z.input<typeof paperInputSchema>;

function touch(doc: MeetingDoc, now: number): void {
  doc.updatedAt = imm(instant(now));
}

function checkAgendaItem(doc: MeetingDoc, agendaItemId: string | null): void {
  if (agendaItemId === null) return;
  const item = doc.agenda[agendaItemId];
  if (!item) throw new DomainError(ReasonCode.NotFound, `agenda item ${agendaItemId}`);
  if (item.deletedAt) throw new DomainError(ReasonCode.Deleted, `agenda item ${agendaItemId}`);
}

function writePaper(
  doc: MeetingDoc,
  input: PaperInput,
  series: PaperId | null,
  version: number,
  by: string | null,
  now: number,
): PaperId {
  const id = newId<PaperId>();
  doc.papers[id] = {
    id: imm(id),
    seriesId: imm(series ?? id),
    version,
    hash: imm(input.hash),
    name: imm(input.name),
    size: input.size,
    pages: input.passwordProtected ? null : input.pages,
    passwordProtected: input.passwordProtected,
    kind: imm(input.kind),
    agendaItemId: input.agendaItemId === null ? null : imm(input.agendaItemId),
    addedBy: by === null ? null : imm(by),
    addedAt: imm(instant(now)),
    deletedAt: null,
  };
  touch(doc, now);
  return id;
}

/**
 * Attaches a paper (version 1) to the meeting, or to one of its agenda items.
 * @param addedBy member id of the secretary attaching it, or null
 * @param now ms since the Unix epoch
 * @returns the new paper's id (also its series id)
 * @throws DomainError(invalid_input) for bad input; not_found / deleted for an unknown or deleted
 *   agenda item
 */
export function addPaper(doc: MeetingDoc, input: PaperInput, addedBy: string | null, now: number): PaperId {
  const p = parseInput(paperInputSchema, input);
  checkAgendaItem(doc, p.agendaItemId);
  return writePaper(doc, p, null, 1, addedBy, now);
}

/**
 * Replaces a paper with a new version (a new file). The older versions stay in the document, readable,
 * and the new one is numbered after the highest existing version of the series. Kind and agenda item
 * come from `input` (the UI passes the current version's by default).
 * @param paperId any version of the paper being replaced
 * @returns the new version's id
 * @throws DomainError(not_found) for an unknown paper, (deleted) for a removed one, (invalid_input) for
 *   bad input or a file identical to the current version
 */
export function replacePaper(
  doc: MeetingDoc,
  paperId: PaperId,
  input: PaperInput,
  addedBy: string | null,
  now: number,
): PaperId {
  const old = doc.papers[paperId];
  if (!old) throw new DomainError(ReasonCode.NotFound, `paper ${paperId}`);
  if (old.deletedAt) throw new DomainError(ReasonCode.Deleted, `paper ${paperId}`);
  const p = parseInput(paperInputSchema, input);
  checkAgendaItem(doc, p.agendaItemId);
  const seriesId = str(old.seriesId) as PaperId;
  const versions = paperVersions(doc, seriesId);
  const current = versions[versions.length - 1]!;
  if (current.hash === p.hash) {
    throw new DomainError(
      ReasonCode.InvalidInput,
      "hash: the new version is the same file as the current one",
      {
        issues: [{ path: "hash", message: "same_file" }],
      },
    );
  }
  return writePaper(doc, p, seriesId, current.version + 1, addedBy, now);
}

/**
 * Changes a paper's kind and agenda item (every version of the series, so the list stays consistent).
 * @throws DomainError(not_found | deleted | invalid_input)
 */
export function setPaperPlacement(
  doc: MeetingDoc,
  paperId: PaperId,
  placement: { kind: PaperKind; agendaItemId: string | null },
  now: number,
): void {
  const old = doc.papers[paperId];
  if (!old) throw new DomainError(ReasonCode.NotFound, `paper ${paperId}`);
  if (old.deletedAt) throw new DomainError(ReasonCode.Deleted, `paper ${paperId}`);
  const p = parseInput(paperInputSchema.pick({ kind: true, agendaItemId: true }), placement);
  checkAgendaItem(doc, p.agendaItemId);
  const seriesId = str(old.seriesId);
  for (const paper of Object.values(doc.papers)) {
    if (str(paper.seriesId) !== seriesId) continue;
    if (str(paper.kind) !== p.kind) paper.kind = imm(p.kind);
    if (str(paper.agendaItemId) !== (p.agendaItemId ?? undefined)) {
      paper.agendaItemId = p.agendaItemId === null ? null : imm(p.agendaItemId);
    }
  }
  touch(doc, now);
}

/**
 * Removes a paper with all its versions (soft delete: members no longer see it; the entries stay).
 * @throws DomainError(not_found)
 */
export function removePaper(doc: MeetingDoc, paperId: PaperId, now: number): void {
  const old = doc.papers[paperId];
  if (!old) throw new DomainError(ReasonCode.NotFound, `paper ${paperId}`);
  const seriesId = str(old.seriesId);
  const at = imm(instant(now));
  for (const paper of Object.values(doc.papers)) {
    if (str(paper.seriesId) === seriesId && !paper.deletedAt) paper.deletedAt = at;
  }
  touch(doc, now);
}

// ---------------------------------------------------------------- selectors

/** Reads one entry into plain data; undefined for an entry that is not a paper (defensive). */
export function paperView(paper: Paper | undefined): PaperView | undefined {
  if (!paper || typeof paper !== "object") return undefined;
  const id = str(paper.id) as PaperId | undefined;
  const hash = str(paper.hash);
  if (!id || !hash) return undefined;
  return {
    id,
    seriesId: (str(paper.seriesId) ?? id) as PaperId,
    version: paper.version,
    hash,
    name: str(paper.name) ?? "",
    size: paper.size,
    pages: paper.pages,
    passwordProtected: paper.passwordProtected,
    kind: (str(paper.kind) ?? PaperKind.Other) as PaperKind,
    agendaItemId: str(paper.agendaItemId) ?? null,
    addedBy: str(paper.addedBy) ?? null,
    addedAt: str(paper.addedAt) ?? "",
    deletedAt: str(paper.deletedAt) ?? null,
  };
}

const byVersion = (a: PaperView, b: PaperView) =>
  a.version - b.version || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Every paper version of the meeting, removed ones included, in no particular order. */
export function allPaperVersions(doc: Pick<MeetingDoc, "papers">): PaperView[] {
  const out: PaperView[] = [];
  for (const p of Object.values(doc.papers ?? {})) {
    const v = paperView(p);
    if (v) out.push(v);
  }
  return out;
}

/** One version by id (removed ones included), or undefined. */
export function paperById(doc: Pick<MeetingDoc, "papers">, id: string): PaperView | undefined {
  return paperView(doc.papers?.[id]);
}

/** The versions of a paper, oldest first (by version number, ties by id). */
export function paperVersions(doc: Pick<MeetingDoc, "papers">, seriesId: string): PaperView[] {
  return allPaperVersions(doc)
    .filter((p) => p.seriesId === seriesId)
    .sort(byVersion);
}

/**
 * The current version of every paper not removed: the highest version of each series (ties by id, so
 * every peer agrees after concurrent replacements), sorted by agenda order is left to the caller; here
 * by the time the paper was first attached, then name.
 */
export function currentPapers(doc: Pick<MeetingDoc, "papers">): PaperView[] {
  const latest = new Map<string, PaperView>();
  const first = new Map<string, string>();
  for (const p of allPaperVersions(doc)) {
    if (p.deletedAt) continue;
    const seen = latest.get(p.seriesId);
    if (!seen || byVersion(seen, p) < 0) latest.set(p.seriesId, p);
    const f = first.get(p.seriesId);
    if (f === undefined || p.addedAt < f) first.set(p.seriesId, p.addedAt);
  }
  return [...latest.values()].sort((a, b) => {
    const fa = first.get(a.seriesId)!;
    const fb = first.get(b.seriesId)!;
    return fa < fb ? -1 : fa > fb ? 1 : a.name.localeCompare(b.name, "vi");
  });
}

/** The current version of the paper `paperId` belongs to (undefined when removed or unknown). */
export function currentVersionOf(doc: Pick<MeetingDoc, "papers">, paperId: string): PaperView | undefined {
  const p = paperById(doc, paperId);
  if (!p || p.deletedAt) return undefined;
  const versions = paperVersions(doc, p.seriesId).filter((v) => !v.deletedAt);
  return versions[versions.length - 1];
}

/**
 * The blob hashes a meeting references and shares with its readers: every version of every paper not
 * removed (older versions stay readable). The relay serves a blob only to readers of a meeting whose
 * set contains it.
 */
export function referencedPaperHashes(doc: Pick<MeetingDoc, "papers">): Set<string> {
  const out = new Set<string>();
  for (const p of allPaperVersions(doc)) if (!p.deletedAt) out.add(p.hash);
  return out;
}
