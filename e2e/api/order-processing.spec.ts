// An order submitted with process_immediately false, over HTTP against the production build: the
// answer comes at once with status "submitted", and the job worker (the separate process
// scripts/e2e.sh runs, as a deployment with separate workers would) then processes it; the partner sees it complete (attempts, processed_at) by polling the order, and
// its subscription active. Every answer is checked against the published OpenAPI document.
import { expect, test } from "./support/fixtures";
import { unique } from "./support/http";
import { newOrder } from "./support/orders";
import type { SubmitAnswer, SubscriptionAnswer } from "./support/partner-api";

type Processed = SubmitAnswer & { attempts: number; processed_at: string | null; failure: unknown };

test("an order processed later answers submitted at once, then completes without another call", async ({
  acme,
}) => {
  const body = { ...newOrder({ externalId: unique("e2e-later") }), process_immediately: false };
  const submitted = await acme.submit<SubmitAnswer>(body);
  expect(submitted.status).toBe(201);
  expect(submitted.body.status).toBe("submitted");

  let order: Processed | undefined;
  await expect
    .poll(
      async () => {
        order = (await acme.getOrder<Processed>(submitted.body.id)).body;
        return order.status;
      },
      { timeout: 15_000, intervals: [50, 100, 250] },
    )
    .toBe("complete");
  expect(order).toMatchObject({ attempts: 1, failure: null });
  expect(Date.parse(order?.processed_at ?? "")).toBeGreaterThanOrEqual(Date.parse(submitted.body.created_at));

  const subscription = await acme.getSubscription<SubscriptionAnswer>(submitted.body.subscriptionReference);
  expect(subscription.body.status).toBe("active");

  const completeOnes = await acme.listOrders<{ items: Processed[] }>({
    status: "complete",
    external_id: body.external_id,
  });
  expect(completeOnes.body.items.map((o) => o.id)).toEqual([submitted.body.id]);
});
