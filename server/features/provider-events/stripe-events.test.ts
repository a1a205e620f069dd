// Stripe events taken in, signed as Stripe signs them (the SDK's documented test helper):
// a wrongly signed, unsigned or stale event is refused and changes nothing; a subscription ended
// at Stripe ends here, once however often the event is delivered; a scheduled end is shown and
// cleared; a payment failure is audited; an event arriving after the end never revives it; other
// types and unknown objects are acknowledged and ignored. Runs on SQLite, and on PostgreSQL with
// TEST_DATABASE_URL.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners } from "../../../tests/helpers/fixtures";
import { domainError, newOrder } from "../../../tests/helpers/order-test-kit";
import { type StripePartner, stripePartner } from "../../../tests/helpers/stripe-partner";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { submitOrder } from "../orders/submit-order";
import { receiveStripeEvent } from "./stripe-events";

const SECRET = "whsec_test_0123456789abcdef0123456789abcdef";

let t: TestDatabase;
let billed: StripePartner;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  billed = await stripePartner(t.db, "stripe-events");
});
afterAll(async () => {
  await billed?.close();
  await t?.close();
});

let eventCounter = 0;
function event(type: string, object: Record<string, unknown>, id = `evt_test_${++eventCounter}`) {
  return JSON.stringify({
    id,
    object: "event",
    api_version: "2026-10-28.endive",
    created: Math.floor(Date.now() / 1000),
    type,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  });
}

const signed = (payload: string, secret = SECRET, timestamp?: number) =>
  Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });

/** A subscription billed through the Stripe fake; its local reference and Stripe id. */
async function stripeSubscription() {
  const { order } = await submitOrder(
    t.db,
    billed.scope,
    newOrder([{ id: "pro-monthly", quantity: 1 }]),
    {},
    billed.deps(),
  );
  const local = await t.db.subscription.findUniqueOrThrow({
    where: { reference: order.subscriptionReference },
  });
  if (!local.providerSubscriptionId) throw new Error("no Stripe subscription id");
  return { reference: local.reference, stripeId: local.providerSubscriptionId };
}

const subscriptionOf = (reference: string) =>
  t.db.subscription.findUniqueOrThrow({ where: { reference }, include: { items: true } });

describe("Stripe events", () => {
  it("refuse a missing, wrong, foreign or stale signature, and change nothing", async () => {
    const { reference, stripeId } = await stripeSubscription();
    const payload = event("customer.subscription.deleted", { id: stripeId, object: "subscription" });
    await domainError(receiveStripeEvent(t.db, payload, null, SECRET), "VALIDATION");
    await domainError(receiveStripeEvent(t.db, payload, "t=1,v1=deadbeef", SECRET), "VALIDATION");
    await domainError(
      receiveStripeEvent(t.db, payload, signed(payload, "whsec_someone_else"), SECRET),
      "VALIDATION",
    );
    const anHourAgo = Math.floor(Date.now() / 1000) - 3600;
    await domainError(
      receiveStripeEvent(t.db, payload, signed(payload, SECRET, anHourAgo), SECRET),
      "VALIDATION",
    );
    // The body changed after signing.
    const tampered = payload.replace(stripeId, "sub_other");
    await domainError(receiveStripeEvent(t.db, tampered, signed(payload), SECRET), "VALIDATION");
    expect((await subscriptionOf(reference)).status).toBe("active");
    expect(await t.db.providerEvent.count()).toBe(0);
  });

  it("end a subscription Stripe ended, dated then, once however often the event comes", async () => {
    const { reference, stripeId } = await stripeSubscription();
    const endedAt = Math.floor(Date.parse("2026-12-01T12:00:00Z") / 1000);
    const payload = event(
      "customer.subscription.deleted",
      { id: stripeId, object: "subscription", status: "canceled", canceled_at: endedAt, ended_at: endedAt },
      "evt_deleted_once",
    );
    expect(await receiveStripeEvent(t.db, payload, signed(payload), SECRET)).toEqual({
      received: true,
      handled: true,
    });
    const ended = await subscriptionOf(reference);
    expect(ended).toMatchObject({ status: "cancelled", cancelledAt: new Date(endedAt * 1000) });
    expect(ended.items.every((i) => i.removedAt?.getTime() === endedAt * 1000)).toBe(true);

    expect(await receiveStripeEvent(t.db, payload, signed(payload), SECRET)).toEqual({
      received: true,
      handled: false,
      duplicate: true,
    });
    const audit = await t.db.auditEvent.findMany({
      where: { subjectType: "subscription", subjectId: reference, action: "subscription.cancelled" },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorKind: "system", partnerId: billed.scope.partnerId });

    // An update sent before the end but delivered after it does not revive the subscription.
    const late = event("customer.subscription.updated", {
      id: stripeId,
      object: "subscription",
      status: "active",
      cancel_at: null,
    });
    expect(await receiveStripeEvent(t.db, late, signed(late), SECRET)).toMatchObject({ handled: false });
    expect((await subscriptionOf(reference)).status).toBe("cancelled");
  });

  it("show an end Stripe scheduled, clear it when Stripe clears it, and audit a failed payment", async () => {
    const { reference, stripeId } = await stripeSubscription();
    const cancelAt = Math.floor(Date.parse("2027-01-15T00:00:00Z") / 1000);
    const scheduled = event("customer.subscription.updated", {
      id: stripeId,
      object: "subscription",
      status: "active",
      cancel_at: cancelAt,
    });
    expect(await receiveStripeEvent(t.db, scheduled, signed(scheduled), SECRET)).toMatchObject({
      handled: true,
    });
    expect(await subscriptionOf(reference)).toMatchObject({
      status: "active",
      cancelAt: new Date(cancelAt * 1000),
    });

    const cleared = event("customer.subscription.updated", {
      id: stripeId,
      object: "subscription",
      status: "active",
      cancel_at: null,
    });
    expect(await receiveStripeEvent(t.db, cleared, signed(cleared), SECRET)).toMatchObject({ handled: true });
    expect((await subscriptionOf(reference)).cancelAt).toBeNull();

    const failed = event("invoice.payment_failed", {
      id: "in_test_1",
      object: "invoice",
      parent: { type: "subscription_details", subscription_details: { subscription: stripeId } },
    });
    expect(await receiveStripeEvent(t.db, failed, signed(failed), SECRET)).toMatchObject({ handled: true });
    const audit = await t.db.auditEvent.findFirstOrThrow({
      where: { subjectId: reference, action: "subscription.payment_failed" },
    });
    expect(audit.data).toMatchObject({ source: "stripe", invoice: "in_test_1" });
    expect((await subscriptionOf(reference)).status).toBe("active");
  });

  it("acknowledge other types and unknown subscriptions without changing anything", async () => {
    const other = event("charge.succeeded", { id: "ch_1", object: "charge" });
    expect(await receiveStripeEvent(t.db, other, signed(other), SECRET)).toEqual({
      received: true,
      handled: false,
    });
    const unknown = event("customer.subscription.deleted", { id: "sub_nobody", object: "subscription" });
    expect(await receiveStripeEvent(t.db, unknown, signed(unknown), SECRET)).toEqual({
      received: true,
      handled: false,
    });
  });
});
