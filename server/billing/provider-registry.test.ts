import { afterEach, describe, expect, it } from "vitest";
import { DomainError } from "../domain/domain-error";
import { BuiltinBillingProvider } from "./builtin-provider";
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
});
