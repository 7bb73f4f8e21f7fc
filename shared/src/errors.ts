/**
 * Reason codes for everything the domain refuses. They live in one const object and are turned into
 * user-facing text in one place (the client's i18n catalogs, key `error.<code>`).
 */
export const ReasonCode = {
  NotFound: "not_found",
  Deleted: "deleted",
  InvalidInput: "invalid_input",
  InvalidTransition: "invalid_transition",
  ReadOnly: "read_only",
  NewerSchema: "newer_schema",
  InvalidDocument: "invalid_document",
} as const;
export type ReasonCode = (typeof ReasonCode)[keyof typeof ReasonCode];

/**
 * Thrown by change functions when a precondition fails. Thrown inside `handle.change(fn)` it aborts
 * the whole change, so a refused action never leaves half its writes in the document.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ReasonCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}
