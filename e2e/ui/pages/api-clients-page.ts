import { expect, type Page } from "@playwright/test";

export class ApiClientsPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/settings/api-clients");
    await expect(this.page.getByRole("heading", { name: "API clients", level: 1 })).toBeVisible();
  }

  async create(name: string, scopes: string[]) {
    await this.page.getByLabel("Name").fill(name);
    for (const box of await this.page.getByRole("checkbox").all()) {
      const label = (await box.locator("xpath=..").textContent()) ?? "";
      const wanted = scopes.some((s) => label.includes(s));
      if ((await box.isChecked()) !== wanted) await box.setChecked(wanted);
    }
    await this.page.getByRole("button", { name: "Create client" }).click();
    return this.revealedCredentials();
  }

  async revealedCredentials() {
    await expect(this.page.getByRole("heading", { name: "Copy the secret now" })).toBeVisible();
    const clientId = (await this.page.getByTestId("new-client-id").textContent())?.trim() ?? "";
    const secret = (await this.page.getByTestId("client-secret").textContent())?.trim() ?? "";
    return { clientId, secret };
  }

  row(clientId: string) {
    return this.page.getByTestId(`client-${clientId}`);
  }

  async confirm(buttonName: RegExp, confirmLabel: string) {
    await this.page.getByRole("button", { name: buttonName }).click();
    await this.page.getByRole("dialog").getByRole("button", { name: confirmLabel }).click();
  }
}
