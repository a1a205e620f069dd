// A partner admin's management of the partner's own staff in the portal: list them, disable and
// enable (disabling ends their sessions for good), lift the sign-in brake, reset a password (a
// temporary one, shown once, that works only to choose a new one), reset two-factor sign-in for
// someone who lost their device, and change a role (which also ends the user's sessions, so the
// new role applies from the next sign-in). Always inside the scope's partner, only for its
// admins, never on the admin's own account (an admin cannot lock themselves out, nor leave the
// partner without the admin who acted), audited. Also the partner-wide two-factor requirement.
import "server-only";
import { randomInt } from "node:crypto";
import { z } from "zod";
import { DomainError } from "../../domain/domain-error";
import { isoDateTimeSchema } from "../../domain/order-response-schemas";
import { parseOrThrow } from "../../domain/validation";
import type { Db } from "../../infra/db/db";
import { auditEventData } from "../audit/record-audit";
import type { PartnerScope } from "../auth/partner-scope";
import { hashPassword } from "../auth/password";
import { accountBrakeStates, clearAccountBrakes } from "../auth/sign-in-throttle";

const userSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabledAt: true,
  lastSignInAt: true,
  mustChangePassword: true,
  totpEnabledAt: true,
} as const;

const STAFF_ROLES = ["admin", "staff"] as const;

export const staffUserIdInput = z.object({ userId: z.string().trim().min(1).max(64) });
export const staffUserRoleInput = staffUserIdInput.extend({ role: z.enum(STAFF_ROLES) });
export const twoFactorRequirementInput = z.strictObject({ required: z.boolean() });

// The answers, one schema each: the use cases are typed by them and the tRPC procedures check
// them (.output). Never a password hash or a two-factor key; a temporary password only in the
// answer to the reset that makes it.

/** A staff user as the admin's list shows them. */
export const partnerStaffUserSchema = z.strictObject({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(STAFF_ROLES),
  disabled: z.boolean(),
  /** Failed sign-ins in a row (from any address) since the last success. */
  failedSignIns: z.int().nonnegative(),
  /** Set while the account-wide brake makes every sign-in attempt wait. */
  signInDelayedUntil: isoDateTimeSchema.nullable(),
  mustChangePassword: z.boolean(),
  twoFactor: z.boolean(),
  lastSignInAt: isoDateTimeSchema.nullable(),
});
export type PartnerStaffUser = z.infer<typeof partnerStaffUserSchema>;

/** The partner's staff users, and whether the partner requires two-factor sign-in of them all. */
export const partnerStaffUsersSchema = z.strictObject({
  users: z.array(partnerStaffUserSchema),
  requireTwoFactor: z.boolean(),
});
export type PartnerStaffUsers = z.infer<typeof partnerStaffUsersSchema>;

/** The user after a password reset, and the temporary password: the only time it is shown. */
export const passwordResetSchema = z.strictObject({
  user: partnerStaffUserSchema,
  temporaryPassword: z.string().regex(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/),
});

export const twoFactorRequirementSchema = z.strictObject({ requireTwoFactor: z.boolean() });

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
  lastSignInAt: Date | null;
  mustChangePassword: boolean;
  totpEnabledAt: Date | null;
};

type Brake = { failures: number; delayedUntil: Date | null } | undefined;

function toView(row: Row, brake: Brake): PartnerStaffUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    disabled: row.disabledAt !== null,
    failedSignIns: brake?.failures ?? 0,
    signInDelayedUntil: brake?.delayedUntil?.toISOString() ?? null,
    mustChangePassword: row.mustChangePassword,
    twoFactor: row.totpEnabledAt !== null,
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
  };
}

export async function listPartnerStaffUsers(db: Db, scope: PartnerScope): Promise<PartnerStaffUsers> {
  assertAdmin(scope);
  const [rows, partner] = await Promise.all([
    db.staffUser.findMany({
      where: { partnerId: scope.partnerId },
      orderBy: [{ email: "asc" }],
      select: userSelect,
    }),
    db.partner.findUniqueOrThrow({ where: { id: scope.partnerId }, select: { requireTwoFactor: true } }),
  ]);
  const brakes = await accountBrakeStates(
    db,
    rows.map((row) => row.email),
  );
  return {
    users: rows.map((row) => toView(row, brakes.get(row.email))),
    requireTwoFactor: partner.requireTwoFactor,
  };
}

async function changeOther(
  db: Db,
  scope: PartnerScope,
  rawUserId: unknown,
  action: string,
  data: Record<string, unknown>,
  after?: (user: { id: string; email: string }) => Promise<void>,
): Promise<PartnerStaffUser> {
  const adminId = assertAdmin(scope);
  const { userId } = parseOrThrow(staffUserIdInput, rawUserId);
  // Another partner's user reads exactly like one that does not exist.
  const user = await db.staffUser.findFirst({
    where: { id: userId, partnerId: scope.partnerId },
    select: { id: true, email: true },
  });
  if (!user) throw new DomainError("NOT_FOUND", "No such user in your organisation.");
  if (user.id === adminId) throw new DomainError("CONFLICT", "You cannot change your own account here.");
  const updated = await db.$transaction(async (tx) => {
    const row = await tx.staffUser.update({ where: { id: user.id }, data, select: userSelect });
    if (data.totpEnabledAt === null)
      await tx.staffRecoveryCode.deleteMany({ where: { staffUserId: user.id } });
    await tx.auditEvent.create({
      data: auditEventData(
        scope,
        action,
        { type: "staff_user", id: user.id },
        data.role ? { role: data.role } : undefined,
      ),
    });
    return row;
  });
  await after?.(user);
  const brakes = await accountBrakeStates(db, [user.email]);
  return toView(updated, brakes.get(user.email));
}

export function disablePartnerUser(
  db: Db,
  scope: PartnerScope,
  input: unknown,
  now = new Date(),
): Promise<PartnerStaffUser> {
  return changeOther(db, scope, input, "staff_user.disabled", { disabledAt: now, sessionsValidFrom: now });
}

export function enablePartnerUser(db: Db, scope: PartnerScope, input: unknown): Promise<PartnerStaffUser> {
  return changeOther(db, scope, input, "staff_user.enabled", { disabledAt: null });
}

/** Lifts every sign-in brake on the account (the admin has confirmed who is asking). */
export function unlockPartnerUser(db: Db, scope: PartnerScope, input: unknown): Promise<PartnerStaffUser> {
  return changeOther(db, scope, input, "staff_user.unlocked", {}, (user) =>
    clearAccountBrakes(db, user.email),
  );
}

export function setPartnerUserRole(
  db: Db,
  scope: PartnerScope,
  input: unknown,
  now = new Date(),
): Promise<PartnerStaffUser> {
  const { role } = parseOrThrow(staffUserRoleInput, input);
  return changeOther(db, scope, input, "staff_user.role_changed", { role, sessionsValidFrom: now });
}

// 16 characters of an alphabet without look-alikes (about 80 bits), in groups of four.
const TEMPORARY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789";
function temporaryPassword(): string {
  const chars = Array.from({ length: 16 }, () => TEMPORARY_ALPHABET[randomInt(TEMPORARY_ALPHABET.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join("")).join("-");
}

/**
 * A temporary password, answered once and stored only as a hash: it signs the user in only to
 * choose a new password. The user's sessions end and the brake is lifted.
 */
export async function resetPartnerUserPassword(
  db: Db,
  scope: PartnerScope,
  input: unknown,
  now = new Date(),
): Promise<z.infer<typeof passwordResetSchema>> {
  const password = temporaryPassword();
  const user = await changeOther(
    db,
    scope,
    input,
    "staff_user.password_reset",
    { passwordHash: await hashPassword(password), mustChangePassword: true, sessionsValidFrom: now },
    (changed) => clearAccountBrakes(db, changed.email),
  );
  return { user, temporaryPassword: password };
}

/** For a user who lost their authenticator: they sign in with the password and set it up again. */
export function resetPartnerUserTwoFactor(
  db: Db,
  scope: PartnerScope,
  input: unknown,
  now = new Date(),
): Promise<PartnerStaffUser> {
  return changeOther(db, scope, input, "staff_user.two_factor_reset", {
    totpSecret: null,
    totpEnabledAt: null,
    totpLastStep: null,
    sessionsValidFrom: now,
  });
}

/**
 * Requires two-factor sign-in of everyone in the partner: anyone not yet set up is sent to set it
 * up at their next page. The admin must have it first, or they would shut themselves out.
 */
export async function setTwoFactorRequirement(
  db: Db,
  scope: PartnerScope,
  input: unknown,
): Promise<z.infer<typeof twoFactorRequirementSchema>> {
  const adminId = assertAdmin(scope);
  const { required } = parseOrThrow(twoFactorRequirementInput, input);
  if (required) {
    const admin = await db.staffUser.findFirst({ where: { id: adminId }, select: { totpEnabledAt: true } });
    if (!admin?.totpEnabledAt)
      throw new DomainError("CONFLICT", "Set up two-factor sign-in for your own account first.");
  }
  await db.$transaction([
    db.partner.update({ where: { id: scope.partnerId }, data: { requireTwoFactor: required } }),
    db.auditEvent.create({
      data: auditEventData(scope, required ? "partner.two_factor_required" : "partner.two_factor_optional", {
        type: "partner",
        id: scope.partnerId,
      }),
    }),
  ]);
  return { requireTwoFactor: required };
}
