import { expect, test } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";
import { signIn } from "./support/sign-in";
import { USERS } from "./support/users";

test("a staff (non-admin) user can reach neither the API clients page nor its procedures", async ({
  page,
  baseURL,
}) => {
  await signIn(page, USERS.acmeStaff);
  await page.goto("/settings/api-clients");
  await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Create client" })).toHaveCount(0);

  const list = await page.request.get("/api/trpc/apiClients.list");
  expect(list.status()).toBe(403);
  const create = await page.request.post("/api/trpc/apiClients.create", {
    headers: { origin: baseURL ?? "", "content-type": "application/json" },
    data: { json: { name: "sneaky", scopes: ["orders:read"] } },
  });
  expect(create.status()).toBe(403);
  expect(await create.text()).toContain("Only a partner admin");
});

test("state-changing requests from another site are refused", async ({ page }) => {
  await signIn(page, USERS.acmeAdmin);
  const forged = await page.request.post("/api/trpc/apiClients.create", {
    headers: { origin: "https://evil.example", "content-type": "application/json" },
    data: { json: { name: "forged", scopes: ["orders:read"] } },
  });
  expect(forged.status()).toBe(403);
  expect(await forged.text()).toContain("Cross-site request refused");
});

test("procedures need a session", async ({ request }) => {
  const response = await request.get("/api/trpc/account.twoFactorStatus");
  expect(response.status()).toBe(401);
});

test("a staff user of partner B gets “not found” on partner A's order URL", async ({ browser }) => {
  const acme = await browser.newContext();
  const acmePage = await acme.newPage();
  await new SignInPage(acmePage).signInAs(USERS.acmeAdmin);
  await acmePage.goto("/orders");
  const orderHref = await acmePage
    .locator("table.data tbody tr a[href^='/orders/order-']")
    .first()
    .getAttribute("href");
  expect(orderHref).toMatch(/^\/orders\/order-[0-9a-f]{32}$/);
  await acmePage.goto(orderHref ?? "");
  await expect(acmePage.getByRole("heading", { level: 1 })).toContainText("Order");
  await acme.close();

  const globex = await browser.newContext();
  const globexPage = await globex.newPage();
  await new SignInPage(globexPage).signInAs(USERS.globexStaff);
  const response = await globexPage.goto(orderHref ?? "");
  expect(response?.status()).toBe(404);
  await expect(globexPage.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(globexPage.getByText("Acme")).toHaveCount(0);
  await globex.close();
});
