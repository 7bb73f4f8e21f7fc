import { generateKeyBetween, generateNKeysBetween } from "fractional-indexing";

/** Something ordered by a fractional-index `orderKey`, with `id` breaking ties. */
export interface Positioned {
  readonly id: string;
  readonly orderKey: string;
}

/**
 * Sorts by orderKey, then id. Two peers inserting at the same place concurrently can produce the same
 * key; the id tie-break makes every peer show the same order.
 */
export function byPosition<T extends Positioned>(a: T, b: T): number {
  if (a.orderKey < b.orderKey) return -1;
  if (a.orderKey > b.orderKey) return 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Returns a.orderKey key that sorts at `index` of `sorted` (0 = first, sorted.length = last), excluding
 * the item being moved (pass the list without it). Neighbours that share a key (a concurrent insert)
 * are skipped over so the new key is strictly between distinct keys.
 *
 * @throws RangeError when index is outside 0…sorted.length
 */
export function positionAt(sorted: readonly Positioned[], index: number): string {
  if (!Number.isInteger(index) || index < 0 || index > sorted.length) {
    throw new RangeError(`index ${index} outside 0…${sorted.length}`);
  }
  const before = index > 0 ? sorted[index - 1]!.orderKey : null;
  let after: string | null = index < sorted.length ? sorted[index]!.orderKey : null;
  if (before !== null && after !== null && after <= before) {
    // Equal keys from a concurrent insert: look further for the first strictly greater key.
    after = sorted.slice(index).find((p) => p.orderKey > before)?.orderKey ?? null;
  }
  return generateKeyBetween(before, after);
}

/**
 * When the items on both sides of `index` share a key (two peers inserted at the same place
 * concurrently), nothing fits strictly between them. Returns new keys for the run of tied items that
 * starts at `index`, spread between the tied key and the next greater key, so an insert or a move to
 * `index` can then land exactly there. Returns an empty list when there is no tie at `index`.
 */
export function untieAt(sorted: readonly Positioned[], index: number): { id: string; orderKey: string }[] {
  if (index <= 0 || index >= sorted.length) return [];
  const tied = sorted[index - 1]!.orderKey;
  if (sorted[index]!.orderKey !== tied) return [];
  let end = index;
  while (end < sorted.length && sorted[end]!.orderKey === tied) end++;
  const next = end < sorted.length ? sorted[end]!.orderKey : null;
  const keys = generateNKeysBetween(tied, next, end - index);
  return sorted.slice(index, end).map((p, i) => ({ id: p.id, orderKey: keys[i]! }));
}
