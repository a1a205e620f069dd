// A preview and the order it becomes show the same figures on an external provider: the
// provider's own, even where they differ from the catalogue's. Here Stripe taxes at 10 % while
// the deployment's table says 20 % for GB (the real Stripe uses its own tax settings).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners } from "../../tests/helpers/fixtures";
import { newOrder } from "../../tests/helpers/order-test-kit";
import { type StripePartner, stripePartner } from "../../tests/helpers/stripe-partner";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-database";
import { previewOrder } from "./preview-order";
import { submitOrder } from "./submit-order";

let t: TestDatabase;
let billed: StripePartner;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  billed = await stripePartner(t.db, "stripe-figures", 1000);
});
afterAll(async () => {
  await billed?.close();
  await t?.close();
});

describe("figures of an order billed by Stripe", () => {
  it("the stored order and its lines hold Stripe's figures, those the preview showed", async () => {
    const body = newOrder([
      { id: "pro-monthly", quantity: 3 },
      { id: "setup-fee", quantity: 1 },
    ]);
    const preview = await previewOrder(t.db, billed.scope, structuredClone(body), billed.deps());
    expect(preview.billingProvider).toBe("stripe");
    // Stripe's 10 %, not the table's 20 %: the catalogue's figures would differ.
    expect(preview.taxTotal * 10).toBe(preview.subtotal - preview.discountTotal);

    const { order } = await submitOrder(t.db, billed.scope, body, {}, billed.deps());
    expect(order.total).toBe(preview.total);
    const stored = await t.db.order.findUniqueOrThrow({
      where: { id: order.id },
      select: { subtotal: true, taxTotal: true, total: true, items: { orderBy: { position: "asc" } } },
    });
    expect(stored).toMatchObject({
      subtotal: preview.subtotal,
      taxTotal: preview.taxTotal,
      total: preview.total,
    });
    expect(stored.items.map((i) => [i.offerId, i.amountWithoutTax, i.taxAmount, i.amount])).toEqual(
      preview.lineItems.map((l) => [l.offer.id, l.amountWithoutTax, l.taxAmount, l.amount]),
    );
  });
});
