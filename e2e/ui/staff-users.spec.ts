// A partner admin manages staff in the portal: disabling a user shows at that user's sign-in,
// enabling lets them in again. Users of their own: these actions end the users' sessions.
import { expect, test } from "@playwright/test";
import { createStaffUser } from "../api/support/operator-cli";
import { SignInPage } from "./pages/sign-in-page";
import { PASSWORD, unique } from "./support/users";

test("an admin disables and enables a staff user", async ({ browser }) => {
  // Two users of its own and three sign-ins: close to the default 30 s on a busy machine.
  const admin = { email: `${unique("users-admin")}@acme.test`, name: "Test user" };
  const staff = { email: `${unique("users-staff")}@acme.test`, name: "Test user" };
  await createStaffUser("acme", admin.email, PASSWORD, "admin");
  await createStaffUser("acme", staff.email, PASSWORD, "staff");

  const adminPage = await (await browser.newContext()).newPage();
  await new SignInPage(adminPage).signInAs(admin);
  await adminPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  const row = adminPage.getByTestId(`user-${staff.email}`);
  await expect(row.getByText("Active", { exact: true })).toBeVisible();
  await expect(adminPage.getByTestId(`user-${admin.email}`)).toContainText("you");

  await row.getByRole("button", { name: "Disable" }).click();
  await adminPage.getByRole("dialog").getByRole("button", { name: "Disable" }).click();
  await expect(row.getByText("Disabled", { exact: true })).toBeVisible();

  const staffPage = await (await browser.newContext()).newPage();
  const staffSignIn = new SignInPage(staffPage);
  await staffSignIn.goto();
  await staffSignIn.submit(staff.email, PASSWORD);
  await expect(staffPage.getByText("This account is disabled")).toBeVisible();

  await row.getByRole("button", { name: "Enable" }).click();
  await expect(row.getByText("Active", { exact: true })).toBeVisible();
  await staffSignIn.submit(staff.email, PASSWORD);
  await expect(staffPage.getByRole("navigation", { name: "Main" })).toBeVisible();
});

test("an admin sees failed sign-ins and lifts the sign-in delay", async ({ browser }) => {
  const admin = { email: `${unique("delay-admin")}@acme.test`, name: "Test user" };
  const staff = { email: `${unique("delay-staff")}@acme.test`, name: "Test user" };
  await createStaffUser("acme", admin.email, PASSWORD, "admin");
  await createStaffUser("acme", staff.email, PASSWORD, "staff");

  const staffPage = await (await browser.newContext()).newPage();
  const staffSignIn = new SignInPage(staffPage);
  await staffSignIn.goto();
  await staffSignIn.submit(staff.email, "not the password");
  await expect(staffSignIn.error()).toContainText("do not match an account");

  const adminPage = await (await browser.newContext()).newPage();
  await new SignInPage(adminPage).signInAs(admin);
  await adminPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  const row = adminPage.getByTestId(`user-${staff.email}`);
  await expect(row.getByText("1 failed sign-in", { exact: true })).toBeVisible();
  await row.getByRole("button", { name: "Lift sign-in delay" }).click();
  await expect(row.getByText("1 failed sign-in", { exact: true })).toHaveCount(0);
  await expect(row.getByRole("button", { name: "Lift sign-in delay" })).toHaveCount(0);
});
