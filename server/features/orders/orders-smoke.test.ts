import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newOrderBody, seedPartners, staffScope, testDeps } from "../../../tests/helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { getOrder } from "./get-order";
import { listOrders } from "./list-orders";
import { previewOrder } from "./preview-order";
import { submitOrder } from "./submit-order";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
});
afterAll(async () => t?.close());

describe("orders smoke", () => {
  it("previews, submits, reads and lists a new order", async () => {
    const scope = await staffScope(t.db, "staff@acme.test");
    const preview = await previewOrder(t.db, scope, newOrderBody(), testDeps());
    expect(preview.eligibility).toEqual({ eligible: true, problems: [] });
    expect(preview.total).toBe(3 * 4900 + 3 * 980);
    const { order } = await submitOrder(
      t.db,
      scope,
      newOrderBody({ external_id: "ERP-1" }),
      { idempotencyKey: "k1" },
      testDeps(),
    );
    expect(order.total).toBe(preview.total);
    const detail = await getOrder(t.db, scope, order.id);
    expect(detail.items).toHaveLength(1);
    const page = await listOrders(t.db, scope, {});
    expect(page.items.map((o) => o.id)).toContain(order.id);
  });
});
