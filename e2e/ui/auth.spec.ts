import { expect, test } from "@playwright/test";
import { createStaffUser } from "../api/support/operator-cli";
import { SignInPage } from "./pages/sign-in-page";
import { PASSWORD, USERS, unique } from "./support/users";

const GENERIC = "That email and password do not match an account";

test.describe("signing in", () => {
  for (const role of ["admin", "staff"] as const) {
    test(`a ${role} signs in, lands on the page they asked for, and signs out`, async ({ page }) => {
      // A user of its own: signing out ends every session of the user, other tests' included.
      const user = { email: `${unique(`auth-${role}`)}@acme.test`, name: "Test user", role } as const;
      await createStaffUser("acme", user.email, PASSWORD, role);
      await page.goto("/orders?status=complete");
      await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
      await new SignInPage(page).signInAs(user, { stayOnPage: true });
      await expect(page).toHaveURL(/\/orders\?status=complete$/);
      await expect(page.locator(".role-pill")).toHaveText(user.role);
      const apiClientsLink = page
        .getByRole("navigation", { name: "Main" })
        .getByRole("link", { name: "API clients" });
      await expect(apiClientsLink).toHaveCount(user.role === "admin" ? 1 : 0);

      await page.getByRole("button", { name: "Sign out" }).click();
      await expect(page).toHaveURL(/\/signin/);
      await page.goto("/");
      await expect(page).toHaveURL(/\/signin/);
    });
  }

  test("wrong credentials get one message that does not say which part was wrong", async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.submit(USERS.globexAdmin.email, "not-the-password");
    await expect(signIn.error()).toContainText(GENERIC);
    const wrongPassword = await signIn.error().textContent();
    await signIn.submit(`${unique("nobody")}@globex.test`, PASSWORD);
    await expect(signIn.error()).toContainText(GENERIC);
    expect(await signIn.error().textContent()).toBe(wrongPassword);
    // The right password still works (and resets the failure count).
    await signIn.submit(USERS.globexAdmin.email, PASSWORD);
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  });

  test("repeated failures put on the brake", async ({ page }) => {
    const signIn = new SignInPage(page);
    const email = `${unique("guess")}@acme.test`;
    await signIn.goto();
    // Five free failures; the fifth makes the next attempt wait, and the page says for how long.
    for (let i = 0; i < 5; i++) {
      await signIn.submit(email, `guess-${i}`);
      await expect(signIn.error()).toContainText(GENERIC);
    }
    // The first wait is a second, which a slow page may outlast: keep going until one is told.
    const brake = /Too many failed attempts\. For your security, try again in \d+ seconds?\./;
    let told = false;
    for (let i = 6; i < 10 && !told; i++) {
      await signIn.submit(email, `guess-${i}`);
      // The button reads "Sign in" again once the answer is in.
      await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
      await expect(signIn.error()).toBeVisible();
      told = brake.test((await signIn.error().textContent()) ?? "");
    }
    expect(told).toBe(true);
  });
});
