// A staff member's own two-factor sign-in: set it up (a new key, proven by a first code, which
// also issues the recovery codes, shown once), replace the recovery codes (with a current code),
// and turn it off (with the password, and only where the partner does not require it). Audited.
import "server-only";
import QRCode from "qrcode";
import { z } from "zod";
import { DomainError } from "../../domain/domain-error";
import { isoDateTimeSchema } from "../../domain/order-response-schemas";
import { parseOrThrow } from "../../domain/validation";
import type { Db } from "../../infra/db/db";
import { newRowId } from "../../infra/db/ids";
import { auditEventData } from "../audit/record-audit";
import type { PartnerScope } from "../auth/partner-scope";
import { verifyPassword } from "../auth/password";
import {
  decryptTotpSecret,
  encryptTotpSecret,
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  normalizeRecoveryCode,
  RECOVERY_CODE_COUNT,
  totpStepOf,
  totpUri,
} from "../auth/two-factor";
import { countRecheck, recheckPassed } from "./braked-recheck";

export const totpCodeInput = z.strictObject({ code: z.string().trim().min(1, "is required").max(20) });
export const passwordInput = z.strictObject({ password: z.string().min(1, "is required").max(200) });

// The answers, one schema each: the use cases are typed by them and the tRPC procedures check
// them (.output). The key and the recovery codes are answered once, on purpose; no hash ever is.

/** Whether the user has two-factor sign-in, since when, and how many unused recovery codes are left. */
export const twoFactorStatusSchema = z.strictObject({
  enabled: z.boolean(),
  enabledAt: isoDateTimeSchema.nullable(),
  recoveryCodesLeft: z.int().nonnegative(),
  requiredByPartner: z.boolean(),
});
export type TwoFactorStatus = z.infer<typeof twoFactorStatusSchema>;

/** A new key for the authenticator app (as text, as an otpauth URI and as that URI's QR code). */
export const twoFactorSetupSchema = z.strictObject({
  secret: z.string().regex(/^[A-Z2-7]+$/),
  uri: z.string().startsWith("otpauth://totp/"),
  qrSvg: z.string().min(1),
});

/** The recovery codes just issued, in plain text: the only time they leave the server. */
export const recoveryCodesSchema = z.strictObject({
  recoveryCodes: z.array(z.string()).length(RECOVERY_CODE_COUNT),
});

export const twoFactorOffSchema = z.strictObject({ enabled: z.literal(false) });

function refuse(path: string, message: string) {
  return new DomainError("VALIDATION", `${path}: ${message}`, { errors: [{ path, message }] });
}

async function ownUser(db: Db, scope: PartnerScope) {
  if (scope.actor.kind !== "user")
    throw new DomainError("FORBIDDEN", "Only a signed-in person signs in with a code.");
  const user = await db.staffUser.findFirst({
    where: { id: scope.actor.userId, partnerId: scope.partnerId },
    select: {
      id: true,
      email: true,
      passwordHash: true,
      totpSecret: true,
      totpEnabledAt: true,
      totpLastStep: true,
      partner: { select: { requireTwoFactor: true } },
      _count: { select: { recoveryCodes: { where: { usedAt: null } } } },
    },
  });
  if (!user) throw new DomainError("NOT_FOUND", "Your account no longer exists.");
  return user;
}

export async function twoFactorStatus(db: Db, scope: PartnerScope): Promise<TwoFactorStatus> {
  const user = await ownUser(db, scope);
  return {
    enabled: user.totpEnabledAt !== null,
    enabledAt: user.totpEnabledAt?.toISOString() ?? null,
    recoveryCodesLeft: user.totpEnabledAt ? user._count.recoveryCodes : 0,
    requiredByPartner: user.partner.requireTwoFactor,
  };
}

/** A new key, not in use until `confirmTwoFactor` proves the app has it. */
export async function beginTwoFactor(
  db: Db,
  scope: PartnerScope,
): Promise<z.infer<typeof twoFactorSetupSchema>> {
  const user = await ownUser(db, scope);
  if (user.totpEnabledAt) throw new DomainError("CONFLICT", "Two-factor sign-in is already set up.");
  const secret = newTotpSecret();
  // Conditional: a confirmation that lands first must not have its key replaced under it.
  const written = await db.staffUser.updateMany({
    where: { id: user.id, totpEnabledAt: null },
    data: { totpSecret: encryptTotpSecret(secret) },
  });
  if (written.count !== 1) throw new DomainError("CONFLICT", "Two-factor sign-in is already set up.");
  const uri = totpUri(secret, user.email);
  return {
    secret,
    uri,
    qrSvg: await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" }),
  };
}

function recoveryCodeRows(userId: string, codes: string[]) {
  return codes.map((code) => ({
    id: newRowId("rec"),
    staffUserId: userId,
    codeHash: hashRecoveryCode(normalizeRecoveryCode(code) ?? code),
  }));
}

/** The step of a current code of the user's key, never one at or before the last accepted. */
function acceptedStep(
  user: { totpSecret: string | null; totpLastStep: number | null },
  code: string,
  now: Date,
) {
  const secret = user.totpSecret ? decryptTotpSecret(user.totpSecret) : null;
  if (!secret)
    throw new DomainError("CONFLICT", "Start the set-up again: no key is waiting to be confirmed.");
  const step = totpStepOf(secret, code, now);
  if (step === null || (user.totpLastStep !== null && step <= user.totpLastStep))
    throw refuse("code", "is not the current code of your authenticator app");
  return step;
}

export async function confirmTwoFactor(
  db: Db,
  scope: PartnerScope,
  input: unknown,
  now = new Date(),
): Promise<z.infer<typeof recoveryCodesSchema>> {
  const { code } = parseOrThrow(totpCodeInput, input);
  const user = await ownUser(db, scope);
  if (user.totpEnabledAt) throw new DomainError("CONFLICT", "Two-factor sign-in is already set up.");
  const step = acceptedStep({ ...user, totpLastStep: null }, code, now);
  const recoveryCodes = newRecoveryCodes();
  const enabled = await db.$transaction(async (tx) => {
    // Conditional: of two confirmations at once, one issues codes and the other is refused.
    const won = await tx.staffUser.updateMany({
      where: { id: user.id, totpEnabledAt: null, totpSecret: user.totpSecret },
      data: { totpEnabledAt: now, totpLastStep: step },
    });
    if (won.count !== 1) return false;
    await tx.staffRecoveryCode.deleteMany({ where: { staffUserId: user.id } });
    await tx.staffRecoveryCode.createMany({ data: recoveryCodeRows(user.id, recoveryCodes) });
    await tx.auditEvent.create({
      data: auditEventData(scope, "staff_user.two_factor_enabled", { type: "staff_user", id: user.id }),
    });
    return true;
  });
  if (!enabled)
    throw new DomainError("CONFLICT", "Two-factor sign-in was set up meanwhile, or its key changed.");
  return { recoveryCodes };
}

export async function replaceRecoveryCodes(
  db: Db,
  scope: PartnerScope,
  input: unknown,
  now = new Date(),
): Promise<z.infer<typeof recoveryCodesSchema>> {
  const { code } = parseOrThrow(totpCodeInput, input);
  const user = await ownUser(db, scope);
  if (!user.totpEnabledAt) throw new DomainError("CONFLICT", "Two-factor sign-in is not set up.");
  await countRecheck(db, user.email, now);
  const step = acceptedStep(user, code, now);
  const recoveryCodes = newRecoveryCodes();
  const replaced = await db.$transaction(async (tx) => {
    // Conditional, as at sign-in: a code is accepted once, even by two requests at once.
    const accepted = await tx.staffUser.updateMany({
      where: { id: user.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    if (accepted.count !== 1) return false;
    await tx.staffRecoveryCode.deleteMany({ where: { staffUserId: user.id } });
    await tx.staffRecoveryCode.createMany({ data: recoveryCodeRows(user.id, recoveryCodes) });
    await tx.auditEvent.create({
      data: auditEventData(scope, "staff_user.recovery_codes_replaced", { type: "staff_user", id: user.id }),
    });
    return true;
  });
  if (!replaced) throw refuse("code", "is not the current code of your authenticator app");
  await recheckPassed(db, user.email);
  return { recoveryCodes };
}

export async function turnOffTwoFactor(
  db: Db,
  scope: PartnerScope,
  input: unknown,
  now = new Date(),
): Promise<z.infer<typeof twoFactorOffSchema>> {
  const { password } = parseOrThrow(passwordInput, input);
  const user = await ownUser(db, scope);
  if (!user.totpEnabledAt) throw new DomainError("CONFLICT", "Two-factor sign-in is not set up.");
  if (user.partner.requireTwoFactor)
    throw new DomainError(
      "CONFLICT",
      "Your organisation requires two-factor sign-in, so it cannot be turned off.",
    );
  await countRecheck(db, user.email, now);
  if (!(await verifyPassword(password, user.passwordHash)))
    throw refuse("password", "is not your current password");
  await recheckPassed(db, user.email);
  await db.$transaction([
    db.staffUser.update({
      where: { id: user.id },
      data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null },
    }),
    db.staffRecoveryCode.deleteMany({ where: { staffUserId: user.id } }),
    db.auditEvent.create({
      data: auditEventData(scope, "staff_user.two_factor_disabled", { type: "staff_user", id: user.id }),
    }),
  ]);
  return { enabled: false };
}
