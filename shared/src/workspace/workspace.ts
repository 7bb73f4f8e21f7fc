import { z } from "zod";
import { WORKSPACE_ROLES } from "../access/policy.ts";
import { DomainError, ReasonCode } from "../errors.ts";
import { type MeetingId, newId, type WorkspaceId } from "../ids.ts";
import { toValidationResult, type ValidationResult } from "../meeting/validate.ts";
import { imm, str, toPlain } from "../schema/immutable.ts";
import { type Migration, migrate } from "../schema/migrations.ts";
import { instant } from "../time.ts";
import { UNIT_KINDS, type WorkspaceDoc } from "./types.ts";

/** Field names retired from the workspace document; never reuse them. */
export const RETIRED_WORKSPACE_FIELDS: readonly string[] = [];

/** Default for `settings.offlineLockDays`. */
export const DEFAULT_OFFLINE_LOCK_DAYS = 30;

/**
 * Ordered migration steps of the workspace document (see "Who migrates" in schema/migrations.ts: the
 * relay migrates existing shared documents; a creator runs every step on a new one).
 */
export const workspaceMigrations: readonly Migration<WorkspaceDoc>[] = [
  {
    version: 1,
    name: "v1-workspace-containers",
    up(doc) {
      const d = doc as Partial<WorkspaceDoc>;
      if (d.docType === undefined) d.docType = imm("workspace");
      if (d.name === undefined) d.name = "";
      if (d.meetings === undefined) d.meetings = {};
    },
  },
  {
    version: 2,
    name: "v2-directory",
    up(doc) {
      const d = doc as Partial<WorkspaceDoc>;
      if (d.members === undefined) d.members = {};
      if (d.units === undefined) d.units = {};
      if (d.settings === undefined) d.settings = { offlineLockDays: DEFAULT_OFFLINE_LOCK_DAYS };
    },
  },
  {
    version: 3,
    name: "v3-ledgers-and-notices",
    up(doc) {
      const d = doc as Partial<WorkspaceDoc>;
      if (d.ledgers === undefined) d.ledgers = {};
      if (d.notices === undefined) d.notices = {};
    },
  },
];

const instantSchema = z.iso.datetime({ offset: false });

/** Runtime schema of the workspace document v2 (on plain JSON). */
export const workspaceDocSchema = z.object({
  schemaVersion: z.number().int().min(1),
  docType: z.literal("workspace"),
  id: z.string().min(1),
  name: z.string(),
  meetings: z.record(
    z.string(),
    z.object({
      meetingId: z.string().min(1),
      url: z.string().startsWith("automerge:"),
      addedAt: instantSchema,
      removedAt: instantSchema.nullable(),
    }),
  ),
  members: z.record(
    z.string(),
    z.object({
      id: z.string().min(1),
      fullName: z.string(),
      position: z.string(),
      unitId: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      workspaceRole: z.enum(WORKSPACE_ROLES as [string, ...string[]]),
      createdAt: instantSchema,
      disabledAt: instantSchema.nullable(),
    }),
  ),
  units: z.record(
    z.string(),
    z.object({
      id: z.string().min(1),
      name: z.string(),
      kind: z.enum(UNIT_KINDS as [string, ...string[]]),
      parentId: z.string().nullable(),
      createdAt: instantSchema,
      disabledAt: instantSchema.nullable(),
    }),
  ),
  settings: z.object({ offlineLockDays: z.number().int().min(1).max(3650) }),
  // Optional: a v2 document (before the relay's migration) is still a valid workspace.
  ledgers: z
    .record(
      z.string().regex(/^\d{4}$/),
      z.object({
        year: z.number().int().min(2000).max(9999),
        url: z.string().startsWith("automerge:"),
        createdAt: instantSchema,
      }),
    )
    .optional(),
  notices: z
    .record(
      z.string(),
      z.object({
        url: z.string().startsWith("automerge:"),
        meetingId: z.string().min(1),
        issuedAt: instantSchema,
      }),
    )
    .optional(),
  createdAt: instantSchema,
});

/** Validates a workspace document (Automerge doc or plain JSON). */
export function validateWorkspace(doc: unknown): ValidationResult {
  return toValidationResult(workspaceDocSchema.safeParse(toPlain(doc)));
}

/**
 * Fills a freshly created document as a workspace.
 * @param now ms since the Unix epoch
 * @throws DomainError(invalid_input) for an empty name
 */
export function initWorkspace(doc: WorkspaceDoc, input: { name: string }, now: number): WorkspaceId {
  const name = input.name.trim();
  if (!name) throw new DomainError(ReasonCode.InvalidInput, "name: required");
  migrate(doc, workspaceMigrations);
  const id = newId<WorkspaceId>();
  doc.id = imm(id);
  doc.name = name;
  doc.createdAt = imm(instant(now));
  return id;
}

/**
 * Lists a meeting document in the workspace index (idempotent for the same meeting id).
 * @throws DomainError(invalid_input) when the url is not an automerge URL
 */
export function addMeetingToWorkspace(
  doc: WorkspaceDoc,
  entry: { meetingId: MeetingId | string; url: string },
  now: number,
): void {
  if (!entry.url.startsWith("automerge:")) {
    throw new DomainError(ReasonCode.InvalidInput, `url: not an automerge URL: ${entry.url}`);
  }
  const existing = doc.meetings[entry.meetingId];
  if (existing) {
    if (existing.removedAt) existing.removedAt = null;
    return;
  }
  doc.meetings[entry.meetingId] = {
    meetingId: imm(entry.meetingId as MeetingId),
    url: imm(entry.url),
    addedAt: imm(instant(now)),
    removedAt: null,
  };
}

/**
 * Removes a meeting from the index (soft). The meeting document itself is not deleted.
 * @throws DomainError(not_found)
 */
export function removeMeetingFromWorkspace(doc: WorkspaceDoc, meetingId: string, now: number): void {
  const entry = doc.meetings[meetingId];
  if (!entry) throw new DomainError(ReasonCode.NotFound, `meeting ${meetingId}`);
  if (!entry.removedAt) entry.removedAt = imm(instant(now));
}

/** The meetings listed in the workspace, oldest listing first. */
export function workspaceMeetingUrls(doc: WorkspaceDoc): { meetingId: string; url: string }[] {
  return Object.values(doc.meetings)
    .filter((e) => !e.removedAt)
    .sort((a, b) => str(a.addedAt)!.localeCompare(str(b.addedAt)!))
    .map((e) => ({ meetingId: str(e.meetingId)!, url: str(e.url)! }));
}

/**
 * Lists the task ledger of a year (written by the relay, which creates each ledger). Idempotent for
 * the same URL.
 * @param year calendar year in the workspace zone
 * @throws DomainError(invalid_input) for a bad year or URL; DomainError(invalid_transition) when another ledger
 *   is already listed for that year
 */
export function addLedgerToWorkspace(
  doc: WorkspaceDoc,
  input: { year: number; url: string },
  now: number,
): void {
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 9999) {
    throw new DomainError(ReasonCode.InvalidInput, `year: out of range: ${input.year}`);
  }
  if (!input.url.startsWith("automerge:")) {
    throw new DomainError(ReasonCode.InvalidInput, `url: not an automerge URL: ${input.url}`);
  }
  const key = String(input.year);
  const existing = doc.ledgers[key];
  if (existing) {
    if (str(existing.url) === input.url) return;
    throw new DomainError(ReasonCode.InvalidTransition, `a ledger is already listed for ${key}`);
  }
  doc.ledgers[key] = { year: input.year, url: imm(input.url), createdAt: imm(instant(now)) };
}

/** The task ledgers listed in the workspace, newest year first (none before the v3 migration). */
export function workspaceLedgers(doc: WorkspaceDoc): { year: number; url: string }[] {
  return Object.values(doc.ledgers ?? {})
    .map((l) => ({ year: l.year, url: str(l.url)! }))
    .sort((a, b) => b.year - a.year);
}

/**
 * Lists an issued conclusion notice (written by the relay, which creates the notice document).
 * Idempotent.
 * @throws DomainError(invalid_input) for a bad URL
 */
export function addNoticeToWorkspace(
  doc: WorkspaceDoc,
  input: { documentId: string; url: string; meetingId: string },
  now: number,
): void {
  if (!input.url.startsWith("automerge:")) {
    throw new DomainError(ReasonCode.InvalidInput, `url: not an automerge URL: ${input.url}`);
  }
  if (doc.notices[input.documentId]) return;
  doc.notices[input.documentId] = {
    url: imm(input.url),
    meetingId: imm(input.meetingId as MeetingId),
    issuedAt: imm(instant(now)),
  };
}

/** The issued notices listed in the workspace, newest first. */
export function workspaceNotices(doc: WorkspaceDoc): { url: string; meetingId: string; issuedAt: string }[] {
  return Object.values(doc.notices ?? {})
    .map((n) => ({ url: str(n.url)!, meetingId: str(n.meetingId)!, issuedAt: str(n.issuedAt)! }))
    .sort((a, b) => b.issuedAt.localeCompare(a.issuedAt));
}
