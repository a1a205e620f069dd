// A staff member changes their own password. The current password is asked for again (a session
// left open on someone else's screen is not enough), and the change ends every session of the
// user, this one included: whoever knew the old password or holds an old cookie is out.
import "server-only";
import { z } from "zod";
import { DomainError } from "../../domain/domain-error";
import { parseOrThrow } from "../../domain/validation";
import type { Db } from "../../infra/db/db";
import { auditEventData } from "../audit/record-audit";
import type { PartnerScope } from "../auth/partner-scope";
import { hashPassword, verifyPassword } from "../auth/password";
import { clearAccountBrakes } from "../auth/sign-in-throttle";
import { countRecheck, recheckPassed } from "./braked-recheck";
import { staffPassword } from "./create-staff-user";

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1, "is required").max(200),
  newPassword: staffPassword,
});

/** The answer: the password is changed, and every session of the user (this one too) has ended. */
export const passwordChangedSchema = z.strictObject({ changed: z.literal(true) });

export async function changeOwnPassword(
  db: Db,
  scope: PartnerScope,
  input: z.input<typeof changePasswordSchema>,
): Promise<z.infer<typeof passwordChangedSchema>> {
  if (scope.actor.kind !== "user")
    throw new DomainError("FORBIDDEN", "Only a signed-in person has a password.");
  const { currentPassword, newPassword } = parseOrThrow(changePasswordSchema, input);
  const user = await db.staffUser.findFirst({
    where: { id: scope.actor.userId, partnerId: scope.partnerId },
    select: { id: true, email: true, passwordHash: true },
  });
  if (!user) throw new DomainError("NOT_FOUND", "Your account no longer exists.");
  const refuse = (path: string, message: string) =>
    new DomainError("VALIDATION", `${path}: ${message}`, { errors: [{ path, message }] });
  const now = new Date();
  await countRecheck(db, user.email, now);
  if (!(await verifyPassword(currentPassword, user.passwordHash)))
    throw refuse("currentPassword", "is not your current password");
  await recheckPassed(db, user.email);
  if (currentPassword === newPassword) throw refuse("newPassword", "must differ from your current password");
  await db.$transaction([
    db.staffUser.update({
      where: { id: user.id },
      data: {
        passwordHash: await hashPassword(newPassword),
        sessionsValidFrom: now,
        // A temporary password from an admin's reset has done its one job.
        mustChangePassword: false,
      },
    }),
    db.auditEvent.create({
      data: auditEventData(scope, "staff_user.password_changed", { type: "staff_user", id: user.id }),
    }),
  ]);
  await clearAccountBrakes(db, user.email);
  return { changed: true };
}
