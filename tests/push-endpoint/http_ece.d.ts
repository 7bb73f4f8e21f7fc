/** Typings for the parts of http_ece (RFC 8188 / RFC 8291) the local push endpoint uses. */
declare module "http_ece" {
  import type { ECDH } from "node:crypto";

  export interface EceParams {
    /** "aes128gcm" (RFC 8188) or the older "aesgcm". */
    version?: "aes128gcm" | "aesgcm";
    /** Web Push: the receiver's (decrypt) or sender's (encrypt) ECDH key pair. */
    privateKey?: ECDH;
    /** Web Push: the peer's public key (encrypt; aesgcm decrypt). */
    dh?: string | Buffer;
    /** Web Push auth secret, base64url or bytes. */
    authSecret?: string | Buffer;
    salt?: string | Buffer;
    key?: string | Buffer;
    keyid?: string | Buffer;
    rs?: number;
  }

  export function decrypt(buffer: Buffer, params: EceParams): Buffer;
  export function encrypt(buffer: Buffer, params: EceParams): Buffer;
}
