// The credential check behind the portal's sign-in: the brake on guessing (sign-in-throttle.ts),
// the password, and for an enrolled user a second factor. Answers never say whether the email or
// the password was wrong, and an unknown email costs the same scrypt work and meets the same
// brake as a known one, so neither the message nor the timing tells which emails have accounts.
// A second factor is asked for only after the right password, so a guesser meets it only once
// the password is already theirs; the guesses at the code are braked like passwords.
import "server-only";
import type { Db } from "../../infra/db/db";
import { newRowId } from "../../infra/db/ids";
import { log } from "../../infra/log/log";
import { metrics } from "../../infra/metrics/metrics";
import { hashPassword, needsRehash, verifyPassword } from "./password";
import { checkSecondFactor } from "./second-factor";
import { giveBackAddressAttempt, reserveSignInAttempt, signInSucceeded } from "./sign-in-throttle";

export type SignedInUser = {
  id: string;
  email: string;
  name: string;
  role: "admin" | "staff";
  partnerId: string;
};

export type SignInAttempt = {
  email: unknown;
  password: unknown;
  /** A TOTP code or a recovery code; absent on the first step. */
  code?: unknown;
  /** The source address (client-address.ts), null when it cannot be trusted. */
  address: string | null;
};

export type SignInResult =
  | { ok: true; user: SignedInUser }
  | { ok: false; reason: "invalid" | "disabled" | "code_required" | "invalid_code" }
  | { ok: false; reason: "delayed"; retryAfterSeconds: number };

type AuditedFailure =
  | "staff_user.sign_in_failed"
  | "staff_user.sign_in_delayed"
  | "staff_user.two_factor_failed"
  | "staff_user.recovery_code_used";

export async function checkStaffCredentials(
  db: Db,
  attempt: SignInAttempt,
  now: Date = new Date(),
): Promise<SignInResult> {
  const email = typeof attempt.email === "string" ? attempt.email.trim().toLowerCase() : "";
  const password = typeof attempt.password === "string" ? attempt.password : "";
  const code = typeof attempt.code === "string" ? attempt.code.trim().slice(0, 40) : "";
  if (!email || !password || email.length > 254 || password.length > 200)
    return { ok: false, reason: "invalid" };

  const reservation = await reserveSignInAttempt(db, email, attempt.address, now);
  if (!reservation.ok) {
    // Refused before any check: logged, not audited (a flood of these would flood the trail).
    log.warn("staff sign-in delayed by the brake", { address: attempt.address });
    metrics().signInFailures.inc({ reason: "braked" });
    return { ok: false, reason: "delayed", retryAfterSeconds: Math.ceil(reservation.retryAfterMs / 1000) };
  }

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
      totpSecret: true,
      totpEnabledAt: true,
    },
  });
  if (!(await verifyPassword(password, user?.passwordHash ?? (await dummyHash())))) {
    // A failure that makes the next attempt wait is what a lock used to be: audited as such.
    const action = reservation.waitMs > 0 ? "staff_user.sign_in_delayed" : "staff_user.sign_in_failed";
    if (user) await recordSignIn(db, user, action, attempt.address);
    return { ok: false, reason: "invalid" };
  }
  if (!user) return { ok: false, reason: "invalid" };

  // A disabled account is told so only after the right password: a guesser learns nothing.
  if (user.disabledAt) return { ok: false, reason: "disabled" };

  if (user.totpEnabledAt) {
    // The attempt stays counted against the account: otherwise a holder of the password could
    // clear the brake between guesses at the code by sending the password alone.
    if (!code) {
      await giveBackAddressAttempt(db, attempt.address);
      return { ok: false, reason: "code_required" };
    }
    const factor = await checkSecondFactor(db, user, code, now);
    if (!factor) {
      await recordSignIn(db, user, "staff_user.two_factor_failed", attempt.address);
      return { ok: false, reason: "invalid_code" };
    }
    if (factor === "recovery_code")
      await recordSignIn(db, user, "staff_user.recovery_code_used", attempt.address);
  }

  await signInSucceeded(db, email, attempt.address, now);
  await db.staffUser.update({
    where: { id: user.id },
    data: {
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
 * A sign-in event of a known account, in the partner's audit trail and the log (an unknown email
 * has no partner to file it under). The password or code tried is never recorded.
 */
async function recordSignIn(
  db: Db,
  user: { id: string; partnerId: string },
  action: AuditedFailure,
  address: string | null,
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
      ...(address ? { data: { address } } : {}),
    },
  });
  if (action !== "staff_user.recovery_code_used") {
    metrics().signInFailures.inc({
      reason: action === "staff_user.two_factor_failed" ? "two_factor" : "password",
    });
  }
  log.warn(
    action === "staff_user.recovery_code_used" ? "staff recovery code used" : "staff sign-in refused",
    {
      userId: user.id,
      partnerId: user.partnerId,
      action,
      address,
    },
  );
}

// The same scrypt work for an unknown email as for a known one.
let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hashPassword("not-a-real-password-only-for-timing");
  return dummy;
}
