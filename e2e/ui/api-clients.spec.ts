import { expect, test } from "@playwright/test";
import { ApiClientsPage } from "./pages/api-clients-page";
import { requestToken } from "./support/oauth";
import { keepScreenshot } from "./support/screenshots";
import { signIn } from "./support/sign-in";
import { USERS, unique } from "./support/users";

test("an admin creates an API client whose secret obtains a token, then rotates and revokes it", async ({
  page,
}) => {
  await signIn(page, USERS.acmeAdmin);
  const clients = new ApiClientsPage(page);
  await clients.goto();
  const name = unique("ERP");
  const { clientId, secret } = await clients.create(name, ["orders:read", "catalog:read"]);
  expect(secret.length).toBeGreaterThan(20);
  await keepScreenshot(page, "api-clients-secret");

  const token = await requestToken(page.request, clientId, secret);
  expect(token.status()).toBe(200);
  const body = (await token.json()) as { access_token: string; token_type: string; scope: string };
  expect(body.token_type).toBe("Bearer");
  expect(body.access_token.split(".")).toHaveLength(3);
  expect(body.scope.split(" ").sort()).toEqual(["catalog:read", "orders:read"]);

  // The secret is shown once: after reload only the row remains.
  await page.reload();
  await expect(page.getByTestId("client-secret")).toHaveCount(0);
  await expect(clients.row(clientId)).toContainText(name);
  await keepScreenshot(page, "api-clients");

  await clients.confirm(new RegExp(`Rotate secret: ${name}`), "Rotate");
  const rotated = await clients.revealedCredentials();
  expect(rotated.secret).not.toBe(secret);
  expect((await requestToken(page.request, clientId, secret)).status()).toBe(401);
  expect((await requestToken(page.request, clientId, rotated.secret)).status()).toBe(200);

  await clients.confirm(new RegExp(`Revoke: ${name}`), "Revoke");
  await expect(clients.row(clientId)).toContainText("revoked");
  expect((await requestToken(page.request, clientId, rotated.secret)).status()).toBe(401);
});
