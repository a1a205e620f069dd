// `user create | list | disable | enable | unlock | reset-password | reset-two-factor`.
import type { Operator } from "../../features/audit/operator-audit";
import { createStaffUser } from "../../features/users/create-staff-user";
import {
  disableStaffUser,
  enableStaffUser,
  listStaffUsers,
  resetStaffPassword,
  resetStaffTwoFactor,
  unlockStaffUser,
} from "../../features/users/manage-staff-users";
import type { Db } from "../../infra/db/db";
import { type Flags, oneOf, optional, password, required } from "./cli-flags";
import type { Output } from "./cli-io";

type ListedUser = Awaited<ReturnType<typeof listStaffUsers>>[number];
/** A changed user comes back without the brake's state (the list reads it). */
type UserRow = Omit<ListedUser, "brake"> & { brake?: ListedUser["brake"] };

function asJson(user: UserRow) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    partner: user.partner.slug,
    disabled: user.disabledAt !== null,
    must_change_password: user.mustChangePassword,
    two_factor: user.totpEnabledAt !== null,
    failed_sign_ins: user.brake?.failures ?? 0,
    sign_in_delayed_until: user.brake?.delayedUntil?.toISOString() ?? null,
    last_sign_in_at: user.lastSignInAt?.toISOString() ?? null,
    created_at: user.createdAt.toISOString(),
  };
}

function line(user: ReturnType<typeof asJson>): string {
  const state = [
    user.disabled ? "disabled" : "enabled",
    user.two_factor ? "two-factor" : "",
    user.must_change_password ? "must change password" : "",
    user.sign_in_delayed_until ? `sign-in delayed until ${user.sign_in_delayed_until}` : "",
  ]
    .filter(Boolean)
    .join(", ");
  return `${user.email.padEnd(32)} ${user.role.padEnd(5)} ${user.partner.padEnd(16)} ${state}  ${user.name}`;
}

export async function userCreate(db: Db, flags: Flags, out: Output) {
  const user = await createStaffUser(db, {
    partner: required(flags, "partner"),
    email: required(flags, "email"),
    name: required(flags, "name"),
    role: (oneOf(flags, "role", ["admin", "staff"]) ?? required(flags, "role")) as "admin" | "staff",
    password: await password(flags),
  });
  out.result(
    { user: { id: user.id, email: user.email, name: user.name, role: user.role, partner: user.partner } },
    `Created ${user.role} ${user.email} (${user.name}) for partner ${user.partner}`,
  );
}

export async function userList(db: Db, flags: Flags, out: Output) {
  const users = (await listStaffUsers(db, optional(flags, "partner"))).map((user) => asJson(user));
  out.result({ users }, users.length ? users.map(line).join("\n") : "No users.");
}

type Change = (db: Db, operator: Operator, email: string) => Promise<UserRow>;

function userChange(change: Change, done: string) {
  return async (db: Db, operator: Operator, flags: Flags, out: Output) => {
    const user = asJson(await change(db, operator, required(flags, "email")));
    out.result({ user }, `${done} ${user.email}: ${line(user).trim()}`);
  };
}

export const userDisable = userChange(disableStaffUser, "Disabled");
export const userEnable = userChange(enableStaffUser, "Enabled");
export const userUnlock = userChange(unlockStaffUser, "Unlocked");
export const userResetTwoFactor = userChange(resetStaffTwoFactor, "Two-factor sign-in reset for");

export async function userResetPassword(db: Db, operator: Operator, flags: Flags, out: Output) {
  const email = required(flags, "email");
  const user = asJson(await resetStaffPassword(db, operator, email, await password(flags)));
  out.result(
    { user },
    `New password set for ${user.email}: it signs in once, to choose their own (sign-in brake lifted, sessions ended)`,
  );
}
