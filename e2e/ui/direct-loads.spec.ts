// Every portal page loaded directly (a full page load, as from a bookmark or a reload, not a
// client navigation that would hide a hydration mismatch), plus the interactive API reference,
// against the production build: no answer of 500 or more, no page or console error (a
// Content-Security-Policy violation is one), nothing fetched from another site.
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
  status?: number;
  signedOut?: boolean;
  /** Chromium logs a page's own 404 status as a console error; that one is expected there. */
  expectedConsole?: RegExp;
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
  { name: "password", path: "/settings/password", ready: heading("Change your password") },
  {
    name: "two-factor",
    path: "/settings/two-factor",
    // The demo admin has not set it up; the button is enabled once the page is hydrated.
    ready: (page) => expect(page.getByRole("button", { name: "Set up two-factor sign-in" })).toBeEnabled(),
  },
  {
    name: "users",
    path: "/settings/users",
    ready: (page) => expect(page.locator("table.data")).toBeVisible(),
  },
  {
    name: "not found",
    path: "/no-such-page",
    status: 404,
    expectedConsole: /^console error: Failed to load resource: .*404/,
    ready: heading("Page not found"),
  },
  {
    name: "sign-in",
    path: "/signin",
    signedOut: true,
    ready: (page) => expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled(),
  },
  {
    name: "API reference",
    path: "/docs/api",
    // Swagger UI renders the operations only once its 1.5 MB bundle is parsed and the whole
    // document fetched and resolved: on CI's two busy cores that once took longer than 5 s.
    ready: (page) =>
      expect(page.getByText("/partner/order/preview", { exact: true }).first()).toBeVisible({
        timeout: 30_000,
      }),
  },
];

for (const target of PAGES) {
  test(`${target.name} loads directly without errors`, async ({ page, baseURL }) => {
    if (!target.signedOut) await signIn(page, USERS.acmeAdmin);
    const guard = await guardPage(page, baseURL ?? "");
    let path = target.path;
    if (target.via) {
      await page.goto(target.via.list);
      path = (await page.locator(target.via.link).first().getAttribute("href")) ?? undefined;
      expect(path, `a link on ${target.via.list}`).toBeTruthy();
    }
    const response = await page.goto(path ?? "/");
    expect(response?.status(), `status of ${path}`).toBe(target.status ?? 200);
    await target.ready(page);
    // Hydration runs after the first paint; let the page settle before reading the problems.
    await page.waitForLoadState("networkidle");
    const problems = guard.problems().filter((p) => !target.expectedConsole?.test(p));
    expect(problems, `problems on ${path}`).toEqual([]);
  });
}
