import { type Doc, getChangesMetaSince, hasHeads } from "@automerge/automerge/slim";
import { ApiError, api } from "./api.ts";

/**
 * A document's history: its Automerge changes (hash, time, message — every write in state/actions.ts
 * carries a message) joined with the relay's audit log (which member and device delivered each change,
 * and when the relay accepted it): `GET /api/documents/:documentId/audit`.
 */

/** One entry of the relay's audit log. */
export interface AuditEntry {
  readonly changeHash: string;
  /** null for changes the relay made itself (`origin` "relay": migrations; "admin": the admin CLI). */
  readonly memberId: string | null;
  readonly memberName: string | null;
  readonly deviceId: string | null;
  readonly deviceName: string | null;
  /** "device", "relay" or "admin". */
  readonly origin: string;
  /** ISO instant. */
  readonly receivedAt: string;
}

/** One local change. */
export interface LocalChange {
  readonly hash: string;
  /** ms since the epoch, from the author's device clock; null when unset. */
  readonly time: number | null;
  readonly message: string | null;
  /** Operations in the change; 0 for an empty change (automerge-repo's first change of a document). */
  readonly ops: number;
}

/** One line of the history view. */
export interface HistoryEntry extends LocalChange {
  /** The audit entry, when the relay recorded this change. */
  readonly audit: AuditEntry | undefined;
}

/** The changes in a document (metadata only, without decoding operations). */
export function localChanges(doc: Doc<unknown>): LocalChange[] {
  return getChangesMetaSince(doc, []).map((c) => ({
    hash: c.hash,
    time: c.time > 0 ? c.time * 1000 : null,
    message: c.message?.trim() ? c.message : null,
    ops: Math.max(0, c.maxOp - c.startOp + 1),
  }));
}

/**
 * Joins local changes with the audit log (by change hash), newest first. The order is the author's time,
 * or the relay's receipt time when the author's clock is unknown; ties keep the document's order.
 * Empty changes (a document's first change, made by `repo.create`) are left out.
 */
export function joinHistory(
  local: readonly LocalChange[],
  audit: readonly AuditEntry[] | undefined,
): HistoryEntry[] {
  const byHash = new Map((audit ?? []).map((e) => [e.changeHash, e]));
  const entries = local
    .map((change, index) => ({ change, index, audit: byHash.get(change.hash) }))
    .filter(({ change }) => change.ops > 0 || change.message !== null);
  const sortTime = (e: (typeof entries)[number]) =>
    e.change.time ?? (e.audit ? Date.parse(e.audit.receivedAt) : Number.NEGATIVE_INFINITY);
  entries.sort((a, b) => sortTime(b) - sortTime(a) || b.index - a.index);
  return entries.map(({ change, audit }) => ({ ...change, audit }));
}

/**
 * The hashes of the changes in `doc` the relay has not acknowledged yet, given the heads it
 * acknowledged (hex); undefined when those are not known (offline).
 */
export function unacknowledgedHashes(
  doc: Doc<unknown>,
  relayHeads: readonly string[] | undefined,
): Set<string> | undefined {
  if (!relayHeads) return undefined;
  const known = relayHeads.filter((hash) => hasHeads(doc, [hash]));
  return new Set(getChangesMetaSince(doc, known).map((c) => c.hash));
}

function asAuditEntry(value: unknown): AuditEntry | undefined {
  const e = value as Partial<Record<keyof AuditEntry, unknown>> | null;
  if (!e || typeof e.changeHash !== "string" || typeof e.receivedAt !== "string") return undefined;
  const text = (v: unknown) => (typeof v === "string" && v ? v : null);
  return {
    changeHash: e.changeHash,
    memberId: text(e.memberId),
    memberName: text(e.memberName),
    deviceId: text(e.deviceId),
    deviceName: text(e.deviceName),
    origin: text(e.origin) ?? (e.memberId ? "device" : "relay"),
    receivedAt: e.receivedAt,
  };
}

/** The audit log of a document, or why it is not available. */
export type AuditResult =
  | { kind: "ok"; entries: AuditEntry[] }
  | { kind: "offline" }
  | { kind: "unavailable" }
  | { kind: "error" };

/**
 * Fetches the relay's audit log of a document. 404 (`unavailable`): the relay does not know the
 * document, or this member may not read it (the relay never says which).
 */
export async function fetchAudit(documentId: string): Promise<AuditResult> {
  const entries: AuditEntry[] = [];
  let before: number | null = null;
  try {
    // Pages of up to 2000 entries, newest first; a long-lived meeting's history has a few thousand.
    for (let page = 0; page < MAX_AUDIT_PAGES; page++) {
      const query = `limit=${AUDIT_PAGE}${before !== null ? `&before=${before}` : ""}`;
      const body: { entries?: unknown; nextBefore?: unknown } = await api(
        `/api/documents/${encodeURIComponent(documentId)}/audit?${query}`,
        { signal: AbortSignal.timeout(15_000) },
      );
      if (Array.isArray(body?.entries)) {
        for (const raw of body.entries) {
          const entry = asAuditEntry(raw);
          if (entry) entries.push(entry);
        }
      }
      if (typeof body?.nextBefore !== "number") break;
      before = body.nextBefore;
    }
    return { kind: "ok", entries };
  } catch (error) {
    if (error instanceof ApiError) {
      if (error.offline) return { kind: "offline" };
      if (error.status === 404) return { kind: "unavailable" };
      return { kind: "error" };
    }
    return { kind: "offline" }; // timed out
  }
}

const AUDIT_PAGE = 2000;
const MAX_AUDIT_PAGES = 10;
