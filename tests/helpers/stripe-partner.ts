// A partner billed through the real Stripe provider, talking to the local Stripe fake: for service
// tests that need an external provider's side effects (customers, subscriptions, idempotency).
import type { PartnerScope } from "../../server/features/auth/partner-scope";
import { type StripeSyncReport, syncStripeCatalogue } from "../../server/features/catalog/sync-stripe";
import type { OrderDeps } from "../../server/features/orders/order-deps";
import type { StripeTaxMode } from "../../server/infra/billing/provider-config";
import { billingProviderFor, clearBillingProviderCache } from "../../server/infra/billing/provider-registry";
import { StripeCatalogue } from "../../server/infra/billing/stripe-catalogue-sync";
import type { Db } from "../../server/infra/db/client";
import { type StripeFake, startStripeFake } from "../fakes/stripe-fake-server";
import { testDeps } from "./fixtures";
import { partnerWithStaff } from "./order-test-kit";

export type StripePartner = {
  stripe: StripeFake;
  scope: PartnerScope;
  /**
   * testDeps whose providers are built for the fake. With the default STRIPE_TAX=rates, Stripe
   * taxes by testDeps' table (GB 20 %) through the tax rates the catalogue sync made there.
   */
  deps(): OrderDeps;
  /**
   * Syncs the database's catalogue (offers, prices, discount codes) to the fake, as `offers import`
   * and `discount create` do with Stripe configured; done once by stripePartner, again after a
   * test adds offers or codes.
   */
  sync(): Promise<StripeSyncReport>;
  close(): Promise<void>;
};

export type StripePartnerOptions = {
  /** STRIPE_TAX (default `rates`, as in production). */
  tax?: StripeTaxMode;
  /** The fake account's Stripe Tax registrations, for `automatic` (e.g. { GB: 1000 }). */
  automaticTax?: Readonly<Record<string, number>>;
  /**
   * Another StripePartner's fake, to share its account: the catalogue's Stripe ids are stored once
   * per database, so partners of one database billed through Stripe share one account.
   */
  shareAccountOf?: StripePartner;
};

export async function stripePartner(
  db: Db,
  slug: string,
  options: StripePartnerOptions = {},
): Promise<StripePartner> {
  const shared = options.shareAccountOf?.stripe;
  const stripe = shared ?? (await startStripeFake({ automaticTax: options.automaticTax }));
  if (shared && options.automaticTax) shared.setAutomaticTax(options.automaticTax);
  clearBillingProviderCache();
  const { scope } = await partnerWithStaff(db, {
    slug,
    name: `${slug} Ltd`,
    countries: ["GB"],
    billingProvider: "stripe",
  });
  // As the CLI makes it: with STRIPE_TAX=rates, the sync makes the tax rates of the table the
  // deps tax by (testDeps: GB 20 %, DE 19 %).
  const catalogue = new StripeCatalogue({
    secretKey: stripe.secretKey,
    apiBase: stripe.url,
    timeoutMs: 2_000,
    taxRates: (options.tax ?? "rates") === "rates" ? testDeps().taxRates : null,
  });
  const sync = async () => {
    const report = await syncStripeCatalogue(db, catalogue);
    if (report.failure) throw new Error(`the catalogue did not sync to the Stripe fake: ${report.failure}`);
    return report;
  };
  await sync();
  return {
    stripe,
    scope,
    sync,
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
      if (!shared) await stripe.close();
    },
  };
}
