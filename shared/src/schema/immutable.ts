import { ImmutableString } from "@automerge/automerge";

/**
 * Automerge stores plain JS strings as collaborative text. Ids, enums, instants and hashes must not
 * merge character by character, so documents keep them as `ImmutableString`; these helpers convert at
 * the edges (change functions write with `imm`, selectors read with `str`).
 */
export type Imm<T extends string = string> = ImmutableString & { readonly __value?: T };

/** Wraps a value as an ImmutableString for writing into a document. */
export function imm<T extends string>(value: T): Imm<T> {
  return new ImmutableString(value) as Imm<T>;
}

/**
 * Reads a string field that may be an ImmutableString or a plain string (collaborative text) and
 * returns the plain value. Returns `undefined` for null or undefined.
 */
export function str<T extends string = string>(value: Imm<T> | string | null | undefined): T | undefined;
export function str(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") return value;
  if (value instanceof ImmutableString) return value.val;
  return undefined;
}

/**
 * Deep-converts a document (or part of it) into plain JSON: ImmutableString → string, Counter → number,
 * Date → ISO string. Used by the validator and by exports; never write the result back.
 */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (value instanceof ImmutableString) return value.val;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === "object") {
    if (
      "value" in value &&
      typeof (value as { value: unknown }).value === "number" &&
      value.constructor?.name === "Counter"
    ) {
      return (value as { value: number }).value;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toPlain(v);
    return out;
  }
  return value;
}
