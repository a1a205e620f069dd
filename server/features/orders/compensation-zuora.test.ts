// The compensation's cancel order, as the Zuora provider sends it to a local fake of Zuora's
// REST API: a subscription a new order created is cancelled through a CancelSubscription order
// action on the account it was created under, and a second run (a retried job) is harmless.
import { afterAll, beforeAll, expect, it } from "vitest";
import { line } from "../../../tests/fakes/order-request-fixture";
import { startZuoraFake, type ZuoraFake } from "../../../tests/fakes/zuora-fake-server";
import { type ZuoraTenant, zuoraTenant } from "../../../tests/helpers/zuora-tenant";
import { ZuoraBillingProvider } from "../../infra/billing/zuora-provider";
import { cancelRequestFor } from "./compensation";

let fake: ZuoraFake;
let catalogue: ZuoraTenant;
let provider: ZuoraBillingProvider;

beforeAll(async () => {
  fake = await startZuoraFake({ tokenTtlSeconds: 3600 });
  catalogue = zuoraTenant(fake);
  provider = new ZuoraBillingProvider({
    baseUrl: fake.url,
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    timeoutMs: 3000,
  });
});
afterAll(() => fake?.close());

it("cancels at Zuora the subscription of a new order no local order kept", async () => {
  const created = catalogue.request({ lines: [line(catalogue.offers.proMonthly, 1500, 2)] });
  const submitted = await provider.submit(created, "compensate-zuora-1");
  const number = submitted.providerSubscriptionId ?? "";
  expect(fake.subscriptions.get(number)?.status).toBe("Active");

  const cancel = cancelRequestFor(created, submitted, number);
  await provider.submit(cancel, "compensate-zuora-1:compensate");
  expect(fake.subscriptions.get(number)?.status).toBe("Cancelled");
  expect(fake.subscriptions.get(number)?.accountNumber).toBe(submitted.providerCustomerId);
  // A retried job sends the same order under the same key: Zuora replays its answer.
  await expect(provider.submit(cancel, "compensate-zuora-1:compensate")).resolves.toBeDefined();
  expect(fake.subscriptions.get(number)?.status).toBe("Cancelled");
});
