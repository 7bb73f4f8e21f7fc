import { Hono } from "hono";
import { z } from "zod";
import {
  memberInputSchema,
  unitInputSchema,
  WORKSPACE_ROLES,
  type WorkspaceRole,
} from "../../../shared/src/index.ts";
import type { AdminService } from "../auth/admin.ts";
import { appOrigin, type HttpSecurity, readJson, requireAdmin } from "../auth/http.ts";
import { type AuthService, DEFAULT_INVITATION_SECONDS, MAX_INVITATION_SECONDS } from "../auth/service.ts";
import { ApiError, ApiErrorCode } from "../errors.ts";

/** What the admin API needs. */
export interface AdminApiDeps {
  readonly admin: AdminService;
  readonly auth: AuthService;
  readonly security: HttpSecurity;
}

const expires = z.number().int().min(1).max(MAX_INVITATION_SECONDS).default(DEFAULT_INVITATION_SECONDS);
const role = z.enum(WORKSPACE_ROLES as [WorkspaceRole, ...WorkspaceRole[]]);

const createWorkspaceSchema = z.object({
  name: z.string().trim().min(1).max(200),
  admin: memberInputSchema.omit({ workspaceRole: true }).optional(),
  expiresInSeconds: expires,
});
const inviteSchema = z.object({ memberId: z.string().min(1).max(100), expiresInSeconds: expires });
const roleSchema = z.object({ role });

/**
 * The admin API, mounted at "/admin", for `npm run admin` (sync-server/src/cli/admin.ts). Every route
 * needs `Authorization: Bearer <DATA_DIR/admin-token>` and, by default, a loopback client
 * (ADMIN_API). JSON in, JSON out; errors `{error: {code, message}}`. docs/relay-protocol.md lists them.
 */
export function adminRoutes(deps: AdminApiDeps): Hono {
  const { admin, security } = deps;
  const api = new Hono();
  api.use("*", requireAdmin(deps.auth, security));
  api.use("*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });

  api.get("/workspace", (c) => c.json({ workspace: admin.workspace() }));
  api.post("/workspace", async (c) => {
    const body = await readJson(c, createWorkspaceSchema);
    return c.json(admin.createWorkspace(body, appOrigin(c, security)));
  });

  api.get("/members", (c) => c.json({ members: admin.members() }));
  api.post("/members", async (c) => {
    // shared's schema validates the fields; unknown fields are refused so typos do not pass silently.
    const body = await readJson(c, memberInputSchema.strict());
    return c.json({ member: admin.addMember(body) });
  });
  api.post("/members/:memberId/disable", (c) =>
    c.json({ member: admin.setMemberDisabled(c.req.param("memberId"), true) }),
  );
  api.post("/members/:memberId/enable", (c) =>
    c.json({ member: admin.setMemberDisabled(c.req.param("memberId"), false) }),
  );
  api.post("/members/:memberId/role", async (c) => {
    const body = await readJson(c, roleSchema);
    return c.json({ member: admin.setMemberRole(c.req.param("memberId"), body.role) });
  });
  api.get("/members/:memberId/devices", (c) => c.json({ devices: admin.devices(c.req.param("memberId")) }));

  api.get("/units", (c) => c.json({ units: admin.units() }));
  api.post("/units", async (c) => {
    const body = await readJson(c, unitInputSchema.strict());
    return c.json({ unit: admin.addUnit(body) });
  });

  api.post("/invitations", async (c) => {
    const body = await readJson(c, inviteSchema);
    return c.json({ invitation: admin.invite(body.memberId, body.expiresInSeconds, appOrigin(c, security)) });
  });

  api.post("/devices/:deviceId/revoke", (c) =>
    c.json({ device: admin.revokeDevice(c.req.param("deviceId")) }),
  );

  api.all("*", (c) => {
    throw new ApiError(404, ApiErrorCode.NotFound, `No admin route ${c.req.method} ${c.req.path}`);
  });
  return api;
}
