// The credential check behind the portal's sign-in, with a brake on guessing: after
// MAX_FAILED_SIGN_INS wrong passwords in a row an account is locked for LOCK_MINUTES, during
// which even the right password is refused (so a guesser learns nothing from a late hit).
// Answers never say whether the email or the password was wrong, and an unknown email costs the
// same scrypt work and hits the same brake (kept in memory) as a known one, so neither the
// message nor the timing tells an attacker which emails have accounts.
import "server-only";
import type { Db } from "../db";
import { newRowId } from "../ids";
import { log } from "../log";
import { hashPassword, needsRehash, verifyPassword } from "./password";

export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MINUTES = 15;
const LOCK_MS = LOCK_MINUTES * 60 * 1000;

export type SignedInUser = {
  id: string;
  email: string;
  name: string;
  role: "admin" | "staff";
  partnerId: string;
};

export type SignInResult =
  | { ok: true; user: SignedInUser }
  | { ok: false; reason: "invalid" | "locked" | "disabled" };

export async function checkStaffCredentials(
  db: Db,
  rawEmail: unknown,
  rawPassword: unknown,
  now: Date = new Date(),
): Promise<SignInResult> {
  const email = typeof rawEmail === "string" ? rawEmail.trim().toLowerCase() : "";
  const password = typeof rawPassword === "string" ? rawPassword : "";
  if (!email || !password || email.length > 254 || password.length > 200)
    return { ok: false, reason: "invalid" };

  const user = await db.staffUser.findUnique({
    where: { email },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      partnerId: true,
      passwordHash: true,
      disabledAt: true,
    },
  });
  if (!user) return unknownEmail(email, password, now);
  if (!(await reserveAttempt(db, user.id, now))) {
    await recordSignInFailure(db, user, "staff_user.sign_in_refused_locked");
    return { ok: false, reason: "locked" };
  }

  if (!(await verifyPassword(password, user.passwordHash))) {
    // The attempt was counted when reserved; the last one allowed starts the lock.
    const locked = await db.staffUser.updateMany({
      where: { id: user.id, lockedUntil: null, failedSignIns: { gte: MAX_FAILED_SIGN_INS } },
      data: { lockedUntil: new Date(now.getTime() + LOCK_MS) },
    });
    await recordSignInFailure(db, user, locked.count > 0 ? "staff_user.locked" : "staff_user.sign_in_failed");
    const stillOpen = await db.staffUser.count({
      where: { id: user.id, lockedUntil: null, failedSignIns: { lt: MAX_FAILED_SIGN_INS } },
    });
    return { ok: false, reason: locked.count > 0 || stillOpen === 0 ? "locked" : "invalid" };
  }

  // A disabled account is told so only after the right password: a guesser learns nothing.
  if (user.disabledAt) return { ok: false, reason: "disabled" };

  await db.staffUser.update({
    where: { id: user.id },
    data: {
      failedSignIns: 0,
      lockedUntil: null,
      lastSignInAt: now,
      // The only moment the password is known: bring an older hash up to today's parameters.
      ...(needsRehash(user.passwordHash) ? { passwordHash: await hashPassword(password) } : {}),
    },
  });
  return {
    ok: true,
    user: { id: user.id, email: user.email, name: user.name, role: user.role, partnerId: user.partnerId },
  };
}

/**
 * A failed sign-in of a known account, in the partner's audit trail and the log (an unknown
 * email has no partner to file it under; the log has the count of those through the brake).
 * The password tried is never recorded.
 */
async function recordSignInFailure(
  db: Db,
  user: { id: string; partnerId: string },
  action: "staff_user.sign_in_failed" | "staff_user.locked" | "staff_user.sign_in_refused_locked",
) {
  await db.auditEvent.create({
    data: {
      id: newRowId("aud"),
      partnerId: user.partnerId,
      actorKind: "system",
      actorId: "sign-in",
      action,
      subjectType: "staff_user",
      subjectId: user.id,
    },
  });
  log.warn(action === "staff_user.locked" ? "staff account locked" : "staff sign-in refused", {
    userId: user.id,
    partnerId: user.partnerId,
    action,
  });
}

/**
 * Counts an attempt before its password is checked, in one conditional UPDATE, and says whether
 * it may go ahead. Checking the lock first and counting after the slow password check let a
 * burst of concurrent guesses all through before any of them was counted; now at most
 * MAX_FAILED_SIGN_INS attempts are ever evaluated per lock window. A success resets the count.
 */
async function reserveAttempt(db: Db, userId: string, now: Date): Promise<boolean> {
  // A lock that has run out starts a fresh window; so do reservations left full by attempts that
  // never finished (a crashed process) once a lock's length has passed.
  await db.staffUser.updateMany({
    where: {
      id: userId,
      OR: [
        { lockedUntil: { lte: now } },
        {
          lockedUntil: null,
          failedSignIns: { gte: MAX_FAILED_SIGN_INS },
          updatedAt: { lte: new Date(now.getTime() - LOCK_MS) },
        },
      ],
    },
    data: { lockedUntil: null, failedSignIns: 0 },
  });
  const reserved = await db.staffUser.updateMany({
    where: { id: userId, lockedUntil: null, failedSignIns: { lt: MAX_FAILED_SIGN_INS } },
    data: { failedSignIns: { increment: 1 } },
  });
  return reserved.count === 1;
}

// --- unknown emails: same work, same brake, nothing stored in the database --------------------

let dummyHash: Promise<string> | undefined;
const unknownFailures = new Map<string, { count: number; lockedUntil: number }>();
const MAX_TRACKED = 10_000;

async function unknownEmail(email: string, password: string, now: Date): Promise<SignInResult> {
  dummyHash ??= hashPassword("not-a-real-password-only-for-timing");
  const entry = unknownFailures.get(email) ?? { count: 0, lockedUntil: 0 };
  if (entry.lockedUntil > now.getTime()) return { ok: false, reason: "locked" };
  await verifyPassword(password, await dummyHash);
  entry.count += 1;
  if (entry.count >= MAX_FAILED_SIGN_INS) {
    entry.count = 0;
    entry.lockedUntil = now.getTime() + LOCK_MS;
  }
  if (unknownFailures.size >= MAX_TRACKED && !unknownFailures.has(email)) {
    const oldest = unknownFailures.keys().next().value;
    if (oldest !== undefined) unknownFailures.delete(oldest);
  }
  unknownFailures.set(email, entry);
  return { ok: false, reason: entry.lockedUntil > now.getTime() ? "locked" : "invalid" };
}
