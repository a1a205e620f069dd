// insertRows bypasses the model API, so nothing but this file checks that what it writes is what
// the model API would have written: the same text format for dates on SQLite (compared as text,
// so a different format silently breaks filters and ordering), JSON the model API can parse back,
// enum values PostgreSQL accepts, and unique violations reported like the model API's. Runs on
// both providers (TEST_DATABASE_URL selects PostgreSQL).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners } from "../../../tests/helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import type { Db } from "./client";
import { Prisma } from "./generated/sqlite/client";
import { newReference, newRowId } from "./ids";
import { type InsertRow, insertRows } from "./insert-rows";
import { isUniqueViolation } from "./prisma-errors";

let t: TestDatabase;
/** Real parent rows from the demo seed: foreign keys are enforced on both providers. */
let parents: {
  partnerId: string;
  customerId: string;
  userId: string;
  apiClientId: string;
  discountCodeId: string;
};

beforeAll(async () => {
  t = await createTestDatabase();
  const { acmeId } = await seedPartners(t.db);
  const first = { where: { partnerId: acmeId }, select: { id: true } } as const;
  parents = {
    partnerId: acmeId,
    customerId: (await t.db.customer.findFirstOrThrow(first)).id,
    userId: (await t.db.staffUser.findFirstOrThrow(first)).id,
    apiClientId: (await t.db.apiClient.findFirstOrThrow(first)).id,
    discountCodeId: (await t.db.discountCode.findFirstOrThrow({ select: { id: true } })).id,
  };
});
afterAll(async () => t?.close());

async function rejection(write: () => Promise<unknown>): Promise<unknown> {
  try {
    await write();
  } catch (error) {
    return error;
  }
  throw new Error("expected insertRows to refuse this");
}

// Odd milliseconds everywhere: a format that drops or rounds them would show.
const T0 = new Date("2026-03-04T05:06:07.089Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

/** JSON a naive encoder gets wrong: nesting, arrays of mixed values, escapes, non-ASCII text. */
const TRICKY_JSON = {
  orderItems: [{ offer: { id: "pro-monthly" }, quantity: 3 }],
  mixed: [1, -2.5, "two", null, true, false, [], {}, [[0]]],
  text: 'Zoë O\'Brien — 注文 🚀 "quoted" back\\slash\nnew line',
  empty: {},
  big: 9007199254740991,
};

function customerRow(overrides: Partial<InsertRow<"Customer">> = {}): InsertRow<"Customer"> {
  const id = newRowId("cus");
  return {
    id,
    partnerId: parents.partnerId,
    firstName: "Zoë",
    lastName: "O'Brien",
    email: `${id}@Example.test`,
    emailLower: `${id}@example.test`,
    nameLower: "zoë o'brien",
    phone: "+44 20 7946 0000",
    company: "Ünïcode Ltd",
    country: "GB",
    billingAddress: { address1: "1 High Street", city: "London", lines: ["Flat 2", "Ærø"], postalCode: "N1" },
    providerCustomerId: "cus_provider_1",
    createdAt: T0,
    updatedAt: at(1),
    ...overrides,
  };
}

function auditRow(overrides: Partial<InsertRow<"AuditEvent">> = {}): InsertRow<"AuditEvent"> {
  return {
    id: newRowId("aud"),
    partnerId: parents.partnerId,
    actorKind: "api_client",
    actorId: parents.apiClientId,
    action: "order.new",
    subjectType: "order",
    subjectId: newRowId("ord"),
    data: TRICKY_JSON,
    createdAt: T0,
    ...overrides,
  };
}

function subscriptionRow(overrides: Partial<InsertRow<"Subscription">> = {}): InsertRow<"Subscription"> {
  return {
    id: newRowId("sub"),
    reference: newReference(),
    partnerId: parents.partnerId,
    customerId: parents.customerId,
    status: "pending",
    currency: "EUR",
    termStart: at(-86_400_000),
    termEnd: at(365 * 86_400_000),
    termMonths: 12,
    cancelAt: at(300 * 86_400_000),
    cancelledAt: at(7),
    cancelReason: "Too many seats",
    providerSubscriptionId: "sub_provider_1",
    createdAt: T0,
    updatedAt: at(3),
    ...overrides,
  };
}

/** A subscription made through the model API, so item tests do not depend on insertRows for it. */
async function parentSubscription(): Promise<string> {
  const { id } = await t.db.subscription.create({
    data: {
      id: newRowId("sub"),
      reference: newReference(),
      partnerId: parents.partnerId,
      customerId: parents.customerId,
      currency: "GBP",
      termStart: T0,
    },
    select: { id: true },
  });
  return id;
}

function subscriptionItemRow(
  subscriptionId: string,
  overrides: Partial<InsertRow<"SubscriptionItem">> = {},
): InsertRow<"SubscriptionItem"> {
  return {
    id: newRowId("sit"),
    subscriptionId,
    offerId: "pro-monthly",
    offerVersion: 1,
    quantity: 7,
    unitAmount: 4900,
    billingPeriod: "month",
    addedAt: T0,
    removedAt: at(86_400_000 + 11),
    ...overrides,
  };
}

function orderRow(overrides: Partial<InsertRow<"Order">> = {}): InsertRow<"Order"> {
  return {
    id: newRowId("ord"),
    reference: newReference(),
    partnerId: parents.partnerId,
    type: "change_offer",
    status: "processing",
    externalId: newRowId("ext"),
    customerId: parents.customerId,
    subscriptionId: null,
    currency: "GBP",
    subtotal: 14700,
    discountTotal: -1470,
    taxTotal: 2646,
    total: 15876,
    discountCodeId: parents.discountCodeId,
    billingProvider: "zuora",
    providerReference: "prov-ref-1",
    payload: TRICKY_JSON,
    pricing: { lineItems: [{ amount: 15876, tax: { rate: 0.2 } }], schedule: [] },
    createdByUserId: parents.userId,
    createdByClientId: parents.apiClientId,
    attempts: 3,
    processedAt: at(4),
    failureCode: "PROVIDER_UNAVAILABLE",
    failureMessage: "Zuora could not be reached",
    createdAt: T0,
    updatedAt: at(5),
    ...overrides,
  };
}

/** An order made through the model API, so item tests do not depend on insertRows for it. */
async function parentOrder(): Promise<string> {
  const { id } = await t.db.order.create({
    data: {
      id: newRowId("ord"),
      reference: newReference(),
      partnerId: parents.partnerId,
      type: "new",
      customerId: parents.customerId,
      currency: "GBP",
      subtotal: 0,
      discountTotal: 0,
      taxTotal: 0,
      total: 0,
      billingProvider: "builtin",
      payload: {},
      pricing: {},
    },
    select: { id: true },
  });
  return id;
}

function orderItemRow(
  orderId: string,
  position: number,
  overrides: Partial<InsertRow<"OrderItem">> = {},
): InsertRow<"OrderItem"> {
  return {
    id: newRowId("oit"),
    orderId,
    position,
    offerId: "pro-monthly",
    offerVersion: 1,
    description: `Professional (monthly) × ${position + 3} — “line” ${position}`,
    quantity: position + 3,
    unitAmount: 4900,
    amountWithoutTax: 4900 * (position + 3),
    discountAmount: -490,
    taxAmount: 2000,
    amount: 4900 * (position + 3) + 1510,
    billingPeriod: "once",
    ...overrides,
  };
}

type DateRange = { gt?: Date; gte?: Date; lt?: Date; lte?: Date; equals?: Date };
type FindIds = (range: DateRange, order: "asc" | "desc") => Promise<{ id: string }[]>;
type Three<T> = [T, T, T];

/** Three instants 1 ms apart, `offset` ms after T0 (each test its own range). */
const threeInstants = (offset: number): Three<Date> => [at(offset), at(offset + 1), at(offset + 2)];
const each = <T, R>(items: Three<T>, make: (item: T) => R): Three<R> => [
  make(items[0]),
  make(items[1]),
  make(items[2]),
];

/**
 * Three rows 1 ms apart must filter and sort by instant through the model API, whose parameters
 * are dates in its own format: any other stored text compares wrongly at the boundaries.
 */
async function expectDateQueriesWork(find: FindIds, rows: Three<{ id: string }>, times: Three<Date>) {
  const [a, b, c] = each(rows, (row) => row.id);
  const ask = async (range: DateRange, order: "asc" | "desc" = "asc") =>
    (await find(range, order)).map((row) => row.id);
  expect(await ask({ gte: times[1] })).toEqual([b, c]);
  expect(await ask({ gt: times[1] })).toEqual([c]);
  expect(await ask({ lt: times[1] })).toEqual([a]);
  expect(await ask({ lte: times[1] }, "desc")).toEqual([b, a]);
  expect(await ask({ equals: times[2] })).toEqual([c]);
  expect(await ask({}, "desc")).toEqual([c, b, a]);
}

describe("each table written by insertRows reads back through the model API", () => {
  it("AuditEvent: every column, JSON data and the enum actor kind", async () => {
    const row = auditRow();
    await insertRows(t.db, "AuditEvent", [row]);
    expect(await t.db.auditEvent.findUniqueOrThrow({ where: { id: row.id } })).toEqual(row);
  });

  it("AuditEvent: null columns stay null and a top-level JSON array stays an array", async () => {
    const nulls = auditRow({ actorKind: "system", actorId: null, data: null });
    const array = auditRow({ actorKind: "user", data: ["a", { b: ["ç", 2] }, null] });
    await insertRows(t.db, "AuditEvent", [nulls]);
    await insertRows(t.db, "AuditEvent", [array]);
    const stored = await t.db.auditEvent.findUniqueOrThrow({ where: { id: nulls.id } });
    expect(stored).toEqual(nulls);
    expect(stored.data).toBeNull();
    expect(await t.db.auditEvent.findUniqueOrThrow({ where: { id: array.id } })).toEqual(array);
  });

  it("AuditEvent: createdAt filters and ordering work, also against rows the model API wrote", async () => {
    const times = threeInstants(60_000);
    const subjectId = newRowId("subject");
    const rows = each(times, (createdAt) => auditRow({ subjectId, createdAt }));
    const [first, middle, last] = rows;
    await insertRows(t.db, "AuditEvent", [first, last]);
    // The middle row comes from the model API: rows from both writers must compare on one scale.
    await t.db.auditEvent.create({ data: { ...middle, data: TRICKY_JSON } });
    await expectDateQueriesWork(
      (createdAt, order) =>
        t.db.auditEvent.findMany({
          where: { subjectId, createdAt },
          orderBy: { createdAt: order },
          select: { id: true },
        }),
      rows,
      times,
    );
  });

  it("Customer: every column, including a unicode name and a JSON address", async () => {
    const row = customerRow();
    await insertRows(t.db, "Customer", [row]);
    expect(await t.db.customer.findUniqueOrThrow({ where: { id: row.id } })).toEqual(row);
  });

  it("Customer: optional columns written as null read back as null", async () => {
    const row = customerRow({
      phone: null,
      company: null,
      country: null,
      billingAddress: null,
      providerCustomerId: null,
    });
    await insertRows(t.db, "Customer", [row]);
    expect(await t.db.customer.findUniqueOrThrow({ where: { id: row.id } })).toEqual(row);
  });

  it("Customer: createdAt filters and ordering work", async () => {
    const times = threeInstants(120_000);
    const rows = each(times, (createdAt) => customerRow({ createdAt, updatedAt: createdAt }));
    const ids = rows.map((row) => row.id);
    // Written out of order, so the ordering cannot come from insertion order.
    await insertRows(t.db, "Customer", [rows[2], rows[0], rows[1]]);
    await expectDateQueriesWork(
      (createdAt, order) =>
        t.db.customer.findMany({
          where: { id: { in: ids }, createdAt },
          orderBy: { createdAt: order },
          select: { id: true },
        }),
      rows,
      times,
    );
  });

  it("Subscription: every column, with every timestamp to the millisecond", async () => {
    const row = subscriptionRow();
    await insertRows(t.db, "Subscription", [row]);
    expect(await t.db.subscription.findUniqueOrThrow({ where: { id: row.id } })).toEqual(row);
  });

  it("Subscription: optional columns written as null read back as null", async () => {
    const row = subscriptionRow({
      status: "active",
      termEnd: null,
      termMonths: null,
      cancelAt: null,
      cancelledAt: null,
      cancelReason: null,
      providerSubscriptionId: null,
    });
    await insertRows(t.db, "Subscription", [row]);
    expect(await t.db.subscription.findUniqueOrThrow({ where: { id: row.id } })).toEqual(row);
  });

  it("Subscription: createdAt and termStart filters and ordering work", async () => {
    const times = threeInstants(180_000);
    const rows = each(times, (time) => subscriptionRow({ createdAt: time, termStart: time }));
    const ids = rows.map((row) => row.id);
    await insertRows(t.db, "Subscription", [rows[1], rows[2], rows[0]]);
    await expectDateQueriesWork(
      (createdAt, order) =>
        t.db.subscription.findMany({
          where: { id: { in: ids }, createdAt },
          orderBy: { createdAt: order },
          select: { id: true },
        }),
      rows,
      times,
    );
    await expectDateQueriesWork(
      (termStart, order) =>
        t.db.subscription.findMany({
          where: { id: { in: ids }, termStart },
          orderBy: { termStart: order },
          select: { id: true },
        }),
      rows,
      times,
    );
  });

  it("SubscriptionItem: every column, and a null removedAt", async () => {
    const subscriptionId = await parentSubscription();
    const removed = subscriptionItemRow(subscriptionId);
    const current = subscriptionItemRow(subscriptionId, { billingPeriod: "year", removedAt: null });
    await insertRows(t.db, "SubscriptionItem", [removed]);
    await insertRows(t.db, "SubscriptionItem", [current]);
    expect(await t.db.subscriptionItem.findUniqueOrThrow({ where: { id: removed.id } })).toEqual(removed);
    expect(await t.db.subscriptionItem.findUniqueOrThrow({ where: { id: current.id } })).toEqual(current);
    // What production asks of these rows: the lines still in force.
    const inForce = await t.db.subscriptionItem.findMany({ where: { subscriptionId, removedAt: null } });
    expect(inForce.map((item) => item.id)).toEqual([current.id]);
  });

  it("SubscriptionItem: addedAt filters and ordering work", async () => {
    const subscriptionId = await parentSubscription();
    const times = threeInstants(240_000);
    const rows = each(times, (addedAt) => subscriptionItemRow(subscriptionId, { addedAt }));
    await insertRows(t.db, "SubscriptionItem", [rows[2], rows[1], rows[0]]);
    await expectDateQueriesWork(
      (addedAt, order) =>
        t.db.subscriptionItem.findMany({
          where: { subscriptionId, addedAt },
          orderBy: { addedAt: order },
          select: { id: true },
        }),
      rows,
      times,
    );
  });

  it("Order: every column, including both JSON columns and three enums", async () => {
    const subscriptionId = await parentSubscription();
    const row = orderRow({ subscriptionId });
    await insertRows(t.db, "Order", [row]);
    const stored = await t.db.order.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored).toEqual(row);
    // toEqual already covers it; spelled out because this is the text most likely to be mangled.
    expect((stored.payload as typeof TRICKY_JSON).text).toBe(TRICKY_JSON.text);
  });

  it("Order: optional columns written as null read back as null", async () => {
    const row = orderRow({
      type: "new",
      status: "submitted",
      externalId: null,
      subscriptionId: null,
      discountCodeId: null,
      providerReference: null,
      createdByUserId: null,
      createdByClientId: null,
      processedAt: null,
      failureCode: null,
      failureMessage: null,
    });
    await insertRows(t.db, "Order", [row]);
    expect(await t.db.order.findUniqueOrThrow({ where: { id: row.id } })).toEqual(row);
  });

  it("Order: createdAt filters and ordering work, as the order list uses them", async () => {
    const times = threeInstants(300_000);
    const rows = each(times, (createdAt) => orderRow({ createdAt, updatedAt: createdAt }));
    const ids = rows.map((row) => row.id);
    await insertRows(t.db, "Order", [rows[1], rows[0], rows[2]]);
    await expectDateQueriesWork(
      (createdAt, order) =>
        t.db.order.findMany({
          where: { partnerId: parents.partnerId, id: { in: ids }, createdAt },
          orderBy: [{ createdAt: order }, { id: order }],
          select: { id: true },
        }),
      rows,
      times,
    );
  });

  it("OrderItem: every column, and three rows in one call", async () => {
    const orderId = await parentOrder();
    const rows = [orderItemRow(orderId, 0), orderItemRow(orderId, 1), orderItemRow(orderId, 2)];
    await insertRows(t.db, "OrderItem", rows);
    const stored = await t.db.orderItem.findMany({ where: { orderId }, orderBy: { position: "asc" } });
    expect(stored).toEqual(rows);
    for (const row of rows) {
      expect(await t.db.orderItem.findUniqueOrThrow({ where: { id: row.id } })).toEqual(row);
    }
  });
});

/** Three different jobs: free, retried, and held by a worker. */
function jobRow(runAt: Date, i: number): InsertRow<"Job"> {
  return {
    id: newRowId("job"),
    name: "order.process",
    data: TRICKY_JSON,
    key: i === 0 ? null : newRowId("key"),
    runAt,
    attempts: i,
    maxAttempts: 7,
    lockedBy: i === 2 ? "worker-1" : null,
    lockedUntil: i === 2 ? at(9) : null,
    lastError: i === 1 ? "Stripe could not be reached" : null,
    failedAt: null,
    createdAt: T0,
  };
}

describe("the job queue's table through insertRows", () => {
  it("Job: every column, a JSON payload, and runAt filters as the worker's claim uses them", async () => {
    const times = threeInstants(60_000);
    const rows = each(times, (runAt) => jobRow(runAt, times.indexOf(runAt)));
    await insertRows(t.db, "Job", [rows[2], rows[0], rows[1]]);
    for (const row of rows) expect(await t.db.job.findUniqueOrThrow({ where: { id: row.id } })).toEqual(row);
    const ids = rows.map((row) => row.id);
    await expectDateQueriesWork(
      (runAt, order) =>
        t.db.job.findMany({
          where: { id: { in: ids }, runAt },
          orderBy: [{ runAt: order }, { id: order }],
          select: { id: true },
        }),
      rows,
      times,
    );
  });
});

describe("insertRows", () => {
  it("writes several rows in one call, matching values to columns by name, not by key order", async () => {
    const first = customerRow();
    // Same columns, keys in the reverse order: a positional encoder would swap values around.
    const reversed = Object.fromEntries(
      Object.entries(customerRow({ firstName: "Grace", nameLower: "grace o'brien", phone: null })).reverse(),
    ) as InsertRow<"Customer">;
    const third = customerRow({ country: "DE", billingAddress: null, createdAt: at(9) });
    await insertRows(t.db, "Customer", [first, reversed, third]);
    for (const row of [first, reversed, third]) {
      expect(await t.db.customer.findUniqueOrThrow({ where: { id: row.id } })).toEqual(row);
    }
  });

  it("refuses an empty list of rows (there is no statement to make)", () => {
    expect(() => insertRows(t.db, "Customer", [])).toThrow(/no Customer rows/);
  });

  it("goes into a batch transaction with other statements, all or nothing", async () => {
    const [one, two] = [customerRow(), customerRow()];
    await t.db.$transaction([insertRows(t.db, "Customer", [one]), insertRows(t.db, "Customer", [two])]);
    expect(await t.db.customer.count({ where: { id: { in: [one.id, two.id] } } })).toBe(2);

    const undone = customerRow();
    const clash = customerRow({
      id: undone.id,
      email: "other@example.test",
      emailLower: "other@example.test",
    });
    const error = await rejection(() =>
      t.db.$transaction([insertRows(t.db, "Customer", [undone]), insertRows(t.db, "Customer", [clash])]),
    );
    expect(isUniqueViolation(error)).toBe(true);
    expect(await t.db.customer.count({ where: { id: undone.id } })).toBe(0);
  });

  it("commits and rolls back with the transaction it is given", async () => {
    const kept = customerRow();
    await t.db.$transaction(async (tx) => insertRows(tx, "Customer", [kept]));
    expect(await t.db.customer.count({ where: { id: kept.id } })).toBe(1);

    const undone = customerRow();
    const error = await rejection(() =>
      t.db.$transaction(async (tx) => {
        await insertRows(tx, "Customer", [undone]);
        throw new Error("later step failed");
      }),
    );
    expect((error as Error).message).toBe("later step failed");
    expect(await t.db.customer.count({ where: { id: undone.id } })).toBe(0);
  });

  describe("a unique violation", () => {
    it("on the primary key is recognised by isUniqueViolation and writes nothing", async () => {
      const existing = customerRow();
      await insertRows(t.db, "Customer", [existing]);
      // A fresh row first in the same statement: it must not survive its neighbour's failure.
      const fresh = customerRow();
      const clash = customerRow({ id: existing.id });
      const before = await t.db.customer.count();

      const error = await rejection(() => insertRows(t.db, "Customer", [fresh, clash]));
      expect(isUniqueViolation(error)).toBe(true);
      expect(await t.db.customer.count()).toBe(before);
      expect(await t.db.customer.findUnique({ where: { id: fresh.id } })).toBeNull();
      expect(await t.db.customer.findUniqueOrThrow({ where: { id: existing.id } })).toEqual(existing);
    });

    it("on a compound unique key (one email per partner) is recognised and writes nothing", async () => {
      const existing = customerRow();
      await insertRows(t.db, "Customer", [existing]);
      const fresh = customerRow();
      const sameEmail = customerRow({ email: existing.email, emailLower: existing.emailLower });
      const before = await t.db.customer.count();

      const error = await rejection(() => insertRows(t.db, "Customer", [fresh, sameEmail]));
      expect(isUniqueViolation(error)).toBe(true);
      expect(await t.db.customer.count()).toBe(before);
      expect(await t.db.customer.findUnique({ where: { id: fresh.id } })).toBeNull();
    });

    it("between two rows of the same call is recognised and writes neither", async () => {
      const orderId = await parentOrder();
      const a = orderItemRow(orderId, 0);
      const b = orderItemRow(orderId, 0); // (orderId, position) is unique
      const error = await rejection(() => insertRows(t.db, "OrderItem", [a, b]));
      expect(isUniqueViolation(error)).toBe(true);
      expect(await t.db.orderItem.count({ where: { orderId } })).toBe(0);
    });
  });

  it("leaves a column given as undefined to its database default", async () => {
    const row = subscriptionRow({ status: undefined });
    await insertRows(t.db, "Subscription", [row]);
    const stored = await t.db.subscription.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored.status).toBe("active"); // the schema's default
  });

  it("refuses rows that name different columns, before writing anything", async () => {
    const first = customerRow();
    const other = customerRow({ phone: undefined });
    const error = await rejection(() => insertRows(t.db, "Customer", [first, other]));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toContain("Customer row 1");
    expect(await t.db.customer.count({ where: { id: { in: [first.id, other.id] } } })).toBe(0);
  });

  it("refuses Prisma's null markers in a JSON column, before writing anything", async () => {
    const row = customerRow({ billingAddress: Prisma.DbNull as unknown as null });
    const error = await rejection(() => insertRows(t.db, "Customer", [row]));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toContain("Customer.billingAddress");
    expect(await t.db.customer.count({ where: { id: row.id } })).toBe(0);
  });

  describe("a value with no column encoding", () => {
    it("a boolean throws a TypeError naming the column, before writing anything", async () => {
      const row = customerRow({ phone: true as unknown as string });
      const error = await rejection(() => insertRows(t.db, "Customer", [customerRow(), row]));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toContain("Customer.phone");
      expect(await t.db.customer.count({ where: { id: row.id } })).toBe(0);
    });

    it("a bigint throws a TypeError naming the column, before writing anything", async () => {
      const orderId = await parentOrder();
      const row = orderItemRow(orderId, 1, { quantity: 3n as unknown as number });
      const error = await rejection(() => insertRows(t.db, "OrderItem", [orderItemRow(orderId, 0), row]));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toContain("OrderItem.quantity");
      expect(await t.db.orderItem.count({ where: { orderId } })).toBe(0);
    });
  });
});

/**
 * Never called: tsc type-checks it (`npm run typecheck`), and each `@ts-expect-error` line must
 * fail to compile for the reason given. The line after each differs only by that reason and
 * compiles, so an error for another reason would not go unnoticed.
 */
function _rowsRejectedAtCompileTime(db: Db): void {
  const { lastName: _lastName, ...withoutLastName } = customerRow();
  // @ts-expect-error lastName is a required column
  void insertRows(db, "Customer", [withoutLastName]);
  void insertRows(db, "Customer", [{ ...withoutLastName, lastName: "Lovelace" }]);

  const { createdAt: _createdAt, ...withoutCreatedAt } = auditRow();
  // @ts-expect-error createdAt must be given: the database default would write another format
  void insertRows(db, "AuditEvent", [withoutCreatedAt]);
  void insertRows(db, "AuditEvent", [{ ...withoutCreatedAt, createdAt: new Date() }]);

  // @ts-expect-error a JSON column takes an object, not a string (it would be stored as a string)
  void insertRows(db, "Order", [{ ...orderRow(), payload: '{"already":"json"}' }]);
  void insertRows(db, "Order", [{ ...orderRow(), payload: { already: "json" } }]);

  // @ts-expect-error a required JSON column takes no null
  void insertRows(db, "Order", [{ ...orderRow(), pricing: null }]);
  void insertRows(db, "Customer", [{ ...customerRow(), billingAddress: null }]);

  // @ts-expect-error a date column takes a Date, not text (stored as given, it would compare wrongly)
  void insertRows(db, "Subscription", [{ ...subscriptionRow(), termStart: "2026-03-04" }]);
  void insertRows(db, "Subscription", [{ ...subscriptionRow(), termStart: new Date("2026-03-04") }]);
}
