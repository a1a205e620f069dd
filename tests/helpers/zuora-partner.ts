// A partner billed through the real Zuora provider, talking to a local Zuora fake: for service and
// CLI tests of Zuora-billed orders. The fake's catalogue holds the demo catalogue's products
// (server/features/seed/demo-catalogue.ts), each plan with ids the fake generated, as a tenant set up for
// this portal would; the offers are not mapped to them until a test maps them.
import type { PartnerScope } from "../../server/features/auth/partner-scope";
import type { OrderDeps } from "../../server/features/orders/order-deps";
import { DEMO_CATALOGUE } from "../../server/features/seed/demo-catalogue";
import { billingProviderFor, clearBillingProviderCache } from "../../server/infra/billing/provider-registry";
import type { Db } from "../../server/infra/db/client";
import {
  type RegisteredRatePlan,
  startZuoraFake,
  type ZuoraFake,
  type ZuoraFakeOptions,
} from "../fakes/zuora-fake-server";
import { testDeps } from "./fixtures";
import { partnerWithStaff } from "./order-test-kit";

const ZUORA_PERIOD = { month: "Month", year: "Annual", once: "OneTime" } as const;

/** "4900" minor units -> "49.00" (every demo currency has 2 decimals). */
const decimal = (minor: number) => (minor / 100).toFixed(2);

/**
 * Registers a rate plan for each demo offer whose product code is not in `except`, under a product
 * whose SKU is the product code. Answers the plans by offer id.
 */
export function registerDemoCatalogue(
  fake: ZuoraFake,
  except: readonly string[] = [],
): Map<string, RegisteredRatePlan> {
  const plans = new Map<string, RegisteredRatePlan>();
  for (const offer of DEMO_CATALOGUE.offers) {
    if (except.includes(offer.productCode)) continue;
    const prices = Object.fromEntries(Object.entries(offer.prices).map(([c, minor]) => [c, decimal(minor)]));
    const plan = fake.registerRatePlan({
      sku: offer.productCode,
      productName: offer.productCode,
      name: offer.name,
      billingPeriod: ZUORA_PERIOD[offer.billingPeriod],
      prices,
    });
    plans.set(offer.id as string, plan);
  }
  return plans;
}

export type ZuoraPartner = {
  zuora: ZuoraFake;
  scope: PartnerScope;
  /** testDeps whose providers are built for the fake. */
  deps(): OrderDeps;
  /** The settings the server and `catalog map-zuora` read, pointing at the fake. */
  env(): Record<string, string>;
  close(): Promise<void>;
};

export async function zuoraPartner(
  db: Db,
  slug: string,
  options: ZuoraFakeOptions = {},
): Promise<ZuoraPartner> {
  const zuora = await startZuoraFake(options);
  clearBillingProviderCache();
  const { scope } = await partnerWithStaff(db, {
    slug,
    name: `${slug} Ltd`,
    countries: ["GB"],
    billingProvider: "zuora",
  });
  const settings = { baseUrl: zuora.url, clientId: zuora.clientId, clientSecret: zuora.clientSecret };
  return {
    zuora,
    scope,
    deps: () =>
      testDeps({ provider: (kind) => billingProviderFor(kind, { timeoutMs: 3_000, zuora: settings }) }),
    env: () => ({
      ZUORA_BASE_URL: settings.baseUrl,
      ZUORA_CLIENT_ID: settings.clientId,
      ZUORA_CLIENT_SECRET: settings.clientSecret,
    }),
    async close() {
      clearBillingProviderCache();
      await zuora.close();
    },
  };
}
