/**
 * Branded identifiers. Every id is a random UUID (RFC 9562 v4) made with WebCrypto, which both browsers
 * (secure contexts) and Node ≥ 19 expose as `globalThis.crypto`. In Automerge documents ids are stored
 * as `ImmutableString` (they are never edited character by character).
 */
declare const brand: unique symbol;
/** A string tagged with a compile-time brand so ids of different kinds are not mixed up. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type WorkspaceId = Brand<string, "WorkspaceId">;
export type MeetingId = Brand<string, "MeetingId">;
export type AgendaItemId = Brand<string, "AgendaItemId">;
export type ParticipantId = Brand<string, "ParticipantId">;
export type MemberId = Brand<string, "MemberId">;

/** Returns a new random id (UUID v4 string, 36 characters). */
export function newId<T extends string = string>(): T {
  return globalThis.crypto.randomUUID() as T;
}
