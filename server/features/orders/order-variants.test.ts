// Every order variant end to end through the services against a real database: what the answer
// says, what is stored, and the figures (worked out by hand below, not copied from the code).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners, staffScope, testDeps } from "../../../tests/helpers/fixtures";
import { domainError, NOW, newOrder, rowCounts } from "../../../tests/helpers/order-test-kit";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { scheduleEntrySchema, submitResponseSchema } from "../../domain/order-response-schemas";
import type { PartnerScope } from "../auth/partner-scope";
import { getCustomer } from "../customers/customer-service";
import { getSubscription } from "../subscriptions/subscription-service";
import { getOrder } from "./get-order";
import { previewOrder } from "./preview-order";
import { submitOrder } from "./submit-order";

let t: TestDatabase;
let acme: PartnerScope;
const deps = testDeps(); // clock 2026-11-27T10:00Z, GB tax 20 %

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  acme = await staffScope(t.db, "staff@acme.test");
});
afterAll(async () => t?.close());

const submit = (body: unknown) => submitOrder(t.db, acme, body, {}, deps).then((r) => r.order);

/** A subscription started on 2026-11-01 (so "now", 2026-11-27, is mid-period). */
async function subscriptionFrom1Nov(items: { id: string; quantity: number }[]) {
  return submit(newOrder(items, { orderDate: "2026-11-01" }));
}

describe("new", () => {
  it("creates customer, subscription and order with the catalogue figures", async () => {
    const before = await rowCounts(t.db);
    const body = newOrder(
      [
        { id: "pro-monthly", quantity: 3 },
        { id: "setup-fee", quantity: 1 },
      ],
      { external_id: "VAR-NEW-1" },
    );
    const { order, replayed } = await submitOrder(t.db, acme, body, {}, deps);

    // pro-monthly 3 x 4900 = 14700 + 20 % tax 2940; setup-fee 9900 + 1980 tax.
    expect(replayed).toBe(false);
    expect(submitResponseSchema.parse(order)).toEqual(order);
    expect(order).toMatchObject({
      status: "complete",
      external_id: "VAR-NEW-1",
      created_at: NOW.toISOString(),
      total: 14700 + 2940 + 9900 + 1980,
      currency: "GBP",
    });
    expect(await rowCounts(t.db)).toMatchObject({
      orders: before.orders + 1,
      orderItems: before.orderItems + 2,
      customers: before.customers + 1,
      subscriptions: before.subscriptions + 1,
      subscriptionItems: before.subscriptionItems + 2,
      auditEvents: before.auditEvents + 1,
    });

    const stored = await t.db.order.findUniqueOrThrow({
      where: { id: order.id },
      include: { items: { orderBy: { position: "asc" } } },
    });
    expect(stored).toMatchObject({
      reference: order.order_reference,
      partnerId: acme.partnerId,
      type: "new",
      status: "complete",
      externalId: "VAR-NEW-1",
      customerId: order.owner,
      subtotal: 24600,
      discountTotal: 0,
      taxTotal: 4920,
      total: 29520,
      billingProvider: "builtin",
      createdByUserId: acme.actor.kind === "user" ? acme.actor.userId : "",
      createdAt: NOW,
    });
    expect(
      stored.items.map((i) => [
        i.offerId,
        i.quantity,
        i.unitAmount,
        i.amountWithoutTax,
        i.taxAmount,
        i.amount,
      ]),
    ).toEqual([
      ["pro-monthly", 3, 4900, 14700, 2940, 17640],
      ["setup-fee", 1, 9900, 9900, 1980, 11880],
    ]);

    const customer = await getCustomer(t.db, acme, order.owner);
    expect(customer).toMatchObject({
      firstName: "Ada",
      lastName: "Lovelace",
      email: body.customerDetails.email,
      country: "GB",
    });
    expect(customer.subscriptions.map((s) => s.reference)).toEqual([order.subscriptionReference]);

    const subscription = await getSubscription(t.db, acme, order.subscriptionReference);
    expect(subscription).toMatchObject({
      status: "active",
      currency: "GBP",
      termStart: NOW.toISOString(),
      termEnd: null,
      termMonths: null,
      cancelAt: null,
      customer: { owner: order.owner },
    });
    expect(subscription.items.map((i) => [i.offer.id, i.quantity, i.unitAmount, i.billingPeriod])).toEqual([
      ["pro-monthly", 3, 4900, "month"],
      ["setup-fee", 1, 9900, "once"],
    ]);

    const detail = await getOrder(t.db, acme, order.id);
    expect(detail.audit.map((a) => a.action)).toEqual(["order.new"]);
    // Monthly schedule from the start date: the set-up fee only on the first invoice.
    expect(detail.schedule).toHaveLength(12);
    const schedule = detail.schedule as { date: string; amount: number }[];
    expect(schedule.map((e) => e.date).slice(0, 3)).toEqual(["2026-11-27", "2026-12-27", "2027-01-27"]);
    expect(schedule[0]?.amount).toBe(29520);
    expect(schedule[1]?.amount).toBe(17640);
    expect(schedule[11]?.date).toBe("2027-10-27");
    // Stored compactly (each entry's lines name the line they repeat), read back whole.
    const storedSchedule = (stored.pricing as { schedule: { lineItems: object[] }[] }).schedule;
    expect(storedSchedule[1]?.lineItems.every((line) => "prev" in line && !("offer" in line))).toBe(true);
    for (const entry of detail.schedule) scheduleEntrySchema.parse(entry);
    expect(detail.schedule[1]?.lineItems.map((l) => [l.offer.id, l.quantity, l.periodStart])).toEqual([
      ["pro-monthly", 3, "2026-12-27"],
    ]);
  });

  it("with process_immediately false is submitted and its subscription pending", async () => {
    const { order } = await submitOrder(
      t.db,
      acme,
      newOrder([{ id: "starter-monthly", quantity: 1 }], { process_immediately: false }),
      {},
      deps,
    );
    expect(order.status).toBe("submitted");
    expect((await getSubscription(t.db, acme, order.subscriptionReference)).status).toBe("pending");
  });

  it("for an existing customer (customer.owner) reuses the owner and makes no new customer", async () => {
    const first = await submit(newOrder([{ id: "starter-monthly", quantity: 1 }]));
    const customers = await t.db.customer.count();
    const second = await submit({
      ...newOrder([{ id: "pro-annual", quantity: 1 }]),
      customerDetails: undefined,
      customer: { owner: first.owner },
    });
    expect(second.owner).toBe(first.owner);
    expect(second.subscriptionReference).not.toBe(first.subscriptionReference);
    // pro-annual: 49000 + 20 % = 58800, a 12-month term.
    expect(second.total).toBe(58800);
    expect(await t.db.customer.count()).toBe(customers);
    expect(await getSubscription(t.db, acme, second.subscriptionReference)).toMatchObject({
      termMonths: 12,
      termEnd: "2027-11-27T10:00:00.000Z",
    });
  });
});

describe("add_offer and change_offer in the middle of a billing period", () => {
  it("prorates the add-on and the new plan and credits the replaced plan (figures by hand)", async () => {
    // Starter (monthly) x 2 from 1 Nov: 2 x 1500 = 3000 + 600 tax.
    const start = await subscriptionFrom1Nov([{ id: "starter-monthly", quantity: 2 }]);
    expect(start.total).toBe(3600);
    const reference = start.subscriptionReference;

    // 27 Nov is in the period 1 Nov - 1 Dec (30 days); 27 Nov to 1 Dec leaves 4 days: 4/30 = 2/15.
    // add-on storage x 4: 4 x 500 = 2000 * 2/15 = 266.67 -> 267; tax 53.4 -> 53; 320.
    const addOn = {
      order_type: "add_offer",
      forSubscription: { reference },
      orderItems: [{ offer: { id: "addon-storage" }, quantity: 4 }],
    };
    const addPreview = await previewOrder(t.db, acme, addOn, deps);
    expect(addPreview.eligibility.problems).toEqual([]);
    expect(addPreview.lineItems).toEqual([
      expect.objectContaining({
        quantity: 4,
        unitAmount: 500,
        proration: { numerator: 2, denominator: 15 },
        periodStart: "2026-11-27",
        periodEnd: "2026-12-01",
        amountWithoutTax: 267,
        taxAmount: 53,
        amount: 320,
      }),
    ]);
    const added = await submit(addOn);
    expect(added).toMatchObject({ total: 320, subscriptionReference: reference, owner: start.owner });

    // change to Professional (monthly) x 2:
    //   new plan   2 x 4900 = 9800 * 2/15 = 1306.67 -> 1307
    //   credit     2 x 1500 = 3000 * 2/15 = 400 (unused starter time; the add-on stays and is not credited)
    //   net        1307 - 400 = 907; tax 181.4 -> 181; total 1088
    const change = {
      order_type: "change_offer",
      forSubscription: { reference },
      orderItems: [{ offer: { id: "pro-monthly" }, quantity: 2 }],
    };
    const preview = await previewOrder(t.db, acme, change, deps);
    expect(preview.eligibility).toEqual({ eligible: true, problems: [] });
    expect(preview.lineItems).toEqual([
      expect.objectContaining({
        offer: { id: "pro-monthly", version: 1, name: "Professional (monthly)" },
        proration: { numerator: 2, denominator: 15 },
        amountWithoutTax: 907,
        discountAmount: 0,
        creditAmount: 400,
        taxAmount: 181,
        amount: 1088,
      }),
    ]);
    expect(preview.credits).toEqual([
      expect.objectContaining({ offer: expect.objectContaining({ id: "starter-monthly" }), amount: 400 }),
    ]);
    expect(preview).toMatchObject({
      subtotal: 1307,
      discountTotal: 0,
      creditTotal: 400,
      taxTotal: 181,
      total: 1088,
      creditCarriedForward: 0,
    });
    // The next invoice, on the period boundary, is the full new plan: 9800 + 1960 tax.
    expect(preview.schedule[1]).toMatchObject({ date: "2026-12-01", amount: 11760 });

    const changed = await submit(change);
    expect(changed).toMatchObject({ total: 1088, subscriptionReference: reference, owner: start.owner });
    const view = await getSubscription(t.db, acme, reference);
    expect(view.items.map((i) => [i.offer.id, i.quantity]).sort()).toEqual([
      ["addon-storage", 4],
      ["pro-monthly", 2],
    ]);
    const removed = await t.db.subscriptionItem.findMany({
      where: { subscription: { reference }, removedAt: { not: null } },
    });
    expect(removed.map((i) => [i.offerId, i.removedAt?.toISOString()])).toEqual([
      ["starter-monthly", NOW.toISOString()],
    ]);
    expect((await t.db.order.findUniqueOrThrow({ where: { id: changed.id } })).type).toBe("change_offer");
  });

  it("change_offer on a later effectiveDate prorates from that day", async () => {
    const start = await subscriptionFrom1Nov([{ id: "starter-monthly", quantity: 1 }]);
    // 1 Dec is a period boundary: the new period is charged in full (no proration) and the whole
    // Dec period of the old plan is credited: 4900 - 1500 = 3400 + 680 tax = 4080.
    const preview = await previewOrder(
      t.db,
      acme,
      {
        order_type: "change_offer",
        forSubscription: { reference: start.subscriptionReference },
        orderItems: [{ offer: { id: "pro-monthly" }, quantity: 1 }],
        effectiveDate: "2026-12-01",
      },
      deps,
    );
    expect(preview).toMatchObject({ subtotal: 4900, creditTotal: 1500, taxTotal: 680, total: 4080 });
    expect(preview.lineItems[0]?.proration).toBeNull();
  });
});

describe("cancel", () => {
  it("immediately: cancels now, ends every item, and cannot be repeated", async () => {
    const start = await subscriptionFrom1Nov([{ id: "starter-monthly", quantity: 1 }]);
    const reference = start.subscriptionReference;
    const cancelled = await submit({
      order_type: "cancel",
      forSubscription: { reference },
      effective: "immediately",
      reason: "Too expensive",
    });
    expect(cancelled).toMatchObject({
      total: 0,
      subscriptionReference: reference,
      owner: start.owner,
      status: "complete",
    });
    const view = await getSubscription(t.db, acme, reference);
    expect(view).toMatchObject({
      status: "cancelled",
      cancelledAt: NOW.toISOString(),
      cancelAt: NOW.toISOString(),
      cancelReason: "Too expensive",
      items: [],
    });
    const error = await domainError(
      submit({ order_type: "cancel", forSubscription: { reference }, effective: "immediately" }),
      "INELIGIBLE",
    );
    expect(error.details.problems?.map((p) => p.code)).toEqual(["SUBSCRIPTION_NOT_CHANGEABLE"]);
  });

  it("at end of term: a rolling monthly subscription ends with its current period and stays active", async () => {
    const start = await subscriptionFrom1Nov([{ id: "starter-monthly", quantity: 1 }]);
    const reference = start.subscriptionReference;
    await submit({ order_type: "cancel", forSubscription: { reference }, effective: "end_of_term" });
    expect(await getSubscription(t.db, acme, reference)).toMatchObject({
      status: "active",
      cancelAt: "2026-12-01T00:00:00.000Z",
      cancelledAt: null,
    });
    // Already scheduled: a second end-of-term cancel is refused, an immediate one overrides it.
    const again = await domainError(
      submit({ order_type: "cancel", forSubscription: { reference }, effective: "end_of_term" }),
      "INELIGIBLE",
    );
    expect(again.details.problems?.map((p) => p.code)).toEqual(["SUBSCRIPTION_NOT_CHANGEABLE"]);
    await submit({ order_type: "cancel", forSubscription: { reference }, effective: "immediately" });
    expect((await getSubscription(t.db, acme, reference)).status).toBe("cancelled");
  });

  it("at end of term: a termed subscription ends with its term", async () => {
    const start = await subscriptionFrom1Nov([{ id: "starter-annual", quantity: 1 }]);
    await submit({
      order_type: "cancel",
      forSubscription: { reference: start.subscriptionReference },
      effective: "end_of_term",
    });
    expect(await getSubscription(t.db, acme, start.subscriptionReference)).toMatchObject({
      status: "active",
      termEnd: "2027-11-01T00:00:00.000Z",
      cancelAt: "2027-11-01T00:00:00.000Z",
    });
  });
});

describe("renew", () => {
  it("extends the term from its end and charges the next term", async () => {
    // Starter (annual) x 2 from 1 Nov 2026: 2 x 15000 = 30000 + 6000 tax; term to 1 Nov 2027.
    const start = await subscriptionFrom1Nov([{ id: "starter-annual", quantity: 2 }]);
    expect(start.total).toBe(36000);
    const reference = start.subscriptionReference;
    expect((await getSubscription(t.db, acme, reference)).termEnd).toBe("2027-11-01T00:00:00.000Z");

    const preview = await previewOrder(
      t.db,
      acme,
      { order_type: "renew", forSubscription: { reference }, termMonths: 24 },
      deps,
    );
    expect(preview.eligibility.eligible).toBe(true);
    expect(preview.schedule[0]?.date).toBe("2027-11-01");
    const renewed = await submit({ order_type: "renew", forSubscription: { reference }, termMonths: 24 });
    expect(renewed).toMatchObject({ total: 36000, subscriptionReference: reference, owner: start.owner });
    expect(await getSubscription(t.db, acme, reference)).toMatchObject({
      status: "active",
      termMonths: 24,
      termEnd: "2029-11-01T00:00:00.000Z",
    });
    // Without termMonths the subscription's own term (now 24) is used again.
    await submit({ order_type: "renew", forSubscription: { reference } });
    expect((await getSubscription(t.db, acme, reference)).termEnd).toBe("2031-11-01T00:00:00.000Z");
    const orders = await t.db.order.findMany({
      where: { subscription: { reference } },
      select: { type: true },
    });
    expect(orders.map((o) => o.type).sort()).toEqual(["new", "renew", "renew"]);
  });
});
