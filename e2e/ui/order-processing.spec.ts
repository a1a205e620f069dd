// A staff member follows an order that is processed later: with the job worker paused, the order
// page says it is being processed; once the worker runs again, the page turns complete by itself,
// without a reload. An admin retries a failed one from its page, and cancels one still waiting.
// The worker is the separate process scripts/e2e.sh starts ($E2E_WORKER_PID).

import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { ApiContract } from "../api/support/contract";
import { baseUrl, unique } from "../api/support/http";
import { accessToken, DEMO_ACME } from "../api/support/oauth";
import { newOrder } from "../api/support/orders";
import { PartnerApi, type SubmitAnswer } from "../api/support/partner-api";
import { guardPage } from "./support/page-guard";
import { signIn } from "./support/sign-in";
import { USERS } from "./support/users";

const workerPid = Number(process.env.E2E_WORKER_PID);

test("the order page follows an order being processed until it is complete", async ({ page, baseURL }) => {
  test.skip(!workerPid, "needs the job worker scripts/e2e.sh starts");
  const contract = await ApiContract.load(baseUrl());
  const acme = PartnerApi.bearer(contract, await accessToken(contract, DEMO_ACME));
  await signIn(page, USERS.acmeStaff);
  const guard = await guardPage(page, baseURL ?? "");

  process.kill(workerPid, "SIGSTOP");
  let order: SubmitAnswer;
  try {
    const body = { ...newOrder({ externalId: unique("e2e-ui-later") }), process_immediately: false };
    const submitted = await acme.submit<SubmitAnswer>(body);
    expect(submitted.status).toBe(201);
    order = submitted.body;
    await page.goto(`/orders/${order.id}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("submitted");
    await expect(page.getByTestId("order-processing")).toContainText("being processed");
    await expect(page.getByTestId("processed")).toContainText("not yet");
  } finally {
    process.kill(workerPid, "SIGCONT");
  }

  // No reload: the page asks for itself again until the order is final.
  await expect(page.getByRole("heading", { level: 1 })).toContainText("complete", { timeout: 20_000 });
  await expect(page.getByTestId("order-processing")).toHaveCount(0);
  await expect(page.getByTestId("processed")).not.toContainText("not yet");
  expect(guard.problems()).toEqual([]);
});

/**
 * Makes an order look as its failure leaves it (order failed with a reason, job kept failed,
 * pending subscription cancelled with its items): the builtin provider of this server never
 * fails, so the failure is written here, as process-order.ts writes it, while the worker is paused.
 */
function failInDatabase(orderId: string) {
  const file = (process.env.DATABASE_URL ?? "").replace(/^file:/, "");
  const db = new Database(file);
  try {
    db.transaction(() => {
      db.prepare(
        `UPDATE "Order" SET "status" = 'failed', "attempts" = 7, "processedAt" = "createdAt",
           "failureCode" = 'PROVIDER_UNAVAILABLE', "failureMessage" = 'Stripe did not answer in time'
         WHERE "id" = ?`,
      ).run(orderId);
      db.prepare(
        `UPDATE "Job" SET "attempts" = 7, "failedAt" = "createdAt", "lastError" = 'timeout' WHERE "key" = ?`,
      ).run(`order:${orderId}`);
      db.prepare(
        `UPDATE "Subscription" SET "status" = 'cancelled', "cancelledAt" = "createdAt", "cancelAt" = "createdAt",
           "cancelReason" = 'The order failed'
         WHERE "id" = (SELECT "subscriptionId" FROM "Order" WHERE "id" = ?)`,
      ).run(orderId);
      db.prepare(
        `UPDATE "SubscriptionItem" SET "removedAt" = (SELECT "cancelledAt" FROM "Subscription" s WHERE s."id" = "subscriptionId")
         WHERE "subscriptionId" = (SELECT "subscriptionId" FROM "Order" WHERE "id" = ?)`,
      ).run(orderId);
    })();
  } finally {
    db.close();
  }
}

const canFail = Boolean(workerPid) && (process.env.DATABASE_URL ?? "").startsWith("file:");

/** An order processed later that failed, made while the worker is paused so it never runs it. */
async function failedOrder(prefix: string): Promise<{ acme: PartnerApi; order: SubmitAnswer }> {
  const contract = await ApiContract.load(baseUrl());
  const acme = PartnerApi.bearer(contract, await accessToken(contract, DEMO_ACME));
  process.kill(workerPid, "SIGSTOP");
  try {
    const body = { ...newOrder({ externalId: unique(prefix) }), process_immediately: false };
    const order = (await acme.submit<SubmitAnswer>(body)).body;
    failInDatabase(order.id);
    return { acme, order };
  } finally {
    process.kill(workerPid, "SIGCONT");
  }
}

test("an admin retries a failed order from its page, and it completes", async ({ page }) => {
  test.skip(!canFail, "needs the worker and the embedded database of scripts/e2e.sh");
  const { acme, order } = await failedOrder("e2e-ui-retry");

  await signIn(page, USERS.acmeAdmin);
  await page.goto(`/orders/${order.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("failed");
  await expect(page.getByTestId("order-failure")).toContainText("Stripe did not answer in time");
  await page.getByRole("button", { name: "Retry processing" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Retry" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("complete", { timeout: 20_000 });
  await expect(page.getByTestId("order-failure")).toHaveCount(0);
  const subscription = await acme.getSubscription<{ status: string }>(order.subscriptionReference);
  expect(subscription.body.status).toBe("active");
});

test("staff other than admins are not offered a retry", async ({ page }) => {
  test.skip(!canFail, "needs the worker and the embedded database of scripts/e2e.sh");
  const { order } = await failedOrder("e2e-ui-noretry");
  await signIn(page, USERS.acmeStaff);
  await page.goto(`/orders/${order.id}`);
  await expect(page.getByTestId("order-failure")).toBeVisible();
  await expect(page.getByRole("button", { name: "Retry processing" })).toHaveCount(0);
});

test("an admin cancels an order still waiting to be processed", async ({ page }) => {
  test.skip(!workerPid, "needs the job worker scripts/e2e.sh starts");
  const contract = await ApiContract.load(baseUrl());
  const acme = PartnerApi.bearer(contract, await accessToken(contract, DEMO_ACME));
  await signIn(page, USERS.acmeAdmin);
  process.kill(workerPid, "SIGSTOP");
  let order: SubmitAnswer;
  try {
    const body = { ...newOrder({ externalId: unique("e2e-ui-cancel") }), process_immediately: false };
    order = (await acme.submit<SubmitAnswer>(body)).body;
    await page.goto(`/orders/${order.id}`);
    await expect(page.getByTestId("order-processing")).toBeVisible();
    await page.getByRole("button", { name: "Cancel order" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Cancel order" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("failed");
    await expect(page.getByTestId("order-failure")).toContainText("CANCELLED");
    // A cancelled order is not offered a retry.
    await expect(page.getByRole("button", { name: "Retry processing" })).toHaveCount(0);
  } finally {
    process.kill(workerPid, "SIGCONT");
  }
  const subscription = await acme.getSubscription<{ status: string }>(order.subscriptionReference);
  expect(subscription.body.status).toBe("cancelled");
});
