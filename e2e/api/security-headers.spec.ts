// The security headers, as a browser receives them: pages carry a Content-Security-Policy whose
// script nonce is new on every load, and no framing; API answers a policy that loads nothing.
import { expect, test } from "@playwright/test";
import { baseUrl } from "./support/http";

const nonceOf = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];

test("a page has a nonce-based policy, new on every load, and the common headers", async () => {
  const first = await fetch(`${baseUrl()}/signin`);
  const second = await fetch(`${baseUrl()}/signin`);
  const csp = first.headers.get("content-security-policy") ?? "";
  for (const directive of [
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "'strict-dynamic'",
  ])
    expect(csp).toContain(directive);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(nonceOf(csp)).toBeTruthy();
  expect(nonceOf(second.headers.get("content-security-policy"))).not.toBe(nonceOf(csp));
  // Next's own scripts carry the nonce, or the policy would block them.
  const html = await first.text();
  expect(html).toContain(`nonce="${nonceOf(csp)}"`);
  expect(first.headers.get("x-content-type-options")).toBe("nosniff");
  expect(first.headers.get("x-frame-options")).toBe("DENY");
  expect(first.headers.get("referrer-policy")).toBe("same-origin");
});

test("the API reference's scripts carry the page's nonce", async () => {
  const answer = await fetch(`${baseUrl()}/docs/api`);
  const nonce = nonceOf(answer.headers.get("content-security-policy"));
  expect(nonce).toBeTruthy();
  expect(await answer.text()).toContain(
    `<script nonce="${nonce}" src="/docs/api/assets/swagger-ui-bundle.js">`,
  );
});

for (const path of ["/partner/offers", "/oauth/token", "/.well-known/jwks.json", "/api/openapi.json"]) {
  test(`${path} answers data that nothing may load or frame`, async () => {
    const answer = await fetch(`${baseUrl()}${path}`);
    const csp = answer.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
  });
}
