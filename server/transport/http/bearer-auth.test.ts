// The bearer gate on a real database: a valid token gives the client's PartnerScope; a revoked
// client, a token naming another partner, or a missing scope are refused with the RFC 6750
// answers; and last-used is written at most once a minute, not on every request.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { seedPartners, staffScope } from "../../../tests/helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";

const TEST_OPERATOR = { name: "test" };
let t: TestDatabase;
let ids: { acmeId: string; globexId: string };
let gate: typeof import("./bearer-auth");
let tokens: typeof import("../../features/auth/access-tokens");
let clients: typeof import("../../features/api-clients/api-client-service");
let HttpErrorClass: typeof import("./http-error").HttpError;

beforeAll(async () => {
  const { generateSigningJwk } = await import("../../features/auth/signing-keys");
  process.env.OAUTH_SIGNING_KEYS = JSON.stringify({ keys: [await generateSigningJwk()] });
  process.env.APP_URL = "https://partners.example.test";
  process.env.AUTH_SECRET ??= "unit-test-secret-unit-test-secret-0123456789";
  vi.resetModules();
  gate = await import("./bearer-auth");
  tokens = await import("../../features/auth/access-tokens");
  clients = await import("../../features/api-clients/api-client-service");
  HttpErrorClass = (await import("./http-error")).HttpError;
  t = await createTestDatabase();
  ids = await seedPartners(t.db);
});
afterAll(async () => t?.close());

const withToken = (token: string) =>
  new Request("http://127.0.0.1/partner/orders", { headers: { authorization: `Bearer ${token}` } });

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpErrorClass);
  return error as InstanceType<typeof HttpErrorClass>;
}

async function tokenFor(
  clientId: string,
  partnerId: string,
  scopes: ("orders:read" | "orders:write" | "orders:preview" | "catalog:read")[],
) {
  return (await tokens.issueAccessToken({ clientId, partnerId, scopes, secretVersion: 1 })).token;
}

describe("authenticatePartner", () => {
  it("gives the API client's partner scope for a valid token", async () => {
    const scope = await gate.authenticatePartner(
      t.db,
      withToken(await tokenFor("demo-acme-erp", ids.acmeId, ["orders:read"])),
      "orders:read",
    );
    expect(scope.partnerId).toBe(ids.acmeId);
    expect(scope.actor).toMatchObject({
      kind: "api_client",
      clientId: "demo-acme-erp",
      scopes: ["orders:read"],
    });
  });

  it("answers a missing header with a bare challenge and a bad one with invalid_token", async () => {
    const missing = await refusal(
      gate.authenticatePartner(t.db, new Request("http://127.0.0.1/"), "orders:read"),
    );
    expect(missing.status).toBe(401);
    expect(missing.options.headers?.["www-authenticate"]).toBe('Bearer realm="partner-api"');
    const bad = await refusal(gate.authenticatePartner(t.db, withToken("not-a-jwt"), "orders:read"));
    expect(bad.status).toBe(401);
    expect(bad.options.headers?.["www-authenticate"]).toMatch(
      /^Bearer realm="partner-api", error="invalid_token"/,
    );
  });

  it("refuses a token whose client was revoked, at once", async () => {
    const made = await clients.createApiClient(t.db, TEST_OPERATOR, {
      partner: "acme",
      name: "revoked soon",
      scopes: ["orders:read"],
    });
    const token = await tokenFor(made.client_id, ids.acmeId, ["orders:read"]);
    await gate.authenticatePartner(t.db, withToken(token), "orders:read");
    await clients.revokeApiClient(t.db, TEST_OPERATOR, made.client_id);
    expect((await refusal(gate.authenticatePartner(t.db, withToken(token), "orders:read"))).status).toBe(401);
  });

  it("refuses a token issued before the client's secret was rotated; a new token works", async () => {
    const made = await clients.createApiClient(t.db, TEST_OPERATOR, {
      partner: "acme",
      name: "rotated soon",
      scopes: ["orders:read"],
    });
    const before = await tokenFor(made.client_id, ids.acmeId, ["orders:read"]);
    await gate.authenticatePartner(t.db, withToken(before), "orders:read");
    const { rotatePartnerApiClientSecret } = await import("../../features/api-clients/partner-api-clients");
    await rotatePartnerApiClientSecret(t.db, await staffScope(t.db, "admin@acme.test"), made.client_id);
    const refused = await refusal(gate.authenticatePartner(t.db, withToken(before), "orders:read"));
    expect(refused.status).toBe(401);
    expect(refused.detail).toMatch(/rotated/);
    const after = (
      await tokens.issueAccessToken({
        clientId: made.client_id,
        partnerId: ids.acmeId,
        scopes: ["orders:read"],
        secretVersion: 2,
      })
    ).token;
    await gate.authenticatePartner(t.db, withToken(after), "orders:read");
  });

  it("refuses a validly signed token for an unknown client or naming another partner", async () => {
    expect(
      (
        await refusal(
          gate.authenticatePartner(
            t.db,
            withToken(await tokenFor("ghost", ids.acmeId, ["orders:read"])),
            "orders:read",
          ),
        )
      ).status,
    ).toBe(401);
    const crossed = await tokenFor("demo-acme-erp", ids.globexId, ["orders:read"]);
    expect((await refusal(gate.authenticatePartner(t.db, withToken(crossed), "orders:read"))).status).toBe(
      401,
    );
  });

  it("answers a missing scope with 403 insufficient_scope naming it", async () => {
    const token = await tokenFor("demo-acme-erp", ids.acmeId, ["orders:preview"]);
    const error = await refusal(gate.authenticatePartner(t.db, withToken(token), "orders:write"));
    expect(error.status).toBe(403);
    expect(error.detail).toContain("orders:write");
    expect(error.options.headers?.["www-authenticate"]).toContain(
      'error="insufficient_scope", scope="orders:write"',
    );
    expect(error.options.extra).toEqual({ required_scope: "orders:write" });
  });

  it("writes last-used at most once a minute", async () => {
    const made = await clients.createApiClient(t.db, TEST_OPERATOR, {
      partner: "globex",
      name: "last used",
      scopes: ["orders:read"],
    });
    const token = await tokenFor(made.client_id, ids.globexId, ["orders:read"]);
    const lastUsed = async () =>
      (await t.db.apiClient.findUniqueOrThrow({ where: { clientId: made.client_id } })).lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await gate.authenticatePartner(t.db, withToken(token), "orders:read");
    const first = await lastUsed();
    expect(first).not.toBeNull();
    await gate.authenticatePartner(t.db, withToken(token), "orders:read");
    expect(await lastUsed()).toEqual(first);
  });
});
