// A staff member follows an order that is processed later: with the job worker paused, the order
// page says it is being processed; once the worker runs again, the page turns complete by itself,
// without a reload. The worker is the separate process scripts/e2e.sh starts ($E2E_WORKER_PID).
import { expect, test } from "@playwright/test";
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
