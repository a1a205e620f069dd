// Which BillingProvider serves an order. The caller passes the configuration explicitly (from
// env(): timeout, Stripe and Zuora settings), so this module never reads the environment.
// Instances are cached per configuration: the Stripe SDK client and the Zuora token cache are
// worth keeping between requests.
import { createHash } from "node:crypto";
import { DomainError } from "../../domain/domain-error";
import type { BillingProviderKind } from "../../domain/enums";
import type { BillingProvider } from "./billing-provider";
import { BuiltinBillingProvider } from "./builtin-provider";
import { measuredProvider } from "./measured-provider";
import { type BillingProviderConfig, DEFAULT_STRIPE_TAX_MODE, resolvedTimeoutMs } from "./provider-config";
import { StripeBillingProvider } from "./stripe-provider";
import { ZuoraBillingProvider } from "./zuora-provider";

const MAX_CACHED_PROVIDERS = 16;
const cache = new Map<string, BillingProvider>();
const builtin = new BuiltinBillingProvider();

function notConfigured(kind: "stripe" | "zuora", missing: string): DomainError {
  // A partner set up for a provider this deployment has no settings for: the order cannot be
  // billed. It is reported like any other provider failure (502), naming no secret.
  const label = kind === "stripe" ? "Stripe" : "Zuora";
  return new DomainError(
    "UPSTREAM_FAILED",
    `${label} is this partner's billing provider but is not configured (${missing})`,
  );
}

/** The cache key holds a digest of the settings, never the secrets themselves. */
function cacheKey(kind: BillingProviderKind, settings: unknown): string {
  return `${kind}:${createHash("sha256").update(JSON.stringify(settings)).digest("hex")}`;
}

function cached(key: string, make: () => BillingProvider): BillingProvider {
  const existing = cache.get(key);
  if (existing) return existing;
  const provider = make();
  if (cache.size >= MAX_CACHED_PROVIDERS) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, provider);
  return provider;
}

export function billingProviderFor(
  kind: BillingProviderKind,
  config: BillingProviderConfig,
): BillingProvider {
  const timeoutMs = resolvedTimeoutMs(config);
  switch (kind) {
    case "builtin":
      return builtin;
    case "stripe": {
      const secretKey = config.stripe?.secretKey;
      if (!secretKey) throw notConfigured("stripe", "STRIPE_SECRET_KEY");
      const tax = config.stripe?.tax ?? DEFAULT_STRIPE_TAX_MODE;
      const settings = { secretKey, apiBase: config.stripe?.apiBase, tax, timeoutMs };
      return cached(cacheKey(kind, settings), () => measuredProvider(new StripeBillingProvider(settings)));
    }
    case "zuora": {
      const { baseUrl, clientId, clientSecret, entityId } = config.zuora ?? {};
      if (!baseUrl || !clientId || !clientSecret) {
        throw notConfigured("zuora", "ZUORA_BASE_URL, ZUORA_CLIENT_ID and ZUORA_CLIENT_SECRET");
      }
      const settings = { baseUrl, clientId, clientSecret, entityId, timeoutMs };
      return cached(cacheKey(kind, settings), () => measuredProvider(new ZuoraBillingProvider(settings)));
    }
  }
}

/** Tests: forget cached instances. */
export function clearBillingProviderCache(): void {
  cache.clear();
}
