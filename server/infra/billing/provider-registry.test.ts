import { afterEach, describe, expect, it } from "vitest";
import { orderRequest } from "../../../tests/fakes/order-request-fixture";
import { startStripeFake } from "../../../tests/fakes/stripe-fake-server";
import { syncedToStripe } from "../../../tests/helpers/stripe-catalogue";
import { DomainError } from "../../domain/domain-error";
import { BuiltinBillingProvider } from "./builtin-provider";
import type { StripeTaxMode } from "./provider-config";
import { billingProviderFor, clearBillingProviderCache } from "./provider-registry";

const zuora = { baseUrl: "http://127.0.0.1:9", clientId: "id", clientSecret: "secret" };

describe("billingProviderFor", () => {
  afterEach(() => clearBillingProviderCache());

  it("returns the plugin of the kind (external ones measured), one instance per configuration", () => {
    expect(billingProviderFor("builtin", {})).toBeInstanceOf(BuiltinBillingProvider);
    const stripe = billingProviderFor("stripe", { timeoutMs: 1000, stripe: { secretKey: "sk_test_1" } });
    expect(stripe.kind).toBe("stripe");
    expect(billingProviderFor("stripe", { timeoutMs: 1000, stripe: { secretKey: "sk_test_1" } })).toBe(
      stripe,
    );
    expect(billingProviderFor("stripe", { timeoutMs: 2000, stripe: { secretKey: "sk_test_1" } })).not.toBe(
      stripe,
    );
    expect(billingProviderFor("zuora", { zuora }).kind).toBe("zuora");
  });

  it("says clearly when the chosen provider is not configured, naming no secret", () => {
    const stripe = (() => {
      try {
        billingProviderFor("stripe", { stripe: { secretKey: undefined } });
      } catch (error) {
        return error;
      }
    })();
    expect(stripe).toBeInstanceOf(DomainError);
    expect((stripe as DomainError).code).toBe("UPSTREAM_FAILED");
    expect((stripe as DomainError).message).toBe(
      "Stripe is this partner's billing provider but is not configured (STRIPE_SECRET_KEY)",
    );
    expect(() => billingProviderFor("zuora", { zuora: { ...zuora, clientSecret: "" } })).toThrow(
      /Zuora .* not configured/,
    );
  });

  it("passes STRIPE_TAX on to the Stripe provider, `rates` when unset", async () => {
    const fake = await startStripeFake({ automaticTax: { GB: 2000 } });
    try {
      const config = (tax?: StripeTaxMode) => ({
        timeoutMs: 2000,
        stripe: { secretKey: fake.secretKey, apiBase: fake.url, tax },
      });
      const lastPreview = () =>
        // biome-ignore lint/suspicious/noExplicitAny: a recorded wire body has no static type.
        fake.requestsTo("POST", "/v1/invoices/create_preview").at(-1)?.body as any;
      expect(billingProviderFor("stripe", config())).toBe(billingProviderFor("stripe", config("rates")));
      expect(billingProviderFor("stripe", config("automatic"))).not.toBe(
        billingProviderFor("stripe", config()),
      );

      // The order's offers and GB tax rate synced to the fake first, as an import would have done.
      const request = await syncedToStripe(fake, { ...orderRequest({ taxRateBps: 2000 }), taxRateBps: 2000 });
      await billingProviderFor("stripe", config()).preview({ ...request, taxRateBps: 2000 });
      expect(lastPreview().subscription_details.items[0].tax_rates).toEqual([expect.stringMatching(/^txr_/)]);
      await billingProviderFor("stripe", config("automatic")).preview(request);
      expect(lastPreview().automatic_tax).toEqual({ enabled: "true" });
      await billingProviderFor("stripe", config("none")).preview({ ...request, taxRateBps: 2000 });
      expect(lastPreview().automatic_tax).toBeUndefined();
      expect(lastPreview().subscription_details.items[0].tax_rates).toBeUndefined();
    } finally {
      await fake.close();
    }
  });
});
