// Watches a page for what a person would call broken even when the content looks right: an
// answer of 500 or more (assets and data requests included), an uncaught page error (React's
// hydration errors among them), a console error, and any request that leaves the site.
import type { Page } from "@playwright/test";

export type PageGuard = { problems: () => string[] };

export async function guardPage(page: Page, baseURL: string): Promise<PageGuard> {
  const site = new URL(baseURL).origin;
  const problems: string[] = [];
  // Requests to other origins are refused before they leave, and recorded.
  await page.route(
    (url) => url.protocol.startsWith("http") && url.origin !== site,
    async (route) => {
      problems.push(`request leaving the site: ${route.request().method()} ${route.request().url()}`);
      await route.abort("blockedbyclient");
    },
  );
  page.on("response", (response) => {
    if (response.status() >= 500) problems.push(`${response.status()} from ${response.url()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  return { problems: () => [...problems] };
}
