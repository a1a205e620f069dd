// The partner-object reads over HTTP: a partner system follows the subscriptions and customers
// its orders created, by reference and owner, page by page and by filter; another partner's
// references read exactly like unknown ones. Every answer is checked against the published
// OpenAPI document by the page object.
import { expect, test } from "./support/fixtures";
import { unique } from "./support/http";
import { accessToken, DEMO_ACME } from "./support/oauth";
import { cancelOrder, newOrder } from "./support/orders";
import {
  type CustomerAnswer,
  type Page,
  PartnerApi,
  type Problem,
  type SubmitAnswer,
  type SubscriptionAnswer,
} from "./support/partner-api";

async function submitted(api: PartnerApi, body: unknown): Promise<SubmitAnswer> {
  const answer = await api.submit<SubmitAnswer>(body);
  expect(answer.status).toBe(201);
  return answer.body;
}

test.describe("subscriptions and customers over HTTP", () => {
  test("an order's subscription and customer are readable by reference and owner, with the orders against them", async ({
    acme,
  }) => {
    const email = `${unique("objects")}@example.test`;
    const order = await submitted(acme, newOrder({ email, quantity: 3 }));
    const cancel = await submitted(acme, cancelOrder(order.subscriptionReference));

    const subscription = await acme.getSubscription<
      SubscriptionAnswer & { cancelAt: string | null; orders: { id: string }[] }
    >(order.subscriptionReference.toLowerCase());
    expect(subscription.status).toBe(200);
    expect(subscription.body).toMatchObject({
      reference: order.subscriptionReference,
      status: "active",
      customer: { owner: order.owner, email },
      items: [{ offer: { id: "pro-monthly" }, quantity: 3 }],
    });
    // Cancelled at the end of the term: still active, with the date it ends.
    expect(subscription.body.cancelAt).not.toBeNull();
    expect(subscription.body.orders.map((o) => o.id).sort()).toEqual([order.id, cancel.id].sort());

    const customer = await acme.getCustomer<
      CustomerAnswer & {
        subscriptions: { reference: string }[];
        orders: { id: string }[];
        billingAddress: unknown;
      }
    >(order.owner);
    expect(customer.status).toBe(200);
    expect(customer.body).toMatchObject({
      owner: order.owner,
      email,
      firstName: "Ada",
      lastName: "Lovelace",
    });
    expect(customer.body.subscriptions.map((s) => s.reference)).toEqual([order.subscriptionReference]);
    expect(customer.body.orders.map((o) => o.id).sort()).toEqual([order.id, cancel.id].sort());
    expect(customer.body.billingAddress).toMatchObject({ address1: "1 Test Street", country: "GB" });
  });

  test("lists filter by status and customer, search by email, and page without repeats", async ({ acme }) => {
    const email = `${unique("pages")}@example.test`;
    const first = await submitted(acme, newOrder({ email, offerId: "starter-monthly" }));
    const orders = [first];
    // One customer holds one subscription per offer: a second and third, of other offers.
    for (const offerId of ["pro-monthly", "pro-annual"]) {
      const again = newOrder({ offerId });
      orders.push(
        await submitted(acme, { ...again, customerDetails: undefined, customer: { owner: first.owner } }),
      );
    }
    await submitted(acme, {
      ...cancelOrder(orders[2]?.subscriptionReference ?? ""),
      effective: "immediately",
    });

    const mine = await acme.listSubscriptions<Page<SubscriptionAnswer>>({
      customer: first.owner,
      limit: "2",
    });
    expect(mine.status).toBe(200);
    expect(mine.body.items).toHaveLength(2);
    expect(mine.body.next_cursor).not.toBeNull();
    const rest = await acme.listSubscriptions<Page<SubscriptionAnswer>>({
      customer: first.owner,
      limit: "2",
      cursor: mine.body.next_cursor ?? "",
    });
    const seen = [...mine.body.items, ...rest.body.items].map((s) => s.reference);
    expect(seen.sort()).toEqual(orders.map((o) => o.subscriptionReference).sort());
    expect(rest.body.next_cursor).toBeNull();

    const cancelled = await acme.listSubscriptions<Page<SubscriptionAnswer>>({
      customer: first.owner,
      status: "cancelled",
    });
    expect(cancelled.body.items.map((s) => s.reference)).toEqual([orders[2]?.subscriptionReference]);

    const found = await acme.listCustomers<Page<CustomerAnswer>>({ q: email.toUpperCase() });
    expect(found.status).toBe(200);
    expect(found.body.items.map((c) => c.owner)).toEqual([first.owner]);
    expect(
      (await acme.listCustomers<Page<CustomerAnswer>>({ q: `${unique("nobody")}@x.test` })).body.items,
    ).toEqual([]);
  });

  test("bad filters and cursors are 400 naming the field; unknown references are 404", async ({ acme }) => {
    for (const [query, field] of [
      [{ status: "paused" }, "status"],
      [{ customer: "not-an-owner" }, "customer"],
      [{ limit: "0" }, "limit"],
      [{ cursor: "garbage" }, "cursor"],
      [{ colour: "blue" }, ""],
    ] as const) {
      const answer = await acme.listSubscriptions<Problem>(query);
      expect(answer.status, JSON.stringify(query)).toBe(400);
      if (field) expect(answer.body.errors?.map((e) => e.path)).toContain(field);
    }
    expect((await acme.listCustomers<Problem>({ limit: "101" })).status).toBe(400);
    expect((await acme.listCustomers<Problem>({ q: "x".repeat(300) })).status).toBe(400);
    expect((await acme.getSubscription<Problem>("ZZZZ9999ZZZZ")).status).toBe(404);
    expect((await acme.getSubscription<Problem>("not a reference")).status).toBe(404);
    expect((await acme.getCustomer<Problem>("id-0123456789abcdef0123456789abcdef")).status).toBe(404);
    expect((await acme.getCustomer<Problem>("someone")).status).toBe(404);
  });

  test("need orders:read", async ({ contract }) => {
    const writeOnly = PartnerApi.bearer(contract, await accessToken(contract, DEMO_ACME, "orders:write"));
    for (const answer of [
      await writeOnly.listSubscriptions<Problem>(),
      await writeOnly.getSubscription<Problem>("ZZZZ9999ZZZZ"),
      await writeOnly.listCustomers<Problem>(),
      await writeOnly.getCustomer<Problem>("id-0123456789abcdef0123456789abcdef"),
    ]) {
      expect(answer.status).toBe(403);
      expect(answer.body.required_scope).toBe("orders:read");
    }
    const anonymous = new PartnerApi(contract, null);
    expect((await anonymous.listCustomers<Problem>()).status).toBe(401);
  });
});
