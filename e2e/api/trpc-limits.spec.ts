// The portal's tRPC endpoint reads no more than the REST API does: a POST body over the limit
// is refused with 413 before it is parsed, a batch of more than 10 calls with 400, and answers
// carrying partner data are never cached.
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD } from "../../server/features/seed/demo-credentials";
import { baseUrl } from "./support/http";
import { staffSessionCookie } from "./support/staff-session";

let cookie: string;
test.beforeAll(async () => {
  cookie = await staffSessionCookie("staff@acme.test", DEMO_PASSWORD);
});

test("a 5 MB POST is refused with 413", async () => {
  const answer = await fetch(`${baseUrl()}/api/trpc/orders.submit`, {
    method: "POST",
    headers: { cookie, origin: baseUrl(), "content-type": "application/json" },
    body: JSON.stringify({ json: { padding: "x".repeat(5 * 1024 * 1024) } }),
  });
  expect(answer.status).toBe(413);
});

test("a streamed body without a length is cut off at the limit too", async () => {
  const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ < 80) controller.enqueue(chunk);
      else controller.close();
    },
  });
  const answer = await fetch(`${baseUrl()}/api/trpc/orders.submit`, {
    method: "POST",
    headers: { cookie, origin: baseUrl(), "content-type": "application/json" },
    body,
    duplex: "half",
  } as RequestInit);
  expect(answer.status).toBe(413);
});

test("a batch of 100 calls is refused, a batch of 3 answered and not cached", async () => {
  const batch = (n: number) => {
    const paths = Array.from({ length: n }, () => "account.twoFactorStatus").join(",");
    const input = encodeURIComponent(
      JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, {}]))),
    );
    return fetch(`${baseUrl()}/api/trpc/${paths}?batch=1&input=${input}`, { headers: { cookie } });
  };
  const big = await batch(100);
  expect(big.status).toBe(400);
  const small = await batch(3);
  expect(small.status).toBe(200);
  expect(small.headers.get("cache-control")).toBe("no-store");
});
