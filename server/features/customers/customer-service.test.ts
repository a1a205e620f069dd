// The partner's customers: search, pagination and one customer with its subscriptions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDeps } from "../../../tests/helpers/fixtures";
import { domainError, newOrder, partnerWithStaff } from "../../../tests/helpers/order-test-kit";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { customerDetailSchema } from "../../domain/partner-object-schemas";
import type { PartnerScope } from "../auth/partner-scope";
import { importOffers } from "../catalog/import-offers";
import { submitOrder } from "../orders/submit-order";
import { getCustomer, listCustomers } from "./customer-service";

let t: TestDatabase;
let scope: PartnerScope;
const owners: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  scope = (await partnerWithStaff(t.db, { slug: "custco", name: "Cust Co" })).scope;
  const people = [
    ["Grace", "Hopper", "grace@navy.example"],
    ["Alan", "Turing", "alan@bletchley.example"],
    ["Ada", "Lovelace", "ada@engine.example"],
    ["Grace", "Murray", "gm@other.example"],
    ["Edsger", "Dijkstra", "ewd@tue.example"],
  ];
  await importOffers(t.db, {
    offers: [
      { id: "plan", name: "Plan", productCode: "P", billingPeriod: "month", prices: { GBP: 1000 } },
      { id: "plan-b", name: "Plan B", productCode: "PB", billingPeriod: "month", prices: { GBP: 2000 } },
    ],
  });
  for (const [firstName, lastName, email] of people) {
    const { order } = await submitOrder(
      t.db,
      scope,
      newOrder([{ id: "plan", quantity: 1 }], { customerDetails: { firstName, lastName, email } }),
      {},
      testDeps(),
    );
    owners[email as string] = order.owner;
  }
});
afterAll(async () => t?.close());

describe("listCustomers", () => {
  it("searches email and name case-insensitively, and by owner id", async () => {
    const emails = async (q: string) =>
      (await listCustomers(t.db, scope, { q })).items.map((c) => c.email).sort();
    expect(await emails("GRACE")).toEqual(["gm@other.example", "grace@navy.example"]);
    expect(await emails("bletchley")).toEqual(["alan@bletchley.example"]);
    expect(await emails("lovelace")).toEqual(["ada@engine.example"]);
    expect(await emails(owners["ewd@tue.example"] as string)).toEqual(["ewd@tue.example"]);
    expect(await emails("nobody")).toEqual([]);
  });

  it("lists the newest customer first", async () => {
    const { items } = await listCustomers(t.db, scope, {});
    expect(items.map((c) => c.email)).toEqual([
      "ewd@tue.example",
      "gm@other.example",
      "ada@engine.example",
      "alan@bletchley.example",
      "grace@navy.example",
    ]);
  });

  it("refuses a cursor it did not hand out", async () => {
    await domainError(listCustomers(t.db, scope, { cursor: "not-a-cursor" }), "VALIDATION");
  });

  it("pages through every customer once", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await listCustomers(t.db, scope, { limit: 2, cursor });
      seen.push(...page.items.map((c) => c.owner));
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
    expect(seen).toHaveLength(5);
    expect(seen).toEqual((await listCustomers(t.db, scope, {})).items.map((c) => c.owner));
    expect([...seen].sort()).toEqual(Object.values(owners).sort());
    expect(new Set(seen).size).toBe(5);
  });
});

describe("getCustomer", () => {
  it("returns the customer with its address, subscriptions and orders, newest first, in the answer's shape", async () => {
    const owner = owners["ada@engine.example"] as string;
    const second = await submitOrder(
      t.db,
      scope,
      { ...newOrder([{ id: "plan-b", quantity: 2 }]), customerDetails: undefined, customer: { owner } },
      {},
      testDeps({ now: () => new Date("2026-11-28T10:00:00Z") }),
    );
    const customer = await getCustomer(t.db, scope, owner);
    expect(customerDetailSchema.parse(customer)).toEqual(customer);
    expect(customer).toMatchObject({
      owner,
      firstName: "Ada",
      lastName: "Lovelace",
      email: "ada@engine.example",
      country: "GB",
    });
    expect(customer.subscriptions).toHaveLength(2);
    expect(customer.subscriptions[0]?.reference).toBe(second.order.subscriptionReference);
    expect(customer.orders.map((o) => o.id)).toEqual([second.order.id, expect.any(String)]);
    expect(customer.orders[0]).toEqual({
      id: second.order.id,
      order_reference: second.order.order_reference,
      order_type: "new",
      status: "complete",
      created_at: second.order.created_at,
      total: second.order.total,
      currency: "GBP",
    });
    // Only address fields: the names, email and phone of the billing details are not repeated.
    expect(customer.billingAddress).not.toBeNull();
    expect(Object.keys(customer.billingAddress ?? {})).not.toContain("email");
    expect(customer.billingAddress?.postalCode).toEqual(expect.any(String));
    await domainError(getCustomer(t.db, scope, `id-${"9".repeat(32)}`), "NOT_FOUND");
  });
});
