// Each operation needs its own scope: a valid token without it gets 403 insufficient_scope
// naming the scope (RFC 6750 section 3.1), and nothing happens.
import { expect, test } from "./support/fixtures";
import { unique } from "./support/http";
import { accessToken, DEMO_ACME } from "./support/oauth";
import { newOrder } from "./support/orders";
import { PartnerApi, type Problem } from "./support/partner-api";

function expectInsufficientScope(answer: { status: number; headers: Headers; body: unknown }, scope: string) {
  expect(answer.status).toBe(403);
  const challenge = answer.headers.get("www-authenticate") ?? "";
  expect(challenge).toMatch(/^Bearer /);
  expect(challenge).toContain('error="insufficient_scope"');
  expect(challenge).toContain(`scope="${scope}"`);
  const problem = answer.body as Problem;
  expect(problem.detail).toContain(scope);
  expect(problem.required_scope).toBe(scope);
}

test("a preview-only token previews but cannot submit (403 naming orders:write), and nothing is stored", async ({
  contract,
  acme,
}) => {
  const previewOnly = PartnerApi.bearer(contract, await accessToken(contract, DEMO_ACME, "orders:preview"));
  const body = newOrder({ externalId: unique("e2e-scope") });
  expect((await previewOnly.preview(body)).status).toBe(200);

  const answer = await previewOnly.submit(body, { idempotencyKey: unique("scope-key") });
  expectInsufficientScope(answer, "orders:write");
  expect(await acme.ordersWithExternalId(body.external_id)).toEqual([]);
});

test("every operation names the scope it needs", async ({ contract }) => {
  const noRead = PartnerApi.bearer(contract, await accessToken(contract, DEMO_ACME, "orders:write"));
  expectInsufficientScope(await noRead.preview(newOrder()), "orders:preview");
  expectInsufficientScope(await noRead.getOrder("order-0123456789abcdef0123456789abcdef"), "orders:read");
  expectInsufficientScope(await noRead.listOrders(), "orders:read");
  expectInsufficientScope(await noRead.listOffers(), "catalog:read");

  const catalogOnly = PartnerApi.bearer(contract, await accessToken(contract, DEMO_ACME, "catalog:read"));
  expect((await catalogOnly.listOffers()).status).toBe(200);
  expectInsufficientScope(await catalogOnly.submit(newOrder()), "orders:write");
});
