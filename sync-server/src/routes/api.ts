import { type DocumentId, isValidDocumentId } from "@automerge/automerge-repo";
import { Hono } from "hono";
import { z } from "zod";
import type { MemberView } from "../../../shared/src/index.ts";
import type { AccessController } from "../access/controller.ts";
import type { WorkspaceDirectory } from "../access/directory.ts";
import {
  clearDeviceCookie,
  clientIp,
  type DeviceEnv,
  type HttpSecurity,
  originAllowed,
  readJson,
  requireDevice,
  setDeviceCookie,
} from "../auth/http.ts";
import type { AuthService, DeviceView, Session } from "../auth/service.ts";
import type { RelayStore } from "../auth/store.ts";
import { ApiError, ApiErrorCode } from "../errors.ts";

/** What the device API needs. */
export interface DeviceApiDeps {
  readonly auth: AuthService;
  readonly access: AccessController;
  readonly directory: WorkspaceDirectory;
  readonly store: RelayStore;
  readonly security: HttpSecurity;
}

/** `{session}`: `POST /api/invitations/redeem`, `GET /api/bootstrap`, `POST /api/me/credential/rotate`. */
export interface SessionBody {
  session: Session;
}

/** `GET /api/me`. */
export interface MeBody {
  member: MemberView;
  device: DeviceView;
  session: Session;
}

/** One audit entry of `GET /api/documents/:documentId/audit`. */
export interface AuditEntry {
  changeHash: string;
  /** null for changes the relay made itself (`origin` "relay" or "admin"). */
  memberId: string | null;
  memberName: string | null;
  deviceId: string | null;
  deviceName: string | null;
  /** "device", "relay" (migrations) or "admin" (the admin CLI). */
  origin: string;
  /** ISO 8601 UTC. */
  receivedAt: string;
}

const redeemSchema = z.object({
  code: z.string().min(1).max(64),
  deviceName: z.string().trim().min(1).max(100),
  publicKeyJwk: z.record(z.string(), z.unknown()),
});

const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(2000).default(500),
  before: z.coerce.number().int().min(1).optional(),
});

/**
 * The device API, mounted at "/api". Public: `POST /invitations/redeem`. Everything else needs a device
 * credential (middleware `requireDevice`), including unknown paths (401 before 404, so the API's shape
 * is not visible without signing in). docs/relay-protocol.md describes each route.
 */
export function apiRoutes(deps: DeviceApiDeps): Hono<DeviceEnv> {
  const { auth, security } = deps;
  const api = new Hono<DeviceEnv>();

  // Public: onboarding. Registered before the middleware, so it runs without a credential.
  api.post("/invitations/redeem", async (c) => {
    // Login CSRF: another site must not sign a browser in as someone else. A JSON body already needs a
    // CORS preflight cross-site (which the relay never grants); a foreign Origin is refused outright.
    const origin = c.req.header("origin");
    if (origin && !originAllowed(origin, c, security)) {
      throw new ApiError(403, ApiErrorCode.CsrfCheckFailed, `Origin ${origin} may not send requests here`);
    }
    const body = await readJson(c, redeemSchema);
    const { session, credential } = await auth.redeem(body, clientIp(c, security.trustProxy));
    setDeviceCookie(c, credential, security);
    c.header("Cache-Control", "no-store");
    return c.json({ session } satisfies SessionBody);
  });

  api.use("*", requireDevice(auth, security));

  api.get("/bootstrap", (c) => {
    c.header("Cache-Control", "no-store");
    return c.json({ session: auth.session(c.var.auth.device) } satisfies SessionBody);
  });

  api.get("/me", (c) => {
    const { device, member } = c.var.auth;
    const current = auth.devicesOf(member.id, device.id).find((d) => d.id === device.id)!;
    c.header("Cache-Control", "no-store");
    return c.json({ member, device: current, session: auth.session(device) } satisfies MeBody);
  });

  api.get("/me/devices", (c) => {
    const { device, member } = c.var.auth;
    c.header("Cache-Control", "no-store");
    return c.json({ devices: auth.devicesOf(member.id, device.id) });
  });

  api.delete("/me/devices/:deviceId", (c) => {
    const { device, member } = c.var.auth;
    const target = c.req.param("deviceId");
    const revoked = auth.revokeDevice(target, "self", member.id);
    if (target === device.id) clearDeviceCookie(c, security);
    const { memberId: _m, revokedBy: _r, ...view } = revoked;
    return c.json({ device: { ...view, current: target === device.id } satisfies DeviceView });
  });

  api.post("/me/credential/rotate", (c) => {
    const { device } = c.var.auth;
    const credential = auth.rotate(device);
    setDeviceCookie(c, credential, security);
    c.header("Cache-Control", "no-store");
    return c.json({ session: auth.session(device) } satisfies SessionBody);
  });

  api.get("/documents/:documentId/audit", async (c) => {
    const id = c.req.param("documentId");
    const documentId = id.startsWith("automerge:") ? id.slice("automerge:".length) : id;
    // Never reveal whether a document exists to someone who may not read it: 404 either way.
    if (
      !isValidDocumentId(documentId) ||
      !(await deps.access.may(c.var.auth.member.id, documentId as DocumentId, "read"))
    ) {
      throw new ApiError(404, ApiErrorCode.NotFound, "No such document");
    }
    const query = auditQuerySchema.safeParse(c.req.query());
    if (!query.success)
      throw new ApiError(400, ApiErrorCode.InvalidInput, "limit: 1…2000; before: an entry cursor");
    const rows = deps.store.auditOf(documentId, query.data.limit, query.data.before);
    const deviceNames = new Map<string, string | null>();
    const entries: AuditEntry[] = rows.map((r) => {
      if (r.deviceId && !deviceNames.has(r.deviceId))
        deviceNames.set(r.deviceId, deps.store.deviceById(r.deviceId)?.name ?? null);
      return {
        changeHash: r.changeHash,
        memberId: r.memberId,
        memberName: r.memberId ? (deps.directory.member(r.memberId)?.fullName ?? null) : null,
        deviceId: r.deviceId,
        deviceName: r.deviceId ? (deviceNames.get(r.deviceId) ?? null) : null,
        origin: r.origin,
        receivedAt: new Date(r.receivedAt).toISOString(),
      };
    });
    const nextBefore = rows.length === query.data.limit ? (rows.at(-1)?.id ?? null) : null;
    c.header("Cache-Control", "no-store");
    return c.json({ entries, nextBefore });
  });

  // The written consultations this member may read: the app syncs them (a consultation is not in the
  // workspace index, so members not named in it never even learn its id).
  api.get("/consultations", async (c) => {
    c.header("Cache-Control", "no-store");
    return c.json({ consultations: await deps.access.readableConsultations(c.var.auth.member.id) });
  });

  api.all("*", (c) => {
    throw new ApiError(404, ApiErrorCode.NotFound, `No API route ${c.req.method} ${c.req.path}`);
  });
  return api;
}
