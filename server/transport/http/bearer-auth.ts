// The bearer-token gate of /partner/* (RFC 6750). It verifies the token, checks that its API
// client still exists and is not revoked (revocation works at once, even for unexpired tokens),
// checks the one scope the route needs, and builds the PartnerScope the use cases take.

import type { Scope } from "../../domain/scopes";
import {
  type AccessTokenClaims,
  InvalidTokenError,
  verifyAccessToken,
} from "../../features/auth/access-tokens";
import { makePartnerScope, type PartnerScope } from "../../features/auth/partner-scope";
import { findTokenClient, noteTokenClientUse } from "../../features/auth/token-client";
import type { Db } from "../../infra/db/db";
import { HttpError } from "./http-error";

const REALM = 'realm="partner-api"';

function unauthorized(detail: string, tokenWasSent: boolean): HttpError {
  // Without any credentials RFC 6750 says to answer with the scheme only, no error code.
  const challenge = tokenWasSent
    ? `Bearer ${REALM}, error="invalid_token", error_description="${detail.replace(/"/g, "'")}"`
    : `Bearer ${REALM}`;
  return new HttpError(401, "Unauthorized", detail, { headers: { "www-authenticate": challenge } });
}

export function bearerTokenOf(request: Request): string {
  const header = request.headers.get("authorization");
  if (!header)
    throw unauthorized(
      "Send an access token: Authorization: Bearer <token> (get one from POST /oauth/token).",
      false,
    );
  const match = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)$/i.exec(header.trim());
  if (!match?.[1]) throw unauthorized('The Authorization header must be "Bearer <token>".', true);
  return match[1];
}

export async function authenticatePartner(db: Db, request: Request, needed: Scope): Promise<PartnerScope> {
  const token = bearerTokenOf(request);
  let claims: AccessTokenClaims;
  try {
    claims = await verifyAccessToken(token);
  } catch (error) {
    if (error instanceof InvalidTokenError) throw unauthorized(error.message, true);
    throw error;
  }
  const client = await findTokenClient(db, claims.clientId);
  if (!client || client.revokedAt || client.partnerId !== claims.partnerId) {
    throw unauthorized("The API client of this token has been revoked.", true);
  }
  if (claims.secretVersion !== client.secretVersion) {
    throw unauthorized(
      "The API client's secret was rotated after this token was issued; request a new token.",
      true,
    );
  }
  if (!claims.scopes.includes(needed)) {
    throw new HttpError(
      403,
      "Insufficient scope",
      `This request needs the scope "${needed}", which the token does not carry.`,
      {
        headers: {
          "www-authenticate": `Bearer ${REALM}, error="insufficient_scope", scope="${needed}", error_description="The request needs the ${needed} scope"`,
        },
        extra: { required_scope: needed },
      },
    );
  }
  await noteTokenClientUse(db, client);
  return makePartnerScope(client.partnerId, {
    kind: "api_client",
    apiClientId: client.id,
    clientId: claims.clientId,
    scopes: claims.scopes,
  });
}
