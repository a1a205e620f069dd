// Staff change their own password: a wrong current password is named at its field; a change
// signs them out everywhere, and only the new password signs them in again.
import { expect, test } from "@playwright/test";
import { createStaffUser } from "../api/support/operator-cli";
import { SignInPage } from "./pages/sign-in-page";
import { PASSWORD, unique } from "./support/users";

test("a staff member changes their password and signs in with the new one", async ({ page }) => {
  // A user of its own: the change ends every session of the user.
  const user = { email: `${unique("password")}@acme.test`, name: "Test user" };
  await createStaffUser("acme", user.email, PASSWORD);
  const signIn = new SignInPage(page);
  await signIn.signInAs(user);

  await page.getByRole("link", { name: "Account" }).click();
  await expect(page.getByRole("heading", { name: "Change your password" })).toBeVisible();
  await page.getByLabel("Current password").fill("not my password");
  await page.getByLabel("New password (at least 8 characters)").fill("my new long password");
  await page.getByLabel("New password again").fill("my new long password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("is not your current password")).toBeVisible();

  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/signin/);

  await signIn.submit(user.email, PASSWORD);
  await expect(page.getByText("That email and password do not match an account")).toBeVisible();
  await signIn.submit(user.email, "my new long password");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
});
