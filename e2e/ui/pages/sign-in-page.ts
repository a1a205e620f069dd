import { expect, type Page } from "@playwright/test";
import { PASSWORD } from "../support/users";

export class SignInPage {
  constructor(private readonly page: Page) {}

  async goto(callbackUrl?: string) {
    await this.page.goto(callbackUrl ? `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signin");
    await expect(this.page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  }

  async submit(email: string, password: string) {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  error() {
    return this.page.getByRole("alert").filter({ hasText: /./ }).first();
  }

  /** Signs in through the form and waits for the portal to show the user. */
  async signInAs(user: { email: string; name: string }, options: { stayOnPage?: boolean } = {}) {
    if (!options.stayOnPage) await this.goto();
    await this.submit(user.email, PASSWORD);
    await expect(this.page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await expect(this.page.locator(".usermenu")).toContainText(user.name);
  }
}
