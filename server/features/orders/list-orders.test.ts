// listOrders: every filter, checked against an independent model of the orders made here, and
// keyset pagination that neither repeats nor skips an order when new ones arrive between pages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners } from "../../../tests/helpers/fixtures";
import { clockDeps, domainError, newOrder, partnerWithStaff } from "../../../tests/helpers/order-test-kit";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { orderListResponseSchema } from "../../domain/order-response-schemas";
import type { PartnerScope } from "../auth/partner-scope";
import { listOrders } from "./list-orders";
import type { ListOrdersQuery } from "./list-orders-query";
import { submitOrder } from "./submit-order";

type Model = {
  id: string;
  createdAt: Date;
  status: string;
  type: string;
  externalId: string | null;
  reference: string;
  email: string;
  owner: string;
};

let t: TestDatabase;
let scope: PartnerScope;
const clock = clockDeps(new Date("2026-11-01T09:00:00.000Z"));
const orders: Model[] = [];
const spare: string[] = []; // active subscriptions kept for inserting cancel orders between pages
let later = new Date("2026-12-01T00:00:00.000Z").getTime();

async function place(body: Record<string, unknown>, at?: Date): Promise<Model> {
  if (at) clock.set(at);
  const { order } = await submitOrder(t.db, scope, body, {}, clock.deps);
  const row = await t.db.order.findUniqueOrThrow({ where: { id: order.id }, include: { customer: true } });
  const model = {
    id: row.id,
    createdAt: row.createdAt,
    status: row.status,
    type: row.type,
    externalId: row.externalId,
    reference: row.reference,
    email: row.customer.email,
    owner: row.customerId,
  };
  orders.push(model);
  return model;
}

const customer = (email: string) => ({ firstName: "Lin", lastName: "Stable", email });
const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db); // the demo partners' orders must never show up here
  scope = (await partnerWithStaff(t.db, { slug: "listco", name: "List Co", countries: ["GB"] })).scope;

  const offers = ["starter-monthly", "pro-monthly", "starter-annual"];
  // 10 new orders over 1-6 Nov; three of them by one customer, two not processed yet.
  const subs: string[] = [];
  for (let i = 0; i < 10; i++) {
    const shared = i % 3 === 2;
    const email = shared ? "shared@list.test" : `buyer${i}@list.test`;
    const body = newOrder(
      [{ id: shared ? (offers[(i - 2) / 3] as string) : "starter-monthly", quantity: 1 }],
      {
        customerDetails: customer(email),
        external_id: `LIST-${i}`,
        process_immediately: i % 4 !== 3,
      },
    );
    const made = await place(body, at(`2026-11-0${1 + Math.floor(i / 2)}T${i % 2 ? "15" : "09"}:00:00.000Z`));
    if (made.status === "complete")
      subs.push(
        (await t.db.order.findUniqueOrThrow({ where: { id: made.id }, include: { subscription: true } }))
          .subscription?.reference ?? "",
      );
  }
  // Three orders at one instant: the id breaks the tie.
  for (let i = 0; i < 3; i++)
    await place(
      newOrder([{ id: "pro-monthly", quantity: 1 }], { customerDetails: customer(`tie${i}@list.test`) }),
      at("2026-11-06T12:00:00.000Z"),
    );
  // Changes to existing subscriptions, on 7 Nov.
  clock.set("2026-11-07T10:00:00.000Z");
  const [s0, s1, s2, s3, s4, s5] = subs;
  await place({
    order_type: "add_offer",
    forSubscription: { reference: s0 },
    orderItems: [{ offer: { id: "addon-storage" }, quantity: 1 }],
  });
  await place({
    order_type: "add_offer",
    forSubscription: { reference: s1 },
    orderItems: [{ offer: { id: "addon-support-plus" }, quantity: 1 }],
  });
  await place({ order_type: "cancel", forSubscription: { reference: s2 }, effective: "immediately" });
  await place(
    { order_type: "cancel", forSubscription: { reference: s3 }, effective: "end_of_term" },
    at("2026-11-07T11:00:00.000Z"),
  );
  await place({
    order_type: "change_offer",
    forSubscription: { reference: s4 },
    orderItems: [{ offer: { id: "pro-monthly" }, quantity: 2 }],
  });
  spare.push(...[s5].filter((s): s is string => Boolean(s)));
  const annual = orders.find((o) => o.email === "shared@list.test" && o.externalId === "LIST-8");
  const annualSub = await t.db.order.findUniqueOrThrow({
    where: { id: annual?.id ?? "" },
    include: { subscription: true },
  });
  await place(
    { order_type: "renew", forSubscription: { reference: annualSub.subscription?.reference } },
    at("2026-11-08T08:00:00.000Z"),
  );
  // More spare subscriptions to cancel between pages.
  for (let i = 0; i < 4; i++) {
    const made = await place(
      newOrder([{ id: "starter-monthly", quantity: 1 }], {
        customerDetails: customer(`spare${i}@list.test`),
      }),
      at(`2026-11-09T0${i}:00:00.000Z`),
    );
    spare.push(
      (await t.db.order.findUniqueOrThrow({ where: { id: made.id }, include: { subscription: true } }))
        .subscription?.reference ?? "",
    );
  }
});
afterAll(async () => t?.close());

const newestFirst = (a: Model, b: Model) =>
  b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** Pages through with `limit`, calling `between` after every page; returns the ids in page order. */
async function pageThrough(query: ListOrdersQuery, limit: number, between: () => Promise<unknown>) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await listOrders(t.db, scope, { ...query, limit, cursor });
    orderListResponseSchema.parse(page);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((o) => o.id));
    if (!page.next_cursor) return ids;
    expect(page.items).toHaveLength(limit);
    cursor = page.next_cursor;
    await between();
  }
  throw new Error("pagination did not end");
}

/** A new order later than every order so far; `body` picks what it matches. */
async function insertLater(body: () => Record<string, unknown>) {
  later += 60_000;
  return place(body(), new Date(later));
}
const anyNew = () => newOrder([{ id: "starter-monthly", quantity: 1 }]);

type FilterCase = {
  name: string;
  query: () => ListOrdersQuery;
  match: (o: Model) => boolean;
  insert: () => Promise<unknown>;
  min: number;
};

const CASES: FilterCase[] = [
  { name: "no filter", query: () => ({}), match: () => true, insert: () => insertLater(anyNew), min: 20 },
  {
    name: "status",
    query: () => ({ status: "submitted" }),
    match: (o) => o.status === "submitted",
    insert: () =>
      insertLater(() => newOrder([{ id: "starter-monthly", quantity: 1 }], { process_immediately: false })),
    min: 2,
  },
  {
    name: "order_type",
    query: () => ({ order_type: "cancel" }),
    match: (o) => o.type === "cancel",
    insert: () =>
      insertLater(() => ({
        order_type: "cancel",
        forSubscription: { reference: spare.shift() },
        effective: "immediately",
      })),
    min: 2,
  },
  {
    name: "external_id",
    query: () => ({ external_id: "LIST-4" }),
    match: (o) => o.externalId === "LIST-4",
    insert: () => insertLater(anyNew),
    min: 1,
  },
  {
    name: "created_from and created_to (whole days)",
    query: () => ({ created_from: "2026-11-03", created_to: "2026-11-06" }),
    match: (o) => o.createdAt >= at("2026-11-03T00:00:00Z") && o.createdAt <= at("2026-11-06T23:59:59.999Z"),
    // Inside the range but later than every order in it: it lands before the cursor.
    insert: async () => {
      later += 1;
      return place(anyNew(), new Date(at("2026-11-06T20:00:00Z").getTime() + (later % 100_000)));
    },
    min: 7,
  },
  {
    name: "created_from as a date-time",
    query: () => ({ created_from: "2026-11-06T12:00:00Z" }),
    match: (o) => o.createdAt >= at("2026-11-06T12:00:00Z"),
    insert: () => insertLater(anyNew),
    min: 10,
  },
  {
    name: "q by order reference (any case)",
    query: () => ({ q: (orders[5] as Model).reference.toLowerCase() }),
    match: (o) => o.id === (orders[5] as Model).id,
    insert: () => insertLater(anyNew),
    min: 1,
  },
  {
    name: "q by email",
    query: () => ({ q: "Shared@List.test" }),
    match: (o) => o.email === "shared@list.test",
    insert: () =>
      insertLater(() => ({
        ...newOrder([{ id: "pro-annual", quantity: 1 }]),
        customerDetails: customer(`shared-${later}@list.test`),
      })),
    min: 4,
  },
  {
    name: "q by email prefix",
    query: () => ({ q: "spare" }),
    match: (o) => o.email.startsWith("spare"),
    insert: () =>
      insertLater(() =>
        newOrder([{ id: "starter-monthly", quantity: 1 }], {
          customerDetails: customer(`spare-late-${later}@list.test`),
        }),
      ),
    min: 4,
  },
  {
    name: "several filters together",
    query: () => ({ status: "complete", order_type: "new", created_to: "2026-11-06" }),
    match: (o) =>
      o.status === "complete" && o.type === "new" && o.createdAt <= at("2026-11-06T23:59:59.999Z"),
    insert: () => insertLater(anyNew),
    min: 8,
  },
];

describe("listOrders filters and pagination", () => {
  it.each(CASES)(
    "$name: pages match the model, newest first, stable while orders are added",
    async ({ query, match, insert, min }) => {
      const expected = orders
        .filter(match)
        .sort(newestFirst)
        .map((o) => o.id);
      expect(expected.length).toBeGreaterThanOrEqual(min);
      const whole = await listOrders(t.db, scope, { ...query(), limit: 100 });
      expect(whole.items.map((o) => o.id)).toEqual(expected);
      expect(whole.next_cursor).toBeNull();

      const limit = expected.length <= 3 ? 1 : 2;
      const inserted = orders.length;
      const paged = await pageThrough(query(), limit, insert);
      // Orders really were added between pages (one after each page but the last).
      expect(orders.length - inserted).toBe(Math.ceil(expected.length / limit) - 1);
      expect(paged).toEqual(expected);
    },
  );

  it("orders at the same instant are ordered by id and split across pages without loss", async () => {
    const tied = orders.filter((o) => o.createdAt.toISOString() === "2026-11-06T12:00:00.000Z");
    expect(tied).toHaveLength(3);
    const paged = await pageThrough(
      { created_from: "2026-11-06T12:00:00Z", created_to: "2026-11-06T12:00:00Z" },
      1,
      async () => undefined,
    );
    expect(paged).toEqual(
      tied
        .map((o) => o.id)
        .sort()
        .reverse(),
    );
  });

  it("list rows carry the order's figures, customer and author", async () => {
    const page = await listOrders(t.db, scope, { external_id: "LIST-0" });
    expect(page.items).toEqual([
      expect.objectContaining({
        external_id: "LIST-0",
        order_type: "new",
        status: "complete",
        total: 1800,
        subtotal: 1500,
        discount_total: 0,
        tax_total: 300,
        currency: "GBP",
        created_at: "2026-11-01T09:00:00.000Z",
        customer: {
          owner: expect.stringMatching(/^id-[0-9a-f]{32}$/),
          email: "buyer0@list.test",
          name: "Lin Stable",
        },
        created_by: expect.objectContaining({ kind: "user" }),
      }),
    ]);
  });

  it("filters by customer owner and by subscription reference", async () => {
    const shared = orders.filter(
      (o) => o.email === "shared@list.test" && o.createdAt < at("2026-12-01T00:00:00Z"),
    );
    const owner = shared[0]?.owner ?? "";
    const byOwner = await listOrders(t.db, scope, { customer: owner, limit: 100 });
    expect(byOwner.items.map((o) => o.id).sort()).toEqual(
      orders
        .filter((o) => o.owner === owner)
        .map((o) => o.id)
        .sort(),
    );
    const first = await t.db.order.findUniqueOrThrow({
      where: { id: shared[0]?.id ?? "" },
      include: { subscription: true },
    });
    const reference = first.subscription?.reference ?? "";
    const bySub = await listOrders(t.db, scope, { subscription: reference.toLowerCase(), limit: 100 });
    const expected = await t.db.order.findMany({
      where: { subscription: { reference } },
      select: { id: true },
    });
    expect(bySub.items.map((o) => o.id).sort()).toEqual(expected.map((o) => o.id).sort());
    expect(bySub.items.length).toBeGreaterThanOrEqual(1);
  });

  it("refuses a forged cursor, a bad limit and a bad date", async () => {
    await domainError(listOrders(t.db, scope, { cursor: "not-a-cursor" }), "VALIDATION");
    await domainError(
      listOrders(t.db, scope, { cursor: Buffer.from('["yesterday", 5]').toString("base64url") }),
      "VALIDATION",
    );
    await domainError(listOrders(t.db, scope, { limit: 0 }), "VALIDATION");
    await domainError(listOrders(t.db, scope, { limit: 101 }), "VALIDATION");
    await domainError(listOrders(t.db, scope, { created_from: "1 Nov 2026" }), "VALIDATION");
    expect((await listOrders(t.db, scope, {})).items).toHaveLength(20);
  });
});
