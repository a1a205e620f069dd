import { DomainError } from "../../domain/domain-error";
import { parseOrThrow } from "../../domain/validation";
import type { Db } from "../../infra/db/db";
import { newRowId } from "../../infra/db/ids";
import { isUniqueViolation } from "../../infra/db/prisma-errors";
import { type CreatePartnerInput, createPartnerInput } from "./partner-settings-schema";

export const partnerSummarySelect = {
  id: true,
  slug: true,
  name: true,
  status: true,
  invoiceOwner: true,
  allowedCountries: true,
  creditLimit: true,
  billingProvider: true,
  zuoraAccountNumber: true,
  stripeCustomerId: true,
  defaultCurrency: true,
  createdAt: true,
} as const;

export async function createPartner(db: Db, input: CreatePartnerInput) {
  const data = parseOrThrow(createPartnerInput, input);
  try {
    return await db.partner.create({
      data: {
        id: newRowId("ptn"),
        slug: data.slug,
        name: data.name,
        status: data.status,
        invoiceOwner: data.invoiceOwner,
        allowedCountries: data.countries ?? undefined,
        creditLimit: data.creditLimit,
        billingProvider: data.billingProvider,
        zuoraAccountNumber: data.zuoraAccountNumber,
        stripeCustomerId: data.stripeCustomerId,
        defaultCurrency: data.defaultCurrency,
      },
      select: partnerSummarySelect,
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError("CONFLICT", `A partner with the slug "${data.slug}" already exists`);
    }
    throw error;
  }
}

export async function findPartnerBySlug(db: Db, slug: string) {
  const partner = await db.partner.findUnique({
    where: { slug: slug.trim().toLowerCase() },
    select: partnerSummarySelect,
  });
  if (!partner) throw new DomainError("NOT_FOUND", `No partner with the slug "${slug}"`);
  return partner;
}
