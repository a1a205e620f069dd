// Places a new order through the portal's form, as staff do; returns what the confirmation shows.
import { expect, type Page } from "@playwright/test";
import { NewOrderPage } from "../pages/new-order-page";
import { unique } from "./users";

export type PlacedOrder = {
  reference: string;
  externalId: string;
  subscriptionReference: string;
  orderUrl: string;
};

export async function placeOrderThroughUi(
  page: Page,
  options: { offerId?: string; quantity?: number; country?: string; email?: string } = {},
): Promise<PlacedOrder> {
  const form = new NewOrderPage(page);
  const externalId = unique("ui-order");
  await form.goto();
  await form.newCustomer("Ada", "Lovelace", options.email ?? `${externalId}@example.test`);
  await form.chooseCountry(options.country ?? "GB");
  await form.chooseOffer(0, options.offerId ?? "pro-annual");
  await form.setQuantity(0, options.quantity ?? 2);
  await form.billingAddress({ address1: "1 High Street", city: "London", postalCode: "N1 1AA" });
  await form.externalId(externalId);
  await form.settled();
  await expect(form.submitButton).toBeEnabled();
  await form.submitButton.click();
  const reference = await form.placedReference();
  const confirmation = page.getByRole("status").filter({ hasText: "Order placed" });
  const subscriptionReference = (await confirmation.locator(".mono").nth(1).textContent())?.trim() ?? "";
  const orderUrl = (await page.getByRole("link", { name: "View the order" }).getAttribute("href")) ?? "";
  return { reference, externalId, subscriptionReference, orderUrl };
}
