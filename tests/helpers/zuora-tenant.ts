// The offers of tests/fakes/order-request-fixture.ts as a Zuora tenant knows them: each one a rate
// plan of a Zuora fake (product SKU = the offer's product code), and the same offers carrying the
// ids the fake generated for it, as the order services pass a mapped offer to the provider.

import type { DiscountKind } from "../../server/domain/enums";
import type {
  ProviderOfferLine,
  ProviderOrderRequest,
  ZuoraRatePlanRef,
} from "../../server/infra/billing/billing-provider";
import { line, OFFERS, orderRequest, type RequestOverrides } from "../fakes/order-request-fixture";
import type { RegisteredRatePlan, ZuoraFake, ZuoraRatePlanDefinition } from "../fakes/zuora-fake-server";

type OfferKey = keyof typeof OFFERS;
type Offer = ProviderOfferLine["offer"];

/** The fixture offers' plans (their SKUs are the offers' product codes). */
export const FIXTURE_PLANS: Readonly<Record<OfferKey, Omit<ZuoraRatePlanDefinition, "sku">>> = {
  proMonthly: {
    name: "Pro monthly",
    productName: "Pro",
    billingPeriod: "Month",
    prices: { GBP: "15.00", EUR: "17.00" },
  },
  teamAnnual: { name: "Team annual", billingPeriod: "Annual", prices: { GBP: "1200.00" } },
  onboarding: { name: "Onboarding", billingPeriod: "OneTime", prices: { GBP: "99.00" } },
  support: { name: "Priority support", billingPeriod: "Month", prices: { GBP: "40.00" } },
};

export const refOf = (plan: RegisteredRatePlan): ZuoraRatePlanRef => ({
  productRatePlanId: plan.productRatePlanId,
  productRatePlanChargeId: plan.productRatePlanChargeId,
});

export type ZuoraTenant = {
  /** The fixture's offers with their Zuora ids. */
  offers: Record<OfferKey, Offer>;
  discountPlan(kind: DiscountKind): ZuoraRatePlanRef;
  /**
   * The fixture's request, its default lines (2 x Pro monthly, Onboarding) and its discount
   * carrying their Zuora ids; a discount given with `zuora: null` stays unmapped.
   */
  request(overrides?: RequestOverrides): ProviderOrderRequest;
};

export function zuoraTenant(fake: ZuoraFake): ZuoraTenant {
  const entries = (Object.keys(OFFERS) as OfferKey[]).map((key) => {
    const offer = OFFERS[key];
    const plan = fake.registerRatePlan({ sku: offer.productCode, ...FIXTURE_PLANS[key] });
    return [key, { ...offer, zuora: refOf(plan) }] as const;
  });
  const offers = Object.fromEntries(entries) as Record<OfferKey, Offer>;
  const discountPlan = (kind: DiscountKind) => refOf(fake.discountPlans[kind]);
  return {
    offers,
    discountPlan,
    request(overrides = {}) {
      const { discount } = overrides;
      return orderRequest({
        lines: [line(offers.proMonthly, 1500, 2), line(offers.onboarding, 9900)],
        ...overrides,
        ...(discount ? { discount: { zuora: discountPlan(discount.kind), ...discount } } : {}),
      });
    },
  };
}
