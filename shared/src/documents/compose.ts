import type { LocalDate } from "../calendar/local-date.ts";
import { type BodyBlock, type Issuer, item, paragraph } from "./model.ts";
import { END_MARK } from "./text.ts";

/** What every composed document needs for its header. */
export interface DocumentHeaderInput {
  readonly issuer: Issuer;
  /** Register number, or null for a draft. */
  readonly number: number | null;
  /** Place name (địa danh) for the date line, e.g. "Bình Thạnh". */
  readonly place: string;
  /** Date of issue in the local calendar. */
  readonly date: LocalDate;
}

/** A person as documents name them. */
export interface PersonRef {
  readonly fullName: string;
  readonly position: string;
}

/** "Nguyễn Văn A, Chủ tịch UBND quận" (or only the name when there is no position). */
export function personWithPosition(p: PersonRef): string {
  const name = p.fullName.trim();
  const position = p.position.trim();
  return position ? `${name}, ${position}` : name;
}

/**
 * Free text (collaborative conclusion text, notes) as body blocks: each non-empty line a paragraph;
 * lines starting with "-", "+" or "•" are list entries.
 */
export function blocksOfText(text: string): BodyBlock[] {
  return text
    .normalize("NFC")
    .split(/\r?\n/u)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => (/^[-+•–]\s/u.test(l) ? item(l.replace(/^•/u, "-")) : paragraph(l)));
}

/** Joins the words with no-break spaces, so a name is never split across lines. */
export function unbreakable(text: string): string {
  return text.trim().replace(/\s+/gu, "\u00a0");
}

/** Upper-cases the first letter ("ngày 05…" → "Ngày 05…"). */
export function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase("vi") + text.slice(1);
}

/** Ends the body with "./." (replacing a final ".", ";" or ":"), as administrative documents do. */
export function withEndMark(blocks: readonly BodyBlock[]): BodyBlock[] {
  const out = [...blocks];
  const last = out.at(-1);
  if (!last || last.runs.length === 0) return out;
  const runs = [...last.runs];
  const lastRun = runs.at(-1)!;
  const text = lastRun.text.replace(/\s+$/u, "");
  if (text.endsWith(END_MARK)) return out;
  runs[runs.length - 1] = { ...lastRun, text: `${text.replace(/[.;:,]+$/u, "")}${END_MARK}` };
  out[out.length - 1] = { ...last, runs };
  return out;
}
