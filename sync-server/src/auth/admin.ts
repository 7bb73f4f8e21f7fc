/**
 * What the admin API (`/admin/*`, used by `npm run admin`) can do. Directory changes are made with
 * shared/'s change functions on the workspace document in the relay's own Repo, so they sync to every
 * member's device like any other change, and they are recorded in the audit log as "admin".
 */
import {
  addMember,
  addUnit,
  DomainError,
  disableMember,
  enableMember,
  type MemberInput,
  type MemberView,
  ReasonCode,
  setMemberRole,
  type UnitInput,
  type UnitView,
  type WorkspaceRole,
} from "../../../shared/src/index.ts";
import type { AccessController } from "../access/controller.ts";
import type { WorkspaceDirectory } from "../access/directory.ts";
import { ApiError, ApiErrorCode } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { AdminDeviceView, AuthService, IssuedInvitation } from "./service.ts";
import type { RelayStore } from "./store.ts";

/** A member in admin listings: the directory view plus how many devices are signed in. */
export interface AdminMemberView extends MemberView {
  readonly activeDevices: number;
}

/** `GET /admin/workspace`. */
export interface WorkspaceInfo {
  readonly workspaceUrl: string;
  readonly name: string;
  readonly members: number;
  readonly activeMembers: number;
  readonly units: number;
  readonly offlineLockDays: number;
}

export interface AdminServiceOptions {
  readonly directory: WorkspaceDirectory;
  readonly auth: AuthService;
  readonly access: AccessController;
  readonly store: RelayStore;
  readonly logger: Logger;
  /** Clock, ms since the epoch. */
  readonly now: () => number;
}

/** See the module comment. Every method throws ApiError (400/404/409) for refused input. */
export class AdminService {
  readonly #dir: WorkspaceDirectory;
  readonly #auth: AuthService;
  readonly #access: AccessController;
  readonly #store: RelayStore;
  readonly #log: Logger;
  readonly #now: () => number;

  constructor(options: AdminServiceOptions) {
    this.#dir = options.directory;
    this.#auth = options.auth;
    this.#access = options.access;
    this.#store = options.store;
    this.#log = options.logger.child({ component: "admin" });
    this.#now = options.now;
  }

  /** The workspace served by this relay. */
  workspace(): WorkspaceInfo {
    const members = this.#dir.members();
    return {
      workspaceUrl: this.#dir.url,
      name: this.#dir.doc().name,
      members: members.length,
      activeMembers: members.filter((m) => !m.disabled).length,
      units: this.#dir.units().length,
      offlineLockDays: this.#dir.offlineLockDays(),
    };
  }

  /**
   * Sets up the workspace this relay created on first start: gives it its name and, with `admin`, adds
   * the first member as workspace admin and issues their invitation. Only once: a workspace that already
   * has members is refused (409), so a script cannot silently reset one.
   */
  createWorkspace(
    input: { name: string; admin?: MemberInput; expiresInSeconds: number },
    origin: string,
  ): { workspace: WorkspaceInfo; admin: MemberView | null; invitation: IssuedInvitation | null } {
    const name = input.name.trim();
    if (!name || name.length > 200)
      throw new ApiError(400, ApiErrorCode.InvalidInput, "name: 1…200 characters");
    if (Object.keys(this.#dir.doc().members ?? {}).length > 0) {
      throw new ApiError(
        409,
        ApiErrorCode.Conflict,
        "This relay's workspace already has members; it was created before",
      );
    }
    let adminId: string | null = null;
    domain(() =>
      this.#dir.change((doc) => {
        doc.name = name;
        if (input.admin) adminId = addMember(doc, { ...input.admin, workspaceRole: "admin" }, this.#now());
      }, "admin"),
    );
    this.#log.info({ name, adminId }, "workspace set up");
    const admin = adminId ? this.#dir.member(adminId)! : null;
    const invitation = adminId
      ? this.#auth.createInvitation(adminId, input.expiresInSeconds, origin, "admin")
      : null;
    return { workspace: this.workspace(), admin, invitation };
  }

  /** Every member (disabled ones last) with their active device count. */
  members(): AdminMemberView[] {
    const counts = this.#store.activeDeviceCounts();
    return this.#dir.members().map((m) => ({ ...m, activeDevices: counts.get(m.id) ?? 0 }));
  }

  /** Adds a member to the directory (shared `addMember`). */
  addMember(input: MemberInput): AdminMemberView {
    const id = domain(() => this.#dir.change((doc) => addMember(doc, input, this.#now()), "admin"));
    this.#log.info({ memberId: id, role: input.workspaceRole ?? "member" }, "member added");
    return { ...this.#dir.member(id)!, activeDevices: 0 };
  }

  /**
   * Disables or re-enables a member. Disabling ends their access at once: their sockets are closed
   * (4403 member_disabled) and every request of their devices is refused; their name stays in history.
   */
  setMemberDisabled(memberId: string, disabled: boolean): AdminMemberView {
    domain(() =>
      this.#dir.change(
        (doc) => (disabled ? disableMember(doc, memberId, this.#now()) : enableMember(doc, memberId)),
        "admin",
      ),
    );
    this.#access.sweepConnections();
    this.#log.info({ memberId, disabled }, disabled ? "member disabled" : "member enabled");
    return this.#view(memberId);
  }

  /** Changes a member's workspace role (shared `setMemberRole`). */
  setMemberRole(memberId: string, role: WorkspaceRole): AdminMemberView {
    domain(() => this.#dir.change((doc) => setMemberRole(doc, memberId, role), "admin"));
    this.#log.info({ memberId, role }, "member role changed");
    return this.#view(memberId);
  }

  /** Every unit, sorted by name. */
  units(): UnitView[] {
    return this.#dir.units();
  }

  /** Adds a unit (shared `addUnit`). */
  addUnit(input: UnitInput): UnitView {
    const id = domain(() => this.#dir.change((doc) => addUnit(doc, input, this.#now()), "admin"));
    this.#log.info({ unitId: id }, "unit added");
    return this.#dir.units().find((u) => u.id === id)!;
  }

  /** Issues an invitation for a member. */
  invite(memberId: string, expiresInSeconds: number, origin: string): IssuedInvitation {
    return this.#auth.createInvitation(memberId, expiresInSeconds, origin, "admin");
  }

  /** A member's devices (revoked ones included). @throws ApiError 404 for an unknown member */
  devices(memberId: string): AdminDeviceView[] {
    if (!this.#dir.member(memberId)) throw new ApiError(404, ApiErrorCode.NotFound, `No member ${memberId}`);
    return this.#auth.adminDevicesOf(memberId);
  }

  /** Revokes a device (its sockets close at once). */
  revokeDevice(deviceId: string): AdminDeviceView {
    return this.#auth.revokeDevice(deviceId, "admin");
  }

  #view(memberId: string): AdminMemberView {
    const member = this.#dir.member(memberId);
    if (!member) throw new ApiError(404, ApiErrorCode.NotFound, `No member ${memberId}`);
    return { ...member, activeDevices: this.#store.activeDeviceCounts().get(memberId) ?? 0 };
  }
}

/** Runs a directory change, turning shared/'s DomainError into the matching ApiError. */
function domain<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof DomainError) {
      if (err.code === ReasonCode.NotFound)
        throw new ApiError(404, ApiErrorCode.NotFound, `Not found: ${err.message}`);
      throw new ApiError(400, ApiErrorCode.InvalidInput, err.message);
    }
    throw err;
  }
}
