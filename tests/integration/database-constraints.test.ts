// Rules the database itself enforces, whatever the application code does: a partner with orders
// cannot be deleted (onDelete: Restrict) and an external id is unique per partner.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitOrder } from "../../server/features/orders/submit-order";
import { isForeignKeyViolation, isUniqueViolation } from "../../server/infra/db/prisma-errors";
import { seedPartners, staffScope, testDeps } from "../helpers/fixtures";
import { newOrder, partnerWithStaff, rowCounts } from "../helpers/order-test-kit";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
let ids: { acmeId: string; globexId: string };

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await seedPartners(t.db);
});
afterAll(async () => t?.close());

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the database to refuse this");
}

describe("deleting a partner", () => {
  it("that has orders is refused by the database and leaves everything intact", async () => {
    const before = await rowCounts(t.db);
    const users = await t.db.staffUser.count({ where: { partnerId: ids.acmeId } });
    const clients = await t.db.apiClient.count({ where: { partnerId: ids.acmeId } });
    const discounts = await t.db.discountCode.count({ where: { partnerId: ids.acmeId } });
    expect(users).toBe(2);
    expect(clients).toBe(1);
    expect(await t.db.order.count({ where: { partnerId: ids.acmeId } })).toBe(3);

    const error = await rejection(t.db.partner.delete({ where: { id: ids.acmeId } }));
    expect(isForeignKeyViolation(error)).toBe(true);
    // Not even the rows that would cascade (users, API clients, discount codes) are gone.
    expect(await rowCounts(t.db)).toEqual(before);
    expect(await t.db.staffUser.count({ where: { partnerId: ids.acmeId } })).toBe(users);
    expect(await t.db.apiClient.count({ where: { partnerId: ids.acmeId } })).toBe(clients);
    expect(await t.db.discountCode.count({ where: { partnerId: ids.acmeId } })).toBe(discounts);
    expect(await t.db.partner.findUnique({ where: { id: ids.acmeId } })).not.toBeNull();

    // Raw SQL is refused the same way: the rule lives in the schema, not in Prisma.
    expect(await rejection(t.db.$executeRaw`DELETE FROM "Partner" WHERE "id" = ${ids.acmeId}`)).toBeDefined();
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it("without orders or customers is allowed (its users go with it)", async () => {
    const { partnerId } = await partnerWithStaff(t.db, { slug: "shortlived", name: "Short Lived" });
    await t.db.partner.delete({ where: { id: partnerId } });
    expect(await t.db.staffUser.count({ where: { partnerId } })).toBe(0);
  });

  it("with only a customer (no order yet) is refused too", async () => {
    const { partnerId } = await partnerWithStaff(t.db, { slug: "custonly", name: "Customer Only" });
    await t.db.customer.create({
      data: {
        id: `id-${"a".repeat(32)}`,
        partnerId,
        firstName: "C",
        lastName: "O",
        email: "c@o.test",
        emailLower: "c@o.test",
        nameLower: "c o",
      },
    });
    expect(isForeignKeyViolation(await rejection(t.db.partner.delete({ where: { id: partnerId } })))).toBe(
      true,
    );
    expect(await t.db.partner.count({ where: { id: partnerId } })).toBe(1);
  });
});

describe("external id per partner", () => {
  it("a duplicate (partnerId, externalId) written directly is refused by the database", async () => {
    const existing = await t.db.order.findFirstOrThrow({
      where: { partnerId: ids.acmeId, externalId: "demo-acme-1" },
    });
    const copy = {
      ...existing,
      id: `order-${"f".repeat(32)}`,
      reference: "ZZZZZZZZZZZ2",
      payload: existing.payload ?? {},
      pricing: existing.pricing ?? {},
    };
    const before = await t.db.order.count();
    const error = await rejection(t.db.order.create({ data: copy as never }));
    expect(isUniqueViolation(error)).toBe(true);
    expect(await t.db.order.count()).toBe(before);

    // The same row with another external id, or none, is fine: the constraint is what refused it.
    await t.db.order.create({ data: { ...copy, externalId: "demo-acme-1-copy" } as never });
    await t.db.order.create({
      data: { ...copy, id: `order-${"e".repeat(32)}`, reference: "ZZZZZZZZZZZ3", externalId: null } as never,
    });
    await t.db.order.create({
      data: { ...copy, id: `order-${"d".repeat(32)}`, reference: "ZZZZZZZZZZZ4", externalId: null } as never,
    });
    expect(await t.db.order.count()).toBe(before + 3);
  });

  it("two partners may use the same external id", async () => {
    const acme = await staffScope(t.db, "staff@acme.test");
    const globex = await staffScope(t.db, "staff@globex.test");
    const deps = testDeps();
    const a = await submitOrder(
      t.db,
      acme,
      newOrder([{ id: "starter-monthly", quantity: 1 }], { external_id: "PO-1000" }),
      {},
      deps,
    );
    const g = await submitOrder(
      t.db,
      globex,
      newOrder([{ id: "starter-monthly", quantity: 1 }], { country: "DE", external_id: "PO-1000" }),
      {},
      deps,
    );
    expect(a.order.id).not.toBe(g.order.id);
    expect(await t.db.order.count({ where: { externalId: "PO-1000" } })).toBe(2);
    // And directly, a third row for either partner is refused.
    const row = await t.db.order.findUniqueOrThrow({ where: { id: g.order.id } });
    const error = await rejection(
      t.db.order.create({
        data: {
          ...row,
          id: `order-${"c".repeat(32)}`,
          reference: "ZZZZZZZZZZZ5",
          payload: row.payload ?? {},
          pricing: row.pricing ?? {},
        } as never,
      }),
    );
    expect(isUniqueViolation(error)).toBe(true);
  });
});
