import { z } from "zod";
import { type AccessSubject, WORKSPACE_ROLES, type WorkspaceRole } from "../access/policy.ts";
import { DomainError, ReasonCode } from "../errors.ts";
import { type MemberId, newId } from "../ids.ts";
import { imm, str } from "../schema/immutable.ts";
import { parseInput } from "../schema/input.ts";
import { instant } from "../time.ts";
import { UNIT_KINDS, type UnitKind, type WorkspaceDoc } from "./types.ts";

/** Input for a new member. `email` and `phone` are optional contact details. */
export const memberInputSchema = z.object({
  fullName: z.string().trim().min(1).max(200),
  position: z.string().trim().max(200).default(""),
  unitId: z.string().min(1).nullable().default(null),
  email: z.email().nullable().default(null),
  phone: z
    .string()
    .regex(/^\+?[0-9 ().-]{6,20}$/)
    .nullable()
    .default(null),
  workspaceRole: z.enum(WORKSPACE_ROLES as [WorkspaceRole, ...WorkspaceRole[]]).default("member"),
});
export type MemberInput = z.input<typeof memberInputSchema>;

/** Input for a new unit. */
export const unitInputSchema = z.object({
  name: z.string().trim().min(1).max(300),
  kind: z.enum(UNIT_KINDS as [UnitKind, ...UnitKind[]]).default("department"),
  parentId: z.string().min(1).nullable().default(null),
});
export type UnitInput = z.input<typeof unitInputSchema>;

function requireUnit(doc: WorkspaceDoc, unitId: string | null): void {
  if (unitId !== null && (!doc.units[unitId] || doc.units[unitId].disabledAt)) {
    throw new DomainError(ReasonCode.NotFound, `unit ${unitId}`);
  }
}

/**
 * Adds a member to the directory. Returns the new member id.
 * @param now ms since the Unix epoch
 * @throws DomainError(invalid_input | not_found for an unknown unit)
 */
export function addMember(doc: WorkspaceDoc, input: MemberInput, now: number): MemberId {
  const m = parseInput(memberInputSchema, input);
  requireUnit(doc, m.unitId);
  const id = newId<MemberId>();
  doc.members[id] = {
    id: imm(id),
    fullName: m.fullName,
    position: m.position,
    unitId: m.unitId === null ? null : imm(m.unitId),
    email: m.email === null ? null : imm(m.email),
    phone: m.phone === null ? null : imm(m.phone),
    workspaceRole: imm(m.workspaceRole),
    createdAt: imm(instant(now)),
    disabledAt: null,
  };
  return id;
}

/**
 * Changes a member's workspace role.
 * @throws DomainError(not_found | invalid_input)
 */
export function setMemberRole(doc: WorkspaceDoc, memberId: string, role: WorkspaceRole): void {
  const member = doc.members[memberId];
  if (!member) throw new DomainError(ReasonCode.NotFound, `member ${memberId}`);
  member.workspaceRole = imm(parseInput(memberInputSchema.shape.workspaceRole, role));
}

/**
 * Disables a member: they lose all access at once; their name stays in every document's history.
 * Idempotent. @throws DomainError(not_found)
 */
export function disableMember(doc: WorkspaceDoc, memberId: string, now: number): void {
  const member = doc.members[memberId];
  if (!member) throw new DomainError(ReasonCode.NotFound, `member ${memberId}`);
  if (!member.disabledAt) member.disabledAt = imm(instant(now));
}

/** Re-enables a disabled member. @throws DomainError(not_found) */
export function enableMember(doc: WorkspaceDoc, memberId: string): void {
  const member = doc.members[memberId];
  if (!member) throw new DomainError(ReasonCode.NotFound, `member ${memberId}`);
  member.disabledAt = null;
}

/**
 * Adds a unit. Returns its id.
 * @throws DomainError(invalid_input | not_found for an unknown parent)
 */
export function addUnit(doc: WorkspaceDoc, input: UnitInput, now: number): string {
  const u = parseInput(unitInputSchema, input);
  requireUnit(doc, u.parentId);
  const id = newId();
  doc.units[id] = {
    id: imm(id),
    name: u.name,
    kind: imm(u.kind),
    parentId: u.parentId === null ? null : imm(u.parentId),
    createdAt: imm(instant(now)),
    disabledAt: null,
  };
  return id;
}

/**
 * Sets how many days a device may stay away from the relay before meeting data locks.
 * @throws DomainError(invalid_input) outside 1…3650
 */
export function setOfflineLockDays(doc: WorkspaceDoc, days: number): void {
  doc.settings.offlineLockDays = parseInput(z.number().int().min(1).max(3650), days);
}

/** A member as plain data. */
export interface MemberView {
  readonly id: string;
  readonly fullName: string;
  readonly position: string;
  readonly unitId: string | null;
  readonly unitName: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly workspaceRole: WorkspaceRole;
  readonly disabled: boolean;
}

/** A unit as plain data. */
export interface UnitView {
  readonly id: string;
  readonly name: string;
  readonly kind: UnitKind;
  readonly parentId: string | null;
  readonly disabled: boolean;
}

/** One member by id, or undefined. */
export function memberView(doc: WorkspaceDoc, memberId: string): MemberView | undefined {
  const m = doc.members?.[memberId];
  if (!m) return undefined;
  const unitId = str(m.unitId) ?? null;
  return {
    id: str(m.id)!,
    fullName: m.fullName,
    position: m.position,
    unitId,
    unitName: unitId ? (doc.units?.[unitId]?.name ?? null) : null,
    email: str(m.email) ?? null,
    phone: str(m.phone) ?? null,
    workspaceRole: str(m.workspaceRole) as WorkspaceRole,
    disabled: m.disabledAt !== null,
  };
}

/** The directory, sorted by name (Vietnamese collation); disabled members last. */
export function directoryMembers(doc: WorkspaceDoc): MemberView[] {
  return Object.keys(doc.members ?? {})
    .map((id) => memberView(doc, id)!)
    .sort(
      (a, b) =>
        Number(a.disabled) - Number(b.disabled) ||
        a.fullName.localeCompare(b.fullName, "vi") ||
        (a.id < b.id ? -1 : 1),
    );
}

/** The units, sorted by name. */
export function directoryUnits(doc: WorkspaceDoc): UnitView[] {
  return Object.values(doc.units ?? {})
    .map((u) => ({
      id: str(u.id)!,
      name: u.name,
      kind: str(u.kind) as UnitKind,
      parentId: str(u.parentId) ?? null,
      disabled: u.disabledAt !== null,
    }))
    .sort((a, b) => a.name.localeCompare(b.name, "vi") || (a.id < b.id ? -1 : 1));
}

/**
 * The access subject for a member id, as the relay's policy needs it. A member missing from the
 * directory (or a workspace not yet migrated to the directory) is treated as disabled.
 */
export function accessSubjectOf(doc: WorkspaceDoc, memberId: string): AccessSubject {
  const m = memberView(doc, memberId);
  if (!m) return { memberId, workspaceRole: "observer", disabled: true };
  return { memberId, workspaceRole: m.workspaceRole, disabled: m.disabled };
}
