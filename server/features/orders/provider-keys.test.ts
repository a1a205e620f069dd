// The idempotency keys an external provider is sent are derived from the order: from the
// partner's Idempotency-Key when there is one, else from the order's own id, made before the
// provider is asked (never a random value, which a retry of the same call could not repeat).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners } from "../../../tests/helpers/fixtures";
import { newOrder } from "../../../tests/helpers/order-test-kit";
import { type StripePartner, stripePartner } from "../../../tests/helpers/stripe-partner";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { providerIdempotencyKey } from "../../infra/billing/provider-idempotency";
import { submitOrder } from "./submit-order";

let t: TestDatabase;
let billed: StripePartner;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  billed = await stripePartner(t.db, "stripe-keys");
});
afterAll(async () => {
  await billed?.close();
  await t?.close();
});

describe("provider idempotency keys", () => {
  it("without an Idempotency-Key, Stripe's keys derive from the order's id", async () => {
    const { order } = await submitOrder(
      t.db,
      billed.scope,
      newOrder([{ id: "pro-monthly", quantity: 1 }]),
      {},
      billed.deps(),
    );
    const partnerId = billed.scope.partnerId;
    const sent = billed.stripe.requestsTo("POST", "/v1/subscriptions").at(-1)?.headers["idempotency-key"];
    expect(sent).toBe(
      providerIdempotencyKey("stripe", partnerId, `${partnerId}:${order.id}`, "subscription"),
    );
  });
});
