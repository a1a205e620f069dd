// Screenshots of the main pages, kept as test artifacts (e2e/artifacts is not committed).
import path from "node:path";
import { expect, type Page, type TestInfo } from "@playwright/test";
import { expectAccessible } from "./axe";

export const SCREENSHOT_DIR = path.join("e2e", "artifacts", "screenshots");

export async function keepScreenshot(page: Page, name: string) {
  await page.screenshot({
    path: path.join(SCREENSHOT_DIR, `${name}.png`),
    fullPage: true,
    animations: "disabled",
  });
}

/**
 * The page at desktop width and at 375 px: accessible (axe) and no wider than the screen at
 * each, a screenshot of each kept and attached to the report. Ends at desktop width.
 */
export async function checkAtTwoWidths(page: Page, testInfo: TestInfo, name: string) {
  for (const viewport of [
    { width: 1280, height: 800, suffix: "" },
    { width: 375, height: 740, suffix: "-375" },
  ]) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await expectAccessible(page, `${name}${viewport.suffix}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${name} is wider than the screen`).toBeLessThanOrEqual(1);
    await keepScreenshot(page, `${name}${viewport.suffix}`);
    await testInfo.attach(`${name}${viewport.suffix}`, {
      body: await page.screenshot({ fullPage: true, animations: "disabled" }),
      contentType: "image/png",
    });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}
