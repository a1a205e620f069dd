// Idempotency-Key over real HTTP (docs/partner-api.md, "Idempotency"): concurrent retries make
// one order, every successful answer is the same, replays say so; a different body with the key
// is 422; and external_id is unique per partner (409 naming the existing order).
import { expect, test } from "./support/fixtures";
import { unique } from "./support/http";
import { newOrder } from "./support/orders";
import type { Problem, SubmitAnswer } from "./support/partner-api";

test.describe("Idempotency-Key", () => {
  test("30 concurrent submits with one key make exactly one order and identical answers", async ({
    acme,
  }) => {
    const key = unique("burst-key");
    const body = newOrder({ externalId: unique("e2e-idem-burst") });
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => acme.submit<SubmitAnswer | Problem>(body, { idempotencyKey: key })),
    );

    const statuses = new Set(answers.map((a) => a.status));
    for (const status of statuses)
      expect([201, 409], `statuses seen: ${[...statuses].join(", ")}`).toContain(status);
    const successes = answers.filter((a) => a.status === 201);
    expect(successes.length).toBeGreaterThan(0);
    expect(new Set(successes.map((a) => a.text)).size).toBe(1); // byte-for-byte the same order

    // The one request that made the order answers plainly; every other success is a replay.
    const replayHeaders = successes.map((a) => a.headers.get("idempotent-replayed"));
    expect(replayHeaders.filter((h) => h === null)).toHaveLength(1);
    expect(replayHeaders.filter((h) => h === "true")).toHaveLength(successes.length - 1);
    for (const conflict of answers.filter((a) => a.status === 409)) {
      expect((conflict.body as Problem).code).toBe("IN_FLIGHT");
    }

    const orders = await acme.ordersWithExternalId(body.external_id);
    expect(orders).toHaveLength(1);
    const first = successes[0] as (typeof successes)[number];
    expect(orders.map((o) => o.id)).toEqual([(first.body as SubmitAnswer).id]);

    // A later retry replays the same answer.
    const retry = await acme.submit<SubmitAnswer>(body, { idempotencyKey: key });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.text).toBe(first.text);
  });

  test("the same key with a different body is 422 and creates nothing", async ({ acme }) => {
    const key = unique("mismatch-key");
    const first = newOrder({ externalId: unique("e2e-idem-a") });
    expect((await acme.submit(first, { idempotencyKey: key })).status).toBe(201);

    const second = newOrder({ externalId: unique("e2e-idem-b") });
    const answer = await acme.submit<Problem>(second, { idempotencyKey: key });
    expect(answer.status).toBe(422);
    expect(await acme.ordersWithExternalId(second.external_id)).toEqual([]);
  });

  test("a key over 255 characters is 400", async ({ acme }) => {
    const body = newOrder({ externalId: unique("e2e-idem-long") });
    const answer = await acme.submit<Problem>(body, { idempotencyKey: "k".repeat(256) });
    expect(answer.status).toBe(400);
    expect(await acme.ordersWithExternalId(body.external_id)).toEqual([]);
  });

  test("a failed attempt releases the key, so the fixed retry goes through", async ({ acme }) => {
    const key = unique("release-key");
    const body = newOrder({ externalId: unique("e2e-idem-retry") });
    const ineligible = await acme.submit<Problem>(
      { ...body, orderItems: [{ offer: { id: "no-such-offer" }, quantity: 1 }] },
      { idempotencyKey: key },
    );
    expect(ineligible.status).toBe(422);
    expect(ineligible.body.problems?.map((p) => p.code)).toContain("OFFER_NOT_FOUND");
    // Same key, corrected body: the first attempt stored nothing, so this is not a "different body" clash.
    const fixed = await acme.submit<SubmitAnswer>(body, { idempotencyKey: key });
    expect(fixed.status, fixed.text).toBe(201);
    expect(fixed.headers.get("idempotent-replayed")).toBeNull();
  });

  test("a second order with the same external_id is 409 naming the existing order", async ({ acme }) => {
    const externalId = unique("e2e-dup");
    const first = await acme.submit<SubmitAnswer>(newOrder({ externalId }));
    expect(first.status).toBe(201);
    const second = await acme.submit<Problem>(newOrder({ externalId }));
    expect(second.status).toBe(409);
    expect(second.body.detail).toContain(first.body.id);
    expect(second.body.existing_order).toEqual({
      id: first.body.id,
      order_reference: first.body.order_reference,
    });
    expect(await acme.ordersWithExternalId(externalId)).toHaveLength(1);
  });
});
