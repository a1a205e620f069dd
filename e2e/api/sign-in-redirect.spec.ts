// After sign-in the portal sends a person only to one of its own pages, however the address is
// disguised: browsers drop tabs and newlines inside a URL, so "/\t/evil.example" is another host.
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD } from "../../server/features/seed/demo-credentials";
import { baseUrl } from "./support/http";
import { staffSessionCookie } from "./support/staff-session";

let cookie: string;
test.beforeAll(async () => {
  cookie = await staffSessionCookie("staff@acme.test", DEMO_PASSWORD);
});

for (const callbackUrl of [
  "/%09/evil.example/x",
  "/%0A/evil.example/x",
  "//evil.example",
  "/%5Cevil.example",
]) {
  test(`a signed-in visit to /signin?callbackUrl=${callbackUrl} stays on the site`, async () => {
    const answer = await fetch(`${baseUrl()}/signin?callbackUrl=${callbackUrl}`, {
      redirect: "manual",
      headers: { cookie },
    });
    expect(answer.status).toBeLessThan(500);
    const location = answer.headers.get("location");
    expect(location, "a redirect").toBeTruthy();
    // Resolved as a browser resolves it: the same origin.
    expect(new URL(location ?? "", baseUrl()).origin).toBe(new URL(baseUrl()).origin);
  });
}

test("a safe callback keeps its path and query", async () => {
  const answer = await fetch(
    `${baseUrl()}/signin?callbackUrl=${encodeURIComponent("/orders?status=failed")}`,
    {
      redirect: "manual",
      headers: { cookie },
    },
  );
  expect(new URL(answer.headers.get("location") ?? "", baseUrl()).pathname).toBe("/orders");
  expect(new URL(answer.headers.get("location") ?? "", baseUrl()).search).toBe("?status=failed");
});
