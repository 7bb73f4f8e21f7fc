import { createHash } from "node:crypto";
import type {
  Reminder,
  ReminderKind,
  ReminderParams,
  SubjectType,
  Urgency,
} from "../../../shared/src/reminders/index.ts";

/**
 * The plaintext of a reminder push: JSON with ids and a short text, well under 2 KB (push services
 * accept about 4 KB of ciphertext; small messages also cost less battery). The service worker turns
 * `kind` + `params` into the sentence (i18n key `reminder.<kind>`) and uses `key` as the notification
 * `tag`, so a repeated message replaces the first on screen instead of stacking.
 */

/** Largest plaintext the relay sends, in UTF-8 bytes. */
export const MAX_PAYLOAD_BYTES = 1024;
/** The title is cut to this many graphemes and bytes (an ellipsis included). */
export const MAX_TITLE_GRAPHEMES = 120;
export const MAX_TITLE_BYTES = 360;
/** A digest lists at most this many items; the rest are counted in `more`. */
export const MAX_DIGEST_ITEMS = 10;

/** Reminder params that travel (numbers, dates and ids; no member lists, no title). */
export type PushParams = Pick<
  ReminderParams,
  | "dueDate"
  | "deadlineAt"
  | "workingDaysLeft"
  | "hoursLeft"
  | "workingDayOverdue"
  | "startsAt"
  | "unopenedPapers"
  | "totalPapers"
  | "meetingId"
  | "count"
  | "date"
>;
const PARAM_FIELDS = [
  "dueDate",
  "deadlineAt",
  "workingDaysLeft",
  "hoursLeft",
  "workingDayOverdue",
  "startsAt",
  "unopenedPapers",
  "totalPapers",
  "meetingId",
  "count",
  "date",
] as const satisfies readonly (keyof PushParams)[];

/** One item of a digest, enough for the notification's actions (open, mark done). */
export interface PushDigestItem {
  readonly kind: ReminderKind;
  readonly subjectType: SubjectType;
  readonly subjectId: string;
}

/** Version 1 of the reminder push payload (the service worker's contract). */
export interface ReminderPushPayload {
  readonly v: 1;
  readonly type: "reminder";
  /** The reminder key: the notification tag. */
  readonly key: string;
  readonly kind: ReminderKind;
  readonly subjectType: SubjectType;
  readonly subjectId: string;
  readonly urgency: Urgency;
  readonly escalationLevel: number;
  /** ms UTC */
  readonly dueAt: number;
  /** ms UTC; the service worker drops a message that arrives later. */
  readonly expiresAt: number;
  /** The subject's title, cut on a grapheme boundary with "…" when long. */
  readonly title: string;
  readonly params: PushParams;
  /** Digest only. */
  readonly items?: readonly PushDigestItem[];
  /** Digest only: items left out of `items`. */
  readonly more?: number;
}

/** A test notification (settings page, "send a test notification"). */
export interface TestPushPayload {
  readonly v: 1;
  readonly type: "test";
  /** ms UTC when the relay sent it. */
  readonly sentAt: number;
}

const encoder = new TextEncoder();
const byteLength = (s: string) => encoder.encode(s).length;
let segmenter: Intl.Segmenter | undefined;

/**
 * Cuts text to at most `maxGraphemes` user-perceived characters and `maxBytes` UTF-8 bytes, ellipsis
 * included, never inside a grapheme cluster: a Vietnamese letter keeps all its combining marks whether
 * the text is NFC ("ệ") or NFD ("e" + U+0323 + U+0302). Text that fits is returned unchanged. A grapheme
 * cluster larger than the whole budget is dropped with everything after it.
 */
export function truncateGraphemes(
  text: string,
  limits: { maxGraphemes: number; maxBytes: number; ellipsis?: string },
): string {
  const ellipsis = limits.ellipsis ?? "…";
  // Fast path: a string has no more graphemes than UTF-16 code units.
  if (text.length <= limits.maxGraphemes && byteLength(text) <= limits.maxBytes) return text;
  segmenter ??= new Intl.Segmenter("vi", { granularity: "grapheme" });
  const graphemes: string[] = [];
  let bytes = 0;
  let fits = true;
  for (const { segment } of segmenter.segment(text)) {
    const size = byteLength(segment);
    if (graphemes.length >= limits.maxGraphemes || bytes + size > limits.maxBytes) {
      fits = false;
      break;
    }
    graphemes.push(segment);
    bytes += size;
  }
  if (fits) return text;
  // Make room for the ellipsis, then drop trailing white space so "…" follows a word.
  const budgetBytes = limits.maxBytes - byteLength(ellipsis);
  const budgetGraphemes = limits.maxGraphemes - 1;
  while (graphemes.length > 0 && (graphemes.length > budgetGraphemes || bytes > budgetBytes)) {
    bytes -= byteLength(graphemes.pop()!);
  }
  while (graphemes.length > 0 && /^\s+$/u.test(graphemes[graphemes.length - 1]!)) graphemes.pop();
  return budgetBytes < 0 || budgetGraphemes < 0 ? "" : `${graphemes.join("")}${ellipsis}`;
}

/**
 * The push payload of a reminder, at most {@link MAX_PAYLOAD_BYTES}: a digest first lists fewer items,
 * then the title gets shorter.
 * @throws Error if even the smallest form is too big (ids of absurd length)
 */
export function reminderPayload(reminder: Reminder): ReminderPushPayload {
  const params: Record<string, unknown> = {};
  for (const field of PARAM_FIELDS) {
    if (reminder.params[field] !== undefined) params[field] = reminder.params[field];
  }
  const allItems: PushDigestItem[] = (reminder.items ?? []).map((i) => ({
    kind: i.kind,
    subjectType: i.subjectType,
    subjectId: i.subjectId,
  }));
  let itemCount = Math.min(allItems.length, MAX_DIGEST_ITEMS);
  let titleBytes = MAX_TITLE_BYTES;
  for (;;) {
    const payload: ReminderPushPayload = {
      v: 1,
      type: "reminder",
      key: reminder.key,
      kind: reminder.kind,
      subjectType: reminder.subjectType,
      subjectId: reminder.subjectId,
      urgency: reminder.urgency,
      escalationLevel: reminder.escalationLevel,
      dueAt: reminder.dueAt,
      expiresAt: reminder.expiresAt,
      title: truncateGraphemes(reminder.params.title, {
        maxGraphemes: MAX_TITLE_GRAPHEMES,
        maxBytes: titleBytes,
      }),
      params: params as PushParams,
      ...(reminder.items ? { items: allItems.slice(0, itemCount), more: allItems.length - itemCount } : {}),
    };
    if (byteLength(JSON.stringify(payload)) <= MAX_PAYLOAD_BYTES) return payload;
    if (itemCount > 0) itemCount--;
    else if (titleBytes > 0) titleBytes = Math.max(0, titleBytes - 60);
    else throw new Error(`the push payload of reminder ${reminder.key.slice(0, 80)} cannot fit in 1 KB`);
  }
}

/**
 * The `Topic` header of a reminder (RFC 8030 §5.4): a push service holding an undelivered message with
 * the same topic replaces it, so a retry after a crash does not queue a second copy. 32 base64url
 * characters (the maximum) of SHA-256 of the key: 192 bits, no collisions in practice.
 */
export function reminderTopic(key: string): string {
  return createHash("sha256").update(key).digest("base64url").slice(0, 32);
}
