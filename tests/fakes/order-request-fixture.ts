// ProviderOrderRequests for the billing provider tests, with the catalogue pricing computed by the
// real domain pricing (server/domain/pricing.ts), exactly as the order services will pass it.

import { priceOrder } from "../../server/domain/pricing";
import type { ProviderOfferLine, ProviderOrderRequest } from "../../server/infra/billing/billing-provider";

type Offer = ProviderOfferLine["offer"];

export const OFFERS = {
  proMonthly: {
    id: "pro-monthly",
    version: 2,
    name: "Pro (monthly)",
    productCode: "PRO-M",
    billingPeriod: "month",
    termMonths: null,
  },
  teamAnnual: {
    id: "team-annual",
    version: 1,
    name: "Team (annual)",
    productCode: "TEAM-Y",
    billingPeriod: "year",
    termMonths: 12,
  },
  onboarding: {
    id: "onboarding",
    version: 1,
    name: "Onboarding",
    productCode: "ONBOARD",
    billingPeriod: "once",
    termMonths: null,
  },
  support: {
    id: "support-monthly",
    version: 1,
    name: "Priority support",
    productCode: "SUPPORT-M",
    billingPeriod: "month",
    termMonths: null,
  },
} satisfies Record<string, Offer>;

/** The demo's WELCOME10 code as a provider request carries it (10 % off the first 3 periods). */
export const WELCOME10 = {
  code: "WELCOME10",
  kind: "percent",
  percentOff: 10,
  amountOff: null,
  durationPeriods: 3,
} as const satisfies NonNullable<ProviderOrderRequest["discount"]>;

export function line(offer: Offer, unitAmount: number, quantity = 1): ProviderOfferLine {
  return { offer, unitAmount, quantity };
}

export type RequestOverrides = Partial<Omit<ProviderOrderRequest, "catalogue">> & { taxRateBps?: number };

export function orderRequest(overrides: RequestOverrides = {}): ProviderOrderRequest {
  const { taxRateBps = 0, ...rest } = overrides;
  const lines = rest.lines ?? [line(OFFERS.proMonthly, 1500, 2), line(OFFERS.onboarding, 9900)];
  const currency = rest.currency ?? "GBP";
  const country = rest.country ?? "GB";
  const orderDate = rest.orderDate ?? "2026-03-15";
  const discount = rest.discount ?? null;
  const catalogue = priceOrder({
    currency,
    country,
    taxRateBps,
    startDate: new Date(`${orderDate}T00:00:00Z`),
    lines: lines.map((l) => ({ offer: l.offer, unitAmount: l.unitAmount, quantity: l.quantity })),
    discount: discount
      ? discount.kind === "percent"
        ? { kind: "percent", percentOff: discount.percentOff ?? 0, durationPeriods: discount.durationPeriods }
        : { kind: "amount", amountOff: discount.amountOff ?? 0, durationPeriods: discount.durationPeriods }
      : null,
  });
  return {
    orderType: "new",
    partner: { id: "partner_acme", slug: "acme" },
    currency,
    country,
    orderDate,
    customer: {
      owner: null,
      providerCustomerId: null,
      firstName: "Ann",
      lastName: "Example",
      email: "ann@example.test",
      address: { address1: "1 High Street", city: "London", postalCode: "N1 1AA", country: "GB" },
    },
    lines,
    discount,
    subscription: null,
    ...rest,
    catalogue,
  };
}
