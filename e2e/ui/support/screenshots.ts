// Screenshots of the main pages, kept as test artifacts (e2e/artifacts is not committed).
import path from "node:path";
import type { Page } from "@playwright/test";

export const SCREENSHOT_DIR = path.join("e2e", "artifacts", "screenshots");

export async function keepScreenshot(page: Page, name: string) {
  await page.screenshot({
    path: path.join(SCREENSHOT_DIR, `${name}.png`),
    fullPage: true,
    animations: "disabled",
  });
}
