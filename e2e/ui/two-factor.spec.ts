// Two-factor sign-in and the steps an admin can impose: a person sets it up and signs in with a
// code or a recovery code; an admin's password reset makes the user choose their own password
// before anything else; an admin requires two-factor sign-in of the whole partner. Every user is
// one of the test's own, and the requirement is set on a partner of the test's own, since both
// change how other tests' users would sign in.
import { expect, type Page, test } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { createPartner, createStaffUser } from "../api/support/operator-cli";
import { SignInPage } from "./pages/sign-in-page";
import { PASSWORD, unique } from "./support/users";

const PERIOD_MS = 30_000;

function totp(secret: string) {
  return new TOTP({ secret: Secret.fromBase32(secret), period: 30, digits: 6, algorithm: "SHA1" });
}

/** A current code, and the step it belongs to (the server accepts each step once). */
function currentCode(secret: string) {
  const now = Date.now();
  return { code: totp(secret).generate({ timestamp: now }), step: Math.floor(now / PERIOD_MS) };
}

/** Six digits that are no code of the steps around now, so the server's window cannot accept them. */
function wrongCode(secret: string): string {
  const now = Date.now();
  const near = new Set(
    [-2, -1, 0, 1, 2].map((k) => totp(secret).generate({ timestamp: now + k * PERIOD_MS })),
  );
  let n = 0;
  while (near.has(String(n).padStart(6, "0"))) n++;
  return String(n).padStart(6, "0");
}

/** Waits, only if needed, until a step later than `step` has begun. */
async function waitForStepAfter(page: Page, step: number) {
  const wait = (step + 1) * PERIOD_MS - Date.now();
  if (wait > 0) await page.waitForTimeout(Math.min(wait + 250, 31_000));
}

/**
 * Sets up two-factor sign-in on the Security page (already open), checking that a wrong code is
 * refused at its field. Answers the key, the step of the code that turned it on and the codes.
 */
async function enrol(page: Page) {
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = ((await page.getByTestId("totp-secret").textContent()) ?? "").replace(/\s+/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);

  const field = page.getByLabel("Code from your app");
  await field.fill(wrongCode(secret));
  await page.getByRole("button", { name: "Confirm", exact: true }).click();
  await expect(page.getByText("The code is not the current code of your authenticator app.")).toBeVisible();
  await expect(field).toHaveAttribute("aria-invalid", "true");

  const { code, step } = currentCode(secret);
  await field.fill(code);
  await page.getByRole("button", { name: "Confirm", exact: true }).click();
  const list = page.getByTestId("recovery-codes").getByRole("listitem");
  await expect(list).toHaveCount(10);
  await expect(page.getByText("They are shown only this once")).toBeVisible();
  await expect(page.getByRole("button", { name: "Copy codes" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Download" })).toBeVisible();
  return { secret, step, recoveryCodes: (await list.allTextContents()).map((c) => c.trim()) };
}

async function submitCode(page: Page, code: string) {
  await page.getByLabel("One-time code").fill(code);
  await page.getByRole("button", { name: "Verify and sign in" }).click();
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
}

test("a staff member sets up two-factor sign-in, then signs in with a code or a recovery code", async ({
  page,
}) => {
  // Signing in with an app code needs a step after the one that set it up: up to 30 s of waiting.
  test.setTimeout(90_000);
  const user = { email: `${unique("two-factor")}@acme.test`, name: "Test user" };
  await createStaffUser("acme", user.email, PASSWORD);
  const signIn = new SignInPage(page);
  await signIn.signInAs(user);

  await page.getByRole("link", { name: "Account" }).click();
  await page
    .getByRole("navigation", { name: "Account" })
    .getByRole("link", { name: "Two-factor sign-in" })
    .click();
  await expect(page.getByRole("heading", { name: "Two-factor sign-in is off" })).toBeVisible();
  const { secret, step, recoveryCodes } = await enrol(page);
  const recoveryCode = recoveryCodes[0] ?? "";
  await page.getByRole("button", { name: "Done", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Two-factor sign-in is on" })).toBeVisible();
  await expect(page.getByTestId("two-factor-status")).toContainText("You have 10 recovery codes left.");

  // The password alone is not enough any more: the form asks for a code after it.
  await signOut(page);
  await signIn.submit(user.email, PASSWORD);
  await expect(page.getByLabel("One-time code")).toBeVisible();
  await submitCode(page, wrongCode(secret));
  await expect(signIn.error()).toContainText("That code is not valid.");
  await submitCode(page, recoveryCode);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();

  // A recovery code works once.
  await signOut(page);
  await signIn.submit(user.email, PASSWORD);
  await submitCode(page, recoveryCode);
  await expect(signIn.error()).toContainText("That code is not valid.");

  await waitForStepAfter(page, step);
  await submitCode(page, currentCode(secret).code);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await page.getByRole("link", { name: "Account" }).click();
  await page
    .getByRole("navigation", { name: "Account" })
    .getByRole("link", { name: "Two-factor sign-in" })
    .click();
  await expect(page.getByTestId("two-factor-status")).toContainText("You have 9 recovery codes left.");
});

test("after an admin resets a password, the user signs in with the temporary one and must choose their own", async ({
  browser,
}) => {
  // Two users of its own and five sign-ins: slow on a busy machine.
  const admin = { email: `${unique("reset-admin")}@acme.test`, name: "Test user" };
  const staff = { email: `${unique("reset-staff")}@acme.test`, name: "Test user" };
  await createStaffUser("acme", admin.email, PASSWORD, "admin");
  await createStaffUser("acme", staff.email, PASSWORD, "staff");

  const adminPage = await (await browser.newContext()).newPage();
  await new SignInPage(adminPage).signInAs(admin);
  await adminPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  const row = adminPage.getByTestId(`user-${staff.email}`);
  await row.getByRole("button", { name: "Reset password" }).click();
  await adminPage.getByRole("dialog").getByRole("button", { name: "Reset password" }).click();
  const shown = adminPage.getByTestId("temporary-password");
  await expect(shown).toBeVisible();
  await expect(adminPage.getByText("They sign in with it once and must then choose their own")).toBeVisible();
  const temporary = ((await shown.textContent()) ?? "").trim();
  expect(temporary).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
  await expect(row.getByText("Must change password", { exact: true })).toBeVisible();
  await adminPage.getByRole("button", { name: "Close" }).click();
  await expect(shown).toHaveCount(0);

  const staffPage = await (await browser.newContext()).newPage();
  const staffSignIn = new SignInPage(staffPage);
  await staffSignIn.goto();
  await staffSignIn.submit(staff.email, PASSWORD);
  await expect(staffSignIn.error()).toContainText("do not match an account");
  await staffSignIn.submit(staff.email, temporary);
  await expect(staffPage).toHaveURL(/\/settings\/password$/);
  await expect(
    staffPage.getByText("Your password was reset by an admin. Choose a new password to continue."),
  ).toBeVisible();
  await expect(staffPage.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await staffPage.goto("/orders");
  await expect(staffPage).toHaveURL(/\/settings\/password$/);

  const chosen = "a password of my own";
  await staffPage.getByLabel("Current password").fill(temporary);
  await staffPage.getByLabel("New password (at least 8 characters)").fill(chosen);
  await staffPage.getByLabel("New password again").fill(chosen);
  await staffPage.getByRole("button", { name: "Change password" }).click();
  await expect(staffPage).toHaveURL(/\/signin/);
  await staffSignIn.submit(staff.email, chosen);
  await expect(staffPage.getByRole("navigation", { name: "Main" })).toBeVisible();
  await staffPage.goto("/orders");
  await expect(staffPage).toHaveURL(/\/orders$/);
});

test("an admin requires two-factor sign-in of everyone in the partner", async ({ browser }) => {
  test.setTimeout(90_000);
  const partner = unique("two-factor");
  const partnerName = "Two Factor Test Ltd";
  await createPartner(partner, partnerName);
  const admin = { email: `${unique("require-admin")}@example.test`, name: "Test user" };
  const staff = { email: `${unique("require-staff")}@example.test`, name: "Test user" };
  await createStaffUser(partner, admin.email, PASSWORD, "admin");
  await createStaffUser(partner, staff.email, PASSWORD, "staff");

  const adminPage = await (await browser.newContext()).newPage();
  await new SignInPage(adminPage).signInAs(admin);
  await adminPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  const requirement = adminPage.getByLabel(`Require two-factor sign-in for everyone in ${partnerName}`);
  await requirement.click();
  await expect(
    adminPage
      .getByTestId("toast")
      .filter({ hasText: "Set up two-factor sign-in for your own account first." }),
  ).toBeVisible();
  await expect(requirement).not.toBeChecked();

  await adminPage.getByRole("link", { name: "Account" }).click();
  await adminPage
    .getByRole("navigation", { name: "Account" })
    .getByRole("link", { name: "Two-factor sign-in" })
    .click();
  await enrol(adminPage);
  await adminPage.getByRole("button", { name: "Done", exact: true }).click();
  await expect(adminPage.getByRole("heading", { name: "Two-factor sign-in is on" })).toBeVisible();
  await adminPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await requirement.click();
  await expect(
    adminPage.getByTestId("toast").filter({ hasText: "Two-factor sign-in is now required for everyone" }),
  ).toBeVisible();
  await expect(requirement).toBeChecked();

  // The staff member has only a password: signed in, they can do nothing but set it up.
  const staffPage = await (await browser.newContext()).newPage();
  const staffSignIn = new SignInPage(staffPage);
  await staffSignIn.goto();
  await staffSignIn.submit(staff.email, PASSWORD);
  await expect(staffPage).toHaveURL(/\/settings\/two-factor$/);
  await expect(
    staffPage.getByText("Your organisation requires two-factor sign-in. Set it up to continue."),
  ).toBeVisible();
  await expect(staffPage.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await staffPage.goto("/orders");
  await expect(staffPage).toHaveURL(/\/settings\/two-factor$/);
  await enrol(staffPage);
  await staffPage.getByRole("button", { name: "Done, continue to the portal" }).click();
  await expect(staffPage.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(staffPage).toHaveURL(/\/$/);

  // Its set-up shows in the admin's list, and an admin can reset it (for a lost phone).
  await adminPage.reload();
  const row = adminPage.getByTestId(`user-${staff.email}`);
  const badge = row.getByText("Two-factor", { exact: true });
  await expect(badge).toBeVisible();
  await row.getByRole("button", { name: "Reset two-factor" }).click();
  await adminPage.getByRole("dialog").getByRole("button", { name: "Reset two-factor" }).click();
  await expect(badge).toHaveCount(0);
});
