import { expect, test } from "@playwright/test";
import { NewOrderPage } from "./pages/new-order-page";
import { OrdersPage } from "./pages/orders-page";
import { keepScreenshot } from "./support/screenshots";
import { signIn } from "./support/sign-in";
import { USERS, unique } from "./support/users";

test("staff build an order with a live preview, submit it, then find and open it", async ({ page }) => {
  await signIn(page, USERS.acmeStaff);
  const form = new NewOrderPage(page);
  const externalId = unique("e2e-new");
  await form.goto();
  await form.newCustomer("Katherine", "Johnson", `${externalId}@example.test`);
  await form.chooseCountry("GB");
  await form.chooseOffer(0, "pro-monthly");
  await form.setQuantity(0, 2);
  const forTwo = await form.totalText();
  expect(forTwo).toContain("£");

  await form.setQuantity(0, 3);
  await expect(form.total).not.toHaveText(forTwo);
  const forThree = await form.totalText();

  await form.setDiscountCode("WELCOME10");
  await expect(form.total).not.toHaveText(forThree);
  await expect(page.getByTestId("preview-discount")).toContainText("£");
  const discounted = await form.totalText();

  // A country Acme may not sell in: the problem shows next to the country field, and submit is off.
  await form.chooseCountry("US");
  await expect(form.countryProblem()).toBeVisible();
  await expect(form.submitButton).toBeDisabled();
  await keepScreenshot(page, "new-order-problem");
  await form.chooseCountry("GB");
  await expect(form.countryProblem()).toHaveCount(0);
  await expect(form.total).toHaveText(discounted);

  await form.billingAddress({ address1: "10 Downing Street", city: "London", postalCode: "SW1A 2AA" });
  await form.externalId(externalId);
  await form.settled();
  await keepScreenshot(page, "new-order");
  await form.submitButton.click();
  const reference = await form.placedReference();
  await keepScreenshot(page, "new-order-placed");

  const orders = new OrdersPage(page);
  await orders.goto();
  await orders.search(externalId);
  await expect(orders.rows()).toHaveCount(1);
  await orders.filterStatus("complete");
  await expect(orders.rows()).toHaveCount(1);
  await expect(orders.rows().first()).toContainText(reference);
  await orders.openOrder(reference);
  await expect(page.getByTestId("placed-by")).toContainText(`Staff user: ${USERS.acmeStaff.name}`);
  await expect(page.getByRole("heading", { name: "Items" })).toBeVisible();
  await expect(page.getByText("Professional (monthly)").first()).toBeVisible();
  await expect(page.getByTestId("order-total")).toHaveText(discounted);
  await expect(page.getByRole("heading", { name: "Timeline" })).toBeVisible();
  await keepScreenshot(page, "order-detail");
});

test("a double-clicked submit places exactly one order", async ({ page }) => {
  await signIn(page, USERS.acmeAdmin);
  const form = new NewOrderPage(page);
  const externalId = unique("e2e-dbl");
  await form.goto();
  await form.newCustomer("Dorothy", "Vaughan", `${externalId}@example.test`);
  await form.chooseCountry("GB");
  await form.chooseOffer(0, "starter-monthly");
  await form.billingAddress({ address1: "1 Main Road", city: "Leeds", postalCode: "LS1 1AA" });
  await form.externalId(externalId);
  await form.settled();
  await form.submitButton.dblclick();
  await form.placedReference();

  const orders = new OrdersPage(page);
  await orders.goto();
  await orders.search(externalId);
  await expect(orders.rows()).toHaveCount(1);
});
