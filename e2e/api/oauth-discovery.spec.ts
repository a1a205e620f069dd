// A standard OAuth client library, given only the issuer URL, finds the token endpoint through
// RFC 8414 discovery, gets a token with client credentials, and that token previews and submits
// an order. The token also verifies against the published JWKS.
import { createRemoteJWKSet, jwtVerify } from "jose";
import * as oauth from "oauth4webapi";
import { expect, test } from "./support/fixtures";
import { baseUrl, unique } from "./support/http";
import { DEMO_GLOBEX } from "./support/oauth";
import { newOrder } from "./support/orders";
import { PartnerApi, type PreviewAnswer, type SubmitAnswer } from "./support/partner-api";

const insecureLoopback = { [oauth.allowInsecureRequests]: true }; // the test server is plain HTTP on 127.0.0.1

test("oauth4webapi discovers the token endpoint and its token previews and submits an order", async ({
  contract,
}) => {
  const issuer = new URL(baseUrl());
  const discovery = await oauth.discoveryRequest(issuer, { algorithm: "oauth2", ...insecureLoopback });
  expect(new URL(discovery.url).pathname).toBe("/.well-known/oauth-authorization-server");
  const as = await oauth.processDiscoveryResponse(issuer, discovery);
  expect(as.grant_types_supported).toContain("client_credentials");
  expect(as.token_endpoint_auth_methods_supported).toEqual(
    expect.arrayContaining(["client_secret_basic", "client_secret_post"]),
  );

  const client: oauth.Client = { client_id: DEMO_GLOBEX.clientId };
  const response = await oauth.clientCredentialsGrantRequest(
    as,
    client,
    oauth.ClientSecretBasic(DEMO_GLOBEX.secret),
    new URLSearchParams({ scope: "orders:preview orders:write" }),
    insecureLoopback,
  );
  const tokens = await oauth.processClientCredentialsResponse(as, client, response);
  expect(tokens.token_type).toBe("bearer"); // oauth4webapi lower-cases it
  expect(tokens.expires_in).toBe(3600);
  expect(tokens.scope).toBe("orders:preview orders:write");

  // The token is a JWT that verifies with the keys the metadata points to.
  if (!as.jwks_uri) throw new Error("the metadata has no jwks_uri");
  const { payload, protectedHeader } = await jwtVerify(
    tokens.access_token,
    createRemoteJWKSet(new URL(as.jwks_uri)),
    {
      issuer: as.issuer,
    },
  );
  expect(protectedHeader.alg).toBe("ES256");
  expect(payload).toMatchObject({ sub: DEMO_GLOBEX.clientId, scope: "orders:preview orders:write" });
  expect(typeof payload.partner_org).toBe("string");
  expect(Number(payload.exp) - Number(payload.iat)).toBe(3600);

  const api = PartnerApi.bearer(contract, tokens.access_token);
  const body = newOrder({ country: "DE", offerId: "starter-monthly", externalId: unique("e2e-discovery") });
  const preview = await api.preview<PreviewAnswer>(body);
  expect(preview.status).toBe(200);
  expect(preview.body.eligibility).toEqual({ eligible: true, problems: [] });
  expect(preview.body.currency).toBe("EUR");

  const submitted = await api.submit<SubmitAnswer>(body, { idempotencyKey: unique("discovery") });
  expect(submitted.status).toBe(201);
  expect(submitted.body).toMatchObject({
    external_id: body.external_id,
    total: preview.body.total,
    currency: "EUR",
  });

  // The client-credentials grant with client_secret_post works through the library too.
  const viaPost = await oauth.clientCredentialsGrantRequest(
    as,
    client,
    oauth.ClientSecretPost(DEMO_GLOBEX.secret),
    new URLSearchParams(),
    insecureLoopback,
  );
  expect((await oauth.processClientCredentialsResponse(as, client, viaPost)).scope).toBe(
    "orders:preview orders:write orders:read catalog:read webhooks:manage",
  );
});

test("the discovery document and the JWKS are what RFC 8414 and RFC 7517 clients expect", async () => {
  const metadata = await fetch(`${baseUrl()}/.well-known/oauth-authorization-server`);
  expect(metadata.status).toBe(200);
  expect(metadata.headers.get("content-type")).toContain("application/json");
  const as = (await metadata.json()) as Record<string, unknown>;
  expect(as).toMatchObject({
    issuer: baseUrl(),
    token_endpoint: `${baseUrl()}/oauth/token`,
    jwks_uri: `${baseUrl()}/.well-known/jwks.json`,
    scopes_supported: ["orders:preview", "orders:write", "orders:read", "catalog:read", "webhooks:manage"],
  });

  const jwks = await fetch(`${baseUrl()}/.well-known/jwks.json`);
  expect(jwks.status).toBe(200);
  const { keys } = (await jwks.json()) as { keys: Record<string, unknown>[] };
  expect(keys.length).toBeGreaterThan(0);
  for (const key of keys) {
    expect(key).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
    expect(key.kid).toBeTruthy();
    expect(key).not.toHaveProperty("d"); // never the private part
  }
});
