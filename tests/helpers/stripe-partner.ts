// A partner billed through the real Stripe provider, talking to the local Stripe fake: for service
// tests that need an external provider's side effects (customers, subscriptions, idempotency).
import type { PartnerScope } from "../../server/features/auth/partner-scope";
import type { OrderDeps } from "../../server/features/orders/order-deps";
import type { StripeTaxMode } from "../../server/infra/billing/provider-config";
import { billingProviderFor, clearBillingProviderCache } from "../../server/infra/billing/provider-registry";
import type { Db } from "../../server/infra/db/client";
import { type StripeFake, startStripeFake } from "../fakes/stripe-fake-server";
import { testDeps } from "./fixtures";
import { partnerWithStaff } from "./order-test-kit";

export type StripePartner = {
  stripe: StripeFake;
  scope: PartnerScope;
  /**
   * testDeps whose providers are built for the fake. With the default STRIPE_TAX=rates, Stripe
   * taxes by testDeps' table (GB 20 %) through the tax rates the provider makes there.
   */
  deps(): OrderDeps;
  close(): Promise<void>;
};

export type StripePartnerOptions = {
  /** STRIPE_TAX (default `rates`, as in production). */
  tax?: StripeTaxMode;
  /** The fake account's Stripe Tax registrations, for `automatic` (e.g. { GB: 1000 }). */
  automaticTax?: Readonly<Record<string, number>>;
};

export async function stripePartner(
  db: Db,
  slug: string,
  options: StripePartnerOptions = {},
): Promise<StripePartner> {
  const stripe = await startStripeFake({ automaticTax: options.automaticTax });
  clearBillingProviderCache();
  const { scope } = await partnerWithStaff(db, {
    slug,
    name: `${slug} Ltd`,
    countries: ["GB"],
    billingProvider: "stripe",
  });
  return {
    stripe,
    scope,
    deps: () =>
      testDeps({
        provider: (kind) =>
          billingProviderFor(kind, {
            timeoutMs: 2_000,
            stripe: { secretKey: stripe.secretKey, apiBase: stripe.url, tax: options.tax },
          }),
      }),
    async close() {
      clearBillingProviderCache();
      await stripe.close();
    },
  };
}
