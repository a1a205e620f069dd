// One configured instance of the official `stripe` SDK. The API base comes from config so tests
// (and a local demo) can point it at a fake on 127.0.0.1. Retries are off: the deadline must hold
// (a retry after a timeout doubles the wait), and a failed submit is retried by the partner with
// the same Idempotency-Key, which derives the same Stripe keys, so nothing is billed twice.
import Stripe from "stripe";

export type StripeClientSettings = { secretKey: string; apiBase?: string; timeoutMs: number };

export const STRIPE_DEFAULT_API_BASE = "https://api.stripe.com";

/**
 * The API version every request names (Stripe-Version), pinned rather than left to the account's
 * default, so answers keep the shape this code reads whatever the account is set to. It is the
 * version this SDK release is typed for; upgrading the SDK means reading Stripe's changelog and
 * moving this with it (the fake refuses any other version).
 */
export const STRIPE_API_VERSION = "2026-10-28.endive" satisfies Stripe.LatestApiVersion;

export function createStripeClient(settings: StripeClientSettings): Stripe {
  const base = new URL(settings.apiBase ?? STRIPE_DEFAULT_API_BASE);
  if (base.protocol !== "https:" && base.protocol !== "http:") {
    throw new Error(`Stripe API base must be an http(s) URL, got ${base.protocol}`);
  }
  const protocol = base.protocol === "https:" ? "https" : "http";
  return new Stripe(settings.secretKey, {
    apiVersion: STRIPE_API_VERSION,
    host: base.hostname,
    port: base.port || (protocol === "https" ? 443 : 80),
    protocol,
    timeout: settings.timeoutMs,
    maxNetworkRetries: 0,
    telemetry: false,
    appInfo: { name: "partner-orders-portal" },
  });
}
