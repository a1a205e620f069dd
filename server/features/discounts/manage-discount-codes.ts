// An operator's discount codes: create (for one partner or for every partner), list and disable.
// A disabled code reads to partners exactly like an unknown one (DISCOUNT_NOT_FOUND); orders
// already placed keep the discount they were priced with.
//
// With a Stripe account to sync to (`stripe`: the CLI passes one when STRIPE_SECRET_KEY is set), a
// new code's coupons are made at Stripe and their ids stored once the code is created
// (catalog/sync-stripe.ts); a Stripe failure leaves the code created but not synced, says so,
// and `catalog sync-stripe` syncs it later.
import { z } from "zod";
import { DomainError } from "../../domain/domain-error";
import { parseOrThrow } from "../../domain/validation";
import type { StripeCatalogue } from "../../infra/billing/stripe-catalogue-sync";
import type { Db } from "../../infra/db/db";
import { newRowId } from "../../infra/db/ids";
import { isUniqueViolation } from "../../infra/db/prisma-errors";
import { type Operator, operatorAuditData } from "../audit/operator-audit";
import { type StripeDiscountSync, syncStripeCatalogue } from "../catalog/sync-stripe";
import { findPartnerBySlug } from "../partners/create-partner";

const positiveInt = z.number().int("must be a whole number").positive("must be at least 1");

export const createDiscountInput = z
  .object({
    code: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9][A-Z0-9_-]{2,39}$/, "must be 3-40 letters, digits, hyphens or underscores"),
    /** A partner's slug; null: usable by every partner. */
    partner: z.string().trim().min(1).nullable(),
    percentOff: z.number().int("must be a whole percent").min(1).max(100).optional(),
    amountOff: positiveInt.optional(),
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, "must be an ISO 4217 currency code")
      .optional(),
    durationPeriods: positiveInt.nullable().default(null),
    expiresAt: z.coerce.date("must be a date such as 2027-01-31").nullable().default(null),
    maxRedemptions: positiveInt.nullable().default(null),
  })
  .superRefine((value, ctx) => {
    if ((value.percentOff === undefined) === (value.amountOff === undefined))
      ctx.addIssue({
        code: "custom",
        path: ["percentOff"],
        message: "give exactly one of percent or amount",
      });
    if (value.amountOff !== undefined && !value.currency)
      ctx.addIssue({ code: "custom", path: ["currency"], message: "is required with an amount" });
    if (value.percentOff !== undefined && value.currency)
      ctx.addIssue({ code: "custom", path: ["currency"], message: "applies only to an amount" });
  });

export type CreateDiscountInput = z.input<typeof createDiscountInput>;

const discountSelect = {
  id: true,
  code: true,
  kind: true,
  percentOff: true,
  amountOff: true,
  currency: true,
  durationPeriods: true,
  expiresAt: true,
  maxRedemptions: true,
  timesRedeemed: true,
  active: true,
  createdAt: true,
  partner: { select: { id: true, slug: true } },
} as const;

/** What the Stripe sync of a new code did: its outcome and coupons, and Stripe's failure if any. */
export type DiscountStripeSync = StripeDiscountSync & { failure: string | null };

export async function createDiscountCode(
  db: Db,
  operator: Operator,
  input: CreateDiscountInput,
  options: { stripe?: StripeCatalogue | null } = {},
) {
  const data = parseOrThrow(createDiscountInput, input);
  if (data.expiresAt && data.expiresAt.getTime() <= Date.now())
    throw new DomainError("VALIDATION", "Invalid input: expiresAt: must be in the future", {
      errors: [{ path: "expiresAt", message: "must be in the future" }],
    });
  const partner = data.partner ? await findPartnerBySlug(db, data.partner) : null;
  const id = newRowId("dsc");
  const row = {
    id,
    code: data.code,
    partnerId: partner?.id ?? null,
    kind: data.percentOff !== undefined ? ("percent" as const) : ("amount" as const),
    percentOff: data.percentOff ?? null,
    amountOff: data.amountOff ?? null,
    currency: data.currency ?? null,
    durationPeriods: data.durationPeriods,
    expiresAt: data.expiresAt,
    maxRedemptions: data.maxRedemptions,
  };
  try {
    const [created] = await db.$transaction([
      db.discountCode.create({ data: row, select: discountSelect }),
      // A code for every partner belongs to no partner's audit trail.
      ...(partner
        ? [
            db.auditEvent.create({
              data: operatorAuditData(partner.id, operator, "discount_code.created", {
                type: "discount_code",
                id,
              }),
            }),
          ]
        : []),
    ]);
    return { ...created, stripe: options.stripe ? await syncCoupons(db, options.stripe, id) : null };
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DomainError("CONFLICT", `A discount code ${data.code} already exists`);
    throw error;
  }
}

async function syncCoupons(db: Db, stripe: StripeCatalogue, id: string): Promise<DiscountStripeSync | null> {
  const report = await syncStripeCatalogue(db, stripe, { offerIds: [], discountCodeIds: [id] });
  const [code] = report.discountCodes;
  return code ? { ...code, failure: report.failure } : null;
}

export async function listDiscountCodes(db: Db, partnerSlug?: string) {
  const partner = partnerSlug ? await findPartnerBySlug(db, partnerSlug) : null;
  return db.discountCode.findMany({
    // A partner's list includes the codes open to every partner: both work for its orders.
    where: partner ? { OR: [{ partnerId: partner.id }, { partnerId: null }] } : {},
    orderBy: [{ code: "asc" }],
    select: discountSelect,
  });
}

export async function disableDiscountCode(db: Db, operator: Operator, rawCode: string) {
  const code = rawCode.trim().toUpperCase();
  const found = await db.discountCode.findUnique({ where: { code }, select: discountSelect });
  if (!found) throw new DomainError("NOT_FOUND", `No discount code ${code}`);
  const [updated] = await db.$transaction([
    db.discountCode.update({ where: { id: found.id }, data: { active: false }, select: discountSelect }),
    ...(found.partner
      ? [
          db.auditEvent.create({
            data: operatorAuditData(found.partner.id, operator, "discount_code.disabled", {
              type: "discount_code",
              id: found.id,
            }),
          }),
        ]
      : []),
  ]);
  return { ...updated, alreadyDisabled: !found.active };
}
