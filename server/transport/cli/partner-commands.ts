// `partner create | update | list`.
import type { Operator } from "../../features/audit/operator-audit";
import { createPartner } from "../../features/partners/create-partner";
import { listPartners, updatePartner } from "../../features/partners/update-partner";
import type { Db } from "../../infra/db/db";
import { type Flags, integer, list, oneOf, optional, orCleared, required } from "./cli-flags";
import type { Output } from "./cli-io";

const PROVIDERS = ["builtin", "stripe", "zuora"] as const;
const MINOR_UNITS = "a whole number of minor units (e.g. 500000 for 5,000.00) or none";

type PartnerRow = Awaited<ReturnType<typeof listPartners>>[number];

function partnerText(partner: PartnerRow): string {
  const countries = Array.isArray(partner.allowedCountries) ? partner.allowedCountries.join(", ") : "all";
  return [
    `${partner.slug} (${partner.name})`,
    `  status: ${partner.status}`,
    `  countries: ${countries}`,
    `  credit limit: ${partner.creditLimit ?? "none"}`,
    `  invoice owner: ${partner.invoiceOwner}`,
    `  billing provider: ${partner.billingProvider ?? "deployment default"}`,
    `  Zuora account: ${partner.zuoraAccountNumber ?? "none"}`,
    `  Stripe customer: ${partner.stripeCustomerId ?? "none"}`,
    `  default currency: ${partner.defaultCurrency}`,
  ].join("\n");
}

const asJson = (partner: PartnerRow) => ({ ...partner, createdAt: partner.createdAt.toISOString() });

export async function partnerCreate(db: Db, flags: Flags, out: Output) {
  const partner = await createPartner(db, {
    slug: required(flags, "slug"),
    name: required(flags, "name"),
    countries: list(optional(flags, "countries")) ?? null,
    creditLimit:
      integer(flags, "credit-limit", "a whole number of minor units (e.g. 500000 for 5,000.00)") ?? null,
    invoiceOwner: oneOf(flags, "invoice-owner", ["partner", "customer"]),
    billingProvider: oneOf(flags, "billing-provider", PROVIDERS) ?? null,
    zuoraAccountNumber: optional(flags, "zuora-account") ?? null,
    stripeCustomerId: optional(flags, "stripe-customer") ?? null,
    defaultCurrency: optional(flags, "currency"),
  });
  out.result({ partner: asJson(partner) }, `Created partner ${partnerText(partner)}`);
}

export async function partnerUpdate(db: Db, operator: Operator, flags: Flags, out: Output) {
  const partner = await updatePartner(db, operator, {
    partner: required(flags, "partner"),
    name: optional(flags, "name"),
    countries: orCleared(flags, "countries", "all", () => list(optional(flags, "countries")) ?? []),
    creditLimit: orCleared(flags, "credit-limit", "none", () => integer(flags, "credit-limit", MINOR_UNITS)),
    invoiceOwner: oneOf(flags, "invoice-owner", ["partner", "customer"]),
    billingProvider: orCleared(flags, "billing-provider", "default", () =>
      oneOf(flags, "billing-provider", PROVIDERS),
    ),
    zuoraAccountNumber: orCleared(flags, "zuora-account", "none", () => required(flags, "zuora-account")),
    stripeCustomerId: orCleared(flags, "stripe-customer", "none", () => required(flags, "stripe-customer")),
    defaultCurrency: optional(flags, "currency"),
    status: oneOf(flags, "status", ["active", "suspended"]),
  });
  out.result(
    { partner: asJson(partner) },
    `Updated partner ${partnerText(partner)}\nThe change applies to the next order on every instance.`,
  );
}

export async function partnerList(db: Db, out: Output) {
  const partners = await listPartners(db);
  out.result(
    { partners: partners.map(asJson) },
    partners.length
      ? partners.map(partnerText).join("\n")
      : "No partners yet: npm run cli -- partner create ...",
  );
}
