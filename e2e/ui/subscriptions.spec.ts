import { expect, test } from "@playwright/test";
import { SubscriptionPage } from "./pages/subscription-page";
import { placeOrderThroughUi } from "./support/place-order";
import { keepScreenshot } from "./support/screenshots";
import { signIn } from "./support/sign-in";
import { USERS } from "./support/users";

test("staff cancel a subscription at the end of its term through preview and submit", async ({ page }) => {
  await signIn(page, USERS.acmeStaff);
  const placed = await placeOrderThroughUi(page, { offerId: "pro-annual", quantity: 2 });

  const subscription = new SubscriptionPage(page);
  await subscription.goto(placed.subscriptionReference);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("active");
  await subscription.chooseAction("Cancel");
  await page.getByRole("radio", { name: /At the end of the term/ }).check();
  await page.getByLabel(/Reason/).fill("Moving to another supplier");
  await keepScreenshot(page, "subscription-cancel");
  await subscription.submitWhenPriced();
  await expect(page.getByTestId("toast").first()).toContainText("Cancel");

  // Still active until the term ends, now with an end date; the cancellation order is listed.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("active");
  await expect(page.getByTestId("subscription-ends")).toContainText("Moving to another supplier");
  await expect(page.getByRole("cell", { name: "Cancellation" })).toBeVisible();
  await keepScreenshot(page, "subscription-detail");
});

test("staff add an add-on to a subscription", async ({ page }) => {
  await signIn(page, USERS.acmeAdmin);
  const placed = await placeOrderThroughUi(page, { offerId: "pro-monthly", quantity: 1 });
  const subscription = new SubscriptionPage(page);
  await subscription.goto(placed.subscriptionReference);
  await subscription.chooseAction("Add an add-on");
  await page.getByLabel("Offer", { exact: true }).selectOption("addon-storage");
  await page.getByLabel("Quantity").fill("2");
  await expect(page.getByTestId("preview-total")).toContainText("£");
  await subscription.submitWhenPriced();
  await page.reload();
  await expect(page.getByRole("region", { name: "Current offers" })).toContainText("Extra storage");
});
