// What the billing plugins need to know, passed in by the caller (the order services read it from
// server/env.ts). The plugins never read the environment themselves: tests and the CLI can then
// build providers for fake servers without touching process.env.

/** Default budget of one provider HTTP call; env BILLING_PROVIDER_TIMEOUT_MS overrides it. */
export const DEFAULT_PROVIDER_TIMEOUT_MS = 5_000;

export type StripeSettings = {
  secretKey: string;
  /** API base URL, e.g. "https://api.stripe.com" (the default) or a local fake "http://127.0.0.1:4010". */
  apiBase?: string;
};

export type ZuoraSettings = {
  /** REST base URL, e.g. "https://rest.test.zuora.com". */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
};

/** Shaped like the `env()` values so the caller can pass them straight through. */
export type BillingProviderConfig = {
  timeoutMs?: number;
  stripe?: { secretKey?: string | undefined; apiBase?: string | undefined } | undefined;
  zuora?:
    | { baseUrl?: string | undefined; clientId?: string | undefined; clientSecret?: string | undefined }
    | undefined;
};

export function resolvedTimeoutMs(config: Pick<BillingProviderConfig, "timeoutMs">): number {
  const value = config.timeoutMs;
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : DEFAULT_PROVIDER_TIMEOUT_MS;
}
