import { z } from "zod";
import { DomainError } from "../../domain/domain-error";
import { parseOrThrow } from "../../domain/validation";
import type { Db } from "../../infra/db/db";
import { newRowId } from "../../infra/db/ids";
import { isUniqueViolation } from "../../infra/db/prisma-errors";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../auth/password";
import { findPartnerBySlug } from "../partners/create-partner";

/** A staff email as stored: trimmed and lower-cased before it is checked. */
export const staffEmail = z.string().trim().toLowerCase().max(254).pipe(z.email("must be an email address"));

export const staffPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(200);

const createStaffUserInput = z.object({
  partner: z.string().trim().min(1, "is required"),
  email: staffEmail,
  name: z.string().trim().min(1, "is required").max(200),
  role: z.enum(["admin", "staff"]),
  password: staffPassword,
});

export type CreateStaffUserInput = z.input<typeof createStaffUserInput>;

/** Never select passwordHash outside the sign-in check. */
export const staffUserPublicSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  partnerId: true,
  createdAt: true,
  lastSignInAt: true,
} as const;

export async function createStaffUser(db: Db, input: CreateStaffUserInput) {
  const data = parseOrThrow(createStaffUserInput, input);
  const partner = await findPartnerBySlug(db, data.partner);
  const passwordHash = await hashPassword(data.password);
  try {
    const user = await db.staffUser.create({
      data: {
        id: newRowId("usr"),
        partnerId: partner.id,
        email: data.email,
        name: data.name,
        role: data.role,
        passwordHash,
      },
      select: staffUserPublicSelect,
    });
    return { ...user, partner: partner.slug };
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DomainError("CONFLICT", `A user with the email ${data.email} already exists`);
    throw error;
  }
}
