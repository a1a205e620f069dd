// The dashboard's sales charts, as partner staff use them: with the seeded orders (and those other
// tests place meanwhile) the charts draw, and their table fallbacks hold the same figures as the
// orders list (its CSV): orders per period, revenue per currency never added across currencies.
// The period and grain switch through the URL, each chart's figures download as CSV, another
// partner's orders are never in them, and the page is accessible wide and at 375 px.
import { expect, type Page, test } from "@playwright/test";
import { ApiContract } from "../api/support/contract";
import { baseUrl } from "../api/support/http";
import { accessToken, DEMO_GLOBEX } from "../api/support/oauth";
import { newOrder } from "../api/support/orders";
import { PartnerApi, type SubmitAnswer } from "../api/support/partner-api";
import { guardPage } from "./support/page-guard";
import { checkAtTwoWidths } from "./support/screenshots";
import { signIn } from "./support/sign-in";
import { USERS, unique } from "./support/users";

/** "1234.50" (an exact CSV decimal) in minor units, without going through a float. */
function minorUnits(decimal: string): number {
  const [whole = "0", fraction = ""] = decimal.replace("-", "").split(".");
  const minor = Number(whole) * 100 + Number(fraction.padEnd(2, "0").slice(0, 2));
  return decimal.startsWith("-") ? -minor : minor;
}

/** The orders list as its CSV download: every order of the partner, with status and total. */
async function listedOrders(page: Page) {
  const csv = await page.request.get("/orders/export");
  expect(csv.status()).toBe(200);
  const [head = "", ...rows] = (await csv.text()).trimEnd().split("\r\n");
  const columns = head.split(",");
  const at = (name: string) => columns.indexOf(name);
  // The columns read here hold no commas or quotes (ids, enums, codes, decimals).
  return rows.map((row) => {
    const cells = row.split(",");
    return {
      status: cells[at("status")] ?? "",
      currency: cells[at("currency")] ?? "",
      total: minorUnits(cells[at("total")] ?? "0"),
    };
  });
}

/** What the chart's table says: orders, failed orders and revenue per currency, summed over its rows. */
async function tableFigures(page: Page) {
  const table = page.getByTestId("sales-table");
  const orders = await table.locator("td[data-column='orders']").allTextContents();
  const revenue: Record<string, number> = {};
  for (const cell of await table.locator("td[data-minor]").all()) {
    const currency = (await cell.getAttribute("data-column"))?.replace("revenue-", "") ?? "";
    revenue[currency] = (revenue[currency] ?? 0) + Number(await cell.getAttribute("data-minor"));
  }
  return { rows: orders.length, orders: orders.reduce((n, v) => n + Number(v), 0), revenue };
}

test("the charts draw, and their tables hold the orders list's figures", async ({
  page,
  baseURL,
}, testInfo) => {
  // Several page loads, two axe runs and four full-page screenshots: more than 30 s on busy cores.
  test.setTimeout(120_000);
  // An order in pounds for globex (which sells in euros), whose staff this test signs in as: fewer
  // of the other tests' orders land there meanwhile.
  const contract = await ApiContract.load(baseUrl());
  const globex = PartnerApi.bearer(contract, await accessToken(contract, DEMO_GLOBEX));
  const placed = await globex.submit<SubmitAnswer>(
    newOrder({
      offerId: "pro-monthly",
      quantity: 2,
      email: `${unique("chart")}@example.test`,
      country: "GB",
    }),
  );
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);

  await signIn(page, USERS.globexStaff);
  const guard = await guardPage(page, baseURL ?? "");
  await page.goto("/");
  const sales = page.getByRole("region", { name: "Sales" });
  await expect(sales.getByRole("link", { name: "Last 30 days" })).toHaveAttribute("aria-current", "true");

  // The charts arrive after the page (a lazily loaded chunk) and draw bars.
  await expect(page.locator("[data-chart='orders'] .recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.locator("[data-chart='subscriptions'] .recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.locator("[data-chart='offers'] .recharts-bar-rectangle").first()).toBeVisible();

  // Every order of this (fresh) database was created within the last 30 days, so the table's sums
  // are the whole orders list. Orders only ever get added: when two readings of the table agree,
  // nothing was added or failed in between, and the list read between them must match.
  await expect(async () => {
    await page.reload();
    const before = await tableFigures(page);
    const orders = await listedOrders(page);
    await page.reload();
    expect(await tableFigures(page)).toEqual(before);
    expect(before.rows).toBe(30);
    expect(before.orders).toBe(orders.length);
    const revenue: Record<string, number> = {};
    for (const o of orders)
      if (o.status !== "failed") revenue[o.currency] = (revenue[o.currency] ?? 0) + o.total;
    expect(before.revenue).toEqual(revenue);
    // Revenue in each currency stands alone: this order's pounds beside the seed's euros.
    expect(Object.keys(before.revenue).sort()).toEqual(expect.arrayContaining(["EUR", "GBP"]));
  }).toPass({ timeout: 60_000 });

  // The table is folded under its chart until asked for.
  const table = page.getByTestId("sales-table");
  await expect(table).toBeHidden();
  await page.getByRole("region", { name: "Orders" }).getByText("Figures as a table").click();
  await expect(table).toBeVisible();
  await expect(table.getByRole("columnheader", { name: "Revenue (EUR)" })).toBeVisible();
  await expect(table.getByRole("columnheader", { name: "Revenue (GBP)" })).toBeVisible();
  await checkAtTwoWidths(page, testInfo, "dashboard-charts");

  // Twelve months by month, then by week: the URL holds the choice.
  await sales.getByRole("link", { name: "Last 12 months" }).click();
  await expect(page).toHaveURL(/\?period=12m$/);
  await expect(table.locator("tbody tr")).toHaveCount(12);
  await sales.getByRole("link", { name: "By week" }).click();
  await expect(page).toHaveURL(/\?period=12m&grain=week$/);
  // Eleven whole months and this one so far: 48 to 53 weeks, the first and last cut short.
  const weeks = await table.locator("tbody tr").count();
  expect(weeks).toBeGreaterThanOrEqual(48);
  expect(weeks).toBeLessThanOrEqual(53);

  // Each chart's figures as CSV, for the period shown.
  const csv = await page.request.get("/dashboard/export?chart=sales&period=12m&grain=month");
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-disposition"]).toMatch(/attachment; filename="sales-12m-by-month-globex-/);
  const lines = (await csv.text()).trimEnd().split("\r\n");
  expect(lines[0]).toMatch(/^from,to,orders,failed_orders,revenue_[A-Z]{3}/);
  expect(lines).toHaveLength(13);
  const offers = await page.request.get("/dashboard/export?chart=offers");
  expect((await offers.text()).split("\r\n")[0]).toBe("from,to,currency,offer_id,offer,quantity,revenue");
  const unknown = await page.request.get("/dashboard/export?chart=nope");
  expect(unknown.status()).toBe(400);
  expect(await unknown.text()).toMatch(/chart=sales, subscriptions or offers/);
  expect(guard.problems()).toEqual([]);
});

test("a partner's charts hold none of another partner's orders", async ({ page }) => {
  await signIn(page, USERS.acmeStaff);
  // acme's orders list and acme's chart table agree, whatever globex sells meanwhile.
  await page.goto("/");
  await expect(async () => {
    await page.reload();
    const before = await tableFigures(page);
    const orders = await listedOrders(page);
    await page.reload();
    expect(await tableFigures(page)).toEqual(before);
    expect(before.orders).toBe(orders.length);
  }).toPass({ timeout: 60_000 });
  const signedOut = await page.context().browser()?.newContext();
  const response = await signedOut?.request.get(`${baseUrl()}/dashboard/export?chart=sales`);
  expect(response?.status()).toBe(401);
  await signedOut?.close();
});
