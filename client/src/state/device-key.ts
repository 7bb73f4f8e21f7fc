import { VOTE_KEY_ALGORITHM, VOTE_SIGNATURE_ALGORITHM } from "../../../shared/src/index.ts";

/**
 * This device's signing key: an ECDSA P-256 key pair made with WebCrypto at sign-in, with a
 * NON-extractable private key (no script, ours included, can read it out; it can only be used to sign
 * here). The pair is kept in IndexedDB (database `hopso-keys`): CryptoKey objects are structured-
 * cloneable, so the browser stores the key itself, not its bytes. The public key (JWK) goes to the relay
 * when the device registers; later issues sign votes and opinions with {@link signBytes}.
 *
 * Signatures are ECDSA with SHA-256 in IEEE P1363 form (r‖s, 64 bytes), as shared/src/votes expects.
 */

export const KEY_DB = "hopso-keys";
const STORE = "keys";
const DEVICE_KEY = "device";

/** Thrown when this browser cannot make or use the key (no WebCrypto: an insecure http:// origin). */
export class DeviceKeyUnavailableError extends Error {
  override readonly name = "DeviceKeyUnavailableError";
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new DeviceKeyUnavailableError("WebCrypto is not available (HTTPS or localhost required)");
  return s;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function openKeyDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (!globalThis.indexedDB) {
      reject(new DeviceKeyUnavailableError("IndexedDB is not available"));
      return;
    }
    const open = indexedDB.open(KEY_DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onsuccess = () => {
      const db = open.result;
      // Let a wipe (deleteDatabase) in another tab proceed.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    open.onerror = () => reject(open.error);
    open.onblocked = () => reject(new Error(`${KEY_DB} is blocked by another tab`));
  });
}

async function withStore<T>(
  mode: IDBTransactionMode,
  fn: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await openKeyDb();
  try {
    const tx = db.transaction(STORE, mode);
    const result = await request(fn(tx.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
    return result;
  } finally {
    db.close();
  }
}

function isKeyPair(value: unknown): value is CryptoKeyPair {
  const pair = value as Partial<CryptoKeyPair> | undefined;
  return Boolean(pair?.privateKey && pair.publicKey);
}

/** The stored key pair of this device, or undefined before sign-in (or after a wipe). */
export async function deviceKey(): Promise<CryptoKeyPair | undefined> {
  const stored = await withStore("readonly", (store) => store.get(DEVICE_KEY));
  return isKeyPair(stored) ? stored : undefined;
}

/**
 * Makes a new key pair (non-extractable private key) and stores it, replacing any earlier one.
 * @returns the pair and its public key as a JWK, to send to the relay
 * @throws DeviceKeyUnavailableError without WebCrypto or IndexedDB
 */
export async function createDeviceKey(): Promise<{ pair: CryptoKeyPair; publicKeyJwk: JsonWebKey }> {
  const pair = (await subtle().generateKey(VOTE_KEY_ALGORITHM, false, ["sign", "verify"])) as CryptoKeyPair;
  // A public key is always exportable, whatever `extractable` says; the private key is not.
  const jwk = await subtle().exportKey("jwk", pair.publicKey);
  const publicKeyJwk: JsonWebKey = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
  await withStore("readwrite", (store) => store.put(pair, DEVICE_KEY));
  return { pair, publicKeyJwk };
}

/**
 * Signs `bytes` with this device's private key: ECDSA P-256 / SHA-256, 64-byte r‖s.
 * @throws DeviceKeyUnavailableError when the device has no key (not signed in, or wiped)
 */
export async function signBytes(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const pair = await deviceKey();
  if (!pair) throw new DeviceKeyUnavailableError("this device has no signing key");
  return new Uint8Array(await subtle().sign(VOTE_SIGNATURE_ALGORITHM, pair.privateKey, bytes));
}

/** Forgets the key pair (part of erasing the device's data). */
export async function deleteDeviceKey(): Promise<void> {
  await withStore("readwrite", (store) => store.delete(DEVICE_KEY)).catch(() => undefined);
}
