// Access tokens: JWTs signed with the deployment's ES256 key (jose does the cryptography).
// Verification accepts only ES256 with a known kid, our issuer and audience, and a valid time
// window, so `alg: none`, an HMAC token "signed" with the public key, or another issuer's token
// all fail the same way.
import { randomUUID } from "node:crypto";
import { decodeProtectedHeader, errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { isScope, type Scope } from "../../domain/scopes";
import { env } from "../../infra/env/env";
import { signingKeys, TOKEN_ALG } from "./signing-keys";

export type AccessTokenClaims = {
  clientId: string;
  partnerId: string;
  scopes: Scope[];
  jti: string;
  exp: number;
  /** The client's secret version when the token was issued (tokens from before the claim: 1). */
  secretVersion: number;
};

export function tokenIssuer(): string {
  return env().appUrl;
}

/** Tokens are for the partner API only, not for the portal or other services. */
export function tokenAudience(): string {
  return `${env().appUrl}/partner`;
}

export async function issueAccessToken(input: {
  clientId: string;
  partnerId: string;
  scopes: readonly Scope[];
  secretVersion: number;
}) {
  const keys = await signingKeys();
  const ttl = env().accessTokenTtlSeconds;
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({
    partner_org: input.partnerId,
    scope: input.scopes.join(" "),
    sv: input.secretVersion,
  })
    .setProtectedHeader({ alg: TOKEN_ALG, kid: keys.signing.kid, typ: "at+jwt" })
    .setIssuer(tokenIssuer())
    .setAudience(tokenAudience())
    .setSubject(input.clientId)
    .setIssuedAt(now)
    .setExpirationTime(now + ttl)
    .setJti(randomUUID())
    .sign(keys.signing.key);
  return { token, expiresIn: ttl };
}

export class InvalidTokenError extends Error {
  override name = "InvalidTokenError";
}

/** Tolerated clock skew between this server and the one that issued the token, in seconds. */
const CLOCK_TOLERANCE_S = 5;
/** Verified tokens kept (a few hundred bytes each); clients reuse one token until it expires. */
const MAX_VERIFIED_TOKENS = 5_000;

/**
 * Tokens whose signature and claims were verified, by their exact text, with the key set that
 * verified them. A client sends the same token with every request for its lifetime, and the
 * ES256 signature check is the dearest part of the bearer gate (~0.4 ms); only the expiry can
 * change its verdict later, so a hit checks that again. Nothing unverified is ever kept, and a
 * different key set (rotation reloads it) ignores the kept verdicts.
 */
const verified = new Map<string, { claims: AccessTokenClaims; keys: object }>();

export async function verifyAccessToken(token: string): Promise<AccessTokenClaims> {
  const keys = await signingKeys();
  const known = verified.get(token);
  if (known && known.keys === keys) {
    if (Date.now() / 1000 > known.claims.exp + CLOCK_TOLERANCE_S) {
      verified.delete(token);
      throw new InvalidTokenError("The access token expired");
    }
    return known.claims;
  }
  const claims = await verifySignedToken(token, keys);
  if (verified.size >= MAX_VERIFIED_TOKENS) verified.delete(verified.keys().next().value as string);
  verified.set(token, { claims, keys });
  return claims;
}

async function verifySignedToken(
  token: string,
  keys: Awaited<ReturnType<typeof signingKeys>>,
): Promise<AccessTokenClaims> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw new InvalidTokenError("The access token is malformed");
  }
  const key = kid ? keys.verifying.get(kid) : undefined;
  if (!key) throw new InvalidTokenError("The access token was not signed by this server");
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: [TOKEN_ALG],
      issuer: tokenIssuer(),
      audience: tokenAudience(),
      requiredClaims: ["sub", "exp", "iat", "jti"],
      // RFC 9068: an access token says so in its header, so no other JWT of ours can pass as one.
      typ: "at+jwt",
      clockTolerance: CLOCK_TOLERANCE_S,
    });
    const scopes = typeof payload.scope === "string" ? payload.scope.split(" ").filter(isScope) : [];
    if (typeof payload.partner_org !== "string" || !payload.sub)
      throw new InvalidTokenError("The access token lacks its partner");
    return Object.freeze({
      clientId: payload.sub,
      partnerId: payload.partner_org,
      scopes: Object.freeze(scopes) as Scope[],
      jti: String(payload.jti),
      exp: Number(payload.exp),
      secretVersion: typeof payload.sv === "number" ? payload.sv : 1,
    });
  } catch (error) {
    if (error instanceof InvalidTokenError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw new InvalidTokenError("The access token expired");
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      throw new InvalidTokenError(
        error.claim === "nbf" || error.claim === "iat"
          ? "The access token is not valid yet"
          : `The access token's ${error.claim} is not accepted`,
      );
    }
    throw new InvalidTokenError("The access token's signature or format is invalid");
  }
}
