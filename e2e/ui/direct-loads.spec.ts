// Every portal page loaded directly (a full page load, as from a bookmark or a reload, not a
// client navigation that would hide a hydration mismatch), plus the interactive API reference,
// against the production build: no answer of 500 or more, no page or console error, nothing
// fetched from another site.
import { expect, type Page, test } from "@playwright/test";
import { guardPage } from "./support/page-guard";
import { signIn } from "./support/sign-in";
import { USERS } from "./support/users";

type Direct = {
  name: string;
  /** A list page whose first link of this kind is the page to load (for detail pages). */
  via?: { list: string; link: string };
  path?: string;
  ready: (page: Page) => Promise<void>;
};

const heading = (name: string) => (page: Page) => expect(page.getByRole("heading", { name })).toBeVisible();

const PAGES: Direct[] = [
  { name: "dashboard", path: "/", ready: heading("Dashboard") },
  { name: "orders", path: "/orders", ready: (page) => expect(page.locator("table.data")).toBeVisible() },
  {
    name: "new order",
    path: "/orders/new",
    ready: (page) => expect(page.getByLabel("Country of the order")).toBeEnabled(),
  },
  {
    name: "order detail",
    via: { list: "/orders", link: "table.data tbody a[href^='/orders/order-']" },
    ready: heading("Items"),
  },
  {
    name: "subscriptions",
    path: "/subscriptions",
    ready: (page) => expect(page.locator("table.data")).toBeVisible(),
  },
  {
    name: "subscription detail",
    via: { list: "/subscriptions", link: "table.data tbody a[href^='/subscriptions/']" },
    ready: heading("Make a change"),
  },
  {
    name: "customers",
    path: "/customers",
    ready: (page) => expect(page.locator("table.data")).toBeVisible(),
  },
  {
    name: "customer detail",
    via: { list: "/customers", link: "table.data tbody a[href^='/customers/id-']" },
    ready: heading("Subscriptions"),
  },
  { name: "API clients", path: "/settings/api-clients", ready: heading("Create an API client") },
  {
    name: "API reference",
    path: "/docs/api",
    // Swagger UI renders the operations only once its bundle, styles and the document loaded.
    ready: (page) => expect(page.getByText("/partner/order/preview", { exact: true }).first()).toBeVisible(),
  },
];

for (const target of PAGES) {
  test(`${target.name} loads directly without errors`, async ({ page, baseURL }) => {
    await signIn(page, USERS.acmeAdmin);
    const guard = await guardPage(page, baseURL ?? "");
    let path = target.path;
    if (target.via) {
      await page.goto(target.via.list);
      path = (await page.locator(target.via.link).first().getAttribute("href")) ?? undefined;
      expect(path, `a link on ${target.via.list}`).toBeTruthy();
    }
    const response = await page.goto(path ?? "/");
    expect(response?.status(), `status of ${path}`).toBe(200);
    await target.ready(page);
    // Hydration runs after the first paint; let the page settle before reading the problems.
    await page.waitForLoadState("networkidle");
    expect(guard.problems(), `problems on ${path}`).toEqual([]);
  });
}
