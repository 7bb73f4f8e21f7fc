/**
 * A plain-text summary of annotations (the "text summary" export): one block per annotation in page
 * order, with its kind, colour, page, the quoted words, its note and, for shared ones, the replies.
 * Labels come from the caller (the client's i18n), times read "HH:mm dd/MM/yyyy" (`formatDateTime`) in the given zone.
 */
import { formatDateTime } from "../time.ts";
import type { AnnotationColor, AnnotationKind, AnnotationReplyView, AnnotationView } from "./types.ts";

/** The words the summary uses, in the reader's language. */
export interface SummaryLabels {
  readonly title: string;
  /** "Exported at …" with the time filled in. */
  readonly exported: string;
  readonly empty: string;
  readonly page: (page: number) => string;
  readonly kind: (kind: AnnotationKind) => string;
  readonly color: (color: AnnotationColor) => string;
  readonly quote: string;
  readonly note: string;
  readonly replies: string;
  /** "Private" / "Shared". */
  readonly visibility: (v: "private" | "shared") => string;
}

/** An annotation in the summary, with where it lives and any replies (with authors' names). */
export type SummaryEntry = AnnotationView & {
  readonly visibility: "private" | "shared";
  readonly replies?: readonly (AnnotationReplyView & { readonly authorName: string })[];
};

/**
 * The summary text (LF line ends, UTF-8 when saved).
 * @param timeZone IANA zone for dates (default Asia/Ho_Chi_Minh)
 */
export function annotationSummary(
  entries: readonly SummaryEntry[],
  labels: SummaryLabels,
  timeZone?: string,
): string {
  const lines = [labels.title, labels.exported, ""];
  if (entries.length === 0) lines.push(labels.empty);
  const sorted = [...entries].sort(
    (a, b) => a.pageIndex - b.pageIndex || a.createdAt.localeCompare(b.createdAt),
  );
  sorted.forEach((a, i) => {
    lines.push(
      `${i + 1}. ${labels.page(a.pageIndex + 1)} · ${labels.kind(a.kind)} · ${labels.color(a.color)} · ${labels.visibility(a.visibility)} · ${formatDateTime(a.updatedAt, timeZone)}`,
    );
    if (a.quote?.exact) lines.push(`   ${labels.quote}: “${a.quote.exact}”`);
    if (a.text.trim()) lines.push(`   ${labels.note}: ${a.text.trim().replace(/\n/g, "\n   ")}`);
    if (a.replies && a.replies.length > 0) {
      lines.push(`   ${labels.replies}:`);
      for (const r of a.replies) {
        lines.push(
          `   – ${r.authorName} (${formatDateTime(r.createdAt, timeZone)}): ${r.text.replace(/\n/g, " ")}`,
        );
      }
    }
    lines.push("");
  });
  return `${lines.join("\n").trimEnd()}\n`;
}
