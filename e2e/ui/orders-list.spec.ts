import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { NewOrderPage } from "./pages/new-order-page";
import { OrdersPage } from "./pages/orders-page";
import { placeOrderThroughUi } from "./support/place-order";
import { signIn } from "./support/sign-in";
import { USERS, unique } from "./support/users";

const referencesOnPage = (page: import("@playwright/test").Page) =>
  page.locator("table.data tbody tr td:first-child a").allTextContents();

test("paging keeps its place on back and forward", async ({ page }) => {
  await signIn(page, USERS.globexAdmin);
  // Two orders only this test can see (customer emails with its own prefix), so other tests
  // placing orders meanwhile cannot move the pages.
  const prefix = unique("pager");
  await placeOrderThroughUi(page, {
    offerId: "starter-monthly",
    quantity: 1,
    country: "DE",
    email: `${prefix}-a@example.test`,
  });
  await placeOrderThroughUi(page, {
    offerId: "starter-monthly",
    quantity: 1,
    country: "DE",
    email: `${prefix}-b@example.test`,
  });
  const orders = new OrdersPage(page);
  await orders.goto(`?limit=1&q=${prefix}`);
  const first = await referencesOnPage(page);
  await page.getByRole("link", { name: "Next page" }).click();
  await expect(page).toHaveURL(/cursor=/);
  const second = await referencesOnPage(page);
  expect(second).not.toEqual(first);

  await page.goBack();
  await expect(page).not.toHaveURL(/cursor=/);
  expect(await referencesOnPage(page)).toEqual(first);
  await page.goForward();
  await expect(page).toHaveURL(/cursor=/);
  expect(await referencesOnPage(page)).toEqual(second);
  await page.getByRole("link", { name: "Previous page" }).click();
  await expect(page).not.toHaveURL(/cursor=/);
  expect(await referencesOnPage(page)).toEqual(first);
});

test("CSV export holds the orders of the current filter", async ({ page }) => {
  await signIn(page, USERS.globexStaff);
  const orders = new OrdersPage(page);
  await orders.goto();
  await orders.search("demo-globex-1");
  await expect(orders.rows()).toHaveCount(1);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const file = await (await download).path();
  const lines = (await readFile(file, "utf8")).trim().split("\r\n");
  expect(lines[0]).toContain("order_reference,id,external_id");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain("demo-globex-1");
  expect(lines[1]).toContain(",EUR,");
});

test("missing fields are named next to them when submitting", async ({ page }) => {
  await signIn(page, USERS.acmeStaff);
  await new NewOrderPage(page).goto();
  await page.getByTestId("line-0").getByRole("combobox").selectOption("starter-monthly");
  await expect(page.getByTestId("preview-status")).toHaveText(/Up to date/);
  await page.getByRole("button", { name: "Submit order" }).click();
  await expect(page.getByTestId("problem-c-first-err")).toBeVisible();
  await expect(page.getByTestId("problem-billing-address1-err")).toBeVisible();
  await expect(page.getByLabel("First name")).toBeFocused();
  await page.getByLabel("First name").fill("Mae");
  await expect(page.getByTestId("problem-c-first-err")).toHaveCount(0);
});
