// Credit in use, as partner staff see it: on the dashboard, a meter of the last 30 days' orders
// against the partner's credit limit; on the new-order form, the same figure for the order's
// currency and a warning before an order would take it past the limit (the order can still be
// placed: only an order above the limit on its own is refused). The partner is the test's own,
// so the figures are exact whatever other tests order meanwhile.
import { expect, type Page, test } from "@playwright/test";
import { ApiContract } from "../api/support/contract";
import { baseUrl } from "../api/support/http";
import { accessToken } from "../api/support/oauth";
import { createApiClient, createPartner, createStaffUser, updatePartner } from "../api/support/operator-cli";
import { newOrder } from "../api/support/orders";
import { PartnerApi, type SubmitAnswer } from "../api/support/partner-api";
import { NewOrderPage } from "./pages/new-order-page";
import { SignInPage } from "./pages/sign-in-page";
import { guardPage } from "./support/page-guard";
import { checkAtTwoWidths } from "./support/screenshots";
import { PASSWORD, unique } from "./support/users";

/** The GBP meter's figures, as its data attributes hold them (exact minor units). */
async function gbpMeter(page: Page, scope: string) {
  const meter = page.getByTestId(scope).getByTestId("credit-GBP");
  await expect(meter).toBeVisible();
  return {
    inUse: Number(await meter.getAttribute("data-in-use")),
    limit: Number(await meter.getAttribute("data-limit")),
  };
}

test("staff see credit in use, and are warned before an order would pass the limit", async ({
  page,
  baseURL,
}, testInfo) => {
  test.setTimeout(120_000);
  const guard = await guardPage(page, baseURL ?? "");
  const slug = unique("credit").toLowerCase().slice(0, 40);
  await createPartner(slug, "Credit Test Ltd", "--countries", "GB,DE");
  const email = `${unique("credit-staff")}@example.test`;
  await createStaffUser(slug, email, PASSWORD);

  // One order through the API: what the partner has in use.
  const contract = await ApiContract.load(baseUrl());
  const client = await createApiClient(slug, "credit test");
  const api = PartnerApi.bearer(contract, await accessToken(contract, client));
  const placed = await api.submit<SubmitAnswer>(newOrder({ offerId: "pro-monthly", quantity: 2 }));
  expect(placed.status, placed.text).toBe(201);
  const inUse = placed.body.total;
  // Room for an order half that size, not for one as big (which alone is still within the limit).
  const limit = inUse + Math.floor(inUse / 2) + 2;
  await updatePartner(slug, "--credit-limit", String(limit));

  await new SignInPage(page).signInAs({ email, name: "Test user" });
  await page.goto("/");
  const panel = page.getByTestId("credit-in-use");
  await expect(panel.getByText("Credit in use, last 30 days")).toBeVisible();
  expect(await gbpMeter(page, "credit-in-use")).toEqual({ inUse, limit });
  await expect(panel.getByRole("meter")).toHaveCount(1);
  await checkAtTwoWidths(page, testInfo, "dashboard-credit");

  const form = new NewOrderPage(page);
  await form.goto();
  await form.newCustomer("Ada", "Lovelace", `${unique("credit-ada")}@example.test`);
  await form.chooseCountry("GB");
  await form.chooseOffer(0, "pro-monthly");
  await form.setQuantity(0, 1);
  await form.billingAddress({ address1: "1 High Street", city: "London", postalCode: "N1 1AA" });
  await form.settled();
  expect(await gbpMeter(page, "credit-notice")).toEqual({ inUse, limit });
  await expect(page.getByTestId("credit-warning")).toHaveCount(0);

  await form.setQuantity(0, 2);
  await form.settled();
  const warning = page.getByTestId("credit-warning");
  await expect(warning).toBeVisible();
  await expect(warning).toContainText("above the limit");
  await expect(form.submitButton).toBeEnabled();
  await checkAtTwoWidths(page, testInfo, "new-order-credit-warning");

  // Placed anyway; the next order's form counts it.
  const externalId = unique("credit-order");
  await form.externalId(externalId);
  await form.settled();
  await form.submitButton.click();
  await form.placedReference();
  const [second] = await api.ordersWithExternalId(externalId);
  expect(second?.currency).toBe("GBP");
  await page.getByRole("button", { name: "Place another order" }).click();
  await form.ready();
  await form.chooseOffer(0, "pro-monthly");
  await form.settled();
  await expect
    .poll(async () => (await gbpMeter(page, "credit-notice")).inUse)
    .toBe(inUse + (second?.total ?? 0));
  expect(guard.problems()).toEqual([]);
});
