// Signing out ends the session for good: the cookie saved before signing out reads nothing
// afterwards, where it used to keep working until it expired (8 hours).
import { expect, test } from "@playwright/test";
import { baseUrl, unique } from "./support/http";
import { createStaffUser } from "./support/operator-cli";
import { staffSessionCookie } from "./support/staff-session";

const probe = (cookie: string) =>
  fetch(`${baseUrl()}/api/trpc/account.twoFactorStatus`, { headers: { cookie } });

// A user of its own: signing out ends every session of the user, other tests' included.
const email = `${unique("sign-out")}@globex.test`;
const password = "a long test password";

test("a session cookie saved before sign-out is refused after it", async () => {
  await createStaffUser("globex", email, password);
  const saved = await staffSessionCookie(email, password);
  expect((await probe(saved)).status).toBe(200);

  const csrf = await fetch(`${baseUrl()}/api/auth/csrf`, { headers: { cookie: saved } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signOut = await fetch(`${baseUrl()}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: saved, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, json: "true" }),
  });
  expect(signOut.status).toBeLessThan(400);

  expect((await probe(saved)).status).toBe(401);
  const page = await fetch(`${baseUrl()}/orders`, { headers: { cookie: saved }, redirect: "manual" });
  expect(page.headers.get("location") ?? "").toContain("/signin");

  // Signing in again works.
  expect((await probe(await staffSessionCookie(email, password))).status).toBe(200);
});
