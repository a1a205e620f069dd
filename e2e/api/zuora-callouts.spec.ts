// POST /api/webhooks/zuora over HTTP against the production build: a callout with the configured
// password (Basic authentication, as Zuora's callout authentication sends it) is acknowledged,
// once; wrong or missing credentials are a 401 problem before the body counts, a malformed body a
// 400, never a 500.
import { expect, test } from "@playwright/test";
import { baseUrl, unique } from "./support/http";

const SECRET = process.env.ZUORA_CALLOUT_SECRET ?? "";

const basic = (password: string) => `Basic ${Buffer.from(`zuora:${password}`).toString("base64")}`;

async function post(body: string, authorization?: string) {
  const response = await fetch(`${baseUrl()}/api/webhooks/zuora`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get("content-type") ?? "",
    challenge: response.headers.get("www-authenticate"),
    body: JSON.parse(text),
  };
}

test("an authenticated callout is acknowledged once; Zuora's retry of it is a duplicate", async () => {
  test.skip(!SECRET, "needs ZUORA_CALLOUT_SECRET from scripts/e2e.sh");
  const body = JSON.stringify({
    eventType: "PaymentFailed",
    eventId: unique("zuora-e2e"),
    subscriptionNumber: "A-S404",
  });
  expect(await post(body, basic(SECRET))).toMatchObject({
    status: 200,
    body: { received: true, handled: false },
  });
  expect(await post(body, basic(SECRET))).toMatchObject({ status: 200, body: { duplicate: true } });
});

test("wrong or missing credentials are a 401 problem; a malformed callout is a 400", async () => {
  test.skip(!SECRET, "needs ZUORA_CALLOUT_SECRET from scripts/e2e.sh");
  const body = JSON.stringify({
    eventType: "SubscriptionCancelled",
    subscriptionNumber: "A-S1",
    effectiveDate: "2026-01-01",
  });
  for (const authorization of [basic("not-the-secret-at-all"), undefined, `Bearer ${SECRET}`, "Basic %%%"]) {
    const answer = await post(body, authorization);
    expect(answer.status, String(authorization)).toBe(401);
    expect(answer.type).toContain("application/problem+json");
    expect(answer.challenge).toMatch(/^Basic /);
  }
  for (const bad of ["{not json", JSON.stringify({ subscriptionNumber: "A-S1" }), JSON.stringify([1, 2])]) {
    const answer = await post(bad, basic(SECRET));
    expect(answer.status, bad).toBe(400);
    expect(answer.type).toContain("application/problem+json");
  }
});
