// Rate limiting per API client: once the burst (default 300) is used up, 429 with Retry-After and
// RateLimit-* headers. A fresh client from the CLI has its own bucket, so the demo clients other
// tests use are never throttled by this one.
import { expect, test } from "./support/fixtures";
import { unique } from "./support/http";
import { accessToken, DEMO_GLOBEX } from "./support/oauth";
import { createApiClient } from "./support/operator-cli";
import { PartnerApi, type Problem } from "./support/partner-api";

test("after the burst is used up: 429 with Retry-After and RateLimit-* headers", async ({ contract }) => {
  test.setTimeout(60_000);
  const client = await createApiClient("globex", unique("e2e-rate-limit"), ["orders:preview"]);
  const api = PartnerApi.bearer(contract, await accessToken(contract, client));
  // The cheapest request that still draws from the bucket: authenticated, then refused as not
  // JSON (415) without touching the database again.
  const cheap = () =>
    api.preview<Problem>(undefined, { body: "x", headers: { "content-type": "text/plain" } });

  const first = await cheap();
  expect(first.status).toBe(415);
  const burst = Number(first.headers.get("ratelimit-limit"));
  expect(burst).toBeGreaterThan(0);
  expect(Number(first.headers.get("ratelimit-remaining"))).toBe(burst - 1);

  // Draw faster than the bucket refills (50 per second at the default 3,000 per minute), many at a time.
  let limited: Awaited<ReturnType<typeof cheap>> | undefined;
  let sent = 1;
  while (!limited && sent < burst * 10) {
    const wave = await Promise.all(Array.from({ length: 100 }, cheap));
    sent += wave.length;
    const unexpected = wave.filter((a) => a.status !== 415 && a.status !== 429);
    expect(unexpected.map((a) => `${a.status} ${a.text}`)).toEqual([]);
    limited = wave.find((a) => a.status === 429);
  }
  expect(limited, `no 429 after ${sent} requests`).toBeDefined();
  if (!limited) return;
  expect(sent).toBeGreaterThanOrEqual(burst);

  const retryAfter = Number(limited.headers.get("retry-after"));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
  expect(limited.headers.get("ratelimit-limit")).toBe(String(burst));
  expect(limited.headers.get("ratelimit-remaining")).toBe("0");
  expect(Number(limited.headers.get("ratelimit-reset"))).toBeGreaterThanOrEqual(1);
  expect(limited.body).toMatchObject({ status: 429, title: "Too many requests" });

  // Another client of the same partner is not affected: buckets are per client.
  expect(
    (await PartnerApi.bearer(contract, await accessToken(contract, DEMO_GLOBEX)).listOrders({ limit: "1" }))
      .status,
  ).toBe(200);

  // After Retry-After seconds, a request goes through again.
  await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 100));
  expect((await cheap()).status).toBe(415);
});
