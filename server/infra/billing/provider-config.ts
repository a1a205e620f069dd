// What the billing plugins need to know, passed in by the caller (the order services read it from
// server/infra/env/env.ts). The plugins never read the environment themselves: tests and the CLI can then
// build providers for fake servers without touching process.env.

/** Default budget of one provider HTTP call; env BILLING_PROVIDER_TIMEOUT_MS overrides it. */
export const DEFAULT_PROVIDER_TIMEOUT_MS = 5_000;

/**
 * How Stripe is asked for tax (env STRIPE_TAX). `rates`: Stripe tax rates made from the
 * deployment's TAX_RATES table, so Stripe bills what the catalogue shows; `automatic`: Stripe Tax
 * computes it from the account's own registrations; `none`: no tax is asked of Stripe.
 */
export const STRIPE_TAX_MODES = ["rates", "automatic", "none"] as const;
export type StripeTaxMode = (typeof STRIPE_TAX_MODES)[number];
export const DEFAULT_STRIPE_TAX_MODE: StripeTaxMode = "rates";

export type StripeSettings = {
  secretKey: string;
  /** API base URL, e.g. "https://api.stripe.com" (the default) or a local fake "http://127.0.0.1:4010". */
  apiBase?: string;
  tax?: StripeTaxMode;
};

export type ZuoraSettings = {
  /** REST base URL, e.g. "https://rest.test.zuora.com". */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Multi-entity tenants: the entity to act in (the Zuora-Entity-Ids header); unset otherwise. */
  entityId?: string | undefined;
};

/** Shaped like the `env()` values so the caller can pass them straight through. */
export type BillingProviderConfig = {
  timeoutMs?: number;
  stripe?:
    | { secretKey?: string | undefined; apiBase?: string | undefined; tax?: StripeTaxMode | undefined }
    | undefined;
  zuora?:
    | {
        baseUrl?: string | undefined;
        clientId?: string | undefined;
        clientSecret?: string | undefined;
        entityId?: string | undefined;
      }
    | undefined;
};

export function resolvedTimeoutMs(config: Pick<BillingProviderConfig, "timeoutMs">): number {
  const value = config.timeoutMs;
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : DEFAULT_PROVIDER_TIMEOUT_MS;
}
