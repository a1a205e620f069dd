// The SQL copies stand in for orders the app wrote, so what the reads rely on must hold for them
// as for the base: every foreign key resolves, ids and references keep the shapes the API accepts
// and stay unique, dates stay inside the two years, and each copy has the base's mix. Runs on both
// providers (TEST_DATABASE_URL selects PostgreSQL).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORDER_ID_PATTERN, OWNER_ID_PATTERN } from "../../server/domain/identifiers";
import { makePartnerScope, type PartnerScope } from "../../server/features/auth/partner-scope";
import { listOrders } from "../../server/features/orders/list-orders";
import { seedDemo } from "../../server/features/seed/seed-demo";
import { REFERENCE_ALPHABET } from "../../server/infra/db/ids";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-database";
import { TWO_YEARS_MS } from "./scale-data";
import { fillOrders } from "./scale-multiply";

const ORDERS = 175;
const BASE = 50;

let t: TestDatabase;
let acme: PartnerScope;
let started: number;
let filled: Awaited<ReturnType<typeof fillOrders>>;

async function scopeOf(email: string): Promise<PartnerScope> {
  const user = await t.db.staffUser.findUniqueOrThrow({ where: { email } });
  return makePartnerScope(user.partnerId, {
    kind: "user",
    userId: user.id,
    role: user.role,
    email: user.email,
  });
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  acme = await scopeOf("staff@acme.test");
  const globex = await scopeOf("staff@globex.test");
  started = Date.now();
  filled = await fillOrders(t.db, [acme, globex], ORDERS, () => {}, { maxBase: BASE });
}, 120_000);
afterAll(async () => t?.close());

const generated = { externalId: { startsWith: "scale-" } };

/** The copy an order belongs to: 0 for the base, k for `scale-<i>-<k>`. */
const copyOf = (externalId: string | null) => Number(externalId?.split("-")[2] ?? 0);

async function count(sql: string): Promise<number> {
  const [row] = await t.db.$queryRawUnsafe<{ n: bigint | number }[]>(sql);
  return Number(row?.n);
}

describe("fillOrders with a base of 50 and 175 orders", () => {
  it("writes exactly the orders asked for, in even copies of the base", async () => {
    // ceil(175 / 50) = 4 copies of an even share: 44, 44, 44 and the last 43.
    expect(filled).toMatchObject({ orders: ORDERS, base: 44, copies: 4 });
    expect(await t.db.order.count({ where: generated })).toBe(ORDERS);
    const orders = await t.db.order.findMany({ where: generated, select: { externalId: true } });
    const perCopy = [0, 1, 2, 3].map((k) => orders.filter((o) => copyOf(o.externalId) === k).length);
    expect(perCopy).toEqual([44, 44, 44, 43]);
    // Each `new` order made its own customer and subscription, in the base and in every copy.
    const made = await t.db.order.count({ where: { ...generated, type: "new" } });
    expect(filled).toMatchObject({ customers: made, subscriptions: made });
  });

  it("points every foreign key at an existing row", async () => {
    const orphans = [
      `SELECT count(*) AS n FROM "Order" o LEFT JOIN "Customer" c ON c."id" = o."customerId" WHERE c."id" IS NULL`,
      `SELECT count(*) AS n FROM "Order" o LEFT JOIN "Subscription" s ON s."id" = o."subscriptionId"
       WHERE o."subscriptionId" IS NOT NULL AND s."id" IS NULL`,
      `SELECT count(*) AS n FROM "OrderItem" i LEFT JOIN "Order" o ON o."id" = i."orderId" WHERE o."id" IS NULL`,
      `SELECT count(*) AS n FROM "SubscriptionItem" i LEFT JOIN "Subscription" s ON s."id" = i."subscriptionId"
       WHERE s."id" IS NULL`,
      `SELECT count(*) AS n FROM "Subscription" s LEFT JOIN "Customer" c ON c."id" = s."customerId" WHERE c."id" IS NULL`,
      // A copied order's subscription and customer are of the same copy, and of its partner.
      `SELECT count(*) AS n FROM "Order" o JOIN "Subscription" s ON s."id" = o."subscriptionId"
       WHERE s."customerId" <> o."customerId" OR s."partnerId" <> o."partnerId"`,
    ];
    for (const sql of orphans) expect(await count(sql), sql).toBe(0);
    // A later order changes a subscription its own copy made (so each copy has the base's mix).
    const orders = await t.db.order.findMany({
      where: generated,
      select: { externalId: true, type: true, subscriptionId: true },
    });
    const madeIn = new Map(
      orders.filter((o) => o.type === "new").map((o) => [o.subscriptionId, copyOf(o.externalId)]),
    );
    const later = orders.filter((o) => o.type !== "new");
    expect(later.length).toBeGreaterThan(0);
    for (const o of later)
      expect(madeIn.get(o.subscriptionId), o.externalId ?? "").toBe(copyOf(o.externalId));
    // Every generated order has its lines, and every generated subscription its items.
    const lines = await t.db.order.findMany({
      where: generated,
      select: { _count: { select: { items: true } } },
    });
    expect(new Set(lines.map((o) => o._count.items)).size).toBe(1);
    expect(lines[0]?._count.items).toBeGreaterThan(0);
  });

  it("keeps ids, references and emails unique and in the shapes the app accepts", async () => {
    const orders = await t.db.order.findMany({
      where: generated,
      select: { id: true, reference: true, customerId: true, subscription: { select: { reference: true } } },
    });
    const reference = new RegExp(`^[${REFERENCE_ALPHABET}]{12}$`);
    for (const o of orders) {
      expect(o.id).toMatch(ORDER_ID_PATTERN);
      expect(o.customerId).toMatch(OWNER_ID_PATTERN);
      expect(o.reference).toMatch(reference);
      expect(o.subscription?.reference).toMatch(reference);
    }
    for (const [table, column] of [
      ["Order", "id"],
      ["Order", "reference"],
      ["Customer", "id"],
      ["Customer", "email"],
      ["Customer", "nameLower"],
      ["Subscription", "reference"],
      ["SubscriptionItem", "id"],
      ["OrderItem", "id"],
    ]) {
      const all = await count(`SELECT count(*) AS n FROM "${table}"`);
      expect(
        await count(`SELECT count(DISTINCT "${column}") AS n FROM "${table}"`),
        `${table}.${column}`,
      ).toBe(all);
    }
  });

  it("finds a copied order by its reference and its customer's email", async () => {
    const candidates = await t.db.order.findMany({
      where: { ...generated, partnerId: acme.partnerId, type: "new" },
      select: { id: true, externalId: true, reference: true, customer: { select: { email: true } } },
    });
    const copied = candidates.find((o) => copyOf(o.externalId) === 3);
    if (!copied) throw new Error("no new order of acme in copy 3");
    expect(copied.customer.email).toMatch(/\.k\d+@example\.test$/);
    for (const q of [copied.reference, copied.reference.toLowerCase(), copied.customer.email]) {
      const page = await listOrders(t.db, acme, { q });
      expect(page.items.map((o) => o.id)).toContain(copied.id);
    }
    expect((await listOrders(t.db, acme, { q: copied.reference })).items).toHaveLength(1);
  });

  it("spreads the dates over the two years and none in the future", async () => {
    const now = Date.now();
    const orders = await t.db.order.findMany({
      where: generated,
      select: { createdAt: true, updatedAt: true, processedAt: true, status: true, externalId: true },
      orderBy: { createdAt: "asc" },
    });
    for (const o of orders) {
      expect(o.createdAt.getTime()).toBeGreaterThanOrEqual(started - TWO_YEARS_MS - 60_000);
      expect(o.createdAt.getTime()).toBeLessThanOrEqual(now);
      expect(o.updatedAt).toEqual(o.createdAt);
      if (o.status !== "submitted") expect(o.processedAt).toEqual(o.createdAt);
    }
    // Copies interleave: no two orders at the same moment, and each copy covers the window.
    expect(new Set(orders.map((o) => o.createdAt.getTime())).size).toBe(orders.length);
    for (const k of [1, 2, 3]) {
      const dates = orders.filter((o) => copyOf(o.externalId) === k).map((o) => o.createdAt.getTime());
      expect(Math.max(...dates) - Math.min(...dates)).toBeGreaterThan(TWO_YEARS_MS * 0.9);
    }
    // Copy k of order i sits k/copies of the gap between two base orders after it, to the millisecond.
    const pair = await t.db.order.findMany({
      where: { externalId: { in: ["scale-7", "scale-7-2"] } },
      orderBy: { externalId: "asc" },
      select: { createdAt: true },
    });
    expect((pair[1]?.createdAt.getTime() ?? 0) - (pair[0]?.createdAt.getTime() ?? 0)).toBe(
      Math.floor((2 * TWO_YEARS_MS) / (44 * 4)),
    );
    if (t.kind === "sqlite") {
      // SQLite compares dates as text: a copy must write the very format Prisma writes.
      const texts = await t.db.$queryRawUnsafe<{ createdAt: string }[]>(
        `SELECT CAST("createdAt" AS TEXT) AS "createdAt" FROM "Order" WHERE "externalId" IN ('scale-7', 'scale-7-2')`,
      );
      expect(texts).toHaveLength(2);
      for (const { createdAt } of texts) {
        expect(createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
      }
    }
    const customers = await t.db.customer.findMany({
      where: { emailLower: { endsWith: "@example.test", not: { startsWith: "bench." } } },
      select: { createdAt: true },
    });
    for (const c of customers) expect(c.createdAt.getTime()).toBeLessThanOrEqual(now);
  });

  it("gives every full copy the base's mix of statuses, types, partners and totals", async () => {
    const orders = await t.db.order.findMany({
      where: generated,
      select: { externalId: true, status: true, type: true, partnerId: true, total: true },
    });
    const mixOf = (k: number) => {
      const mine = orders.filter((o) => copyOf(o.externalId) === k);
      const tally = (key: (o: (typeof mine)[number]) => string) =>
        Object.fromEntries(
          [...new Set(mine.map(key))].sort().map((v) => [v, mine.filter((o) => key(o) === v).length]),
        );
      return {
        status: tally((o) => o.status),
        type: tally((o) => o.type),
        partner: tally((o) => o.partnerId),
        total: mine.reduce((sum, o) => sum + o.total, 0),
      };
    };
    const base = mixOf(0);
    expect(Object.keys(base.type).length).toBeGreaterThan(1);
    expect(mixOf(1)).toEqual(base);
    expect(mixOf(2)).toEqual(base);
    // The last copy lacks only the base's last order.
    expect(Object.values(mixOf(3).status).reduce((a, b) => a + b, 0)).toBe(43);
  });
});
