// An admin registers a webhook endpoint for a real receiver, sends it a test event and watches
// the delivery log turn delivered by itself, then resends it: the receiver, which checks each
// request with the standardwebhooks library (its own copy of the check, as a partner's would be),
// gets the same webhook-id twice. Deliveries are sent by the separate job worker scripts/e2e.sh
// starts, which may reach 127.0.0.1 (OUTBOUND_ALLOW_HOSTS) and retries within seconds.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { expectAccessible } from "./support/axe";
import { guardPage } from "./support/page-guard";
import { keepScreenshot } from "./support/screenshots";
import { signIn } from "./support/sign-in";
import { USERS, unique } from "./support/users";

type Received = {
  headers: IncomingHttpHeaders;
  /** The verified message, or null with the reason the check refused it. */
  verified: { type: string; data: Record<string, unknown> } | null;
  verifyError: string | null;
};

/** A partner's receiver on 127.0.0.1: records each request, verified with `secret` once it is set. */
async function startReceiver() {
  const receiver = { secret: "", received: [] as Received[], port: 0 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let verified: Received["verified"] = null;
      let verifyError: string | null = null;
      try {
        verified = new Webhook(receiver.secret).verify(
          body,
          request.headers as Record<string, string>,
        ) as Received["verified"];
      } catch (error) {
        verifyError = (error as Error).message;
      }
      receiver.received.push({ headers: request.headers, verified, verifyError });
      response.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.port = (server.address() as AddressInfo).port;
  const stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { receiver, stop };
}

test("an admin registers an endpoint, sends a test event and resends it; the receiver verifies both", async ({
  page,
  baseURL,
}) => {
  const { receiver, stop } = await startReceiver();
  try {
    await signIn(page, USERS.acmeAdmin);
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks" }).click();
    await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();

    const url = `http://127.0.0.1:${receiver.port}/hook`;
    const description = unique("e2e receiver");
    await page.getByLabel("Description (optional)").fill(description);
    await page.getByRole("checkbox", { name: "order.completed" }).check();
    // A URL the outbound rules refuse: the reason is shown next to the field.
    await page.getByLabel("URL").fill("http://10.1.2.3/hook");
    await page.getByRole("button", { name: "Register endpoint" }).click();
    await expect(page.getByTestId("problem-register-url-err")).toBeVisible();
    await expect(page.getByLabel("URL")).toHaveAttribute("aria-invalid", "true");
    // From here on nothing may fail (that 400 was the browser's console error on purpose).
    const guard = await guardPage(page, baseURL ?? "");

    await page.getByLabel("URL").fill(url);
    await page.getByRole("button", { name: "Register endpoint" }).click();

    // The secret, shown this once, with the warning to store it.
    await expect(page.getByRole("heading", { name: "Copy the signing secret now" })).toBeVisible();
    await expect(page.getByText("this is the only time it is shown")).toBeVisible();
    receiver.secret = (await page.getByTestId("webhook-secret").textContent())?.trim() ?? "";
    expect(receiver.secret).toMatch(/^whsec_/);
    await expect(page.getByRole("button", { name: "Copy secret" })).toBeVisible();
    await expect(page.getByRole("link", { name: url })).toBeVisible();
    await keepScreenshot(page, "webhooks-secret");
    await expectAccessible(page, "webhooks");

    await page.getByRole("link", { name: "Open the endpoint" }).click();
    await expect(page.getByRole("heading", { name: "Webhook endpoint", level: 1 })).toBeVisible();
    await expect(page.getByTestId("endpoint-url")).toHaveText(url);
    await expect(page.getByTestId("webhook-secret")).toHaveCount(0);
    await expect(page.getByText("No deliveries yet")).toBeVisible();

    // Set on the page: a reload would lose it, so it shows the log updated in place.
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    await page.getByRole("button", { name: "Send test event" }).click();
    const row = page.locator("tr[data-testid^='delivery-']");
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("webhook.test");
    await expect(row).toHaveAttribute("data-status", "delivered", { timeout: 30_000 });
    await expect(row.getByTestId("status-code")).toHaveText("200");
    await expect(row.getByTestId("attempts")).toHaveText("1");
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );

    await expect.poll(() => receiver.received.length).toBe(1);
    const [first] = receiver.received;
    expect(first?.verifyError).toBeNull();
    expect(first?.verified?.type).toBe("webhook.test");
    const webhookId = first?.headers["webhook-id"];
    expect(webhookId).toMatch(/^msg_/);

    // Sent again: a second attempt, with the same webhook-id.
    await row.getByRole("button", { name: /^Resend:/ }).click();
    await expect(row.getByTestId("attempts")).toHaveText("2", { timeout: 30_000 });
    await expect(row).toHaveAttribute("data-status", "delivered", { timeout: 30_000 });
    await row.getByRole("button", { name: /^Show details:/ }).click();
    const attempts = page.getByTestId("attempts-table").locator("tbody tr");
    await expect(attempts).toHaveCount(2);
    await expect(attempts.nth(1)).toContainText("200");
    await expect(page.getByTestId("delivery-details")).toContainText(String(webhookId));
    await expect(page.getByTestId("delivery-details")).toContainText('"type": "webhook.test"');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    await keepScreenshot(page, "webhook-endpoint");
    await expectAccessible(page, "webhook endpoint");

    await expect.poll(() => receiver.received.length).toBe(2);
    expect(receiver.received.map((r) => r.verifyError)).toEqual([null, null]);
    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual([webhookId, webhookId]);

    // Deleted (after confirming): the list no longer has it.
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
    await expect(page.getByText(description)).toHaveCount(0);
    expect(guard.problems()).toEqual([]);
  } finally {
    await stop();
  }
});

test("a staff (non-admin) user is offered neither the webhooks page nor its procedures", async ({ page }) => {
  await signIn(page, USERS.acmeStaff);
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Orders" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Webhooks" })).toHaveCount(0);

  await page.goto("/settings/webhooks");
  await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Register endpoint" })).toHaveCount(0);
  expect((await page.request.get("/api/trpc/webhooks.list")).status()).toBe(403);
});
