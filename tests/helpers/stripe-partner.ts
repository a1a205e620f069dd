// A partner billed through the real Stripe provider, talking to the local Stripe fake: for service
// tests that need an external provider's side effects (customers, subscriptions, idempotency).
import type { PartnerScope } from "../../server/auth/partner-scope";
import { billingProviderFor, clearBillingProviderCache } from "../../server/billing/provider-registry";
import type { Db } from "../../server/db/client";
import type { OrderDeps } from "../../server/orders/order-deps";
import { type StripeFake, startStripeFake } from "../fakes/stripe-fake-server";
import { testDeps } from "./fixtures";
import { partnerWithStaff } from "./order-test-kit";

export type StripePartner = {
  stripe: StripeFake;
  scope: PartnerScope;
  /** testDeps whose providers are built for the fake (Stripe taxes like the table: GB 20 %). */
  deps(): OrderDeps;
  close(): Promise<void>;
};

/** `taxRateBps`: what Stripe taxes (default like the deployment's table, GB 20 %). */
export async function stripePartner(db: Db, slug: string, taxRateBps = 2000): Promise<StripePartner> {
  const stripe = await startStripeFake({ taxRateBps });
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
            stripe: { secretKey: stripe.secretKey, apiBase: stripe.url },
          }),
      }),
    async close() {
      clearBillingProviderCache();
      await stripe.close();
    },
  };
}
