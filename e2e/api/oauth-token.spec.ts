// POST /oauth/token over HTTP: both client authentication methods, the RFC 6749 section 5.2
// errors, scope narrowing, and Cache-Control: no-store on every answer.
import { decodeJwt } from "jose";
import { expect, test } from "./support/fixtures";
import { send } from "./support/http";
import { DEMO_ACME, tokenRequest } from "./support/oauth";
import { createApiClient } from "./support/operator-cli";
import { PartnerApi } from "./support/partner-api";

function expectNoStore(headers: Headers) {
  expect(headers.get("cache-control")).toContain("no-store");
}

test.describe("POST /oauth/token", () => {
  test("client_secret_basic and client_secret_post both give a bearer token with every scope", async ({
    contract,
  }) => {
    for (const method of ["basic", "post"] as const) {
      const answer = await tokenRequest(contract, { method });
      expect(answer.status, method).toBe(200);
      expectNoStore(answer.headers);
      expect(answer.body).toMatchObject({
        token_type: "Bearer",
        expires_in: 3600,
        scope: "orders:preview orders:write orders:read catalog:read webhooks:manage",
      });
      expect(decodeJwt(answer.body.access_token)).toMatchObject({ sub: DEMO_ACME.clientId });
    }
  });

  test("both methods at once is invalid_request", async ({ contract }) => {
    const answer = await tokenRequest(contract, { method: "both" });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe("invalid_request");
    expectNoStore(answer.headers);
  });

  test("a wrong secret is 401 invalid_client, with a Basic challenge when Basic was used", async ({
    contract,
  }) => {
    const basic = await tokenRequest(contract, {
      method: "basic",
      client: { ...DEMO_ACME, secret: "wrong-secret" },
    });
    expect(basic.status).toBe(401);
    expect(basic.body.error).toBe("invalid_client");
    expect(basic.headers.get("www-authenticate")).toMatch(/^Basic /);
    expectNoStore(basic.headers);

    const post = await tokenRequest(contract, {
      method: "post",
      client: { ...DEMO_ACME, secret: "wrong-secret" },
    });
    expect(post.status).toBe(401);
    expect(post.body.error).toBe("invalid_client");

    // An unknown client looks exactly like a wrong secret.
    const unknown = await tokenRequest(contract, {
      method: "basic",
      client: { clientId: "no-such-client", secret: "wrong-secret" },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(basic.body);
  });

  test("no client authentication at all is 401 invalid_client", async ({ contract }) => {
    const answer = await tokenRequest(contract, { method: "none" });
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe("invalid_client");
  });

  test("an unsupported grant_type is refused, and a missing one is invalid_request", async ({ contract }) => {
    for (const grantType of ["password", "authorization_code", "refresh_token"]) {
      const answer = await tokenRequest(contract, { method: "basic", form: { grant_type: grantType } });
      expect(answer.status, grantType).toBe(400);
      expect(answer.body.error).toBe("unsupported_grant_type");
      expectNoStore(answer.headers);
    }
    const missing = await send<{ error: string }>(contract, "getToken", "/oauth/token", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${DEMO_ACME.clientId}:${DEMO_ACME.secret}`).toString("base64")}`,
      },
      body: "",
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe("invalid_request");
  });

  test("a request that is not form-encoded is invalid_request", async ({ contract }) => {
    const answer = await send<{ error: string }>(contract, "getToken", "/oauth/token", {
      method: "POST",
      json: {
        grant_type: "client_credentials",
        client_id: DEMO_ACME.clientId,
        client_secret: DEMO_ACME.secret,
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe("invalid_request");
  });

  test("scope narrows the token, and the narrowed token is held to it", async ({ contract }) => {
    const answer = await tokenRequest(contract, { method: "post", form: { scope: "orders:read" } });
    expect(answer.status).toBe(200);
    expect(answer.body.scope).toBe("orders:read");
    expect(decodeJwt(answer.body.access_token).scope).toBe("orders:read");

    const api = PartnerApi.bearer(contract, answer.body.access_token);
    expect((await api.listOrders({ limit: "1" })).status).toBe(200);
    const offers = await api.listOffers();
    expect(offers.status).toBe(403);
  });

  test("a scope the client does not hold, or that does not exist, is invalid_scope", async ({ contract }) => {
    const previewOnly = await createApiClient("acme", "e2e preview-only for invalid_scope", [
      "orders:preview",
    ]);
    for (const scope of ["orders:write", "orders:preview orders:read", "admin"]) {
      const answer = await tokenRequest(contract, { method: "basic", client: previewOnly, form: { scope } });
      expect(answer.status, scope).toBe(400);
      expect(answer.body.error).toBe("invalid_scope");
      expectNoStore(answer.headers);
    }
    const own = await tokenRequest(contract, { method: "basic", client: previewOnly });
    expect(own.status).toBe(200);
    expect(own.body.scope).toBe("orders:preview");
  });
});
