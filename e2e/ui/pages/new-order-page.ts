import { expect, type Locator, type Page } from "@playwright/test";

/** The new-order form and its live preview panel. */
export class NewOrderPage {
  readonly total: Locator;
  readonly status: Locator;
  readonly submitButton: Locator;

  constructor(private readonly page: Page) {
    this.total = page.getByTestId("preview-total");
    this.status = page.getByTestId("preview-status");
    this.submitButton = page.getByRole("button", { name: /Submit order|Placing the order/ });
  }

  async goto() {
    await this.page.goto("/orders/new");
    await this.ready();
  }

  /** The form handles input once hydrated (before that a change would be lost). */
  async ready() {
    await expect(this.page.getByRole("heading", { name: "New order", level: 1 })).toBeVisible();
    await expect(this.page.locator("form[data-hydrated]")).toBeVisible();
  }

  async newCustomer(first: string, last: string, email: string) {
    await this.page.getByRole("radio", { name: "New customer" }).check();
    await this.page.getByLabel("First name").fill(first);
    await this.page.getByLabel("Last name").fill(last);
    await this.page.getByLabel("Email").fill(email);
  }

  async chooseCountry(code: string) {
    await this.page.getByLabel("Country of the order").selectOption(code);
  }

  countryProblem() {
    return this.page.getByTestId("problem-order-country-err");
  }

  async chooseOffer(index: number, offerId: string) {
    await this.page.getByTestId(`line-${index}`).getByRole("combobox").selectOption(offerId);
  }

  async setQuantity(index: number, quantity: number) {
    await this.page.getByTestId(`line-${index}`).getByLabel("Quantity").fill(String(quantity));
  }

  async setDiscountCode(code: string) {
    await this.page.getByLabel(/Discount code/).fill(code);
  }

  async billingAddress(a: { address1: string; city: string; postalCode: string }) {
    await this.page.getByLabel("Address line 1").first().fill(a.address1);
    await this.page.getByLabel("Town or city").first().fill(a.city);
    await this.page.getByLabel("Postcode").first().fill(a.postalCode);
  }

  async externalId(value: string) {
    await this.page.getByLabel(/External id/).fill(value);
  }

  /** Waits until the preview has caught up with the form. */
  async settled() {
    await expect(this.status).not.toHaveText(/Updating/);
    await expect(this.page.getByTestId("preview-body")).toHaveAttribute("aria-busy", "false");
  }

  async totalText() {
    await this.settled();
    return (await this.total.textContent()) ?? "";
  }

  async placedReference() {
    const reference = this.page.getByTestId("order-reference");
    await expect(reference).toBeVisible();
    return (await reference.textContent())?.trim() ?? "";
  }
}
