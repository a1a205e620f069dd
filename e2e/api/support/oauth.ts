// The token endpoint as the tests use it: the demo clients seeded by scripts/e2e.sh, and a
// token request in either client authentication method, checked against the contract.
import { expect } from "@playwright/test";
import type { Answer, ApiContract } from "./contract";
import { send } from "./http";

export type ClientCredentials = { clientId: string; secret: string };

export const DEMO_ACME: ClientCredentials = {
  clientId: "demo-acme-erp",
  secret: "demo-acme-erp-secret-0123456789",
};
export const DEMO_GLOBEX: ClientCredentials = {
  clientId: "demo-globex-shop",
  secret: "demo-globex-shop-secret-0123456789",
};

export type TokenAnswer = { access_token: string; token_type: string; expires_in: number; scope: string };
export type OAuthErrorBody = { error: string; error_description?: string };

export function basicAuthorization({ clientId, secret }: ClientCredentials): string {
  // RFC 6749 section 2.3.1: form-urlencode each part, then Basic-encode.
  const encode = (v: string) => encodeURIComponent(v).replace(/%20/g, "+");
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString("base64")}`;
}

export type TokenRequest = {
  method: "basic" | "post" | "both" | "none";
  client?: ClientCredentials;
  form?: Record<string, string>;
  headers?: Record<string, string>;
};

/** POST /oauth/token with full control of the request; the answer is contract-checked. */
export async function tokenRequest(
  contract: ApiContract,
  request: TokenRequest,
): Promise<Answer<TokenAnswer & OAuthErrorBody>> {
  const client = request.client ?? DEMO_ACME;
  const form = new URLSearchParams({ grant_type: "client_credentials", ...request.form });
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    ...request.headers,
  };
  if (request.method === "basic" || request.method === "both")
    headers.authorization = basicAuthorization(client);
  if (request.method === "post" || request.method === "both") {
    form.set("client_id", client.clientId);
    form.set("client_secret", client.secret);
  }
  return send(contract, "getToken", "/oauth/token", { method: "POST", headers, body: form.toString() });
}

/** A bearer token for a client (all its scopes, or the ones named). */
export async function accessToken(
  contract: ApiContract,
  client: ClientCredentials,
  scope?: string,
): Promise<string> {
  const answer = await tokenRequest(contract, { method: "basic", client, form: scope ? { scope } : {} });
  expect(answer.status, `token for ${client.clientId}: ${answer.text}`).toBe(200);
  return answer.body.access_token;
}
