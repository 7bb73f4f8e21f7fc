/**
 * Members and devices for integration tests, made the way a deployment makes them: the admin API
 * (with DATA_DIR/admin-token) adds a member and issues an invitation; the "device" redeems it with a
 * fresh ECDSA P-256 key and keeps the credential from the `Set-Cookie` header.
 */
import { webcrypto } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { RelayProcess } from "./relay-process.ts";

/** A workspace role. */
export type Role = "admin" | "secretary" | "member" | "observer";

/** What `GET /api/bootstrap` and the redemption answer carry. */
export interface Session {
  memberId: string;
  deviceId: string;
  workspaceUrl: string;
  privateUrl: string;
  offlineLockDays: number;
  serverTime: string;
}

/** A registered device of a member. */
export interface TestDevice {
  readonly memberId: string;
  readonly deviceId: string;
  /** `hsd_…`, from the Set-Cookie header of the redemption. */
  readonly credential: string;
  readonly session: Session;
  /** `{authorization: "Bearer hsd_…"}`. */
  readonly headers: Record<string, string>;
}

/** A JSON answer. */
export interface JsonResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** The relay's admin token. */
export async function adminToken(r: RelayProcess): Promise<string> {
  return (await readFile(path.join(r.dataDir, "admin-token"), "utf8")).trim();
}

/** Calls the admin API. */
export async function adminApi<T = Record<string, unknown>>(
  r: RelayProcess,
  method: "GET" | "POST",
  route: string,
  body?: unknown,
): Promise<JsonResponse<T>> {
  const res = await fetch(`${r.url}/admin${route}`, {
    method,
    headers: {
      authorization: `Bearer ${await adminToken(r)}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
}

/** Calls the device API with a device's credential (Bearer). */
export async function deviceApi<T = Record<string, unknown>>(
  r: RelayProcess,
  device: Pick<TestDevice, "headers"> | null,
  method: string,
  route: string,
  init: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const res = await fetch(`${r.url}${route}`, {
    method,
    headers: {
      ...(device?.headers ?? {}),
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}

/** Adds a member through the admin API. @returns the member's id */
export async function addMember(r: RelayProcess, fullName: string, role: Role = "member"): Promise<string> {
  const res = await adminApi<{ member: { id: string } }>(r, "POST", "/members", {
    fullName,
    workspaceRole: role,
  });
  if (res.status !== 200) throw new Error(`add member: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.member.id;
}

/** Issues an invitation. @returns its code and link */
export async function invite(
  r: RelayProcess,
  memberId: string,
  expiresInSeconds?: number,
): Promise<{ code: string; link: string; expiresAt: string }> {
  const res = await adminApi<{ invitation: { code: string; link: string; expiresAt: string } }>(
    r,
    "POST",
    "/invitations",
    {
      memberId,
      ...(expiresInSeconds ? { expiresInSeconds } : {}),
    },
  );
  if (res.status !== 200) throw new Error(`invite: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.invitation;
}

/** A fresh ECDSA P-256 public key as a JWK, as the app makes it with WebCrypto. */
export async function newPublicKeyJwk(): Promise<JsonWebKey> {
  const pair = await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ]);
  return webcrypto.subtle.exportKey("jwk", pair.publicKey);
}

/** `POST /api/invitations/redeem`. `credential` is read from the Set-Cookie header (absent on failure). */
export async function redeem(
  r: RelayProcess,
  code: string,
  options: { deviceName?: string; publicKeyJwk?: unknown; headers?: Record<string, string> } = {},
): Promise<
  JsonResponse<{ session?: Session; error?: { code: string; message: string } }> & {
    credential?: string;
    setCookie: string[];
  }
> {
  const res = await fetch(`${r.url}/api/invitations/redeem`, {
    method: "POST",
    headers: { "content-type": "application/json", ...options.headers },
    body: JSON.stringify({
      code,
      deviceName: options.deviceName ?? "Máy tính bảng thử nghiệm",
      publicKeyJwk: options.publicKeyJwk ?? (await newPublicKeyJwk()),
    }),
  });
  const setCookie = res.headers.getSetCookie();
  const credential = setCookie.map((c) => /^hopso_device=([^;]+)/.exec(c)?.[1]).find(Boolean);
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as { session?: Session },
    setCookie,
    ...(credential ? { credential } : {}),
  };
}

/** Adds a member with `role`, invites them and registers one device. */
export async function signIn(r: RelayProcess, fullName: string, role: Role = "member"): Promise<TestDevice> {
  const memberId = await addMember(r, fullName, role);
  return registerDevice(r, memberId);
}

/** Registers one more device for an existing member. */
export async function registerDevice(
  r: RelayProcess,
  memberId: string,
  deviceName?: string,
): Promise<TestDevice> {
  const { code } = await invite(r, memberId);
  const res = await redeem(r, code, deviceName ? { deviceName } : {});
  if (res.status !== 200 || !res.credential || !res.body.session) {
    throw new Error(`redeem: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  }
  return {
    memberId,
    deviceId: res.body.session.deviceId,
    credential: res.credential,
    session: res.body.session,
    headers: { authorization: `Bearer ${res.credential}` },
  };
}
