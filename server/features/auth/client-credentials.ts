// The client-credentials grant of POST /oauth/token (RFC 6749 section 4.4). Clients
// authenticate by HTTP Basic (client_secret_basic) or form fields (client_secret_post), never
// both. Errors are RFC 6749 section 5.2 codes; an unknown client and a wrong secret look the same.

import { isScope, type Scope } from "../../domain/scopes";
import type { Db } from "../../infra/db/db";
import { issueAccessToken } from "./access-tokens";
import { clientSecretMatches, hashClientSecret } from "./client-secret";
import { attemptSucceeded, recordFailedAuthentication, reserveAttempt } from "./token-throttle";

export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope"
  // Not an RFC 6749 code: too many failed client authentications lately (429, Retry-After).
  | "too_many_requests";

export class OAuthError extends Error {
  override name = "OAuthError";

  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    /** The client tried HTTP Basic: a 401 must then carry a Basic challenge. */
    readonly usedBasic = false,
    readonly retryAfterSeconds?: number,
  ) {
    super(description);
  }

  get status(): number {
    if (this.code === "too_many_requests") return 429;
    return this.code === "invalid_client" ? 401 : 400;
  }
}

export type TokenRequest = {
  authorization: string | null;
  form: URLSearchParams;
  /** Where the request came from, for the brake on failed authentications (absent: unknown). */
  address?: string | null;
};

export type TokenAnswer = { access_token: string; token_type: "Bearer"; expires_in: number; scope: string };

/** Compared against when the client id is unknown, so both failures take the same time. */
const DUMMY_HASH = hashClientSecret("no-such-client");

export async function grantClientCredentials(db: Db, request: TokenRequest): Promise<TokenAnswer> {
  let credentials: ClientCredentials;
  try {
    credentials = clientCredentialsOf(request);
  } catch (error) {
    if (error instanceof OAuthError && error.code === "invalid_client")
      await recordFailedAuthentication(db, { clientId: null, address: request.address ?? null });
    throw error;
  }
  const throttleKeys = { clientId: credentials.clientId, address: request.address ?? null };
  const wait = await reserveAttempt(db, throttleKeys);
  if (wait !== null) {
    throw new OAuthError(
      "too_many_requests",
      `Too many failed client authentications; try again in ${wait} s`,
      credentials.usedBasic,
      wait,
    );
  }
  const grantType = request.form.get("grant_type");
  if (!grantType) throw new OAuthError("invalid_request", "grant_type is required", credentials.usedBasic);
  if (grantType !== "client_credentials") {
    throw new OAuthError(
      "unsupported_grant_type",
      "Only grant_type=client_credentials is supported",
      credentials.usedBasic,
    );
  }

  const client = await db.apiClient.findUnique({
    where: { clientId: credentials.clientId },
    select: {
      id: true,
      clientId: true,
      partnerId: true,
      secretHash: true,
      scopes: true,
      revokedAt: true,
      secretVersion: true,
    },
  });
  const secretOk = clientSecretMatches(credentials.secret, client?.secretHash ?? DUMMY_HASH);
  if (!client || !secretOk || client.revokedAt) {
    // The failure was counted when the attempt was reserved.
    throw new OAuthError("invalid_client", "Client authentication failed", credentials.usedBasic);
  }
  await attemptSucceeded(db, throttleKeys);

  const allowed = client.scopes.split(" ").filter(isScope);
  const requestedText = request.form.get("scope");
  let granted: Scope[] = allowed;
  if (requestedText !== null && requestedText.trim() !== "") {
    const requested = [...new Set(requestedText.trim().split(/ +/))];
    const refused = requested.filter((s) => !isScope(s) || !allowed.includes(s));
    if (refused.length > 0) {
      throw new OAuthError(
        "invalid_scope",
        `Scope not allowed for this client: ${refused.join(" ")}`,
        credentials.usedBasic,
      );
    }
    granted = requested as Scope[];
  }

  const { token, expiresIn } = await issueAccessToken({
    clientId: client.clientId,
    partnerId: client.partnerId,
    scopes: granted,
    secretVersion: client.secretVersion,
  });
  await db.apiClient.update({ where: { id: client.id }, data: { lastUsedAt: new Date() } });
  return { access_token: token, token_type: "Bearer", expires_in: expiresIn, scope: granted.join(" ") };
}

type ClientCredentials = { clientId: string; secret: string; usedBasic: boolean };

function clientCredentialsOf({ authorization, form }: TokenRequest): ClientCredentials {
  const formId = form.get("client_id");
  const formSecret = form.get("client_secret");
  if (authorization && /^Basic /i.test(authorization)) {
    if (formSecret !== null) {
      throw new OAuthError(
        "invalid_request",
        "Use one client authentication method: HTTP Basic or form fields, not both",
        true,
      );
    }
    const decoded = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) throw new OAuthError("invalid_client", "Malformed HTTP Basic credentials", true);
    // RFC 6749 section 2.3.1: id and secret are form-urlencoded before Basic encoding.
    const clientId = safeDecode(decoded.slice(0, colon));
    const secret = safeDecode(decoded.slice(colon + 1));
    if (formId !== null && formId !== clientId)
      throw new OAuthError("invalid_request", "client_id differs from the Basic credentials", true);
    return { clientId, secret, usedBasic: true };
  }
  if (!formId || formSecret === null) {
    throw new OAuthError(
      "invalid_client",
      "Authenticate the client with HTTP Basic or client_id and client_secret form fields",
    );
  }
  return { clientId: formId, secret: formSecret, usedBasic: false };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}
