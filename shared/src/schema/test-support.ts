import * as A from "@automerge/automerge";
import { ImmutableString } from "@automerge/automerge";

/** Field names that hold collaborative text (plain strings); every other string becomes an ImmutableString. */
const TEXT_FIELDS = new Set([
  "title",
  "issuingBody",
  "location",
  "name",
  "fullName",
  "position",
  "presenter",
  "description",
  "text",
]);

function toDocValue(key: string, value: unknown): unknown {
  if (typeof value === "string") return TEXT_FIELDS.has(key) ? value : new ImmutableString(value);
  if (Array.isArray(value)) return value.map((v) => toDocValue("", v));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toDocValue(k, v);
    return out;
  }
  return value;
}

/**
 * Test helper: builds an Automerge document from a JSON fixture the way the app stores it: ids, enums
 * and instants as ImmutableString, the text fields above as collaborative text.
 */
export function docFromFixture<T>(json: unknown): A.Doc<T> {
  return A.from(toDocValue("", json) as Record<string, unknown>) as A.Doc<T>;
}
