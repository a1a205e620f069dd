// Checks the second factor of a sign-in: a current TOTP code, accepted once (the step is
// recorded with a conditional UPDATE, so a code seen over a shoulder or replayed by two
// simultaneous requests works at most once), or an unused recovery code, spent the same way.
import "server-only";
import type { Db } from "../../infra/db/db";
import { decryptTotpSecret, hashRecoveryCode, normalizeRecoveryCode, totpStepOf } from "./two-factor";

export type SecondFactor = "totp" | "recovery_code";

export async function checkSecondFactor(
  db: Db,
  user: { id: string; totpSecret: string | null },
  code: string,
  now: Date,
): Promise<SecondFactor | null> {
  const recovery = normalizeRecoveryCode(code);
  if (recovery) {
    const spent = await db.staffRecoveryCode.updateMany({
      where: { staffUserId: user.id, codeHash: hashRecoveryCode(recovery), usedAt: null },
      data: { usedAt: now },
    });
    return spent.count === 1 ? "recovery_code" : null;
  }
  const secret = user.totpSecret ? decryptTotpSecret(user.totpSecret) : null;
  const step = secret ? totpStepOf(secret, code, now) : null;
  if (step === null) return null;
  const accepted = await db.staffUser.updateMany({
    where: { id: user.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  return accepted.count === 1 ? "totp" : null;
}
