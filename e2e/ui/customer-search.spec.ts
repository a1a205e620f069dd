// Customer search as partner staff use it: a part of a name or an email, anywhere in it, in any
// case and with letters beyond ASCII, typed into the customer list's search; no match shows the
// empty state. The partner is the test's own, so the list holds exactly its three customers.
import { expect, type Page, test } from "@playwright/test";
import { ApiContract } from "../api/support/contract";
import { baseUrl } from "../api/support/http";
import { accessToken } from "../api/support/oauth";
import { createApiClient, createPartner, createStaffUser } from "../api/support/operator-cli";
import { newOrder } from "../api/support/orders";
import { PartnerApi, type SubmitAnswer } from "../api/support/partner-api";
import { SignInPage } from "./pages/sign-in-page";
import { guardPage } from "./support/page-guard";
import { PASSWORD, unique } from "./support/users";

const CUSTOMERS = [
  { firstName: "Marie", lastName: "Skłodowska-Curie", email: "marie@radium.example" },
  { firstName: "Pierre", lastName: "Curie", email: "pierre.curie@sorbonne.example" },
  { firstName: "Lise", lastName: "Meitner", email: "lise_meitner@kwi.example" },
];

async function search(page: Page, q: string) {
  await page.getByRole("searchbox", { name: "Search" }).fill(q);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(new RegExp(`/customers\\?q=${encodeURIComponent(q).replace(/%20/g, "\\+")}$`));
}

const names = (page: Page) =>
  page.getByRole("table", { name: "Customers" }).locator("tbody td[data-label='Name']").allInnerTexts();

test("staff find customers by any part of a name or email", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const guard = await guardPage(page, baseURL ?? "");
  const slug = unique("search").toLowerCase().slice(0, 40);
  await createPartner(slug, "Search Test Ltd", "--countries", "GB,DE");
  const email = `${unique("search-staff")}@example.test`;
  await createStaffUser(slug, email, PASSWORD);
  const contract = await ApiContract.load(baseUrl());
  const api = PartnerApi.bearer(contract, await accessToken(contract, await createApiClient(slug, "search")));
  for (const customer of CUSTOMERS) {
    const order = newOrder({ offerId: "pro-monthly", quantity: 1 });
    const placed = await api.submit<SubmitAnswer>({ ...order, customerDetails: customer });
    expect(placed.status, placed.text).toBe(201);
  }

  await new SignInPage(page).signInAs({ email, name: "Test user" });
  await page.goto("/customers");
  expect(await names(page)).toEqual(["Lise Meitner", "Pierre Curie", "Marie Skłodowska-Curie"]);

  await search(page, "CURIE");
  expect(await names(page)).toEqual(["Pierre Curie", "Marie Skłodowska-Curie"]);
  await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("CURIE");

  await search(page, "kłodow");
  expect(await names(page)).toEqual(["Marie Skłodowska-Curie"]);

  await search(page, "orbonne.ex");
  expect(await names(page)).toEqual(["Pierre Curie"]);

  await search(page, "e_mei");
  expect(await names(page)).toEqual(["Lise Meitner"]);

  await search(page, "pierre skłodowska");
  await expect(page.getByText("No customer matches “pierre skłodowska”")).toBeVisible();
  await expect(page.getByRole("table", { name: "Customers" })).toHaveCount(0);

  expect(guard.problems()).toEqual([]);
});
