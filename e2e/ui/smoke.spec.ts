import { expect, test } from "@playwright/test";

test("the portal's home page loads in a real browser", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Partner Orders" })).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/home.png", fullPage: true });
  expect(errors).toEqual([]);
});
