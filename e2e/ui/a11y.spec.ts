// Every page, as an admin sees it: no serious or critical axe violation, usable at 375 px wide
// (nothing wider than the screen but tables, which scroll in their own box), and a screenshot
// kept of each, wide and narrow.
import { expect, type Page, test } from "@playwright/test";
import { NewOrderPage } from "./pages/new-order-page";
import { SignInPage } from "./pages/sign-in-page";
import { expectAccessible } from "./support/axe";
import { keepScreenshot } from "./support/screenshots";
import { signIn } from "./support/sign-in";
import { USERS } from "./support/users";

async function firstHref(page: Page, from: string, selector: string) {
  await page.goto(from);
  const href = await page.locator(selector).first().getAttribute("href");
  expect(href, `a link matching ${selector} on ${from}`).toBeTruthy();
  return href ?? "";
}

async function expectNoPageOverflow(page: Page, label: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${label} is wider than the screen`).toBeLessThanOrEqual(1);
}

async function checkPage(page: Page, name: string, ready: () => Promise<void>) {
  await ready();
  await expectAccessible(page, name);
  await keepScreenshot(page, name);
}

test("the sign-in page is accessible", async ({ page }) => {
  await new SignInPage(page).goto();
  await expectAccessible(page, "signin");
  await keepScreenshot(page, "signin");
  await page.setViewportSize({ width: 375, height: 740 });
  await expectNoPageOverflow(page, "signin");
  await keepScreenshot(page, "signin-375");
});

type PortalPage = {
  name: string;
  url: (page: Page) => Promise<string>;
  ready: (page: Page) => Promise<void>;
};

const at = (url: string) => async () => url;

const PORTAL_PAGES: PortalPage[] = [
  {
    name: "dashboard",
    url: at("/"),
    ready: (page) => expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible(),
  },
  { name: "orders", url: at("/orders"), ready: (page) => expect(page.locator("table.data")).toBeVisible() },
  {
    name: "new-order-preview",
    url: at("/orders/new"),
    ready: async (page) => {
      const form = new NewOrderPage(page);
      await form.ready();
      await form.chooseOffer(0, "pro-monthly");
      await form.setQuantity(0, 4);
      await form.settled();
      await expect(form.total).toBeVisible();
    },
  },
  {
    name: "order-detail",
    url: (page) => firstHref(page, "/orders", "table.data tbody a[href^='/orders/order-']"),
    ready: (page) => expect(page.getByRole("heading", { name: "Items" })).toBeVisible(),
  },
  {
    name: "subscriptions",
    url: at("/subscriptions"),
    ready: (page) => expect(page.locator("table.data")).toBeVisible(),
  },
  {
    name: "subscription-detail",
    url: (page) => firstHref(page, "/subscriptions", "table.data tbody a[href^='/subscriptions/']"),
    ready: (page) => expect(page.getByRole("heading", { name: "Make a change" })).toBeVisible(),
  },
  {
    name: "customers",
    url: at("/customers"),
    ready: (page) => expect(page.locator("table.data")).toBeVisible(),
  },
  {
    name: "customer-detail",
    url: (page) => firstHref(page, "/customers", "table.data tbody a[href^='/customers/id-']"),
    ready: (page) => expect(page.getByRole("heading", { name: "Subscriptions" })).toBeVisible(),
  },
  {
    name: "api-clients",
    url: at("/settings/api-clients"),
    ready: (page) => expect(page.getByRole("heading", { name: "Create an API client" })).toBeVisible(),
  },
  {
    name: "not-found",
    url: at("/orders/order-00000000000000000000000000000000"),
    ready: (page) => expect(page.getByRole("heading", { name: "Not found" })).toBeVisible(),
  },
];

for (const portalPage of PORTAL_PAGES) {
  test(`${portalPage.name} is accessible, wide and at 375 px`, async ({ page }) => {
    // Two full axe runs and two full-page screenshots: more than the default 30 s on 2 busy cores.
    test.setTimeout(90_000);
    await signIn(page, USERS.acmeAdmin);
    const url = await portalPage.url(page);
    for (const viewport of [
      { width: 1280, height: 800, suffix: "" },
      { width: 375, height: 740, suffix: "-375" },
    ]) {
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await page.goto(url);
      await checkPage(page, `${portalPage.name}${viewport.suffix}`, () => portalPage.ready(page));
      if (viewport.suffix) await expectNoPageOverflow(page, portalPage.name);
    }
  });
}

test("the new-order form can be filled with the keyboard alone", async ({ page }) => {
  await signIn(page, USERS.acmeStaff);
  await new NewOrderPage(page).goto();
  // The skip link is the first stop and jumps to the content.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();

  await page.getByLabel("First name").focus();
  await page.keyboard.type("Grace");
  for (const [label, text] of [
    ["Last name", "Hopper"],
    ["Email", "grace@example.test"],
    ["Phone (optional)", ""],
  ] as const) {
    await page.keyboard.press("Tab");
    await expect(page.getByLabel(label, { exact: true })).toBeFocused();
    if (text) await page.keyboard.type(text);
  }
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Country of the order")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByTestId("line-0").getByRole("combobox")).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(page.getByTestId("preview-total")).toBeVisible();
});
