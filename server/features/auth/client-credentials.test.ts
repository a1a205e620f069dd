// The client-credentials grant on a real database: both client authentication methods, the
// RFC 6749 errors, scope narrowing, and an unknown client costing the same comparison as a
// wrong secret.
import * as crypto from "node:crypto";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { seedPartners } from "../../../tests/helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";

vi.mock("node:crypto", async (importOriginal) => {
  const original = await importOriginal<typeof import("node:crypto")>();
  return { ...original, timingSafeEqual: vi.fn(original.timingSafeEqual) };
});

const ACME = { id: "demo-acme-erp", secret: "demo-acme-erp-secret-0123456789" };

const TEST_OPERATOR = { name: "test" };
let t: TestDatabase;
let grant: typeof import("./client-credentials");
let clients: typeof import("../api-clients/api-client-service");

beforeAll(async () => {
  const { generateSigningJwk } = await import("./signing-keys");
  process.env.OAUTH_SIGNING_KEYS = JSON.stringify({ keys: [await generateSigningJwk()] });
  process.env.APP_URL = "https://partners.example.test";
  process.env.AUTH_SECRET ??= "unit-test-secret-unit-test-secret-0123456789";
  vi.resetModules();
  grant = await import("./client-credentials");
  clients = await import("../api-clients/api-client-service");
  t = await createTestDatabase();
  await seedPartners(t.db);
});
afterAll(async () => t?.close());

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;

const form = (fields: Record<string, string>) => new URLSearchParams(fields);

async function oauthFailure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(grant.OAuthError);
  return error as InstanceType<typeof grant.OAuthError>;
}

describe("grantClientCredentials", () => {
  it("authenticates with HTTP Basic (client_secret_basic) and grants every scope by default", async () => {
    const answer = await grant.grantClientCredentials(t.db, {
      authorization: basic(ACME.id, ACME.secret),
      form: form({ grant_type: "client_credentials" }),
    });
    expect(answer).toMatchObject({
      token_type: "Bearer",
      expires_in: 3600,
      scope: "orders:preview orders:write orders:read catalog:read webhooks:manage",
    });
    expect(decodeJwt(answer.access_token)).toMatchObject({ sub: ACME.id, scope: answer.scope });
  });

  it("authenticates with form fields (client_secret_post)", async () => {
    const answer = await grant.grantClientCredentials(t.db, {
      authorization: null,
      form: form({ grant_type: "client_credentials", client_id: ACME.id, client_secret: ACME.secret }),
    });
    expect(answer.token_type).toBe("Bearer");
  });

  it("decodes form-urlencoded Basic credentials (RFC 6749 section 2.3.1)", async () => {
    const made = await clients.createApiClient(
      t.db,
      TEST_OPERATOR,
      { partner: "acme", name: "odd", scopes: ["orders:read"] },
      { clientId: "odd:id", secret: "s3cret with spaces&:" },
    );
    const answer = await grant.grantClientCredentials(t.db, {
      authorization: basic(made.client_id, made.client_secret),
      form: form({ grant_type: "client_credentials" }),
    });
    expect(answer.scope).toBe("orders:read");
  });

  it("refuses both methods at once with invalid_request", async () => {
    const error = await oauthFailure(
      grant.grantClientCredentials(t.db, {
        authorization: basic(ACME.id, ACME.secret),
        form: form({ grant_type: "client_credentials", client_id: ACME.id, client_secret: ACME.secret }),
      }),
    );
    expect(error.code).toBe("invalid_request");
    expect(error.status).toBe(400);
  });

  it("brakes repeated failed authentications of one client with 429, even for the right secret", async () => {
    const made = await clients.createApiClient(t.db, TEST_OPERATOR, {
      partner: "acme",
      name: "guessed",
      scopes: ["orders:read"],
    });
    const attempt = (secret: string) =>
      grant.grantClientCredentials(t.db, {
        authorization: basic(made.client_id, secret),
        form: form({ grant_type: "client_credentials" }),
        address: "192.0.2.10",
      });
    for (let i = 0; i < 10; i++) expect((await oauthFailure(attempt(`guess-${i}`))).status).toBe(401);
    const braked = await oauthFailure(attempt(made.client_secret));
    expect(braked.status).toBe(429);
    expect(braked.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("counts simultaneous guesses too: of 40 at once, at most 10 have their secret checked", async () => {
    const made = await clients.createApiClient(t.db, TEST_OPERATOR, {
      partner: "acme",
      name: "burst",
      scopes: ["orders:read"],
    });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        oauthFailure(
          grant.grantClientCredentials(t.db, {
            authorization: basic(made.client_id, `guess-${i}`),
            form: form({ grant_type: "client_credentials" }),
          }),
        ),
      ),
    );
    expect(results.filter((e) => e.status === 401).length).toBeLessThanOrEqual(10);
    expect(results.filter((e) => e.status === 429).length).toBeGreaterThanOrEqual(30);
  });

  it("never brakes a client that authenticates correctly, however often", async () => {
    for (let i = 0; i < 25; i++) {
      const answer = await grant.grantClientCredentials(t.db, {
        authorization: basic(ACME.id, ACME.secret),
        form: form({ grant_type: "client_credentials" }),
        address: "192.0.2.99",
      });
      expect(answer.token_type).toBe("Bearer");
    }
  });

  it("brakes one address that fails across many client ids", async () => {
    const attempt = (i: number) =>
      grant.grantClientCredentials(t.db, {
        authorization: basic(`no-such-client-${i}`, "guess"),
        form: form({ grant_type: "client_credentials" }),
        address: "198.51.100.7",
      });
    const statuses = [];
    for (let i = 0; i < 51; i++) statuses.push((await oauthFailure(attempt(i))).status);
    expect(statuses.slice(0, 50).every((s) => s === 401)).toBe(true);
    expect(statuses[50]).toBe(429);
    // Another address is not braked by it.
    const elsewhere = await grant.grantClientCredentials(t.db, {
      authorization: basic(ACME.id, ACME.secret),
      form: form({ grant_type: "client_credentials" }),
      address: "203.0.113.9",
    });
    expect(elsewhere.token_type).toBe("Bearer");
  });

  it("answers a wrong secret and an unknown client alike: invalid_client, 401", async () => {
    const wrong = await oauthFailure(
      grant.grantClientCredentials(t.db, {
        authorization: basic(ACME.id, "wrong"),
        form: form({ grant_type: "client_credentials" }),
      }),
    );
    const unknown = await oauthFailure(
      grant.grantClientCredentials(t.db, {
        authorization: basic("nobody", "wrong"),
        form: form({ grant_type: "client_credentials" }),
      }),
    );
    for (const error of [wrong, unknown]) {
      expect(error).toMatchObject({ code: "invalid_client", status: 401, usedBasic: true });
    }
    expect(unknown.description).toBe(wrong.description);
  });

  it("compares a secret even for an unknown client, so timing does not tell which ids exist", async () => {
    const timingSafeEqual = vi.mocked(crypto.timingSafeEqual);
    timingSafeEqual.mockClear();
    await oauthFailure(
      grant.grantClientCredentials(t.db, {
        authorization: null,
        form: form({ grant_type: "client_credentials", client_id: "nobody", client_secret: "x" }),
      }),
    );
    expect(timingSafeEqual).toHaveBeenCalledTimes(1);
  });

  it("refuses a revoked client", async () => {
    const made = await clients.createApiClient(t.db, TEST_OPERATOR, {
      partner: "globex",
      name: "to revoke",
      scopes: ["orders:read"],
    });
    await clients.revokeApiClient(t.db, TEST_OPERATOR, made.client_id);
    const error = await oauthFailure(
      grant.grantClientCredentials(t.db, {
        authorization: basic(made.client_id, made.client_secret),
        form: form({ grant_type: "client_credentials" }),
      }),
    );
    expect(error.code).toBe("invalid_client");
  });

  it.each([
    ["password", "unsupported_grant_type"],
    ["authorization_code", "unsupported_grant_type"],
  ])("refuses grant_type=%s with %s", async (grantType, code) => {
    const error = await oauthFailure(
      grant.grantClientCredentials(t.db, {
        authorization: basic(ACME.id, ACME.secret),
        form: form({ grant_type: grantType }),
      }),
    );
    expect(error).toMatchObject({ code, status: 400 });
  });

  it("refuses a request without grant_type with invalid_request", async () => {
    const error = await oauthFailure(
      grant.grantClientCredentials(t.db, { authorization: basic(ACME.id, ACME.secret), form: form({}) }),
    );
    expect(error.code).toBe("invalid_request");
  });

  it("narrows the scope on request", async () => {
    const answer = await grant.grantClientCredentials(t.db, {
      authorization: basic(ACME.id, ACME.secret),
      form: form({ grant_type: "client_credentials", scope: "orders:read  orders:preview orders:read" }),
    });
    expect(answer.scope).toBe("orders:read orders:preview");
    expect(decodeJwt(answer.access_token).scope).toBe("orders:read orders:preview");
  });

  it("refuses scopes the client does not hold, or that do not exist, with invalid_scope", async () => {
    const limited = await clients.createApiClient(t.db, TEST_OPERATOR, {
      partner: "acme",
      name: "preview only",
      scopes: ["orders:preview"],
    });
    for (const scope of ["orders:write", "orders:preview orders:write", "admin"]) {
      const error = await oauthFailure(
        grant.grantClientCredentials(t.db, {
          authorization: basic(limited.client_id, limited.client_secret),
          form: form({ grant_type: "client_credentials", scope }),
        }),
      );
      expect(error).toMatchObject({ code: "invalid_scope", status: 400 });
    }
  });
});
