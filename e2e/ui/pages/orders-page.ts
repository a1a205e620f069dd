import { expect, type Page } from "@playwright/test";

export class OrdersPage {
  constructor(private readonly page: Page) {}

  async goto(query = "") {
    await this.page.goto(`/orders${query}`);
    await expect(this.page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
  }

  async search(text: string) {
    await this.page.getByLabel("Search").fill(text);
    await this.page.getByLabel("Search").press("Enter");
    await expect(this.page).toHaveURL(new RegExp(`q=${encodeURIComponent(text)}`));
  }

  async filterStatus(status: string) {
    await this.page.getByLabel("Status").selectOption(status);
    await expect(this.page).toHaveURL(new RegExp(`status=${status}`));
  }

  rows() {
    return this.page.locator("table.data tbody tr");
  }

  async openOrder(reference: string) {
    await this.page.getByRole("link", { name: reference }).click();
    await expect(this.page.getByRole("heading", { level: 1 })).toContainText(reference);
  }
}
