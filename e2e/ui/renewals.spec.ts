// Staff chase renewals: the renewals page lists a subscription whose term ends in 20 days and not
// one whose term ends in 120, filters by window and customer, links to the subscription (where
// renewing and cancelling are previewed first), downloads the filtered list as CSV, and is
// accessible wide and at 375 px; the dashboard shows the same subscription in its panel.
//
// The two subscriptions are placed through the partner API as 12-month terms with an `orderDate`
// a year (less 20 or 120 days) ago, so their terms end 20 and 120 days from now.
import { expect, test } from "@playwright/test";
import { ApiContract } from "../api/support/contract";
import { baseUrl } from "../api/support/http";
import { accessToken, DEMO_ACME } from "../api/support/oauth";
import { newOrder } from "../api/support/orders";
import { PartnerApi, type SubmitAnswer } from "../api/support/partner-api";
import { RenewalsPage } from "./pages/renewals-page";
import { guardPage } from "./support/page-guard";
import { checkAtTwoWidths } from "./support/screenshots";
import { signIn } from "./support/sign-in";
import { USERS, unique } from "./support/users";

const DAY_MS = 24 * 60 * 60 * 1000;

/** An order date one year before `days` from now: a 12-month term placed then ends in `days`. */
function orderDateEndingIn(days: number): string {
  const end = new Date(Date.now() + days * DAY_MS);
  end.setUTCFullYear(end.getUTCFullYear() - 1);
  return end.toISOString();
}

async function placeTermEndingIn(acme: PartnerApi, days: number, email: string): Promise<string> {
  const body = {
    ...newOrder({ offerId: "pro-annual", quantity: 1, email }),
    orderDate: orderDateEndingIn(days),
  };
  const placed = await acme.submit<SubmitAnswer>(body);
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  return placed.body.subscriptionReference;
}

test("the renewals page lists a term ending in 20 days, not one ending in 120", async ({
  page,
  baseURL,
}, testInfo) => {
  // Two axe runs and four full-page screenshots: more than the default 30 s on busy cores.
  test.setTimeout(120_000);
  const contract = await ApiContract.load(baseUrl());
  const acme = PartnerApi.bearer(contract, await accessToken(contract, DEMO_ACME));
  const tag = unique("renewal");
  const soon = await placeTermEndingIn(acme, 20, `${tag}-soon@example.test`);
  const later = await placeTermEndingIn(acme, 120, `${tag}-later@example.test`);

  await signIn(page, USERS.acmeStaff);
  const guard = await guardPage(page, baseURL ?? "");
  const renewals = new RenewalsPage(page);

  // The next 30 days by default, soonest first.
  await renewals.goto();
  await expect(page.getByRole("link", { name: "Renewals", exact: true })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await expect(renewals.row(soon)).toBeVisible();
  await expect(renewals.row(soon)).toContainText(/renews|ends/);
  await expect(renewals.row(soon)).toContainText(`${tag}-soon@example.test`);
  await expect(renewals.row(soon)).toContainText("£");
  await expect(renewals.table()).not.toContainText(later);
  await checkAtTwoWidths(page, testInfo, "renewals");

  // Still not within 90 days; the search narrows the list to this test's customers.
  await renewals.within(90);
  await renewals.search(tag);
  await expect(page.getByTestId("renewal-row")).toHaveCount(1);
  await expect(renewals.row(soon)).toBeVisible();
  await expect(renewals.table()).not.toContainText(later);

  // The CSV is the list as filtered.
  const csv = await page.request.get(`/renewals/export?within=90&q=${encodeURIComponent(tag)}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(csv.headers()["content-disposition"]).toMatch(/attachment; filename="renewals-acme-/);
  const lines = (await csv.text()).trimEnd().split("\r\n");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatch(new RegExp(`^${soon},(renews|ends),`));

  // A search that matches nothing says so, and offers to clear it.
  await renewals.search(`${tag}-nobody`);
  await expect(page.getByRole("heading", { name: "No renewals match these filters" })).toBeVisible();

  // Acting happens on the subscription's page, where renew and cancel are previewed first.
  await renewals.goto(`?q=${encodeURIComponent(tag)}`);
  await renewals
    .row(soon)
    .getByRole("link", { name: new RegExp(`^(Renew or cancel|Review) ${soon}$`) })
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(soon);

  // The dashboard's panel lists it too, and links to the page.
  await page.goto("/");
  const panel = page.getByRole("region", { name: "Renewals and endings in the next 30 days" });
  await expect(panel.getByRole("row").filter({ hasText: soon })).toBeVisible();
  await expect(panel).not.toContainText(later);
  await checkAtTwoWidths(page, testInfo, "dashboard-renewals");
  await page.getByRole("link", { name: "All renewals" }).click();
  await expect(page).toHaveURL(/\/renewals$/);
  expect(guard.problems()).toEqual([]);
});

test("another partner's staff never see these renewals", async ({ page }) => {
  const contract = await ApiContract.load(baseUrl());
  const acme = PartnerApi.bearer(contract, await accessToken(contract, DEMO_ACME));
  const tag = unique("renewal-x");
  const soon = await placeTermEndingIn(acme, 20, `${tag}@example.test`);
  await signIn(page, USERS.globexStaff);
  await new RenewalsPage(page).goto(`?within=90&q=${encodeURIComponent(tag)}`);
  await expect(page.getByRole("heading", { name: "No renewals match these filters" })).toBeVisible();
  await expect(page.getByText(soon)).toHaveCount(0);
  const csv = await page.request.get(`/renewals/export?within=90&q=${encodeURIComponent(tag)}`);
  expect((await csv.text()).trimEnd().split("\r\n")).toHaveLength(1);
});
