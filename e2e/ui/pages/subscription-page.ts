import { expect, type Page } from "@playwright/test";

export class SubscriptionPage {
  constructor(private readonly page: Page) {}

  async goto(reference: string) {
    await this.page.goto(`/subscriptions/${reference}`);
    await expect(this.page.getByRole("heading", { level: 1 })).toContainText(reference);
    await expect(this.page.locator("form[data-hydrated]")).toBeVisible();
  }

  async chooseAction(label: "Change offer" | "Add an add-on" | "Cancel" | "Renew") {
    await this.page.getByRole("radio", { name: label, exact: true }).check();
  }

  submitButton() {
    return this.page.getByRole("button", { name: /^Submit:/ });
  }

  async submitWhenPriced() {
    await expect(this.page.getByTestId("preview-status")).toHaveText(/Up to date/);
    await expect(this.submitButton()).toBeEnabled();
    await this.submitButton().click();
    await expect(this.page.getByTestId("order-reference")).toBeVisible();
  }
}
