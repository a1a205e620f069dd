// One customer per (partner, lower-cased email), against the real database. Orders that name a new
// customer by email are matched to a known one whatever the case, and simultaneous orders for the
// same new email must end with one customer: the unique index decides, and every loser is either
// placed for the winner's customer or refused whole with CONFLICT and placed when sent again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners, staffScope, testDeps } from "../../../tests/helpers/fixtures";
import { domainError, newOrder, rowCounts, uniqueEmail } from "../../../tests/helpers/order-test-kit";
import { type StripePartner, stripePartner } from "../../../tests/helpers/stripe-partner";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { DomainError } from "../../domain/domain-error";
import type { SubmitResponse } from "../../domain/order-response-schemas";
import type { PartnerScope } from "../auth/partner-scope";
import { importOffers } from "../catalog/import-offers";
import { submitOrder } from "./submit-order";

let t: TestDatabase;
let acme: PartnerScope;
let globex: PartnerScope;
const deps = testDeps();

/** How many orders race for one new email. */
const RACERS = 8;
/**
 * One plan per racer. A refused racer sent again is checked against the customer's subscriptions
 * like any order for a known customer, so each needs an offer no other racer took (or it would be
 * ALREADY_SUBSCRIBED); the demo catalogue has fewer than eight base plans Acme sells in GB, and
 * add-ons cannot stand alone.
 */
const racePlans = Array.from({ length: RACERS }, (_, i) => `race-plan-${i + 1}`);

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  acme = await staffScope(t.db, "staff@acme.test");
  globex = await staffScope(t.db, "staff@globex.test");
  await importOffers(t.db, {
    offers: racePlans.map((id, i) => ({
      id,
      name: `Race plan ${i + 1}`,
      productCode: id.toUpperCase(),
      billingPeriod: "month",
      prices: { GBP: 1000 + i, EUR: 1100 + i },
    })),
  });
});
afterAll(async () => t?.close());

const submit = (scope: PartnerScope, body: unknown) =>
  submitOrder(t.db, scope, body, {}, deps).then((r) => r.order);

/** A new order naming its customer by this email (not by owner). */
const orderFor = (email: string, offerId: string, extra: Record<string, unknown> = {}) =>
  newOrder([{ id: offerId, quantity: 1 }], {
    customerDetails: { firstName: "Grace", lastName: "Hopper", email },
    ...extra,
  });

const customersWithEmail = (partnerId: string, email: string) =>
  t.db.customer.findMany({ where: { partnerId, emailLower: email.toLowerCase() }, select: { id: true } });

describe("a new order for an email the partner already knows", () => {
  it("is placed for that customer when the email differs only in case, and makes no second customer", async () => {
    const email = uniqueEmail("Grace.Hopper").replace("example.test", "Example.TEST");
    const first = await submit(acme, orderFor(email, "starter-monthly"));
    const before = await rowCounts(t.db);

    const second = await submit(acme, orderFor(email.toLowerCase(), "pro-monthly"));
    const third = await submit(acme, orderFor(email.toUpperCase(), "setup-fee"));

    expect(second.owner).toBe(first.owner);
    expect(third.owner).toBe(first.owner);
    expect(await rowCounts(t.db)).toMatchObject({
      customers: before.customers,
      orders: before.orders + 2,
      subscriptions: before.subscriptions + 2,
    });
    expect(await customersWithEmail(acme.partnerId, email)).toEqual([{ id: first.owner }]);
    // The customer keeps the spelling it was created with.
    expect((await t.db.customer.findUniqueOrThrow({ where: { id: first.owner } })).email).toBe(email);
  });

  it("is checked against that customer's subscriptions: the same offer again is ALREADY_SUBSCRIBED", async () => {
    const email = uniqueEmail("Known.Buyer");
    await submit(acme, orderFor(email, "starter-monthly"));
    const before = await rowCounts(t.db);

    const error = await domainError(
      submit(acme, orderFor(email.toUpperCase(), "starter-monthly")),
      "INELIGIBLE",
    );
    expect(error.details.problems?.map((p) => p.code)).toEqual(["ALREADY_SUBSCRIBED"]);
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it("at another partner is that partner's own new customer", async () => {
    const email = uniqueEmail("Shared.Buyer");
    const atAcme = await submit(acme, orderFor(email, "starter-monthly"));
    const atGlobex = await submit(
      globex,
      orderFor(email.toLowerCase(), "starter-monthly", { country: "DE" }),
    );

    expect(atGlobex.owner).not.toBe(atAcme.owner);
    expect(await customersWithEmail(acme.partnerId, email)).toEqual([{ id: atAcme.owner }]);
    expect(await customersWithEmail(globex.partnerId, email)).toEqual([{ id: atGlobex.owner }]);
  });
});

describe("simultaneous new orders for one new email", () => {
  it("leave one customer; each is placed for it or refused whole with CONFLICT, and placed when sent again", async () => {
    const email = uniqueEmail("Racing.Buyer");
    const before = await rowCounts(t.db);
    // Different spellings of the one email race too: the index is on the lower-cased email.
    const bodies = racePlans.map((plan, i) =>
      orderFor(i % 3 === 0 ? email : i % 3 === 1 ? email.toLowerCase() : email.toUpperCase(), plan),
    );
    const keys = racePlans.map((plan) => `${email}:${plan}`);

    const settled = await Promise.allSettled(
      bodies.map((body, i) => submitOrder(t.db, acme, body, { idempotencyKey: keys[i] }, deps)),
    );

    const customers = await customersWithEmail(acme.partnerId, email);
    expect(customers).toHaveLength(1);
    const owner = customers[0]?.id;

    const placed: SubmitResponse[] = [];
    const refused: number[] = [];
    settled.forEach((outcome, i) => {
      if (outcome.status === "fulfilled") {
        placed.push(outcome.value.order);
        return;
      }
      const error = outcome.reason as unknown;
      expect(error, String(error)).toBeInstanceOf(DomainError);
      expect((error as DomainError).code, (error as DomainError).message).toBe("CONFLICT");
      expect((error as DomainError).details.extra).toEqual({ owner });
      refused.push(i);
    });
    expect(placed.length).toBeGreaterThan(0);
    expect(placed.map((o) => o.owner)).toEqual(placed.map(() => owner));
    // A refused order leaves nothing behind, not even its Idempotency-Key.
    expect(await rowCounts(t.db)).toMatchObject({
      customers: before.customers + 1,
      orders: before.orders + placed.length,
      orderItems: before.orderItems + placed.length,
      subscriptions: before.subscriptions + placed.length,
      subscriptionItems: before.subscriptionItems + placed.length,
      auditEvents: before.auditEvents + placed.length,
      idempotencyRecords: before.idempotencyRecords + placed.length,
    });

    for (const i of refused) {
      const again = await submitOrder(t.db, acme, bodies[i], { idempotencyKey: keys[i] }, deps);
      expect(again.replayed).toBe(false);
      expect(again.order.owner).toBe(owner);
    }

    expect(await rowCounts(t.db)).toMatchObject({
      customers: before.customers + 1,
      orders: before.orders + RACERS,
      subscriptions: before.subscriptions + RACERS,
      idempotencyRecords: before.idempotencyRecords + RACERS,
    });
    const stored = await t.db.order.findMany({
      where: { customerId: owner },
      select: { items: { select: { offerId: true } } },
    });
    expect(stored.flatMap((o) => o.items.map((i) => i.offerId)).sort()).toEqual([...racePlans].sort());
  });
});

describe("the race through the Stripe provider and the Stripe fake", () => {
  let billed: StripePartner;
  beforeAll(async () => {
    billed = await stripePartner(t.db, "stripey-race");
  });
  afterAll(async () => billed?.close());

  it("a refused order sent again with its key is placed for the winner's Stripe customer", async () => {
    // Sent again, the order is another request to Stripe (an existing customer now): it must not
    // reuse the Stripe idempotency keys of its first attempt, which Stripe would refuse for good.
    const email = uniqueEmail("Stripe.Racer");
    const plans = ["starter-monthly", "pro-monthly", "setup-fee"];
    const keys = plans.map((plan) => `stripe-race:${email}:${plan}`);
    const bodies = plans.map((plan) => orderFor(email, plan));
    const deps = billed.deps();
    const stripey = billed.scope;

    const settled = await Promise.allSettled(
      bodies.map((body, i) => submitOrder(t.db, stripey, body, { idempotencyKey: keys[i] }, deps)),
    );
    const refused = settled.flatMap((outcome, i) => (outcome.status === "rejected" ? [i] : []));
    // All three read "no such customer" before any writes (each waits for Stripe first).
    expect(refused.length).toBeGreaterThan(0);
    for (const i of refused) {
      expect((settled[i] as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
      const again = await submitOrder(t.db, stripey, bodies[i], { idempotencyKey: keys[i] }, deps);
      expect(again.replayed).toBe(false);
    }

    const [customer] = await customersWithEmail(stripey.partnerId, email);
    const stored = await t.db.order.findMany({
      where: { customerId: customer?.id },
      select: { customer: { select: { providerCustomerId: true } } },
    });
    expect(stored).toHaveLength(plans.length);
    expect(stored[0]?.customer.providerCustomerId).toMatch(/^cus_/);
  });
});
