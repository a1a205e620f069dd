// Access tokens: what a token carries, the attacks verification must refuse, and key rotation
// (OAUTH_SIGNING_KEYS holds several keys: the first signs, all verify). The environment and the
// key set are read once per module instance, so each key set is loaded into fresh modules.
import {
  decodeJwt,
  decodeProtectedHeader,
  exportSPKI,
  generateKeyPair,
  importJWK,
  type JWK,
  SignJWT,
} from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { generateSigningJwk } from "./signing-keys";

const APP_URL = "https://partners.example.test";
const saved = { ...process.env };

type AuthModules = {
  tokens: typeof import("./access-tokens");
  keys: typeof import("./signing-keys");
};

/** Fresh copies of the token modules reading the given key set (as a deployment would at start-up). */
async function withKeys(...jwks: JWK[]): Promise<AuthModules> {
  vi.resetModules();
  process.env.OAUTH_SIGNING_KEYS = JSON.stringify({ keys: jwks });
  process.env.APP_URL = APP_URL;
  process.env.AUTH_SECRET = "unit-test-secret-unit-test-secret-0123456789";
  process.env.ACCESS_TOKEN_TTL_SECONDS = "3600";
  return { tokens: await import("./access-tokens"), keys: await import("./signing-keys") };
}

afterAll(() => {
  process.env = saved;
  vi.resetModules();
});

const claims = {
  clientId: "client-1",
  partnerId: "partner-1",
  scopes: ["orders:read", "orders:preview"] as const,
  secretVersion: 1,
};

/** Signs a token the way an attacker (or a careless other service) might, with full control. */
async function forge(
  key: CryptoKey | Uint8Array,
  header: { alg: string; kid?: string; typ?: string },
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: APP_URL,
    aud: `${APP_URL}/partner`,
    sub: "client-1",
    partner_org: "partner-1",
    scope: "orders:read",
    iat: now,
    exp: now + 600,
    jti: "forged-1",
    ...overrides,
  };
  // An access token's own type unless a test says otherwise.
  return new SignJWT(payload).setProtectedHeader({ typ: "at+jwt", ...header }).sign(key);
}

async function privateKeyOf(jwk: JWK): Promise<CryptoKey> {
  return (await importJWK({ ...jwk, alg: "ES256" }, "ES256")) as CryptoKey;
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

describe("issueAccessToken / verifyAccessToken", () => {
  let current: JWK;
  let auth: AuthModules;

  beforeAll(async () => {
    current = await generateSigningJwk();
    auth = await withKeys(current);
  });

  it("issues an ES256 JWT with the contract's claims that verifies", async () => {
    const { token, expiresIn } = await auth.tokens.issueAccessToken(claims);
    expect(expiresIn).toBe(3600);
    expect(decodeProtectedHeader(token)).toEqual({ alg: "ES256", kid: current.kid, typ: "at+jwt" });
    const payload = decodeJwt(token);
    expect(payload).toMatchObject({
      iss: APP_URL,
      aud: `${APP_URL}/partner`,
      sub: "client-1",
      partner_org: "partner-1",
      scope: "orders:read orders:preview",
    });
    expect(Number(payload.exp) - Number(payload.iat)).toBe(3600);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(await auth.tokens.verifyAccessToken(token)).toMatchObject({
      clientId: "client-1",
      partnerId: "partner-1",
      scopes: ["orders:read", "orders:preview"],
    });
  });

  it("refuses a JWT of ours that is not typed as an access token (RFC 9068)", async () => {
    for (const typ of ["JWT", "id+jwt"]) {
      const token = await forge(await privateKeyOf(current), { alg: "ES256", kid: current.kid, typ });
      await expect(auth.tokens.verifyAccessToken(token)).rejects.toThrow(/typ/);
    }
  });

  it("carries the client's secret version (tokens from before the claim count as version 1)", async () => {
    const { token } = await auth.tokens.issueAccessToken({ ...claims, secretVersion: 3 });
    expect((await auth.tokens.verifyAccessToken(token)).secretVersion).toBe(3);
    const old = await forge(await privateKeyOf(current), { alg: "ES256", kid: current.kid });
    expect((await auth.tokens.verifyAccessToken(old)).secretVersion).toBe(1);
  });

  it("drops unknown scope names instead of trusting them", async () => {
    const token = await forge(
      await privateKeyOf(current),
      { alg: "ES256", kid: current.kid },
      { scope: "orders:read admin *" },
    );
    expect((await auth.tokens.verifyAccessToken(token)).scopes).toEqual(["orders:read"]);
  });

  const now = () => Math.floor(Date.now() / 1000);
  const refusals: [string, () => Promise<string>, RegExp][] = [
    [
      "an expired token",
      async () =>
        forge(
          await privateKeyOf(current),
          { alg: "ES256", kid: current.kid },
          { iat: now() - 7200, exp: now() - 60 },
        ),
      /expired/,
    ],
    [
      "a token not valid yet",
      async () =>
        forge(await privateKeyOf(current), { alg: "ES256", kid: current.kid }, { nbf: now() + 600 }),
      /not valid yet/,
    ],
    [
      "another issuer's token",
      async () =>
        forge(
          await privateKeyOf(current),
          { alg: "ES256", kid: current.kid },
          { iss: "https://evil.example" },
        ),
      /iss/,
    ],
    [
      "a token for another audience",
      async () => forge(await privateKeyOf(current), { alg: "ES256", kid: current.kid }, { aud: APP_URL }),
      /aud/,
    ],
    [
      "a token without jti",
      async () => forge(await privateKeyOf(current), { alg: "ES256", kid: current.kid }, { jti: undefined }),
      /jti/,
    ],
    [
      "a token without a partner",
      async () =>
        forge(await privateKeyOf(current), { alg: "ES256", kid: current.kid }, { partner_org: undefined }),
      /partner/,
    ],
    [
      "a token signed by another key under our kid",
      async () => {
        const other = await generateKeyPair("ES256");
        return forge(other.privateKey, { alg: "ES256", kid: current.kid });
      },
      /signature/,
    ],
    [
      "an unsigned token (alg none)",
      async () =>
        `${b64url({ alg: "none", kid: current.kid })}.${b64url(decodeJwt(await forge(await privateKeyOf(current), { alg: "ES256", kid: current.kid })))}.`,
      /signature or format/,
    ],
    [
      "an HS256 token whose HMAC secret is our public key",
      async () => {
        const { d: _d, ...publicJwk } = current;
        const publicKey = (await importJWK({ ...publicJwk, alg: "ES256" }, "ES256")) as CryptoKey;
        const pem = await exportSPKI(publicKey);
        return forge(new TextEncoder().encode(pem), { alg: "HS256", kid: current.kid });
      },
      /signature or format/,
    ],
    ["garbage", async () => "not-a-jwt", /malformed/],
    [
      "a token with an unknown kid",
      async () =>
        forge(await privateKeyOf(await generateSigningJwk()), { alg: "ES256", kid: "someone-else" }),
      /not signed by this server/,
    ],
    [
      "a token without a kid",
      async () => forge(await privateKeyOf(current), { alg: "ES256" }),
      /not signed by this server/,
    ],
  ];

  it.each(refusals)("refuses %s", async (_name, make, message) => {
    const token = await make();
    await expect(auth.tokens.verifyAccessToken(token)).rejects.toThrow(auth.tokens.InvalidTokenError);
    await expect(auth.tokens.verifyAccessToken(token)).rejects.toThrow(message);
  });

  it("tolerates a few seconds of clock skew, no more", async () => {
    const key = await privateKeyOf(current);
    const header = { alg: "ES256", kid: current.kid };
    await expect(
      auth.tokens.verifyAccessToken(await forge(key, header, { exp: now() - 2 })),
    ).resolves.toBeTruthy();
    await expect(
      auth.tokens.verifyAccessToken(await forge(key, header, { exp: now() - 30 })),
    ).rejects.toThrow(/expired/);
  });
});

describe("verified tokens kept between requests", () => {
  let current: JWK;
  let auth: AuthModules;

  beforeAll(async () => {
    current = await generateSigningJwk();
    auth = await withKeys(current);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("still expire: a token verified before its expiry is refused after it", async () => {
    const { token } = await auth.tokens.issueAccessToken(claims);
    await expect(auth.tokens.verifyAccessToken(token)).resolves.toMatchObject({ clientId: "client-1" });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 3600_000 + 6_000); // past exp and the 5 s tolerance
    await expect(auth.tokens.verifyAccessToken(token)).rejects.toThrow(/expired/);
  });

  it("vouch for nothing else: the same token with one character of its signature changed is refused", async () => {
    const { token } = await auth.tokens.issueAccessToken(claims);
    await auth.tokens.verifyAccessToken(token);
    const last = token.at(-2) === "A" ? "B" : "A";
    const tampered = `${token.slice(0, -2)}${last}${token.at(-1)}`;
    await expect(auth.tokens.verifyAccessToken(tampered)).rejects.toThrow(/signature or format/);
  });

  it("are answered as read-only claims, so one request cannot change another's", async () => {
    const { token } = await auth.tokens.issueAccessToken(claims);
    const first = await auth.tokens.verifyAccessToken(token);
    expect(await auth.tokens.verifyAccessToken(token)).toBe(first);
    expect(() => first.scopes.push("orders:write")).toThrow(TypeError);
  });
});

describe("signing key rotation", () => {
  it("keeps tokens of the old key valid while it stays in the set, and signs with the first key", async () => {
    const oldKey = await generateSigningJwk();
    const newKey = await generateSigningJwk();

    const before = await withKeys(oldKey);
    const { token: oldToken } = await before.tokens.issueAccessToken(claims);
    expect(decodeProtectedHeader(oldToken).kid).toBe(oldKey.kid);

    // Rotation: the new key goes first, the old one stays to verify tokens still in flight.
    const during = await withKeys(newKey, oldKey);
    expect(await during.tokens.verifyAccessToken(oldToken)).toMatchObject({ clientId: "client-1" });
    const { token: newToken } = await during.tokens.issueAccessToken(claims);
    expect(decodeProtectedHeader(newToken).kid).toBe(newKey.kid);
    expect(await during.tokens.verifyAccessToken(newToken)).toMatchObject({ clientId: "client-1" });

    // The JWKS publishes both public halves and no private part.
    const { publicJwks } = await during.keys.signingKeys();
    expect(publicJwks.keys.map((k) => k.kid)).toEqual([newKey.kid, oldKey.kid]);
    for (const published of publicJwks.keys) expect(published).not.toHaveProperty("d");

    // After the old key is dropped, its tokens fail; the new key's still verify.
    const after = await withKeys(newKey);
    await expect(after.tokens.verifyAccessToken(oldToken)).rejects.toThrow(/not signed by this server/);
    expect(await after.tokens.verifyAccessToken(newToken)).toMatchObject({ clientId: "client-1" });
  });

  it("refuses a token whose kid names the other key of the set than the one that signed it", async () => {
    const a = await generateSigningJwk();
    const b = await generateSigningJwk();
    const auth = await withKeys(a, b);
    const token = await forge(await privateKeyOf(a), { alg: "ES256", kid: b.kid });
    await expect(auth.tokens.verifyAccessToken(token)).rejects.toThrow(/signature/);
  });
});

describe("parseSigningKeys", () => {
  it("refuses sets that could not work, with a message naming the problem", async () => {
    const { parseSigningKeys } = await import("./signing-keys");
    const key = await generateSigningJwk();
    const { d: _d, ...publicOnly } = key;
    await expect(parseSigningKeys("nope")).rejects.toThrow(/not valid JSON/);
    await expect(parseSigningKeys('{"keys":[]}')).rejects.toThrow(/non-empty/);
    await expect(parseSigningKeys(JSON.stringify({ keys: [publicOnly] }))).rejects.toThrow(/private P-256/);
    await expect(parseSigningKeys(JSON.stringify({ keys: [key, key] }))).rejects.toThrow(/twice/);
  });
});
