// An operator's change to a partner's settings (`partner update`). Everything it changes binds
// the next submission at once on every instance: submissions read the partner afresh (only the
// live preview may use settings a few seconds old).
import { z } from "zod";
import { DomainError } from "../../domain/domain-error";
import { parseOrThrow } from "../../domain/validation";
// Prisma's DbNull marker is one runtime object shared by the SQLite and PostgreSQL clients.
import { type DbTypes, JsonColumnNull } from "../../infra/db/client";
import type { Db } from "../../infra/db/db";
import { type Operator, operatorAuditData } from "../audit/operator-audit";
import { findPartnerBySlug, partnerSummarySelect } from "./create-partner";
import { createPartnerInput } from "./partner-settings-schema";

const settings = createPartnerInput.shape;

/**
 * Every field optional; `null` clears a setting (no credit limit, every country, deployment
 * default, no Zuora account or Stripe customer of the partner's own).
 */
export const updatePartnerInput = z.object({
  partner: z.string().trim().min(1, "is required"),
  name: settings.name.optional(),
  countries: settings.countries.removeDefault().optional(),
  creditLimit: settings.creditLimit.removeDefault().optional(),
  invoiceOwner: settings.invoiceOwner.removeDefault().optional(),
  billingProvider: settings.billingProvider.removeDefault().optional(),
  zuoraAccountNumber: settings.zuoraAccountNumber.removeDefault().optional(),
  stripeCustomerId: settings.stripeCustomerId.removeDefault().optional(),
  defaultCurrency: settings.defaultCurrency.removeDefault().optional(),
  status: settings.status.removeDefault().optional(),
});

export type UpdatePartnerInput = z.input<typeof updatePartnerInput>;

export async function updatePartner(db: Db, operator: Operator, input: UpdatePartnerInput) {
  const { partner: slug, countries, ...rest } = parseOrThrow(updatePartnerInput, input);
  const changes: Record<string, DbTypes.InputJsonValue | null> = Object.fromEntries(
    Object.entries({ ...rest, allowedCountries: countries }).flatMap(([key, value]) =>
      value === undefined ? [] : [[key, value]],
    ),
  );
  if (Object.keys(changes).length === 0)
    throw new DomainError("VALIDATION", "Nothing to change: name at least one setting to update.");
  const before = await findPartnerBySlug(db, slug);
  const data = {
    ...changes,
    ...(changes.allowedCountries === null ? { allowedCountries: JsonColumnNull } : {}),
  };
  const stored = (key: string) => {
    const value = before[key as keyof typeof before];
    return value instanceof Date ? value.toISOString() : value;
  };
  const diff = Object.fromEntries(
    Object.keys(changes).map((key) => [key, { from: stored(key), to: changes[key] }]),
  );
  const [after] = await db.$transaction([
    db.partner.update({ where: { id: before.id }, data, select: partnerSummarySelect }),
    db.auditEvent.create({
      data: operatorAuditData(
        before.id,
        operator,
        "partner.updated",
        { type: "partner", id: before.id },
        { changes: diff },
      ),
    }),
  ]);
  return after;
}

export async function listPartners(db: Db) {
  return db.partner.findMany({ orderBy: { slug: "asc" }, select: partnerSummarySelect });
}
