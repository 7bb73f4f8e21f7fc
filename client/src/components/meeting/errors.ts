import { ActionError } from "../../state/actions.ts";
import type { MeetingsText } from "./i18n.ts";

/** An error whose message is already user-facing text (translated where it was thrown). */
export class UserFacingError extends Error {
  override readonly name = "UserFacingError";
}

/** The user-facing text of a failed action: the catalog's `error.<code>`. */
export function errorMessage(t: MeetingsText, error: unknown): string {
  if (error instanceof UserFacingError) return error.message;
  const code = error instanceof ActionError ? error.code : "unknown";
  return t(`error.${code}`);
}
