// Partner B's token can never read, list or reuse anything of partner A, and its answers never
// confirm that A's objects exist: each probe with A's identifier is answered exactly like a
// probe with an identifier that exists nowhere (404, never 403).
import { expect, test } from "./support/fixtures";
import { unique } from "./support/http";
import { cancelOrder, changeOfferOrder, newOrder } from "./support/orders";
import type { PartnerApi, PreviewAnswer, Problem, SubmitAnswer } from "./support/partner-api";

const UNKNOWN_ORDER = "order-0123456789abcdef0123456789abcdef";
const UNKNOWN_REFERENCE = "ZZZZ9999ZZZZ";
const UNKNOWN_OWNER = "id-0123456789abcdef0123456789abcdef";

/** An order of partner A (acme), made for this test. */
async function ordersOfA(acme: PartnerApi) {
  const body = newOrder({ externalId: unique("e2e-a") });
  const made = await acme.submit<SubmitAnswer>(body, { idempotencyKey: unique("a-key") });
  expect(made.status).toBe(201);
  return { body, order: made.body };
}

/** The same answer apart from the identifier itself and the request-specific members. */
function normalised(problem: Problem, identifier: string, placeholder: string) {
  const swap = (v: unknown) => (typeof v === "string" ? v.split(identifier).join(placeholder) : v);
  return {
    type: problem.type,
    title: problem.title,
    status: problem.status,
    detail: swap(problem.detail),
    message: swap(problem.message),
    code: problem.code,
  };
}

test.describe("partner B against partner A's objects", () => {
  test("B cannot read A's order: 404 exactly like an unknown id", async ({ acme, globex }) => {
    const { order } = await ordersOfA(acme);
    expect((await acme.getOrder(order.id)).status).toBe(200);

    const theirs = await globex.getOrder<Problem>(order.id);
    const nobodys = await globex.getOrder<Problem>(UNKNOWN_ORDER);
    expect(theirs.status).toBe(404);
    expect(nobodys.status).toBe(404);
    expect(normalised(theirs.body, order.id, "ID")).toEqual(normalised(nobodys.body, UNKNOWN_ORDER, "ID"));
  });

  test("A's orders are absent from B's list, by any filter", async ({ acme, globex }) => {
    const { order, body } = await ordersOfA(acme);
    expect(await acme.ordersWithExternalId(body.external_id)).toHaveLength(1);
    expect(await globex.ordersWithExternalId(body.external_id)).toEqual([]);

    const queries: Record<string, string>[] = [
      { q: order.order_reference },
      { q: body.customerDetails.email },
      { customer: order.owner },
      { subscription: order.subscriptionReference },
    ];
    for (const query of queries) {
      // Control: the filter finds the order for A, so its absence for B means something.
      const own = await acme.listOrders<{ items: SubmitAnswer[] }>({ ...query, limit: "100" });
      expect(
        own.body.items.map((o) => o.id),
        JSON.stringify(query),
      ).toContain(order.id);
      const list = await globex.listOrders<{ items: SubmitAnswer[] }>({ ...query, limit: "100" });
      expect(list.status, JSON.stringify(query)).toBe(200);
      expect(list.body.items.map((o) => o.id)).not.toContain(order.id);
    }
    const page = await globex.listOrders<{ items: SubmitAnswer[] }>({ limit: "100" });
    expect(page.body.items.map((o) => o.id)).not.toContain(order.id);
  });

  test("B cannot read A's subscription or customer, nor find them in its lists: 404 like unknown ones", async ({
    acme,
    globex,
  }) => {
    const { order, body } = await ordersOfA(acme);
    const reference = order.subscriptionReference;
    expect((await acme.getSubscription(reference)).status).toBe(200);
    expect((await acme.getCustomer(order.owner)).status).toBe(200);

    const sub = await globex.getSubscription<Problem>(reference);
    const noSub = await globex.getSubscription<Problem>(UNKNOWN_REFERENCE);
    expect(sub.status).toBe(404);
    expect(normalised(sub.body, reference, "REF")).toEqual(normalised(noSub.body, UNKNOWN_REFERENCE, "REF"));
    const customer = await globex.getCustomer<Problem>(order.owner);
    const noCustomer = await globex.getCustomer<Problem>(UNKNOWN_OWNER);
    expect(customer.status).toBe(404);
    expect(normalised(customer.body, order.owner, "OWNER")).toEqual(
      normalised(noCustomer.body, UNKNOWN_OWNER, "OWNER"),
    );

    // Control first (A finds its own), then B finds nothing by the same filter.
    type Refs = { items: { reference?: string; owner?: string }[] };
    const mineByOwner = await acme.listSubscriptions<Refs>({ customer: order.owner });
    expect(mineByOwner.body.items.map((s) => s.reference)).toEqual([reference]);
    expect((await globex.listSubscriptions<Refs>({ customer: order.owner })).body.items).toEqual([]);
    for (const q of [body.customerDetails.email, order.owner]) {
      expect((await acme.listCustomers<Refs>({ q })).body.items.map((c) => c.owner)).toEqual([order.owner]);
      expect((await globex.listCustomers<Refs>({ q })).body.items).toEqual([]);
    }
  });

  test("B cannot change, cancel, add to or renew A's subscription: 404 like an unknown reference", async ({
    acme,
    globex,
  }) => {
    const { order } = await ordersOfA(acme);
    const reference = order.subscriptionReference;
    const bodies = (ref: string) => [
      changeOfferOrder(ref),
      cancelOrder(ref),
      {
        order_type: "add_offer",
        forSubscription: { reference: ref },
        orderItems: [{ offer: { id: "addon-storage" }, quantity: 1 }],
      },
      { order_type: "renew", forSubscription: { reference: ref } },
    ];
    const theirs = bodies(reference);
    const nobodys = bodies(UNKNOWN_REFERENCE);
    for (const [i, body] of theirs.entries()) {
      const attempt = await globex.submit<Problem>(body);
      const control = await globex.submit<Problem>(nobodys[i]);
      expect(attempt.status, `${body.order_type}: ${attempt.text}`).toBe(404);
      expect(control.status).toBe(404);
      expect(normalised(attempt.body, reference, "REF")).toEqual(
        normalised(control.body, UNKNOWN_REFERENCE, "REF"),
      );

      // A preview reveals nothing more than a submit does (and answers its published schema).
      const preview = await globex.preview<PreviewAnswer>(body);
      const previewControl = await globex.preview<PreviewAnswer>(nobodys[i]);
      expect(preview.status).toBe(200);
      expect(preview.body.eligibility.eligible).toBe(false);
      expect(preview.body.eligibility.problems.map((p) => p.code)).toEqual(
        previewControl.body.eligibility.problems.map((p) => p.code),
      );
    }

    // A's subscription is untouched: A can still cancel it.
    const own = await acme.submit<SubmitAnswer>(cancelOrder(reference));
    expect(own.status, own.text).toBe(201);
  });

  test("B cannot order for A's customer (customer.owner): nothing is created", async ({ acme, globex }) => {
    const { order } = await ordersOfA(acme);
    const forAsCustomer = {
      ...newOrder({ externalId: unique("e2e-b-owner"), country: "DE" }),
      customerDetails: undefined,
      customer: { owner: order.owner },
    };
    const attempt = await globex.submit<Problem>(forAsCustomer);
    expect([404, 422]).toContain(attempt.status);
    expect(attempt.status).not.toBe(403);
    const control = await globex.submit<Problem>({
      ...forAsCustomer,
      external_id: unique("e2e-b-owner"),
      customer: { owner: UNKNOWN_OWNER },
    });
    expect(control.status).toBe(attempt.status);
    expect(attempt.body.problems?.map((p) => p.code)).toEqual(control.body.problems?.map((p) => p.code));
    expect(await globex.ordersWithExternalId(forAsCustomer.external_id)).toEqual([]);
    expect(await acme.ordersWithExternalId(forAsCustomer.external_id)).toEqual([]);
  });

  test("B reusing A's Idempotency-Key, external_id and customer email gets its own, new order", async ({
    acme,
    globex,
  }) => {
    const key = unique("shared-key");
    const body = newOrder({ externalId: unique("e2e-shared"), country: "DE" });
    const a = await acme.submit<SubmitAnswer>(body, { idempotencyKey: key });
    expect(a.status).toBe(201);

    const b = await globex.submit<SubmitAnswer>(body, { idempotencyKey: key });
    expect(b.status, b.text).toBe(201);
    expect(b.headers.get("idempotent-replayed")).toBeNull(); // not A's answer replayed
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.body.owner).not.toBe(a.body.owner); // the same email is another partner's own customer
    expect(b.body.external_id).toBe(body.external_id); // unique per partner, not globally

    expect((await acme.getOrder(b.body.id)).status).toBe(404);
    expect((await globex.getOrder(a.body.id)).status).toBe(404);
  });

  test("a preview for a subscription reference the partner does not have matches the contract", async ({
    globex,
  }) => {
    // The order's country is unknown here (it comes from the subscription's customer): the
    // answer says null, as the published schema allows, rather than an invalid "".
    const answer = await globex.preview<PreviewAnswer>(cancelOrder(UNKNOWN_REFERENCE));
    expect(answer.status).toBe(200);
    expect(answer.body.eligibility.problems.map((p) => p.code)).toContain("SUBSCRIPTION_NOT_FOUND");
  });
});
