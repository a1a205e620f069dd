// An operator's management of partner staff accounts: list, disable and enable (a disabled user
// cannot sign in; disabling ends their open sessions for good, enabling does not revive them),
// lift the sign-in brake, set a new password (which also ends open sessions; the user must choose
// their own at the next sign-in) and reset two-factor sign-in. Each change is audited under the
// user's partner.

import { DomainError } from "../../domain/domain-error";
import { parseOrThrow } from "../../domain/validation";
import type { Db } from "../../infra/db/db";
import { type Operator, operatorAuditData } from "../audit/operator-audit";
import { hashPassword } from "../auth/password";
import { accountBrakeStates, clearAccountBrakes } from "../auth/sign-in-throttle";
import { findPartnerBySlug } from "../partners/create-partner";
import { staffEmail, staffPassword } from "./create-staff-user";

export const staffUserAdminSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabledAt: true,
  mustChangePassword: true,
  totpEnabledAt: true,
  lastSignInAt: true,
  createdAt: true,
  partner: { select: { id: true, slug: true } },
} as const;

export async function listStaffUsers(db: Db, partnerSlug?: string) {
  const partner = partnerSlug ? await findPartnerBySlug(db, partnerSlug) : null;
  const users = await db.staffUser.findMany({
    where: partner ? { partnerId: partner.id } : {},
    orderBy: [{ email: "asc" }],
    select: staffUserAdminSelect,
  });
  const brakes = await accountBrakeStates(
    db,
    users.map((user) => user.email),
  );
  return users.map((user) => ({ ...user, brake: brakes.get(user.email) ?? null }));
}

async function findUser(db: Db, rawEmail: string) {
  const address = parseOrThrow(staffEmail, rawEmail);
  const user = await db.staffUser.findUnique({ where: { email: address }, select: staffUserAdminSelect });
  if (!user) throw new DomainError("NOT_FOUND", `No user with the email ${address}`);
  return user;
}

type Change = { action: string; data: Record<string, unknown> };

async function changeUser(db: Db, operator: Operator, rawEmail: string, change: (user: UserRow) => Change) {
  const user = await findUser(db, rawEmail);
  const { action, data } = change(user);
  const [updated] = await db.$transaction([
    db.staffUser.update({ where: { id: user.id }, data, select: staffUserAdminSelect }),
    ...(data.totpEnabledAt === null
      ? [db.staffRecoveryCode.deleteMany({ where: { staffUserId: user.id } })]
      : []),
    db.auditEvent.create({
      data: operatorAuditData(user.partner.id, operator, action, { type: "staff_user", id: user.id }),
    }),
  ]);
  return updated;
}

type UserRow = Awaited<ReturnType<typeof findUser>>;

export function disableStaffUser(db: Db, operator: Operator, rawEmail: string, now = new Date()) {
  return changeUser(db, operator, rawEmail, (user) => ({
    action: "staff_user.disabled",
    data: { disabledAt: user.disabledAt ?? now, sessionsValidFrom: now },
  }));
}

export function enableStaffUser(db: Db, operator: Operator, rawEmail: string) {
  return changeUser(db, operator, rawEmail, () => ({
    action: "staff_user.enabled",
    data: { disabledAt: null },
  }));
}

export async function unlockStaffUser(db: Db, operator: Operator, rawEmail: string) {
  const user = await changeUser(db, operator, rawEmail, () => ({ action: "staff_user.unlocked", data: {} }));
  await clearAccountBrakes(db, user.email);
  return user;
}

/** For a user who lost their authenticator: they sign in with the password and set it up again. */
export function resetStaffTwoFactor(db: Db, operator: Operator, rawEmail: string, now = new Date()) {
  return changeUser(db, operator, rawEmail, () => ({
    action: "staff_user.two_factor_reset",
    data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null, sessionsValidFrom: now },
  }));
}

/**
 * A new password ends every open session (whoever held the old password is signed out) and
 * lifts the brake: the person proved who they are to the operator. The operator knows it, so it
 * is temporary: it signs in only to choose a new one.
 */
export async function resetStaffPassword(
  db: Db,
  operator: Operator,
  rawEmail: string,
  password: string,
  now = new Date(),
) {
  const passwordHash = await hashPassword(parseOrThrow(staffPassword, password));
  const user = await changeUser(db, operator, rawEmail, () => ({
    action: "staff_user.password_reset",
    data: { passwordHash, mustChangePassword: true, sessionsValidFrom: now },
  }));
  await clearAccountBrakes(db, user.email);
  return user;
}
