// Idempotency-Key and external_id under concurrency (docs/partner-api.md, "Idempotency"), against the real
// database: the unique indexes, not luck, must make one order out of many racing requests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners, staffScope, testDeps } from "../../../tests/helpers/fixtures";
import { apiClientScope, domainError, newOrder, rowCounts } from "../../../tests/helpers/order-test-kit";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { DomainError } from "../../domain/domain-error";
import type { PartnerScope } from "../auth/partner-scope";
import { submitOrder } from "./submit-order";

let t: TestDatabase;
let acme: PartnerScope;
let acmeErp: PartnerScope;
let globex: PartnerScope;
const deps = testDeps();

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  acme = await staffScope(t.db, "staff@acme.test");
  acmeErp = await apiClientScope(t.db, "demo-acme-erp");
  globex = await staffScope(t.db, "staff@globex.test");
});
afterAll(async () => t?.close());

describe("Idempotency-Key", () => {
  it("50 concurrent submits with one key make exactly one order and give the same answer 50 times", async () => {
    const before = await rowCounts(t.db);
    const body = newOrder([{ id: "pro-monthly", quantity: 2 }], { external_id: "RACE-KEY-1" });
    // The waiting budget (5 s by default) is raised so that a slow, shared CI machine cannot turn
    // this into IN_FLIGHT answers: what is tested is one order and one answer, not the timing.
    const options = { idempotencyKey: "race-key-1", idempotency: { waitMs: 30_000 } };
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () => submitOrder(t.db, acmeErp, structuredClone(body), options, deps)),
    );
    const first = outcomes[0]?.order;
    expect(first).toBeDefined();
    for (const outcome of outcomes) expect(outcome.order).toEqual(first);
    expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
    expect(await rowCounts(t.db)).toMatchObject({
      orders: before.orders + 1,
      customers: before.customers + 1,
      subscriptions: before.subscriptions + 1,
      idempotencyRecords: before.idempotencyRecords + 1,
      auditEvents: before.auditEvents + 1,
    });
    const record = await t.db.idempotencyRecord.findUniqueOrThrow({
      where: { partnerId_key: { partnerId: acme.partnerId, key: "race-key-1" } },
    });
    expect(record).toMatchObject({ state: "completed", responseStatus: 201 });
    expect(JSON.parse(record.responseBody ?? "null")).toEqual(first);
    expect(await t.db.order.count({ where: { externalId: "RACE-KEY-1" } })).toBe(1);
  });

  it("replays a later retry, also with the JSON keys in another order", async () => {
    const body = newOrder([{ id: "starter-monthly", quantity: 1 }]);
    const first = await submitOrder(t.db, acme, body, { idempotencyKey: "retry-1" }, deps);
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await submitOrder(t.db, acme, reordered, { idempotencyKey: "retry-1" }, deps);
    expect(again).toEqual({ order: first.order, replayed: true });
    // Byte for byte, keys in the same order: PostgreSQL's jsonb would have reordered them.
    expect(JSON.stringify(again.order)).toBe(JSON.stringify(first.order));
    expect(await t.db.order.count({ where: { customerId: first.order.owner } })).toBe(1);
  });

  it("refuses the same key with a different body (IDEMPOTENCY_MISMATCH) and stores nothing", async () => {
    const body = newOrder([{ id: "starter-monthly", quantity: 1 }]);
    await submitOrder(t.db, acme, body, { idempotencyKey: "mismatch-1" }, deps);
    const before = await rowCounts(t.db);
    await domainError(
      submitOrder(
        t.db,
        acme,
        { ...body, orderItems: [{ offer: { id: "starter-monthly" }, quantity: 2 }] },
        { idempotencyKey: "mismatch-1" },
        deps,
      ),
      "IDEMPOTENCY_MISMATCH",
    );
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it("keys are per partner: another partner's same key makes its own order", async () => {
    const a = await submitOrder(
      t.db,
      acme,
      newOrder([{ id: "starter-monthly", quantity: 1 }]),
      { idempotencyKey: "shared-key" },
      deps,
    );
    const g = await submitOrder(
      t.db,
      globex,
      newOrder([{ id: "starter-monthly", quantity: 1 }], { country: "DE" }),
      { idempotencyKey: "shared-key" },
      deps,
    );
    expect(g.replayed).toBe(false);
    expect(g.order.id).not.toBe(a.order.id);
    expect(g.order.currency).toBe("EUR");
  });

  it("a key still in flight answers IN_FLIGHT once the wait is over", async () => {
    // A request that died mid-way leaves its in-flight row; a retry within the wait gets 409.
    await t.db.idempotencyRecord.create({
      data: {
        id: "idk_stuck",
        partnerId: acme.partnerId,
        key: "stuck",
        requestHash: "x",
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    const body = newOrder([{ id: "starter-monthly", quantity: 1 }]);
    // The stored hash differs from this body's, so first prove a matching hash is needed to wait:
    await domainError(
      submitOrder(t.db, acme, body, { idempotencyKey: "stuck" }, deps),
      "IDEMPOTENCY_MISMATCH",
    );
    const { requestHash } = await import("./request-hash");
    await t.db.idempotencyRecord.update({
      where: { id: "idk_stuck" },
      data: { requestHash: requestHash(body) },
    });
    await domainError(
      submitOrder(
        t.db,
        acme,
        body,
        { idempotencyKey: "stuck", idempotency: { waitMs: 100, pollMs: 10 } },
        deps,
      ),
      "IN_FLIGHT",
    );
    expect(await t.db.order.count({ where: { customer: { email: body.customerDetails.email } } })).toBe(0);
  });

  it("refuses an empty or over-long key", async () => {
    const body = newOrder([{ id: "starter-monthly", quantity: 1 }]);
    await domainError(submitOrder(t.db, acme, body, { idempotencyKey: "" }, deps), "VALIDATION");
    await domainError(submitOrder(t.db, acme, body, { idempotencyKey: "k".repeat(256) }, deps), "VALIDATION");
    const ok = await submitOrder(t.db, acme, body, { idempotencyKey: "k".repeat(255) }, deps);
    expect(ok.replayed).toBe(false);
  });
});

describe("external_id", () => {
  it("is unique per partner: a second order with it is a CONFLICT naming the existing order", async () => {
    const first = await submitOrder(
      t.db,
      acme,
      newOrder([{ id: "starter-monthly", quantity: 1 }], { external_id: "ERP-77" }),
      {},
      deps,
    );
    const before = await rowCounts(t.db);
    const error = await domainError(
      submitOrder(
        t.db,
        acme,
        newOrder([{ id: "pro-monthly", quantity: 1 }], { external_id: "ERP-77" }),
        { idempotencyKey: "erp-77-again" },
        deps,
      ),
      "CONFLICT",
    );
    expect(error.message).toContain(first.order.id);
    expect(error.details.extra).toEqual({
      existing_order: { id: first.order.id, order_reference: first.order.order_reference },
    });
    expect(await rowCounts(t.db)).toEqual(before);
    // Another partner may use the same external id.
    const other = await submitOrder(
      t.db,
      globex,
      newOrder([{ id: "starter-monthly", quantity: 1 }], { country: "DE", external_id: "ERP-77" }),
      {},
      deps,
    );
    expect(other.order.external_id).toBe("ERP-77");
  });

  it("under a race of 12 different requests with one external_id, one wins and the others name it", async () => {
    const before = await rowCounts(t.db);
    const settled = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        submitOrder(
          t.db,
          acme,
          newOrder([{ id: "starter-monthly", quantity: i + 1 }], { external_id: "ERP-RACE" }),
          { idempotencyKey: `erp-race-${i}` },
          deps,
        ),
      ),
    );
    const won = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value.order] : []));
    const lost = settled.flatMap((s) => (s.status === "rejected" ? [s.reason as unknown] : []));
    expect(won).toHaveLength(1);
    const winner = won[0];
    if (!winner) throw new Error("no winner");
    expect(lost).toHaveLength(11);
    for (const error of lost) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe("CONFLICT");
      expect((error as DomainError).details.extra).toEqual({
        existing_order: { id: winner.id, order_reference: winner.order_reference },
      });
    }
    // Nothing of the losers remains: one order, customer, subscription; the losers' keys are free.
    expect(await rowCounts(t.db)).toMatchObject({
      orders: before.orders + 1,
      customers: before.customers + 1,
      subscriptions: before.subscriptions + 1,
      subscriptionItems: before.subscriptionItems + 1,
      auditEvents: before.auditEvents + 1,
      idempotencyRecords: before.idempotencyRecords + 1,
    });
    expect(await t.db.order.count({ where: { partnerId: acme.partnerId, externalId: "ERP-RACE" } })).toBe(1);
  });
});
