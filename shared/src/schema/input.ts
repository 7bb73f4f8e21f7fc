import type { z } from "zod";
import { DomainError, ReasonCode } from "../errors.ts";

/**
 * Parses input (a form, a call from the client, a value read from a peer's document) with a zod
 * schema and returns the parsed output. This is the one place a validation failure becomes a
 * `DomainError(invalid_input)`: its message lists "path: problem" pairs and `details.issues` holds them
 * as `{path, message}` for the UI to place next to each field.
 *
 * @param what optional prefix naming the input in the message (e.g. "vote")
 * @throws DomainError(invalid_input)
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    const list = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
    throw new DomainError(ReasonCode.InvalidInput, what ? `${what}: ${list}` : list, { issues });
  }
  return result.data;
}
