import { DomainError } from "../../../../shared/src/index.ts";
import { ActionError } from "../../state/actions.ts";
import { errorMessage } from "../meeting/errors.ts";
import type { MeetingsText } from "../meeting/i18n.ts";

/** A duration as "m:ss" (or "h:mm:ss"), never negative; for timers. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** Minutes with one decimal in the UI's locale style ("12,5" in Vietnamese). */
export function formatMinutes1(minutes: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(minutes);
}

const REFUSALS = new Set([
  "not_owner",
  "not_invited",
  "not_named",
  "meeting_status",
  "consultation_not_open",
  "consultation_closed",
  "deadline_passed",
  "questions_frozen",
  "no_current_item",
  "already_requested",
  "not_waiting",
  "not_speaking",
  "no_live_container",
]);

/**
 * The user-facing text of a refused run action: the domain's finer reason (`details.reason`, e.g.
 * "deadline_passed") when it has one, else the general `error.<code>`.
 */
export function runErrorMessage(t: MeetingsText, error: unknown): string {
  const cause = error instanceof ActionError ? error.cause : error;
  const reason = cause instanceof DomainError ? (cause.details?.reason as string | undefined) : undefined;
  if (reason && REFUSALS.has(reason)) return t(`run.refusal.${reason as "not_owner"}`);
  return errorMessage(t, error);
}

/** Saves text as a file the user downloads (CSV, .ics). */
export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
