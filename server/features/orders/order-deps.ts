// What the order services need besides the database: the clock, the tax table and the billing
// providers. Production takes them from the environment; tests pass their own (a fixed clock,
// providers pointed at local fake servers).

import type { BillingProviderKind } from "../../domain/enums";
import { DEFAULT_TAX_RATES, type TaxRateTable, taxRatesFromConfig } from "../../domain/tax";
import type { BillingProvider } from "../../infra/billing/billing-provider";
import { billingProviderFor } from "../../infra/billing/provider-registry";
import { env } from "../../infra/env/env";

export type OrderDeps = {
  now: () => Date;
  taxRates: TaxRateTable;
  /** The deployment default, used for partners without a provider of their own. */
  defaultProvider: BillingProviderKind;
  provider: (kind: BillingProviderKind) => BillingProvider;
};

let cached: OrderDeps | undefined;

export function defaultOrderDeps(): OrderDeps {
  if (cached) return cached;
  const settings = env();
  // env() has already refused an invalid TAX_RATES, so a failure here cannot happen.
  const rates = taxRatesFromConfig(settings.taxRates);
  const config = {
    timeoutMs: settings.billingProviderTimeoutMs,
    stripe: settings.stripe,
    zuora: settings.zuora,
  };
  cached = {
    now: () => new Date(),
    taxRates: rates.ok ? rates.rates : DEFAULT_TAX_RATES,
    defaultProvider: settings.billingProvider,
    provider: (kind) => billingProviderFor(kind, config),
  };
  return cached;
}
