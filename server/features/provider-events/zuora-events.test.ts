// Zuora callout notifications taken in: only with the callout password (Basic authentication);
// a cancellation ends the subscription here (or schedules its end), once however often Zuora
// retries it; a renewal extends the term and a late, older one changes nothing; a failed payment
// is audited; unknown types and subscriptions are acknowledged and ignored; a callout missing
// what its type needs is refused and records nothing. Runs on SQLite, and on PostgreSQL with
// TEST_DATABASE_URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners, staffScope, testDeps } from "../../../tests/helpers/fixtures";
import { domainError, newOrder } from "../../../tests/helpers/order-test-kit";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { submitOrder } from "../orders/submit-order";
import { calloutAuthorized, receiveZuoraCallout } from "./zuora-events";

let t: TestDatabase;
let counter = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
});
afterAll(async () => t?.close());

/** A local subscription billed by Zuora under a subscription number of its own. */
async function zuoraSubscription() {
  const scope = await staffScope(t.db, "staff@acme.test");
  const { order } = await submitOrder(
    t.db,
    scope,
    newOrder([{ id: "pro-monthly", quantity: 1 }]),
    {},
    testDeps(),
  );
  const number = `A-S${String(++counter).padStart(8, "0")}`;
  return t.db.subscription.update({
    where: { reference: order.subscriptionReference },
    data: { providerSubscriptionId: number, termEnd: new Date("2027-01-01T00:00:00.000Z") },
  });
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const SECRET = "zuora-callout-secret-0123456789";

describe("the callout's credentials", () => {
  it("accept Basic authentication with the secret as password, whatever the user name", () => {
    expect(calloutAuthorized(basic("zuora", SECRET), SECRET)).toBe(true);
    expect(calloutAuthorized(basic("", SECRET), SECRET)).toBe(true);
  });
  it.each([
    ["a wrong password", basic("zuora", `${SECRET}x`)],
    ["no header", null],
    ["a bearer token", `Bearer ${SECRET}`],
    ["no colon", `Basic ${Buffer.from(SECRET).toString("base64")}`],
    ["garbage", "Basic !!!"],
  ])("refuse %s", (_name, header) => {
    expect(calloutAuthorized(header, SECRET)).toBe(false);
  });
});

describe("Zuora callouts", () => {
  it("a cancellation that took effect ends the subscription, once", async () => {
    const sub = await zuoraSubscription();
    const callout = {
      eventType: "SubscriptionCancelled",
      subscriptionNumber: sub.providerSubscriptionId,
      subscriptionVersion: "2",
      effectiveDate: "2026-11-30",
    };
    expect(await receiveZuoraCallout(t.db, callout)).toEqual({ received: true, handled: true });
    // Zuora retries with a new Zuora-Request-Id; the callout itself is the same.
    expect(await receiveZuoraCallout(t.db, callout)).toEqual({
      received: true,
      handled: false,
      duplicate: true,
    });
    const after = await t.db.subscription.findUniqueOrThrow({
      where: { id: sub.id },
      include: { items: true },
    });
    expect(after.status).toBe("cancelled");
    expect(after.cancelledAt?.toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(after.items.every((i) => i.removedAt !== null)).toBe(true);
    const audit = await t.db.auditEvent.findMany({
      where: { subjectId: sub.reference, action: "subscription.cancelled" },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.data).toMatchObject({ source: "zuora" });
  });

  it("a cancellation at a later date schedules the end; a renewal extends the term, a late older one does not", async () => {
    const sub = await zuoraSubscription();
    const future = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    await receiveZuoraCallout(t.db, {
      eventType: "SubscriptionCancelled",
      subscriptionNumber: sub.providerSubscriptionId,
      effectiveDate: future,
    });
    let after = await t.db.subscription.findUniqueOrThrow({ where: { id: sub.id } });
    expect(after.status).toBe("active");
    expect(after.cancelAt?.toISOString().slice(0, 10)).toBe(future);

    const renewed = await receiveZuoraCallout(t.db, {
      eventType: "SubscriptionRenewed",
      subscriptionNumber: sub.providerSubscriptionId,
      subscriptionVersion: 4,
      termEndDate: "2028-01-01",
    });
    expect(renewed.handled).toBe(true);
    after = await t.db.subscription.findUniqueOrThrow({ where: { id: sub.id } });
    expect(after.termEnd?.toISOString()).toBe("2028-01-01T00:00:00.000Z");
    expect(after.cancelAt).toBeNull();
    const older = await receiveZuoraCallout(t.db, {
      eventType: "SubscriptionRenewed",
      subscriptionNumber: sub.providerSubscriptionId,
      subscriptionVersion: 3,
      termEndDate: "2027-06-01",
    });
    expect(older.handled).toBe(false);
    expect(
      (await t.db.subscription.findUniqueOrThrow({ where: { id: sub.id } })).termEnd?.toISOString(),
    ).toBe("2028-01-01T00:00:00.000Z");
  });

  it("records a failed payment, and ignores unknown types and subscriptions", async () => {
    const sub = await zuoraSubscription();
    expect(
      (
        await receiveZuoraCallout(t.db, {
          eventType: "PaymentFailed",
          subscriptionNumber: sub.providerSubscriptionId,
          eventId: "pay-1",
        })
      ).handled,
    ).toBe(true);
    expect(
      await t.db.auditEvent.count({
        where: { subjectId: sub.reference, action: "subscription.payment_failed" },
      }),
    ).toBe(1);
    expect(
      (
        await receiveZuoraCallout(t.db, {
          eventType: "InvoicePosted",
          subscriptionNumber: sub.providerSubscriptionId,
        })
      ).handled,
    ).toBe(false);
    expect(
      (
        await receiveZuoraCallout(t.db, {
          eventType: "SubscriptionCancelled",
          subscriptionNumber: "A-S99999999",
          effectiveDate: "2026-01-01",
        })
      ).handled,
    ).toBe(false);
  });

  it("refuses a callout without what its type needs, and records nothing", async () => {
    const sub = await zuoraSubscription();
    const before = await t.db.providerEvent.count();
    await domainError(
      receiveZuoraCallout(t.db, {
        eventType: "SubscriptionCancelled",
        subscriptionNumber: sub.providerSubscriptionId,
      }),
      "VALIDATION",
    );
    await domainError(
      receiveZuoraCallout(t.db, {
        eventType: "SubscriptionRenewed",
        subscriptionNumber: sub.providerSubscriptionId,
        termEndDate: "soon",
      }),
      "VALIDATION",
    );
    await domainError(receiveZuoraCallout(t.db, "not an object"), "VALIDATION");
    expect(await t.db.providerEvent.count()).toBe(before);
    expect((await t.db.subscription.findUniqueOrThrow({ where: { id: sub.id } })).status).toBe("active");
  });
});
