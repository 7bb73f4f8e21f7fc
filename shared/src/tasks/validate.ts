import { z } from "zod";
import { localDateSchema, localTimeSchema } from "../calendar/settings.ts";
import { toValidationResult, type ValidationResult } from "../meeting/validate.ts";
import { toPlain } from "../schema/immutable.ts";
import { deriveStatus, type StatusEventLike } from "./status.ts";
import { LEAD_KINDS, TASK_EVENT_TYPES, TASK_PRIORITIES } from "./types.ts";

const instant = z.iso.datetime({ offset: false });
const id = z.string().min(1);
/** SHA-256 in lower-case hex, as the blob store names blobs. */
export const blobHashSchema = z.string().regex(/^[0-9a-f]{64}$/, "expected a SHA-256 hex digest");

const attachmentSchema = z.object({
  hash: blobHashSchema,
  name: z.string(),
  size: z.number().int().min(0),
});

const eventSchema = z.object({
  id,
  type: z.enum(TASK_EVENT_TYPES as [string, ...string[]]),
  at: instant,
  byMemberId: id,
  seq: z.number().int().min(0),
  supersedes: z.array(id).optional(),
  text: z.string().optional(),
  percent: z.number().int().min(0).max(100).optional(),
  attachments: z.array(attachmentSchema).optional(),
  fields: z.array(z.string()).optional(),
  due: z.object({ date: localDateSchema, time: localTimeSchema.nullable() }).optional(),
  extensionId: id.optional(),
});

const extensionSchema = z.object({
  id,
  requestedDueDate: localDateSchema,
  requestedDueTime: localTimeSchema.nullable(),
  reason: z.string(),
  byMemberId: id,
  at: instant,
  decision: z.object({ approved: z.boolean(), byMemberId: id, at: instant, note: z.string() }).nullable(),
});

const taskSchema = z.object({
  id,
  title: z.string(),
  description: z.string(),
  lead: z.object({ kind: z.enum(LEAD_KINDS as [string, ...string[]]), id }),
  supportUnitIds: z.record(z.string(), z.literal(true)),
  assignerMemberId: id,
  due: z.object({ date: localDateSchema, time: localTimeSchema.nullable(), setAt: instant, byMemberId: id }),
  priority: z.enum(TASK_PRIORITIES as [string, ...string[]]),
  category: z.string(),
  source: z
    .object({
      meetingId: id,
      meetingUrl: z.string().startsWith("automerge:"),
      passage: z.object({
        sectionId: z.string().nullable(),
        quote: z.string(),
        start: z.number().int().min(0),
        end: z.number().int().min(0),
      }),
    })
    .nullable(),
  events: z.record(z.string(), eventSchema),
  extensions: z.record(z.string(), extensionSchema),
  createdAt: instant,
  updatedAt: instant,
  deletedAt: instant.nullable(),
});

/** Runtime schema of the task ledger document v1 (on plain JSON). */
export const ledgerDocSchema = z.object({
  schemaVersion: z.number().int().min(1),
  docType: z.literal("ledger"),
  workspaceId: id,
  tasks: z.record(z.string(), taskSchema),
  createdAt: instant,
});

type PlainTask = z.infer<typeof taskSchema>;

/** Checks the rules zod cannot see: keys match ids, one "created" event, passage offsets in order. */
function taskIssues(key: string, t: PlainTask): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  const at = (p: string) => `tasks.${key}.${p}`;
  if (t.id !== key) issues.push({ path: at("id"), message: "task id differs from its key" });
  for (const [k, e] of Object.entries(t.events)) {
    if (e.id !== k) issues.push({ path: at(`events.${k}.id`), message: "event id differs from its key" });
  }
  for (const [k, x] of Object.entries(t.extensions)) {
    if (x.id !== k)
      issues.push({ path: at(`extensions.${k}.id`), message: "extension id differs from its key" });
  }
  // A lead unit that is also listed as supporting is not an issue: concurrent edits can produce it, and
  // views drop the lead from the supporters.
  const created = Object.values(t.events).filter((e) => e.type === "created");
  if (created.length !== 1)
    issues.push({ path: at("events"), message: "expected exactly one created event" });
  if (t.source && t.source.passage.end < t.source.passage.start) {
    issues.push({ path: at("source.passage.end"), message: "passage ends before it starts" });
  }
  const derived = deriveStatus(Object.values(t.events) as StatusEventLike[]);
  if (derived.heads.length === 0) issues.push({ path: at("events"), message: "no status event" });
  return issues;
}

/**
 * Validates a task ledger (an Automerge doc or its plain JSON), e.g. one received from a peer. Unknown
 * extra fields are allowed (a newer app may add them); missing or mistyped known fields are issues, and
 * so is a task whose key is not its id or that lacks its single "created" event.
 */
export function validateLedger(doc: unknown): ValidationResult {
  const plain = toPlain(doc);
  const result = ledgerDocSchema.safeParse(plain);
  if (!result.success) return toValidationResult(result);
  const issues = Object.entries(result.data.tasks).flatMap(([key, t]) => taskIssues(key, t));
  return issues.length === 0 ? { ok: true } : { ok: false, issues };
}
