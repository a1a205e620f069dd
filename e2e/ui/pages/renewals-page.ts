import { expect, type Page } from "@playwright/test";

/** The renewals page: subscriptions that renew, end or are cancelled soon. */
export class RenewalsPage {
  constructor(private readonly page: Page) {}

  async goto(query = "") {
    await this.page.goto(`/renewals${query}`);
    await expect(this.page.getByRole("heading", { name: "Renewals", level: 1 })).toBeVisible();
  }

  async search(text: string) {
    await this.page.getByLabel("Search").fill(text);
    await this.page.getByLabel("Search").press("Enter");
    await expect(this.page).toHaveURL(new RegExp(`q=${encodeURIComponent(text)}`));
  }

  async within(days: 30 | 60 | 90) {
    await this.page.getByLabel("Within").selectOption(String(days));
    await expect(this.page).toHaveURL(new RegExp(`within=${days}`));
  }

  table() {
    return this.page.getByRole("table", { name: "Renewals and endings" });
  }

  row(reference: string) {
    return this.table().getByRole("row").filter({ hasText: reference });
  }
}
