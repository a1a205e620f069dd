// A partner admin's management of the partner's own staff in the portal: list them, disable and
// enable (disabling ends their sessions for good), unlock after failed sign-ins, and change a
// role (which also ends the user's sessions, so the new role applies from the next sign-in).
// Always inside the scope's partner, only for its admins, never on the admin's own account (an
// admin cannot lock themselves out, nor leave the partner without the admin who acted), audited.
import "server-only";
import { z } from "zod";
import { auditEventData } from "../audit/record-audit";
import type { PartnerScope } from "../auth/partner-scope";
import type { Db } from "../db";
import { DomainError } from "../domain/domain-error";
import { parseOrThrow } from "../validation";

const userSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabledAt: true,
  lockedUntil: true,
  lastSignInAt: true,
} as const;

export const staffUserIdInput = z.object({ userId: z.string().trim().min(1).max(64) });
export const staffUserRoleInput = staffUserIdInput.extend({ role: z.enum(["admin", "staff"]) });

function assertAdmin(scope: PartnerScope): string {
  if (scope.actor.kind !== "user" || scope.actor.role !== "admin")
    throw new DomainError("FORBIDDEN", "Only a partner admin can manage staff users.");
  return scope.actor.userId;
}

type Row = {
  id: string;
  email: string;
  name: string;
  role: "admin" | "staff";
  disabledAt: Date | null;
  lockedUntil: Date | null;
  lastSignInAt: Date | null;
};

function toView(row: Row, now = new Date()) {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    disabled: row.disabledAt !== null,
    locked: row.lockedUntil !== null && row.lockedUntil > now,
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
  };
}

export type PartnerStaffUser = ReturnType<typeof toView>;

export async function listPartnerStaffUsers(db: Db, scope: PartnerScope): Promise<PartnerStaffUser[]> {
  assertAdmin(scope);
  const rows = await db.staffUser.findMany({
    where: { partnerId: scope.partnerId },
    orderBy: [{ email: "asc" }],
    select: userSelect,
  });
  return rows.map((row) => toView(row));
}

async function changeOther(
  db: Db,
  scope: PartnerScope,
  rawUserId: unknown,
  action: string,
  data: Record<string, unknown>,
): Promise<PartnerStaffUser> {
  const adminId = assertAdmin(scope);
  const { userId } = parseOrThrow(staffUserIdInput, rawUserId);
  // Another partner's user reads exactly like one that does not exist.
  const user = await db.staffUser.findFirst({
    where: { id: userId, partnerId: scope.partnerId },
    select: { id: true },
  });
  if (!user) throw new DomainError("NOT_FOUND", "No such user in your organisation.");
  if (user.id === adminId) throw new DomainError("CONFLICT", "You cannot change your own account here.");
  const [updated] = await db.$transaction([
    db.staffUser.update({ where: { id: user.id }, data, select: userSelect }),
    db.auditEvent.create({
      data: auditEventData(
        scope,
        action,
        { type: "staff_user", id: user.id },
        data.role ? { role: data.role } : undefined,
      ),
    }),
  ]);
  return toView(updated);
}

export function disablePartnerUser(db: Db, scope: PartnerScope, input: unknown, now = new Date()) {
  return changeOther(db, scope, input, "staff_user.disabled", { disabledAt: now, sessionsValidFrom: now });
}

export function enablePartnerUser(db: Db, scope: PartnerScope, input: unknown) {
  return changeOther(db, scope, input, "staff_user.enabled", { disabledAt: null });
}

export function unlockPartnerUser(db: Db, scope: PartnerScope, input: unknown) {
  return changeOther(db, scope, input, "staff_user.unlocked", { lockedUntil: null, failedSignIns: 0 });
}

export function setPartnerUserRole(db: Db, scope: PartnerScope, input: unknown, now = new Date()) {
  const { role } = parseOrThrow(staffUserRoleInput, input);
  return changeOther(db, scope, input, "staff_user.role_changed", { role, sessionsValidFrom: now });
}
