// The keys that sign access tokens (ES256). Production takes them from OAUTH_SIGNING_KEYS, a
// JWKS of private keys shared by every instance; the first key signs, all of them verify, so a
// rotation (put the new key first, drop the old one after the token lifetime) never breaks a
// token in flight. Development generates one key on first use and keeps it in the data folder,
// so tokens survive a restart.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { env } from "../../infra/env/env";

export const TOKEN_ALG = "ES256";

export type SigningKeySet = {
  signing: { kid: string; key: CryptoKey };
  verifying: Map<string, CryptoKey>;
  /** What /.well-known/jwks.json publishes: public halves only. */
  publicJwks: { keys: JWK[] };
};

export class SigningKeyError extends Error {
  override name = "SigningKeyError";
}

/** A new private signing key as a JWK, with its thumbprint as key id. */
export async function generateSigningJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(TOKEN_ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: TOKEN_ALG, use: "sig" };
}

export async function parseSigningKeys(text: string): Promise<SigningKeySet> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SigningKeyError('OAUTH_SIGNING_KEYS is not valid JSON (expected {"keys":[...]})');
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0)
    throw new SigningKeyError('OAUTH_SIGNING_KEYS needs a non-empty "keys" array');
  const verifying = new Map<string, CryptoKey>();
  const publicKeys: JWK[] = [];
  for (const [index, raw] of keys.entries()) {
    const jwk = raw as JWK;
    if (jwk.kty !== "EC" || jwk.crv !== "P-256" || !jwk.d || !jwk.kid) {
      throw new SigningKeyError(
        `OAUTH_SIGNING_KEYS keys[${index}] must be a private P-256 EC key with a kid`,
      );
    }
    if (verifying.has(jwk.kid))
      throw new SigningKeyError(`OAUTH_SIGNING_KEYS has the kid "${jwk.kid}" twice`);
    const { d: _private, ...publicPart } = jwk;
    verifying.set(jwk.kid, (await importJWK({ ...publicPart, alg: TOKEN_ALG }, TOKEN_ALG)) as CryptoKey);
    publicKeys.push({
      kty: publicPart.kty,
      crv: publicPart.crv,
      x: publicPart.x,
      y: publicPart.y,
      kid: jwk.kid,
      alg: TOKEN_ALG,
      use: "sig",
    });
  }
  const first = keys[0] as JWK & { kid: string };
  return {
    signing: { kid: first.kid, key: (await importJWK({ ...first, alg: TOKEN_ALG }, TOKEN_ALG)) as CryptoKey },
    verifying,
    publicJwks: { keys: publicKeys },
  };
}

async function developmentKeys(): Promise<string> {
  const file = path.join(env().dataDir, "oauth-signing-keys.json");
  try {
    return readFileSync(file, "utf8");
  } catch {
    const text = JSON.stringify({ keys: [await generateSigningJwk()] });
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text, { mode: 0o600, flag: "wx" });
    return text;
  }
}

let cached: Promise<SigningKeySet> | undefined;

export function signingKeys(): Promise<SigningKeySet> {
  cached ??= (async () => parseSigningKeys(env().oauthSigningKeys ?? (await developmentKeys())))();
  return cached;
}
