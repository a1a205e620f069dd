// A small typed client of the Partner Orders API: a token by OAuth 2.0 client credentials, then an
// openapi-fetch client whose paths, parameters, bodies and answers are the types generated from
// the API's OpenAPI document (schema.d.ts). It runs wherever fetch does: Node 20+, browsers, Deno.
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema";

export type { components, paths };
export type Schemas = components["schemas"];
export type OrderRequest = Schemas["OrderRequest"];
export type Problem = Schemas["Problem"];
export type TokenResponse = Schemas["TokenResponse"];
export type PartnerClient = Client<paths>;

export type TokenOptions = {
  /** The portal's base URL, e.g. https://portal.example.com (no trailing /oauth/token). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes; omitted, the token carries all of the client's scopes. */
  scope?: string;
};

/** The token endpoint refused (RFC 6749 error), or answered something that is not a token. */
export class TokenError extends Error {
  override name = "TokenError";
  constructor(
    readonly status: number,
    readonly body: Schemas["OAuthError"] | string,
  ) {
    const reason = typeof body === "string" ? body : `${body.error} ${body.error_description ?? ""}`;
    super(`token request failed (${status}): ${reason.trim()}`);
  }
}

/** HTTP Basic credentials as RFC 6749 section 2.3.1 says: each part form-urlencoded first. */
function basicCredentials(clientId: string, clientSecret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");
  // btoa is safe here: the encoded parts are plain ASCII.
  return btoa(`${encode(clientId)}:${encode(clientSecret)}`);
}

/**
 * A bearer token for the API client (client_secret_basic). Tokens last `expires_in` seconds
 * (an hour): keep one and ask again shortly before it expires, not once per request.
 */
export async function getToken(options: TokenOptions): Promise<TokenResponse> {
  const form = new URLSearchParams({ grant_type: "client_credentials" });
  if (options.scope) form.set("scope", options.scope);
  const response = await fetch(`${options.baseUrl.replace(/\/+$/, "")}/oauth/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${basicCredentials(options.clientId, options.clientSecret)}`,
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    },
    body: form,
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's error page, say): TokenError shows the text.
  }
  if (response.status !== 200 || typeof (body as TokenResponse).access_token !== "string") {
    throw new TokenError(response.status, body as Schemas["OAuthError"] | string);
  }
  return body as TokenResponse;
}

/** The typed API client: `client.POST("/partner/order", { body, params: { header: {...} } })`. */
export function createPartnerClient(options: { baseUrl: string; token: string }): PartnerClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    headers: { authorization: `Bearer ${options.token}`, accept: "application/json" },
  });
}

/** One readable line (or a few) for a problem+json answer: title, detail, then what is wrong. */
export function describeProblem(status: number, problem: unknown): string {
  if (typeof problem !== "object" || problem === null) return `HTTP ${status}: ${String(problem)}`;
  const p = problem as Partial<Problem>;
  const lines = [`HTTP ${status} ${p.title ?? ""}: ${p.detail ?? ""}`.trim()];
  for (const e of p.errors ?? []) lines.push(`  ${e.path || "(body)"}: ${e.message}`);
  for (const e of p.problems ?? []) lines.push(`  ${e.code} at ${e.path || "(order)"}: ${e.message}`);
  return lines.join("\n");
}

/** An API call answered with an error status; `problem` is the problem+json body. */
export class PartnerApiError extends Error {
  override name = "PartnerApiError";
  constructor(
    readonly status: number,
    readonly problem: unknown,
  ) {
    super(describeProblem(status, problem));
  }
}
