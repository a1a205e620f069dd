// Discount codes through submitOrder: each successful order counts one redemption, nothing else
// does (preview, refused or failed orders), and racing orders cannot exceed maxRedemptions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners, staffScope, testDeps } from "../../../tests/helpers/fixtures";
import { domainError, flakyProvider, newOrder, rowCounts } from "../../../tests/helpers/order-test-kit";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { DomainError } from "../../domain/domain-error";
import { BuiltinBillingProvider } from "../../infra/billing/builtin-provider";
import type { PartnerScope } from "../auth/partner-scope";
import { getOrder } from "./get-order";
import { previewOrder } from "./preview-order";
import { submitOrder } from "./submit-order";

let t: TestDatabase;
let acme: PartnerScope;
let globex: PartnerScope;
const deps = testDeps();

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  acme = await staffScope(t.db, "staff@acme.test");
  globex = await staffScope(t.db, "staff@globex.test");
});
afterAll(async () => t?.close());

const redeemed = async (code: string) =>
  (await t.db.discountCode.findUniqueOrThrow({ where: { code } })).timesRedeemed;

describe("discount redemptions", () => {
  it("count successful orders only, and price the code's periods", async () => {
    const start = await redeemed("WELCOME10"); // the demo data already used it once
    expect(start).toBe(1);
    const body = newOrder([{ id: "pro-monthly", quantity: 1 }], { orderDiscount: { code: "welcome10" } });

    const preview = await previewOrder(t.db, acme, body, deps);
    // 4900 - 10 % (490) = 4410 + 20 % tax 882 = 5292, for the first 3 periods; then 4900 + 980.
    expect(preview).toMatchObject({ subtotal: 4900, discountTotal: 490, taxTotal: 882, total: 5292 });
    expect(preview.schedule.map((e) => e.amount).slice(0, 5)).toEqual([5292, 5292, 5292, 5880, 5880]);
    expect(await redeemed("WELCOME10")).toBe(start);

    await domainError(
      submitOrder(
        t.db,
        acme,
        { ...body, country: "US", billingDetails: { ...body.billingDetails, country: "US" } },
        {},
        deps,
      ),
      "INELIGIBLE",
    );
    expect(await redeemed("WELCOME10")).toBe(start);

    const flaky = flakyProvider(new BuiltinBillingProvider(), 1);
    await domainError(
      submitOrder(t.db, acme, body, {}, testDeps({ provider: () => flaky.provider })),
      "UPSTREAM_FAILED",
    );
    expect(await redeemed("WELCOME10")).toBe(start);

    const { order } = await submitOrder(t.db, acme, body, { idempotencyKey: "welcome-once" }, deps);
    expect(order.total).toBe(5292);
    expect(await redeemed("WELCOME10")).toBe(start + 1);
    const stored = await t.db.order.findUniqueOrThrow({
      where: { id: order.id },
      include: { discountCode: true },
    });
    expect(stored).toMatchObject({ subtotal: 4900, discountTotal: 490, taxTotal: 882, total: 5292 });
    expect(stored.discountCode?.code).toBe("WELCOME10");
    expect((await getOrder(t.db, acme, order.id)).items[0]).toMatchObject({
      discountAmount: 490,
      amountWithoutTax: 4410,
    });

    // A replay is the same order: not a second redemption.
    await submitOrder(t.db, acme, body, { idempotencyKey: "welcome-once" }, deps);
    expect(await redeemed("WELCOME10")).toBe(start + 1);
    // Orders without a code do not count.
    await submitOrder(t.db, acme, newOrder([{ id: "pro-monthly", quantity: 1 }]), {}, deps);
    expect(await redeemed("WELCOME10")).toBe(start + 1);
  });

  it("a fixed-amount code takes its amount off once, in its currency", async () => {
    const start = await redeemed("FIVEPOUNDS");
    const { order } = await submitOrder(
      t.db,
      acme,
      newOrder([{ id: "starter-monthly", quantity: 2 }], { orderDiscount: { code: "FIVEPOUNDS" } }),
      {},
      deps,
    );
    // 3000 - 500 = 2500 + 500 tax = 3000.
    expect(order.total).toBe(3000);
    expect(await redeemed("FIVEPOUNDS")).toBe(start + 1);
  });

  it("a partner's own code works for it, not for another partner, and a switched-off code is unknown", async () => {
    const { order } = await submitOrder(
      t.db,
      acme,
      newOrder([{ id: "pro-monthly", quantity: 1 }], { orderDiscount: { code: "ACME20" } }),
      {},
      deps,
    );
    // 20 % off for ever: 3920 + 784 = 4704 on every invoice.
    expect(order.total).toBe(4704);
    const detail = await getOrder(t.db, acme, order.id);
    expect((detail.schedule as { amount: number }[]).every((e) => e.amount === 4704)).toBe(true);
    const refused = await domainError(
      submitOrder(
        t.db,
        globex,
        newOrder([{ id: "pro-monthly", quantity: 1 }], { country: "DE", orderDiscount: { code: "ACME20" } }),
        {},
        deps,
      ),
      "INELIGIBLE",
    );
    expect(refused.details.problems?.map((p) => p.code)).toEqual(["DISCOUNT_NOT_FOUND"]);
    await t.db.discountCode.update({ where: { code: "ACME20" }, data: { active: false } });
    const off = await domainError(
      submitOrder(
        t.db,
        acme,
        newOrder([{ id: "pro-monthly", quantity: 1 }], { orderDiscount: { code: "ACME20" } }),
        {},
        deps,
      ),
      "INELIGIBLE",
    );
    expect(off.details.problems?.map((p) => p.code)).toEqual(["DISCOUNT_NOT_FOUND"]);
    expect(await redeemed("ACME20")).toBe(1);
  });

  it("12 orders racing for a code with 3 uses left: exactly 3 get it, the rest are refused and store nothing", async () => {
    await t.db.discountCode.create({
      data: {
        id: "dsc_race",
        code: "LAST3",
        kind: "percent",
        percentOff: 25,
        durationPeriods: 1,
        maxRedemptions: 5,
        timesRedeemed: 2,
      },
    });
    const before = await rowCounts(t.db);
    const settled = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        submitOrder(
          t.db,
          i % 2 ? acme : globex,
          newOrder([{ id: "pro-monthly", quantity: 1 }], {
            country: i % 2 ? "GB" : "DE",
            orderDiscount: { code: "LAST3" },
          }),
          { idempotencyKey: `last3-${i}` },
          deps,
        ),
      ),
    );
    const won = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value.order] : []));
    const lost = settled.flatMap((s) => (s.status === "rejected" ? [s.reason as DomainError] : []));
    expect(won).toHaveLength(3);
    expect(lost).toHaveLength(9);
    for (const error of lost) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error.code).toBe("INELIGIBLE");
      expect(error.details.problems?.map((p) => p.code)).toEqual(["DISCOUNT_USED_UP"]);
    }
    // GBP: 4900 - 25 % = 3675 + 20 % tax = 4410. EUR (Germany): 5500 - 25 % = 4125 + 19 % tax 783.75 -> 784.
    for (const order of won) expect(order.total).toBe(order.currency === "GBP" ? 4410 : 4125 + 784);
    expect(await redeemed("LAST3")).toBe(5);
    expect(await t.db.order.count({ where: { discountCodeId: "dsc_race" } })).toBe(3);
    expect(await rowCounts(t.db)).toMatchObject({
      orders: before.orders + 3,
      customers: before.customers + 3,
      subscriptions: before.subscriptions + 3,
      idempotencyRecords: before.idempotencyRecords + 3,
      timesRedeemed: before.timesRedeemed + 3,
    });
  });
});
