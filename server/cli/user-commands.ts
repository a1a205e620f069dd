// `user create | list | disable | enable | unlock | reset-password`.
import type { Operator } from "../audit/operator-audit";
import type { Db } from "../db";
import { createStaffUser } from "../users/create-staff-user";
import {
  disableStaffUser,
  enableStaffUser,
  listStaffUsers,
  resetStaffPassword,
  unlockStaffUser,
} from "../users/manage-staff-users";
import { type Flags, oneOf, optional, password, required } from "./cli-flags";
import type { Output } from "./cli-io";

type UserRow = Awaited<ReturnType<typeof listStaffUsers>>[number];

function asJson(user: UserRow, now = new Date()) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    partner: user.partner.slug,
    disabled: user.disabledAt !== null,
    locked: user.lockedUntil !== null && user.lockedUntil > now,
    locked_until: user.lockedUntil && user.lockedUntil > now ? user.lockedUntil.toISOString() : null,
    last_sign_in_at: user.lastSignInAt?.toISOString() ?? null,
    created_at: user.createdAt.toISOString(),
  };
}

function line(user: ReturnType<typeof asJson>): string {
  const state = [
    user.disabled ? "disabled" : "enabled",
    user.locked ? `locked until ${user.locked_until}` : "",
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

export async function userResetPassword(db: Db, operator: Operator, flags: Flags, out: Output) {
  const email = required(flags, "email");
  const user = asJson(await resetStaffPassword(db, operator, email, await password(flags)));
  out.result({ user }, `New password set for ${user.email} (any sign-in lock lifted)`);
}
