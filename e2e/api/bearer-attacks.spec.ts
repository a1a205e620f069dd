// Every way a bearer token can be bad gets 401 with a WWW-Authenticate: Bearer challenge
// (RFC 6750) on every /partner/* operation. Forged tokens are made with jose: with the server's
// real signing key from OAUTH_SIGNING_KEYS (exported by scripts/e2e.sh) where only the claims
// are wrong, and with other keys or algorithms where the signature is the attack.
import { exportSPKI, generateKeyPair, importJWK, type JWK, SignJWT } from "jose";
import { expect, test } from "./support/fixtures";
import { baseUrl, unique } from "./support/http";
import { accessToken, DEMO_ACME } from "./support/oauth";
import { createApiClient, revokeApiClient } from "./support/operator-cli";
import { newOrder } from "./support/orders";
import { PartnerApi, type Problem } from "./support/partner-api";

function serverKeys(): JWK[] {
  const text = process.env.OAUTH_SIGNING_KEYS;
  if (!text) throw new Error("OAUTH_SIGNING_KEYS is not set: run the API tests through scripts/e2e.sh");
  return (JSON.parse(text) as { keys: JWK[] }).keys;
}

function signingJwk(): JWK {
  const [first] = serverKeys();
  if (!first) throw new Error("OAUTH_SIGNING_KEYS has no key");
  return first;
}
const issuer = () => process.env.APP_URL ?? baseUrl();

/** A token with the claims of a real one for demo-acme-erp; `claims` overrides them. */
async function forge(
  key: CryptoKey | Uint8Array,
  header: Record<string, unknown>,
  claims: Record<string, unknown> = {},
) {
  const now = Math.floor(Date.now() / 1000);
  const real = await realClaims();
  return new SignJWT({
    iss: issuer(),
    aud: `${issuer()}/partner`,
    sub: DEMO_ACME.clientId,
    partner_org: real.partner_org,
    scope: "orders:preview orders:write orders:read catalog:read",
    iat: now,
    exp: now + 600,
    jti: crypto.randomUUID(),
    ...claims,
  })
    .setProtectedHeader(header as { alg: string })
    .sign(key);
}

let cachedClaims: { partner_org: string } | undefined;
async function realClaims() {
  if (!cachedClaims) throw new Error("realClaims() read before the first test set it");
  return cachedClaims;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

async function realKey(): Promise<CryptoKey> {
  return (await importJWK({ ...signingJwk(), alg: "ES256" }, "ES256")) as CryptoKey;
}

/** Calls every /partner/* operation with the given Authorization header and expects 401. */
async function expectRefusedEverywhere(api: PartnerApi, why: string) {
  const answers = [
    await api.preview(newOrder()),
    await api.submit(newOrder(), { idempotencyKey: unique("attack") }),
    await api.getOrder("order-00000000000000000000000000000000"),
    await api.listOrders(),
    await api.listOffers(),
  ];
  for (const answer of answers) {
    expect(answer.status, `${why}: ${answer.text}`).toBe(401);
    expect(answer.headers.get("www-authenticate"), why).toMatch(/^Bearer( |$)/);
    expect((answer.body as Problem).status).toBe(401);
  }
  return answers;
}

test.describe("bad bearer tokens", () => {
  test.beforeAll(async ({ contract }) => {
    const token = await accessToken(contract, DEMO_ACME);
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as {
      partner_org: string;
    };
    cachedClaims = { partner_org: payload.partner_org };
  });

  test("a correctly forged control token is accepted (so the refusals below are about the one flaw)", async ({
    contract,
  }) => {
    const token = await forge(await realKey(), { alg: "ES256", kid: signingJwk().kid, typ: "at+jwt" });
    expect((await PartnerApi.bearer(contract, token).listOrders({ limit: "1" })).status).toBe(200);
  });

  test("no Authorization header: 401 with a bare Bearer challenge", async ({ contract }) => {
    const [first] = await expectRefusedEverywhere(new PartnerApi(contract, null), "missing header");
    expect(first?.headers.get("www-authenticate")).not.toContain("error=");
  });

  test("malformed Authorization headers", async ({ contract }) => {
    for (const header of [
      "Bearer",
      "Bearer ",
      "Basic ZGVtbzpkZW1v",
      "Token abc",
      "Bearer a b",
      "Bearer not-a-jwt",
      "Bearer a.b.c",
      "Bearer ä.ö.ü",
    ]) {
      const answers = await expectRefusedEverywhere(new PartnerApi(contract, header), `header "${header}"`);
      if (header !== "Bearer" && header !== "Bearer ") {
        expect(answers[0]?.headers.get("www-authenticate")).toContain('error="invalid_token"');
      }
    }
  });

  test("an expired token signed with the real key", async ({ contract }) => {
    const now = Math.floor(Date.now() / 1000);
    const token = await forge(
      await realKey(),
      { alg: "ES256", kid: signingJwk().kid },
      { iat: now - 7200, exp: now - 3600 },
    );
    const [first] = await expectRefusedEverywhere(PartnerApi.bearer(contract, token), "expired");
    expect(first?.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  test("a token not valid yet (nbf in the future)", async ({ contract }) => {
    const token = await forge(
      await realKey(),
      { alg: "ES256", kid: signingJwk().kid },
      { nbf: Math.floor(Date.now() / 1000) + 3600 },
    );
    await expectRefusedEverywhere(PartnerApi.bearer(contract, token), "nbf in the future");
  });

  test("a token signed by another EC key under the server's kid", async ({ contract }) => {
    const { privateKey } = await generateKeyPair("ES256");
    const token = await forge(privateKey, { alg: "ES256", kid: signingJwk().kid });
    await expectRefusedEverywhere(PartnerApi.bearer(contract, token), "wrong key, same kid");
  });

  test("an unsigned token (alg: none)", async ({ contract }) => {
    const signed = await forge(await realKey(), { alg: "ES256", kid: signingJwk().kid });
    const payload = signed.split(".")[1];
    for (const alg of ["none", "None", "NONE"]) {
      const token = `${b64url({ alg, kid: signingJwk().kid, typ: "JWT" })}.${payload}.`;
      await expectRefusedEverywhere(PartnerApi.bearer(contract, token), `alg ${alg}`);
      // With the real signature left on, too.
      const withSignature = `${b64url({ alg, kid: signingJwk().kid })}.${payload}.${signed.split(".")[2]}`;
      await expectRefusedEverywhere(
        PartnerApi.bearer(contract, withSignature),
        `alg ${alg} with a signature`,
      );
    }
  });

  test("an HS256 token whose HMAC secret is the server's public key (algorithm confusion)", async ({
    contract,
  }) => {
    const { d: _private, ...publicJwk } = signingJwk();
    const publicKey = (await importJWK({ ...publicJwk, alg: "ES256" }, "ES256")) as CryptoKey;
    const jwksText = await (await fetch(`${baseUrl()}/.well-known/jwks.json`)).text();
    const published = (JSON.parse(jwksText) as { keys: JWK[] }).keys.find((k) => k.kid === signingJwk().kid);
    const secrets = [await exportSPKI(publicKey), JSON.stringify(published), jwksText];
    for (const secret of secrets) {
      const token = await forge(new TextEncoder().encode(secret), { alg: "HS256", kid: signingJwk().kid });
      await expectRefusedEverywhere(PartnerApi.bearer(contract, token), "HS256 with the public key");
    }
  });

  test("a token from another issuer, and one for another audience", async ({ contract }) => {
    const key = await realKey();
    const header = { alg: "ES256", kid: signingJwk().kid };
    await expectRefusedEverywhere(
      PartnerApi.bearer(contract, await forge(key, header, { iss: "https://evil.example" })),
      "wrong issuer",
    );
    await expectRefusedEverywhere(
      PartnerApi.bearer(contract, await forge(key, header, { aud: "https://evil.example/partner" })),
      "wrong audience",
    );
    // The portal's own origin is not this API's audience either.
    await expectRefusedEverywhere(
      PartnerApi.bearer(contract, await forge(key, header, { aud: issuer() })),
      "audience = issuer",
    );
  });

  test("a token that names another partner than its client's", async ({ contract, globex }) => {
    const globexOrders = await globex.listOrders({ limit: "1" });
    expect(globexOrders.status).toBe(200);
    const other = await forge(
      await realKey(),
      { alg: "ES256", kid: signingJwk().kid },
      { partner_org: "ptn_000000000000000000000000" },
    );
    await expectRefusedEverywhere(PartnerApi.bearer(contract, other), "partner_org not the client's");
  });

  test("an unexpired token of a client revoked since gets 401 at once", async ({ contract }) => {
    const client = await createApiClient("acme", unique("e2e-revoked"));
    const api = PartnerApi.bearer(contract, await accessToken(contract, client));
    expect((await api.listOrders({ limit: "1" })).status).toBe(200);

    expect((await revokeApiClient(client.clientId)).revoked).toBe(true);
    const [first] = await expectRefusedEverywhere(api, "revoked client");
    expect(first?.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });
});
