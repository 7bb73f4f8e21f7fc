/**
 * What crosses the relay's WebSocket (`/sync`): automerge-repo's network protocol v1, CBOR-encoded,
 * one message per binary frame. See docs/relay-protocol.md.
 *
 * Everything a client sends is untrusted: {@link parseClientFrame} decodes and validates a frame and
 * either returns a typed message or a reason code; it never throws.
 */
import { decodeSyncMessage } from "@automerge/automerge";
import {
  cbor,
  type DocumentId,
  isValidDocumentId,
  type PeerId,
  type StorageId,
} from "@automerge/automerge-repo";
import { z } from "zod";

/** The only protocol version this relay speaks (automerge-repo-network-websocket `ProtocolV1`). */
export const PROTOCOL_V1 = "1";

/** Why a frame was dropped. Logged as `reason`; documented in docs/relay-protocol.md. */
export const FrameRejection = {
  TextFrame: "text_frame",
  Empty: "empty_frame",
  NotCbor: "not_cbor",
  BadShape: "bad_shape",
  BadPayload: "bad_payload",
  NotJoined: "not_joined",
  SenderMismatch: "sender_mismatch",
  WrongTarget: "wrong_target",
  PeerChanged: "peer_changed",
  Unsupported: "unsupported_type",
} as const;
export type FrameRejection = (typeof FrameRejection)[keyof typeof FrameRejection];

// Peer ids are chosen by clients; keep them printable and short so they are safe in logs and maps.
const peerId = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces")
  .transform((v) => v as PeerId);
// A storageId becomes part of a file path in the relay's storage (sync-state/<storageId>): UUID-like only.
const storageId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, "letters, digits, - and _ only")
  .transform((v) => v as StorageId);
const documentId = z
  .string()
  .max(128)
  .refine((v) => isValidDocumentId(v), "not an automerge document id")
  .transform((v) => v as DocumentId);
const bytes = z.instanceof(Uint8Array).refine((b) => b.byteLength > 0, "empty data");

const joinSchema = z.object({
  type: z.literal("join"),
  senderId: peerId,
  peerMetadata: z
    .object({ storageId: storageId.optional(), isEphemeral: z.boolean().optional() })
    .optional()
    .transform((m) => m ?? {}),
  supportedProtocolVersions: z.array(z.string().max(32)).max(32).optional(),
});

const addressed = { senderId: peerId, targetId: peerId };

const syncSchema = z.object({
  type: z.enum(["sync", "request"]),
  ...addressed,
  documentId,
  data: bytes,
});
const ephemeralSchema = z.object({
  type: z.literal("ephemeral"),
  ...addressed,
  documentId,
  data: bytes,
  count: z.number().int().nonnegative(),
  sessionId: z.string().min(1).max(128),
});
const unavailableSchema = z.object({
  type: z.literal("doc-unavailable"),
  ...addressed,
  documentId,
});
// Remote-heads gossip is off on the relay: these are accepted as well-formed and then ignored.
const gossipSchema = z.object({
  type: z.enum(["remote-subscription-change", "remote-heads-changed"]),
  ...addressed,
});

const clientMessageSchema = z.discriminatedUnion("type", [
  joinSchema,
  syncSchema,
  ephemeralSchema,
  unavailableSchema,
  gossipSchema,
]);

/** `join`: the first message on a connection; the relay answers `peer` (or `error` and closes). */
export type JoinMessage = z.output<typeof joinSchema>;
/** A message from a joined client to the relay. */
export type ClientMessage = z.output<typeof clientMessageSchema>;
/** Messages the relay hands to its Repo. */
export type RepoBoundMessage = Exclude<ClientMessage, JoinMessage>;

/** The relay's answer to `join`. */
export interface PeerMessage {
  type: "peer";
  senderId: PeerId;
  targetId: PeerId;
  peerMetadata: { storageId?: StorageId; isEphemeral?: boolean };
  selectedProtocolVersion: typeof PROTOCOL_V1;
}
/** Sent before the relay closes a connection it refuses (e.g. unsupported protocol version). */
export interface ErrorMessage {
  type: "error";
  senderId: PeerId;
  targetId: PeerId;
  message: string;
}

export type FrameParseResult =
  | { readonly ok: true; readonly message: ClientMessage }
  | { readonly ok: false; readonly reason: FrameRejection; readonly detail: string };

/**
 * Decodes one binary WebSocket frame from a client and validates its shape (not yet who sent it, nor
 * the payload: see {@link checkPayload}).
 *
 * @param frame the frame's bytes
 * @returns the typed message (unknown fields stripped), or the reason it was rejected. Never throws.
 */
export function parseClientFrame(frame: Uint8Array): FrameParseResult {
  if (frame.byteLength === 0) return { ok: false, reason: FrameRejection.Empty, detail: "0 bytes" };
  let decoded: unknown;
  try {
    decoded = cbor.decode(frame);
  } catch (err) {
    return { ok: false, reason: FrameRejection.NotCbor, detail: errorText(err) };
  }
  const type =
    typeof decoded === "object" && decoded !== null ? (decoded as { type?: unknown }).type : undefined;
  if (typeof type === "string" && !KNOWN_TYPES.has(type)) {
    return {
      ok: false,
      reason: FrameRejection.Unsupported,
      detail: `type ${JSON.stringify(type.slice(0, 40))}`,
    };
  }
  const parsed = clientMessageSchema.safeParse(decoded);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
      .join("; ");
    return { ok: false, reason: FrameRejection.BadShape, detail };
  }
  return { ok: true, message: parsed.data };
}

/**
 * Checks a message's payload: `sync`/`request` data must decode as an Automerge sync message,
 * `ephemeral` data as CBOR (the Repo decodes it to hand it to the app); other types pass. Run after the
 * cheap sender checks: it costs a pass over the payload.
 *
 * @returns null if acceptable, else a description of the problem. Never throws.
 */
export function checkPayload(message: ClientMessage): string | null {
  try {
    if (message.type === "sync" || message.type === "request") decodeSyncMessage(message.data);
    else if (message.type === "ephemeral") cbor.decode(message.data);
    return null;
  } catch (err) {
    return errorText(err);
  }
}

const KNOWN_TYPES = new Set([
  "join",
  "sync",
  "request",
  "ephemeral",
  "doc-unavailable",
  "remote-subscription-change",
  "remote-heads-changed",
]);

/** Encodes a message for the wire exactly as automerge-repo does (CBOR, byte strings untagged). */
export function encodeFrame(message: object): Uint8Array {
  return cbor.encode(message);
}

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 200);
}
